/* bms-folder-node.c: the server's folders as a tree.
 *
 * LIST gives a flat list of names; people expect a tree. Each level of a
 * name becomes a node, under the node of the level above. A server need not
 * list a parent ("[Gmail]" may be missing while "[Gmail]/ゴミ箱" is there): the
 * parent is then made up from the delimiter, shown, and not choosable.
 *
 * The tree is built as an array of plain entries, one per level, whose
 * children lie side by side in one array of positions, sorted; a
 * BmsFolderNode is made for an entry only when a list model hands it out
 * (the chooser shows a few dozen rows of a 10,000-folder tree). Making a
 * GObject for each of 10,000 folders was about 5.4 M of the 13.8 M
 * instructions of building the benchmark's tree and most of its time,
 * with the cache misses of writing 10,000 objects and walking them again
 * to flatten the tree. An entry borrows its names from its folder, and its
 * display path and folded form are made when first asked for. The tree's
 * data is in bms-folder-tree-private.h, its building in bms-folder-tree.c.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-private.h"
#include "bms-folder-tree-private.h"

/* ------------------------------------------------------------ nodes */

struct _BmsFolderNode
{
  GObject        parent_instance;

  BmsFolderTree *tree;
  guint          entry;
  BmsFolderNode *parent;  /* holding a reference: bms_folder_node_get_parent() lends it */
};

G_DEFINE_FINAL_TYPE (BmsFolderNode, bms_folder_node, G_TYPE_OBJECT)

static void
bms_folder_node_finalize (GObject *object)
{
  BmsFolderNode *self = (BmsFolderNode *) object;

  self->tree->extras[self->entry].node = NULL;
  g_clear_object (&self->parent);
  bms_folder_tree_unref (self->tree);

  G_OBJECT_CLASS (bms_folder_node_parent_class)->finalize (object);
}

static void
bms_folder_node_class_init (BmsFolderNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bms_folder_node_finalize;
}

static void
bms_folder_node_init (BmsFolderNode *self)
{
}

/* The node of entry @index, made unless one lives: the same entry gives
 * the same node as long as anyone holds it. Returns a new reference. */
static BmsFolderNode *
node_for_entry (BmsFolderTree *tree,
                guint          index)
{
  BmsFolderNode *self;

  if (tree->extras == NULL)
    tree->extras = g_new0 (BmsFolderEntryExtras, tree->n_entries);
  if (tree->extras[index].node != NULL)
    return g_object_ref (tree->extras[index].node);

  self = g_object_new (BMS_TYPE_FOLDER_NODE, NULL);
  self->tree = bms_folder_tree_ref (tree);
  self->entry = index;
  if (tree->entries[index].parent != BMS_FOLDER_NO_ENTRY)
    self->parent = node_for_entry (tree, tree->entries[index].parent);
  tree->extras[index].node = self;
  return self;
}

static BmsFolderEntry *
node_entry (BmsFolderNode *self)
{
  return &self->tree->entries[self->entry];
}

static BmsFolderEntryExtras *
node_extras (BmsFolderNode *self)
{
  return &self->tree->extras[self->entry];
}

/* ------------------------------------------------------------ node lists */

/* A list model over positions of a tree's entries that never change: the
 * top level, a node's children, the flattened tree. It keeps the nodes it
 * has handed out, so that a node is the same each time it is asked for;
 * a GListStore would have needed every node made beforehand. */
#define BMS_TYPE_FOLDER_NODE_LIST (bms_folder_node_list_get_type ())
G_DECLARE_FINAL_TYPE (BmsFolderNodeList, bms_folder_node_list, BMS, FOLDER_NODE_LIST, GObject)

struct _BmsFolderNodeList
{
  GObject         parent_instance;

  BmsFolderTree  *tree;
  const guint    *entries;        /* in the tree's order, or own_entries */
  guint          *own_entries;
  guint           n_entries;
  BmsFolderNode **nodes;          /* those handed out, holding references; made at the first */
};

static GType
bms_folder_node_list_get_item_type (GListModel *model)
{
  return BMS_TYPE_FOLDER_NODE;
}

static guint
bms_folder_node_list_get_n_items (GListModel *model)
{
  return BMS_FOLDER_NODE_LIST (model)->n_entries;
}

static gpointer
bms_folder_node_list_get_item (GListModel *model,
                               guint       position)
{
  BmsFolderNodeList *self = BMS_FOLDER_NODE_LIST (model);

  if (position >= self->n_entries)
    return NULL;

  if (self->nodes == NULL)
    self->nodes = g_new0 (BmsFolderNode *, self->n_entries);
  if (self->nodes[position] == NULL)
    self->nodes[position] = node_for_entry (self->tree, self->entries[position]);

  return g_object_ref (self->nodes[position]);
}

