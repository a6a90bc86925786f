/* main.c: the executable, `bizmagic-mail-setup`.
 *
 * It is the command line itself — the command line, the accounts and the
 * engine, no GTK — so that a script's `--test` or `--check-all` starts as
 * fast as a plain GLib program and never loads a toolkit it does not use.
 * Without one of the command line's options it becomes the wizard: it
 * executes the window program in its place, with the same arguments.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "bms-cli.h"

#define WINDOW_PROGRAM_NAME "bizmagic-mail-setup-window"

static int
handle_local_options_cb (GApplication *application,
                         GVariantDict *options,
                         gpointer      user_data)
{
  gboolean *wants_window = user_data;
  int status = bms_cli_handle_options (options);

  if (status >= 0)
    return status;

  *wants_window = TRUE;
  return 0;
}

/* Installed, the window program is in the package's libexec folder; in the
 * build tree it stands beside this executable, and that one is used, so
 * that a build never starts an older installed window. */
static char *
find_window_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, WINDOW_PROGRAM_NAME, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_strdup (BMS_WINDOW_PROGRAM);
}

static int
run_window_program (char *argv[])
{
  g_autofree char *program = find_window_program ();
  int saved_errno;

  execv (program, argv);
  saved_errno = errno;

  /* Translators: %s is a program file, then why it could not be started. */
  g_printerr (_("The assistant could not be started (%s): %s\n"), program, g_strerror (saved_errno));
  return BMS_CLI_TEST_FAILED;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) application = NULL;
  gboolean wants_window = FALSE;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Usage problems are told apart from failed tests by their exit status. */
  status = bms_cli_check_arguments (argc, argv);
  if (status >= 0)
    return status;

  application = g_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  bms_cli_add_options (application);
  g_signal_connect (application, "handle-local-options", G_CALLBACK (handle_local_options_cb), &wants_window);
  status = g_application_run (application, argc, argv);

  if (!wants_window)
    return status;

  g_clear_object (&application);
  return run_window_program (argv);
}
