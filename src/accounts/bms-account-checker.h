/* bms-account-checker.h: check many saved accounts, politely.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-account-store.h"
#include "bms-check-status.h"

G_BEGIN_DECLS

#define BMS_ACCOUNT_CHECKER_ERROR (bms_account_checker_error_quark ())
GQuark bms_account_checker_error_quark (void);

typedef enum {
  BMS_ACCOUNT_CHECKER_ERROR_NO_PASSWORD,
} BmsAccountCheckerError;

/* How one account's check ended. SKIPPED: it could not be checked at all
 * (its profile could not be read, or the keyring has no password for it). */
typedef enum {
  BMS_CHECK_OUTCOME_PASSED,
  BMS_CHECK_OUTCOME_FAILED,
  BMS_CHECK_OUTCOME_CANCELLED,
  BMS_CHECK_OUTCOME_SKIPPED,
} BmsCheckOutcomeResult;

/* @email and @employee_name are empty when the profile could not be read;
 * @problem is the BmsProblem's nick when the servers refused, else NULL;
 * @error says why in words (translated), NULL when passed; @time is when
 * the check ended; @status_error says why the result could not be kept in
 * the profile, or is NULL. */
typedef struct {
  char                  *path;
  char                  *email;
  char                  *employee_name;
  BmsCheckKind           kind;
  BmsCheckOutcomeResult  result;
  char                  *problem;
  GError                *error;
  GDateTime             *time;
  gboolean               is_gmail;
  GError                *status_error;
} BmsCheckOutcome;

#define BMS_TYPE_CHECK_OUTCOME (bms_check_outcome_get_type ())
GType            bms_check_outcome_get_type  (void) G_GNUC_CONST;
BmsCheckOutcome *bms_check_outcome_copy      (const BmsCheckOutcome *outcome);
void             bms_check_outcome_free      (BmsCheckOutcome       *outcome);
/* "passed", "failed", "cancelled", "skipped": never translated. */
const char      *bms_check_outcome_result_to_string (BmsCheckOutcomeResult result);

/* At most this many logins are in flight at once over a whole run. */
#define BMS_ACCOUNT_CHECKER_MAX_LOGINS 4

#define BMS_TYPE_ACCOUNT_CHECKER (bms_account_checker_get_type ())
G_DECLARE_FINAL_TYPE (BmsAccountChecker, bms_account_checker, BMS, ACCOUNT_CHECKER, GObject)

BmsAccountChecker *bms_account_checker_new           (BmsAccountStore     *store,
                                                      BmsCheckKind         kind);
BmsCheckKind       bms_account_checker_get_kind      (BmsAccountChecker   *self);
void               bms_account_checker_set_ca_file   (BmsAccountChecker   *self,
                                                      const char          *ca_file);
void               bms_account_checker_set_max_logins (BmsAccountChecker  *self,
                                                       guint               max_logins);
/* After a rate-limit refusal: no new login for @pause_ms, then one login at
 * a time, started at least @slow_gap_ms apart. */
void               bms_account_checker_set_pace      (BmsAccountChecker   *self,
                                                      guint                pause_ms,
                                                      guint                slow_gap_ms);
gboolean           bms_account_checker_get_slowed    (BmsAccountChecker   *self);

/* @paths: the profiles to check, or NULL for every saved account. The
 * outcomes come in the order of @paths (or of the listing). */
void               bms_account_checker_run_async     (BmsAccountChecker   *self,
                                                      const char * const  *paths,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Returns: (transfer container) (element-type BmsCheckOutcome): one
 * outcome per account; NULL only when the saved accounts could not be
 * listed. */
GPtrArray         *bms_account_checker_run_finish    (BmsAccountChecker   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

guint              bms_account_checker_count         (BmsAccountChecker    *self,
                                                      BmsCheckOutcomeResult result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsCheckOutcome, bms_check_outcome_free)

G_END_DECLS
