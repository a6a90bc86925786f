/* bms-folder-node.h: the server's folders as a tree.
 *
 * A node is made when a list model hands it out, and lives as long as
 * anyone holds it: the model that handed it out (the tree, a node's
 * children, the flattened tree) keeps it, and a node keeps its parent.
 * The same level gives the same node for as long as it lives. The strings
 * a node returns live as long as any node or model of its tree.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-folder.h"

G_BEGIN_DECLS

#define BMS_TYPE_FOLDER_NODE (bms_folder_node_get_type ())
G_DECLARE_FINAL_TYPE (BmsFolderNode, bms_folder_node, BMS, FOLDER_NODE, GObject)

GListModel    *bms_folder_node_build_tree       (GPtrArray     *folders);
GListModel    *bms_folder_node_flatten          (GListModel    *tree);

const char    *bms_folder_node_get_name         (BmsFolderNode *self);
const char    *bms_folder_node_get_wire_name    (BmsFolderNode *self);
const char    *bms_folder_node_get_display_path (BmsFolderNode *self);
BmsFolder     *bms_folder_node_get_folder       (BmsFolderNode *self);
BmsFolderNode *bms_folder_node_get_parent       (BmsFolderNode *self);
guint          bms_folder_node_get_n_children   (BmsFolderNode *self);
GListModel    *bms_folder_node_dup_children     (BmsFolderNode *self);
gboolean       bms_folder_node_is_selectable    (BmsFolderNode *self);
BmsFolderSpecialUse bms_folder_node_get_special_use (BmsFolderNode *self);
gboolean       bms_folder_node_matches          (BmsFolderNode *self,
                                                 const char    *folded_query);
char          *bms_folder_node_fold_query       (const char    *text);

G_END_DECLS
