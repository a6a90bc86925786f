/* test-folder-chooser.c: choosing the sent folder from the real tree widget.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-chooser.h"
#include "bms-folder-node.h"
#include "bms-test-utils.h"

#define SENT_FOLDER       "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"
#define IMPORTANT_FOLDER  "[Gmail]/&kc2JgQ-"

typedef struct
{
  const char *wire_name;
  const char *attributes[3];
} ListedFolder;

static const ListedFolder gmail_folders[] = {
  { "INBOX", { "\\HasNoChildren", NULL } },
  { "[Gmail]", { "\\Noselect", "\\HasChildren", NULL } },
  { "[Gmail]/&MFkweTBmMG4w4TD8MOs-", { "\\HasNoChildren", "\\All", NULL } },
  { "[Gmail]/&MLQw33ux-", { "\\HasNoChildren", "\\Trash", NULL } },
  { "[Gmail]/&MLkwvzD8TtgwTQ-", { "\\HasNoChildren", "\\Flagged", NULL } },
  { "[Gmail]/&Tgtm+DBN-", { "\\HasNoChildren", "\\Drafts", NULL } },
  { "[Gmail]/&j,dg0TDhMPww6w-", { "\\HasNoChildren", "\\Junk", NULL } },
  { SENT_FOLDER, { "\\HasNoChildren", "\\Sent", NULL } },
  { IMPORTANT_FOLDER, { "\\HasNoChildren", "\\Important", NULL } },
};

typedef struct
{
  GtkWindow        *parent;
  BmsFolderChooser *chooser;
  char             *chosen;
  gboolean          closed;
} Fixture;

static GPtrArray *
gmail_folder_list (void)
{
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (gmail_folders); i++)
    g_ptr_array_add (folders, bms_folder_new (gmail_folders[i].wire_name, '/', gmail_folders[i].attributes));

  return folders;
}

static void
folder_chosen_cb (BmsFolderChooser *chooser,
                  const char       *wire_name,
                  Fixture          *fixture)
{
  g_free (fixture->chosen);
  fixture->chosen = g_strdup (wire_name);
}

static void
chooser_destroyed_cb (Fixture *fixture)
{
  fixture->closed = TRUE;
}

static void
open_chooser (Fixture    *fixture,
              GPtrArray  *folders,
              const char *current)
{
  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);

  fixture->chooser = bms_folder_chooser_new (fixture->parent, folders, current);
  g_signal_connect (fixture->chooser, "folder-chosen", G_CALLBACK (folder_chosen_cb), fixture);
  g_signal_connect_swapped (fixture->chooser, "destroy", G_CALLBACK (chooser_destroyed_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->chooser));
  bms_test_process_events ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (!fixture->closed)
    gtk_window_destroy (GTK_WINDOW (fixture->chooser));
  g_object_ref (fixture->parent);
  gtk_window_destroy (fixture->parent);
  bms_test_process_events ();
  g_assert_finalize_object (fixture->parent);
  g_free (fixture->chosen);
}

static GtkWidget *
chooser_widget (Fixture    *fixture,
                const char *id)
{
  GtkWidget *widget = bms_test_find_widget (GTK_WIDGET (fixture->chooser), id);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
closed_cb (gpointer user_data)
{
  return ((Fixture *) user_data)->closed;
}

/* The server's \Sent folder is chosen at first, [Gmail] cannot be chosen. */
static void
test_chooser_selects_sent (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) folders = gmail_folder_list ();
  GtkWidget *select_button;

  open_chooser (fixture, folders, NULL);
  bms_test_save_screenshot (GTK_WIDGET (fixture->chooser), "folder-chooser");

  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser), ==, SENT_FOLDER);
  select_button = chooser_widget (fixture, "select_button");
  g_assert_true (gtk_widget_is_sensitive (select_button));

  /* INBOX, [Gmail], then [Gmail]'s seven folders: the tree opened to show \Sent. */
  {
    GtkListView *list_view = GTK_LIST_VIEW (chooser_widget (fixture, "list_view"));
    GtkSelectionModel *selection = gtk_list_view_get_model (list_view);
    g_autoptr(GtkTreeListRow) gmail_row = g_list_model_get_item (G_LIST_MODEL (selection), 1);
    g_autoptr(BmsFolderNode) gmail = gtk_tree_list_row_get_item (gmail_row);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 9);
    g_assert_cmpstr (bms_folder_node_get_name (gmail), ==, "[Gmail]");
    g_assert_true (gtk_tree_list_row_get_expanded (gmail_row));
    g_assert_false (bms_folder_node_is_selectable (gmail));

    /* Even when put on it, [Gmail] cannot be chosen. */
    gtk_selection_model_select_item (selection, 1, TRUE);
    g_assert_null (bms_folder_chooser_get_selected_wire_name (fixture->chooser));
    g_assert_false (gtk_widget_is_sensitive (select_button));
  }
}

/* The folder chosen before is chosen again when the list is opened again. */
static void
test_chooser_keeps_current (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) folders = gmail_folder_list ();

  open_chooser (fixture, folders, "INBOX");
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser), ==, "INBOX");
}

