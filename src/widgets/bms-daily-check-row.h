/* bms-daily-check-row.h: the daily login check's switch, as a list row.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bms-daily-check.h"

G_BEGIN_DECLS

#define BMS_TYPE_DAILY_CHECK_ROW (bms_daily_check_row_get_type ())
G_DECLARE_FINAL_TYPE (BmsDailyCheckRow, bms_daily_check_row, BMS, DAILY_CHECK_ROW, AdwActionRow)

/* @daily_check: (nullable): what the switch reads and changes; NULL for
 * the session's systemd user manager. */
GtkWidget     *bms_daily_check_row_new             (BmsDailyCheck    *daily_check);
BmsDailyCheck *bms_daily_check_row_get_daily_check (BmsDailyCheckRow *self);

G_END_DECLS
