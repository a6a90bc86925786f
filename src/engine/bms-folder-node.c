/* bms-folder-node.c: the server's folders as a tree.
 *
 * LIST gives a flat list of names; people expect a tree. Each level of a
 * name becomes a node, under the node of the level above. A server need not
 * list a parent ("[Gmail]" may be missing while "[Gmail]/ゴミ箱" is there): the
 * parent is then made up from the delimiter, shown, and not choosable.
 *
 * Building costs about one hash of a name per folder and allocates little:
 * a node borrows its names from its folder, its display path is made when
 * asked for, its children stay in an array that a list model wraps only
 * when the chooser expands the node, and siblings are sorted by comparing
 * their names, without collation keys. So
 * 10,000 folders eight levels deep are a matter of milliseconds; the
 * widgets that show the nodes are made only for the rows on screen.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-node.h"
#include "bms-folder-private.h"

/* ------------------------------------------------------------ node lists */

/* A list model over an array of nodes that never changes: the tree's
 * levels and its flattened form. A GListStore would cost an allocation per
 * item and per list. */
#define BMS_TYPE_FOLDER_NODE_LIST (bms_folder_node_list_get_type ())
G_DECLARE_FINAL_TYPE (BmsFolderNodeList, bms_folder_node_list, BMS, FOLDER_NODE_LIST, GObject)

struct _BmsFolderNodeList
{
  GObject    parent_instance;

  GPtrArray *nodes;  /* holding a reference to each, unless @owner does */
  GObject   *owner;  /* NULL, or what keeps the nodes alive */
};

static GType
bms_folder_node_list_get_item_type (GListModel *model)
{
  return BMS_TYPE_FOLDER_NODE;
}

static guint
bms_folder_node_list_get_n_items (GListModel *model)
{
  return BMS_FOLDER_NODE_LIST (model)->nodes->len;
}

static gpointer
bms_folder_node_list_get_item (GListModel *model,
                               guint       position)
{
  GPtrArray *nodes = BMS_FOLDER_NODE_LIST (model)->nodes;

  if (position >= nodes->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (nodes, position));
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
  g_ptr_array_unref (BMS_FOLDER_NODE_LIST (object)->nodes);
  g_clear_object (&BMS_FOLDER_NODE_LIST (object)->owner);

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

/* Takes @nodes, whose free function must unref them. */
static GListModel *
node_list_new (GPtrArray *nodes)
{
  BmsFolderNodeList *self = g_object_new (BMS_TYPE_FOLDER_NODE_LIST, NULL);

  self->nodes = nodes;
  return G_LIST_MODEL (self);
}

/* Takes @nodes, which has no free function: a reference to @owner keeps
 * them alive. The flattened tree is every node again, and taking a
 * reference to each was two thirds of the instructions of flattening (and
 * releasing them as many again, later). */
static GListModel *
node_list_new_borrowing (GPtrArray *nodes,
                         GObject   *owner)
{
  BmsFolderNodeList *self = g_object_new (BMS_TYPE_FOLDER_NODE_LIST, NULL);

  self->nodes = nodes;
  self->owner = g_object_ref (owner);
  return G_LIST_MODEL (self);
}

/* ------------------------------------------------------------ nodes */

struct _BmsFolderNode
{
  GObject        parent_instance;

  /* What walking the tree reads comes first, near the object's header,
   * which every reference reads: flattening 10,000 nodes is a matter of
   * how many cache lines each costs. */
  BmsFolderNode *parent;         /* weak */
  BmsFolderNode **children;      /* holding references; NULL for a leaf */
  guint          n_children;
  guint          index;          /* in the parent's children */
  /* Gathered as a list while the tree is built (each node's first child
   * and next sibling), then put in an array, sorted, once. An only child,
   * the most common, stays in @first_child, and @children points there. */
  BmsFolderNode *first_child;
  BmsFolderNode *next_sibling;
  const char    *name;           /* this level, decoded */
  const char    *wire_name;      /* the whole name up to this level, as on the wire */
  gsize          wire_length;
  BmsFolder     *folder;         /* NULL for a level the server did not list */
  char          *own_names;      /* where the two live when no folder lends them */
  char          *display_path;   /* the whole name, decoded, levels joined by "/"; made when asked for */
  char          *folded;         /* display_path folded for searching, made on the first search */
  GListModel    *children_model; /* made when first asked for */
};

G_DEFINE_FINAL_TYPE (BmsFolderNode, bms_folder_node, G_TYPE_OBJECT)

static void
bms_folder_node_finalize (GObject *object)
{
  BmsFolderNode *self = (BmsFolderNode *)object;

  g_free (self->own_names);
  g_free (self->display_path);
  g_free (self->folded);
  g_clear_object (&self->folder);
  for (guint i = 0; i < self->n_children; i++)
    g_object_unref (self->children[i]);
  if (self->children != &self->first_child)
    g_free (self->children);
  g_clear_object (&self->children_model);

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

/* ------------------------------------------------------------ building */

/* Every node by its wire name, while the tree is built: open addressing
 * over a power-of-two array. A GHashTable of strings hashed each name
 * twice (a lookup, then the insertion) and a prefix of it once more per
 * level looked up; here a name is hashed once, a level is looked up as a
 * slice of the folder's name, not copied, and a slot keeps the hash next
 * to the node's place, so that a search passes other names' slots without
 * reading their nodes, which are long out of the cache by then. */
typedef struct {
  guint32 hash;
  guint32 index;  /* in Builder.all, plus one; 0 for an empty slot */
} Slot;

typedef struct {
  Slot          *slots;
  guint          mask;      /* the number of slots, less one */
  GPtrArray     *all;       /* every node, in the order made */
  GPtrArray     *parents;   /* the nodes that have children, to sort them */
  GPtrArray     *top_level; /* holding references */
  BmsFolderNode *last;      /* the node of the folder added last */
} Builder;

/* FNV-1a over eight bytes at a time: the names are long (levels of
 * Japanese in modified UTF-7), and a byte at a time showed in profiles. */
static guint
hash_name (const char *name,
           gsize       length)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, name + i, 8);
      hash = (hash ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
      hash ^= hash >> 29;
    }
  for (; i < length; i++)
    hash = (hash ^ (guchar) name[i]) * G_GUINT64_CONSTANT (0x100000001b3);

  hash ^= hash >> 32;
  return (guint) hash;
}

