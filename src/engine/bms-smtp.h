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

/* The two steps of the mail test's SMTP connection. */
typedef enum {
  BMS_SMTP_STEP_LOGIN,
  BMS_SMTP_STEP_SEND,
} BmsSmtpStep;

/* How a step went, told in the caller's main context as soon as the server
 * answered it (before the next step, before QUIT); @error is NULL when @ok.
 * @transcript is the connection's, still growing. */
typedef void (*BmsSmtpStepFunc) (BmsSmtpStep    step,
                                 gboolean       ok,
                                 const GError  *error,
                                 BmsTranscript *transcript,
                                 gpointer       user_data);

/* Logs in and, on the same connection, sends @message: what the mail test
 * does, reported as its two steps. @step_func (may be NULL) is called for
 * the login and, when the login was accepted, for the send, each once and
 * before the operation's @callback; @step_destroy frees @step_data when the
 * operation is done with it. */
void      bms_smtp_login_and_send_async  (const BmsServer      *server,
                                          const char           *password,
                                          GBytes               *message,
                                          const char           *from,
                                          const char * const   *recipients,
                                          BmsSmtpStepFunc       step_func,
                                          gpointer              step_data,
                                          GDestroyNotify        step_destroy,
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
