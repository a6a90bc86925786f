/* test-roster.c: the roster's GTK-free core: each account's last check kept
 * in its profile, many accounts checked at once, and the CSV import and
 * export. Real gnome-keyring (run-with-keyring.sh), real Dovecot and
 * aiosmtpd, and the scripted server for Google's refusals.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bms-account-checker.h"
#include "bms-account-store.h"
#include "bms-profile.h"
#include "bms-roster-csv.h"
#include "bms-test-servers.h"

#define WAIT_LIMIT_SECONDS 60

/* Helpers */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bms-roster-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
wait_expired_cb (gpointer user_data)
{
  g_error ("no answer within %d s", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  guint timeout = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_expired_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  return *slot;
}

static void
let_go_of (gpointer object)
{
  /* A worker thread lets go of its task just after handing the result. */
  for (guint i = 0; i < 2000 && g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (object);
}

static BmsAccount *
account_for (const char  *email,
             const char  *name,
             guint        smtp_port,
             BmsSecurity  security,
             const char  *password)
{
  BmsAccount *account = bms_account_new ();

  g_object_set (account,
                "employee-name", name,
                "email", email,
                "smtp-host", "localhost",
                "smtp-port", smtp_port,
                "smtp-security", security,
                "save-sent", FALSE,
                "smtp-password", password,
                NULL);
  return account;
}

/* Saves @account in @store, its password in the keyring; gives its path. */
static char *
save_account (BmsAccountStore *store,
              BmsAccount      *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bms_account_store_save_async (store, account, NULL, done_cb, &result);
  bms_account_store_save_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  return g_strdup (bms_account_get_profile_path (account));
}

static BmsCheckStatus *
status_on_disk (const char *path)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;

  bms_profile_load (path, account, &error);
  g_assert_no_error (error);
  return bms_check_status_copy (bms_account_get_check_status (account));
}

/* Status kept */

static const char older_profile[] =
  "[Profile]\nformat=1\n\n"
  "[Account]\nemployee-name=山田 太郎\nemail=taro@example.co.jp\n\n"
  "[SMTP]\nuser=taro@example.co.jp\nhost=smtp.gmail.com\nport=587\nsecurity=starttls\n\n"
  "[IMAP]\nsave-sent=false\n";

static void
test_status_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autoptr(BmsAccount) account = account_for ("taro@example.co.jp", "山田 太郎", 587,
                                               BMS_SECURITY_STARTTLS, "not-on-disk");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 30, 8, 15, 0);
  g_autoptr(BmsCheckStatus) failed = bms_check_status_new (when, BMS_CHECK_KIND_LOGIN,
                                                           BMS_CHECK_RESULT_FAILED, "wrong-password");
  g_autoptr(BmsCheckStatus) passed = bms_check_status_new (when, BMS_CHECK_KIND_MAIL_TEST,
                                                           BMS_CHECK_RESULT_PASSED, NULL);
  g_autoptr(BmsCheckStatus) read = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  bms_account_set_check_status (account, failed);
  bms_account_set_test_status (account, BMS_TEST_STATUS_PASSED);
  bms_profile_save (account, path, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (data, "[Status]\nchecked=2026-11-30T08:15:00Z\nkind=login-check\n"
                                  "result=failed\nproblem=wrong-password\n"));
  g_assert_null (strstr (data, "not-on-disk"));

  read = status_on_disk (path);
  g_assert_true (bms_check_status_equal (read, failed));

  /* Only [Status] changes: another group the file holds stays. */
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);
  g_key_file_set_string (key_file, "Other", "kept", "yes");
  g_key_file_save_to_file (key_file, path, &error);
  g_assert_no_error (error);

  bms_profile_save_status (path, passed, &error);
  g_assert_no_error (error);
  g_clear_pointer (&read, bms_check_status_free);
  read = status_on_disk (path);
  g_assert_true (bms_check_status_equal (read, passed));
  g_assert_null (read->problem);

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  {
    g_autofree char *kept = g_key_file_get_string (key_file, "Other", "kept", NULL);
    g_autofree char *email = g_key_file_get_string (key_file, "Account", "email", NULL);
    /* The mail test's word on the saved settings shares the group, and a
     * check leaves it alone. */
    g_autofree char *mail_test = g_key_file_get_string (key_file, "Status", "mail-test", NULL);

    g_assert_cmpstr (kept, ==, "yes");
    g_assert_cmpstr (mail_test, ==, "passed");
    g_assert_cmpstr (email, ==, "taro@example.co.jp");
  }
  g_assert_cmpint (g_stat (path, &(GStatBuf) { 0 }), ==, 0);

  g_unlink (path);
  remove_tree (dir);
}

