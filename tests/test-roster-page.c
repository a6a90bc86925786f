/* test-roster-page.c: the roster as the administrator sees it.
 *
 * The real application under Xvfb with a throw-away HOME and an unlocked
 * keyring of its own (run-with-keyring.sh); the accounts checked sign in
 * at the private Dovecot and aiosmtpd, and at the scripted server for
 * Google's refusals.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bms-account-store.h"
#include "bms-google-page.h"
#include "bms-profile.h"
#include "bms-roster-csv.h"
#include "bms-roster-row.h"
#include "bms-roster-status.h"
#include "bms-roster-view.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"
#include "bms-welcome-page.h"

#define TIMEOUT_MS 60000

static BmsTestServers *servers;

typedef BmsTestWizard Wizard;

/* Helpers */

static void
remove_saved_accounts (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived_cb (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* Saves @account through the store: its profile, its passwords in the
 * keyring. Returns its profile's path. */
static char *
save_account (BmsAccount *account)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bms_account_store_save_async (store, account, NULL, done_cb, &result);
  g_assert_true (bms_test_wait_until (result_arrived_cb, &result, TIMEOUT_MS));
  bms_account_store_save_finish (store, result, &error);
  g_assert_no_error (error);

  return g_strdup (bms_account_get_profile_path (account));
}

/* An account at the private aiosmtpd, without IMAP. */
static BmsAccount *
account_at (const char *email,
            const char *name,
            guint       smtp_port,
            BmsSecurity security,
            const char *user,
            const char *password)
{
  BmsAccount *account = bms_account_new ();

  g_object_set (account,
                "employee-name", name,
                "email", email,
                "smtp-user", user,
                "smtp-host", "localhost",
                "smtp-port", smtp_port,
                "smtp-security", security,
                "smtp-password", password,
                "save-sent", FALSE,
                NULL);
  return account;
}

static BmsAccount *
real_account (const char *email,
              const char *name,
              const char *user,
              const char *password)
{
  return account_at (email, name, bms_test_servers_get_port (servers, "smtp_starttls_port"),
                     BMS_SECURITY_STARTTLS, user, password);
}

static BmsRosterView *
roster_view (Wizard *wizard)
{
  return BMS_ROSTER_VIEW (bms_test_wizard_page_widget (wizard, "roster_view"));
}

static guint
n_entries (Wizard *wizard)
{
  return g_list_model_get_n_items (bms_roster_get_entries (bms_roster_view_get_roster (roster_view (wizard))));
}

typedef struct
{
  Wizard *wizard;
  guint   n;
} Count;

static gboolean
entries_listed_cb (gpointer user_data)
{
  Count *count = user_data;

  return n_entries (count->wizard) == count->n;
}

static void
wait_for_entries (Wizard *wizard,
                  guint   n)
{
  Count count = { wizard, n };

  g_assert_true (bms_test_wait_until (entries_listed_cb, &count, TIMEOUT_MS));
  bms_test_process_events ();
}

static BmsRosterEntry *
entry_of (Wizard     *wizard,
          const char *path)
{
  BmsRosterEntry *entry = bms_roster_find (bms_roster_view_get_roster (roster_view (wizard)), path, NULL);

  g_assert_nonnull (entry);
  return entry;
}

static char *
status_of (Wizard     *wizard,
           const char *path)
{
  return bms_roster_describe_status (entry_of (wizard, path));
}

/* The row on screen that shows @path's entry, or NULL. */
static GtkWidget *
row_of (Wizard     *wizard,
        const char *path)
{
  GtkWidget *list = bms_test_wizard_page_widget (wizard, "list_view");
  BmsRosterEntry *entry = entry_of (wizard, path);

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (BMS_IS_ROSTER_ROW (row) && bms_roster_row_get_entry (BMS_ROSTER_ROW (row)) == entry)
        return row;
    }

  return NULL;
}

/* Selects @path's row, as a click or the focus would: it then has the
 * buttons Edit, Test and Remove. */
