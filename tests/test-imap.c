/* test-imap.c: the IMAP login check, folder list and filing, against a real
 * Dovecot and a scripted server that answers like Gmail.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-diagnosis.h"
#include "bms-imap.h"
#include "bms-mutf7.h"
#include "bms-test-servers.h"

/* The expected result of a case that must succeed. */
#define OK (-1)
/* No operation may take longer than this, whatever its timeouts say. */
#define GUARD_MS 60000
/* What a wrong password may cost: Dovecot's fixed 0.5 s, and some slack. */
#define WRONG_PASSWORD_BUDGET_US (1500 * 1000)

#define SENT_WIRE "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"

/* One set of real servers for all the cases: starting them costs 0.4 s. */
static BmsTestServers *servers;

typedef enum {
  CHECK_LOGIN,
  LIST_FOLDERS,
  FILE_MESSAGE,
} Operation;

/* What file_message needs besides the server. */
typedef struct {
  const char *folder;
  GBytes     *message;
  const char *message_id;
  guint       search_wait_ms;
} Filing;

typedef struct {
  Operation       operation;
  GMainLoop      *loop;
  GAsyncResult   *result;
  gint64          started_at;
  gint64          finished_at;
  gint64          cancelled_at;
  GCancellable   *cancellable;
} Waiter;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->finished_at = g_get_monotonic_time ();
  g_main_loop_quit (waiter->loop);
}

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("an IMAP operation took longer than %d ms", GUARD_MS);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (waiter->cancellable);
  return G_SOURCE_REMOVE;
}

static void
start (Waiter          *waiter,
       const BmsServer *server,
       const char      *password,
       const Filing    *filing)
{
  waiter->started_at = g_get_monotonic_time ();

  switch (waiter->operation)
    {
    case CHECK_LOGIN:
      bms_imap_check_login_async (server, password, waiter->cancellable, done_cb, waiter);
      break;
    case LIST_FOLDERS:
      bms_imap_list_folders_async (server, password, waiter->cancellable, done_cb, waiter);
      break;
    case FILE_MESSAGE:
    default:
      bms_imap_file_message_async (server, password, filing->folder, filing->message,
                                   filing->message_id, filing->search_wait_ms,
                                   waiter->cancellable, done_cb, waiter);
    }
}

static Waiter *
waiter_new (Operation operation)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->operation = operation;
  waiter->loop = g_main_loop_new (NULL, FALSE);
  waiter->cancellable = g_cancellable_new ();
  return waiter;
}

