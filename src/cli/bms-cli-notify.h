/* bms-cli-notify.h: the daily check's desktop notification.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The notification's id: each day's replaces the day before's. */
#define BMS_CLI_NOTIFICATION_ID "login-check"

/* @outcomes: (element-type BmsCheckOutcome): a check's outcomes. */
void bms_cli_notify_failures (GPtrArray *outcomes);

G_END_DECLS