static BmsFolderNode *
builder_lookup (Builder    *builder,
                const char *name,
                gsize       length,
                guint       hash)
{
  for (guint i = hash & builder->mask; builder->slots[i].index != 0; i = (i + 1) & builder->mask)
    {
      BmsFolderNode *node;

      if (builder->slots[i].hash != hash)
        continue;

      node = g_ptr_array_index (builder->all, builder->slots[i].index - 1);
      if (node->wire_length == length && memcmp (node->wire_name, name, length) == 0)
        return node;
    }

  return NULL;
}

static void
builder_put (Builder *builder,
             guint    hash,
             guint    index)
{
  guint i;

  for (i = hash & builder->mask; builder->slots[i].index != 0; i = (i + 1) & builder->mask)
    ;
  builder->slots[i].hash = hash;
  builder->slots[i].index = index + 1;
}

static void
builder_insert (Builder       *builder,
                BmsFolderNode *node,
                guint          hash)
{
  /* At most half full, so that a search ends soon. */
  if ((builder->all->len + 1) * 2 > builder->mask + 1)
    {
      Slot *old = builder->slots;
      guint n_old = builder->mask + 1;

      builder->slots = g_new0 (Slot, n_old * 2);
      builder->mask = n_old * 2 - 1;
      for (guint i = 0; i < n_old; i++)
        {
          if (old[i].index != 0)
            builder_put (builder, old[i].hash, old[i].index - 1);
        }
      g_free (old);
    }

  builder_put (builder, hash, builder->all->len);
  g_ptr_array_add (builder->all, node);
}

/* The node of a folder's own level borrows its names from the folder. */
static BmsFolderNode *
folder_node_new (BmsFolder             *folder,
                 const BmsFolderLevels *levels)
{
  BmsFolderNode *self = g_object_new (BMS_TYPE_FOLDER_NODE, NULL);

  self->folder = g_object_ref (folder);
  self->name = levels->leaf_name;
  self->wire_name = levels->wire_name;
  self->wire_length = levels->level_ends[levels->depth - 1];
  return self;
}

/* A level above @folder that the server has not listed (yet): its names
 * are its own, since the folder that lends them need not be the one that
 * is listed for it later. */
