/* bms-text-warmup.h: a window's text rendered once on another thread, before GTK draws it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _BmsTextWarmup BmsTextWarmup;

void                        bms_text_warmup_start      (GtkWidget     *root);

BmsTextWarmup              *bms_text_warmup_new        (GtkWidget     *root);
guint                       bms_text_warmup_get_n_texts (BmsTextWarmup *self);
const char                 *bms_text_warmup_get_text   (BmsTextWarmup *self,
                                                        guint          index);
const PangoFontDescription *bms_text_warmup_get_font   (BmsTextWarmup *self,
                                                        guint          index);
guint                       bms_text_warmup_run        (BmsTextWarmup *self);
void                        bms_text_warmup_free       (BmsTextWarmup *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsTextWarmup, bms_text_warmup_free)

G_END_DECLS