static void
select_row (Wizard     *wizard,
            const char *path)
{
  gtk_widget_activate_action (bms_test_wizard_page_widget (wizard, "roster_view"), "roster.select", "s", path);
  bms_test_process_events ();
}

static const char *
label_text (GtkWidget  *row,
            const char *name)
{
  return gtk_inscription_get_text (GTK_INSCRIPTION (bms_test_find_widget_by_name (row, name)));
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL; item = gtk_widget_get_next_sibling (item))
    if (BMS_IS_ROSTER_ROW (gtk_widget_get_first_child (item)))
      n++;

  return n;
}

static GDateTime *
november_first (void)
{
  return g_date_time_new_utc (2026, 11, 1, 12, 0, 0);
}

static gboolean
summary_shown_cb (gpointer user_data)
{
  return gtk_widget_get_visible (bms_test_wizard_page_widget (user_data, "summary_box"));
}

static void
assert_failed_with (const char *status,
                    BmsProblem  problem)
{
  g_autofree char *expected = g_strdup_printf ("Failed: %s", bms_problem_get_summary (problem));

  g_assert_cmpstr (status, ==, expected);
}

/* Tests */

/* Saved accounts of every kind: the roster comes first, the introduction
 * folded away behind a menu item, and every row says how its last check
 * ended, with the provider. */
static void
test_roster_first_with_mixed_statuses (void)
{
  g_autoptr(GDateTime) when = november_first ();
  g_autoptr(BmsCheckStatus) passed = bms_check_status_new (when, BMS_CHECK_KIND_LOGIN, BMS_CHECK_RESULT_PASSED, NULL);
  g_autoptr(BmsCheckStatus) failed = bms_check_status_new (when, BMS_CHECK_KIND_LOGIN, BMS_CHECK_RESULT_FAILED,
                                                           "wrong-password");
  g_autoptr(BmsAccount) a = real_account ("a.sato@gmail.com", "佐藤 一郎", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) b = real_account ("b.suzuki@gmail.com", "鈴木 花子", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) c = real_account ("c.takahashi@gmail.com", "高橋 次郎", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) d = real_account ("d.tanaka@gmail.com", "田中 三郎", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) e = bms_account_new ();
  g_autofree char *a_path = NULL, *b_path = NULL, *c_path = NULL, *d_path = NULL, *e_path = NULL;
  g_autofree char *a_status = NULL, *b_status = NULL, *c_status = NULL, *d_status = NULL, *e_status = NULL;
  Wizard wizard = { 0 };
  GtkWidget *advice;
  GtkWidget *row;

  remove_saved_accounts ();
  bms_account_set_check_status (a, passed);
  bms_account_set_test_status (a, BMS_TEST_STATUS_PASSED);
  bms_account_set_check_status (b, failed);
  bms_account_set_test_status (b, BMS_TEST_STATUS_PASSED);
  bms_account_set_test_status (c, BMS_TEST_STATUS_NOT_PASSED);
  g_object_set (e, "employee-name", "伊藤 四郎", "email", "e.ito@gmail.com", NULL);
  bms_account_set_test_status (e, BMS_TEST_STATUS_NOT_SET_UP);
  a_path = save_account (a);
  b_path = save_account (b);
  c_path = save_account (c);
  d_path = save_account (d);
  e_path = save_account (e);

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 5);
  bms_test_wizard_assert_on_page (&wizard, PAGE_WELCOME);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "faces"))),
                   ==, "roster");
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "new_employee_button")));

  a_status = status_of (&wizard, a_path);
  b_status = status_of (&wizard, b_path);
  c_status = status_of (&wizard, c_path);
  d_status = status_of (&wizard, d_path);
  e_status = status_of (&wizard, e_path);
  g_assert_cmpstr (a_status, ==, "Login check passed");
  assert_failed_with (b_status, BMS_PROBLEM_WRONG_PASSWORD);
  g_assert_cmpstr (c_status, ==, "Saved without a passed mail test");
  g_assert_cmpstr (d_status, ==, "Never checked");
  g_assert_cmpstr (e_status, ==, "Not set up yet");

  /* What the rows show: the name, the address on its own line, Gmail by
   * name, when the last check was, and advice one click from a failure. */
  row = row_of (&wizard, b_path);
  g_assert_nonnull (row);
  g_assert_cmpstr (label_text (row, "name"), ==, "鈴木 花子  Gmail");
  g_assert_cmpstr (label_text (row, "email"), ==, "b.suzuki@gmail.com");
  g_assert_cmpstr (label_text (row, "status"), ==, b_status);
  g_assert_nonnull (strstr (label_text (row, "when"), "2026-11-01"));
  g_assert_true (gtk_widget_get_visible (bms_test_find_widget_by_name (row, "advice")));
  g_assert_cmpstr (bms_roster_row_get_advice (BMS_ROSTER_ROW (row)), ==, bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, TRUE));
  advice = bms_test_find_widget_by_name (row_of (&wizard, a_path), "advice");
  g_assert_true (advice == NULL || !gtk_widget_get_visible (advice));
  /* An imported employee is set up from the first step. */
  select_row (&wizard, e_path);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (bms_test_find_widget_by_name (row_of (&wizard, e_path), "edit"))),
                   ==, "_Set Up");
  bms_test_assert_unique_mnemonics (GTK_WIDGET (wizard.window));
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "0-roster");

  /* The introduction is still there, and the way back from it. */
  gtk_widget_activate_action (bms_test_wizard_page_widget (&wizard, "roster_view"), "welcome.show-introduction", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "faces"))),
                   ==, "introduction");
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "show_roster_button")));
  bms_test_click (bms_test_wizard_page_widget (&wizard, "show_roster_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "faces"))),
                   ==, "roster");
  bms_test_wizard_stop (&wizard);
}

