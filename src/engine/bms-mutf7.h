/* bms-mutf7.h: IMAP's modified UTF-7 (RFC 3501 §5.1.3) for folder names.
 *
 * Servers send folder names such as "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"; people
 * read "[Gmail]/送信済みメール". Settings keep the name as the server sends it
 * and the user interface shows the decoded one. Decoding is strict: anything
 * that a correct encoder could not have produced is an error, never a guess.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BMS_MUTF7_ERROR (bms_mutf7_error_quark ())
GQuark bms_mutf7_error_quark (void);

typedef enum {
  BMS_MUTF7_ERROR_NOT_ASCII,          /* a byte outside printable US-ASCII */
  BMS_MUTF7_ERROR_LONE_AMPERSAND,     /* "&" that starts no shift and is not "&-" */
  BMS_MUTF7_ERROR_UNTERMINATED,       /* a shift without its closing "-" */
  BMS_MUTF7_ERROR_BAD_BASE64,         /* a character outside the modified base64 set */
  BMS_MUTF7_ERROR_NON_CANONICAL,      /* leftover bits, "&-" split forms, adjacent shifts */
  BMS_MUTF7_ERROR_ENCODED_ASCII,      /* a printable ASCII character inside a shift */
  BMS_MUTF7_ERROR_BAD_UTF16,          /* an unpaired surrogate */
  BMS_MUTF7_ERROR_INVALID_UTF8,       /* the input to the encoder is not UTF-8 */
} BmsMutf7Error;

char     *bms_mutf7_decode              (const char  *wire_name,
                                        GError     **error);
char     *bms_mutf7_encode              (const char  *utf8_name,
                                        GError     **error);

/* Decoding a name that need not be NUL-terminated into the caller's
 * buffer, sized beforehand: what bms_mutf7_decode() is built on. */
gsize     bms_mutf7_max_decoded_length  (gsize        wire_length);
gboolean  bms_mutf7_decode_into         (const char  *wire_name,
                                         gsize        wire_length,
                                         char        *out,
                                         gsize       *decoded_length,
                                         GError     **error);

G_END_DECLS
