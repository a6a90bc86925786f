/* bms-google-page.h: Google account access: 2-Step Verification and the app password.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_GOOGLE_PAGE (bms_google_page_get_type ())
G_DECLARE_FINAL_TYPE (BmsGooglePage, bms_google_page, BMS, GOOGLE_PAGE, BmsPage)

G_END_DECLS
