/* bms-welcome-page.h: the first page: what is needed, and the accounts already set up.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_WELCOME_PAGE (bms_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (BmsWelcomePage, bms_welcome_page, BMS, WELCOME_PAGE, BmsPage)

void bms_welcome_page_show_account (BmsWelcomePage *self,
                                    const char     *path);

G_END_DECLS
