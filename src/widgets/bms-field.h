/* bms-field.h: showing a field's problem next to the field.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bms-validate.h"

G_BEGIN_DECLS

void bms_field_show_problem (GtkWidget    *field,
                             GtkLabel     *message_label,
                             const GError *problem);
void bms_field_clear_problem (GtkWidget   *field,
                              GtkLabel    *message_label);

void bms_field_normalize_input  (GtkEditable  *editable,
                                 BmsInputFlags flags);
void bms_field_set_input_flags  (GtkEditable  *editable,
                                 BmsInputFlags flags);

void bms_field_enter_activates_default (GtkWidget *check);

char *bms_label_without_mnemonic (const char *label);
void  bms_button_name_plainly     (GtkButton  *button);

G_END_DECLS
