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
 * display path and folded form are made when first asked for.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-node.h"
#include "bms-folder-private.h"

#define NO_ENTRY G_MAXUINT

/* ------------------------------------------------------------ the tree's data */

/* One level of the tree: what building, sorting and walking it read,
 * kept small (48 bytes), since 10,000 of them are written at once. */
typedef struct {
  guint       parent;        /* its entry, or NO_ENTRY at the top level */
  guint       position;      /* where it lies in Tree.order, among its siblings */
  guint       first_child;   /* where its children begin in Tree.order */
  guint       n_children;
  guint       wire_length;
  const char *name;          /* this level, decoded */
  const char *wire_name;     /* the whole name up to this level, as on the wire */
  BmsFolder  *folder;        /* holding a reference; NULL for a level the server did not list */
} Entry;

/* What only the nodes need of a level, made with the first node. */
typedef struct {
  BmsFolderNode *node;          /* the node made for it while one lives; no reference */
  char          *display_path;  /* the whole name, decoded, levels joined by "/"; made when asked for */
  char          *folded;        /* display_path folded for searching, made on the first search */
} EntryExtras;

/* Shared, with a reference count, by every node and list model of one
 * tree, which read it from any of them; it holds no node, so that nodes
 * can hold it without a cycle. */
typedef struct {
  Entry       *entries;
  guint        n_entries;
  /* The top-level entries, then the children of every parent, each
   * parent's side by side and sorted: Entry.position and
   * Entry.first_child point here. */
  guint       *order;
  guint        n_top_level;
  GPtrArray   *made_up_names;  /* the names of levels no folder lends them, or NULL */
  EntryExtras *extras;         /* one per entry once a node is made, else NULL */
} Tree;

static void
tree_clear (gpointer data)
{
  Tree *tree = data;

  for (guint i = 0; i < tree->n_entries; i++)
    g_clear_object (&tree->entries[i].folder);
  if (tree->extras != NULL)
    {
      for (guint i = 0; i < tree->n_entries; i++)
        {
          g_free (tree->extras[i].display_path);
          g_free (tree->extras[i].folded);
        }
    }
  g_clear_pointer (&tree->made_up_names, g_ptr_array_unref);
  g_free (tree->extras);
  g_free (tree->entries);
  g_free (tree->order);
}

static Tree *
tree_ref (Tree *tree)
{
  return g_atomic_rc_box_acquire (tree);
}

static void
tree_unref (Tree *tree)
{
  g_atomic_rc_box_release_full (tree, tree_clear);
}

/* ------------------------------------------------------------ nodes */

struct _BmsFolderNode
{
  GObject        parent_instance;

  Tree          *tree;
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
  tree_unref (self->tree);

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
node_for_entry (Tree  *tree,
                guint  index)
{
  BmsFolderNode *self;

  if (tree->extras == NULL)
    tree->extras = g_new0 (EntryExtras, tree->n_entries);
  if (tree->extras[index].node != NULL)
    return g_object_ref (tree->extras[index].node);

  self = g_object_new (BMS_TYPE_FOLDER_NODE, NULL);
  self->tree = tree_ref (tree);
  self->entry = index;
  if (tree->entries[index].parent != NO_ENTRY)
    self->parent = node_for_entry (tree, tree->entries[index].parent);
  tree->extras[index].node = self;
  return self;
}

static Entry *
node_entry (BmsFolderNode *self)
{
  return &self->tree->entries[self->entry];
}

static EntryExtras *
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

