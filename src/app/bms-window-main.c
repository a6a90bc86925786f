/* bms-window-main.c: the window program, `bizmagic-mail-setup-window`.
 *
 * The executable `bizmagic-mail-setup` (src/main.c) starts it in its place
 * when no command-line option asks for work without a window; all of the
 * program lives in the libraries.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bms-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BmsApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("BizMagic Mail Setup"));
  app = bms_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