static void
bms_folder_node_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bms_folder_node_list_get_item_type;
  iface->get_n_items = bms_folder_node_list_get_n_items;
  iface->get_item = bms_folder_node_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BmsFolderNodeList, bms_folder_node_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bms_folder_node_list_model_init))

static void
bms_folder_node_list_finalize (GObject *object)
{
  BmsFolderNodeList *self = BMS_FOLDER_NODE_LIST (object);

  if (self->nodes != NULL)
    {
      for (guint i = 0; i < self->n_entries; i++)
        g_clear_object (&self->nodes[i]);
      g_free (self->nodes);
    }
  g_free (self->own_entries);
  bms_folder_tree_unref (self->tree);

  G_OBJECT_CLASS (bms_folder_node_list_parent_class)->finalize (object);
}

static void
bms_folder_node_list_class_init (BmsFolderNodeListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bms_folder_node_list_finalize;
}

static void
bms_folder_node_list_init (BmsFolderNodeList *self)
{
}

/* A list of @n entries of @tree, from @entries, which the tree holds. */
static BmsFolderNodeList *
node_list_new (BmsFolderTree *tree,
               const guint   *entries,
               guint          n)
{
  BmsFolderNodeList *self = g_object_new (BMS_TYPE_FOLDER_NODE_LIST, NULL);

  self->tree = bms_folder_tree_ref (tree);
  self->entries = entries;
  self->n_entries = n;
  return self;
}

/* As node_list_new(), taking @entries, which are the list's own. */
static BmsFolderNodeList *
node_list_new_taking (BmsFolderTree *tree,
                      guint         *entries,
                      guint          n)
{
  BmsFolderNodeList *self = node_list_new (tree, entries, n);

  self->own_entries = entries;
  return self;
}

/* ------------------------------------------------------------ searching */

/* Full-width and half-width forms, and upper and lower case, match each
 * other: "ｇｍａｉｌ" finds "[Gmail]", "めーる" does not find "メール" (kana
 * are not folded: they are different words to a Japanese reader). */
char *
bms_folder_node_fold_query (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL_COMPOSE);

  if (normalized == NULL)
    return g_strdup ("");

  return g_utf8_casefold (normalized, -1);
}

/**
 * bms_folder_node_build_tree:
 * @folders: (element-type BmsFolder): the folders as LIST gave them
 *
 * Returns: (transfer full): a #GListModel of the top-level #BmsFolderNode,
 *   sorted, INBOX first; the nodes are made as it hands them out
 */
GListModel *
bms_folder_node_build_tree (GPtrArray *folders)
{
  BmsFolderTree     *tree;
  BmsFolderNodeList *top_level;

  g_return_val_if_fail (folders != NULL, NULL);

  tree = bms_folder_tree_build (folders);
  top_level = node_list_new (tree, tree->order, tree->n_top_level);
  bms_folder_tree_unref (tree);

  return G_LIST_MODEL (top_level);
}

/* ------------------------------------------------------------ reading */

/* The names of the levels from the top down to @index, joined by "/",
 * written from the end: a loop, not a recursion, however deep the tree. */
static char *
make_display_path (const BmsFolderTree *tree,
                   guint                index)
{
  gsize length = 0;
  guint level = index;
  char *path;
  char *end;

  do
    {
      length += strlen (tree->entries[level].name) + 1;
      level = tree->entries[level].parent;
    }
  while (level != BMS_FOLDER_NO_ENTRY);

  path = g_malloc (length);
  end = path + length - 1;
  *end = '\0';
  for (level = index; level != BMS_FOLDER_NO_ENTRY; level = tree->entries[level].parent)
    {
      const BmsFolderEntry *entry = &tree->entries[level];
      gsize name_length = strlen (entry->name);

      end -= name_length;
      memcpy (end, entry->name, name_length);
      if (entry->parent != BMS_FOLDER_NO_ENTRY)
        *--end = '/';
    }

  return path;
}

const char *
bms_folder_node_get_name (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return node_entry (self)->name;
}

const char *
bms_folder_node_get_wire_name (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return node_entry (self)->wire_name;
}

const char *
bms_folder_node_get_display_path (BmsFolderNode *self)
{
  BmsFolderEntryExtras *extras;

  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);

  extras = node_extras (self);
  if (extras->display_path == NULL)
    extras->display_path = make_display_path (self->tree, self->entry);

  return extras->display_path;
}

