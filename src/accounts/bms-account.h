/* bms-account.h: the employee mail account being set up.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bms-check-status.h"
#include "bms-fields.h"
#include "bms-mail-test.h"
#include "bms-provider.h"
#include "bms-security.h"
#include "bms-server.h"

G_BEGIN_DECLS

/* Gmail's own values, from the server table of the BizMagic manual. */
#define BMS_GMAIL_SMTP_HOST        "smtp.gmail.com"
#define BMS_GMAIL_SMTP_PORT        587
#define BMS_GMAIL_SMTP_SECURITY    BMS_SECURITY_STARTTLS
#define BMS_GMAIL_IMAP_HOST        "imap.gmail.com"
#define BMS_GMAIL_IMAP_PORT        993
#define BMS_GMAIL_IMAP_SECURITY    BMS_SECURITY_SSL_TLS
/* "[Gmail]/送信済みメール" as the server names it on the wire (modified UTF-7). */
#define BMS_GMAIL_SENT_FOLDER      "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"

/**
 * BmsTestStatus:
 * @BMS_TEST_STATUS_UNKNOWN: nothing is known: a new account, or a profile
 *   written before the status was kept
 * @BMS_TEST_STATUS_PASSED: these settings passed the mail test
 * @BMS_TEST_STATUS_NOT_PASSED: saved on purpose without a passed mail test
 *   (it failed, was cancelled or was not run)
 * @BMS_TEST_STATUS_NOT_SET_UP: imported from a list of employees: only the
 *   name and the address are known, nothing was set up or tested yet
 *
 * What the mail test said of the settings as they are saved.
 */
typedef enum {
  BMS_TEST_STATUS_UNKNOWN,
  BMS_TEST_STATUS_PASSED,
  BMS_TEST_STATUS_NOT_PASSED,
  BMS_TEST_STATUS_NOT_SET_UP,
} BmsTestStatus;

#define BMS_TYPE_TEST_STATUS (bms_test_status_get_type ())
GType bms_test_status_get_type (void);

const char    *bms_test_status_to_key   (BmsTestStatus  status);
gboolean       bms_test_status_from_key (const char    *key,
                                         BmsTestStatus *status);

#define BMS_TYPE_ACCOUNT (bms_account_get_type ())
G_DECLARE_FINAL_TYPE (BmsAccount, bms_account, BMS, ACCOUNT, GObject)

BmsAccount  *bms_account_new                   (void);

const char  *bms_account_get_employee_name     (BmsAccount *self);
const char  *bms_account_get_email            (BmsAccount *self);
const char  *bms_account_get_smtp_user        (BmsAccount *self);
const char  *bms_account_get_smtp_password    (BmsAccount *self);
const char  *bms_account_get_smtp_host        (BmsAccount *self);
guint        bms_account_get_smtp_port        (BmsAccount *self);
BmsSecurity  bms_account_get_smtp_security    (BmsAccount *self);
const char  *bms_account_get_sender_name      (BmsAccount *self);
gboolean     bms_account_get_save_sent        (BmsAccount *self);
gboolean     bms_account_get_imap_same_as_smtp (BmsAccount *self);
const char  *bms_account_get_imap_user        (BmsAccount *self);
const char  *bms_account_get_imap_password    (BmsAccount *self);
const char  *bms_account_get_imap_host        (BmsAccount *self);
guint        bms_account_get_imap_port        (BmsAccount *self);
BmsSecurity  bms_account_get_imap_security    (BmsAccount *self);
const char  *bms_account_get_sent_folder      (BmsAccount *self);
gboolean     bms_account_get_bcc_self         (BmsAccount *self);
gboolean     bms_account_get_notify_employee  (BmsAccount *self);

gboolean     bms_account_has_own_imap_login   (BmsAccount *self);

const char  *bms_account_get_ca_file         (BmsAccount *self);
void         bms_account_set_ca_file         (BmsAccount *self,
                                              const char *ca_file);

BmsTestStatus bms_account_get_test_status   (BmsAccount   *self);
void          bms_account_set_test_status   (BmsAccount   *self,
                                             BmsTestStatus status);

gboolean      bms_account_get_server_files_sent (BmsAccount *self);
void          bms_account_set_server_files_sent (BmsAccount *self,
                                                 gboolean    server_files_sent);

const char  *bms_account_get_profile_path    (BmsAccount *self);
void         bms_account_set_profile_path    (BmsAccount *self,
                                              const char *profile_path);

const BmsCheckStatus *bms_account_get_check_status (BmsAccount           *self);
void         bms_account_set_check_status    (BmsAccount           *self,
                                              const BmsCheckStatus *status);

void         bms_account_assign              (BmsAccount *self,
                                              BmsAccount *other,
                                              gboolean    with_passwords);
void         bms_account_start_next_employee (BmsAccount *self);

BmsProviderResult *bms_account_get_provider          (BmsAccount        *self);
BmsProviderKind    bms_account_get_provider_kind     (BmsAccount        *self);
void               bms_account_set_provider          (BmsAccount        *self,
                                                      BmsProviderResult *provider);
gboolean           bms_account_get_checking_provider (BmsAccount        *self);
void               bms_account_set_checking_provider (BmsAccount        *self,
                                                      gboolean           checking);
void               bms_account_forget_gmail_servers  (BmsAccount        *self);

BmsServer   *bms_account_dup_smtp_server      (BmsAccount *self,
                                               const char *ca_file);
BmsServer   *bms_account_dup_imap_server      (BmsAccount *self,
                                               const char *ca_file);
BmsMailTest *bms_account_new_mail_test        (BmsAccount *self,
                                               const char *ca_file);

G_END_DECLS
