/* bms-imap-session.h: one logged-in IMAP connection and its tagged commands.
 *
 * libcurl makes the connection and logs in (CURLOPT_CONNECT_ONLY); from
 * there this module writes commands itself and reads the answers response
 * by response, literals included, however long the answer is. Private to
 * the engine: bms-imap.h is what the rest of the program uses.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-diagnosis.h"
#include "bms-server.h"
#include "bms-transcript.h"

G_BEGIN_DECLS

typedef struct _BmsImapSession BmsImapSession;
typedef struct _BmsImapCommand BmsImapCommand;

typedef enum {
  BMS_IMAP_STATUS_OK,
  BMS_IMAP_STATUS_NO,
  BMS_IMAP_STATUS_BAD,
} BmsImapStatus;

/* Called with each untagged response of a command, as
 * bms_imap_response_frame() cuts it (line end and literals included). */
typedef void (*BmsImapUntaggedFunc) (const char *response,
                                     gsize       length,
                                     gpointer    user_data);

/* A command, built argument by argument so that every string is sent in a
 * form the server reads back exactly: a quoted string, or a literal. */
BmsImapCommand *bms_imap_command_new          (const char      *name);
void            bms_imap_command_add_atom     (BmsImapCommand  *command,
                                               const char      *atom);
void            bms_imap_command_add_string   (BmsImapCommand  *command,
                                               const char      *text);
void            bms_imap_command_add_literal  (BmsImapCommand  *command,
                                               GBytes          *bytes);
void            bms_imap_command_free         (BmsImapCommand  *command);

/* Connects (libcurl: TLS or STARTTLS, certificate checks), logs in with
 * LOGIN and asks for the capabilities. Failures are diagnosed as
 * BMS_OPERATION_IMAP_LOGIN; after a refused login, or a STARTTLS the
 * server does not offer, LOGOUT is said and answered before the close. */
BmsImapSession *bms_imap_session_connect      (const BmsServer  *server,
                                               const char       *password,
                                               BmsTranscript    *transcript,
                                               GCancellable     *cancellable,
                                               GError          **error);
gboolean        bms_imap_session_has_capability (BmsImapSession *self,
                                                 const char     *capability);

/* Sends @command and reads up to its tagged status. Returns FALSE with
 * @error only when the conversation itself failed (timeout, lost
 * connection, cancel, nonsense); a NO or BAD is a *status, with the
 * server's words in *status_text. */
gboolean        bms_imap_session_run          (BmsImapSession      *self,
                                               BmsImapCommand      *command,
                                               BmsImapUntaggedFunc  untagged_func,
                                               gpointer             user_data,
                                               BmsImapStatus       *status,
                                               char               **status_text,
                                               GError             **error);

/* IDLE (check the capability first): waits until the server tells of a new
 * message in the selected folder (*woken set) or @timeout_ms pass (not an
 * error), then says DONE. Cancelling ends the wait at once. A server that
 * refuses IDLE returns at once, and has_capability ("IDLE") is FALSE from
 * then on. */
gboolean        bms_imap_session_idle         (BmsImapSession  *self,
                                               guint            timeout_ms,
                                               gboolean        *woken,
                                               GError         **error);

/* Says LOGOUT (waiting for the answer only while the conversation is in
 * step and not cancelled) and closes the connection. NULL is allowed. */
void            bms_imap_session_close        (BmsImapSession  *self);

/* Sets @error for a command the server refused: the diagnosis of its words
 * for @operation, or else @fallback. */
void            bms_imap_session_set_refusal  (GError         **error,
                                               BmsOperation     operation,
                                               BmsImapStatus    status,
                                               const char      *status_text,
                                               BmsProblem       fallback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsImapCommand, bms_imap_command_free)

G_END_DECLS