static void
test_status_older_profiles (void)
{
  static const char * const damaged[] = {
    "[Status]\nresult=excellent\nchecked=2026-11-30T08:15:00Z\nkind=login-check\n",
    "[Status]\nresult=passed\nchecked=yesterday\nkind=login-check\n",
    "[Status]\nresult=passed\nchecked=2026-11-30T08:15:00Z\nkind=guess\n",
  };
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autoptr(GError) error = NULL;

  /* A profile of the first version has no [Status]: never checked. */
  g_file_set_contents (path, older_profile, -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(BmsCheckStatus) status = status_on_disk (path);

    g_assert_cmpint (status->result, ==, BMS_CHECK_RESULT_NEVER);
    g_assert_null (status->checked);
  }

  /* A status the program did not write costs the status, not the account. */
  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autofree char *text = g_strconcat (older_profile, "\n", damaged[i], NULL);
      g_autoptr(BmsCheckStatus) status = NULL;

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
      status = status_on_disk (path);
      g_assert_cmpint (status->result, ==, BMS_CHECK_RESULT_NEVER);
    }

  g_unlink (path);
  remove_tree (dir);
}

/* Check all */

typedef struct {
  GPtrArray *started;       /* gint64 monotonic times */
  GPtrArray *finished;      /* BmsCheckOutcome */
  gint64     slowed_at;
  guint      running;
  guint      max_running;
  GCancellable *cancel_after_first;
} Watch;

static void
started_cb (BmsAccountChecker *checker,
            const char        *path,
            Watch             *watch)
{
  gint64 *now = g_new (gint64, 1);

  *now = g_get_monotonic_time ();
  g_ptr_array_add (watch->started, now);
  watch->running++;
  watch->max_running = MAX (watch->max_running, watch->running);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
finished_cb (BmsAccountChecker     *checker,
             const BmsCheckOutcome *outcome,
             Watch                 *watch)
{
  if (outcome->result != BMS_CHECK_OUTCOME_CANCELLED || watch->running > 0)
    watch->running = watch->running > 0 ? watch->running - 1 : 0;
  g_ptr_array_add (watch->finished, bms_check_outcome_copy (outcome));
}

static void
slowed_cb (BmsAccountChecker *checker,
           const char        *problem,
           Watch             *watch)
{
  g_assert_true (g_str_equal (problem, "too-many-login-attempts") ||
                 g_str_equal (problem, "too-many-connections"));
  watch->slowed_at = g_get_monotonic_time ();
}

static GPtrArray *
run_checker (BmsAccountChecker  *checker,
             const char * const *paths,
             GCancellable       *cancellable,
             Watch              *watch)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  watch->started = g_ptr_array_new_with_free_func (g_free);
  watch->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) bms_check_outcome_free);
  g_signal_connect (checker, "account-started", G_CALLBACK (started_cb), watch);
  g_signal_connect (checker, "account-finished", G_CALLBACK (finished_cb), watch);
  g_signal_connect (checker, "slowed-down", G_CALLBACK (slowed_cb), watch);

  bms_account_checker_run_async (checker, paths, cancellable, done_cb, &result);
  outcomes = bms_account_checker_run_finish (checker, wait_for (&result), &error);
  g_assert_no_error (error);
  return outcomes;
}

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->started, g_ptr_array_unref);
  g_clear_pointer (&watch->finished, g_ptr_array_unref);
}

static BmsTestScriptedServer *
scripted (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  BmsTestScriptedServer *server = bms_test_scripted_server_start (scenario, BMS_TEST_TLS_NONE, &error);

  if (server == NULL)
    g_error ("the scripted server did not start: %s", error->message);
  return server;
}

/* Ten accounts at one server whose logins take a while: never more than
 * four at once, never two of one account, all of them passed and kept. */
