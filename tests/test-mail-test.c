/* test-mail-test.c: the whole mail test, step by step, against the private servers.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

/* The other pair of securities: SMTP over TLS, IMAP with STARTTLS. */
static void
settings_use_other_security (Settings *settings)
{
  settings->smtp->port = bms_test_servers_get_port (servers, "smtps_port");
  settings->smtp->security = BMS_SECURITY_SSL_TLS;
  settings->imap->port = bms_test_servers_get_port (servers, "imap_starttls_port");
  settings->imap->security = BMS_SECURITY_STARTTLS;
}

static gboolean
transcript_has (BmsMailTest     *test,
                BmsMailTestStep  step,
                const char      *text)
{
  g_autofree char *all = bms_transcript_to_string (bms_mail_test_get_transcript (test, step));

  return strstr (all, text) != NULL;
}

/* Counts, at the servers, the connections a test makes. */
typedef struct {
  guint smtp;
  guint imap;
} Connections;

static Connections
count_connections (void)
{
  Connections now = { bms_test_servers_count_smtp_connections (servers),
                      bms_test_servers_count_imap_logins (servers) };

  return now;
}

static void
assert_one_connection_each (Connections before)
{
  Connections after = count_connections ();

  g_assert_cmpuint (after.smtp - before.smtp, ==, 1);
  g_assert_cmpuint (after.imap - before.imap, ==, 1);
}

static void
test_mail_test_passes (gconstpointer data)
{
  static const BmsStepState all_ok[] = { BMS_STEP_OK, BMS_STEP_OK, BMS_STEP_OK, BMS_STEP_OK };
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;
  guint before = bms_test_servers_count_messages (servers);
  Connections connections = count_connections ();

  settings_init (&settings);
  if (GPOINTER_TO_INT (data))
    settings_use_other_security (&settings);
  test = new_test (&settings);
  bms_mail_test_set_late_copy_grace (test, 0);

  g_assert_true (run_test (test, NULL, &error));
  g_assert_no_error (error);
  assert_states (test, all_ok);
  g_assert_cmpint (bms_mail_test_get_filed (test), ==, BMS_IMAP_FILED_APPENDED);
  g_assert_cmpint (copies_in_sent_folder (test), ==, 1);
  g_assert_cmpuint (bms_test_servers_count_messages (servers), ==, before + 1);
  /* One login each, side by side; the same connections send and file. */
  assert_one_connection_each (connections);
  g_assert_true (transcript_has (test, BMS_MAIL_TEST_STEP_FILE, " APPEND "));
  g_assert_false (bms_mail_test_get_is_gmail (test));
}

/* A server that files its copy only after the first look: the message is
 * APPENDed, the late copy is seen (IDLE wakes the grace early) and the two
 * copies are reported, not hidden. */
static void
test_mail_test_late_copy (void)
{
  static const BmsStepState expected[] = { BMS_STEP_OK, BMS_STEP_OK, BMS_STEP_OK, BMS_STEP_FAILED };
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;
  Connections connections = count_connections ();
  gint64 begin;

  settings_init (&settings);
  test = new_test (&settings);
  bms_mail_test_set_late_copy_grace (test, 5000);

  bms_test_servers_set_file_to_sent_late (servers);
  begin = g_get_monotonic_time ();
  g_assert_false (run_test (test, NULL, &error));
  bms_test_servers_set_file_to_sent (servers, FALSE);

  g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_OTHER);
  assert_states (test, expected);
  g_assert_cmpint (bms_mail_test_get_filed (test), ==, BMS_IMAP_FILED_DUPLICATES);
  g_assert_cmpuint (bms_mail_test_get_n_copies (test), ==, 2);
  g_assert_cmpint (copies_in_sent_folder (test), ==, 2);
  g_assert_true (transcript_has (test, BMS_MAIL_TEST_STEP_FILE, " IDLE"));
  /* Woken by the copy's arrival, long before the grace ended. */
  g_assert_cmpint (g_get_monotonic_time () - begin, <, 4000 * 1000);
  assert_one_connection_each (connections);
}

