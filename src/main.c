/* main.c: the executable; all of the program lives in the library.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bms-application.h"
#include "bms-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BmsApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("BizMagic Mail Setup"));

  /* Usage problems are told apart from failed tests by their exit status. */
  status = bms_cli_check_arguments (argc, argv);
  if (status >= 0)
    return status;

  app = bms_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
