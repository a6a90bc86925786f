/* bms-roster-status.h: what the roster says of an employee's last check.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-roster-entry.h"

G_BEGIN_DECLS

char       *bms_roster_describe_status   (BmsRosterEntry *entry);
char       *bms_roster_describe_when     (BmsRosterEntry *entry);
char       *bms_roster_describe_advice   (BmsRosterEntry *entry);
const char *bms_roster_describe_provider (BmsAccount     *account);
const char *bms_roster_status_icon_name  (BmsRosterEntry *entry);

G_END_DECLS
