/* bms-info-row.h: a row of text in a list: a title and a line that explains it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BMS_TYPE_INFO_ROW (bms_info_row_get_type ())

G_DECLARE_FINAL_TYPE (BmsInfoRow, bms_info_row, BMS, INFO_ROW, GtkListBoxRow)

const char *bms_info_row_get_title    (BmsInfoRow *self);
void        bms_info_row_set_title    (BmsInfoRow *self,
                                       const char *title);
const char *bms_info_row_get_subtitle (BmsInfoRow *self);
void        bms_info_row_set_subtitle (BmsInfoRow *self,
                                       const char *subtitle);

G_END_DECLS
