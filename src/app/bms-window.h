/* bms-window.h: the wizard's window.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bms-account.h"
#include "bms-assistant.h"

G_BEGIN_DECLS

#define BMS_TYPE_WINDOW (bms_window_get_type ())
G_DECLARE_FINAL_TYPE (BmsWindow, bms_window, BMS, WINDOW, AdwApplicationWindow)

BmsWindow     *bms_window_new           (GtkApplication *application);
BmsAccount    *bms_window_get_account   (BmsWindow      *self);
BmsAssistant  *bms_window_get_assistant (BmsWindow      *self);
gboolean       bms_window_has_unsaved_input (BmsWindow  *self);
void           bms_window_show_account  (BmsWindow      *self,
                                         const char     *path);

G_END_DECLS
