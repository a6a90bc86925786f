/* bms-assistant.h: the step-by-step assistant that holds the pages.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_ASSISTANT (bms_assistant_get_type ())
G_DECLARE_FINAL_TYPE (BmsAssistant, bms_assistant, BMS, ASSISTANT, GtkWidget)

void         bms_assistant_add_page          (BmsAssistant *self,
                                              const char   *name,
                                              BmsPage      *page);
void         bms_assistant_add_page_type     (BmsAssistant *self,
                                              const char   *name,
                                              GType         page_type,
                                              BmsAccount   *account);
BmsPage     *bms_assistant_get_current_page  (BmsAssistant *self);
const char  *bms_assistant_get_current_name  (BmsAssistant *self);
guint        bms_assistant_get_current_index (BmsAssistant *self);
guint        bms_assistant_get_n_pages       (BmsAssistant *self);
void         bms_assistant_next_page         (BmsAssistant *self);
void         bms_assistant_previous_page     (BmsAssistant *self);
void         bms_assistant_show_page         (BmsAssistant *self,
                                              const char   *name);

G_END_DECLS