static void
waiter_free (Waiter *waiter)
{
  g_main_loop_unref (waiter->loop);
  g_clear_object (&waiter->result);
  g_object_unref (waiter->cancellable);
  g_free (waiter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Waiter, waiter_free)

static void
wait_for (Waiter *waiter)
{
  guint guard = g_timeout_add (GUARD_MS, guard_cb, NULL);

  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

/* The outcome of any of the three operations. */
typedef struct {
  gboolean        ok;
  gboolean        is_gmail;
  GPtrArray      *folders;
  BmsImapFiled    filed;
  guint           n_copies;
  BmsTranscript  *transcript;
  GError         *error;
  gint64          duration_us;
  gint64          cancel_latency_us;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->folders, g_ptr_array_unref);
  g_clear_object (&outcome->transcript);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Outcome, outcome_free)

static Outcome *
finish (Waiter *waiter)
{
  Outcome *outcome = g_new0 (Outcome, 1);

  switch (waiter->operation)
    {
    case CHECK_LOGIN:
      outcome->ok = bms_imap_check_login_finish (waiter->result, &outcome->is_gmail,
                                                 &outcome->transcript, &outcome->error);
      break;
    case LIST_FOLDERS:
      outcome->folders = bms_imap_list_folders_finish (waiter->result, &outcome->transcript,
                                                       &outcome->error);
      outcome->ok = outcome->folders != NULL;
      break;
    case FILE_MESSAGE:
    default:
      outcome->ok = bms_imap_file_message_finish (waiter->result, &outcome->filed, &outcome->n_copies,
                                                  &outcome->transcript, &outcome->error);
    }

  g_assert_true (outcome->ok == (outcome->error == NULL));
  g_assert_nonnull (outcome->transcript);
  outcome->duration_us = waiter->finished_at - waiter->started_at;
  outcome->cancel_latency_us = waiter->cancelled_at > 0 ? waiter->finished_at - waiter->cancelled_at : -1;

  if (g_test_verbose ())
    {
      g_autofree char *text = bms_transcript_to_string (outcome->transcript);

      g_test_message ("%s", text);
    }

  return outcome;
}

/* Runs one operation to its end; cancels it after @cancel_after_ms if not 0. */
static Outcome *
run (Operation        operation,
     const BmsServer *server,
     const char      *password,
     const Filing    *filing,
     guint            cancel_after_ms)
{
  g_autoptr(Waiter) waiter = waiter_new (operation);

  if (cancel_after_ms > 0)
    g_timeout_add (cancel_after_ms, cancel_cb, waiter);
  start (waiter, server, password, filing);
  wait_for (waiter);
  return finish (waiter);
}

/* The password is nowhere in what the user can see. */
static void
assert_clean (Outcome    *outcome,
              const char *password)
{
  g_autofree char *text = bms_transcript_to_string (outcome->transcript);
  g_autofree char *base64 = g_base64_encode ((const guchar *) password, strlen (password));

  g_assert_null (strstr (text, password));
  g_assert_null (strstr (text, base64));
  if (outcome->error != NULL)
    g_assert_null (strstr (outcome->error->message, password));
}

static void
assert_problem (Outcome *outcome,
                int      expected)
{
  if (expected == OK)
    {
      g_assert_no_error (outcome->error);
      g_assert_true (outcome->ok);
      return;
    }

  g_assert_false (outcome->ok);
  g_assert_error (outcome->error, BMS_MAIL_ERROR, expected);
  g_assert_cmpstr (outcome->error->message, ==, bms_problem_get_summary (expected));
}

static BmsServer *
real_server (const char  *port_key,
             BmsSecurity  security,
             const char  *user)
{
  BmsServer *server = bms_server_new ("localhost", bms_test_servers_get_port (servers, port_key),
                                      security, user);

  g_assert_cmpuint (server->port, >, 0);
  server->ca_file = g_strdup (bms_test_servers_get_ca_file (servers));
  server->connect_timeout_ms = 5000;
  server->command_timeout_ms = 5000;
  return server;
}

/* ------------------------------------------------------------ login */

typedef struct {
  const char  *name;
  const char  *port_key;     /* a port of mail-servers.py, or NULL for a scripted server */
  const char  *scenario;     /* with port_key NULL: the scripted server's scenario */
  BmsTestTls   scripted_tls;
  BmsSecurity  security;
  const char  *password;
  int          expected;     /* OK or a BmsProblem */
  gboolean     is_gmail;
} LoginCase;

#define REAL(name, key, security, password, expected) \
  { name, key, NULL, BMS_TEST_TLS_NONE, security, password, expected, FALSE }
#define SCRIPTED(name, scenario, tls, security, expected, is_gmail) \
  { name, NULL, scenario, tls, security, BMS_TEST_PASSWORD, expected, is_gmail }

static const LoginCase login_cases[] = {
  REAL ("starttls", "imap_starttls_port", BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD, OK),
  REAL ("imaps", "imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD, OK),
  REAL ("wrong-password/starttls", "imap_starttls_port", BMS_SECURITY_STARTTLS, "wrong-pa55",
        BMS_PROBLEM_WRONG_PASSWORD),
  REAL ("wrong-password/imaps", "imaps_port", BMS_SECURITY_SSL_TLS, "wrong-pa55",
        BMS_PROBLEM_WRONG_PASSWORD),
  REAL ("refused", "refused_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_CONNECTION_REFUSED),
  /* TLS spoken to a port that greets in plain text: OpenSSL reads "* OK"
   * as a broken TLS record and the handshake fails. */
  REAL ("imaps-to-starttls-port", "imap_starttls_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_TLS_FAILED),
  /* Plain text to a TLS port: each side waits for the other to speak, so
   * nothing happens until the (here 5 s) timeout. */
  REAL ("starttls-to-imaps-port", "imaps_port", BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_TIMED_OUT),
  REAL ("untrusted/imaps", "untrusted_imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_CERTIFICATE_UNTRUSTED),
  REAL ("untrusted/starttls", "untrusted_imap_starttls_port", BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_CERTIFICATE_UNTRUSTED),
  REAL ("wrong-name/imaps", "wrong_name_imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH),
  REAL ("wrong-name/starttls", "wrong_name_imap_starttls_port", BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH),
  SCRIPTED ("gmail/ok", "imap-gmail", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS, OK, TRUE),
  SCRIPTED ("gmail/web-login", "imap-web-login", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN, FALSE),
  SCRIPTED ("gmail/app-password", "imap-app-password", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_APP_PASSWORD_REQUIRED, FALSE),
  SCRIPTED ("gmail/invalid-credentials", "imap-invalid-credentials", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_WRONG_PASSWORD, FALSE),
  SCRIPTED ("gmail/not-enabled", "imap-not-enabled", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT, FALSE),
  SCRIPTED ("gmail/domain-disabled", "imap-domain-disabled", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN, FALSE),
  SCRIPTED ("gmail/too-many-connections", "imap-too-many-connections", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_TOO_MANY_CONNECTIONS, FALSE),
  SCRIPTED ("gmail/starttls-web-login", "imap-web-login", BMS_TEST_TLS_STARTTLS, BMS_SECURITY_STARTTLS,
            BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN, FALSE),
  /* STARTTLS chosen, and a server that does not offer it: no plain text. */
  SCRIPTED ("starttls-not-offered", "imap-gmail", BMS_TEST_TLS_NONE, BMS_SECURITY_STARTTLS,
            BMS_PROBLEM_STARTTLS_NOT_OFFERED, FALSE),
  SCRIPTED ("silent", "silent", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE, BMS_PROBLEM_TIMED_OUT, FALSE),
  SCRIPTED ("stall", "imap-stall", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_TIMED_OUT, FALSE),
  SCRIPTED ("drop", "imap-drop", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_CONNECTION_LOST, FALSE),
  SCRIPTED ("garbage", "garbage", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE,
            BMS_PROBLEM_PROTOCOL_ERROR, FALSE),
};

/* Whether the connection is still in a state to say goodbye on. */
static gboolean
server_still_talks (int expected)
{
  switch (expected)
    {
    case BMS_PROBLEM_TIMED_OUT:
    case BMS_PROBLEM_CONNECTION_LOST:
    case BMS_PROBLEM_PROTOCOL_ERROR:
      return FALSE;
    default:
      return TRUE;
    }
}

static BmsServer *
make_server (const LoginCase         *test_case,
             BmsTestScriptedServer  **scripted)
{
  g_autoptr(GError) error = NULL;
  BmsServer *server;

  if (test_case->port_key != NULL)
    return real_server (test_case->port_key, test_case->security, BMS_TEST_USER);

  *scripted = bms_test_scripted_server_start (test_case->scenario, test_case->scripted_tls, &error);
  g_assert_no_error (error);
  server = bms_server_new ("localhost", bms_test_scripted_server_get_port (*scripted),
                           test_case->security, BMS_TEST_USER);
  server->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (*scripted));
  /* A silent server must cost the test one second, not thirty. */
  server->connect_timeout_ms = 1000;
  server->command_timeout_ms = 1000;
  return server;
}

/* How many times Dovecot logged @text so far. */
static guint
count_in_dovecot_log (const char *text)
{
  g_autofree char *log = NULL;
  guint n = 0;

  if (!g_file_get_contents (bms_test_servers_get (servers, "dovecot_log"), &log, NULL, NULL))
    return 0;
  for (const char *p = strstr (log, text); p != NULL; p = strstr (p + 1, text))
    n++;
  return n;
}

/* Dovecot says "Aborted login by logging out (auth failed …)" for a client
 * that said LOGOUT after its refused login, and "Connection closed (auth
 * failed …)" for one that just went. Its log is written a moment later. */
static void
assert_dovecot_heard_logout_after (guint logged_out_before)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (count_in_dovecot_log ("Aborted login by logging out (auth failed") == logged_out_before
         && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (count_in_dovecot_log ("Aborted login by logging out (auth failed"), ==, logged_out_before + 1);
}

static void
test_login (gconstpointer data)
{
  const LoginCase *test_case = data;
  g_autoptr(BmsTestScriptedServer) scripted = NULL;
  g_autoptr(BmsServer) server = make_server (test_case, &scripted);
  guint logged_out_before = count_in_dovecot_log ("Aborted login by logging out (auth failed");
  g_autoptr(Outcome) outcome = run (CHECK_LOGIN, server, test_case->password, NULL, 0);

  g_test_message ("took %.0f ms", outcome->duration_us / 1000.0);
  assert_clean (outcome, test_case->password);
  assert_problem (outcome, test_case->expected);

  if (test_case->expected == OK)
    g_assert_cmpint (outcome->is_gmail, ==, test_case->is_gmail);
  if (test_case->expected == BMS_PROBLEM_WRONG_PASSWORD)
    g_assert_cmpint (outcome->duration_us, <, WRONG_PASSWORD_BUDGET_US);
  if (test_case->expected == BMS_PROBLEM_WRONG_PASSWORD && test_case->port_key != NULL)
    assert_dovecot_heard_logout_after (logged_out_before);

  /* The scripted server heard LOGOUT, and answered it, after a successful
   * login and after every refusal: wherever it still talks. */
  if (scripted != NULL && server_still_talks (test_case->expected))
    {
      g_autofree char *heard = bms_test_scripted_server_get_transcript (scripted);

      g_assert_nonnull (strstr (heard, " LOGOUT"));
      g_assert_nonnull (strstr (heard, "S: * BYE"));
    }
}

/* Cancel while the server says nothing: the operation ends at once, long
 * before its timeout. */
typedef struct {
  const char *name;
  const char *scenario;
  BmsTestTls  tls;
  BmsSecurity security;
} CancelCase;

static const CancelCase cancel_cases[] = {
  { "silent", "silent", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE },
  { "stall", "imap-stall", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS },
};

static void
test_cancel (gconstpointer data)
{
  const CancelCase *test_case = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) scripted = bms_test_scripted_server_start (test_case->scenario,
                                                                              test_case->tls, &error);
  g_autoptr(BmsServer) server = NULL;
  g_autoptr(Outcome) outcome = NULL;

  g_assert_no_error (error);
  server = bms_server_new ("localhost", bms_test_scripted_server_get_port (scripted),
                           test_case->security, BMS_TEST_USER);
  server->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (scripted));
  outcome = run (CHECK_LOGIN, server, BMS_TEST_PASSWORD, NULL, 300);

  g_test_message ("cancel took %" G_GINT64_FORMAT " µs", outcome->cancel_latency_us);
  g_assert_error (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (outcome->cancel_latency_us, >=, 0);
  g_assert_cmpint (outcome->cancel_latency_us, <, BMS_TEST_CANCEL_ENDS_WITHIN_US);
  assert_clean (outcome, BMS_TEST_PASSWORD);
}

static void
test_cancel_before (void)
{
  g_autoptr(BmsServer) server = real_server ("imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_USER);
  g_autoptr(Waiter) waiter = waiter_new (LIST_FOLDERS);
  g_autoptr(Outcome) outcome = NULL;

  g_cancellable_cancel (waiter->cancellable);
  start (waiter, server, BMS_TEST_PASSWORD, NULL);
  wait_for (waiter);
  outcome = finish (waiter);
  g_assert_error (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ------------------------------------------------------------ folders */

/* The folders of a Gmail account in Japanese, as the test Dovecot and the
 * scripted Gmail list them. */
static const struct {
  const char          *display_name;
  const char          *wire_name;
  gboolean             selectable;
  BmsFolderSpecialUse  special_use;
} gmail_folders[] = {
  { "INBOX", "INBOX", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "[Gmail]", "[Gmail]", FALSE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "[Gmail]/すべてのメール", "[Gmail]/&MFkweTBmMG4w4TD8MOs-", TRUE, BMS_FOLDER_SPECIAL_USE_ALL },
  { "[Gmail]/ゴミ箱", "[Gmail]/&MLQw33ux-", TRUE, BMS_FOLDER_SPECIAL_USE_TRASH },
  { "[Gmail]/スター付き", "[Gmail]/&MLkwvzD8TtgwTQ-", TRUE, BMS_FOLDER_SPECIAL_USE_FLAGGED },
  { "[Gmail]/下書き", "[Gmail]/&Tgtm+DBN-", TRUE, BMS_FOLDER_SPECIAL_USE_DRAFTS },
  { "[Gmail]/迷惑メール", "[Gmail]/&j,dg0TDhMPww6w-", TRUE, BMS_FOLDER_SPECIAL_USE_JUNK },
  { "[Gmail]/送信済みメール", SENT_WIRE, TRUE, BMS_FOLDER_SPECIAL_USE_SENT },
  { "[Gmail]/重要", "[Gmail]/&kc2JgQ-", TRUE, BMS_FOLDER_SPECIAL_USE_IMPORTANT },
};

static BmsFolder *
find_folder (GPtrArray  *folders,
             const char *wire_name)
{
  for (guint i = 0; i < folders->len; i++)
    {
      if (g_str_equal (bms_folder_get_wire_name (folders->pdata[i]), wire_name))
        return folders->pdata[i];
    }

  return NULL;
}

static void
assert_gmail_folders (GPtrArray *folders)
{
  for (guint i = 0; i < G_N_ELEMENTS (gmail_folders); i++)
    {
      BmsFolder *folder = find_folder (folders, gmail_folders[i].wire_name);

      g_test_message ("looking for %s", gmail_folders[i].wire_name);
      g_assert_nonnull (folder);
      g_assert_cmpstr (bms_folder_get_display_name (folder), ==, gmail_folders[i].display_name);
      g_assert_cmpint (bms_folder_is_selectable (folder), ==, gmail_folders[i].selectable);
      g_assert_cmpint (bms_folder_get_special_use (folder), ==, gmail_folders[i].special_use);
      g_assert_cmpuint (bms_folder_get_delimiter (folder), ==, '/');
    }
}

typedef struct {
  const char  *name;
  const char  *port_key;
  BmsSecurity  security;
} ListCase;

static const ListCase list_cases[] = {
  { "dovecot/starttls", "imap_starttls_port", BMS_SECURITY_STARTTLS },
  { "dovecot/imaps", "imaps_port", BMS_SECURITY_SSL_TLS },
};

static void
test_list_dovecot (gconstpointer data)
{
  const ListCase *test_case = data;
  g_autoptr(BmsServer) server = real_server (test_case->port_key, test_case->security, BMS_TEST_USER);
  g_autoptr(Outcome) outcome = run (LIST_FOLDERS, server, BMS_TEST_PASSWORD, NULL, 0);

  assert_problem (outcome, OK);
  assert_clean (outcome, BMS_TEST_PASSWORD);
  assert_gmail_folders (outcome->folders);
}

/* Gmail's own way: names quoted, X-GM-EXT-1, and a folder outside [Gmail]. */
static void
test_list_scripted_gmail (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) scripted = bms_test_scripted_server_start ("imap-gmail",
                                                                              BMS_TEST_TLS_IMPLICIT,
                                                                              &error);
  g_autoptr(BmsServer) server = NULL;
  g_autoptr(Outcome) outcome = NULL;
  g_autofree char *heard = NULL;

  g_assert_no_error (error);
  server = bms_server_new ("localhost", bms_test_scripted_server_get_port (scripted),
                           BMS_SECURITY_SSL_TLS, BMS_TEST_USER);
  server->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (scripted));
  outcome = run (LIST_FOLDERS, server, BMS_TEST_PASSWORD, NULL, 0);

  assert_problem (outcome, OK);
  assert_clean (outcome, BMS_TEST_PASSWORD);
  g_assert_cmpuint (outcome->folders->len, ==, 10);
  assert_gmail_folders (outcome->folders);
  g_assert_nonnull (find_folder (outcome->folders, "&U9ZfFVFI-"));

  heard = bms_test_scripted_server_get_transcript (scripted);
  g_assert_nonnull (strstr (heard, "LIST \"\" \"*\""));
  g_assert_nonnull (strstr (heard, " LOGOUT"));
}

/* Level names of the big mailbox, Japanese and not. */
static const char * const big_levels[] = {
  "営業部", "顧客", "案件", "見積書", "議事録", "東京支店", "2026年", "Project",
};

#define BIG_CHAINS 1250
#define BIG_DEPTH 8

/* 10,000 folders of bob's, 8 levels deep: 1,250 chains of 8, each level
 * created itself so that every one is a real folder. */
static GPtrArray *
make_big_mailbox (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  gint64 start = g_get_monotonic_time ();

  for (guint chain = 0; chain < BIG_CHAINS; chain++)
    {
      g_autoptr(GString) name = g_string_new (NULL);

      for (guint level = 0; level < BIG_DEPTH; level++)
        {
          if (level > 0)
            g_string_append_c (name, '/');
          g_string_append_printf (name, "%s%u", big_levels[(chain + level) % G_N_ELEMENTS (big_levels)],
                                  level == 0 ? chain : level);
          g_ptr_array_add (names, g_strdup (name->str));
        }
    }

  /* doveadm takes many names at once; a few calls instead of 10,000. */
  for (guint i = 0; i < names->len; i += 2500)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_set_size (argv, 0);
      g_ptr_array_add (argv, (char *) "doveadm");
      g_ptr_array_add (argv, (char *) "-c");
      g_ptr_array_add (argv, (char *) bms_test_servers_get_dovecot_conf (servers));
      /* With its list index, Dovecot takes a minute per thousand folders
       * created; without, a second for all. The server rebuilds the index
       * when it lists them. */
      g_ptr_array_add (argv, (char *) "-o");
      g_ptr_array_add (argv, (char *) "mailbox_list_index=no");
      g_ptr_array_add (argv, (char *) "mailbox");
      g_ptr_array_add (argv, (char *) "create");
      g_ptr_array_add (argv, (char *) "-u");
      g_ptr_array_add (argv, (char *) BMS_TEST_USER2);
      for (guint j = i; j < MIN (i + 2500, names->len); j++)
        g_ptr_array_add (argv, names->pdata[j]);
      g_ptr_array_add (argv, NULL);

      process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (process));
    }

  g_test_message ("created %u folders in %.1f s", names->len, (g_get_monotonic_time () - start) / 1e6);
  return names;
}

static void
test_list_big (void)
{
  g_autoptr(GPtrArray) names = make_big_mailbox ();
  g_autoptr(BmsServer) server = real_server ("imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_USER2);
  g_autoptr(Outcome) outcome = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  guint max_depth = 0;

  /* Dovecot first scans the 10,000 new folders on disk, seconds of silence
   * on a busy machine before the first line of the answer. */
  server->command_timeout_ms = 60000;
  outcome = run (LIST_FOLDERS, server, BMS_TEST_PASSWORD2, NULL, 0);

  assert_problem (outcome, OK);
  assert_clean (outcome, BMS_TEST_PASSWORD2);
  g_test_message ("listed %u folders in %.0f ms", outcome->folders->len, outcome->duration_us / 1000.0);

  for (guint i = 0; i < outcome->folders->len; i++)
    {
      BmsFolder *folder = outcome->folders->pdata[i];

      g_assert_true (bms_folder_get_name_is_valid (folder));
      g_hash_table_add (listed, (gpointer) bms_folder_get_display_name (folder));
      max_depth = MAX (max_depth, bms_folder_get_depth (folder));
    }

  for (guint i = 0; i < names->len; i++)
    g_assert_true (g_hash_table_contains (listed, names->pdata[i]));
  g_assert_cmpuint (outcome->folders->len, >=, names->len);
  g_assert_cmpuint (max_depth, ==, BIG_DEPTH);
}

/* ------------------------------------------------------------ filing */

static GBytes *
make_message (char **message_id)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *text = NULL;

  *message_id = g_strdup_printf ("<imap-test-%s@localhost>", uuid);
  text = g_strdup_printf ("From: alice@localhost\r\n"
                          "To: alice@localhost\r\n"
                          "Subject: BizMagic IMAP test\r\n"
                          "Date: Thu, 01 Jan 2026 09:00:00 +0900\r\n"
                          "Message-ID: %s\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: 8bit\r\n"
                          "\r\n"
                          "テストメールです。\r\n", *message_id);
  return g_bytes_new (text, strlen (text));
}

static Filing *
filing_new (const char *folder,
            guint       search_wait_ms)
{
  Filing *filing = g_new0 (Filing, 1);
  char *message_id = NULL;

  filing->folder = folder;
  filing->message = make_message (&message_id);
  filing->message_id = message_id;
  filing->search_wait_ms = search_wait_ms;
  return filing;
}

static void
filing_free (Filing *filing)
{
  g_bytes_unref (filing->message);
  g_free ((char *) filing->message_id);
  g_free (filing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Filing, filing_free)

static int
count_copies (const char *folder_utf8,
              const char *message_id)
{
  g_autoptr(GError) error = NULL;
  int count = bms_test_servers_count_in_folder (servers, BMS_TEST_USER, folder_utf8, message_id, &error);

  g_assert_no_error (error);
  return count;
}

static char *
fetch_flags (const char *folder_utf8,
             const char *message_id)
{
  g_autoptr(GError) error = NULL;
  char *out = bms_test_servers_doveadm (servers, &error, "fetch", "-u", BMS_TEST_USER, "flags",
                                        "mailbox", folder_utf8, "header", "Message-ID", message_id,
                                        NULL);

  g_assert_no_error (error);
  return out;
}

static Outcome *
file_once (BmsSecurity   security,
           const Filing *filing)
{
  g_autoptr(BmsServer) server = real_server (security == BMS_SECURITY_STARTTLS ? "imap_starttls_port"
                                                                             : "imaps_port",
                                             security, BMS_TEST_USER);
  Outcome *outcome = run (FILE_MESSAGE, server, BMS_TEST_PASSWORD, filing, 0);

  assert_clean (outcome, BMS_TEST_PASSWORD);
  return outcome;
}

/* Not there: APPENDed once, with \Seen; there: found, nothing added. */
static void
test_file_append_then_found (gconstpointer data)
{
  BmsSecurity security = GPOINTER_TO_INT (data);
  g_autoptr(Filing) filing = filing_new (SENT_WIRE, 0);
  g_autoptr(Outcome) first = NULL;
  g_autoptr(Outcome) second = NULL;
  g_autofree char *flags = NULL;

  first = file_once (security, filing);
  assert_problem (first, OK);
  g_assert_cmpint (first->filed, ==, BMS_IMAP_FILED_APPENDED);
  g_assert_cmpuint (first->n_copies, ==, 1);
  g_assert_cmpint (count_copies (BMS_TEST_SENT_FOLDER, filing->message_id), ==, 1);
  flags = fetch_flags (BMS_TEST_SENT_FOLDER, filing->message_id);
  g_assert_nonnull (strstr (flags, "\\Seen"));

  second = file_once (security, filing);
  assert_problem (second, OK);
  g_assert_cmpint (second->filed, ==, BMS_IMAP_FILED_ALREADY);
  g_assert_cmpuint (second->n_copies, ==, 1);
  g_assert_cmpint (count_copies (BMS_TEST_SENT_FOLDER, filing->message_id), ==, 1);
}

/* As Gmail does: the message arrives in the folder a moment after the
 * search began. Here a second filing with no wait plays the server's part;
 * the first, still waiting, must then find it and add nothing. */
static void
test_file_waits_for_server (void)
{
  g_autoptr(Filing) waiting = filing_new (SENT_WIRE, 3000);
  g_autoptr(Filing) late = filing_new (SENT_WIRE, 0);
  g_autoptr(BmsServer) server = real_server ("imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_USER);
  g_autoptr(Waiter) first = waiter_new (FILE_MESSAGE);
  g_autoptr(Waiter) second = waiter_new (FILE_MESSAGE);
  g_autoptr(Outcome) first_outcome = NULL;
  g_autoptr(Outcome) second_outcome = NULL;
  gint64 begin;

  /* The same message, as the server would file it. */
  g_bytes_unref (late->message);
  late->message = g_bytes_ref (waiting->message);
  g_free ((char *) late->message_id);
  late->message_id = g_strdup (waiting->message_id);

  start (first, server, BMS_TEST_PASSWORD, waiting);
  begin = g_get_monotonic_time ();
  while (g_get_monotonic_time () - begin < 700 * 1000)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  g_assert_null (first->result);
  start (second, server, BMS_TEST_PASSWORD, late);

  wait_for (second);
  wait_for (first);
  first_outcome = finish (first);
  second_outcome = finish (second);

  assert_problem (second_outcome, OK);
  g_assert_cmpint (second_outcome->filed, ==, BMS_IMAP_FILED_APPENDED);
  assert_problem (first_outcome, OK);
  g_assert_cmpint (first_outcome->filed, ==, BMS_IMAP_FILED_ALREADY);
  g_assert_cmpint (first_outcome->duration_us, <, 3000 * 1000);
  /* Dovecot offers IDLE: the wait was woken by the copy's arrival. */
  {
    g_autofree char *text = bms_transcript_to_string (first_outcome->transcript);

    g_assert_nonnull (strstr (text, " IDLE"));
    g_assert_null (strstr (text, " APPEND "));
  }
  g_assert_cmpint (count_copies (BMS_TEST_SENT_FOLDER, waiting->message_id), ==, 1);
}

/* Two copies already (the server filed one, and so did someone else): said
 * plainly, and no third added. */
static void
test_file_duplicates (void)
{
  g_autoptr(Filing) filing = filing_new (SENT_WIRE, 0);
  g_autoptr(Outcome) first = file_once (BMS_SECURITY_SSL_TLS, filing);
  g_autoptr(Outcome) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  assert_problem (first, OK);
  out = bms_test_servers_doveadm (servers, &error, "copy", "-u", BMS_TEST_USER, BMS_TEST_SENT_FOLDER,
                                  "mailbox", BMS_TEST_SENT_FOLDER, "header", "Message-ID",
                                  filing->message_id, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (count_copies (BMS_TEST_SENT_FOLDER, filing->message_id), ==, 2);

  second = file_once (BMS_SECURITY_SSL_TLS, filing);
  assert_problem (second, OK);
  g_assert_cmpint (second->filed, ==, BMS_IMAP_FILED_DUPLICATES);
  g_assert_cmpuint (second->n_copies, ==, 2);
  g_assert_cmpint (count_copies (BMS_TEST_SENT_FOLDER, filing->message_id), ==, 2);
}

typedef struct {
  const char *name;
  const char *folder;
  int         expected;
} MissingCase;

static const MissingCase missing_cases[] = {
  { "no-such-folder", "NoSuchFolder", BMS_PROBLEM_FOLDER_NOT_FOUND },
  { "no-such-japanese-folder", "[Gmail]/&ZeVnLIqe-", BMS_PROBLEM_FOLDER_NOT_FOUND },
  /* \Noselect: it holds folders, never messages. */
  { "gmail-parent", "[Gmail]", BMS_PROBLEM_FOLDER_NOT_FOUND },
};

static void
test_file_missing (gconstpointer data)
{
  const MissingCase *test_case = data;
  g_autoptr(Filing) filing = filing_new (test_case->folder, 0);
  g_autoptr(Outcome) outcome = file_once (BMS_SECURITY_STARTTLS, filing);
  g_autofree char *text = NULL;

  assert_problem (outcome, test_case->expected);

  /* The refusal was no reason to drop the line: LOGOUT, and its answer. */
  text = bms_transcript_to_string (outcome->transcript);
  g_assert_nonnull (strstr (text, " LOGOUT\n"));
  g_assert_nonnull (strstr (text, "S: * BYE"));
}

/* Names that need quoting or a literal reach the server exactly. */
typedef struct {
  const char *name;
  const char *folder_utf8;
} OddCase;

static const OddCase odd_cases[] = {
  { "quotes-and-backslash", "Quote \"me\" \\ back" },
  { "japanese-with-space", "営業 部/送信 済み" },
  { "ampersand", "R&D" },
};

static void
test_file_odd_name (gconstpointer data)
{
  const OddCase *test_case = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = bms_mutf7_encode (test_case->folder_utf8, &error);
  g_autofree char *out = NULL;
  g_autoptr(Filing) filing = NULL;
  g_autoptr(Outcome) outcome = NULL;

  g_assert_no_error (error);
  out = bms_test_servers_doveadm (servers, &error, "mailbox", "create", "-u", BMS_TEST_USER,
                                  test_case->folder_utf8, NULL);
  g_assert_no_error (error);

  filing = filing_new (wire, 0);
  outcome = file_once (BMS_SECURITY_STARTTLS, filing);
  assert_problem (outcome, OK);
  g_assert_cmpint (outcome->filed, ==, BMS_IMAP_FILED_APPENDED);
  g_assert_cmpint (count_copies (test_case->folder_utf8, filing->message_id), ==, 1);
}

/* Cancel while waiting for the server to file the message: it ends at once
 * and adds nothing. */
static void
test_file_cancel_waiting (void)
{
  g_autoptr(Filing) filing = filing_new (SENT_WIRE, 5000);
  g_autoptr(BmsServer) server = real_server ("imap_starttls_port", BMS_SECURITY_STARTTLS, BMS_TEST_USER);
  g_autoptr(Outcome) outcome = run (FILE_MESSAGE, server, BMS_TEST_PASSWORD, filing, 800);

  g_test_message ("cancel took %" G_GINT64_FORMAT " µs", outcome->cancel_latency_us);
  g_assert_error (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (outcome->cancel_latency_us, >=, 0);
  g_assert_cmpint (outcome->cancel_latency_us, <, BMS_TEST_CANCEL_ENDS_WITHIN_US);
  g_assert_cmpint (count_copies (BMS_TEST_SENT_FOLDER, filing->message_id), ==, 0);
}

/* A name that is not 7-bit travels as a literal. The scripted Gmail offers
 * only LITERAL-, so the literal waits for its "+": the server must have
 * read the name whole, and the command ends with the server's own answer
 * (it knows no EXAMINE: BAD, a protocol error). */
static void
test_file_synchronizing_literal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) scripted = bms_test_scripted_server_start ("imap-gmail",
                                                                              BMS_TEST_TLS_IMPLICIT,
                                                                              &error);
  g_autoptr(Filing) filing = filing_new ("送信済み", 0);
  g_autoptr(BmsServer) server = NULL;
  g_autoptr(Outcome) outcome = NULL;
  g_autofree char *heard = NULL;
  const char *examine;
  const char *go_ahead;
  const char *name;

  g_assert_no_error (error);
  server = bms_server_new ("localhost", bms_test_scripted_server_get_port (scripted),
                           BMS_SECURITY_SSL_TLS, BMS_TEST_USER);
  server->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (scripted));
  outcome = run (FILE_MESSAGE, server, BMS_TEST_PASSWORD, filing, 0);
  assert_problem (outcome, BMS_PROBLEM_PROTOCOL_ERROR);
  assert_clean (outcome, BMS_TEST_PASSWORD);

  heard = bms_test_scripted_server_get_transcript (scripted);
  examine = strstr (heard, " EXAMINE {12}");
  g_assert_nonnull (examine);
  go_ahead = strstr (examine, "S: + go ahead");
  g_assert_nonnull (go_ahead);
  name = strstr (go_ahead, "C: 送信済み");
  g_assert_nonnull (name);
  g_assert_nonnull (strstr (name, " LOGOUT"));
}

/* A Message-ID that would break the command line is refused before
 * anything is sent. */
static void
test_file_bad_message_id (void)
{
  const char * const bad[] = { "<a@b>\r\nA1 DELETE INBOX", "<a\n@b>", "" };
  g_autoptr(BmsServer) server = real_server ("imaps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_USER);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Filing) filing = filing_new (SENT_WIRE, 0);
      g_autoptr(Outcome) outcome = NULL;

      g_free ((char *) filing->message_id);
      filing->message_id = g_strdup (bad[i]);
      outcome = run (FILE_MESSAGE, server, BMS_TEST_PASSWORD, filing, 0);
      assert_problem (outcome, BMS_PROBLEM_INVALID_INPUT);
      g_assert_cmpuint (bms_transcript_get_n_lines (outcome->transcript), ==, 0);
    }
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

  for (guint i = 0; i < G_N_ELEMENTS (login_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap/login/%s", login_cases[i].name);
      g_test_add_data_func (path, &login_cases[i], test_login);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cancel_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap/cancel/%s", cancel_cases[i].name);
      g_test_add_data_func (path, &cancel_cases[i], test_cancel);
    }
  g_test_add_func ("/imap/cancel/before-start", test_cancel_before);
  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap/list/%s", list_cases[i].name);
      g_test_add_data_func (path, &list_cases[i], test_list_dovecot);
    }
  g_test_add_func ("/imap/list/scripted-gmail", test_list_scripted_gmail);
  g_test_add_func ("/imap/list/10000-folders", test_list_big);
  g_test_add_data_func ("/imap/file/append-then-found/starttls",
                        GINT_TO_POINTER (BMS_SECURITY_STARTTLS), test_file_append_then_found);
  g_test_add_data_func ("/imap/file/append-then-found/imaps",
                        GINT_TO_POINTER (BMS_SECURITY_SSL_TLS), test_file_append_then_found);
  g_test_add_func ("/imap/file/waits-for-server", test_file_waits_for_server);
  g_test_add_func ("/imap/file/duplicates", test_file_duplicates);
  for (guint i = 0; i < G_N_ELEMENTS (missing_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap/file/missing/%s", missing_cases[i].name);
      g_test_add_data_func (path, &missing_cases[i], test_file_missing);
    }
  for (guint i = 0; i < G_N_ELEMENTS (odd_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap/file/odd-name/%s", odd_cases[i].name);
      g_test_add_data_func (path, &odd_cases[i], test_file_odd_name);
    }
  g_test_add_func ("/imap/file/cancel-waiting", test_file_cancel_waiting);
  g_test_add_func ("/imap/file/bad-message-id", test_file_bad_message_id);
  g_test_add_func ("/imap/file/synchronizing-literal", test_file_synchronizing_literal);

  status = g_test_run ();
  bms_test_servers_stop (servers);
  return status;
}
