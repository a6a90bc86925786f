/* bms-folder-tree.c: building the folder tree from LIST's flat list.
 *
 * Each level of a name becomes an entry under the entry of the level
 * above, found by its wire name; a level no folder lends (a parent the
 * server did not list) is made up. The siblings are then sorted and laid
 * side by side (see bms-folder-tree-private.h); bms-folder-node.c hands
 * the entries out as nodes.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-private.h"
#include "bms-folder-tree-private.h"

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
  BmsFolderTree *tree;
  guint          allocated;     /* room in tree->entries */
  Slot          *slots;
  guint          mask;          /* the number of slots, less one */
  guint          slots_hold;    /* entries before the slots must grow */
  guint          last;          /* the entry of the folder added last, or BMS_FOLDER_NO_ENTRY */
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
      const BmsFolderEntry *entry;

      if (builder->slots[i].hash != hash)
        continue;

      entry = &builder->tree->entries[builder->slots[i].index - 1];
      if (entry->wire_length == length && memcmp (entry->wire_name, name, length) == 0)
        return builder->slots[i].index - 1;
    }

  return BMS_FOLDER_NO_ENTRY;
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

  builder->tree->entries = g_renew (BmsFolderEntry, builder->tree->entries, more);
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
  BmsFolderEntry *entry;

  if (index == builder->allocated)
    builder_grow_entries (builder);
  if (index + 1 > builder->slots_hold)
    builder_grow_slots (builder);

  builder->tree->n_entries++;
  entry = &builder->tree->entries[index];
  memset (entry, 0, sizeof *entry);
  entry->parent = parent;
  if (parent == BMS_FOLDER_NO_ENTRY)
    builder->tree->n_top_level++;
  else
    builder->tree->entries[parent].n_children++;

  builder_put (builder, hash, index);
  return index;
}

/* The entry of a folder's own level borrows its names from the folder. */
static void
set_folder_names (BmsFolderEntry        *entry,
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
set_made_up_names (BmsFolderTree         *tree,
                   BmsFolderEntry        *entry,
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

  for (guint index = builder->last; index != BMS_FOLDER_NO_ENTRY; index = builder->tree->entries[index].parent)
    {
      const BmsFolderEntry *entry = &builder->tree->entries[index];

      if (entry->wire_length == length && memcmp (entry->wire_name, levels->wire_name, length) == 0)
        return index;
    }

  return BMS_FOLDER_NO_ENTRY;
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

  if (ancestor != BMS_FOLDER_NO_ENTRY)
    return ancestor;

  while (level > 0 && (ancestor = find_level (builder, levels, level - 1)) == BMS_FOLDER_NO_ENTRY)
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
  if (index != BMS_FOLDER_NO_ENTRY)
    {
      if (builder->tree->entries[index].folder == NULL)
        builder->tree->entries[index].folder = g_object_ref (view->folder);
      builder->last = index;
      return;
    }

  parent = levels->depth > 1 ? find_or_make_parent (builder, view->folder, levels) : BMS_FOLDER_NO_ENTRY;
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
write_sort_key (guint8               *key,
                const BmsFolderEntry *entry)
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
  const BmsFolderTree *tree = user_data;
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
sort_entries (const BmsFolderTree *tree,
              guint               *order,
              guint                n)
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
sort_siblings (BmsFolderTree *tree,
               guint          start,
               guint          n)
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
put_in_order (BmsFolderTree *tree)
{
  guint next = tree->n_top_level;
  guint top_level_filled = 0;

  tree->order = g_new (guint, MAX (tree->n_entries, 1));

  /* A parent's position counts its children in until they are sorted. */
  for (guint i = 0; i < tree->n_entries; i++)
    {
      BmsFolderEntry *entry = &tree->entries[i];

      if (entry->n_children == 0)
        continue;
      entry->first_child = next;
      entry->position = next;
      next += entry->n_children;
    }

  for (guint i = 0; i < tree->n_entries; i++)
    {
      guint parent = tree->entries[i].parent;

      if (parent == BMS_FOLDER_NO_ENTRY)
        tree->order[top_level_filled++] = i;
      else
        tree->order[tree->entries[parent].position++] = i;
    }

  sort_siblings (tree, 0, tree->n_top_level);
  for (guint i = 0; i < tree->n_entries; i++)
    {
      const BmsFolderEntry *entry = &tree->entries[i];

      if (entry->n_children > 0)
        sort_siblings (tree, entry->first_child, entry->n_children);
    }
}

/* A new tree of @folders, with one reference, sorted, INBOX first. */
BmsFolderTree *
bms_folder_tree_build (GPtrArray *folders)
{
  BmsFolderTree *tree = g_atomic_rc_box_new0 (BmsFolderTree);
  Builder builder = { tree, 0, NULL, 0, 0, BMS_FOLDER_NO_ENTRY };

  /* Room for every folder without growing when none is made up. */
  builder.allocated = MAX (folders->len, 1);
  tree->entries = g_new (BmsFolderEntry, builder.allocated);
  builder_make_slots (&builder, folders->len);

  add_folders (&builder, folders);

  g_free (builder.slots);
  put_in_order (tree);

  return tree;
}

/* ------------------------------------------------------------ the tree's life */

static void
tree_clear (gpointer data)
{
  BmsFolderTree *tree = data;

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

BmsFolderTree *
bms_folder_tree_ref (BmsFolderTree *tree)
{
  return g_atomic_rc_box_acquire (tree);
}

void
bms_folder_tree_unref (BmsFolderTree *tree)
{
  g_atomic_rc_box_release_full (tree, tree_clear);
}