static BmsFolderNode *
made_up_node_new (BmsFolder             *folder,
                  const BmsFolderLevels *levels,
                  guint                  level)
{
  BmsFolderNode *self = g_object_new (BMS_TYPE_FOLDER_NODE, NULL);
  const char *name = bms_folder_get_display_path (folder)[level];
  gsize wire_length = levels->level_ends[level];
  gsize name_length = strlen (name);

  self->own_names = g_malloc (wire_length + 1 + name_length + 1);
  memcpy (self->own_names, levels->wire_name, wire_length);
  self->own_names[wire_length] = '\0';
  memcpy (self->own_names + wire_length + 1, name, name_length + 1);
  self->wire_name = self->own_names;
  self->wire_length = wire_length;
  self->name = self->own_names + wire_length + 1;
  return self;
}

/* Takes @node, whose wire name hashes to @hash. */
static BmsFolderNode *
add_node (Builder       *builder,
          BmsFolderNode *parent,
          BmsFolderNode *node,
          guint          hash)
{
  builder_insert (builder, node, hash);

  node->parent = parent;
  if (parent == NULL)
    {
      g_ptr_array_add (builder->top_level, node);
      return node;
    }

  /* Put first, but taken out last (see put_children_in_order()). */
  node->next_sibling = parent->first_child;
  parent->first_child = node;
  if (parent->n_children++ == 0)
    g_ptr_array_add (builder->parents, parent);
  return node;
}

static BmsFolderNode *
find_level (Builder               *builder,
            const BmsFolderLevels *levels,
            guint                  level)
{
  gsize length = levels->level_ends[level];

  return builder_lookup (builder, levels->wire_name, length, hash_name (levels->wire_name, length));
}

/* Servers list a folder's parent before it, and often just before it
 * (Dovecot walks its tree, Gmail sorts by name): the parent is then the
 * last folder's node or one above it, found without hashing a name. */
static BmsFolderNode *
find_recent_parent (Builder               *builder,
                    const BmsFolderLevels *levels)
{
  gsize length = levels->level_ends[levels->depth - 2];

  for (BmsFolderNode *node = builder->last; node != NULL; node = node->parent)
    {
      if (node->wire_length == length && memcmp (node->wire_name, levels->wire_name, length) == 0)
        return node;
    }

  return NULL;
}

/* Up from the folder's parent level to the first that has its node (with
 * a server that lists parents first, the parent itself), then down again,
 * making up the levels between. */
static BmsFolderNode *
find_or_make_parent (Builder               *builder,
                     BmsFolder             *folder,
                     const BmsFolderLevels *levels)
{
  guint own_level = levels->depth - 1;
  guint level = own_level;
  BmsFolderNode *ancestor = find_recent_parent (builder, levels);

  if (ancestor != NULL)
    return ancestor;

  while (level > 0 && (ancestor = find_level (builder, levels, level - 1)) == NULL)
    level--;

  for (; level < own_level; level++)
    {
      BmsFolderNode *made_up = made_up_node_new (folder, levels, level);

      ancestor = add_node (builder, ancestor, made_up,
                           hash_name (made_up->wire_name, made_up->wire_length));
    }

  return ancestor;
}

static void
add_folder (Builder   *builder,
            BmsFolder *folder)
{
  BmsFolderLevels levels;
  gsize wire_length;
  guint hash;
  BmsFolderNode *node;
  BmsFolderNode *parent;

  bms_folder_get_levels (folder, &levels);
  wire_length = levels.level_ends[levels.depth - 1];
  hash = hash_name (levels.wire_name, wire_length);
  node = builder_lookup (builder, levels.wire_name, wire_length, hash);

  /* The folder's own line may come after a child made the level up; the
   * first line of a name that is listed twice counts. */
  if (node != NULL)
    {
      if (node->folder == NULL)
        node->folder = g_object_ref (folder);
      builder->last = node;
      return;
    }

  parent = levels.depth > 1 ? find_or_make_parent (builder, folder, &levels) : NULL;
  builder->last = add_node (builder, parent, folder_node_new (folder, &levels), hash);
}

