/* bms-folder.h: one folder (mailbox) of an IMAP server, as LIST names it.
 *
 * The wire name is what settings keep and what every later command sends;
 * the display name is what people read. Attributes are kept exactly as the
 * server sent them, unknown ones included, so that nothing is lost between
 * the server and the folder tree.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BmsFolderSpecialUse:
 * @BMS_FOLDER_SPECIAL_USE_NONE: an ordinary folder
 * @BMS_FOLDER_SPECIAL_USE_ALL: \All (Gmail's すべてのメール)
 * @BMS_FOLDER_SPECIAL_USE_ARCHIVE: \Archive
 * @BMS_FOLDER_SPECIAL_USE_DRAFTS: \Drafts
 * @BMS_FOLDER_SPECIAL_USE_FLAGGED: \Flagged (Gmail's スター付き)
 * @BMS_FOLDER_SPECIAL_USE_JUNK: \Junk
 * @BMS_FOLDER_SPECIAL_USE_SENT: \Sent
 * @BMS_FOLDER_SPECIAL_USE_TRASH: \Trash
 * @BMS_FOLDER_SPECIAL_USE_IMPORTANT: \Important (Gmail, Dovecot)
 *
 * The RFC 6154 special use of a folder. Gmail's older XLIST names
 * (\AllMail, \Spam, \Starred) map to the same values.
 */
typedef enum {
  BMS_FOLDER_SPECIAL_USE_NONE,
  BMS_FOLDER_SPECIAL_USE_ALL,
  BMS_FOLDER_SPECIAL_USE_ARCHIVE,
  BMS_FOLDER_SPECIAL_USE_DRAFTS,
  BMS_FOLDER_SPECIAL_USE_FLAGGED,
  BMS_FOLDER_SPECIAL_USE_JUNK,
  BMS_FOLDER_SPECIAL_USE_SENT,
  BMS_FOLDER_SPECIAL_USE_TRASH,
  BMS_FOLDER_SPECIAL_USE_IMPORTANT,
} BmsFolderSpecialUse;

#define BMS_TYPE_FOLDER (bms_folder_get_type ())
G_DECLARE_FINAL_TYPE (BmsFolder, bms_folder, BMS, FOLDER, GObject)

/* @delimiter is 0 when the server said NIL (a flat name space).
 * @attributes may be NULL. */
BmsFolder           *bms_folder_new                  (const char         *wire_name,
                                                      gunichar            delimiter,
                                                      const char * const *attributes);

const char          *bms_folder_get_wire_name        (BmsFolder          *self);
const char          *bms_folder_get_display_name     (BmsFolder          *self);
gboolean             bms_folder_get_name_is_valid    (BmsFolder          *self);
gunichar             bms_folder_get_delimiter        (BmsFolder          *self);
const char * const  *bms_folder_get_attributes       (BmsFolder          *self);
gboolean             bms_folder_has_attribute        (BmsFolder          *self,
                                                      const char         *attribute);
gboolean             bms_folder_is_selectable        (BmsFolder          *self);
BmsFolderSpecialUse  bms_folder_get_special_use      (BmsFolder          *self);

/* The levels of the name, split at the delimiter: "[Gmail]/&kc2JgQ-" gives
 * { "[Gmail]", "&kc2JgQ-" } and { "[Gmail]", "重要" }. Always at least one
 * element; empty levels ("a//b") are kept. */
const char * const  *bms_folder_get_wire_path        (BmsFolder          *self);
const char * const  *bms_folder_get_display_path     (BmsFolder          *self);
guint                bms_folder_get_depth            (BmsFolder          *self);
/* The wire name of the parent level, which the server may or may not list
 * itself; NULL at the top level. */
char                *bms_folder_dup_parent_wire_name (BmsFolder          *self);

G_END_DECLS

#include "bms-engine-enums.h"
