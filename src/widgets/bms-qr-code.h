/* bms-qr-code.h: a web address to hand to the employee: shown, copyable,
 * and as a QR code for the employee's phone.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The QR code of @text as a texture, each module @module_pixels square,
 * with the quiet zone of four modules the standard asks for; NULL when the
 * text is too long for a QR code. */
GdkTexture *bms_qr_code_render (const char *text,
                                int         module_pixels);

#define BMS_TYPE_LINK_SHARE (bms_link_share_get_type ())
G_DECLARE_FINAL_TYPE (BmsLinkShare, bms_link_share, BMS, LINK_SHARE, GtkBox)

GtkWidget  *bms_link_share_new     (const char   *uri);
const char *bms_link_share_get_uri (BmsLinkShare *self);
void        bms_link_share_set_uri (BmsLinkShare *self,
                                    const char   *uri);

G_END_DECLS