/* INBOX comes first, as in every mail program; the rest by name, in a
 * "natural" order of our own rather than the locale's collation: a run of
 * digits counts as its number ("2" before "10"), ASCII letters are
 * compared without case, and everything else by code point, which keeps
 * Japanese names together and in the order of the kana tables (hiragana,
 * then katakana, then kanji). Names equal so far are compared byte by byte,
 * and nodes of the same name stay in the server's order (the sort is
 * stable). The locale's collation keys (g_utf8_collate_key_for_filename())
 * cost about 5,000 instructions a name, over a third of the instructions
 * of building a tree of 10,000 folders with 2,000 at the top, and gave a
 * Japanese reader nothing better than code points do. */
static int
compare_names (const char *a,
               const char *b)
{
  const guchar *p = (const guchar *) a;
  const guchar *q = (const guchar *) b;

  while (*p != '\0' && *q != '\0')
    {
      if (g_ascii_isdigit (*p) && g_ascii_isdigit (*q))
        {
          const guchar *p_end;
          const guchar *q_end;
          gsize p_digits;
          gsize q_digits;
          int difference;

          /* Leading zeros do not count: compare the significant digits by
           * their number, then by their values. */
          while (*p == '0' && g_ascii_isdigit (p[1]))
            p++;
          while (*q == '0' && g_ascii_isdigit (q[1]))
            q++;
          for (p_end = p; g_ascii_isdigit (*p_end); p_end++)
            ;
          for (q_end = q; g_ascii_isdigit (*q_end); q_end++)
            ;
          p_digits = p_end - p;
          q_digits = q_end - q;
          if (p_digits != q_digits)
            return p_digits < q_digits ? -1 : 1;
          difference = memcmp (p, q, p_digits);
          if (difference != 0)
            return difference;
          p = p_end;
          q = q_end;
          continue;
        }

      if (*p != *q)
        {
          /* Folded to capitals, so that "[Gmail]" stays after the
           * letters, where the C locale's collation put it; by hand, as
           * g_ascii_toupper() gives a byte above 0x7f back as a negative
           * char. UTF-8 bytes in order are code points in order. */
          int p_folded = g_ascii_islower (*p) ? *p - 'a' + 'A' : *p;
          int q_folded = g_ascii_islower (*q) ? *q - 'a' + 'A' : *q;

          if (p_folded != q_folded)
            return p_folded - q_folded;
        }
      p++;
      q++;
    }

  if (*p != *q)
    return *p < *q ? -1 : 1;

  return strcmp (a, b);
}

/* What the sort reads of a node, side by side: the nodes themselves lie
 * scattered, and reading two of them per comparison was most of the time
 * of sorting 2,000 top-level folders. */
typedef struct {
  const char    *name;
  gboolean       is_inbox;
  BmsFolderNode *node;
} SortItem;

static int
compare_sort_items (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const SortItem *x = a;
  const SortItem *y = b;

  if (x->is_inbox != y->is_inbox)
    return x->is_inbox ? -1 : 1;

  return compare_names (x->name, y->name);
}

static void
sort_nodes (BmsFolderNode **nodes,
            guint           n)
{
  g_autofree SortItem *items = NULL;

  if (n < 2)
    return;

  items = g_new (SortItem, n);
  for (guint i = 0; i < n; i++)
    {
      items[i].name = nodes[i]->name;
      items[i].is_inbox = g_ascii_strcasecmp (nodes[i]->wire_name, "INBOX") == 0;
      items[i].node = nodes[i];
    }

  /* Stable: nodes of the same name stay in the server's order. */
  g_qsort_with_data (items, n, sizeof (SortItem), compare_sort_items, NULL);

  for (guint i = 0; i < n; i++)
    nodes[i] = items[i].node;
}

