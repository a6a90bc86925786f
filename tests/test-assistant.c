/* test-assistant.c: the assistant's contract with its pages.
 *
 * Pages made for the test: Next follows the current page's "complete", the
 * last page's Next closes, and a page steers the assistant only through the
 * assistant's actions, by the names the pages were added with.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-assistant.h"
#include "bms-test-utils.h"

#define TEST_TYPE_PLAIN_PAGE (test_plain_page_get_type ())
G_DECLARE_FINAL_TYPE (TestPlainPage, test_plain_page, TEST, PLAIN_PAGE, BmsPage)

struct _TestPlainPage
{
  BmsPage parent_instance;

  guint   n_shown;
};

G_DEFINE_FINAL_TYPE (TestPlainPage, test_plain_page, BMS_TYPE_PAGE)

static void
test_plain_page_shown (BmsPage *page)
{
  TEST_PLAIN_PAGE (page)->n_shown++;
}

static void
test_plain_page_class_init (TestPlainPageClass *klass)
{
  BMS_PAGE_CLASS (klass)->shown = test_plain_page_shown;
}

static void
test_plain_page_init (TestPlainPage *self)
{
}

static BmsPage *
plain_page_new (BmsAccount *account,
                const char *title)
{
  BmsPage *page = g_object_new (TEST_TYPE_PLAIN_PAGE, "account", account, NULL);

  bms_page_set_title (page, title);
  return page;
}

typedef struct
{
  GtkWindow        *window;
  BmsAssistant     *assistant;
  BmsPage          *first_page;
  BmsPage          *middle_page;
  BmsPage          *last_page;
  GtkWidget        *back_button;
  GtkWidget        *next_button;
  guint             n_finished;
} Fixture;

static void
finished_cb (BmsAssistant *assistant,
             Fixture      *fixture)
{
  fixture->n_finished++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  GtkWidget *root;

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->assistant = g_object_new (BMS_TYPE_ASSISTANT, NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->assistant));
  g_signal_connect (fixture->assistant, "finished", G_CALLBACK (finished_cb), fixture);

  fixture->first_page = plain_page_new (account, "First");
  fixture->middle_page = plain_page_new (account, "Middle");
  fixture->last_page = plain_page_new (account, "Last");
  bms_assistant_add_page (fixture->assistant, "first", fixture->first_page);
  bms_assistant_add_page (fixture->assistant, "middle", fixture->middle_page);
  bms_assistant_add_page (fixture->assistant, "last", fixture->last_page);

  root = GTK_WIDGET (fixture->window);
  fixture->back_button = bms_test_find_widget (root, "back_button");
  fixture->next_button = bms_test_find_widget (root, "next_button");

  gtk_window_present (fixture->window);
  bms_test_process_events ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_ref (fixture->window);
  gtk_window_destroy (fixture->window);
  bms_test_process_events ();
  g_assert_finalize_object (fixture->window);
}

static void
test_assistant_next_follows_complete (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_assert_false (gtk_widget_get_visible (fixture->back_button));
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));

  bms_page_set_complete (fixture->first_page, TRUE);
  bms_test_process_events ();
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));

  bms_page_set_complete (fixture->first_page, FALSE);
  bms_test_process_events ();
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));

  /* Next on an incomplete page does nothing, called or activated. */
  bms_assistant_next_page (fixture->assistant);
  gtk_widget_activate_action (GTK_WIDGET (fixture->first_page), "assistant.next", NULL);
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 0);
  g_assert_cmpuint (TEST_PLAIN_PAGE (fixture->middle_page)->n_shown, ==, 0);

  bms_page_set_complete (fixture->first_page, TRUE);
  bms_test_process_events ();
  bms_test_click (fixture->next_button);
  g_assert_cmpstr (bms_assistant_get_current_name (fixture->assistant), ==, "middle");
  g_assert_cmpuint (TEST_PLAIN_PAGE (fixture->middle_page)->n_shown, ==, 1);
  g_assert_true (gtk_widget_get_visible (fixture->back_button));
  g_assert_true (gtk_widget_is_sensitive (fixture->back_button));
}

