/* test-assistant.c: the assistant's contract with its pages.
 *
 * A page made for the test checks its values asynchronously, as the mail
 * test page will: the assistant must wait for it, show that it waits, let
 * the user cancel, and move on only when the page says so.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-assistant.h"
#include "bms-test-utils.h"

#define CHECK_DELAY_MS 100

#define TEST_TYPE_CHECKING_PAGE (test_checking_page_get_type ())
G_DECLARE_FINAL_TYPE (TestCheckingPage, test_checking_page, TEST, CHECKING_PAGE, BmsPage)

struct _TestCheckingPage
{
  BmsPage       parent_instance;

  gboolean      answer;        /* what the check finds */
  guint         n_checks;
  GCancellable *cancellable;
  guint         source;
};

G_DEFINE_FINAL_TYPE (TestCheckingPage, test_checking_page, BMS_TYPE_PAGE)

static void
finish_check (TestCheckingPage *self,
              gboolean          valid)
{
  g_clear_handle_id (&self->source, g_source_remove);
  g_cancellable_disconnect (self->cancellable, 0);
  g_clear_object (&self->cancellable);
  bms_page_apply_complete (BMS_PAGE (self), valid);
}

static gboolean
check_done_cb (gpointer user_data)
{
  TestCheckingPage *self = user_data;

  self->source = 0;
  finish_check (self, self->answer);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable     *cancellable,
              TestCheckingPage *self)
{
  /* Completed from an idle: "cancelled" may run inside g_cancellable_cancel(). */
  g_clear_handle_id (&self->source, g_source_remove);
  self->source = g_idle_add (check_done_cb, self);
  self->answer = FALSE;
}

static gboolean
test_checking_page_apply (BmsPage      *page,
                          GCancellable *cancellable)
{
  TestCheckingPage *self = TEST_CHECKING_PAGE (page);

  self->n_checks++;
  self->cancellable = g_object_ref (cancellable);
  g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  self->source = g_timeout_add (CHECK_DELAY_MS, check_done_cb, self);

  return TRUE;
}

static void
test_checking_page_dispose (GObject *object)
{
  TestCheckingPage *self = TEST_CHECKING_PAGE (object);

  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (test_checking_page_parent_class)->dispose (object);
}

static void
test_checking_page_class_init (TestCheckingPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_checking_page_dispose;
  BMS_PAGE_CLASS (klass)->apply = test_checking_page_apply;
}

static void
test_checking_page_init (TestCheckingPage *self)
{
  bms_page_set_title (BMS_PAGE (self), "Checking");
  gtk_widget_set_name (GTK_WIDGET (self), "checking-page");
}

typedef struct
{
  GtkWindow        *window;
  BmsAssistant     *assistant;
  TestCheckingPage *checking_page;
  BmsPage          *last_page;
  GtkWidget        *back_button;
  GtkWidget        *next_button;
  GtkWidget        *cancel_button;
  GtkWidget        *spinner;
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

  fixture->checking_page = g_object_new (TEST_TYPE_CHECKING_PAGE, "account", account, NULL);
  fixture->last_page = g_object_new (TEST_TYPE_CHECKING_PAGE, "account", account, NULL);
  bms_page_set_title (fixture->last_page, "Last");
  bms_assistant_add_page (fixture->assistant, BMS_PAGE (fixture->checking_page));
  bms_assistant_add_page (fixture->assistant, fixture->last_page);

  root = GTK_WIDGET (fixture->window);
  fixture->back_button = bms_test_find_widget (root, "back_button");
  fixture->next_button = bms_test_find_widget (root, "next_button");
  fixture->cancel_button = bms_test_find_widget (root, "cancel_button");
  fixture->spinner = bms_test_find_widget (root, "spinner");

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

static gboolean
not_applying_cb (gpointer user_data)
{
  return !bms_page_get_applying (BMS_PAGE (user_data));
}

static void
test_assistant_next_follows_complete (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_assert_false (gtk_widget_get_visible (fixture->back_button));
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));

  bms_page_set_complete (BMS_PAGE (fixture->checking_page), TRUE);
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));

  bms_page_set_complete (BMS_PAGE (fixture->checking_page), FALSE);
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));

  /* Next on an incomplete page does nothing. */
  bms_assistant_next_page (fixture->assistant);
  g_assert_false (bms_page_get_applying (BMS_PAGE (fixture->checking_page)));
  g_assert_cmpuint (fixture->checking_page->n_checks, ==, 0);
}

