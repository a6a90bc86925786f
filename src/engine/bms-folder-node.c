/* bms-folder-node.c: the server's folders as a tree.
 *
 * LIST gives a flat list of names; people expect a tree. Each level of a
 * name becomes a node, under the node of the level above. A server need not
 * list a parent ("[Gmail]" may be missing while "[Gmail]/ゴミ箱" is there): the
 * parent is then made up from the delimiter, shown, and not choosable.
 *
 * Building costs one hash lookup per level of each name, so 10,000 folders
 * eight levels deep are a matter of milliseconds; the widgets that show the
 * nodes are made only for the rows on screen.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-node.h"

struct _BmsFolderNode
{
  GObject        parent_instance;

  char          *name;           /* this level, decoded */
  char          *wire_name;      /* the whole name up to this level, as on the wire */
  char          *display_path;   /* the whole name, decoded, levels joined by "/" */
  char          *folded;         /* display_path folded for searching, made on the first search */
  char          *sort_key;
  BmsFolder     *folder;         /* NULL for a level the server did not list */
  BmsFolderNode *parent;         /* weak */
  GPtrArray     *pending;        /* the children while the tree is being built */
  GListStore    *children;       /* made once they are sorted; a leaf's when asked for */
};

G_DEFINE_FINAL_TYPE (BmsFolderNode, bms_folder_node, G_TYPE_OBJECT)

static void
bms_folder_node_finalize (GObject *object)
{
  BmsFolderNode *self = (BmsFolderNode *)object;

  g_free (self->name);
  g_free (self->wire_name);
  g_free (self->display_path);
  g_free (self->folded);
  g_free (self->sort_key);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->children);

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

static BmsFolderNode *
node_new (BmsFolderNode *parent,
          const char    *name,
          const char    *wire_name)
{
  BmsFolderNode *self = g_object_new (BMS_TYPE_FOLDER_NODE, NULL);
  g_autofree char *collate_key = NULL;

  self->parent = parent;
  self->name = g_strdup (name);
  self->wire_name = g_strdup (wire_name);
  self->display_path = parent != NULL ? g_strconcat (parent->display_path, "/", name, NULL)
                                      : g_strdup (name);

  /* INBOX comes first, as in every mail program; the rest by name. */
  collate_key = g_utf8_collate_key_for_filename (name, -1);
  self->sort_key = g_strconcat (g_ascii_strcasecmp (wire_name, "INBOX") == 0 ? "0" : "1",
                                collate_key, NULL);

  return self;
}

static BmsFolderNode *
find_or_add_level (GHashTable    *nodes,
                   GPtrArray     *top_level,
                   BmsFolderNode *parent,
                   const char    *name,
                   const char    *wire_name)
{
  BmsFolderNode *node = g_hash_table_lookup (nodes, wire_name);

  if (node != NULL)
    return node;

  node = node_new (parent, name, wire_name);
  g_hash_table_insert (nodes, node->wire_name, node);

  /* Children are gathered in an array and put into their store once,
   * sorted: appending them one by one to a GListStore and sorting it there
   * was a third of the time of building a 10,000-folder tree. */
  if (parent != NULL)
    {
      if (parent->pending == NULL)
        parent->pending = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (parent->pending, node);  /* which holds it */
    }
  else
    g_ptr_array_add (top_level, node);

  return node;
}

static void
add_folder (GHashTable *nodes,
            GPtrArray  *top_level,
            BmsFolder  *folder)
{
  const char * const *wire_path = bms_folder_get_wire_path (folder);
  const char * const *display_path = bms_folder_get_display_path (folder);
  gunichar delimiter = bms_folder_get_delimiter (folder);
  char delimiter_text[7] = { 0 };
  g_autoptr(GString) wire_name = g_string_new (NULL);
  BmsFolderNode *node = NULL;

  if (delimiter != 0)
    g_unichar_to_utf8 (delimiter, delimiter_text);

  for (guint level = 0; wire_path[level] != NULL; level++)
    {
      if (level > 0)
        g_string_append (wire_name, delimiter_text);
      g_string_append (wire_name, wire_path[level]);

      node = find_or_add_level (nodes, top_level, node, display_path[level], wire_name->str);
    }

  /* The folder's own line; it may come after a child made the level up. */
  if (node != NULL && node->folder == NULL)
    node->folder = g_object_ref (folder);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  /* Plain casts: a checked one per comparison showed in profiles. */
  return strcmp (((const BmsFolderNode *) a)->sort_key, ((const BmsFolderNode *) b)->sort_key);
}

