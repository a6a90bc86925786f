/* bms-curl.h: the libcurl plumbing that SMTP and IMAP share.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <curl/curl.h>
#include <gio/gio.h>

#include "bms-diagnosis.h"
#include "bms-server.h"
#include "bms-transcript.h"

G_BEGIN_DECLS

/* How the pieces fit, from a worker thread (never the main thread):
 *
 *   CURL *easy = bms_curl_easy_new (server, "smtp", password, transcript, &error);
 *   if (easy == NULL) → fail with error (BMS_PROBLEM_INVALID_INPUT: a host
 *                       name that cannot be sent, an unreadable CA file)
 *   curl_easy_setopt (easy, …what the operation needs…);
 *   code = bms_curl_perform (easy, cancellable);   (or bms_curl_connect)
 *   if (bms_curl_set_error (&error, op, code, transcript, cancellable)) → fail
 *   bms_curl_easy_free (easy);                     (always, on every path)
 *
 * bms_curl_easy_new() sets: the URL (bms_curl_build_url() with an empty
 * path; set CURLOPT_URL again for another path), CURLOPT_USE_SSL
 * (CURLUSESSL_ALL for STARTTLS), certificate checks (always on; the server's
 * extra CA file is trusted in addition to the system's CAs), USERNAME and
 * PASSWORD, CONNECTTIMEOUT_MS, SERVER_RESPONSE_TIMEOUT, NOSIGNAL, and the
 * transcript: every line the server sends, every command the program sends
 * (cleaned, see bms-transcript.h; message bodies are never recorded) and
 * libcurl's own remarks as info lines. Do not change CURLOPT_PRIVATE,
 * CURLOPT_ERRORBUFFER, CURLOPT_DEBUGFUNCTION, CURLOPT_DEBUGDATA or
 * CURLOPT_OPENSOCKETFUNCTION / CLOSESOCKETFUNCTION (and their data): they
 * belong to this module. On cancel the handle's sockets are shut down, so
 * that libcurl cannot block finishing an upload (SMTP DATA, IMAP APPEND).
 *
 * Each handle runs on a private multi handle of its own, kept until
 * bms_curl_easy_free(), so that a CONNECT_ONLY connection stays usable for
 * curl_easy_send()/curl_easy_recv() after bms_curl_connect().
 */

char     *bms_curl_build_url   (const BmsServer  *server,
                                const char       *protocol,
                                const char       *path,
                                GError          **error);

CURL     *bms_curl_easy_new    (const BmsServer  *server,
                                const char       *protocol,
                                const char       *password,
                                BmsTranscript    *transcript,
                                GError          **error);

/* The handle for a conversation this program leads itself: as
 * bms_curl_easy_new(), with CURLOPT_CONNECT_ONLY set and no user name or
 * password given to libcurl, so that bms_curl_connect() greets, does TLS or
 * STARTTLS and the certificate checks, asks for the capabilities, and stops
 * before the login. The login is then the caller's, and so is the goodbye
 * after a refused one. @password only keeps it out of the transcript; as
 * every such conversation logs in, an empty or NULL @password fails at once
 * with BMS_PROBLEM_NO_PASSWORD, before anything is sent.
 *
 * STARTTLS is asked for with CURLUSESSL_TRY: a server that does not offer
 * it is then still connected, in plain text, so that the caller can say
 * QUIT or LOGOUT before it reports BMS_PROBLEM_STARTTLS_NOT_OFFERED (check
 * bms_curl_is_encrypted() before anything secret is sent). */
CURL     *bms_curl_easy_new_connect_only (const BmsServer  *server,
                                          const char       *protocol,
                                          const char       *password,
                                          BmsTranscript    *transcript,
                                          GError          **error);

/* Whether the connection of a connected CONNECT_ONLY handle is encrypted. */
gboolean  bms_curl_is_encrypted (CURL            *easy);

/* Sends all of @data on a connected CONNECT_ONLY handle, each wait bounded
 * by @timeout_ms. Errors as bms_curl_wait(). */
gboolean  bms_curl_send_all    (CURL             *easy,
                                const char       *data,
                                gsize             length,
                                guint             timeout_ms,
                                GCancellable     *cancellable,
                                GError          **error);

/* Receives what has come, at least one byte, within @timeout_ms. The
 * server closing the connection gives BMS_PROBLEM_CONNECTION_LOST. */
gboolean  bms_curl_receive     (CURL             *easy,
                                GByteArray       *into,
                                guint             timeout_ms,
                                GCancellable     *cancellable,
                                GError          **error);

/* Closes the connection without a goodbye (send QUIT / LOGOUT yourself
 * first on CONNECT_ONLY handles), frees the handle and wipes the copy of
 * the password. NULL is allowed. */
void      bms_curl_easy_free   (CURL             *easy);

/* Runs the transfer to its end. Returns CURLE_ABORTED_BY_CALLBACK when
 * @cancellable was cancelled; that takes effect within milliseconds, even
 * while the server is silent. */
CURLcode  bms_curl_perform     (CURL             *easy,
                                GCancellable     *cancellable);

/* The same for a handle with CURLOPT_CONNECT_ONLY set (the caller sets it):
 * libcurl connects, does TLS or STARTTLS, checks the certificate and logs
 * in (a wrong password gives CURLE_LOGIN_DENIED), then stops. After
 * CURLE_OK, talk with curl_easy_send()/curl_easy_recv() and bms_curl_wait();
 * record what you send and receive in the transcript yourself. */
CURLcode  bms_curl_connect     (CURL             *easy,
                                GCancellable     *cancellable);

/* Waits until the connection of a CONNECT_ONLY handle can be written to
 * (@for_send) or read from. Call it only after curl_easy_recv() or
 * curl_easy_send() said CURLE_AGAIN: TLS may hold data already read from
 * the socket, which no wait on the socket would see. Fails with
 * G_IO_ERROR_CANCELLED, or BMS_MAIL_ERROR BMS_PROBLEM_TIMED_OUT after
 * @timeout_ms, or BMS_PROBLEM_CONNECTION_LOST when there is no connection. */
gboolean  bms_curl_wait        (CURL             *easy,
                                gboolean          for_send,
                                guint             timeout_ms,
                                GCancellable     *cancellable,
                                GError          **error);

/* Sets @error from the result of an operation and returns TRUE, or returns
 * FALSE for CURLE_OK when @cancellable was not cancelled. Cancelled gives
 * G_IO_ERROR_CANCELLED; anything else BMS_MAIL_ERROR with the problem from
 * bms_diagnose_detail() (the server's last reply and libcurl's last remark
 * from @transcript) and its summary as the message. */
gboolean  bms_curl_set_error   (GError          **error,
                                BmsOperation      operation,
                                CURLcode          code,
                                BmsTranscript    *transcript,
                                GCancellable     *cancellable);

/* Sets @error to BMS_MAIL_ERROR @problem with the problem's summary. */
void      bms_set_problem      (GError          **error,
                                BmsProblem        problem);

G_END_DECLS