static void
test_check_all_in_flight (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(BmsTestScriptedServer) gmail =
    scripted ("{\"base\": \"smtp-gmail\", \"auth_delay\": 0.3}");
  g_autoptr(BmsAccountChecker) checker = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  Watch watch = { 0 };

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *email = g_strdup_printf ("employee%02u@example.com", i);
      g_autoptr(BmsAccount) account = account_for (email, "社員", bms_test_scripted_server_get_port (gmail),
                                                   BMS_SECURITY_NONE, "abcdefghijklmnop");

      g_ptr_array_add (paths, save_account (store, account));
    }
  /* The same account twice is checked once. */
  g_ptr_array_add (paths, g_strdup (g_ptr_array_index (paths, 0)));
  g_ptr_array_add (paths, NULL);

  checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  outcomes = run_checker (checker, (const char * const *) paths->pdata, NULL, &watch);

  g_assert_cmpuint (outcomes->len, ==, 10);
  g_assert_cmpuint (bms_account_checker_count (checker, BMS_CHECK_OUTCOME_PASSED), ==, 10);
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "connections"), ==, 10);
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "max_in_flight"), <=, 4);
  /* Four at once, not one after the other. */
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "max_in_flight"), >=, 3);
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "max_per_user"), ==, 1);
  g_assert_false (bms_account_checker_get_slowed (checker));

  for (guint i = 0; i < outcomes->len; i++)
    {
      BmsCheckOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(BmsCheckStatus) status = status_on_disk (outcome->path);

      g_assert_cmpstr (outcome->path, ==, g_ptr_array_index (paths, i));
      g_assert_cmpint (outcome->result, ==, BMS_CHECK_OUTCOME_PASSED);
      g_assert_null (outcome->error);
      g_assert_cmpint (status->result, ==, BMS_CHECK_RESULT_PASSED);
      g_assert_cmpint (status->kind, ==, BMS_CHECK_KIND_LOGIN);
      g_assert_nonnull (status->checked);
    }

  watch_clear (&watch);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  remove_tree (dir);
}

/* Real servers and Google's refusals in one run: each account its own
 * result, the rate limit slows the run down, nobody is left out. */
static void
test_check_all_failures (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestServers) servers = bms_test_servers_start (&error);
  g_autoptr(BmsTestScriptedServer) gmail = scripted ("smtp-gmail");
  g_autoptr(BmsTestScriptedServer) app_password = scripted ("smtp-app-password");
  g_autoptr(BmsTestScriptedServer) too_many = scripted ("smtp-too-many-logins");
  g_autoptr(BmsAccountChecker) checker = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(BmsAccount) good = NULL;
  g_autoptr(BmsAccount) wrong = NULL;
  Watch watch = { 0 };
  const guint gap_ms = 250;
  struct { const char *result; const char *problem; } expected[] = {
    { "passed", NULL },
    { "failed", "wrong-password" },
    { "failed", "app-password-required" },
    { "failed", "too-many-login-attempts" },
    { "passed", NULL },
    { "passed", NULL },
    { "passed", NULL },
  };

  g_assert_no_error (error);

  /* alice with IMAP too, at the real Dovecot and aiosmtpd. */
  good = account_for ("alice@example.com", "有栖", bms_test_servers_get_port (servers, "smtp_starttls_port"),
                      BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD);
  g_object_set (good, "smtp-user", BMS_TEST_USER, "save-sent", TRUE, "imap-same-as-smtp", TRUE,
                "imap-host", "localhost", "imap-port", bms_test_servers_get_port (servers, "imaps_port"),
                "imap-security", BMS_SECURITY_SSL_TLS, NULL);
  g_ptr_array_add (paths, save_account (store, good));
  wrong = account_for ("bob@example.com", "ボブ", bms_test_servers_get_port (servers, "smtp_starttls_port"),
                       BMS_SECURITY_STARTTLS, "wr0ng-passw0rd");
  g_object_set (wrong, "smtp-user", BMS_TEST_USER2, NULL);
  g_ptr_array_add (paths, save_account (store, wrong));

  {
    g_autoptr(BmsAccount) app = account_for ("carol@example.com", "キャロル",
                                             bms_test_scripted_server_get_port (app_password),
                                             BMS_SECURITY_NONE, "her-google-password");
    g_autoptr(BmsAccount) limited = account_for ("dave@example.com", "デイブ",
                                                 bms_test_scripted_server_get_port (too_many),
                                                 BMS_SECURITY_NONE, "abcdefghijklmnop");

    g_ptr_array_add (paths, save_account (store, app));
    g_ptr_array_add (paths, save_account (store, limited));
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("later%u@example.com", i);
      g_autoptr(BmsAccount) account = account_for (email, "社員", bms_test_scripted_server_get_port (gmail),
                                                   BMS_SECURITY_NONE, "abcdefghijklmnop");

      g_ptr_array_add (paths, save_account (store, account));
    }
  g_ptr_array_add (paths, NULL);

  checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  bms_account_checker_set_ca_file (checker, bms_test_servers_get_ca_file (servers));
  bms_account_checker_set_pace (checker, 300, gap_ms);
  outcomes = run_checker (checker, (const char * const *) paths->pdata, NULL, &watch);

  g_assert_cmpuint (outcomes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < outcomes->len; i++)
    {
      BmsCheckOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(BmsCheckStatus) status = status_on_disk (outcome->path);

      g_test_message ("%s: %s %s", outcome->email, bms_check_outcome_result_to_string (outcome->result),
                      outcome->problem ? outcome->problem : "");
      g_assert_cmpstr (bms_check_outcome_result_to_string (outcome->result), ==, expected[i].result);
      g_assert_cmpstr (outcome->problem, ==, expected[i].problem);
      g_assert_cmpstr (bms_check_result_to_string (status->result), ==, expected[i].result);
      g_assert_cmpstr (status->problem, ==, expected[i].problem);
      g_assert_true ((outcome->error == NULL) == (outcome->result == BMS_CHECK_OUTCOME_PASSED));
    }
  g_assert_cmpuint (bms_account_checker_count (checker, BMS_CHECK_OUTCOME_PASSED), ==, 4);
  g_assert_cmpuint (bms_account_checker_count (checker, BMS_CHECK_OUTCOME_FAILED), ==, 3);

  /* The rate-limited account was tried again after the pause, and then
   * the run went one login at a time, spaced out. */
  g_assert_true (bms_account_checker_get_slowed (checker));
  g_assert_cmpuint (bms_test_scripted_server_get_stat (too_many, "connections"), ==, 2);
  g_assert_cmpint (watch.slowed_at, >, 0);
  for (guint i = 1; i < watch.started->len; i++)
    {
      gint64 before = *(gint64 *) g_ptr_array_index (watch.started, i - 1);
      gint64 at = *(gint64 *) g_ptr_array_index (watch.started, i);

      if (before > watch.slowed_at)
        g_assert_cmpint (at - before, >=, (gint64) gap_ms * 1000 - 5000);
    }
  /* alice's IMAP login came after her SMTP login, on the real Dovecot. */
  g_assert_cmpuint (bms_test_servers_count_imap_logins (servers), ==, 1);

  watch_clear (&watch);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  remove_tree (dir);
}

