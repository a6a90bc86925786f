/* bms-transcript.h: what was said on a connection, with secrets removed.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  BMS_TRANSCRIPT_INFO,      /* what the program did: "Connected to …", TLS details */
  BMS_TRANSCRIPT_CLIENT,    /* a line the program sent */
  BMS_TRANSCRIPT_SERVER,    /* a line the server sent */
} BmsTranscriptKind;

#define BMS_TYPE_TRANSCRIPT (bms_transcript_get_type ())
G_DECLARE_FINAL_TYPE (BmsTranscript, bms_transcript, BMS, TRANSCRIPT, GObject)

BmsTranscript *bms_transcript_new               (void);
/* Adds one line. Client lines are cleaned before they are kept: the
 * arguments of LOGIN, AUTHENTICATE and AUTH, and any line sent after an
 * authentication prompt, become "********". @secret, when given, is also
 * removed from every line, whoever sent it, in every form a server could
 * echo it in: as it is, its base64 at each of the three alignments it can
 * have inside a longer blob (AUTH PLAIN's "\0user\0password"), and any
 * base64 word that decodes to text containing it. Safe to call from any
 * thread. */
void           bms_transcript_add               (BmsTranscript     *self,
                                                 BmsTranscriptKind  kind,
                                                 const char        *line,
                                                 const char        *secret);
guint          bms_transcript_get_n_lines       (BmsTranscript     *self);
BmsTranscriptKind bms_transcript_get_kind       (BmsTranscript     *self,
                                                 guint              index);
const char    *bms_transcript_get_line          (BmsTranscript     *self,
                                                 guint              index);
/* The server's last reply, all of its lines (a multi-line SMTP reply or an
 * IMAP untagged + tagged answer), joined by "\n"; NULL when it said nothing.
 * A goodbye at the end (QUIT or LOGOUT and its answer) is passed over: the
 * reply wanted is the one that said what went wrong. */
char          *bms_transcript_dup_last_reply    (BmsTranscript     *self);
/* Whether the server said it is Google's: "- gsmtp" ending an SMTP reply,
 * "Gimap" in an IMAP greeting, X-GM-EXT-1 among the IMAP capabilities. It
 * says so before the login, so a refused login is known as Gmail's too. */
gboolean       bms_transcript_says_gmail        (BmsTranscript     *self);
/* The whole transcript as text: "S: …", "C: …", "* …" prefixes. */
char          *bms_transcript_to_string         (BmsTranscript     *self);

G_END_DECLS
