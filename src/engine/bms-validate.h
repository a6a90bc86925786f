/* bms-validate.h: the rules every value of the BizMagic form must follow.
 *
 * Each rule takes the text exactly as the user typed it and either accepts it
 * or sets a #GError whose message is written for the person at the field: it
 * says what is wrong and what to type instead. The error codes let tests and
 * callers tell the cases apart without reading the message.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bms-security.h"

G_BEGIN_DECLS

#define BMS_VALIDATE_ERROR (bms_validate_error_quark ())
GQuark bms_validate_error_quark (void);

typedef enum {
  BMS_VALIDATE_ERROR_EMPTY,            /* a required value is missing */
  BMS_VALIDATE_ERROR_LINE_BREAK,       /* CR or LF (or another control character) */
  BMS_VALIDATE_ERROR_SPACE,            /* white space where none may be */
  BMS_VALIDATE_ERROR_NOT_A_NUMBER,     /* a port that is not all digits */
  BMS_VALIDATE_ERROR_OUT_OF_RANGE,     /* a port outside 1–65535 */
  BMS_VALIDATE_ERROR_NO_AT_SIGN,       /* an address without "@" */
  BMS_VALIDATE_ERROR_BAD_LOCAL_PART,   /* the part before "@" */
  BMS_VALIDATE_ERROR_BAD_DOMAIN,       /* the part after "@", or a host name */
  BMS_VALIDATE_ERROR_WRONG_LENGTH,     /* an app password that is not 16 letters */
  BMS_VALIDATE_ERROR_NOT_LETTERS,      /* an app password with other characters */
  BMS_VALIDATE_ERROR_NO_ENCRYPTION,    /* security "none" where it is refused */
} BmsValidateError;

gboolean  bms_validate_required_text   (const char  *text,
                                        GError     **error);
gboolean  bms_validate_single_line     (const char  *text,
                                        GError     **error);
gboolean  bms_validate_email_address   (const char  *text,
                                        GError     **error);
gboolean  bms_validate_host            (const char  *text,
                                        GError     **error);
gboolean  bms_validate_port            (const char  *text,
                                        guint       *port,
                                        GError     **error);
gboolean  bms_validate_user_name       (const char  *text,
                                        GError     **error);
gboolean  bms_validate_password        (const char  *text,
                                        GError     **error);
gboolean  bms_validate_folder_name     (const char  *text,
                                        GError     **error);
char     *bms_normalize_app_password   (const char  *text);
gboolean  bms_validate_app_password    (const char  *text,
                                        GError     **error);
gboolean  bms_validate_security        (BmsSecurity  security,
                                        const char  *host,
                                        gboolean     plain_text_confirmed,
                                        GError     **error);
gboolean  bms_host_is_gmail            (const char  *host);

/**
 * BmsInputFlags:
 * @BMS_INPUT_TRIM_LINE_BREAKS: remove line breaks at the start and the end,
 *   which come along when one line is copied; a break between two pieces
 *   of text stays, for its rule to report
 * @BMS_INPUT_HALF_WIDTH: fold full-width letters, digits, signs and the
 *   ideographic space to ASCII (NFKC), and "。" to ".": for values where
 *   only ASCII can be meant
 *
 * How a piece of typed or pasted text is cleaned before it reaches a field.
 */
typedef enum {
  BMS_INPUT_TRIM_LINE_BREAKS = 1 << 0,
  BMS_INPUT_HALF_WIDTH       = 1 << 1,
} BmsInputFlags;

char     *bms_normalize_input          (const char     *text,
                                        BmsInputFlags   flags);

G_END_DECLS