typedef struct {
  Settings              settings;
  BmsTestScriptedServer *smtp_server;
  BmsTestScriptedServer *imap_server;
} Scripted;

/* Both servers scripted, on a host name that is not Google's. */
static BmsMailTest *
new_scripted_test (Scripted   *scripted,
                   const char *smtp_scenario,
                   const char *imap_scenario,
                   const char *user)
{
  const char *recipients[] = { ADDRESS, NULL };
  g_autoptr(GError) error = NULL;
  BmsServer *imap = NULL;

  scripted->smtp_server = bms_test_scripted_server_start (smtp_scenario, BMS_TEST_TLS_IMPLICIT, &error);
  g_assert_no_error (error);
  scripted->settings.smtp = bms_server_new ("localhost",
                                            bms_test_scripted_server_get_port (scripted->smtp_server),
                                            BMS_SECURITY_SSL_TLS, user);
  scripted->settings.smtp->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (scripted->smtp_server));
  if (imap_scenario != NULL)
    {
      scripted->imap_server = bms_test_scripted_server_start (imap_scenario, BMS_TEST_TLS_IMPLICIT, &error);
      g_assert_no_error (error);
      imap = scripted->settings.imap =
        bms_server_new ("localhost", bms_test_scripted_server_get_port (scripted->imap_server),
                        BMS_SECURITY_SSL_TLS, user);
      imap->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (scripted->imap_server));
    }

  return bms_mail_test_new (scripted->settings.smtp, BMS_TEST_PASSWORD, imap, BMS_TEST_PASSWORD,
                            "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", ADDRESS, NULL, recipients);
}

static void
scripted_clear (Scripted *scripted)
{
  settings_clear (&scripted->settings);
  g_clear_pointer (&scripted->smtp_server, bms_test_scripted_server_stop);
  g_clear_pointer (&scripted->imap_server, bms_test_scripted_server_stop);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scripted, scripted_clear)

/* Refused by servers that say they are Google's ("gsmtp", "Gimap") on a
 * host name that is not: Gmail's advice all the same, and a goodbye at
 * each server. */
static void
test_mail_test_gmail_known_on_failure (void)
{
  g_auto(Scripted) scripted = { 0 };
  g_autoptr(BmsMailTest) test = new_scripted_test (&scripted, "smtp-bad-credentials",
                                                   "imap-invalid-credentials", ADDRESS);
  g_autoptr(GError) error = NULL;
  g_autofree char *smtp_heard = NULL;
  g_autofree char *imap_heard = NULL;

  g_assert_false (run_test (test, NULL, &error));
  g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_WRONG_PASSWORD);
  g_assert_cmpint (bms_mail_test_get_state (test, BMS_MAIL_TEST_STEP_SMTP_LOGIN), ==, BMS_STEP_FAILED);
  g_assert_cmpint (bms_mail_test_get_state (test, BMS_MAIL_TEST_STEP_IMAP_LOGIN), ==, BMS_STEP_FAILED);
  g_assert_true (bms_mail_test_get_is_gmail (test));
  g_assert_cmpstr (bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, TRUE), !=,
                   bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, FALSE));

  smtp_heard = bms_test_scripted_server_get_transcript (scripted.smtp_server);
  imap_heard = bms_test_scripted_server_get_transcript (scripted.imap_server);
  g_assert_nonnull (strstr (smtp_heard, "C: QUIT"));
  g_assert_nonnull (strstr (imap_heard, " LOGOUT"));
}

static gboolean
decodes_to_password (const char *word)
{
  gsize length = 0;
  g_autofree guchar *decoded = g_base64_decode (word, &length);

  for (gsize i = 0; i + strlen (BMS_TEST_PASSWORD) <= length; i++)
    if (memcmp (decoded + i, BMS_TEST_PASSWORD, strlen (BMS_TEST_PASSWORD)) == 0)
      return TRUE;
  return FALSE;
}

/* No form of the password that could be decoded, anywhere in @text: as it
 * is, nor inside any base64 word, at any offset of any of its substrings. */
