/* test-smtp.c: the SMTP login check and sending, against real servers.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-diagnosis.h"
#include "bms-message.h"
#include "bms-smtp.h"
#include "bms-test-servers.h"

/* The expected result of a case that must succeed. */
#define OK (-1)
/* No operation may take longer than this, whatever its timeouts say. */
#define GUARD_MS 20000

#define FROM "alice@localhost"
#define TO "bob@localhost"

/* One set of real servers for all the cases: starting them costs 0.4 s. */
static BmsTestServers *servers;

typedef enum {
  CHECK_LOGIN,
  SEND,
} Operation;

typedef struct {
  const char  *name;
  Operation    operation;
  const char  *port_key;     /* a port of mail-servers.py, or NULL for a scripted server */
  const char  *scenario;     /* with port_key NULL: the scripted server's scenario */
  BmsTestTls   scripted_tls;
  BmsSecurity  security;
  const char  *password;
  guint        timeout_ms;   /* 0: the defaults */
  int          expected;     /* OK or a BmsProblem */
} SmtpCase;

typedef struct {
  GMainLoop      *loop;
  GAsyncResult   *result;
  gint64          finished_at;
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
  g_error ("an SMTP operation took longer than %d ms", GUARD_MS);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_cb (gpointer user_data)
{
  gint64 *cancelled_at = g_object_get_data (user_data, "cancelled-at");

  *cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs one operation to its end; cancels it after @cancel_after_ms if not 0,
 * and then says in *cancel_latency_us how long the operation took to end. */
static gboolean
run (Operation            operation,
     const BmsServer     *server,
     const char          *password,
     GBytes              *message,
     guint                cancel_after_ms,
     gint64              *cancel_latency_us,
     BmsTranscript      **transcript,
     GError             **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char * const recipients[] = { TO, NULL };
  Waiter waiter = { loop, NULL, 0 };
  gint64 cancelled_at = 0;
  guint guard = g_timeout_add (GUARD_MS, guard_cb, NULL);
  gboolean ok;

  if (cancel_after_ms > 0)
    {
      g_object_set_data (G_OBJECT (cancellable), "cancelled-at", &cancelled_at);
      g_timeout_add (cancel_after_ms, cancel_cb, cancellable);
    }

  if (operation == CHECK_LOGIN)
    bms_smtp_check_login_async (server, password, cancellable, done_cb, &waiter);
  else
    bms_smtp_send_async (server, password, message, FROM, recipients, cancellable, done_cb, &waiter);
  g_main_loop_run (loop);
  g_source_remove (guard);

  if (operation == CHECK_LOGIN)
    ok = bms_smtp_check_login_finish (waiter.result, transcript, error);
  else
    ok = bms_smtp_send_finish (waiter.result, transcript, error);
  g_object_unref (waiter.result);

  if (cancel_latency_us != NULL)
    *cancel_latency_us = cancelled_at > 0 ? waiter.finished_at - cancelled_at : -1;

  return ok;
}

/* The password is nowhere in what the user can see. */
static void
assert_clean (BmsTranscript *transcript,
              const GError  *error,
              const char    *password)
{
  g_autofree char *text = bms_transcript_to_string (transcript);
  g_autofree char *base64 = g_base64_encode ((const guchar *) password, strlen (password));

  g_assert_null (strstr (text, password));
  g_assert_null (strstr (text, base64));
  if (error != NULL)
    g_assert_null (strstr (error->message, password));
}

static BmsServer *
make_server (const SmtpCase          *test_case,
             BmsTestScriptedServer  **scripted)
{
  BmsServer *server;
  guint16 port;
  const char *ca_file;

  if (test_case->port_key != NULL)
    {
      port = bms_test_servers_get_port (servers, test_case->port_key);
      ca_file = bms_test_servers_get_ca_file (servers);
    }
  else
    {
      g_autoptr(GError) error = NULL;

      *scripted = bms_test_scripted_server_start (test_case->scenario, test_case->scripted_tls, &error);
      g_assert_no_error (error);
      port = bms_test_scripted_server_get_port (*scripted);
      ca_file = bms_test_scripted_server_get_ca_file (*scripted);
    }

  g_assert_cmpuint (port, >, 0);
  server = bms_server_new ("localhost", port, test_case->security, BMS_TEST_USER);
  server->ca_file = g_strdup (ca_file);
  if (test_case->timeout_ms > 0)
    {
      server->connect_timeout_ms = test_case->timeout_ms;
      server->command_timeout_ms = test_case->timeout_ms;
    }

  return server;
}

static GBytes *
build_message (char **message_id)
{
  g_autoptr(GError) error = NULL;
  GBytes *message = bms_message_build (FROM, "山田 太郎", TO, NULL, NULL, NULL, message_id, &error);

  g_assert_no_error (error);
  return message;
}

/* Whether the connection is still in a state to say goodbye on. */
static gboolean
server_still_talks (int expected)
{
  switch (expected)
    {
    case BMS_PROBLEM_TIMED_OUT:
    case BMS_PROBLEM_CONNECTION_LOST:
    case BMS_PROBLEM_PROTOCOL_ERROR:
    case BMS_PROBLEM_TLS_FAILED:
    case BMS_PROBLEM_CERTIFICATE_UNTRUSTED:
    case BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH:
    case BMS_PROBLEM_CONNECTION_REFUSED:
      return FALSE;
    default:
      return TRUE;
    }
}

static void
test_case_run (gconstpointer data)
{
  const SmtpCase *test_case = data;
  g_autoptr(BmsTestScriptedServer) scripted = NULL;
  g_autoptr(BmsServer) server = make_server (test_case, &scripted);
  g_autoptr(BmsTranscript) transcript = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autofree char *message_id = NULL;
  guint before = bms_test_servers_count_messages (servers);
  guint quits_before = bms_test_servers_count_smtp_quits (servers);
  gboolean ok;

  if (test_case->operation == SEND)
    message = build_message (&message_id);

  ok = run (test_case->operation, server, test_case->password, message, 0, NULL, &transcript, &error);

  g_assert_nonnull (transcript);
  assert_clean (transcript, error, test_case->password);
  if (g_test_verbose ())
    {
      g_autofree char *text = bms_transcript_to_string (transcript);

      g_test_message ("%s", text);
    }

  if (test_case->expected == OK)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, BMS_MAIL_ERROR, test_case->expected);
      g_assert_cmpstr (error->message, ==, bms_problem_get_summary (test_case->expected));
    }

  /* A real server keeps what it accepted, byte for byte; and only that. */
  if (test_case->port_key != NULL && test_case->operation == SEND && test_case->expected == OK)
    {
      g_autoptr(GBytes) received = bms_test_servers_wait_for_message (servers, before + 1, 2000);
      g_autofree char *envelope = bms_test_servers_get_envelope (servers, before + 1);

      g_assert_nonnull (received);
      g_assert_true (g_bytes_equal (received, message));
      g_assert_nonnull (strstr (envelope, "\"mail_from\": \"" FROM "\""));
      g_assert_nonnull (strstr (envelope, "\"" TO "\""));
      g_assert_nonnull (strstr (envelope, "\"login\": \"" BMS_TEST_USER "\""));
    }
  else if (test_case->port_key != NULL)
    g_assert_cmpuint (bms_test_servers_count_messages (servers), ==, before);

  /* A real server heard QUIT wherever it still talked: after a success,
   * a refused login, a login it would not offer before STARTTLS. */
  if (test_case->port_key != NULL && server_still_talks (test_case->expected))
    g_assert_cmpuint (bms_test_servers_count_smtp_quits (servers), ==, quits_before + 1);

  /* The scripted server heard QUIT, and answered it, after a successful
   * login check and after every refusal: wherever it still talks. */
  if (scripted != NULL && server_still_talks (test_case->expected))
    {
      g_autofree char *heard = bms_test_scripted_server_get_transcript (scripted);

      g_assert_nonnull (strstr (heard, "C: QUIT"));
      g_assert_nonnull (strstr (heard, "S: 221 "));
    }
}

