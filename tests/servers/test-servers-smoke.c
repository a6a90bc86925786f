/* test-servers-smoke.c: the test servers start, answer on every port and stop
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <string.h>

#include "bms-test-servers.h"

/* One set of servers for all the cases: starting them costs 0.4 s. */
static BmsTestServers *servers;

typedef struct {
  GSocketConnection *tcp;
  GIOStream *stream;            /* tcp, or the TLS connection over it */
  GDataInputStream *in;
} Conversation;

static void
conversation_free (Conversation *conv)
{
  g_clear_object (&conv->in);
  if (conv->stream != NULL)
    g_io_stream_close (conv->stream, NULL, NULL);
  g_clear_object (&conv->stream);
  g_clear_object (&conv->tcp);
  g_free (conv);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conversation, conversation_free)

static void
use_stream (Conversation *conv,
            GIOStream    *stream)
{
  g_clear_object (&conv->in);
  g_set_object (&conv->stream, stream);
  conv->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (conv->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (conv->in), FALSE);
}

static Conversation *
connect_to (guint16   port,
            GError  **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(Conversation) conv = g_new0 (Conversation, 1);

  /* A server that says nothing must fail the test, not hang it. */
  g_socket_client_set_timeout (client, 5);
  g_socket_client_set_enable_proxy (client, FALSE);
  conv->tcp = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, error);
  if (conv->tcp == NULL)
    return NULL;
  use_stream (conv, G_IO_STREAM (conv->tcp));
  return g_steal_pointer (&conv);
}

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *peer_cert,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  *(GTlsCertificateFlags *) user_data = errors;
  return FALSE;
}

/* Starts TLS on CONV, trusting only CA_FILE, checking the name HOST. */
static gboolean
start_tls (Conversation          *conv,
           const char            *ca_file,
           const char            *host,
           GTlsCertificateFlags  *errors,
           GError               **error)
{
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, error);
  g_autoptr(GSocketConnectable) identity = g_network_address_new (host, 0);
  g_autoptr(GIOStream) tls = NULL;

  if (database == NULL)
    return FALSE;
  tls = g_tls_client_connection_new (G_IO_STREAM (conv->tcp), identity, error);
  if (tls == NULL)
    return FALSE;
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), errors);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return FALSE;
  use_stream (conv, tls);
  return TRUE;
}

static char *
read_line (Conversation *conv)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (conv->in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* Reads a whole SMTP reply and returns its last line. */
static char *
read_reply (Conversation *conv)
{
  while (TRUE)
    {
      g_autofree char *line = read_line (conv);

      if (strlen (line) < 4 || line[3] != '-')
        return g_steal_pointer (&line);
    }
}

static void
say (Conversation *conv,
     const char   *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *crlf = g_strconcat (line, "\r\n", NULL);

  g_output_stream_write_all (g_io_stream_get_output_stream (conv->stream), crlf, strlen (crlf),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
have_tls (void)
{
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return TRUE;
  g_test_skip ("GIO has no TLS here (install glib-networking)");
  return FALSE;
}

static Conversation *
connect_tls (guint16     port,
             const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Conversation) conv = connect_to (port, &error);
  GTlsCertificateFlags errors = 0;

  g_assert_no_error (error);
  start_tls (conv, ca_file, "localhost", &errors, &error);
  g_assert_no_error (error);
  g_assert_cmpint (errors, ==, 0);
  return g_steal_pointer (&conv);
}

static void
test_imaps (void)
{
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *greeting = NULL;

  if (!have_tls ())
    return;
  conv = connect_tls (bms_test_servers_get_port (servers, "imaps_port"),
                      bms_test_servers_get_ca_file (servers));
  greeting = read_line (conv);
  g_assert_true (g_str_has_prefix (greeting, "* OK "));
  say (conv, "a LOGOUT");
}

static void
test_imap_starttls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *caps = NULL;
  GTlsCertificateFlags errors = 0;

  if (!have_tls ())
    return;
  conv = connect_to (bms_test_servers_get_port (servers, "imap_starttls_port"), &error);
  g_assert_no_error (error);
  greeting = read_line (conv);
  g_assert_true (g_str_has_prefix (greeting, "* OK "));
  g_assert_nonnull (strstr (greeting, "STARTTLS"));
  say (conv, "a STARTTLS");
  reply = read_line (conv);
  g_assert_true (g_str_has_prefix (reply, "a OK"));
  start_tls (conv, bms_test_servers_get_ca_file (servers), "localhost", &errors, &error);
  g_assert_no_error (error);
  say (conv, "b CAPABILITY");
  caps = read_line (conv);
  g_assert_nonnull (strstr (caps, "AUTH=PLAIN"));
}

static void
test_smtps (void)
{
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *greeting = NULL;

  if (!have_tls ())
    return;
  conv = connect_tls (bms_test_servers_get_port (servers, "smtps_port"),
                      bms_test_servers_get_ca_file (servers));
  greeting = read_reply (conv);
  g_assert_true (g_str_has_prefix (greeting, "220 "));
  say (conv, "QUIT");
}

static void
test_smtp_starttls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *ehlo = NULL;
  GTlsCertificateFlags errors = 0;

  if (!have_tls ())
    return;
  conv = connect_to (bms_test_servers_get_port (servers, "smtp_starttls_port"), &error);
  g_assert_no_error (error);
  greeting = read_reply (conv);
  g_assert_true (g_str_has_prefix (greeting, "220 "));
  say (conv, "EHLO smoke");
  g_free (read_reply (conv));
  say (conv, "MAIL FROM:<alice@example.com>");
  mail = read_reply (conv);
  g_assert_true (g_str_has_prefix (mail, "530 "));
  say (conv, "STARTTLS");
  ready = read_reply (conv);
  g_assert_true (g_str_has_prefix (ready, "220 "));
  start_tls (conv, bms_test_servers_get_ca_file (servers), "localhost", &errors, &error);
  g_assert_no_error (error);
  say (conv, "EHLO smoke");
  ehlo = read_reply (conv);
  g_assert_true (g_str_has_prefix (ehlo, "250 "));
  say (conv, "QUIT");
}

