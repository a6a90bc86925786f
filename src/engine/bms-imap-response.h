/* bms-imap-response.h: where one IMAP response ends in a stream of bytes.
 *
 * An IMAP response is a line, except that a line ending in "{n}" announces a
 * literal: the next n octets belong to the response whatever they contain,
 * and the response goes on after them until a line ends without one. Both
 * the session's reader and the LIST parser cut responses this way, so that a
 * folder name sent as a literal reaches the parser whole.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BMS_IMAP_FRAME_COMPLETE,     /* *length is the response, its last line end included */
  BMS_IMAP_FRAME_INCOMPLETE,   /* more bytes are needed */
  BMS_IMAP_FRAME_BAD_LITERAL,  /* a literal over the limit: *length is the line announcing it */
} BmsImapFrame;

BmsImapFrame  bms_imap_response_frame        (const char *data,
                                              gsize       length,
                                              gsize       max_literal,
                                              gsize      *response_length);
/* Reads the "{n}" (or "~{n}") that ends the line data[0..line_length), line
 * end excluded. FALSE when the line does not end in one; *literal_length is
 * G_MAXSIZE when the number does not fit. */
gboolean      bms_imap_response_line_literal (const char *line,
                                              gsize       line_length,
                                              gsize      *literal_length);

G_END_DECLS
