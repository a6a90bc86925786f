/* bms-check-status.h: an account's last check, kept with its profile.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What was checked: the logins alone, or the whole mail test. */
typedef enum {
  BMS_CHECK_KIND_LOGIN,
  BMS_CHECK_KIND_MAIL_TEST,
} BmsCheckKind;

typedef enum {
  BMS_CHECK_RESULT_NEVER,
  BMS_CHECK_RESULT_PASSED,
  BMS_CHECK_RESULT_FAILED,
  BMS_CHECK_RESULT_SAVED_WITHOUT_TEST,
} BmsCheckResult;

/* @checked is NULL when the account was never checked; @problem is the
 * nick of a BmsProblem ("wrong-password") when the check failed, else
 * NULL. Nothing here is ever a secret. */
typedef struct {
  GDateTime      *checked;
  BmsCheckKind    kind;
  BmsCheckResult  result;
  char           *problem;
} BmsCheckStatus;

#define BMS_TYPE_CHECK_STATUS (bms_check_status_get_type ())
GType           bms_check_status_get_type   (void) G_GNUC_CONST;

BmsCheckStatus *bms_check_status_new        (GDateTime            *checked,
                                             BmsCheckKind          kind,
                                             BmsCheckResult        result,
                                             const char           *problem);
BmsCheckStatus *bms_check_status_new_never  (void);
BmsCheckStatus *bms_check_status_copy       (const BmsCheckStatus *status);
void            bms_check_status_free       (BmsCheckStatus       *status);
gboolean        bms_check_status_equal      (const BmsCheckStatus *a,
                                             const BmsCheckStatus *b);

/* The words of the profile and of the command line's JSON; never
 * translated. */
const char     *bms_check_kind_to_string    (BmsCheckKind          kind);
gboolean        bms_check_kind_from_string  (const char           *text,
                                             BmsCheckKind         *kind);
const char     *bms_check_result_to_string  (BmsCheckResult        result);
gboolean        bms_check_result_from_string (const char          *text,
                                              BmsCheckResult      *result);

/* The [Status] group of a profile. Reading is lenient: a status is a note
 * about the past, and a damaged one must not cost the account, so a
 * missing or unreadable group reads as "never checked". */
BmsCheckStatus *bms_check_status_read       (GKeyFile             *key_file);
void            bms_check_status_write      (const BmsCheckStatus *status,
                                             GKeyFile             *key_file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsCheckStatus, bms_check_status_free)

G_END_DECLS