/* No account saved: the introduction, as before the roster. */
static void
test_roster_empty_shows_introduction (void)
{
  Wizard wizard = { 0 };

  remove_saved_accounts ();
  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  bms_test_process_events ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "faces"))),
                   ==, "introduction");
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "show_roster_button")));
  bms_test_wizard_stop (&wizard);
}

/* What the roster looked like while its check ran. */
typedef struct
{
  Wizard    *wizard;
  GtkWidget *test_button;
  guint      n_checked;
  gboolean   progress_shown;
  gboolean   test_sensitive;
} DuringCheck;

static void
account_checked_cb (BmsRoster   *roster,
                    GParamSpec  *pspec,
                    DuringCheck *seen)
{
  if (bms_roster_get_n_checked (roster) == 0)
    return;

  seen->n_checked = bms_roster_get_n_checked (roster);
  if (seen->n_checked == 1)
    {
      seen->progress_shown = gtk_widget_get_visible (bms_test_wizard_page_widget (seen->wizard, "progress_box"));
      seen->test_sensitive = gtk_widget_is_sensitive (seen->test_button);
    }
}

/* A login check of all from the roster: a right and a wrong password at
 * the real aiosmtpd, Google's "app password required" at the scripted
 * server; each row its own result, the summary counts them, and the
 * results are there again after a restart. */
