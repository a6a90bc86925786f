/* bms-account-store.h: the accounts saved on this computer.
 *
 * The one place that lists, opens, saves and removes saved accounts: the
 * settings as profiles in one folder (bms-profile.h), the passwords in the
 * keyring (bms-keyring.h). Every operation is asynchronous: profiles are
 * read, written and flushed on a worker thread, the keyring is spoken to
 * over D-Bus, so the caller's main loop never waits. Workers only touch
 * copies: an account given to the store is copied when the call starts,
 * and accounts the store gives back are new objects.
 *
 * Cancelling ends an operation with G_IO_ERROR_CANCELLED. A save that is
 * cancelled before it ends leaves the previous profile as it was.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-account.h"

G_BEGIN_DECLS

#define BMS_TYPE_ACCOUNT_STORE (bms_account_store_get_type ())
G_DECLARE_FINAL_TYPE (BmsAccountStore, bms_account_store, BMS, ACCOUNT_STORE, GObject)

BmsAccountStore *bms_account_store_new            (const char           *dir);

const char      *bms_account_store_get_dir        (BmsAccountStore      *self);
char            *bms_account_store_path_for_email (BmsAccountStore      *self,
                                                   const char           *email);

void             bms_account_store_list_async     (BmsAccountStore      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray       *bms_account_store_list_finish    (BmsAccountStore      *self,
                                                   GAsyncResult         *result,
                                                   GPtrArray           **problems,
                                                   GError              **error);

void             bms_account_store_open_async     (BmsAccountStore      *self,
                                                   const char           *path,
                                                   gboolean              with_passwords,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
BmsAccount      *bms_account_store_open_finish    (BmsAccountStore      *self,
                                                   GAsyncResult         *result,
                                                   GError              **passwords_error,
                                                   GError              **error);

void             bms_account_store_save_async     (BmsAccountStore      *self,
                                                   BmsAccount           *account,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         bms_account_store_save_finish    (BmsAccountStore      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void             bms_account_store_remove_async   (BmsAccountStore      *self,
                                                   const char           *path,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         bms_account_store_remove_finish  (BmsAccountStore      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
