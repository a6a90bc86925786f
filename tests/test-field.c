/* test-field.c: a field's problem shown at the field; labels without mnemonics.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-field.h"
#include "bms-test-utils.h"

static void
test_field_label_without_mnemonic (void)
{
  static const struct {
    const char *label;
    const char *plain;
  } cases[] = {
    { "Outgoing mail _server", "Outgoing mail server" },
    { "送信メールサーバー(_S)", "送信メールサーバー" },
    { "メールアドレス(_M)", "メールアドレス" },
    { "_Edit", "Edit" },
    { "(_E)", "" },
    { "No mnemonic", "No mnemonic" },
    { "Odd (_", "Odd (" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plain = bms_label_without_mnemonic (cases[i].label);

      g_assert_cmpstr (plain, ==, cases[i].plain);
    }
}

static void
test_field_problem_shown_and_cleared (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *message = gtk_label_new (NULL);
  g_autoptr(GError) problem = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Enter a port from 1 to 65535.");

  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), message);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_widget_set_visible (message, FALSE);

  bms_field_show_problem (entry, GTK_LABEL (message), problem);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, "Enter a port from 1 to 65535.");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  bms_field_clear_problem (entry, GTK_LABEL (message));
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add_func ("/field/label-without-mnemonic", test_field_label_without_mnemonic);
  g_test_add_func ("/field/problem-shown-and-cleared", test_field_problem_shown_and_cleared);

  return g_test_run ();
}