BmsFolder *
bms_folder_node_get_folder (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return node_entry (self)->folder;
}

BmsFolderNode *
bms_folder_node_get_parent (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return self->parent;
}

guint
bms_folder_node_get_n_children (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), 0);
  return node_entry (self)->n_children;
}

/**
 * bms_folder_node_dup_children:
 * @self: a node
 *
 * Returns: (transfer full): a #GListModel of the #BmsFolderNode under
 *   @self, sorted, made as it hands them out
 */
GListModel *
bms_folder_node_dup_children (BmsFolderNode *self)
{
  const BmsFolderEntry *entry;

  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);

  entry = node_entry (self);
  return G_LIST_MODEL (node_list_new (self->tree, self->tree->order + entry->first_child,
                                      entry->n_children));
}

/* A level the server did not list cannot be chosen: it may not exist. */
gboolean
bms_folder_node_is_selectable (BmsFolderNode *self)
{
  BmsFolder *folder;

  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), FALSE);

  folder = node_entry (self)->folder;
  return folder != NULL && bms_folder_is_selectable (folder);
}

BmsFolderSpecialUse
bms_folder_node_get_special_use (BmsFolderNode *self)
{
  BmsFolder *folder;

  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), BMS_FOLDER_SPECIAL_USE_NONE);

  folder = node_entry (self)->folder;
  if (folder == NULL)
    return BMS_FOLDER_SPECIAL_USE_NONE;

  return bms_folder_get_special_use (folder);
}

gboolean
bms_folder_node_matches (BmsFolderNode *self,
                         const char    *folded_query)
{
  BmsFolderEntryExtras *extras;

  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), FALSE);

  /* Everything matches the empty query. */
  if (folded_query[0] == '\0')
    return TRUE;

  /* Folding (normalising, then case folding) was a quarter of the time of
   * building a 10,000-folder tree: only a search pays for it, once. */
  extras = node_extras (self);
  if (extras->folded == NULL)
    extras->folded = bms_folder_node_fold_query (bms_folder_node_get_display_path (self));

  return strstr (extras->folded, folded_query) != NULL;
}

/* ------------------------------------------------------------ flattening */

/* The entries from @first, @n siblings side by side in the tree's order,
 * each followed by everything under it, in the order a fully expanded tree
 * shows them: down to the first child, else on to the next sibling of the
 * entry or of the nearest ancestor that has one. A loop, not a recursion,
 * however deep the tree. Writes them at @flat, which has room for every
 * entry of the tree, and returns how many it wrote. */
static guint
walk_depth_first (const BmsFolderTree *tree,
                  guint               *flat,
                  guint                first,
                  guint                n)
{
  guint end = first + n;  /* of the siblings the walk began with */
  guint position = first;
  guint depth = 0;
  guint written = 0;

  if (n == 0)
    return 0;

  for (;;)
    {
      guint index = tree->order[position];
      const BmsFolderEntry *entry = &tree->entries[index];

      flat[written++] = index;
      if (entry->n_children > 0)
        {
          position = entry->first_child;
          depth++;
          continue;
        }

      for (;;)
        {
          const BmsFolderEntry *parent = depth > 0 ? &tree->entries[entry->parent] : NULL;
          guint siblings_end = parent != NULL ? parent->first_child + parent->n_children : end;

          if (position + 1 < siblings_end)
            {
              position++;
              break;
            }
          if (parent == NULL)
            return written;

          entry = parent;
          position = entry->position;
          depth--;
        }
    }
}

/**
 * bms_folder_node_flatten:
 * @tree: a model from bms_folder_node_build_tree(), or a node's children
 *
 * Returns: (transfer full): every node of @tree, in the order a fully
 *   expanded tree shows them; what the search filters. The nodes are made
 *   as it hands them out.
 */
GListModel *
bms_folder_node_flatten (GListModel *tree)
{
  BmsFolderNodeList *list;
  guint *flat;
  guint n;

  g_return_val_if_fail (BMS_IS_FOLDER_NODE_LIST (tree), NULL);

  list = BMS_FOLDER_NODE_LIST (tree);
  /* A flat list's entries are its own, not a run of the tree's order. */
  g_return_val_if_fail (list->own_entries == NULL, NULL);

  flat = g_new (guint, MAX (list->tree->n_entries, 1));
  n = walk_depth_first (list->tree, flat, list->entries - list->tree->order, list->n_entries);

  return G_LIST_MODEL (node_list_new_taking (list->tree, flat, n));
}
