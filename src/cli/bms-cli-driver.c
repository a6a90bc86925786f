/* bms-cli-driver.c: the command line alone, without the window, for the tests.
 *
 * The same options and the same code as `bizmagic-mail-setup --test`,
 * `--list-folders` and `--list-accounts`, in a plain GApplication that
 * links only the command line, the accounts and the engine. The tests run
 * it to show that the command line needs no GTK, and because it starts
 * faster than the program with its window. It is not installed.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bms-cli.h"

static int
handle_local_options_cb (GApplication *application,
                         GVariantDict *options,
                         gpointer      user_data)
{
  int status = bms_cli_handle_options (options);

  if (status >= 0)
    return status;

  g_printerr ("%s\n", _("Give --test, --list-folders, --list-accounts or --provider."));
  return BMS_CLI_USAGE_ERROR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) application = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = bms_cli_check_arguments (argc, argv);
  if (status >= 0)
    return status;

  application = g_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  bms_cli_add_options (application);
  g_signal_connect (application, "handle-local-options", G_CALLBACK (handle_local_options_cb), NULL);

  return g_application_run (application, argc, argv);
}