static void
test_assistant_waits_for_check (Fixture       *fixture,
                                gconstpointer  data)
{
  bms_page_set_complete (BMS_PAGE (fixture->checking_page), TRUE);
  fixture->checking_page->answer = TRUE;

  bms_test_click (fixture->next_button);

  /* While the page checks: a spinner and Cancel; Next and Back wait. */
  g_assert_true (bms_page_get_applying (BMS_PAGE (fixture->checking_page)));
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 0);
  g_assert_true (gtk_widget_get_visible (fixture->spinner));
  g_assert_true (gtk_widget_get_visible (fixture->cancel_button));
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));

  /* A second press while checking starts no second check. */
  bms_assistant_next_page (fixture->assistant);
  g_assert_cmpuint (fixture->checking_page->n_checks, ==, 1);

  g_assert_true (bms_test_wait_until (not_applying_cb, fixture->checking_page, 2000));
  bms_test_process_events ();
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 1);
  g_assert_false (gtk_widget_get_visible (fixture->spinner));
  g_assert_false (gtk_widget_get_visible (fixture->cancel_button));
  g_assert_true (gtk_widget_get_visible (fixture->back_button));
}

static void
test_assistant_stays_when_check_fails (Fixture       *fixture,
                                       gconstpointer  data)
{
  bms_page_set_complete (BMS_PAGE (fixture->checking_page), TRUE);
  fixture->checking_page->answer = FALSE;

  bms_test_click (fixture->next_button);
  g_assert_true (bms_test_wait_until (not_applying_cb, fixture->checking_page, 2000));
  bms_test_process_events ();

  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));
}

static void
test_assistant_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  bms_page_set_complete (BMS_PAGE (fixture->checking_page), TRUE);
  fixture->checking_page->answer = TRUE;

  bms_test_click (fixture->next_button);
  g_assert_true (bms_page_get_applying (BMS_PAGE (fixture->checking_page)));
  bms_test_click (fixture->cancel_button);

  g_assert_true (bms_test_wait_until (not_applying_cb, fixture->checking_page, 2000));
  bms_test_process_events ();

  /* A cancelled check never moves on, even if it would have passed. */
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 0);
  g_assert_false (gtk_widget_get_visible (fixture->cancel_button));
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));
}

static void
test_assistant_last_page_closes (Fixture       *fixture,
                                 gconstpointer  data)
{
  bms_page_set_complete (BMS_PAGE (fixture->checking_page), TRUE);
  bms_page_set_complete (fixture->last_page, TRUE);
  fixture->checking_page->answer = TRUE;
  TEST_CHECKING_PAGE (fixture->last_page)->answer = TRUE;

  bms_test_click (fixture->next_button);
  g_assert_true (bms_test_wait_until (not_applying_cb, fixture->checking_page, 2000));
  bms_test_process_events ();
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 1);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fixture->next_button)), ==, "_Close");
  g_assert_cmpuint (fixture->n_finished, ==, 0);

  bms_test_click (fixture->next_button);
  g_assert_true (bms_test_wait_until (not_applying_cb, fixture->last_page, 2000));
  bms_test_process_events ();
  g_assert_cmpuint (fixture->n_finished, ==, 1);

  bms_test_click (fixture->back_button);
  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fixture->next_button)), ==, "_Next");
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add ("/assistant/next-follows-complete", Fixture, NULL,
              fixture_setup, test_assistant_next_follows_complete, fixture_teardown);
  g_test_add ("/assistant/waits-for-check", Fixture, NULL,
              fixture_setup, test_assistant_waits_for_check, fixture_teardown);
  g_test_add ("/assistant/stays-when-check-fails", Fixture, NULL,
              fixture_setup, test_assistant_stays_when_check_fails, fixture_teardown);
  g_test_add ("/assistant/cancel", Fixture, NULL,
              fixture_setup, test_assistant_cancel, fixture_teardown);
  g_test_add ("/assistant/last-page-closes", Fixture, NULL,
              fixture_setup, test_assistant_last_page_closes, fixture_teardown);

  return g_test_run ();
}
