/* bms-folder-private.h: what the LIST parser and the folder tree need of a
 * folder beyond its public face.
 *
 * A 10,000-folder answer makes 10,000 folders, and every copy, string
 * vector and second decoding per folder shows in the time it takes: the
 * parser hands over slices of the answer, and the tree reads the levels
 * from offsets instead of from string vectors.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-folder.h"

G_BEGIN_DECLS

/* Bytes that are not NUL-terminated, as they lie in the server's answer. */
typedef struct {
  const char *text;
  gsize       length;
} BmsFolderSlice;

/* As bms_folder_new(), from slices; @wire_name must not contain NUL. */
BmsFolder  *bms_folder_new_from_slices (const BmsFolderSlice *wire_name,
                                        gunichar              delimiter,
                                        const BmsFolderSlice *attributes,
                                        guint                 n_attributes);

/* What the tree reads of every folder, in one call: a call (and a type
 * check) per level end showed in profiles of a 10,000-folder tree. */
typedef struct {
  const char    *wire_name;
  const guint32 *level_ends;  /* per level: the length of the wire name up to
                               * its end, the wire name of that level's node */
  guint          depth;
  const char    *leaf_name;   /* the last level of the display path */
} BmsFolderLevels;

void        bms_folder_get_levels      (BmsFolder            *self,
                                        BmsFolderLevels      *levels);

G_END_DECLS
