/* bms-imap.h: the IMAP half of the mail test.
 *
 * Each operation makes one connection: libcurl connects, does TLS or
 * STARTTLS, checks the certificate and logs in; then this module speaks
 * its own tagged commands over that connection (libcurl 7.88 cannot carry
 * a long LIST answer itself), and says LOGOUT before it closes.
 *
 * Every _finish() sets @transcript, when not NULL, to what was said on the
 * connection with the password removed, whether the operation succeeded or
 * not. Errors are G_IO_ERROR_CANCELLED or BMS_MAIL_ERROR with a BmsProblem.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-folder.h"
#include "bms-server.h"
#include "bms-transcript.h"

G_BEGIN_DECLS

/* How long file_message waits for the server to file the sent message
 * itself (Gmail does, a moment after SMTP accepted it) before it APPENDs. */
#define BMS_IMAP_DEFAULT_SEARCH_WAIT_MS 3000

/**
 * BmsImapFiled:
 * @BMS_IMAP_FILED_ALREADY: the server had filed the message itself; nothing added
 * @BMS_IMAP_FILED_APPENDED: the message was added with \Seen, and is there once
 * @BMS_IMAP_FILED_DUPLICATES: the message is in the folder more than once
 *   (both the server and this program filed it, or it was there twice before)
 *
 * How the test message came to be in the sent folder.
 */
typedef enum {
  BMS_IMAP_FILED_ALREADY,
  BMS_IMAP_FILED_APPENDED,
  BMS_IMAP_FILED_DUPLICATES,
} BmsImapFiled;

#define BMS_TYPE_IMAP_FILED (bms_imap_filed_get_type ())
GType        bms_imap_filed_get_type          (void) G_GNUC_CONST;

void         bms_imap_check_login_async       (const BmsServer      *server,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* @is_gmail: set to whether the server said X-GM-EXT-1 after login. */
gboolean     bms_imap_check_login_finish      (GAsyncResult         *result,
                                               gboolean             *is_gmail,
                                               BmsTranscript       **transcript,
                                               GError              **error);

void         bms_imap_list_folders_async      (const BmsServer      *server,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* Returns: (element-type BmsFolder): the folders of LIST "" "*" in the
 * server's order. Lines that could not be read are left out and noted in
 * the transcript. */
GPtrArray   *bms_imap_list_folders_finish     (GAsyncResult         *result,
                                               BmsTranscript       **transcript,
                                               GError              **error);

/* Makes sure @message (the test message as sent, CRLF line ends) is in the
 * folder @folder_wire_name (as LIST named it): looks for @message_id
 * ("<…@…>") there for up to @search_wait_ms, and APPENDs the message with
 * \Seen only when it is not found, then looks again. A folder that does not
 * exist gives BMS_PROBLEM_FOLDER_NOT_FOUND. */
void         bms_imap_file_message_async      (const BmsServer      *server,
                                               const char           *password,
                                               const char           *folder_wire_name,
                                               GBytes               *message,
                                               const char           *message_id,
                                               guint                 search_wait_ms,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* @filed: how the message came to be there; @n_copies: how many copies
 * the folder holds afterwards. */
gboolean     bms_imap_file_message_finish     (GAsyncResult         *result,
                                               BmsImapFiled         *filed,
                                               guint                *n_copies,
                                               BmsTranscript       **transcript,
                                               GError              **error);

G_END_DECLS
