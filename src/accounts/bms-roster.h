/* bms-roster.h: every saved account, its last check, and checks of many.
 *
 * The administrator's list of employees: a GListModel of BmsRosterEntry,
 * read from the account store, each with its provider looked up from its
 * address. A check of several accounts (login check or mail test) runs
 * through BmsAccountChecker, with its limits on logins, and every entry
 * shows what happens to it while it runs.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-account-checker.h"
#include "bms-account-store.h"
#include "bms-provider.h"
#include "bms-roster-entry.h"

G_BEGIN_DECLS

#define BMS_TYPE_ROSTER (bms_roster_get_type ())
G_DECLARE_FINAL_TYPE (BmsRoster, bms_roster, BMS, ROSTER, GObject)

BmsRoster       *bms_roster_new            (BmsAccountStore      *store,
                                            BmsProviderDetector  *detector);
BmsAccountStore *bms_roster_get_store      (BmsRoster            *self);
GListModel      *bms_roster_get_entries    (BmsRoster            *self);
BmsRosterEntry  *bms_roster_find           (BmsRoster            *self,
                                            const char           *path,
                                            guint                *position);
void             bms_roster_set_ca_file    (BmsRoster            *self,
                                            const char           *ca_file);
void             bms_roster_set_pace       (BmsRoster            *self,
                                            guint                 pause_ms,
                                            guint                 slow_gap_ms);

void             bms_roster_reload_async   (BmsRoster            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* @problems: (out) (optional) (element-type BmsProfileProblem): the saved
 * accounts that could not be read. */
gboolean         bms_roster_reload_finish  (BmsRoster            *self,
                                            GAsyncResult         *result,
                                            GPtrArray           **problems,
                                            GError              **error);

gboolean         bms_roster_get_checking   (BmsRoster            *self);
gboolean         bms_roster_get_slowed     (BmsRoster            *self);
guint            bms_roster_get_n_checked  (BmsRoster            *self);
guint            bms_roster_get_n_to_check (BmsRoster            *self);

/* @paths: the profiles to check; NULL for every entry. One run at a time. */
void             bms_roster_check_async    (BmsRoster            *self,
                                            BmsCheckKind          kind,
                                            const char * const   *paths,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* Returns: (transfer container) (element-type BmsCheckOutcome): one outcome
 * per account, cancelled ones included; NULL with @error only when the run
 * could not start. */
GPtrArray       *bms_roster_check_finish   (BmsRoster            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