/* The gathered list becomes the array the tree keeps, sorted. */
static void
put_children_in_order (BmsFolderNode *self)
{
  BmsFolderNode *child = self->first_child;

  if (child == NULL)
    return;

  /* Nothing to sort, no array to allocate, and the child (its index 0,
   * its next sibling NULL) not even read. */
  if (self->n_children == 1)
    {
      self->children = &self->first_child;
      return;
    }

  /* The list has the last child first: read from the end, the array has
   * them in the server's order. */
  self->children = g_new (BmsFolderNode *, self->n_children);
  for (guint i = self->n_children; child != NULL; child = child->next_sibling)
    self->children[--i] = child;
  sort_nodes (self->children, self->n_children);

  for (guint i = 0; i < self->n_children; i++)
    {
      self->children[i]->index = i;
      self->children[i]->next_sibling = NULL;
    }
  self->first_child = NULL;
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
  Builder builder = { NULL, 0, NULL, NULL, NULL, NULL };

  /* Room for every folder without growing when none is made up. */
  builder.mask = 1;
  while (builder.mask + 1 < folders->len * 2 + 2)
    builder.mask = builder.mask * 2 + 1;
  builder.slots = g_new0 (Slot, builder.mask + 1);
  builder.all = g_ptr_array_sized_new (folders->len);
  builder.parents = g_ptr_array_new ();
  builder.top_level = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < folders->len; i++)
    add_folder (&builder, g_ptr_array_index (folders, i));

  /* Only the nodes that have children, not every node again. */
  for (guint i = 0; i < builder.parents->len; i++)
    put_children_in_order (g_ptr_array_index (builder.parents, i));
  g_free (builder.slots);
  g_ptr_array_unref (builder.all);
  g_ptr_array_unref (builder.parents);

  sort_nodes ((BmsFolderNode **) builder.top_level->pdata, builder.top_level->len);
  for (guint i = 0; i < builder.top_level->len; i++)
    ((BmsFolderNode *) g_ptr_array_index (builder.top_level, i))->index = i;

  return node_list_new (builder.top_level);
}

/* ------------------------------------------------------------ reading */

/* The names of the levels from the top down to @self, joined by "/",
 * written from the end: a loop, not a recursion, however deep the tree. */
static char *
make_display_path (BmsFolderNode *self)
{
  gsize length = 0;
  char *path;
  char *end;

  for (BmsFolderNode *level = self; level != NULL; level = level->parent)
    length += strlen (level->name) + 1;

  path = g_malloc (length);
  end = path + length - 1;
  *end = '\0';
  for (BmsFolderNode *level = self; level != NULL; level = level->parent)
    {
      gsize name_length = strlen (level->name);

      end -= name_length;
      memcpy (end, level->name, name_length);
      if (level->parent != NULL)
        *--end = '/';
    }

  return path;
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

  if (self->display_path == NULL)
    self->display_path = make_display_path (self);

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

  /* Made only for the rows that are shown, and for fewer still of them
   * that are expanded: most nodes never need one. */
  if (self->children_model == NULL)
    {
      GPtrArray *children = g_ptr_array_new_full (self->n_children, g_object_unref);

      for (guint i = 0; i < self->n_children; i++)
        g_ptr_array_add (children, g_object_ref (self->children[i]));
      self->children_model = node_list_new (children);
    }

  return self->children_model;
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
    self->folded = bms_folder_node_fold_query (bms_folder_node_get_display_path (self));

  return strstr (self->folded, folded_query) != NULL;
}

/* Every node under @top (@top included) in the order a fully expanded tree
 * shows them: down to the first child, else on to the next sibling of the
 * node or of the nearest ancestor that has one. A loop, not a recursion,
 * however deep the tree. */
static void
append_depth_first (GPtrArray     *flat,
                    BmsFolderNode *top)
{
  BmsFolderNode *node = top;

  for (;;)
    {
      g_ptr_array_add (flat, node);
      if (node->n_children > 0)
        {
          node = node->children[0];
          continue;
        }

      while (node != top && node->index + 1 == node->parent->n_children)
        node = node->parent;
      if (node == top)
        return;
      node = node->parent->children[node->index + 1];
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
  GPtrArray *nodes;
  guint n = g_list_model_get_n_items (tree);

  /* The nodes' own tree keeps them alive; any other model, whose items
   * may be its own to drop, gives each a reference. */
  if (BMS_IS_FOLDER_NODE_LIST (tree))
    {
      GPtrArray *top_level = BMS_FOLDER_NODE_LIST (tree)->nodes;

      nodes = g_ptr_array_new ();
      for (guint i = 0; i < top_level->len; i++)
        append_depth_first (nodes, g_ptr_array_index (top_level, i));

      return node_list_new_borrowing (nodes, G_OBJECT (tree));
    }

  nodes = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsFolderNode) top = g_list_model_get_item (tree, i);

      append_depth_first (nodes, top);
    }
  g_ptr_array_set_free_func (nodes, g_object_unref);
  for (guint i = 0; i < nodes->len; i++)
    g_object_ref (g_ptr_array_index (nodes, i));

  return node_list_new (nodes);
}
