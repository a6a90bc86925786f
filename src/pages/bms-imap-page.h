/* bms-imap-page.h: the Gmail IMAP checklist and the server table.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_IMAP_PAGE (bms_imap_page_get_type ())
G_DECLARE_FINAL_TYPE (BmsImapPage, bms_imap_page, BMS, IMAP_PAGE, BmsPage)

G_END_DECLS
