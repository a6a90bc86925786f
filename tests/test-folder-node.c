/* test-folder-node.c: the server's folders as a tree.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-folder-node.h"

typedef struct
{
  const char *wire_name;
  const char *attributes[3];
} ListedFolder;

/* Gmail in Japanese, in the order Dovecot happened to list it. */
static const ListedFolder gmail_folders[] = {
  { "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", { "\\HasNoChildren", "\\Sent", NULL } },
  { "INBOX", { "\\HasNoChildren", NULL } },
  { "[Gmail]", { "\\Noselect", "\\HasChildren", NULL } },
  { "[Gmail]/&MFkweTBmMG4w4TD8MOs-", { "\\HasNoChildren", "\\All", NULL } },
  { "[Gmail]/&MLQw33ux-", { "\\HasNoChildren", "\\Trash", NULL } },
  { "[Gmail]/&MLkwvzD8TtgwTQ-", { "\\HasNoChildren", "\\Flagged", NULL } },
  { "[Gmail]/&Tgtm+DBN-", { "\\HasNoChildren", "\\Drafts", NULL } },
  { "[Gmail]/&j,dg0TDhMPww6w-", { "\\HasNoChildren", "\\Junk", NULL } },
  { "[Gmail]/&kc2JgQ-", { "\\HasNoChildren", "\\Important", NULL } },
};

static GPtrArray *
make_folders (const ListedFolder *listed,
              guint               n)
{
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (folders, bms_folder_new (listed[i].wire_name, '/', listed[i].attributes));

  return folders;
}

/* The model that hands a node out keeps it: the tree, a node's children,
 * the flattened tree. */
static BmsFolderNode *
child (GListModel *level,
       guint       index)
{
  BmsFolderNode *node = g_list_model_get_item (level, index);

  g_object_unref (node);
  return node;
}

static void
test_folder_node_gmail_tree (void)
{
  g_autoptr(GPtrArray) folders = make_folders (gmail_folders, G_N_ELEMENTS (gmail_folders));
  g_autoptr(GListModel) tree = bms_folder_node_build_tree (folders);
  g_autoptr(GListModel) gmail_children = NULL;
  BmsFolderNode *gmail;
  gboolean found_sent = FALSE;

  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 2);
  g_assert_cmpstr (bms_folder_node_get_name (child (tree, 0)), ==, "INBOX");

  gmail = child (tree, 1);
  g_assert_cmpstr (bms_folder_node_get_name (gmail), ==, "[Gmail]");
  g_assert_false (bms_folder_node_is_selectable (gmail));

  gmail_children = bms_folder_node_dup_children (gmail);
  g_assert_cmpuint (g_list_model_get_n_items (gmail_children), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      BmsFolderNode *node = child (gmail_children, i);

      g_assert_true (bms_folder_node_get_parent (node) == gmail);
      g_assert_true (bms_folder_node_is_selectable (node));
      if (bms_folder_node_get_special_use (node) == BMS_FOLDER_SPECIAL_USE_SENT)
        {
          found_sent = TRUE;
          g_assert_cmpstr (bms_folder_node_get_name (node), ==, "送信済みメール");
          g_assert_cmpstr (bms_folder_node_get_display_path (node), ==, "[Gmail]/送信済みメール");
          g_assert_cmpstr (bms_folder_node_get_wire_name (node), ==, "[Gmail]/&kAFP4W4IMH8w4TD8MOs-");
        }
    }
  g_assert_true (found_sent);
}

/* A server need not list a parent; it is made up and cannot be chosen. */
static void
test_folder_node_unlisted_parents (void)
{
  static const ListedFolder listed[] = {
    { "Projects/2026/&UXFUDA-", { "\\HasNoChildren", NULL } },
    { "Projects/2025", { "\\HasNoChildren", NULL } },
  };
  g_autoptr(GPtrArray) folders = make_folders (listed, G_N_ELEMENTS (listed));
  g_autoptr(GListModel) tree = bms_folder_node_build_tree (folders);
  g_autoptr(GListModel) projects_children = NULL;
  g_autoptr(GListModel) year_children = NULL;
  BmsFolderNode *projects, *year, *leaf;

  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 1);
  projects = child (tree, 0);
  g_assert_false (bms_folder_node_is_selectable (projects));
  g_assert_null (bms_folder_node_get_folder (projects));
  g_assert_cmpuint (bms_folder_node_get_n_children (projects), ==, 2);
  projects_children = bms_folder_node_dup_children (projects);
  g_assert_cmpuint (g_list_model_get_n_items (projects_children), ==, 2);

  /* Sorted by name: 2025 before 2026. */
  year = child (projects_children, 1);
  g_assert_cmpstr (bms_folder_node_get_name (year), ==, "2026");
  g_assert_false (bms_folder_node_is_selectable (year));
  g_assert_true (bms_folder_node_get_parent (year) == projects);

  year_children = bms_folder_node_dup_children (year);
  leaf = child (year_children, 0);
  g_assert_true (bms_folder_node_is_selectable (leaf));
  g_assert_cmpstr (bms_folder_node_get_wire_name (leaf), ==, "Projects/2026/&UXFUDA-");
}

