/* bms-mail-test.h: the whole mail test, step by step.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-diagnosis.h"
#include "bms-imap.h"
#include "bms-server.h"
#include "bms-transcript.h"

G_BEGIN_DECLS

/* The steps, in the order a person reads them. */
typedef enum {
  BMS_MAIL_TEST_STEP_SMTP_LOGIN,
  BMS_MAIL_TEST_STEP_IMAP_LOGIN,
  BMS_MAIL_TEST_STEP_SEND,
  BMS_MAIL_TEST_STEP_FILE,
  BMS_MAIL_TEST_N_STEPS,
} BmsMailTestStep;

typedef enum {
  BMS_STEP_WAITING,
  BMS_STEP_RUNNING,
  BMS_STEP_OK,
  BMS_STEP_FAILED,
  BMS_STEP_SKIPPED,
  BMS_STEP_CANCELLED,
} BmsStepState;

#define BMS_TYPE_MAIL_TEST (bms_mail_test_get_type ())
G_DECLARE_FINAL_TYPE (BmsMailTest, bms_mail_test, BMS, MAIL_TEST, GObject)

/* @imap is NULL when sent mail is not saved: the IMAP steps are skipped. */
BmsMailTest   *bms_mail_test_new             (const BmsServer     *smtp,
                                              const char          *smtp_password,
                                              const BmsServer     *imap,
                                              const char          *imap_password,
                                              const char          *sent_folder,
                                              const char          *from_address,
                                              const char          *from_display_name,
                                              const char * const  *recipients);
/* The two bounds of the filing rule in bms-imap.h: how long a server known
 * to file sent mail is given for its copy, and the grace after which any
 * other is looked at once more for a late one. */
void           bms_mail_test_set_search_wait (BmsMailTest         *self,
                                              guint                search_wait_ms);
void           bms_mail_test_set_late_copy_grace (BmsMailTest     *self,
                                                  guint            late_copy_grace_ms);

void           bms_mail_test_run_async       (BmsMailTest         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       bms_mail_test_run_finish      (BmsMailTest         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

BmsStepState   bms_mail_test_get_state       (BmsMailTest         *self,
                                              BmsMailTestStep      step);
const GError  *bms_mail_test_get_error       (BmsMailTest         *self,
                                              BmsMailTestStep      step);
BmsTranscript *bms_mail_test_get_transcript  (BmsMailTest         *self,
                                              BmsMailTestStep      step);
/* Whether a host name is Gmail's, or a server said so in its greeting or
 * capabilities (on a refused login too). */
gboolean       bms_mail_test_get_is_gmail    (BmsMailTest         *self);
BmsImapFiled   bms_mail_test_get_filed       (BmsMailTest         *self);
guint          bms_mail_test_get_n_copies    (BmsMailTest         *self);
const char    *bms_mail_test_get_message_id  (BmsMailTest         *self);
const char    *bms_mail_test_step_get_title  (BmsMailTestStep      step);
BmsOperation   bms_mail_test_step_get_operation (BmsMailTestStep    step);

G_END_DECLS