static void
test_roster_check_all_survives_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) app_password = bms_test_scripted_server_start ("smtp-app-password",
                                                                                    BMS_TEST_TLS_NONE, &error);
  g_autoptr(BmsAccount) good = real_account ("alice@example.com", "有栖", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) wrong = real_account ("bob@example.com", "ボブ", BMS_TEST_USER2, "wr0ng-passw0rd");
  g_autoptr(BmsAccount) google = NULL;
  g_autofree char *good_path = NULL, *wrong_path = NULL, *google_path = NULL;
  g_autofree char *good_status = NULL, *wrong_status = NULL, *google_status = NULL;
  Wizard wizard = { 0 };
  DuringCheck seen = { 0 };

  g_assert_no_error (error);
  remove_saved_accounts ();
  google = account_at ("carol@gmail.com", "キャロル", bms_test_scripted_server_get_port (app_password),
                       BMS_SECURITY_NONE, "carol@gmail.com", "her-google-password");
  good_path = save_account (good);
  wrong_path = save_account (wrong);
  google_path = save_account (google);

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 3);
  seen.wizard = &wizard;
  select_row (&wizard, good_path);
  seen.test_button = bms_test_find_widget_by_name (row_of (&wizard, good_path), "test");
  g_signal_connect (bms_roster_view_get_roster (roster_view (&wizard)), "notify::n-checked",
                    G_CALLBACK (account_checked_cb), &seen);
  bms_test_click (bms_test_wizard_page_widget (&wizard, "check_button"));
  g_assert_true (bms_test_wait_until (summary_shown_cb, &wizard, TIMEOUT_MS));
  g_signal_handlers_disconnect_by_func (bms_roster_view_get_roster (roster_view (&wizard)),
                                        account_checked_cb, &seen);
  /* While it ran: the progress, and nothing else signing in. */
  g_assert_cmpuint (seen.n_checked, ==, 3);
  g_assert_true (seen.progress_shown);
  g_assert_false (seen.test_sensitive);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "summary_label"))),
                   ==, "1 passed, 2 failed");
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "progress_box")));
  g_assert_true (gtk_widget_is_sensitive (bms_test_find_widget_by_name (row_of (&wizard, good_path), "test")));
  good_status = status_of (&wizard, good_path);
  wrong_status = status_of (&wizard, wrong_path);
  google_status = status_of (&wizard, google_path);
  g_assert_cmpstr (good_status, ==, "Login check passed");
  assert_failed_with (wrong_status, BMS_PROBLEM_WRONG_PASSWORD);
  assert_failed_with (google_status, BMS_PROBLEM_APP_PASSWORD_REQUIRED);
  /* The server's own words are one click away too. */
  g_assert_nonnull (bms_roster_entry_get_detail (entry_of (&wizard, google_path)));
  g_assert_nonnull (strstr (bms_roster_row_get_advice (BMS_ROSTER_ROW (row_of (&wizard, google_path))),
                            bms_roster_entry_get_detail (entry_of (&wizard, google_path))));

  /* Show Only Failures narrows the list to the two. */
  bms_test_click (bms_test_wizard_page_widget (&wizard, "failures_button"));
  bms_test_process_events ();
  g_assert_cmpuint (count_rows (bms_test_wizard_page_widget (&wizard, "list_view")), ==, 2);
  g_assert_null (row_of (&wizard, good_path));
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "0-roster-checked");
  bms_test_wizard_stop (&wizard);
  g_clear_pointer (&good_status, g_free);
  g_clear_pointer (&wrong_status, g_free);

  /* Started again: the results were kept with the profiles. */
  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 3);
  good_status = status_of (&wizard, good_path);
  wrong_status = status_of (&wizard, wrong_path);
  g_assert_cmpstr (good_status, ==, "Login check passed");
  assert_failed_with (wrong_status, BMS_PROBLEM_WRONG_PASSWORD);
  g_assert_nonnull (strstr (bms_roster_row_get_advice (BMS_ROSTER_ROW (row_of (&wizard, wrong_path))),
                            bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, TRUE)));
  bms_test_wizard_stop (&wizard);
}

/* The login check of the selected employee alone: the others are not
 * signed in to, and keep what they had. */
static void
test_roster_check_selected (void)
{
  g_autoptr(BmsAccount) good = real_account ("alice@example.com", "有栖", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) wrong = real_account ("bob@example.com", "ボブ", BMS_TEST_USER2, "wr0ng-passw0rd");
  g_autofree char *good_path = NULL, *wrong_path = NULL;
  g_autofree char *good_status = NULL, *wrong_status = NULL;
  Wizard wizard = { 0 };

  remove_saved_accounts ();
  good_path = save_account (good);
  wrong_path = save_account (wrong);

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 2);
  select_row (&wizard, wrong_path);
  gtk_widget_activate_action (bms_test_wizard_page_widget (&wizard, "roster_view"), "roster.check-selected", NULL);
  g_assert_true (bms_test_wait_until (summary_shown_cb, &wizard, TIMEOUT_MS));

  g_assert_cmpuint (bms_roster_get_n_to_check (bms_roster_view_get_roster (roster_view (&wizard))), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "summary_label"))),
                   ==, "0 passed, 1 failed");
  good_status = status_of (&wizard, good_path);
  wrong_status = status_of (&wizard, wrong_path);
  g_assert_cmpstr (good_status, ==, "Never checked");
  assert_failed_with (wrong_status, BMS_PROBLEM_WRONG_PASSWORD);
  bms_test_wizard_stop (&wizard);
}

