/* bms-security.h: how a connection to a mail server is protected.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BmsSecurity:
 * @BMS_SECURITY_NONE: plain text; never offered for Gmail
 * @BMS_SECURITY_SSL_TLS: TLS from the first byte (ports 465, 993)
 * @BMS_SECURITY_STARTTLS: plain greeting, then STARTTLS, required (ports 587, 143)
 *
 * The values of BizMagic's 暗号化通信 field, in the order its list shows them.
 * Profiles keep the nicks ("none", "ssl-tls", "starttls"), so they are
 * written out rather than left to follow the names.
 */
typedef enum {
  BMS_SECURITY_NONE,      /*< nick=none >*/
  BMS_SECURITY_SSL_TLS,   /*< nick=ssl-tls >*/
  BMS_SECURITY_STARTTLS,  /*< nick=starttls >*/
} BmsSecurity;

const char  *bms_security_to_string       (BmsSecurity  security);
gboolean     bms_security_from_string     (const char  *text,
                                           BmsSecurity *security);
const char  *bms_security_get_label       (BmsSecurity  security);

G_END_DECLS

#include "bms-engine-enums.h"
