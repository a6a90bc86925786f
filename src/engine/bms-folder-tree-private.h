/* bms-folder-tree-private.h: the folder tree's data, shared by the code
 * that builds it (bms-folder-tree.c) and the nodes and list models that
 * read it (bms-folder-node.c).
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-folder-node.h"

G_BEGIN_DECLS

#define BMS_FOLDER_NO_ENTRY G_MAXUINT

/* One level of the tree: what building, sorting and walking it read,
 * kept small (48 bytes), since 10,000 of them are written at once. */
typedef struct {
  guint       parent;        /* its entry, or BMS_FOLDER_NO_ENTRY at the top level */
  guint       position;      /* where it lies in BmsFolderTree.order, among its siblings */
  guint       first_child;   /* where its children begin in BmsFolderTree.order */
  guint       n_children;
  guint       wire_length;
  const char *name;          /* this level, decoded */
  const char *wire_name;     /* the whole name up to this level, as on the wire */
  BmsFolder  *folder;        /* holding a reference; NULL for a level the server did not list */
} BmsFolderEntry;

/* What only the nodes need of a level, made with the first node. */
typedef struct {
  BmsFolderNode *node;          /* the node made for it while one lives; no reference */
  char          *display_path;  /* the whole name, decoded, levels joined by "/"; made when asked for */
  char          *folded;        /* display_path folded for searching, made on the first search */
} BmsFolderEntryExtras;

/* Shared, with a reference count, by every node and list model of one
 * tree, which read it from any of them; it holds no node, so that nodes
 * can hold it without a cycle. */
typedef struct {
  BmsFolderEntry       *entries;
  guint                 n_entries;
  /* The top-level entries, then the children of every parent, each
   * parent's side by side and sorted: BmsFolderEntry.position and
   * BmsFolderEntry.first_child point here. */
  guint                *order;
  guint                 n_top_level;
  GPtrArray            *made_up_names;  /* the names of levels no folder lends them, or NULL */
  BmsFolderEntryExtras *extras;         /* one per entry once a node is made, else NULL */
} BmsFolderTree;

BmsFolderTree *bms_folder_tree_build (GPtrArray     *folders);
BmsFolderTree *bms_folder_tree_ref   (BmsFolderTree *tree);
void           bms_folder_tree_unref (BmsFolderTree *tree);

G_END_DECLS