/* Gmail's IMAP "Too many simultaneous connections" slows the run down
 * too; the account is tried once more, and the others still pass. */
static void
test_check_all_imap_rate_limit (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(BmsTestScriptedServer) smtp = scripted ("smtp-gmail");
  g_autoptr(BmsTestScriptedServer) imap = scripted ("imap-too-many-connections");
  g_autoptr(BmsTestScriptedServer) imap_ok = scripted ("imap-gmail");
  g_autoptr(BmsAccountChecker) checker = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  Watch watch = { 0 };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("imap%u@example.com", i);
      g_autoptr(BmsAccount) account = account_for (email, "社員", bms_test_scripted_server_get_port (smtp),
                                                   BMS_SECURITY_NONE, "abcdefghijklmnop");

      g_object_set (account, "save-sent", TRUE, "imap-same-as-smtp", TRUE, "imap-host", "localhost",
                    "imap-port", bms_test_scripted_server_get_port (i == 0 ? imap : imap_ok),
                    "imap-security", BMS_SECURITY_NONE, NULL);
      g_ptr_array_add (paths, save_account (store, account));
    }
  g_ptr_array_add (paths, NULL);

  checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  bms_account_checker_set_pace (checker, 200, 100);
  outcomes = run_checker (checker, (const char * const *) paths->pdata, NULL, &watch);

  g_assert_true (bms_account_checker_get_slowed (checker));
  g_assert_cmpuint (bms_test_scripted_server_get_stat (imap, "connections"), ==, 2);
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 0))->result, ==, BMS_CHECK_OUTCOME_FAILED);
  g_assert_cmpstr (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 0))->problem, ==, "too-many-connections");
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 1))->result, ==, BMS_CHECK_OUTCOME_PASSED);
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 2))->result, ==, BMS_CHECK_OUTCOME_PASSED);
  /* Each account's SMTP login came before its IMAP login, never beside it. */
  g_assert_cmpuint (bms_test_scripted_server_get_stat (smtp, "max_per_user"), ==, 1);

  watch_clear (&watch);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  remove_tree (dir);
}

/* Cancelled halfway: every account has an outcome, the running ones and
 * the waiting ones cancelled at once, and no status is lost. */