/* Arrow keys move to another folder, Enter chooses it. */
static void
test_chooser_keyboard (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) folders = gmail_folder_list ();
  static const char *down_enter[] = { "Down", "Return", NULL };

  open_chooser (fixture, folders, NULL);
  g_assert_true (bms_test_wait_for_focus (GTK_WINDOW (fixture->chooser)));

  bms_test_press_keys (down_enter);
  g_assert_true (bms_test_wait_until (closed_cb, fixture, 3000));
  g_assert_cmpstr (fixture->chosen, ==, IMPORTANT_FOLDER);
}

static gboolean
one_match_cb (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkListView *list_view = GTK_LIST_VIEW (chooser_widget (fixture, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view))) == 1;
}

/* The search finds Japanese names, and a match can be chosen. */
static void
test_chooser_search (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) folders = gmail_folder_list ();
  GtkListView *list_view;

  open_chooser (fixture, folders, "INBOX");
  list_view = GTK_LIST_VIEW (chooser_widget (fixture, "list_view"));

  bms_test_set_text (chooser_widget (fixture, "search_entry"), "重要");
  g_assert_true (bms_test_wait_until (one_match_cb, fixture, 3000));
  g_assert_null (bms_folder_chooser_get_selected_wire_name (fixture->chooser));

  gtk_selection_model_select_item (gtk_list_view_get_model (list_view), 0, TRUE);
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser), ==, IMPORTANT_FOLDER);
  bms_test_click (chooser_widget (fixture, "select_button"));
  g_assert_true (bms_test_wait_until (closed_cb, fixture, 3000));
  g_assert_cmpstr (fixture->chosen, ==, IMPORTANT_FOLDER);
}

static gboolean
no_filter_cb (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkListView *list_view = GTK_LIST_VIEW (chooser_widget (fixture, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view))) > 1;
}

/* Searching keeps the chosen folder chosen: selected where it matches,
 * still the choice while the search hides it, selected again after. */
static void
test_chooser_search_keeps_choice (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GPtrArray) folders = gmail_folder_list ();
  GtkWidget *search = NULL;
  GtkLabel *choice;

  open_chooser (fixture, folders, IMPORTANT_FOLDER);
  search = chooser_widget (fixture, "search_entry");
  choice = GTK_LABEL (chooser_widget (fixture, "choice_label"));
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser), ==, IMPORTANT_FOLDER);

  bms_test_set_text (search, "重要");
  g_assert_true (bms_test_wait_until (one_match_cb, fixture, 3000));
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser), ==, IMPORTANT_FOLDER);

  /* A search that does not find it: nothing selected, the choice stays. */
  bms_test_set_text (search, "INBOX");
  g_assert_true (bms_test_wait_until (one_match_cb, fixture, 3000));
  g_assert_null (bms_folder_chooser_get_selected_wire_name (fixture->chooser));
  g_assert_nonnull (strstr (gtk_label_get_text (choice), "重要"));
  g_assert_true (gtk_widget_is_sensitive (chooser_widget (fixture, "select_button")));

  bms_test_set_text (search, "");
  g_assert_true (bms_test_wait_until (no_filter_cb, fixture, 3000));
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser), ==, IMPORTANT_FOLDER);

  bms_test_set_text (search, "INBOX");
  g_assert_true (bms_test_wait_until (one_match_cb, fixture, 3000));
  bms_test_click (chooser_widget (fixture, "select_button"));
  g_assert_true (bms_test_wait_until (closed_cb, fixture, 3000));
  g_assert_cmpstr (fixture->chosen, ==, IMPORTANT_FOLDER);
}

static guint
count_row_widgets (GtkWidget *list_view)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* 10,000 folders: rows are made for what is on screen, not for every folder. */
static void
test_chooser_many_folders (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);
  static const char *plain[] = { "\\HasNoChildren", NULL };
  static const char *sent[] = { "\\HasNoChildren", "\\Sent", NULL };
  GtkWidget *list_view;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("&MMYwuTDI-%u/L1/L2/L3/L4/L5/L6/%u", i % 100, i);

      g_ptr_array_add (folders, bms_folder_new (name, '/', i == 7777 ? sent : plain));
    }

  open_chooser (fixture, folders, NULL);
  list_view = chooser_widget (fixture, "list_view");

  /* The \Sent folder, eight levels down, is found, opened up and chosen. */
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (fixture->chooser),
                   ==, "&MMYwuTDI-77/L1/L2/L3/L4/L5/L6/7777");
  g_assert_cmpuint (count_row_widgets (list_view), <, 500);
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add ("/folder-chooser/selects-sent", Fixture, NULL, NULL, test_chooser_selects_sent, fixture_teardown);
  g_test_add ("/folder-chooser/keeps-current", Fixture, NULL, NULL, test_chooser_keeps_current, fixture_teardown);
  g_test_add ("/folder-chooser/keyboard", Fixture, NULL, NULL, test_chooser_keyboard, fixture_teardown);
  g_test_add ("/folder-chooser/search", Fixture, NULL, NULL, test_chooser_search, fixture_teardown);
  g_test_add ("/folder-chooser/search-keeps-choice", Fixture, NULL, NULL, test_chooser_search_keeps_choice, fixture_teardown);
  g_test_add ("/folder-chooser/many-folders", Fixture, NULL, NULL, test_chooser_many_folders, fixture_teardown);

  return g_test_run ();
}