static gboolean
slowed_cb (gpointer user_data)
{
  return bms_roster_get_slowed (bms_roster_view_get_roster (roster_view (user_data)));
}

static gboolean
one_checked_cb (gpointer user_data)
{
  return bms_roster_get_n_checked (bms_roster_view_get_roster (roster_view (user_data))) >= 1;
}

/* Google's "Too many login attempts": the roster says the check goes on
 * more slowly, and it still ends with every account's result. */
static void
test_roster_check_all_slows_down (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) gmail = bms_test_scripted_server_start ("smtp-gmail", BMS_TEST_TLS_NONE, &error);
  g_autoptr(BmsTestScriptedServer) too_many = bms_test_scripted_server_start ("smtp-too-many-logins",
                                                                                BMS_TEST_TLS_NONE, &error);
  g_autoptr(BmsAccount) limited = NULL;
  Wizard wizard = { 0 };

  g_assert_no_error (error);
  remove_saved_accounts ();
  limited = account_at ("dave@gmail.com", "デイブ", bms_test_scripted_server_get_port (too_many),
                        BMS_SECURITY_NONE, "dave@gmail.com", "abcdefghijklmnop");
  g_free (save_account (limited));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *email = g_strdup_printf ("later%u@gmail.com", i);
      g_autoptr(BmsAccount) account = account_at (email, "社員", bms_test_scripted_server_get_port (gmail),
                                                  BMS_SECURITY_NONE, email, "abcdefghijklmnop");

      g_free (save_account (account));
    }

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 5);
  bms_roster_set_pace (bms_roster_view_get_roster (roster_view (&wizard)), 300, 100);
  bms_roster_view_check (roster_view (&wizard), BMS_CHECK_KIND_LOGIN);
  g_assert_true (bms_test_wait_until (slowed_cb, &wizard, TIMEOUT_MS));
  bms_test_process_events ();
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "slowed_label")));
  g_assert_true (bms_test_wait_until (summary_shown_cb, &wizard, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "summary_label"))),
                   ==, "4 passed, 1 failed");
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "max_in_flight"), <=, 4);
  bms_test_wizard_stop (&wizard);
}

/* Stopped halfway: no row is left waiting or spinning, the accounts not
 * reached keep their last check, and nothing is lost. */
