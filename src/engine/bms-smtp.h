/* bms-smtp.h: check an SMTP login, send a message.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-server.h"
#include "bms-transcript.h"

G_BEGIN_DECLS

/* Each operation runs in a thread of its own, on one connection, closed
 * whatever happens: with QUIT, and its answer read, wherever the server
 * still talks (after a refused login, MAIL, RCPT or DATA, or a STARTTLS it
 * does not offer). They fail with G_IO_ERROR_CANCELLED, or with
 * BMS_MAIL_ERROR and a BmsProblem (see bms-diagnosis.h). The password is
 * copied, and the copy wiped when the operation ends.
 *
 * Their _finish functions always give the transcript, on failure too, so
 * that the server's own words can be shown; free it with g_object_unref(). */

/* Connects with the server's security, says EHLO, logs in (AUTH PLAIN, or
 * AUTH LOGIN where PLAIN is not offered), says QUIT. A
 * server that offers no login at all is not a success: the login is what
 * is being checked. */
void      bms_smtp_check_login_async   (const BmsServer      *server,
                                        const char           *password,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  bms_smtp_check_login_finish  (GAsyncResult         *result,
                                        BmsTranscript       **transcript,
                                        GError              **error);

/* Logs in and, on the same connection, sends @message (CRLF line ends,
 * e.g. from bms_message_build()) from the envelope sender @from to each of
 * @recipients (plain addresses, without angle brackets). */
void      bms_smtp_send_async          (const BmsServer      *server,
                                        const char           *password,
                                        GBytes               *message,
                                        const char           *from,
                                        const char * const   *recipients,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  bms_smtp_send_finish         (GAsyncResult         *result,
                                        BmsTranscript       **transcript,
                                        GError              **error);

/* How the login went, told in the caller's main context before the message
 * is sent; @error is NULL when @ok. @transcript is the connection's, still
 * growing. */
typedef void (*BmsSmtpLoggedInFunc) (gboolean       ok,
                                     const GError  *error,
                                     BmsTranscript *transcript,
                                     gpointer       user_data);

/* Logs in and, on the same connection, sends @message: what the mail test
 * does, reported as its two steps. @logged_in_func (may be NULL) is called
 * once, before the operation's @callback; @logged_in_destroy frees
 * @logged_in_data when the operation is done with it. */
void      bms_smtp_login_and_send_async  (const BmsServer      *server,
                                          const char           *password,
                                          GBytes               *message,
                                          const char           *from,
                                          const char * const   *recipients,
                                          BmsSmtpLoggedInFunc   logged_in_func,
                                          gpointer              logged_in_data,
                                          GDestroyNotify        logged_in_destroy,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* @logged_in: whether the server accepted the login; @says_gmail: whether
 * its greeting or EHLO said it is Gmail's ("gsmtp"). */
gboolean  bms_smtp_login_and_send_finish (GAsyncResult         *result,
                                          gboolean             *logged_in,
                                          gboolean             *says_gmail,
                                          BmsTranscript       **transcript,
                                          GError              **error);

G_END_DECLS