typedef struct {
  const char *port_key;
  gboolean starttls_imap;
  gboolean starttls_smtp;
  GTlsCertificateFlags expected;
} BadCertCase;

static const BadCertCase bad_cert_cases[] = {
  { "untrusted_imaps_port", FALSE, FALSE, G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "untrusted_smtps_port", FALSE, FALSE, G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "untrusted_imap_starttls_port", TRUE, FALSE, G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "untrusted_smtp_starttls_port", FALSE, TRUE, G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "wrong_name_imaps_port", FALSE, FALSE, G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "wrong_name_smtps_port", FALSE, FALSE, G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "wrong_name_imap_starttls_port", TRUE, FALSE, G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "wrong_name_smtp_starttls_port", FALSE, TRUE, G_TLS_CERTIFICATE_BAD_IDENTITY },
};

static void
test_bad_certificate (gconstpointer data)
{
  const BadCertCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Conversation) conv = NULL;
  GTlsCertificateFlags errors = 0;

  if (!have_tls ())
    return;
  conv = connect_to (bms_test_servers_get_port (servers, tc->port_key), &error);
  g_assert_no_error (error);
  if (tc->starttls_imap)
    {
      g_free (read_line (conv));
      say (conv, "a STARTTLS");
      g_free (read_line (conv));
    }
  else if (tc->starttls_smtp)
    {
      g_free (read_reply (conv));
      say (conv, "EHLO smoke");
      g_free (read_reply (conv));
      say (conv, "STARTTLS");
      g_free (read_reply (conv));
    }
  g_assert_false (start_tls (conv, bms_test_servers_get_ca_file (servers), "localhost",
                             &errors, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpint (errors & tc->expected, ==, tc->expected);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Conversation) conv = NULL;

  conv = connect_to (bms_test_servers_get_port (servers, "refused_port"), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
send_message (const char *message_id)
{
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *message = NULL;
  g_autofree char *accepted = NULL;
  const char credentials[] = "\0alice\0pa55w0rd";
  const char *expected[] = { "250 ", "235 ", "250 ", "250 ", "354 ", NULL };
  const char *commands[] = { "EHLO smoke", NULL, "MAIL FROM:<alice@example.com>",
                             "RCPT TO:<alice@example.com>", "DATA", NULL };

  plain = g_base64_encode ((const guchar *) credentials, sizeof credentials - 1);
  auth = g_strconcat ("AUTH PLAIN ", plain, NULL);
  commands[1] = auth;
  message = g_strdup_printf ("From: alice@example.com\r\nTo: alice@example.com\r\n"
                             "Subject: smoke\r\nMessage-ID: %s\r\n\r\nsmoke\r\n.", message_id);

  conv = connect_tls (bms_test_servers_get_port (servers, "smtps_port"),
                      bms_test_servers_get_ca_file (servers));
  g_free (read_reply (conv));
  for (guint i = 0; commands[i] != NULL; i++)
    {
      g_autofree char *reply = NULL;

      say (conv, commands[i]);
      reply = read_reply (conv);
      g_assert_true (g_str_has_prefix (reply, expected[i]));
    }
  say (conv, message);
  accepted = read_reply (conv);
  g_assert_true (g_str_has_prefix (accepted, "250 "));
  say (conv, "QUIT");
}

static void
test_received (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autofree char *envelope = NULL;
  guint before;
  int count;

  if (!have_tls ())
    return;
  before = bms_test_servers_count_messages (servers);
  send_message ("<smoke-1@bms.test>");
  received = bms_test_servers_wait_for_message (servers, before + 1, 2000);
  g_assert_nonnull (received);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                                  "\r\nMessage-ID: <smoke-1@bms.test>\r\n"));
  envelope = bms_test_servers_get_envelope (servers, before + 1);
  g_assert_nonnull (strstr (envelope, "\"login\": \"alice\""));

  count = bms_test_servers_count_in_folder (servers, "alice", "INBOX", "<smoke-1@bms.test>",
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 1);
  count = bms_test_servers_count_in_folder (servers, "alice", BMS_TEST_SENT_FOLDER,
                                            "<smoke-1@bms.test>", &error);
  g_assert_cmpint (count, ==, 0);

  /* Gmail's way: the server files the sent message itself. */
  bms_test_servers_set_file_to_sent (servers, TRUE);
  send_message ("<smoke-2@bms.test>");
  bms_test_servers_set_file_to_sent (servers, FALSE);
  count = bms_test_servers_count_in_folder (servers, "alice", BMS_TEST_SENT_FOLDER,
                                            "<smoke-2@bms.test>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 1);

  count = bms_test_servers_count_in_folder (servers, "alice", "no such folder", "<x>", &error);
  g_assert_cmpint (count, ==, -1);
  g_assert_nonnull (error);
}

static void
test_scripted_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) scripted = NULL;
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *transcript = NULL;

  scripted = bms_test_scripted_server_start ("imap-web-login", BMS_TEST_TLS_NONE, &error);
  g_assert_no_error (error);
  g_assert_null (bms_test_scripted_server_get_ca_file (scripted));
  conv = connect_to (bms_test_scripted_server_get_port (scripted), &error);
  g_assert_no_error (error);
  greeting = read_line (conv);
  g_assert_true (g_str_has_prefix (greeting, "* OK Gimap ready"));
  say (conv, "a1 LOGIN alice@gmail.com s3cret");
  refusal = read_line (conv);
  g_assert_true (g_str_has_prefix (refusal, "a1 NO [ALERT] Please log in via your web browser"));
  transcript = bms_test_scripted_server_get_transcript (scripted);
  g_assert_nonnull (strstr (transcript, "C: a1 LOGIN alice@gmail.com s3cret\r\n"));
}

