/* bms-test-servers.h: start the loopback mail servers from a GTest program
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The real servers of mail-servers.py (Dovecot, aiosmtpd) and the scripted
 * server of scripted-server.py, each a child process that stops when it is
 * stopped here or when this process dies (its standard input closes). */
typedef struct _BmsTestServers BmsTestServers;
typedef struct _BmsTestScriptedServer BmsTestScriptedServer;

typedef enum {
  BMS_TEST_TLS_NONE,
  BMS_TEST_TLS_IMPLICIT,
  BMS_TEST_TLS_STARTTLS,
} BmsTestTls;

/* The users both kinds of server know. */
#define BMS_TEST_USER      "alice"
#define BMS_TEST_PASSWORD  "pa55w0rd"
#define BMS_TEST_USER2     "bob"
#define BMS_TEST_PASSWORD2 "b0bs3cret"
#define BMS_TEST_SENT_FOLDER "[Gmail]/送信済みメール"

/* How soon a cancelled operation must have ended in a test: far below its
 * 30 s timeouts, so that only the cancel can have ended it, yet not a
 * timing goal, which a test on a loaded machine or under sanitizers cannot
 * hold (one CI run saw 102 ms under AddressSanitizer). The 100 ms goal is
 * measured by bench/bms-cancel-bench, as a p95 against a baseline. */
#define BMS_TEST_CANCEL_ENDS_WITHIN_US (2 * G_USEC_PER_SEC)

BmsTestServers *bms_test_servers_start             (GError         **error);
void            bms_test_servers_stop              (BmsTestServers  *self);
const char     *bms_test_servers_get               (BmsTestServers  *self,
                                                    const char      *key);
guint16         bms_test_servers_get_port          (BmsTestServers  *self,
                                                    const char      *key);
const char     *bms_test_servers_get_ca_file       (BmsTestServers  *self);
const char     *bms_test_servers_get_received_dir  (BmsTestServers  *self);
const char     *bms_test_servers_get_dovecot_conf  (BmsTestServers  *self);
void            bms_test_servers_set_file_to_sent  (BmsTestServers  *self,
                                                    gboolean         file_to_sent);
void            bms_test_servers_set_file_to_sent_late (BmsTestServers *self);
guint           bms_test_servers_count_smtp_connections (BmsTestServers *self);
guint           bms_test_servers_count_smtp_quits (BmsTestServers *self);
guint           bms_test_servers_count_imap_logins (BmsTestServers *self);
GBytes         *bms_test_servers_wait_for_message  (BmsTestServers  *self,
                                                    guint            number,
                                                    guint            timeout_ms);
char           *bms_test_servers_get_envelope      (BmsTestServers  *self,
                                                    guint            number);
guint           bms_test_servers_count_messages    (BmsTestServers  *self);
char           *bms_test_servers_doveadm           (BmsTestServers  *self,
                                                    GError         **error,
                                                    const char      *first_arg,
                                                    ...) G_GNUC_NULL_TERMINATED;
int             bms_test_servers_count_in_folder   (BmsTestServers  *self,
                                                    const char      *user,
                                                    const char      *folder,
                                                    const char      *message_id,
                                                    GError         **error);

BmsTestScriptedServer *bms_test_scripted_server_start          (const char             *scenario,
                                                                BmsTestTls              tls,
                                                                GError                **error);
void                   bms_test_scripted_server_stop           (BmsTestScriptedServer  *self);
guint16                bms_test_scripted_server_get_port       (BmsTestScriptedServer  *self);
const char            *bms_test_scripted_server_get_ca_file    (BmsTestScriptedServer  *self);
char                  *bms_test_scripted_server_get_transcript (BmsTestScriptedServer  *self);
guint                  bms_test_scripted_server_get_stat       (BmsTestScriptedServer  *self,
                                                                const char             *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsTestServers, bms_test_servers_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsTestScriptedServer, bms_test_scripted_server_stop)

G_END_DECLS