static void
test_assistant_last_page_closes (Fixture       *fixture,
                                 gconstpointer  data)
{
  bms_page_set_complete (fixture->first_page, TRUE);
  bms_page_set_complete (fixture->middle_page, TRUE);
  bms_page_set_complete (fixture->last_page, TRUE);
  bms_test_process_events ();

  bms_test_click (fixture->next_button);
  bms_test_click (fixture->next_button);
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 2);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fixture->next_button)), ==, "_Close");
  g_assert_cmpuint (fixture->n_finished, ==, 0);

  bms_test_click (fixture->next_button);
  g_assert_cmpuint (fixture->n_finished, ==, 1);

  bms_test_click (fixture->back_button);
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fixture->next_button)), ==, "_Next");
}

/* A page asks for another one by name, from inside the assistant, without
 * knowing the assistant or the other page; Back then goes through the
 * pages in their order. */
static void
test_assistant_show_page_action (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_assert_cmpstr (bms_assistant_get_current_name (fixture->assistant), ==, "first");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->first_page),
                                             "assistant.show-page", "s", "last"));
  bms_test_process_events ();
  g_assert_cmpstr (bms_assistant_get_current_name (fixture->assistant), ==, "last");
  g_assert_true (BMS_PAGE (fixture->last_page) == bms_assistant_get_current_page (fixture->assistant));
  g_assert_cmpuint (TEST_PLAIN_PAGE (fixture->last_page)->n_shown, ==, 1);
  g_assert_cmpuint (TEST_PLAIN_PAGE (fixture->middle_page)->n_shown, ==, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->last_page)));

  bms_test_click (fixture->back_button);
  g_assert_cmpstr (bms_assistant_get_current_name (fixture->assistant), ==, "middle");

  /* assistant.previous from a page is Back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->middle_page), "assistant.previous", NULL));
  bms_test_process_events ();
  g_assert_cmpstr (bms_assistant_get_current_name (fixture->assistant), ==, "first");
  g_assert_false (gtk_widget_get_visible (fixture->back_button));

  /* And assistant.next, on a complete page, is Next. */
  bms_page_set_complete (fixture->first_page, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->first_page), "assistant.next", NULL));
  bms_test_process_events ();
  g_assert_cmpstr (bms_assistant_get_current_name (fixture->assistant), ==, "middle");
}

/* Pages added as types are made when first shown, with the account. */
static void
test_assistant_pages_made_when_shown (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BmsAssistant *assistant = g_object_new (BMS_TYPE_ASSISTANT, NULL);
  GtkStack *stack = GTK_STACK (bms_test_find_widget (GTK_WIDGET (assistant), "stack"));
  BmsPage *page;

  gtk_window_set_child (window, GTK_WIDGET (assistant));
  bms_assistant_add_page_type (assistant, "one", TEST_TYPE_PLAIN_PAGE, account);
  bms_assistant_add_page_type (assistant, "two", TEST_TYPE_PLAIN_PAGE, account);
  gtk_window_present (window);
  bms_test_process_events ();

  g_assert_cmpuint (bms_assistant_get_n_pages (assistant), ==, 2);
  g_assert_cmpstr (bms_assistant_get_current_name (assistant), ==, "one");
  g_assert_nonnull (gtk_stack_get_child_by_name (stack, "one"));
  g_assert_null (gtk_stack_get_child_by_name (stack, "two"));

  bms_assistant_show_page (assistant, "two");
  page = bms_assistant_get_current_page (assistant);
  g_assert_true (TEST_IS_PLAIN_PAGE (page));
  g_assert_true (bms_page_get_account (page) == account);
  g_assert_cmpuint (TEST_PLAIN_PAGE (page)->n_shown, ==, 1);
  g_assert_true (gtk_stack_get_child_by_name (stack, "two") == GTK_WIDGET (page));

  g_object_ref (window);
  gtk_window_destroy (window);
  bms_test_process_events ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add ("/assistant/next-follows-complete", Fixture, NULL,
              fixture_setup, test_assistant_next_follows_complete, fixture_teardown);
  g_test_add ("/assistant/last-page-closes", Fixture, NULL,
              fixture_setup, test_assistant_last_page_closes, fixture_teardown);
  g_test_add ("/assistant/show-page-action", Fixture, NULL,
              fixture_setup, test_assistant_show_page_action, fixture_teardown);
  g_test_add_func ("/assistant/pages-made-when-shown", test_assistant_pages_made_when_shown);

  return g_test_run ();
}
