/* bms-message.h: the test message, as RFC 5322 / MIME bytes.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Builds the test message: Date, From (the display name encoded per
 * RFC 2047 when it is not plain ASCII), To, Subject (likewise), a new
 * Message-ID, MIME-Version, a UTF-8 text/plain body in base64. Every line
 * ends in CRLF, and no line is longer than 78 characters unless an address
 * alone is.
 *
 * @from_display_name: (nullable): the sender's name; none when NULL or empty
 * @subject: (nullable): the translated "BizMagic Mail Setup test" when NULL
 * @body: (nullable): the translated test text when NULL; "\n" line ends
 * @date: (nullable): now when NULL
 * @out_message_id: (out) (optional): the Message-ID, with its angle brackets
 *
 * A control character (CR, LF, tab, …) or invalid UTF-8 in an address, the
 * name or the subject fails with BMS_MAIL_ERROR BMS_PROBLEM_INVALID_INPUT,
 * and so does an address without "@". */
GBytes *bms_message_build (const char  *from_address,
                           const char  *from_display_name,
                           const char  *to_address,
                           const char  *subject,
                           const char  *body,
                           GDateTime   *date,
                           char       **out_message_id,
                           GError     **error);

G_END_DECLS
