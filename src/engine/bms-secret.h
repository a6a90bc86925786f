/* bms-secret.h: wiping passwords before their memory is given back.
 *
 * A password copied into the program's own memory is overwritten before it
 * is freed, so that a later allocation or a core file does not carry it.
 * Every copy of a password the program makes goes through these.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  bms_secret_wipe   (char  *secret);
void  bms_secret_free   (char  *secret);
void  bms_secret_clear  (char **secret);

G_END_DECLS