static void
assert_no_password (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n()<>:,;", -1);

  g_assert_null (strstr (text, BMS_TEST_PASSWORD));
  for (guint i = 0; words[i] != NULL; i++)
    for (gsize start = 0; words[i][start] != '\0'; start++)
      g_assert_false (decodes_to_password (words[i] + start));
}

/* A hostile server repeats what the client sent, and its base64, in its
 * refusal: nothing shown holds a decodable password, whatever the user
 * name's length modulo 3 (which moves the password inside AUTH PLAIN's
 * base64). */
static void
test_mail_test_echoing_server (void)
{
  static const char * const users[] = { "al@example.com", "ali@example.com", "alic@example.com" };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_auto(Scripted) scripted = { 0 };
      g_autoptr(BmsMailTest) test = new_scripted_test (&scripted, "smtp-echo", "imap-echo", users[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *heard = NULL;

      g_assert_false (run_test (test, NULL, &error));
      g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_WRONG_PASSWORD);
      heard = bms_test_scripted_server_get_transcript (scripted.smtp_server);
      /* The server did echo it: the test is not empty. */
      g_assert_nonnull (strstr (heard, "You sent AUTH PLAIN "));

      for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
        {
          BmsTranscript *transcript = bms_mail_test_get_transcript (test, step);
          const GError *step_error = bms_mail_test_get_error (test, step);

          if (transcript != NULL)
            {
              g_autofree char *text = bms_transcript_to_string (transcript);
              g_autofree char *reply = bms_transcript_dup_last_reply (transcript);

              assert_no_password (text);
              if (reply != NULL)
                assert_no_password (reply);
            }
          if (step_error != NULL)
            assert_no_password (step_error->message);
        }
    }
}

/* Gmail files what it sends by itself: the test finds it and adds nothing. */
static void
test_mail_test_server_files_itself (gconstpointer data)
{
  g_auto(Settings) settings = { 0 };
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GError) error = NULL;
  Connections connections = count_connections ();

  settings_init (&settings);
  if (GPOINTER_TO_INT (data))
    settings_use_other_security (&settings);
  test = new_test (&settings);

  bms_test_servers_set_file_to_sent (servers, TRUE);
  g_assert_true (run_test (test, NULL, &error));
  bms_test_servers_set_file_to_sent (servers, FALSE);

  g_assert_no_error (error);
  g_assert_cmpint (bms_mail_test_get_filed (test), ==, BMS_IMAP_FILED_ALREADY);
  /* Found without an APPEND. */
  g_assert_false (transcript_has (test, BMS_MAIL_TEST_STEP_FILE, " APPEND "));
  g_assert_cmpuint (bms_mail_test_get_n_copies (test), ==, 1);
  g_assert_cmpint (copies_in_sent_folder (test), ==, 1);
  assert_one_connection_each (connections);
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

  g_test_add_data_func ("/mail-test/passes-starttls-smtp-imaps", GINT_TO_POINTER (FALSE),
                        test_mail_test_passes);
  g_test_add_data_func ("/mail-test/passes-smtps-starttls-imap", GINT_TO_POINTER (TRUE),
                        test_mail_test_passes);
  g_test_add_data_func ("/mail-test/server-files-itself-starttls-smtp-imaps", GINT_TO_POINTER (FALSE),
                        test_mail_test_server_files_itself);
  g_test_add_data_func ("/mail-test/server-files-itself-smtps-starttls-imap", GINT_TO_POINTER (TRUE),
                        test_mail_test_server_files_itself);
  g_test_add_func ("/mail-test/late-copy", test_mail_test_late_copy);
  g_test_add_func ("/mail-test/gmail-known-on-failure", test_mail_test_gmail_known_on_failure);
  g_test_add_func ("/mail-test/echoing-server", test_mail_test_echoing_server);
  g_test_add_func ("/mail-test/without-saving", test_mail_test_without_saving);
  g_test_add_func ("/mail-test/wrong-password", test_mail_test_wrong_password);
  g_test_add_func ("/mail-test/refuses-line-breaks", test_mail_test_refuses_line_breaks);
  /* Last: a cancelled connection may reach the server after the test, and
   * must not be counted as another test's. */
  g_test_add_func ("/mail-test/cancel", test_mail_test_cancel);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
