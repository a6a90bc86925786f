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

#define INPUT_FLAGS_KEY "bms-field-input-flags"

/* The text widget that really receives the typing: a GtkEntry, a
 * GtkPasswordEntry or an AdwEntryRow hands "insert-text" to a GtkText. */
static GtkEditable *
innermost_delegate (GtkEditable *editable)
{
  GtkEditable *delegate;

  while ((delegate = gtk_editable_get_delegate (editable)) != NULL)
    editable = delegate;

  return editable;
}

static void
insert_text_cb (GtkEditable *text,
                const char  *new_text,
                int          length,
                int         *position,
                gpointer     user_data)
{
  BmsInputFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (text), INPUT_FLAGS_KEY));
  g_autofree char *piece = g_strndup (new_text, length < 0 ? strlen (new_text) : (gsize) length);
  g_autofree char *normalized = bms_normalize_input (piece, flags);

  if (strcmp (piece, normalized) == 0)
    return;

  /* The cleaned text is inserted in place of the piece; the widget puts
   * the cursor after *position, which now counts the cleaned text. */
  g_signal_handlers_block_by_func (text, insert_text_cb, user_data);
  gtk_editable_insert_text (text, normalized, -1, position);
  g_signal_handlers_unblock_by_func (text, insert_text_cb, user_data);

  g_signal_stop_emission_by_name (text, "insert-text");
}

/* Cleans every piece of text typed, pasted or set into @editable as
 * bms_normalize_input() does with @flags, before it becomes part of the
 * value. Each piece is cleaned as it arrives, so the cursor stays where
 * the typing goes on and nothing already in the field changes. */
void
bms_field_normalize_input (GtkEditable   *editable,
                           BmsInputFlags  flags)
{
  GtkEditable *text;

  g_return_if_fail (GTK_IS_EDITABLE (editable));

  text = innermost_delegate (editable);
  g_object_set_data (G_OBJECT (text), INPUT_FLAGS_KEY, GUINT_TO_POINTER (flags));
  g_signal_connect (text, "insert-text", G_CALLBACK (insert_text_cb), NULL);
}

/* Changes how a field set up by bms_field_normalize_input() cleans what
 * comes next, for a value whose meaning depends on another field. */
void
bms_field_set_input_flags (GtkEditable   *editable,
                           BmsInputFlags  flags)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  g_object_set_data (G_OBJECT (innermost_delegate (editable)), INPUT_FLAGS_KEY, GUINT_TO_POINTER (flags));
}

static gboolean
enter_pressed_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  gpointer               user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;

  gtk_widget_activate_default (widget);
  return TRUE;
}

/* Enter on @check presses the window's default button (Next), as it does in
 * an entry; Space still toggles it. In a checklist that one reads through,
 * Enter is "go on", not "tick the box that happens to have the focus". */
void
bms_field_enter_activates_default (GtkWidget *check)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_CHECK_BUTTON (check));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (enter_pressed_cb), NULL);
  gtk_widget_add_controller (check, keys);
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

/**
 * bms_button_name_plainly:
 *
 * GTK 4.8 names a button with a mnemonic after its raw label as well
 * ("_Check Logins Check Logins"); a screen reader should hear the words
 * once, without the underscore.
 */
void
bms_button_name_plainly (GtkButton *button)
{
  g_autofree char *plain = bms_label_without_mnemonic (gtk_button_get_label (button));

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}
