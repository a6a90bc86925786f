/* bms-form-page.h: BizMagic's employee mail account form, field by field.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_FORM_PAGE (bms_form_page_get_type ())
G_DECLARE_FINAL_TYPE (BmsFormPage, bms_form_page, BMS, FORM_PAGE, BmsPage)

G_END_DECLS
