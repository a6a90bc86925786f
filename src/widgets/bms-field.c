/* bms-field.c: showing a field's problem next to the field.
 *
 * The message stands under the field in red, the field is marked invalid,
 * and the message is the field's accessible description while it stands,
 * so that a screen reader says it when the field is focused.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-field.h"

void
bms_field_show_problem (GtkWidget    *field,
                        GtkLabel     *message_label,
                        const GError *problem)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (message_label));
  g_return_if_fail (problem != NULL);

  gtk_label_set_text (message_label, problem->message);
  gtk_widget_set_visible (GTK_WIDGET (message_label), TRUE);
  gtk_widget_add_css_class (field, "error");

  gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem->message,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

void
bms_field_clear_problem (GtkWidget *field,
                         GtkLabel  *message_label)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (message_label));

  gtk_label_set_text (message_label, "");
  gtk_widget_set_visible (GTK_WIDGET (message_label), FALSE);
  gtk_widget_remove_css_class (field, "error");

  gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
}

/* A label as a screen reader or a tooltip should say it: "Outgoing mail
 * _server" → "Outgoing mail server", and Japanese translations' "(_S)"
 * suffix → nothing ("送信メールサーバー(_S)" → "送信メールサーバー"). */
char *
bms_label_without_mnemonic (const char *label)
{
  g_autoptr(GString) text = g_string_new (label);
  const char *open;

  while ((open = strstr (text->str, "(_")) != NULL && open[2] != '\0' && open[3] == ')')
    g_string_erase (text, open - text->str, 4);

  g_string_replace (text, "_", "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