#define REAL(name, op, key, security, password, expected) \
  { name, op, key, NULL, BMS_TEST_TLS_NONE, security, password, 2000, expected }
#define SCRIPTED(name, op, scenario, tls, security, expected) \
  { name, op, NULL, scenario, tls, security, BMS_TEST_PASSWORD, 1000, expected }

static const SmtpCase smtp_cases[] = {
  REAL ("login/starttls", CHECK_LOGIN, "smtp_starttls_port", BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD, OK),
  REAL ("login/smtps", CHECK_LOGIN, "smtps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD, OK),
  REAL ("send/starttls", SEND, "smtp_starttls_port", BMS_SECURITY_STARTTLS, BMS_TEST_PASSWORD, OK),
  REAL ("send/smtps", SEND, "smtps_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD, OK),
  REAL ("login/wrong-password/starttls", CHECK_LOGIN, "smtp_starttls_port", BMS_SECURITY_STARTTLS,
        "wrong-pa55", BMS_PROBLEM_WRONG_PASSWORD),
  REAL ("login/wrong-password/smtps", CHECK_LOGIN, "smtps_port", BMS_SECURITY_SSL_TLS,
        "wrong-pa55", BMS_PROBLEM_WRONG_PASSWORD),
  REAL ("send/wrong-password", SEND, "smtps_port", BMS_SECURITY_SSL_TLS,
        "wrong-pa55", BMS_PROBLEM_WRONG_PASSWORD),
  REAL ("login/refused", CHECK_LOGIN, "refused_port", BMS_SECURITY_SSL_TLS, BMS_TEST_PASSWORD,
        BMS_PROBLEM_CONNECTION_REFUSED),
  /* TLS at once to a port that greets in plain text: OpenSSL reads
   * "220 …" as a TLS record and gives up ("wrong version number"). */
  REAL ("login/ssl-to-starttls-port", CHECK_LOGIN, "smtp_starttls_port", BMS_SECURITY_SSL_TLS,
        BMS_TEST_PASSWORD, BMS_PROBLEM_TLS_FAILED),
  /* Plain text to a TLS port: each side waits for the other to speak
   * first, until the timeout. */
  REAL ("login/starttls-to-ssl-port", CHECK_LOGIN, "smtps_port", BMS_SECURITY_STARTTLS,
        BMS_TEST_PASSWORD, BMS_PROBLEM_TIMED_OUT),
  /* No encryption to the 587-style port: AUTH is not offered before
   * STARTTLS, so the login cannot be checked. */
  REAL ("login/none-to-starttls-port", CHECK_LOGIN, "smtp_starttls_port", BMS_SECURITY_NONE,
        BMS_TEST_PASSWORD, BMS_PROBLEM_STARTTLS_REQUIRED),
  REAL ("send/none-to-starttls-port", SEND, "smtp_starttls_port", BMS_SECURITY_NONE,
        BMS_TEST_PASSWORD, BMS_PROBLEM_STARTTLS_REQUIRED),
  REAL ("login/untrusted/smtps", CHECK_LOGIN, "untrusted_smtps_port", BMS_SECURITY_SSL_TLS,
        BMS_TEST_PASSWORD, BMS_PROBLEM_CERTIFICATE_UNTRUSTED),
  REAL ("login/untrusted/starttls", CHECK_LOGIN, "untrusted_smtp_starttls_port", BMS_SECURITY_STARTTLS,
        BMS_TEST_PASSWORD, BMS_PROBLEM_CERTIFICATE_UNTRUSTED),
  REAL ("login/wrong-name/smtps", CHECK_LOGIN, "wrong_name_smtps_port", BMS_SECURITY_SSL_TLS,
        BMS_TEST_PASSWORD, BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH),
  REAL ("send/wrong-name/starttls", SEND, "wrong_name_smtp_starttls_port", BMS_SECURITY_STARTTLS,
        BMS_TEST_PASSWORD, BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH),

  /* Gmail's refusals, as Gmail words them. */
  SCRIPTED ("gmail/login-ok", CHECK_LOGIN, "smtp-gmail", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS, OK),
  SCRIPTED ("gmail/send-ok", SEND, "smtp-gmail", BMS_TEST_TLS_STARTTLS, BMS_SECURITY_STARTTLS, OK),
  SCRIPTED ("gmail/web-login", CHECK_LOGIN, "smtp-web-login", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN),
  SCRIPTED ("gmail/app-password", CHECK_LOGIN, "smtp-app-password", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_APP_PASSWORD_REQUIRED),
  SCRIPTED ("gmail/bad-credentials", SEND, "smtp-bad-credentials", BMS_TEST_TLS_STARTTLS,
            BMS_SECURITY_STARTTLS, BMS_PROBLEM_WRONG_PASSWORD),
  SCRIPTED ("gmail/too-many-logins", CHECK_LOGIN, "smtp-too-many-logins", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS),
  SCRIPTED ("gmail/starttls-required/login", CHECK_LOGIN, "smtp-starttls-required", BMS_TEST_TLS_NONE,
            BMS_SECURITY_NONE, BMS_PROBLEM_STARTTLS_REQUIRED),
  SCRIPTED ("gmail/starttls-required/send", SEND, "smtp-starttls-required", BMS_TEST_TLS_NONE,
            BMS_SECURITY_NONE, BMS_PROBLEM_STARTTLS_REQUIRED),
  SCRIPTED ("gmail/daily-limit/mail", SEND, "smtp-daily-limit", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_SENDING_LIMIT),
  SCRIPTED ("gmail/daily-limit/data", SEND, "smtp-daily-limit-data", BMS_TEST_TLS_IMPLICIT,
            BMS_SECURITY_SSL_TLS, BMS_PROBLEM_SENDING_LIMIT),
  /* A recipient refused: the message is not sent, and QUIT is still said. */
  SCRIPTED ("rcpt-refused", SEND,
            "{\"base\": \"smtp-gmail\", \"rcpt_reply\": [\"550 5.1.1 No such user - gsmtp\"]}",
            BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS, BMS_PROBLEM_MESSAGE_REFUSED),
  /* STARTTLS chosen, and a server that does not offer it: no plain text. */
  SCRIPTED ("starttls-not-offered", CHECK_LOGIN, "smtp-gmail", BMS_TEST_TLS_NONE,
            BMS_SECURITY_STARTTLS, BMS_PROBLEM_STARTTLS_NOT_OFFERED),

  /* Misbehaviour. */
  SCRIPTED ("silent", CHECK_LOGIN, "silent", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE, BMS_PROBLEM_TIMED_OUT),
  SCRIPTED ("silent/tls", SEND, "silent", BMS_TEST_TLS_NONE, BMS_SECURITY_SSL_TLS, BMS_PROBLEM_TIMED_OUT),
  SCRIPTED ("stall", SEND, "smtp-stall", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS, BMS_PROBLEM_TIMED_OUT),
  SCRIPTED ("drop", CHECK_LOGIN, "smtp-drop", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS,
            BMS_PROBLEM_CONNECTION_LOST),
  SCRIPTED ("garbage", CHECK_LOGIN, "garbage", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE,
            BMS_PROBLEM_PROTOCOL_ERROR),
  SCRIPTED ("garbage-stay", SEND, "garbage-stay", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE,
            BMS_PROBLEM_PROTOCOL_ERROR),
};

typedef struct {
  const char *name;
  Operation   operation;
  const char *scenario;
  BmsTestTls  tls;
  BmsSecurity security;
} CancelCase;

static const CancelCase cancel_cases[] = {
  { "silent", CHECK_LOGIN, "silent", BMS_TEST_TLS_NONE, BMS_SECURITY_NONE },
  { "silent/tls-handshake", SEND, "silent", BMS_TEST_TLS_NONE, BMS_SECURITY_SSL_TLS },
  { "stall-after-greeting", SEND, "smtp-stall", BMS_TEST_TLS_IMPLICIT, BMS_SECURITY_SSL_TLS },
};

/* Cancel while the server says nothing: the operation ends at once, long
 * before its 30 s timeout, with G_IO_ERROR_CANCELLED. */
static void
test_cancel (gconstpointer data)
{
  const CancelCase *test_case = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) scripted = bms_test_scripted_server_start (test_case->scenario,
                                                                             test_case->tls, &error);
  g_autoptr(BmsServer) server = NULL;
  g_autoptr(BmsTranscript) transcript = NULL;
  g_autoptr(GBytes) message = build_message (NULL);
  gint64 latency_us = 0;

  g_assert_no_error (error);
  server = bms_server_new ("localhost", bms_test_scripted_server_get_port (scripted),
                           test_case->security, BMS_TEST_USER);
  server->ca_file = g_strdup (bms_test_scripted_server_get_ca_file (scripted));
  g_assert_cmpuint (server->command_timeout_ms, ==, 30000);

  g_assert_false (run (test_case->operation, server, BMS_TEST_PASSWORD, message, 300,
                       &latency_us, &transcript, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_clean (transcript, error, BMS_TEST_PASSWORD);
  g_test_message ("cancel took %" G_GINT64_FORMAT " µs", latency_us);
  g_assert_cmpint (latency_us, >=, 0);
  g_assert_cmpint (latency_us, <, BMS_TEST_CANCEL_ENDS_WITHIN_US);
}

/* An operation cancelled before it starts never connects. */
static void
test_cancel_before (void)
{
  g_autoptr(BmsServer) server = bms_server_new ("localhost", bms_test_servers_get_port (servers, "smtps_port"),
                                                BMS_SECURITY_SSL_TLS, BMS_TEST_USER);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BmsTranscript) transcript = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { loop, NULL, 0 };

  g_cancellable_cancel (cancellable);
  bms_smtp_check_login_async (server, BMS_TEST_PASSWORD, cancellable, done_cb, &waiter);
  g_main_loop_run (loop);
  g_assert_false (bms_smtp_check_login_finish (waiter.result, &transcript, &error));
  g_object_unref (waiter.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (transcript);
}

/* Envelope addresses that would break the command line are refused before
 * anything is sent. */
static void
test_bad_envelope (void)
{
  const char *bad[] = { "a@b\r\nRCPT TO:<x@y>", "<a@b>", "a b@c", "" };
  g_autoptr(BmsServer) server = bms_server_new ("localhost", bms_test_servers_get_port (servers, "smtps_port"),
                                                BMS_SECURITY_SSL_TLS, BMS_TEST_USER);
  g_autoptr(GBytes) message = build_message (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      for (int as_recipient = 0; as_recipient <= 1; as_recipient++)
        {
          g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
          g_autoptr(BmsTranscript) transcript = NULL;
          g_autoptr(GError) error = NULL;
          const char *recipients[] = { as_recipient ? bad[i] : TO, NULL };
          Waiter waiter = { loop, NULL, 0 };

          bms_smtp_send_async (server, BMS_TEST_PASSWORD, message, as_recipient ? FROM : bad[i],
                               recipients, NULL, done_cb, &waiter);
          g_main_loop_run (loop);
          g_assert_false (bms_smtp_send_finish (waiter.result, &transcript, &error));
          g_object_unref (waiter.result);
          g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT);
          g_assert_cmpuint (bms_transcript_get_n_lines (transcript), ==, 0);
        }
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

  for (gsize i = 0; i < G_N_ELEMENTS (smtp_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/smtp/%s", smtp_cases[i].name);

      g_test_add_data_func (path, &smtp_cases[i], test_case_run);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cancel_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/smtp/cancel/%s", cancel_cases[i].name);

      g_test_add_data_func (path, &cancel_cases[i], test_cancel);
    }
  g_test_add_func ("/smtp/cancel/before-start", test_cancel_before);
  g_test_add_func ("/smtp/bad-envelope", test_bad_envelope);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
