/* bms-finish-page.h: the values to enter into BizMagic.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_FINISH_PAGE (bms_finish_page_get_type ())
G_DECLARE_FINAL_TYPE (BmsFinishPage, bms_finish_page, BMS, FINISH_PAGE, BmsPage)

void bms_finish_page_save (BmsFinishPage *self);
void bms_finish_page_set_clear_clipboard_seconds (BmsFinishPage *self,
                                                  guint          seconds);

G_END_DECLS