static void
test_check_all_cancelled (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(BmsTestScriptedServer) stall = scripted ("smtp-stall");
  g_autoptr(BmsAccountChecker) checker = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 1, 9, 0, 0);
  g_autoptr(BmsCheckStatus) earlier = bms_check_status_new (when, BMS_CHECK_KIND_LOGIN,
                                                            BMS_CHECK_RESULT_PASSED, NULL);
  Watch watch = { 0 };
  gint64 cancelled_at;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *email = g_strdup_printf ("stalled%u@example.com", i);
      g_autoptr(BmsAccount) account = account_for (email, "社員", bms_test_scripted_server_get_port (stall),
                                                   BMS_SECURITY_NONE, "abcdefghijklmnop");

      bms_account_set_check_status (account, earlier);
      g_ptr_array_add (paths, save_account (store, account));
    }
  g_ptr_array_add (paths, NULL);

  checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  g_timeout_add (500, cancel_cb, cancellable);
  outcomes = run_checker (checker, (const char * const *) paths->pdata, cancellable, &watch);
  cancelled_at = g_get_monotonic_time ();

  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpuint (outcomes->len, ==, 8);
  g_assert_cmpuint (watch.finished->len, ==, 8);
  g_assert_cmpuint (watch.started->len, ==, 4);
  g_assert_cmpuint (bms_account_checker_count (checker, BMS_CHECK_OUTCOME_CANCELLED), ==, 8);
  g_assert_cmpint (cancelled_at - *(gint64 *) g_ptr_array_index (watch.started, 0), <,
                   500000 + BMS_TEST_CANCEL_ENDS_WITHIN_US);
  for (guint i = 0; i < outcomes->len; i++)
    {
      BmsCheckOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(BmsCheckStatus) status = status_on_disk (outcome->path);

      g_assert_nonnull (outcome);
      g_assert_cmpint (outcome->result, ==, BMS_CHECK_OUTCOME_CANCELLED);
      g_assert_nonnull (outcome->error);
      g_assert_true (bms_check_status_equal (status, earlier));
    }

  watch_clear (&watch);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  remove_tree (dir);
}

/* What the checker said, in order; the run is cancelled once
 * cancel_when_skipped is skipped and, when @server is given, once the
 * login that waits has reached it: the connection is made on a worker
 * thread, and may come a moment after the skip is told. */
typedef struct {
  GPtrArray             *events;
  const char            *cancel_when_skipped;
  GCancellable          *cancellable;
  BmsTestScriptedServer *server;
  gboolean               skipped;
} EventLog;

static gboolean
cancel_when_reached_cb (gpointer user_data)
{
  EventLog *log = user_data;

  if (!log->skipped || (log->server != NULL && bms_test_scripted_server_get_stat (log->server, "connections") < 1))
    return G_SOURCE_CONTINUE;

  g_cancellable_cancel (log->cancellable);
  return G_SOURCE_REMOVE;
}

static void
log_started_cb (BmsAccountChecker *checker,
                const char        *path,
                EventLog          *log)
{
  g_ptr_array_add (log->events, g_strdup_printf ("started %s", path));
}

static void
log_finished_cb (BmsAccountChecker     *checker,
                 const BmsCheckOutcome *outcome,
                 EventLog              *log)
{
  g_ptr_array_add (log->events, g_strdup_printf ("%s %s", bms_check_outcome_result_to_string (outcome->result),
                                                 outcome->path));
  if (outcome->result == BMS_CHECK_OUTCOME_SKIPPED && g_strcmp0 (outcome->path, log->cancel_when_skipped) == 0)
    {
      log->skipped = TRUE;
      g_timeout_add (10, cancel_when_reached_cb, log);
    }
}

static void
assert_event (GPtrArray  *events,
              guint       index,
              const char *what,
              const char *path)
{
  g_autofree char *expected = g_strdup_printf ("%s %s", what, path);

  g_assert_cmpstr (g_ptr_array_index (events, index), ==, expected);
}

static GPtrArray *
run_logged (BmsAccountChecker  *checker,
            const char * const *paths,
            EventLog           *log)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;
  gulong started_id = g_signal_connect (checker, "account-started", G_CALLBACK (log_started_cb), log);
  gulong finished_id = g_signal_connect (checker, "account-finished", G_CALLBACK (log_finished_cb), log);

  bms_account_checker_run_async (checker, paths, log->cancellable, done_cb, &result);
  outcomes = bms_account_checker_run_finish (checker, wait_for (&result), &error);
  g_assert_no_error (error);
  g_signal_handler_disconnect (checker, started_id);
  g_signal_handler_disconnect (checker, finished_id);
  return outcomes;
}

/* With one place, the accounts after the one signing in are opened
 * (profile and keyring) while it signs in: B, which has no password, is
 * told while A's login still waits at a server that never answers. */