static void
test_folder_node_search (void)
{
  g_autoptr(GPtrArray) folders = make_folders (gmail_folders, G_N_ELEMENTS (gmail_folders));
  g_autoptr(GListModel) tree = bms_folder_node_build_tree (folders);
  g_autoptr(GListModel) flat = bms_folder_node_flatten (tree);
  static const struct {
    const char *query;
    guint       n_matches;
  } cases[] = {
    { "送信", 1 },
    { "メール", 3 },            /* すべてのメール, 迷惑メール, 送信済みメール */
    { "ｇｍａｉｌ", 8 },        /* full-width letters find [Gmail] and all below it */
    { "inbox", 1 },
    { "", 9 },
    { "存在しない", 0 },
  };

  g_assert_cmpuint (g_list_model_get_n_items (flat), ==, 9);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *folded = bms_folder_node_fold_query (cases[c].query);
      guint n_matches = 0;

      for (guint i = 0; i < 9; i++)
        n_matches += bms_folder_node_matches (child (flat, i), folded);

      g_assert_cmpuint (n_matches, ==, cases[c].n_matches);
    }
}

/* One folder forty levels down: every level above it made up, more of
 * them than the folders the tree was sized for. */
static void
test_folder_node_deep_made_up (void)
{
  g_autoptr(GString) name = g_string_new ("L0");
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(GListModel) flat = NULL;
  BmsFolderNode *leaf;

  for (guint i = 1; i < 40; i++)
    g_string_append_printf (name, "/L%u", i);
  g_ptr_array_add (folders, bms_folder_new (name->str, '/', NULL));

  tree = bms_folder_node_build_tree (folders);
  flat = bms_folder_node_flatten (tree);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (flat), ==, 40);

  leaf = child (flat, 39);
  g_assert_cmpstr (bms_folder_node_get_wire_name (leaf), ==, name->str);
  g_assert_cmpstr (bms_folder_node_get_display_path (leaf), ==, name->str);
  g_assert_true (bms_folder_node_is_selectable (leaf));
  g_assert_false (bms_folder_node_is_selectable (bms_folder_node_get_parent (leaf)));
}

/* INBOX first, numbers by their value, ASCII letters without case, the
 * rest by code point; names equal so far byte by byte. */
static void
test_folder_node_order (void)
{
  static const ListedFolder listed[] = {
    { "a10", { NULL } }, { "a2", { NULL } }, { "&ZeVnLA-", { NULL } } /* 日本 */,
    { "A1", { NULL } }, { "a01", { NULL } }, { "x1", { NULL } }, { "b", { NULL } },
    { "[Gmail]", { NULL } }, { "&MKIwpA-", { NULL } } /* アイ */, { "Zeta", { NULL } },
    { "x01", { NULL } }, { "&MEIwRA-", { NULL } } /* あい */, { "INBOX", { NULL } },
  };
  static const char * const sorted[] = {
    "INBOX", "A1", "a01", "a2", "a10", "b", "x01", "x1", "Zeta", "[Gmail]", "あい", "アイ", "日本",
  };
  g_autoptr(GPtrArray) folders = make_folders (listed, G_N_ELEMENTS (listed));
  g_autoptr(GListModel) tree = bms_folder_node_build_tree (folders);

  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, G_N_ELEMENTS (sorted));
  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    g_assert_cmpstr (bms_folder_node_get_name (child (tree, i)), ==, sorted[i]);
}

/* 10,000 folders, eight levels deep, many in Japanese. */
static void
test_folder_node_many (void)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(GListModel) flat = NULL;
  static const char *attributes[] = { "\\HasNoChildren", NULL };

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("&MMYwuTDI-%u/L1/L2/L3/L4/L5/L6/%u", i % 100, i);

      g_ptr_array_add (folders, bms_folder_new (name, '/', attributes));
    }

  tree = bms_folder_node_build_tree (folders);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 100);

  flat = bms_folder_node_flatten (tree);
  /* 100 top levels with six made-up levels each, and the 10,000 folders. */
  g_assert_cmpuint (g_list_model_get_n_items (flat), ==, 100 * 7 + 10000);
  g_assert_cmpstr (bms_folder_node_get_name (child (tree, 0)), ==, "テスト0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/folder-node/gmail-tree", test_folder_node_gmail_tree);
  g_test_add_func ("/folder-node/unlisted-parents", test_folder_node_unlisted_parents);
  g_test_add_func ("/folder-node/search", test_folder_node_search);
  g_test_add_func ("/folder-node/order", test_folder_node_order);
  g_test_add_func ("/folder-node/deep-made-up", test_folder_node_deep_made_up);
  g_test_add_func ("/folder-node/many", test_folder_node_many);

  return g_test_run ();
}