static int
compare_node_pointers (gconstpointer a,
                       gconstpointer b)
{
  return compare_nodes (*(gpointer *) a, *(gpointer *) b, NULL);
}

static void
sort_children (BmsFolderNode *self)
{
  g_autoptr(GPtrArray) children = g_steal_pointer (&self->pending);

  if (children == NULL)
    return;

  g_ptr_array_sort (children, compare_node_pointers);
  for (guint i = 0; i < children->len; i++)
    sort_children (g_ptr_array_index (children, i));

  self->children = g_list_store_new (BMS_TYPE_FOLDER_NODE);
  g_list_store_splice (self->children, 0, 0, children->pdata, children->len);
}

/**
 * bms_folder_node_build_tree:
 * @folders: (element-type BmsFolder): the folders as LIST gave them
 *
 * Returns: (transfer full): a #GListModel of the top-level #BmsFolderNode,
 *   sorted, INBOX first
 */
GListModel *
bms_folder_node_build_tree (GPtrArray *folders)
{
  g_autoptr(GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) top_level = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store = g_list_store_new (BMS_TYPE_FOLDER_NODE);

  for (guint i = 0; i < folders->len; i++)
    add_folder (nodes, top_level, g_ptr_array_index (folders, i));

  g_ptr_array_sort (top_level, compare_node_pointers);
  for (guint i = 0; i < top_level->len; i++)
    sort_children (g_ptr_array_index (top_level, i));
  g_list_store_splice (store, 0, 0, top_level->pdata, top_level->len);

  return G_LIST_MODEL (store);
}

const char *
bms_folder_node_get_name (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return self->name;
}

const char *
bms_folder_node_get_wire_name (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return self->wire_name;
}

const char *
bms_folder_node_get_display_path (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return self->display_path;
}

BmsFolder *
bms_folder_node_get_folder (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return self->folder;
}

BmsFolderNode *
bms_folder_node_get_parent (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);
  return self->parent;
}

GListModel *
bms_folder_node_get_children (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), NULL);

  /* A leaf's empty store is made only for the rows that are shown. */
  if (self->children == NULL)
    self->children = g_list_store_new (BMS_TYPE_FOLDER_NODE);

  return G_LIST_MODEL (self->children);
}

/* A level the server did not list cannot be chosen: it may not exist. */
gboolean
bms_folder_node_is_selectable (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), FALSE);
  return self->folder != NULL && bms_folder_is_selectable (self->folder);
}

BmsFolderSpecialUse
bms_folder_node_get_special_use (BmsFolderNode *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), BMS_FOLDER_SPECIAL_USE_NONE);

  if (self->folder == NULL)
    return BMS_FOLDER_SPECIAL_USE_NONE;

  return bms_folder_get_special_use (self->folder);
}

gboolean
bms_folder_node_matches (BmsFolderNode *self,
                         const char    *folded_query)
{
  g_return_val_if_fail (BMS_IS_FOLDER_NODE (self), FALSE);

  /* Everything matches the empty query, which the chooser's filter asks
   * about every node when it opens. */
  if (folded_query[0] == '\0')
    return TRUE;

  /* Folding (normalising, then case folding) was a quarter of the time of
   * building a 10,000-folder tree: only a search pays for it. */
  if (self->folded == NULL)
    self->folded = bms_folder_node_fold_query (self->display_path);

  return strstr (self->folded, folded_query) != NULL;
}

static void
append_depth_first (GPtrArray  *flat,
                    GListModel *level)
{
  guint n = g_list_model_get_n_items (level);

  for (guint i = 0; i < n; i++)
    {
      BmsFolderNode *node = g_list_model_get_item (level, i);

      g_ptr_array_add (flat, node);
      if (node->children != NULL)
        append_depth_first (flat, G_LIST_MODEL (node->children));
    }
}

/**
 * bms_folder_node_flatten:
 * @tree: a model from bms_folder_node_build_tree()
 *
 * Returns: (transfer full): every node of @tree, in the order a fully
 *   expanded tree shows them; what the search filters.
 */
GListModel *
bms_folder_node_flatten (GListModel *tree)
{
  GListStore *flat = g_list_store_new (BMS_TYPE_FOLDER_NODE);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (g_object_unref);

  /* Gathered first and stored in one splice, as the children are. */
  append_depth_first (nodes, tree);
  g_list_store_splice (flat, 0, 0, nodes->pdata, nodes->len);
  return G_LIST_MODEL (flat);
}
