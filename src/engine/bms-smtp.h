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

/* Both operations run in a thread of their own, on one connection each,
 * closed whatever happens. They fail with G_IO_ERROR_CANCELLED, or with
 * BMS_MAIL_ERROR and a BmsProblem (see bms-diagnosis.h). The password is
 * copied, and the copy wiped when the operation ends.
 *
 * Their _finish functions always give the transcript, on failure too, so
 * that the server's own words can be shown; free it with g_object_unref(). */

/* Connects with the server's security, says EHLO, logs in, says QUIT. A
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

/* Logs in and sends @message (CRLF line ends, e.g. from bms_message_build())
 * from the envelope sender @from to each of @recipients (plain addresses,
 * without angle brackets). */
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

G_END_DECLS