static void
test_roster_check_all_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) gmail = bms_test_scripted_server_start ("smtp-gmail", BMS_TEST_TLS_NONE, &error);
  g_autoptr(BmsTestScriptedServer) stall = bms_test_scripted_server_start ("smtp-stall", BMS_TEST_TLS_NONE, &error);
  g_autoptr(GDateTime) when = november_first ();
  g_autoptr(BmsCheckStatus) earlier = bms_check_status_new (when, BMS_CHECK_KIND_LOGIN, BMS_CHECK_RESULT_PASSED, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  Wizard wizard = { 0 };
  GListModel *entries;

  g_assert_no_error (error);
  remove_saved_accounts ();
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *email = g_strdup_printf ("staff%u@gmail.com", i);
      /* The first answers; the others hang until stopped. */
      g_autoptr(BmsAccount) account = account_at (email, "社員",
                                                  bms_test_scripted_server_get_port (i == 0 ? gmail : stall),
                                                  BMS_SECURITY_NONE, email, "abcdefghijklmnop");

      bms_account_set_check_status (account, earlier);
      g_ptr_array_add (paths, save_account (account));
    }

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 8);
  bms_roster_view_check (roster_view (&wizard), BMS_CHECK_KIND_LOGIN);
  g_assert_true (bms_test_wait_until (one_checked_cb, &wizard, TIMEOUT_MS));
  bms_test_process_events ();
  bms_test_click (bms_test_wizard_page_widget (&wizard, "stop_button"));
  g_assert_true (bms_test_wait_until (summary_shown_cb, &wizard, TIMEOUT_MS));
  g_assert_false (bms_roster_get_checking (bms_roster_view_get_roster (roster_view (&wizard))));
  bms_test_process_events ();

  entries = bms_roster_get_entries (bms_roster_view_get_roster (roster_view (&wizard)));
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (entries, i);

      g_assert_cmpint (bms_roster_entry_get_activity (entry), ==, BMS_ROSTER_ACTIVITY_IDLE);
      if (g_strcmp0 (bms_roster_entry_get_path (entry), g_ptr_array_index (paths, 0)) != 0)
        g_assert_true (bms_check_status_equal (bms_roster_entry_get_status (entry), earlier));
      else
        g_assert_false (bms_check_status_equal (bms_roster_entry_get_status (entry), earlier));
    }
  for (GtkWidget *item = gtk_widget_get_first_child (bms_test_wizard_page_widget (&wizard, "list_view"));
       item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *spinner = bms_test_find_widget_by_name (item, "spinner");

      if (spinner != NULL)
        g_assert_false (gtk_widget_get_visible (spinner));
    }
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "summary_label"))),
                            "not checked: stopped"));
  bms_test_wizard_stop (&wizard);

  /* On disk: the one checked has its new result, the others their old one. */
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(BmsAccount) account = bms_account_new ();

      g_assert_true (bms_profile_load (g_ptr_array_index (paths, i), account, &error));
      g_assert_no_error (error);
      g_assert_true (bms_check_status_equal (bms_account_get_check_status (account), earlier) == (i != 0));
    }
}

/* Searching by name or address, typed with the IME on or off. */
static void
test_roster_search (void)
{
  g_autoptr(BmsAccount) sato = real_account ("a.sato@example.com", "佐藤 一郎", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(BmsAccount) suzuki = real_account ("b.suzuki@example.com", "鈴木 花子", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autofree char *sato_path = NULL;
  Wizard wizard = { 0 };
  GtkWidget *list;
  GtkWidget *search;

  remove_saved_accounts ();
  sato_path = save_account (sato);
  g_free (save_account (suzuki));

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 2);
  list = bms_test_wizard_page_widget (&wizard, "list_view");
  search = bms_test_wizard_page_widget (&wizard, "search_entry");
  g_assert_cmpuint (count_rows (list), ==, 2);

  for (guint i = 0; i < 3; i++)
    {
      static const char * const searches[] = { "佐藤", "ＳＡＴＯ", "A.Sato@" };

      gtk_editable_set_text (GTK_EDITABLE (search), searches[i]);
      g_signal_emit_by_name (search, "search-changed");
      bms_test_process_events ();
      g_assert_cmpuint (count_rows (list), ==, 1);
      g_assert_nonnull (row_of (&wizard, sato_path));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "count_label"))),
                       ==, "1 of 2 employees");
    }

  gtk_editable_set_text (GTK_EDITABLE (search), "nobody");
  g_signal_emit_by_name (search, "search-changed");
  bms_test_process_events ();
  g_assert_cmpuint (count_rows (list), ==, 0);
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "no_match_label")));

  /* An employee asked for is shown even when the search hides them. */
  bms_window_show_account (wizard.window, sato_path);
  bms_test_process_events ();
  g_assert_cmpuint (count_rows (list), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  bms_test_wizard_stop (&wizard);
}

