/* bms-imap.h: the IMAP half of the mail test.
 *
 * Each operation makes one connection: libcurl connects, does TLS or
 * STARTTLS and checks the certificate; then this module logs in (LOGIN)
 * and speaks its own tagged commands over that connection (libcurl 7.88
 * cannot carry a long LIST answer itself), and says LOGOUT before it
 * closes, after a refused login too, wherever the server still talks.
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

/* Where the test message goes in the sent folder: the rule.
 *
 * Some servers file what one sends through them in the sent folder
 * themselves (Gmail does, a moment after SMTP accepted the message); most
 * others do not, and there the program must APPEND it, or it is not kept.
 * Waiting for a copy that never comes costs time; APPENDing one the server
 * files too leaves two. So:
 *
 * - a server known to file sent mail (Gmail: known by its host name, by
 *   X-GM-EXT-1 among its IMAP capabilities, or by its greeting, "Gimap" or
 *   "gsmtp") is given up to @search_wait_ms after the send for its copy
 *   (BMS_IMAP_DEFAULT_SEARCH_WAIT_MS). The wait ends as soon as the copy is
 *   there: woken by IDLE where the server offers it (Gmail does), or else
 *   by looking (NOOP, SEARCH) every 100 ms. Only when no copy came is the
 *   message APPENDed.
 * - any other server is looked at once, as soon as the send was accepted,
 *   and the message is APPENDed at once when the copy is not there. The
 *   folder is looked at once more before LOGOUT, at the end of a grace of
 *   @late_copy_grace_ms after the send (BMS_IMAP_DEFAULT_LATE_COPY_GRACE_MS,
 *   ended early by IDLE when a message comes): a copy the server filed late
 *   is then reported as two copies (BMS_IMAP_FILED_DUPLICATES), not hidden.
 */
#define BMS_IMAP_DEFAULT_SEARCH_WAIT_MS 3000
#define BMS_IMAP_DEFAULT_LATE_COPY_GRACE_MS 300

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


void         bms_imap_check_login_async       (const BmsServer      *server,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* @is_gmail: set to whether the server said X-GM-EXT-1 or "Gimap". */
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

/* What the mail test's SMTP side tells a running filing: whether the
 * message was sent, and whether the SMTP server said it is one that files
 * sent mail itself. Told once; later calls are ignored. */
typedef struct _BmsImapFiling BmsImapFiling;

/* How the login went, told in the caller's main context before the filing
 * waits for the send. @is_gmail: the server said X-GM-EXT-1 or "Gimap";
 * @transcript is the connection's, still growing. */
typedef void (*BmsImapLoggedInFunc) (gboolean       ok,
                                     const GError  *error,
                                     gboolean       is_gmail,
                                     BmsTranscript *transcript,
                                     gpointer       user_data);

/* The IMAP half of the mail test on one connection: logs in, EXAMINEs
 * @folder_wire_name, waits until bms_imap_filing_tell_sent() (a cancel
 * ends the wait), and then makes sure the message is there once, by the
 * rule above. Returns the handle to tell (free it with
 * bms_imap_filing_unref()); a filing that is never told waits until it is
 * cancelled. @logged_in_func (may be NULL) is called once, before
 * @callback. */
BmsImapFiling *bms_imap_login_and_file_async  (const BmsServer      *server,
                                               const char           *password,
                                               const char           *folder_wire_name,
                                               GBytes               *message,
                                               const char           *message_id,
                                               guint                 search_wait_ms,
                                               guint                 late_copy_grace_ms,
                                               BmsImapLoggedInFunc   logged_in_func,
                                               gpointer              logged_in_data,
                                               GDestroyNotify        logged_in_destroy,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void         bms_imap_filing_tell_sent        (BmsImapFiling        *filing,
                                               gboolean              sent,
                                               gboolean              server_files_copy);
void         bms_imap_filing_unref            (BmsImapFiling        *filing);
/* @logged_in: the login was accepted; @ran: the message had been sent, so
 * the filing ran (when not, and nothing failed, nothing was filed). The
 * outs are set on failure too. */
gboolean     bms_imap_login_and_file_finish   (GAsyncResult         *result,
                                               gboolean             *logged_in,
                                               gboolean             *is_gmail,
                                               gboolean             *ran,
                                               BmsImapFiled         *filed,
                                               guint                *n_copies,
                                               BmsTranscript       **transcript,
                                               GError              **error);

/* Makes sure @message (the test message as sent, CRLF line ends) is in the
 * folder @folder_wire_name (as LIST named it), for a message sent already:
 * looks for @message_id ("<…@…>") there, for up to @search_wait_ms when
 * that is not 0 (a server known to file it), and APPENDs the message with
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsImapFiling, bms_imap_filing_unref)

G_END_DECLS

#include "bms-engine-enums.h"
