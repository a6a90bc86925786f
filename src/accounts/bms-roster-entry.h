/* bms-roster-entry.h: one employee of the roster, as the list shows it.
 *
 * The saved account (without its passwords), its last check, and what a
 * check running now is doing with it. A check that ends changes the entry,
 * and whoever shows it follows its notifications.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-account.h"
#include "bms-check-status.h"

G_BEGIN_DECLS

/**
 * BmsRosterActivity:
 * @BMS_ROSTER_ACTIVITY_IDLE: no check is running for it
 * @BMS_ROSTER_ACTIVITY_WAITING: a check of several accounts will come to it
 * @BMS_ROSTER_ACTIVITY_CHECKING: it is being checked now
 */
typedef enum {
  BMS_ROSTER_ACTIVITY_IDLE,
  BMS_ROSTER_ACTIVITY_WAITING,
  BMS_ROSTER_ACTIVITY_CHECKING,
} BmsRosterActivity;

#define BMS_TYPE_ROSTER_ENTRY (bms_roster_entry_get_type ())
G_DECLARE_FINAL_TYPE (BmsRosterEntry, bms_roster_entry, BMS, ROSTER_ENTRY, GObject)

BmsRosterEntry       *bms_roster_entry_new          (BmsAccount           *account);
BmsAccount           *bms_roster_entry_get_account  (BmsRosterEntry       *self);
const char           *bms_roster_entry_get_path     (BmsRosterEntry       *self);
const BmsCheckStatus *bms_roster_entry_get_status   (BmsRosterEntry       *self);
void                  bms_roster_entry_set_status   (BmsRosterEntry       *self,
                                                     const BmsCheckStatus *status);
BmsRosterActivity     bms_roster_entry_get_activity (BmsRosterEntry       *self);
void                  bms_roster_entry_set_activity (BmsRosterEntry       *self,
                                                     BmsRosterActivity     activity);
const char           *bms_roster_entry_get_detail   (BmsRosterEntry       *self);
void                  bms_roster_entry_set_detail   (BmsRosterEntry       *self,
                                                     const char           *detail);
gboolean              bms_roster_entry_matches      (BmsRosterEntry       *self,
                                                     const char           *search);

G_END_DECLS