static gboolean
toast_dismissed_or_entries_cb (gpointer user_data)
{
  Count *count = user_data;

  return n_entries (count->wizard) == count->n;
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
import (Wizard     *wizard,
        const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bms_roster_view_import_file (roster_view (wizard), file);
}

/* Employees from CSV files as Excel writes them, in UTF-8 with a BOM and
 * in CP932; a file with a bad row imports nothing and says which line;
 * the roster exported is read back. */
static void
test_roster_import_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bms-roster-page-XXXXXX", NULL);
  g_autofree char *utf8 = g_build_filename (dir, "utf8.csv", NULL);
  g_autofree char *cp932 = g_build_filename (dir, "cp932.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *exported = g_build_filename (dir, "exported.csv", NULL);
  g_autofree char *cp932_text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(BmsAccount) first = real_account ("first@example.com", "最初 一郎", BMS_TEST_USER, BMS_TEST_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) export_file = NULL;
  Wizard wizard = { 0 };
  GtkWindow *dialog;
  Count count;
  gsize cp932_length;
  gsize length;

  remove_saved_accounts ();
  g_free (save_account (first));
  write_file (utf8, "\xEF\xBB\xBF社員名,メールアドレス\r\n山田 太郎,taro@example.co.jp\r\n", -1);
  cp932_text = g_convert ("社員名,メールアドレス\r\n鈴木 花子,hanako@example.co.jp\r\n", -1, "CP932", "UTF-8",
                          NULL, &cp932_length, &error);
  g_assert_no_error (error);
  write_file (cp932, cp932_text, cp932_length);
  write_file (bad, "社員名,メールアドレス\r\n佐藤 一郎,ichiro@example.co.jp\r\n高橋 次郎,not-an-address\r\n", -1);

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 1);

  import (&wizard, utf8);
  count = (Count) { &wizard, 2 };
  g_assert_true (bms_test_wait_until (toast_dismissed_or_entries_cb, &count, TIMEOUT_MS));
  import (&wizard, cp932);
  count = (Count) { &wizard, 3 };
  g_assert_true (bms_test_wait_until (toast_dismissed_or_entries_cb, &count, TIMEOUT_MS));
  bms_test_process_events ();

  {
    g_autofree char *taro = bms_profile_path_for_email (bms_account_store_get_dir (
                              bms_roster_get_store (bms_roster_view_get_roster (roster_view (&wizard)))),
                              "hanako@example.co.jp");
    g_autofree char *status = status_of (&wizard, taro);

    g_assert_cmpstr (status, ==, "Not set up yet");
    g_assert_true (g_str_has_prefix (label_text (row_of (&wizard, taro), "name"), "鈴木 花子"));
  }

  /* The bad row by its line, and nothing of the file imported. */
  import (&wizard, bad);
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                                      TIMEOUT_MS));
  dialog = bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "import-problems");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Line 3:"));
  gtk_window_destroy (dialog);
  bms_test_process_events ();
  g_assert_cmpuint (n_entries (&wizard), ==, 3);

  /* Exported: UTF-8 with a BOM, every employee, no password. */
  export_file = g_file_new_for_path (exported);
  bms_roster_view_export_file (roster_view (&wizard), export_file);
  g_assert_true (bms_test_wait_until ((BmsTestCondition) g_file_test, exported, TIMEOUT_MS));
  bms_test_process_events ();
  g_assert_true (g_file_get_contents (exported, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (contents, "山田 太郎"));
  g_assert_nonnull (strstr (contents, "hanako@example.co.jp"));
  g_assert_nonnull (strstr (contents, "first@example.com"));
  g_assert_null (strstr (contents, BMS_TEST_PASSWORD));
  bms_test_wizard_stop (&wizard);

  g_unlink (utf8);
  g_unlink (cp932);
  g_unlink (bad);
  g_unlink (exported);
  g_rmdir (dir);
}

/* Set Up a New Employee: the walk starts at its first step with a new
 * account's values, not the last one opened. */