static void
test_check_all_opened_ahead (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *no_password = g_build_filename (dir, "taro.ini", NULL);
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(BmsTestScriptedServer) stall = scripted ("smtp-stall");
  g_autoptr(BmsAccountChecker) checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  EventLog log = { events, no_password, cancellable, stall, FALSE };
  char *paths[4] = { NULL, no_password, NULL, NULL };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *email = g_strdup_printf ("ahead%u@example.com", i);
      g_autoptr(BmsAccount) account = account_for (email, "社員", bms_test_scripted_server_get_port (stall),
                                                   BMS_SECURITY_NONE, "abcdefghijklmnop");

      paths[i * 2] = save_account (store, account);
    }
  g_file_set_contents (no_password, older_profile, -1, &error);
  g_assert_no_error (error);

  bms_account_checker_set_max_logins (checker, 1);
  outcomes = run_logged (checker, (const char * const *) paths, &log);

  g_assert_cmpuint (outcomes->len, ==, 3);
  g_assert_cmpuint (events->len, ==, 4);
  assert_event (events, 0, "started", paths[0]);
  assert_event (events, 1, "skipped", no_password);
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 0))->result, ==, BMS_CHECK_OUTCOME_CANCELLED);
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 1))->result, ==, BMS_CHECK_OUTCOME_SKIPPED);
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 2))->result, ==, BMS_CHECK_OUTCOME_CANCELLED);
  g_assert_cmpuint (bms_test_scripted_server_get_stat (stall, "connections"), ==, 1);

  g_free (paths[0]);
  g_free (paths[2]);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  remove_tree (dir);
}

/* With one place, the next account takes it as soon as a login ends,
 * before that login's result is written to its profile (the result is
 * announced once written). Never two logins at the server. */
static void
test_check_all_place_before_status (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(BmsTestScriptedServer) gmail =
    scripted ("{\"base\": \"smtp-gmail\", \"auth_delay\": 0.5}");
  g_autoptr(BmsAccountChecker) checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  EventLog log = { events, NULL, NULL };
  char *paths[3] = { NULL, NULL, NULL };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *email = g_strdup_printf ("next%u@example.com", i);
      g_autoptr(BmsAccount) account = account_for (email, "社員", bms_test_scripted_server_get_port (gmail),
                                                   BMS_SECURITY_NONE, "abcdefghijklmnop");

      paths[i] = save_account (store, account);
    }

  bms_account_checker_set_max_logins (checker, 1);
  outcomes = run_logged (checker, (const char * const *) paths, &log);

  g_assert_cmpuint (outcomes->len, ==, 2);
  g_assert_cmpuint (events->len, ==, 4);
  assert_event (events, 0, "started", paths[0]);
  assert_event (events, 1, "started", paths[1]);
  assert_event (events, 2, "passed", paths[0]);
  assert_event (events, 3, "passed", paths[1]);
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "connections"), ==, 2);
  g_assert_cmpuint (bms_test_scripted_server_get_stat (gmail, "max_in_flight"), ==, 1);

  g_free (paths[0]);
  g_free (paths[1]);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  remove_tree (dir);
}

/* An account whose password is not in the keyring is skipped, not failed:
 * nothing was asked of the server. */
static void
test_check_without_password (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(BmsAccountChecker) checker = bms_account_checker_new (store, BMS_CHECK_KIND_LOGIN);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsCheckStatus) status = NULL;
  Watch watch = { 0 };

  g_file_set_contents (path, older_profile, -1, &error);
  g_assert_no_error (error);

  outcomes = run_checker (checker, NULL, NULL, &watch);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpint (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 0))->result, ==, BMS_CHECK_OUTCOME_SKIPPED);
  g_assert_cmpstr (((BmsCheckOutcome *) g_ptr_array_index (outcomes, 0))->email, ==, "taro@example.co.jp");
  status = status_on_disk (path);
  g_assert_cmpint (status->result, ==, BMS_CHECK_RESULT_NEVER);

  watch_clear (&watch);
  let_go_of (g_steal_pointer (&checker));
  let_go_of (g_steal_pointer (&store));
  g_unlink (path);
  remove_tree (dir);
}

/* CSV */

static const char employees_csv[] =
  "社員名,メールアドレス\r\n"
  "山田 太郎,taro@example.co.jp\r\n"
  "\"鈴木, 花子\",hanako@example.co.jp\r\n"
  "\r\n"
  "\"佐藤 \"\"サトシ\"\"\",satoshi@example.co.jp\r\n";

