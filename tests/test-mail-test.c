/* test-mail-test.c: the whole mail test, step by step, against the private servers.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-diagnosis.h"
#include "bms-mail-test.h"
#include "bms-test-servers.h"

#define ADDRESS "alice@example.com"

static BmsTestServers *servers;

typedef struct
{
  BmsServer *smtp;
  BmsServer *imap;
  const char *display_name;
  const char *smtp_password;
  gboolean    save_sent;
} Settings;

static void
settings_init (Settings *settings)
{
  settings->smtp = bms_server_new ("localhost", bms_test_servers_get_port (servers, "smtp_starttls_port"),
                                   BMS_SECURITY_STARTTLS, ADDRESS);
  settings->smtp->ca_file = g_strdup (bms_test_servers_get_ca_file (servers));
  settings->imap = bms_server_new ("localhost", bms_test_servers_get_port (servers, "imaps_port"),
                                   BMS_SECURITY_SSL_TLS, ADDRESS);
  settings->imap->ca_file = g_strdup (bms_test_servers_get_ca_file (servers));
  settings->display_name = "山田 太郎";
  settings->smtp_password = BMS_TEST_PASSWORD;
  settings->save_sent = TRUE;
}

static void
settings_clear (Settings *settings)
{
  g_clear_pointer (&settings->smtp, bms_server_free);
  g_clear_pointer (&settings->imap, bms_server_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static BmsMailTest *
new_test (Settings *settings)
{
  const char *recipients[] = { ADDRESS, NULL };
  BmsMailTest *test;

  test = bms_mail_test_new (settings->smtp, settings->smtp_password,
                            settings->save_sent ? settings->imap : NULL, BMS_TEST_PASSWORD,
                            "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", ADDRESS, settings->display_name, recipients);
  /* The private SMTP server files before it answers: no need to wait long. */
  bms_mail_test_set_search_wait (test, 500);
  return test;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Run;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->ok = bms_mail_test_run_finish (BMS_MAIL_TEST (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
run_test (BmsMailTest  *test,
          GCancellable *cancellable,
          GError      **error)
{
  Run run = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  bms_mail_test_run_async (test, cancellable, run_done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.ok;
}

static void
assert_states (BmsMailTest        *test,
               const BmsStepState  expected[BMS_MAIL_TEST_N_STEPS])
{
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    g_assert_cmpint (bms_mail_test_get_state (test, step), ==, expected[step]);
}

static int
copies_in_sent_folder (BmsMailTest *test)
{
  g_autoptr(GError) error = NULL;
  int n = bms_test_servers_count_in_folder (servers, BMS_TEST_USER, BMS_TEST_SENT_FOLDER,
                                            bms_mail_test_get_message_id (test), &error);

  g_assert_no_error (error);
  return n;
}

static void
test_mail_test_passes (void)
{
  static const BmsStepState all_ok[] = { BMS_STEP_OK, BMS_STEP_OK, BMS_STEP_OK, BMS_STEP_OK };
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;
  guint before = bms_test_servers_count_messages (servers);

  settings_init (&settings);
  test = new_test (&settings);

  g_assert_true (run_test (test, NULL, &error));
  g_assert_no_error (error);
  assert_states (test, all_ok);
  g_assert_cmpint (bms_mail_test_get_filed (test), ==, BMS_IMAP_FILED_APPENDED);
  g_assert_cmpint (copies_in_sent_folder (test), ==, 1);
  g_assert_cmpuint (bms_test_servers_count_messages (servers), ==, before + 1);
}

/* Gmail files what it sends by itself: the test finds it and adds nothing. */
static void
test_mail_test_server_files_itself (void)
{
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;

  settings_init (&settings);
  test = new_test (&settings);

  bms_test_servers_set_file_to_sent (servers, TRUE);
  g_assert_true (run_test (test, NULL, &error));
  bms_test_servers_set_file_to_sent (servers, FALSE);

  g_assert_no_error (error);
  g_assert_cmpint (bms_mail_test_get_filed (test), ==, BMS_IMAP_FILED_ALREADY);
  g_assert_cmpuint (bms_mail_test_get_n_copies (test), ==, 1);
  g_assert_cmpint (copies_in_sent_folder (test), ==, 1);
}

static void
test_mail_test_without_saving (void)
{
  static const BmsStepState expected[] = { BMS_STEP_OK, BMS_STEP_SKIPPED, BMS_STEP_OK, BMS_STEP_SKIPPED };
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;

  settings_init (&settings);
  settings.save_sent = FALSE;
  test = new_test (&settings);

  g_assert_true (run_test (test, NULL, &error));
  g_assert_no_error (error);
  assert_states (test, expected);
  g_assert_cmpint (copies_in_sent_folder (test), ==, 0);
}

/* A refused SMTP login skips what needs the message; IMAP is still tried. */
static void
test_mail_test_wrong_password (void)
{
  static const BmsStepState expected[] = { BMS_STEP_FAILED, BMS_STEP_OK, BMS_STEP_SKIPPED, BMS_STEP_SKIPPED };
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;

  settings_init (&settings);
  settings.smtp_password = "not-the-password";
  test = new_test (&settings);

  g_assert_false (run_test (test, NULL, &error));
  g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_WRONG_PASSWORD);
  assert_states (test, expected);
  g_assert_error (bms_mail_test_get_error (test, BMS_MAIL_TEST_STEP_SMTP_LOGIN),
                  BMS_MAIL_ERROR, BMS_PROBLEM_WRONG_PASSWORD);
  g_assert_nonnull (bms_mail_test_get_transcript (test, BMS_MAIL_TEST_STEP_SMTP_LOGIN));
}

/* A line break in what the administrator typed: refused before a byte is sent. */
static void
test_mail_test_refuses_line_breaks (void)
{
  static const BmsStepState expected[] = { BMS_STEP_SKIPPED, BMS_STEP_SKIPPED, BMS_STEP_FAILED, BMS_STEP_SKIPPED };
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;
  guint before = bms_test_servers_count_messages (servers);

  settings_init (&settings);
  settings.display_name = "山田\r\nBcc: everyone@example.com";
  test = new_test (&settings);

  g_assert_false (run_test (test, NULL, &error));
  g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT);
  assert_states (test, expected);
  g_assert_null (bms_mail_test_get_transcript (test, BMS_MAIL_TEST_STEP_SMTP_LOGIN));
  g_assert_cmpuint (bms_test_servers_count_messages (servers), ==, before);
}

static void
test_mail_test_cancel (void)
{
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  settings_init (&settings);
  test = new_test (&settings);

  /* Cancelled while the logins run. */
  g_idle_add (cancel_cb, cancellable);
  g_assert_false (run_test (test, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    g_assert_cmpint (bms_mail_test_get_state (test, step), !=, BMS_STEP_OK);
  g_assert_cmpint (bms_mail_test_get_state (test, BMS_MAIL_TEST_STEP_SMTP_LOGIN), ==, BMS_STEP_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/mail-test/passes", test_mail_test_passes);
  g_test_add_func ("/mail-test/server-files-itself", test_mail_test_server_files_itself);
  g_test_add_func ("/mail-test/without-saving", test_mail_test_without_saving);
  g_test_add_func ("/mail-test/wrong-password", test_mail_test_wrong_password);
  g_test_add_func ("/mail-test/refuses-line-breaks", test_mail_test_refuses_line_breaks);
  g_test_add_func ("/mail-test/cancel", test_mail_test_cancel);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