static void
test_scripted_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestScriptedServer) scripted = NULL;
  g_autoptr(Conversation) conv = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *refusal = NULL;

  if (!have_tls ())
    return;
  scripted = bms_test_scripted_server_start ("smtp-app-password", BMS_TEST_TLS_IMPLICIT, &error);
  g_assert_no_error (error);
  conv = connect_tls (bms_test_scripted_server_get_port (scripted),
                      bms_test_scripted_server_get_ca_file (scripted));
  greeting = read_reply (conv);
  g_assert_true (g_str_has_prefix (greeting, "220 smtp.gmail.com ESMTP"));
  say (conv, "EHLO smoke");
  g_free (read_reply (conv));
  say (conv, "AUTH PLAIN AGFsaWNlAHg=");
  refusal = read_line (conv);
  g_assert_cmpstr (refusal, ==, "534-5.7.9 Application-specific password required. "
                                "For more information, go to");
  g_free (read_reply (conv));
  say (conv, "QUIT");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  int result;

  g_test_init (&argc, &argv, NULL);

  start = g_get_monotonic_time ();
  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);
  g_test_message ("servers started in %.3f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  g_test_add_func ("/servers/imaps", test_imaps);
  g_test_add_func ("/servers/imap-starttls", test_imap_starttls);
  g_test_add_func ("/servers/smtps", test_smtps);
  g_test_add_func ("/servers/smtp-starttls", test_smtp_starttls);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cert_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/servers/bad-certificate/%s",
                                               bad_cert_cases[i].port_key);

      g_test_add_data_func (path, &bad_cert_cases[i], test_bad_certificate);
    }
  g_test_add_func ("/servers/refused", test_refused);
  g_test_add_func ("/servers/received", test_received);
  g_test_add_func ("/servers/scripted-plain", test_scripted_plain);
  g_test_add_func ("/servers/scripted-tls", test_scripted_tls);

  result = g_test_run ();

  start = g_get_monotonic_time ();
  bms_test_servers_stop (servers);
  g_test_message ("servers stopped in %.3f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return result;
}