static void
test_csv_split (void)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) rows = bms_roster_csv_split ("a,\"b,\"\"c\"\"\nd\"\r\n\n1,2\n", &lines);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), ((const char *[]) { "a", "b,\"c\"\nd", NULL }));
  g_assert_cmpstrv (g_ptr_array_index (rows, 1), ((const char *[]) { "1", "2", NULL }));
  g_assert_cmpuint (g_array_index (lines, guint, 0), ==, 1);
  /* The quoted line break moved the second row down a line more. */
  g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 4);
}

static void
assert_employees (GPtrArray *employees)
{
  BmsRosterCsvEmployee *e;

  g_assert_cmpuint (employees->len, ==, 3);
  e = g_ptr_array_index (employees, 0);
  g_assert_cmpstr (e->name, ==, "山田 太郎");
  g_assert_cmpstr (e->email, ==, "taro@example.co.jp");
  e = g_ptr_array_index (employees, 1);
  g_assert_cmpstr (e->name, ==, "鈴木, 花子");
  e = g_ptr_array_index (employees, 2);
  g_assert_cmpstr (e->name, ==, "佐藤 \"サトシ\"");
  g_assert_cmpuint (e->line, ==, 5);
}

static void
test_csv_encodings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", employees_csv, NULL);
  gsize cp932_length;
  g_autofree char *cp932 = g_convert (employees_csv, -1, "CP932", "UTF-8", NULL, &cp932_length, &error);
  const char *inputs[] = { employees_csv, bom, cp932 };
  gsize lengths[] = { strlen (employees_csv), strlen (bom), cp932_length };

  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (cp932, cp932_length, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *text = bms_roster_csv_decode (inputs[i], lengths[i], &error);
      g_autoptr(GPtrArray) employees = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, employees_csv);
      employees = bms_roster_csv_parse (text, NULL, NULL, &error);
      g_assert_no_error (error);
      assert_employees (employees);
    }

  /* English headings, the columns the other way round. */
  {
    g_autoptr(GPtrArray) employees = bms_roster_csv_parse ("E-mail,Name\nann@example.com,Ann\n", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (employees->len, ==, 1);
    g_assert_cmpstr (((BmsRosterCsvEmployee *) g_ptr_array_index (employees, 0))->name, ==, "Ann");
  }
}

static void
test_csv_bad_rows (void)
{
  const char *csv =
    "社員名,メールアドレス\n"
    "山田 太郎,taro@example.co.jp\n"
    "鈴木 花子,hanako-at-example\n"
    ",nobody@example.co.jp\n"
    "佐藤\n"
    "山田 次郎,TARO@example.co.jp\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GError) error = NULL;
  guint expected_lines[] = { 3, 4, 5, 6 };

  employees = bms_roster_csv_parse (csv, NULL, &problems, &error);
  g_assert_null (employees);
  g_assert_error (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_BAD_ROWS);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected_lines));
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpuint (((BmsRosterCsvProblem *) g_ptr_array_index (problems, i))->line, ==, expected_lines[i]);
  g_assert_nonnull (strstr (((BmsRosterCsvProblem *) g_ptr_array_index (problems, 3))->message, "more than once"));
}

static gssize
import (BmsAccountStore  *store,
        const char       *path,
        GPtrArray       **problems,
        GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  bms_roster_csv_import_async (store, file, NULL, done_cb, &result);
  return bms_roster_csv_import_finish (store, wait_for (&result), problems, error);
}

static guint
count_profiles (const char *dir)
{
  g_autoptr(GPtrArray) accounts = bms_profile_list (dir, NULL, NULL);

  return accounts->len;
}