  Tree           *tree;
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
  tree_unref (self->tree);

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
node_list_new (Tree        *tree,
               const guint *entries,
               guint        n)
{
  BmsFolderNodeList *self = g_object_new (BMS_TYPE_FOLDER_NODE_LIST, NULL);

  self->tree = tree_ref (tree);
  self->entries = entries;
  self->n_entries = n;
  return self;
}

/* As node_list_new(), taking @entries, which are the list's own. */
static BmsFolderNodeList *
node_list_new_taking (Tree  *tree,
                      guint *entries,
                      guint  n)
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

/* ------------------------------------------------------------ building */

/* Every entry by its wire name, while the tree is built: open addressing
 * over a power-of-two array. A GHashTable of strings hashed each name
 * twice (a lookup, then the insertion) and a prefix of it once more per
 * level looked up; here a name is hashed once, a level is looked up as a
 * slice of the folder's name, not copied, and a slot keeps the hash next
 * to the entry's index, so that a search passes other names' slots
 * without reading their entries. */
typedef struct {
  guint32 hash;
  guint32 index;  /* of the entry, plus one; 0 for an empty slot */
} Slot;

typedef struct {
  Tree   *tree;
  guint   allocated;     /* room in tree->entries */
  Slot   *slots;
  guint   mask;          /* the number of slots, less one */
  guint   slots_hold;    /* entries before the slots must grow */
  guint   n_top_level;
  guint   last;          /* the entry of the folder added last, or NO_ENTRY */
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

static guint
builder_lookup (Builder    *builder,
                const char *name,
                gsize       length,
                guint       hash)
{
  for (guint i = hash & builder->mask; builder->slots[i].index != 0; i = (i + 1) & builder->mask)
    {
      const Entry *entry;

      if (builder->slots[i].hash != hash)
        continue;

      entry = &builder->tree->entries[builder->slots[i].index - 1];
      if (entry->wire_length == length && memcmp (entry->wire_name, name, length) == 0)
        return builder->slots[i].index - 1;
    }

  return NO_ENTRY;
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

/* The number of slots for @n entries: at most three quarters full, so
 * that a search ends within a cache line or two. The table is fresh memory
 * each time, every page of it a page fault the first time it is written:
 * at most half full, it was twice as large, and its page faults were
 * about a tenth of the time of building the benchmark's tree (perf). */
static guint
n_slots_for (guint n)
{
  guint n_slots = 16;

  while (n_slots / 4 * 3 < n)
    n_slots *= 2;

  return n_slots;
}

static void
builder_make_slots (Builder *builder,
                    guint    n_entries)
{
  guint n_slots = n_slots_for (n_entries);

  builder->slots = g_new0 (Slot, n_slots);
  builder->mask = n_slots - 1;
  builder->slots_hold = n_slots / 4 * 3;
}

static void
builder_grow_slots (Builder *builder)
{
  Slot *old = builder->slots;
  guint n_old = builder->mask + 1;

  builder_make_slots (builder, builder->tree->n_entries + 1);
  for (guint i = 0; i < n_old; i++)
    {
      if (old[i].index != 0)
        builder_put (builder, old[i].hash, old[i].index - 1);
    }
  g_free (old);
}

/* Room for one entry more: only levels that no folder of the list names
 * (made up) can need more than the folders. */
static void
builder_grow_entries (Builder *builder)
{
  guint more = builder->allocated * 2;

  builder->tree->entries = g_renew (Entry, builder->tree->entries, more);
  builder->allocated = more;
}

/* A new entry under @parent, whose wire name hashes to @hash; its names
 * are to be set by the caller. */
static guint
add_entry (Builder *builder,
           guint    parent,
           guint    hash)
{
  guint index = builder->tree->n_entries;
  Entry *entry;

  if (index == builder->allocated)
    builder_grow_entries (builder);
  if (index + 1 > builder->slots_hold)
    builder_grow_slots (builder);

  builder->tree->n_entries++;
  entry = &builder->tree->entries[index];
  memset (entry, 0, sizeof *entry);
  entry->parent = parent;
  if (parent == NO_ENTRY)
    builder->n_top_level++;
  else
    builder->tree->entries[parent].n_children++;

  builder_put (builder, hash, index);
  return index;
}

/* The entry of a folder's own level borrows its names from the folder. */
static void
set_folder_names (Entry                 *entry,
                  BmsFolder             *folder,
                  const BmsFolderLevels *levels)
{
  entry->folder = g_object_ref (folder);
  entry->name = levels->leaf_name;
  entry->wire_name = levels->wire_name;
  entry->wire_length = levels->level_ends[levels->depth - 1];
}

/* A level above @folder that the server has not listed (yet): its names
 * are the tree's own, since the folder that lends them need not be the one
 * that is listed for it later. */
static void
set_made_up_names (Tree                  *tree,
                   Entry                 *entry,
                   BmsFolder             *folder,
                   const BmsFolderLevels *levels,
                   guint                  level)
{
  const char *name = bms_folder_get_display_path (folder)[level];
  gsize wire_length = levels->level_ends[level];
  gsize name_length = strlen (name);
  char *names = g_malloc (wire_length + 1 + name_length + 1);

  memcpy (names, levels->wire_name, wire_length);
  names[wire_length] = '\0';
  memcpy (names + wire_length + 1, name, name_length + 1);
  entry->wire_name = names;
  entry->wire_length = wire_length;
  entry->name = names + wire_length + 1;

  if (tree->made_up_names == NULL)
    tree->made_up_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (tree->made_up_names, names);
}

static guint
find_level (Builder               *builder,
            const BmsFolderLevels *levels,
            guint                  level)
{
  gsize length = levels->level_ends[level];

  return builder_lookup (builder, levels->wire_name, length, hash_name (levels->wire_name, length));
}

/* Servers list a folder's parent before it, and often just before it
 * (Dovecot walks its tree, Gmail sorts by name): the parent is then the
 * last folder's entry or one above it, found without hashing a name. */
static guint
find_recent_parent (Builder               *builder,
                    const BmsFolderLevels *levels)
{
  gsize length = levels->level_ends[levels->depth - 2];

  for (guint index = builder->last; index != NO_ENTRY; index = builder->tree->entries[index].parent)
    {
      const Entry *entry = &builder->tree->entries[index];

      if (entry->wire_length == length && memcmp (entry->wire_name, levels->wire_name, length) == 0)
        return index;
    }

  return NO_ENTRY;
}

/* Up from the folder's parent level to the first that has its entry (with
 * a server that lists parents first, the parent itself), then down again,
 * making up the levels between. */
static guint
find_or_make_parent (Builder               *builder,
                     BmsFolder             *folder,
                     const BmsFolderLevels *levels)
{
  guint own_level = levels->depth - 1;
  guint level = own_level;
  guint ancestor = find_recent_parent (builder, levels);

  if (ancestor != NO_ENTRY)
    return ancestor;

  while (level > 0 && (ancestor = find_level (builder, levels, level - 1)) == NO_ENTRY)
    level--;

  for (; level < own_level; level++)
    {
      gsize length = levels->level_ends[level];

      ancestor = add_entry (builder, ancestor, hash_name (levels->wire_name, length));
      set_made_up_names (builder->tree, &builder->tree->entries[ancestor], folder, levels, level);
    }

  return ancestor;
}

/* What building reads of a folder. */
typedef struct {
  BmsFolder       *folder;
  BmsFolderLevels  levels;
  guint            hash;  /* of the whole wire name */
} FolderView;

static void
add_folder (Builder          *builder,
            const FolderView *view)
{
  const BmsFolderLevels *levels = &view->levels;
  gsize wire_length = levels->level_ends[levels->depth - 1];
  guint index = builder_lookup (builder, levels->wire_name, wire_length, view->hash);
  guint parent;

  /* The folder's own line may come after a child made the level up; the
   * first line of a name that is listed twice counts. */
  if (index != NO_ENTRY)
    {
      if (builder->tree->entries[index].folder == NULL)
        builder->tree->entries[index].folder = g_object_ref (view->folder);
      builder->last = index;
      return;
    }

  parent = levels->depth > 1 ? find_or_make_parent (builder, view->folder, levels) : NO_ENTRY;
  index = add_entry (builder, parent, view->hash);
  set_folder_names (&builder->tree->entries[index], view->folder, levels);
  builder->last = index;
}

/* Asks the processor to start reading @address into its cache. */
static inline void
prefetch (const void *address)
{
#if defined (__GNUC__)
  __builtin_prefetch (address);
#endif
}

/* Folders are read a window at a time before they are added: the folders
 * of a long list have left the cache by the time their tree is built, and
 * reading one after adding the one before left the processor waiting for
 * each in turn (cache misses were most of the time of building the
 * benchmark's tree). While a window's objects are read, the next window's
 * are asked for; then the window's names, once the objects say where they
 * are; then the slots the names will be looked up in. */
#define WINDOW 32

static void
add_folders (Builder   *builder,
             GPtrArray *folders)
{
  FolderView views[WINDOW];

  for (guint start = 0; start < folders->len; start += WINDOW)
    {
      guint n = MIN (WINDOW, folders->len - start);

      for (guint i = 0; i < n; i++)
        {
          FolderView *view = &views[i];

          if (start + WINDOW + i < folders->len)
            prefetch (g_ptr_array_index (folders, start + WINDOW + i));
          view->folder = g_ptr_array_index (folders, start + i);
          bms_folder_get_levels (view->folder, &view->levels);
          prefetch (view->levels.level_ends);
        }

      for (guint i = 0; i < n; i++)
        {
          FolderView *view = &views[i];
          const BmsFolderLevels *levels = &view->levels;

          view->hash = hash_name (levels->wire_name, levels->level_ends[levels->depth - 1]);
          prefetch (&builder->slots[view->hash & builder->mask]);
        }

      for (guint i = 0; i < n; i++)
        add_folder (builder, &views[i]);
    }
}

/* ------------------------------------------------------------ sorting */

/* INBOX comes first, as in every mail program; the rest by name, in a
 * "natural" order of our own rather than the locale's collation: a run of
 * digits counts as its number ("2" before "10"; leading zeros do not
 * count), ASCII letters are compared without case, and everything else by
 * code point, which keeps Japanese names together and in the order of the
 * kana tables (hiragana, then katakana, then kanji). Names equal so far
 * are compared byte by byte, and entries of the same name stay in the
 * server's order (the sort is stable). The locale's collation keys
 * (g_utf8_collate_key_for_filename()) cost about 5,000 instructions a
 * name, over a third of the instructions of building a tree of 10,000
 * folders with 2,000 at the top, and gave a Japanese reader nothing better
 * than code points do.
 *
 * Each name is made once into a key that memcmp() puts in that order:
 * ASCII letters in capitals, other bytes as they are, and a run of digits
 * as "0" (which stands where any digit would against a byte that is not
 * one), its number of significant digits in four bytes, most significant
 * first, then those digits. Comparing the names themselves, a byte at a
 * time with the digit runs read as numbers, cost about 120 instructions a
 * comparison and read each name again from its folder: sorting the
 * benchmark's 2,226 top-level folders took 4.4 M instructions, now 2.8 M
 * with the keys made. */
/* The most bytes the key of a name of @length bytes can take: the first,
 * then five more at most for a run of digits, and every other byte
 * starts a run. */
static gsize
max_sort_key_length (gsize length)
{
  return 1 + length + 5 * ((length + 1) / 2);
}

/* Writes the key of @entry at @key, which has room for the largest, and
 * returns where it ends. INBOX comes first: its key starts with 0, every
 * other one with 1. */
static guint8 *
write_sort_key (guint8      *key,
                const Entry *entry)
{
  const guchar *p = (const guchar *) entry->name;
  gboolean is_inbox = entry->wire_length == 5 &&
                      g_ascii_strncasecmp (entry->wire_name, "INBOX", 5) == 0;

  *key++ = is_inbox ? 0 : 1;
  while (*p != '\0')
    {
      const guchar *digits;
      guint32 n_digits;

      if (!g_ascii_isdigit (*p))
        {
          *key++ = g_ascii_islower (*p) ? *p - 'a' + 'A' : *p;
          p++;
          continue;
        }

      while (*p == '0' && g_ascii_isdigit (p[1]))
        p++;
      for (digits = p; g_ascii_isdigit (*p); p++)
        ;
      n_digits = p - digits;
      *key++ = '0';
      *key++ = n_digits >> 24;
      *key++ = n_digits >> 16;
      *key++ = n_digits >> 8;
      *key++ = n_digits;
      memcpy (key, digits, n_digits);
      key += n_digits;
    }

  return key;
}

/* What the sort reads of an entry, side by side. */
typedef struct {
  const guint8 *key;
  guint         key_length;
  guint         entry;
} SortItem;

static int
compare_sort_items (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const SortItem *x = a;
  const SortItem *y = b;
  const Tree *tree = user_data;
  int difference;

  difference = memcmp (x->key, y->key, MIN (x->key_length, y->key_length));
  if (difference != 0)
    return difference;
  if (x->key_length != y->key_length)
    return x->key_length < y->key_length ? -1 : 1;

  return strcmp (tree->entries[x->entry].name, tree->entries[y->entry].name);
}

/* Sorts the @n entries in @order. */
static void
sort_entries (const Tree *tree,
              guint      *order,
              guint       n)
{
  g_autofree SortItem *items = NULL;
  g_autofree guint8 *keys = NULL;
  gsize keys_size = 0;
  guint8 *key;

  if (n < 2)
    return;

  items = g_new (SortItem, n);
  for (guint i = 0; i < n; i++)
    {
      items[i].entry = order[i];
      keys_size += max_sort_key_length (strlen (tree->entries[order[i]].name));
    }

  keys = g_malloc (keys_size);
  key = keys;
  for (guint i = 0; i < n; i++)
    {
      guint8 *end = write_sort_key (key, &tree->entries[order[i]]);

      items[i].key = key;
      items[i].key_length = end - key;
      key = end;
    }

  /* Stable: entries of the same name stay in the server's order. */
  g_qsort_with_data (items, n, sizeof (SortItem), compare_sort_items, (gpointer) tree);

  for (guint i = 0; i < n; i++)
    order[i] = items[i].entry;
}

/* Sorts the @n siblings at @start in the tree's order, and tells each
 * where it lies. */
static void
sort_siblings (Tree  *tree,
               guint  start,
               guint  n)
{
  sort_entries (tree, tree->order + start, n);
  for (guint i = start; i < start + n; i++)
    tree->entries[tree->order[i]].position = i;
}

/* The top level first, then every parent's children side by side: where
 * each parent's begin follows from the counts, and the entries, made in
 * the server's order, are put in their parent's in that order before each
 * is sorted. (Lists of siblings linked through the entries took two more
 * arrays and a pass to turn them around.) */
static void
put_in_order (Tree  *tree,
              guint  n_top_level)
{
  guint next = n_top_level;
  guint top_level_filled = 0;

  tree->order = g_new (guint, MAX (tree->n_entries, 1));
  tree->n_top_level = n_top_level;

  /* A parent's position counts its children in until they are sorted. */
  for (guint i = 0; i < tree->n_entries; i++)
    {
      Entry *entry = &tree->entries[i];

      if (entry->n_children == 0)
        continue;
      entry->first_child = next;
      entry->position = next;
      next += entry->n_children;
    }

  for (guint i = 0; i < tree->n_entries; i++)
    {
      guint parent = tree->entries[i].parent;

      if (parent == NO_ENTRY)
        tree->order[top_level_filled++] = i;
      else
        tree->order[tree->entries[parent].position++] = i;
    }

  sort_siblings (tree, 0, n_top_level);
  for (guint i = 0; i < tree->n_entries; i++)
    {
      const Entry *entry = &tree->entries[i];

      if (entry->n_children > 0)
        sort_siblings (tree, entry->first_child, entry->n_children);
    }
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
  Tree *tree = g_atomic_rc_box_new0 (Tree);
  Builder builder = { tree, 0, NULL, 0, 0, 0, NO_ENTRY };
  BmsFolderNodeList *top_level;

  g_return_val_if_fail (folders != NULL, NULL);

  /* Room for every folder without growing when none is made up. */
  builder.allocated = MAX (folders->len, 1);
  tree->entries = g_new (Entry, builder.allocated);
  builder_make_slots (&builder, folders->len);

  add_folders (&builder, folders);

  g_free (builder.slots);
  put_in_order (tree, builder.n_top_level);

  top_level = node_list_new (tree, tree->order, tree->n_top_level);
  tree_unref (tree);

  return G_LIST_MODEL (top_level);
}

/* ------------------------------------------------------------ reading */

/* The names of the levels from the top down to @index, joined by "/",
 * written from the end: a loop, not a recursion, however deep the tree. */
static char *
make_display_path (const Tree *tree,
                   guint       index)
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
  while (level != NO_ENTRY);

  path = g_malloc (length);
  end = path + length - 1;
  *end = '\0';
  for (level = index; level != NO_ENTRY; level = tree->entries[level].parent)
    {
      const Entry *entry = &tree->entries[level];
      gsize name_length = strlen (entry->name);

      end -= name_length;
      memcpy (end, entry->name, name_length);
      if (entry->parent != NO_ENTRY)
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
  EntryExtras *extras;

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
  const Entry *entry;

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
  EntryExtras *extras;

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
walk_depth_first (const Tree *tree,
                  guint      *flat,
                  guint       first,
                  guint       n)
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
      const Entry *entry = &tree->entries[index];

      flat[written++] = index;
      if (entry->n_children > 0)
        {
          position = entry->first_child;
          depth++;
          continue;
        }

      for (;;)
        {
          const Entry *parent = depth > 0 ? &tree->entries[entry->parent] : NULL;
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

/* Every node under the nodes of a model that is not one of ours, made at
 * once. */
static GListModel *
flatten_any (GListModel *tree)
{
  GListStore *flat = g_list_store_new (BMS_TYPE_FOLDER_NODE);
  guint n = g_list_model_get_n_items (tree);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsFolderNode) top = g_list_model_get_item (tree, i);
      g_autofree guint *entries = g_new (guint, top->tree->n_entries);
      guint n_entries = walk_depth_first (top->tree, entries, node_entry (top)->position, 1);

      for (guint j = 0; j < n_entries; j++)
        {
          g_autoptr(BmsFolderNode) node = node_for_entry (top->tree, entries[j]);

          g_list_store_append (flat, node);
        }
    }

  return G_LIST_MODEL (flat);
}

/**
 * bms_folder_node_flatten:
 * @tree: a model from bms_folder_node_build_tree()
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

  g_return_val_if_fail (G_IS_LIST_MODEL (tree), NULL);

  if (!BMS_IS_FOLDER_NODE_LIST (tree))
    return flatten_any (tree);

  list = BMS_FOLDER_NODE_LIST (tree);
  flat = g_new (guint, MAX (list->tree->n_entries, 1));
  n = walk_depth_first (list->tree, flat, list->entries - list->tree->order, list->n_entries);

  return G_LIST_MODEL (node_list_new_taking (list->tree, flat, n));
}
