/* bms-keyring.h: passwords in the system keyring (Secret Service).
 *
 * One item per protocol, server, port and user, in the default collection,
 * with a readable label. The attributes are only there to find the item
 * again; the password is the item's secret and nothing else. When no
 * keyring can take a password the caller gets a BMS_KEYRING_ERROR whose
 * message says so plainly: nothing falls back to a file.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "bms-account.h"

G_BEGIN_DECLS

#define BMS_KEYRING_PROTOCOL_SMTP "smtp"
#define BMS_KEYRING_PROTOCOL_IMAP "imap"

#define BMS_KEYRING_ERROR (bms_keyring_error_quark ())
GQuark bms_keyring_error_quark (void);

/**
 * BmsKeyringError:
 * @BMS_KEYRING_ERROR_NO_SERVICE: the session has no keyring (Secret Service)
 * @BMS_KEYRING_ERROR_NO_BUS: there is no session bus to reach a keyring on
 * @BMS_KEYRING_ERROR_LOCKED: the keyring is locked and stayed locked, or has
 *   no default collection, or did not give back what was stored
 * @BMS_KEYRING_ERROR_FAILED: anything else the keyring refused
 * @BMS_KEYRING_ERROR_NO_PASSWORD: the keyring answered, but holds no
 *   password (or an empty one) for a login the account needs
 *
 * Cancelling gives G_IO_ERROR_CANCELLED, as everywhere in GIO.
 */
typedef enum {
  BMS_KEYRING_ERROR_NO_SERVICE,
  BMS_KEYRING_ERROR_NO_BUS,
  BMS_KEYRING_ERROR_LOCKED,
  BMS_KEYRING_ERROR_FAILED,
  BMS_KEYRING_ERROR_NO_PASSWORD,
} BmsKeyringError;

const SecretSchema *bms_keyring_get_schema          (void);
void                bms_keyring_password_free       (char                *password);

void                bms_keyring_store_async         (const char          *protocol,
                                                     const char          *host,
                                                     guint                port,
                                                     const char          *user,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bms_keyring_store_finish        (GAsyncResult        *result,
                                                     GError             **error);

void                bms_keyring_lookup_async        (const char          *protocol,
                                                     const char          *host,
                                                     guint                port,
                                                     const char          *user,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char               *bms_keyring_lookup_finish       (GAsyncResult        *result,
                                                     GError             **error);

void                bms_keyring_clear_async         (const char          *protocol,
                                                     const char          *host,
                                                     guint                port,
                                                     const char          *user,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bms_keyring_clear_finish        (GAsyncResult        *result,
                                                     GError             **error);

void                bms_keyring_store_account_async (BmsAccount          *account,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bms_keyring_store_account_finish (GAsyncResult       *result,
                                                     GError             **error);

void                bms_keyring_load_account_async  (BmsAccount          *account,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bms_keyring_load_account_finish (GAsyncResult        *result,
                                                     GError             **error);

void                bms_keyring_clear_account_async (BmsAccount          *account,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bms_keyring_clear_account_finish (GAsyncResult       *result,
                                                     GError             **error);

G_END_DECLS