static void
test_csv_import_export (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *work = make_dir ();
  g_autofree char *good = g_build_filename (work, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (work, "bad.csv", NULL);
  g_autofree char *out = g_build_filename (work, "roster.csv", NULL);
  g_autoptr(BmsAccountStore) store = bms_account_store_new (dir);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cp932 = NULL;
  g_autofree char *bad_utf8 = g_strconcat (employees_csv, "高橋,not-an-address\r\n", NULL);
  g_autofree char *exported = NULL;
  gsize length;

  /* A bad row in a CP932 file: nothing imported, the row's line said. */
  cp932 = g_convert (bad_utf8, -1, "CP932", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad, cp932, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (import (store, bad, &problems, &error), ==, -1);
  g_assert_error (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_BAD_ROWS);
  g_clear_error (&error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((BmsRosterCsvProblem *) g_ptr_array_index (problems, 0))->line, ==, 6);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_cmpuint (count_profiles (dir), ==, 0);

  /* The good file: every employee, not set up yet. */
  g_file_set_contents (good, employees_csv, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (import (store, good, NULL, &error), ==, 3);
  g_assert_no_error (error);
  accounts = bms_profile_list (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 3);
  for (guint i = 0; i < accounts->len; i++)
    {
      BmsAccount *account = g_ptr_array_index (accounts, i);

      g_assert_cmpstr (bms_account_get_smtp_host (account), ==, BMS_GMAIL_SMTP_HOST);
      g_assert_cmpstr (bms_account_get_smtp_user (account), ==, bms_account_get_email (account));
      g_assert_cmpint (bms_account_get_check_status (account)->result, ==, BMS_CHECK_RESULT_NEVER);
    }

  /* Again: the addresses are saved already, and nothing changes. */
  g_assert_cmpint (import (store, good, &problems, &error), ==, -1);
  g_assert_error (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_BAD_ROWS);
  g_clear_error (&error);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpuint (count_profiles (dir), ==, 3);

  /* One account with a result, then the export read back. */
  {
    g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 30, 8, 15, 0);
    g_autoptr(BmsCheckStatus) failed = bms_check_status_new (when, BMS_CHECK_KIND_LOGIN,
                                                             BMS_CHECK_RESULT_FAILED, "wrong-password");
    g_autoptr(GFile) file = g_file_new_for_path (out);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GPtrArray) read_back = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GDateTime) local = g_date_time_to_local (when);
    g_autofree char *local_text = g_date_time_format (local, "%Y/%m/%d %H:%M:%S");
    char **row;

    bms_profile_save_status (bms_account_get_profile_path (g_ptr_array_index (accounts, 0)), failed, &error);
    g_assert_no_error (error);

    bms_roster_csv_export_async (store, file, NULL, done_cb, &result);
    g_assert_cmpint (bms_roster_csv_export_finish (store, wait_for (&result), &error), ==, 3);
    g_assert_no_error (error);

    g_file_get_contents (out, &exported, &length, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (exported, "\xEF\xBB\xBF社員名,メールアドレス,最終確認日時,確認の種類,結果,問題\r\n"));
    /* Every line ends in CR LF, and no LF stands alone. */
    for (gsize i = 0; i < length; i++)
      if (exported[i] == '\n')
        g_assert_cmpint (exported[i - 1], ==, '\r');
    g_assert_true (g_str_has_suffix (exported, "\r\n"));
    g_assert_null (strstr (exported, "abcd"));

    text = bms_roster_csv_decode (exported, length, &error);
    g_assert_no_error (error);
    rows = bms_roster_csv_split (text, NULL);
    g_assert_cmpuint (rows->len, ==, 4);
    row = g_ptr_array_index (rows, 1);
    g_assert_cmpuint (g_strv_length (row), ==, 6);
    g_assert_cmpstr (row[1], ==, bms_account_get_email (g_ptr_array_index (accounts, 0)));
    g_assert_cmpstr (row[2], ==, local_text);
    g_assert_cmpstr (row[3], ==, "login-check");
    g_assert_cmpstr (row[4], ==, "failed");
    g_assert_cmpstr (row[5], ==, "wrong-password");
    row = g_ptr_array_index (rows, 2);
    g_assert_cmpstr (row[2], ==, "");
    g_assert_cmpstr (row[4], ==, "never");

    /* The export is an import file too. */
    read_back = bms_roster_csv_parse (text, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (read_back->len, ==, 3);
  }

  let_go_of (g_steal_pointer (&store));
  g_unlink (good);
  g_unlink (bad);
  g_unlink (out);
  remove_tree (work);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/status/round-trip", test_status_round_trip);
  g_test_add_func ("/roster/status/older-profiles", test_status_older_profiles);
  g_test_add_func ("/roster/check-all/in-flight", test_check_all_in_flight);
  g_test_add_func ("/roster/check-all/failures", test_check_all_failures);
  g_test_add_func ("/roster/check-all/imap-rate-limit", test_check_all_imap_rate_limit);
  g_test_add_func ("/roster/check-all/cancelled", test_check_all_cancelled);
  g_test_add_func ("/roster/check-all/opened-ahead", test_check_all_opened_ahead);
  g_test_add_func ("/roster/check-all/place-before-status", test_check_all_place_before_status);
  g_test_add_func ("/roster/check-all/without-password", test_check_without_password);
  g_test_add_func ("/roster/csv/split", test_csv_split);
  g_test_add_func ("/roster/csv/encodings", test_csv_encodings);
  g_test_add_func ("/roster/csv/bad-rows", test_csv_bad_rows);
  g_test_add_func ("/roster/csv/import-export", test_csv_import_export);

  return g_test_run ();
}