static void
test_roster_new_employee (void)
{
  g_autoptr(BmsAccount) sato = real_account ("a.sato@example.com", "佐藤 一郎", BMS_TEST_USER, BMS_TEST_PASSWORD);
  Wizard wizard = { 0 };

  remove_saved_accounts ();
  g_free (save_account (sato));
  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 1);
  g_object_set (bms_window_get_account (wizard.window), "email", "leftover@example.com", NULL);

  bms_test_click (bms_test_wizard_page_widget (&wizard, "new_employee_button"));
  bms_test_wizard_assert_on_page (&wizard, PAGE_GOOGLE);
  g_assert_cmpstr (bms_account_get_email (bms_window_get_account (wizard.window)), ==, "");
  g_assert_null (bms_account_get_profile_path (bms_window_get_account (wizard.window)));
  g_assert_false (bms_window_has_unsaved_input (wizard.window));
  bms_test_wizard_stop (&wizard);
}

typedef struct
{
  Wizard     *wizard;
  const char *path;
} Shown;

/* The focus is in @path's row, whichever widget the list made for it. */
static gboolean
row_focused_cb (gpointer user_data)
{
  Shown *shown = user_data;
  GtkWidget *row = row_of (shown->wizard, shown->path);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (shown->wizard->window));

  return row != NULL && focus != NULL &&
         (focus == gtk_widget_get_parent (row) || gtk_widget_is_ancestor (focus, gtk_widget_get_parent (row)));
}

/* Five hundred employees: only the rows on screen are made, and the one
 * a notification names is scrolled to, selected and focused. */
static void
test_roster_many_employees (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *wanted = NULL;
  Wizard wizard = { 0 };
  Shown shown = { &wizard, NULL };
  GtkWidget *list;
  GtkWidget *row;

  remove_saved_accounts ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(BmsAccount) account = bms_account_new ();
      g_autofree char *email = g_strdup_printf ("staff%03u@gmail.com", i);
      g_autofree char *name = g_strdup_printf ("社員 %03u", i);
      g_autofree char *path = bms_profile_path_for_email (dir, email);
      g_autoptr(GError) error = NULL;

      g_object_set (account, "employee-name", name, "email", email, NULL);
      g_assert_true (bms_profile_save (account, path, &error));
      if (i == 432)
        wanted = g_steal_pointer (&path);
    }

  bms_test_wizard_start (&wizard, bms_test_servers_get_ca_file (servers));
  wait_for_entries (&wizard, 500);
  shown.path = wanted;
  list = bms_test_wizard_page_widget (&wizard, "list_view");
  g_assert_cmpuint (count_rows (list), >, 0);
  /* GTK 4.8's list view keeps about 200 rows around what is shown. */
  g_assert_cmpuint (count_rows (list), <=, 250);
  g_assert_null (row_of (&wizard, wanted));

  bms_window_show_account (wizard.window, wanted);
  g_assert_true (bms_test_wait_until (row_focused_cb, &shown, TIMEOUT_MS));
  row = row_of (&wizard, wanted);
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (bms_test_find_widget_by_name (row, "edit"))));
  bms_test_wizard_stop (&wizard);
  remove_saved_accounts ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  bms_test_init (&argc, &argv);

  if (g_getenv ("BMS_TEST_KEYRING_MODE") == NULL)
    {
      g_test_skip ("needs run-with-keyring.sh");
      return 77;
    }

  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/roster-page/first-with-mixed-statuses", test_roster_first_with_mixed_statuses);
  g_test_add_func ("/roster-page/empty-shows-introduction", test_roster_empty_shows_introduction);
  g_test_add_func ("/roster-page/check-all-survives-restart", test_roster_check_all_survives_restart);
  g_test_add_func ("/roster-page/check-selected", test_roster_check_selected);
  g_test_add_func ("/roster-page/check-all-slows-down", test_roster_check_all_slows_down);
  g_test_add_func ("/roster-page/check-all-cancelled", test_roster_check_all_cancelled);
  g_test_add_func ("/roster-page/search", test_roster_search);
  g_test_add_func ("/roster-page/import-export", test_roster_import_export);
  g_test_add_func ("/roster-page/new-employee", test_roster_new_employee);
  g_test_add_func ("/roster-page/many-employees", test_roster_many_employees);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
