/* bms-cancel-bench.c: how fast a cancel ends each engine operation while the server is silent
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bms-imap.h"
#include "bms-server.h"
#include "bms-smtp.h"
#include "bms-test-servers.h"

/* The goal: a cancel takes effect within 100 ms, also while a server
 * sends nothing. Each operation is started against a server that keeps it
 * waiting, with the default 30 s command timeout, so that only the cancel
 * can end it; the time runs from g_cancellable_cancel() to the operation's
 * callback in the main loop, which is what the wizard's Cancel button sees.
 *
 * The baseline, measured the same way in the same run, is the cheapest
 * cancellable GIO operation there is: a GTask in a worker thread that does
 * nothing but poll the GCancellable's file descriptor. */

#define GOAL_MS 100.0

typedef enum {
  OP_SMTP_LOGIN,
  OP_SMTP_SEND,
  OP_IMAP_LOGIN,
  OP_IMAP_LIST,
  N_OPS,
} Op;

static const char *op_names[N_OPS] = {
  "smtp check login",
  "smtp send",
  "imap check login",
  "imap list folders",
};

typedef enum {
  SITUATION_SILENT_PLAIN,
  SITUATION_SILENT_HANDSHAKE,
  SITUATION_SILENT_AFTER_TLS,
  SITUATION_STALL_AFTER_GREETING,
  SITUATION_STALL_MID_COMMAND,
  N_SITUATIONS,
} Situation;

static const char *situation_names[N_SITUATIONS] = {
  "silent, plain TCP",
  "silent, in TLS handshake",
  "silent after TLS handshake",
  "stalls after greeting (TLS)",
  "stalls mid-command (plain)",
};

static guint option_rounds = 20;
static guint option_wait_ms = 300;
static gboolean option_strict = FALSE;
static gboolean option_verbose = FALSE;

/* ------------------------------------------------------------ stub server */

/* The scripted server can stay silent before a greeting and after it, but
 * never after a login. This one lets the client in and then says nothing
 * at the command named by @stall_at (LOGIN, AUTH, LIST or the end of
 * DATA), so that the cancel meets the engine where it waits for a reply
 * to its own command. Plain TCP: what is measured is the wait, not TLS. */
typedef struct {
  GSocketListener *listener;
  guint16          port;
  gboolean         imap;
  char            *stall_at;
  GCancellable    *stop;
  GThread         *thread;
} Stub;

typedef struct {
  Stub              *stub;
  GSocketConnection *connection;
} StubClient;

static gboolean
stub_send (GOutputStream *out,
           const char    *text)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

/* Reads and forgets everything until the client goes. */
static void
stub_stall (GDataInputStream *in,
            const char       *at)
{
  char *line;

  if (option_verbose)
    g_printerr ("  stub: stalling at %s\n", at);

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    g_free (line);
}

static void
stub_imap (Stub             *stub,
           GDataInputStream *in,
           GOutputStream    *out)
{
  char *line;

  if (!stub_send (out, "* OK stub ready\r\n"))
    return;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) words = g_strsplit (g_strchomp (line), " ", 3);
      g_autofree char *reply = NULL;
      const char *tag = words[0] != NULL ? words[0] : "*";
      const char *command = words[0] != NULL && words[1] != NULL ? words[1] : "";

      g_free (line);
      if (g_ascii_strcasecmp (command, stub->stall_at) == 0)
        {
          stub_stall (in, stub->stall_at);
          return;
        }

      if (g_ascii_strcasecmp (command, "CAPABILITY") == 0)
        reply = g_strdup_printf ("* CAPABILITY IMAP4rev1\r\n%s OK done\r\n", tag);
      else if (g_ascii_strcasecmp (command, "LOGOUT") == 0)
        reply = g_strdup_printf ("* BYE bye\r\n%s OK done\r\n", tag);
      else
        reply = g_strdup_printf ("%s OK done\r\n", tag);

      if (!stub_send (out, reply) || g_ascii_strcasecmp (command, "LOGOUT") == 0)
        return;
    }
}

static void
stub_smtp (Stub             *stub,
           GDataInputStream *in,
           GOutputStream    *out)
{
  char *line;

  if (!stub_send (out, "220 stub ESMTP\r\n"))
    return;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) words = g_strsplit (g_strchomp (line), " ", 3);
      const char *verb = words[0] != NULL ? words[0] : "";
      const char *reply = "250 OK\r\n";

      g_free (line);
      if (g_ascii_strcasecmp (verb, stub->stall_at) == 0)
        {
          stub_stall (in, stub->stall_at);
          return;
        }

      if (g_ascii_strcasecmp (verb, "EHLO") == 0)
        reply = "250-stub\r\n250 AUTH PLAIN\r\n";
      else if (g_ascii_strcasecmp (verb, "AUTH") == 0)
        {
          /* AUTH PLAIN without the initial response asks for it. */
          if (words[1] != NULL && words[2] == NULL)
            {
              if (!stub_send (out, "334 \r\n"))
                return;
              g_free (g_data_input_stream_read_line (in, NULL, NULL, NULL));
            }
          reply = "235 OK\r\n";
        }
      else if (g_ascii_strcasecmp (verb, "DATA") == 0)
        {
          if (!stub_send (out, "354 go on\r\n"))
            return;
          while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL &&
                 strcmp (g_strchomp (line), ".") != 0)
            g_free (line);
          if (line == NULL)
            return;
          g_free (line);
          if (g_ascii_strcasecmp ("DATA", stub->stall_at) == 0)
            {
              stub_stall (in, stub->stall_at);
              return;
            }
        }
      else if (g_ascii_strcasecmp (verb, "QUIT") == 0)
        {
          stub_send (out, "221 bye\r\n");
          return;
        }

      if (!stub_send (out, reply))
        return;
    }
}

static gpointer
stub_client_thread (gpointer data)
{
  StubClient *client = data;
  GIOStream *stream = G_IO_STREAM (client->connection);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  if (client->stub->imap)
    stub_imap (client->stub, in, g_io_stream_get_output_stream (stream));
  else
    stub_smtp (client->stub, in, g_io_stream_get_output_stream (stream));

  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (client->connection);
  g_free (client);
  return NULL;
}

static gpointer
stub_accept_thread (gpointer data)
{
  Stub *stub = data;

  for (;;)
    {
      GSocketConnection *connection = g_socket_listener_accept (stub->listener, NULL,
                                                                stub->stop, NULL);
      StubClient *client;

      if (connection == NULL)
        return NULL;

      client = g_new0 (StubClient, 1);
      client->stub = stub;
      client->connection = connection;
      g_thread_unref (g_thread_new ("stub-client", stub_client_thread, client));
    }
}

static Stub *
stub_start (gboolean     imap,
            const char  *stall_at,
            GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  Stub *stub = g_new0 (Stub, 1);

  stub->listener = g_socket_listener_new ();
  stub->imap = imap;
  stub->stall_at = g_strdup (stall_at);
  stub->stop = g_cancellable_new ();
  if (!g_socket_listener_add_address (stub->listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, error))
    {
      g_object_unref (stub->listener);
      g_object_unref (stub->stop);
      g_free (stub->stall_at);
      g_free (stub);
      return NULL;
    }

  stub->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  stub->thread = g_thread_new ("stub-accept", stub_accept_thread, stub);
  return stub;
}

/* Client threads still stalling end when their client has gone (every
 * operation closes its connection), so only the listener is stopped. */
static void
stub_stop (Stub *stub)
{
  g_cancellable_cancel (stub->stop);
  g_thread_join (stub->thread);
  g_socket_listener_close (stub->listener);
  g_object_unref (stub->listener);
  g_object_unref (stub->stop);
  g_free (stub->stall_at);
  g_free (stub);
}

/* ------------------------------------------------------------ measuring */

typedef struct {
  gint64    cancelled_at;
  gint64    done_at;
  gboolean  done;
  GError   *error;
} Sample;

static void
smtp_login_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Sample *sample = user_data;

  sample->done_at = g_get_monotonic_time ();
  bms_smtp_check_login_finish (result, NULL, &sample->error);
  sample->done = TRUE;
}

static void
smtp_send_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Sample *sample = user_data;

  sample->done_at = g_get_monotonic_time ();
  bms_smtp_send_finish (result, NULL, &sample->error);
  sample->done = TRUE;
}

static void
imap_login_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Sample *sample = user_data;

  sample->done_at = g_get_monotonic_time ();
  bms_imap_check_login_finish (result, NULL, NULL, &sample->error);
  sample->done = TRUE;
}

static void
imap_list_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Sample *sample = user_data;
  GPtrArray *folders;

  sample->done_at = g_get_monotonic_time ();
  folders = bms_imap_list_folders_finish (result, NULL, &sample->error);
  g_clear_pointer (&folders, g_ptr_array_unref);
  sample->done = TRUE;
}

/* The baseline operation: a worker that waits for nothing but the cancel. */
static void
baseline_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GPollFD fd;

  if (g_cancellable_make_pollfd (cancellable, &fd))
    {
      fd.events = G_IO_IN;
      g_poll (&fd, 1, 30000);
      g_cancellable_release_fd (cancellable);
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
baseline_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Sample *sample = user_data;

  sample->done_at = g_get_monotonic_time ();
  g_task_propagate_boolean (G_TASK (result), &sample->error);
  sample->done = TRUE;
}

typedef struct {
  GCancellable *cancellable;
  Sample       *sample;
} CancelLater;

static gboolean
cancel_cb (gpointer user_data)
{
  CancelLater *later = user_data;

  later->sample->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  return G_SOURCE_REMOVE;
}

/* One start, wait, cancel; returns the latency in ms, or a negative number
 * when the operation ended some other way (its error is printed). */
static double
measure_once (int              op,
              const BmsServer *server,
              GBytes          *message)
{
  static const char * const recipients[] = { "alice@localhost", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Sample sample = { 0, 0, FALSE, NULL };
  CancelLater later = { cancellable, &sample };
  guint timeout_id;

  switch (op)
    {
    case OP_SMTP_LOGIN:
      bms_smtp_check_login_async (server, BMS_TEST_PASSWORD, cancellable,
                                  smtp_login_done_cb, &sample);
      break;
    case OP_SMTP_SEND:
      bms_smtp_send_async (server, BMS_TEST_PASSWORD, message, "alice@localhost", recipients,
                           cancellable, smtp_send_done_cb, &sample);
      break;
    case OP_IMAP_LOGIN:
      bms_imap_check_login_async (server, BMS_TEST_PASSWORD, cancellable,
                                  imap_login_done_cb, &sample);
      break;
    case OP_IMAP_LIST:
      bms_imap_list_folders_async (server, BMS_TEST_PASSWORD, cancellable,
                                   imap_list_done_cb, &sample);
      break;
    default:
      {
        g_autoptr(GTask) task = g_task_new (NULL, cancellable, baseline_done_cb, &sample);

        g_task_run_in_thread (task, baseline_worker);
      }
      break;
    }

  timeout_id = g_timeout_add (option_wait_ms, cancel_cb, &later);
  while (!sample.done)
    g_main_context_iteration (NULL, TRUE);

  if (sample.cancelled_at == 0)
    {
      g_source_remove (timeout_id);
      g_printerr ("  ended before the cancel: %s\n",
                  sample.error != NULL ? sample.error->message : "success");
      g_clear_error (&sample.error);
      return -1;
    }

  if (!g_error_matches (sample.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("  cancelled, but ended with: %s\n",
                  sample.error != NULL ? sample.error->message : "success");
      g_clear_error (&sample.error);
      return -1;
    }

  g_clear_error (&sample.error);
  return (sample.done_at - sample.cancelled_at) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank: with 20 samples the p95 is the 19th, so one outlier in
 * twenty shows only in the max. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;

  rank = (guint) MAX (1.0, (p / 100.0) * sorted->len + 0.999999);
  return g_array_index (sorted, double, MIN (rank, sorted->len) - 1);
}

typedef struct {
  double median;
  double p95;
  double max;
  guint  failures;
} Stats;

static Stats
run_case (const char      *label,
          const char      *situation,
          int              op,
          const BmsServer *server,
          GBytes          *message,
          GArray          *all)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  Stats stats = { 0, 0, 0, 0 };

  for (guint i = 0; i < option_rounds; i++)
    {
      double ms = measure_once (op, server, message);

      if (ms < 0)
        stats.failures++;
      else
        g_array_append_val (samples, ms);
    }

  g_array_sort (samples, compare_doubles);
  if (all != NULL)
    g_array_append_vals (all, samples->data, samples->len);

  stats.median = percentile (samples, 50);
  stats.p95 = percentile (samples, 95);
  stats.max = samples->len > 0 ? g_array_index (samples, double, samples->len - 1) : 0;
  g_print ("%-20s %-30s %3u %8.2f %8.2f %8.2f%s\n", label, situation, samples->len,
           stats.median, stats.p95, stats.max,
           stats.failures > 0 ? "  (some did not end by the cancel)" : "");
  return stats;
}

/* ------------------------------------------------------------ servers */

static BmsServer *
make_server (guint16      port,
             BmsSecurity  security,
             const char  *ca_file)
{
  BmsServer *server = bms_server_new ("localhost", port, security, BMS_TEST_USER);

  server->ca_file = g_strdup (ca_file);
  /* Both the defaults: only the cancel can end the wait. */
  server->connect_timeout_ms = BMS_SERVER_DEFAULT_CONNECT_TIMEOUT_MS;
  server->command_timeout_ms = BMS_SERVER_DEFAULT_COMMAND_TIMEOUT_MS;
  return server;
}

static GBytes *
make_message (void)
{
  static const char text[] =
    "From: alice@localhost\r\n"
    "To: alice@localhost\r\n"
    "Subject: cancel benchmark\r\n"
    "Message-ID: <cancel-bench@localhost>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "\r\n"
    "This message is never accepted.\r\n";

  return g_bytes_new_static (text, sizeof text - 1);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &option_rounds, "Cancels per operation and situation (20)", "N" },
    { "wait-ms", 'w', 0, G_OPTION_ARG_INT, &option_wait_ms, "Wait before the cancel (300)", "MS" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &option_strict, "Exit 1 on a MISS", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &option_verbose, "Say where the stub servers stall", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- cancel latency of the mail engine");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = make_message ();
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  BmsTestScriptedServer *silent = NULL;
  BmsTestScriptedServer *silent_tls = NULL;
  BmsTestScriptedServer *stall[2] = { NULL, NULL };
  Stub *stubs[N_OPS] = { NULL, };
  static const char *stub_stall_at[N_OPS] = { "AUTH", "DATA", "LOGIN", "LIST" };
  Stats baseline;
  double worst_p95 = 0;
  double overall_p95;
  const char *worst_case = "";
  guint failures = 0;
  gboolean pass;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  option_rounds = MAX (option_rounds, 1);

  silent = bms_test_scripted_server_start ("silent", BMS_TEST_TLS_NONE, &error);
  if (silent != NULL)
    silent_tls = bms_test_scripted_server_start ("silent", BMS_TEST_TLS_IMPLICIT, &error);
  if (silent_tls != NULL)
    stall[0] = bms_test_scripted_server_start ("smtp-stall", BMS_TEST_TLS_IMPLICIT, &error);
  if (stall[0] != NULL)
    stall[1] = bms_test_scripted_server_start ("imap-stall", BMS_TEST_TLS_IMPLICIT, &error);
  for (int op = 0; op < N_OPS && error == NULL; op++)
    stubs[op] = stub_start (op >= OP_IMAP_LOGIN, stub_stall_at[op], &error);
  if (error != NULL)
    {
      g_printerr ("Cannot start the servers: %s\n", error->message);
      return 2;
    }

  g_print ("Cancel latency: from g_cancellable_cancel() to the callback, %u ms after the start,\n"
           "command timeout %u ms; %u cancels each; times in ms\n\n",
           option_wait_ms, BMS_SERVER_DEFAULT_COMMAND_TIMEOUT_MS, option_rounds);
  g_print ("%-20s %-30s %3s %8s %8s %8s\n", "operation", "server", "n", "median", "p95", "max");

  /* The baseline first and last, so that a machine that gets busier in
   * the middle shows in it too. */
  baseline = run_case ("GIO baseline", "GTask polling its cancellable", -1, NULL, NULL, NULL);

  for (int op = 0; op < N_OPS; op++)
    {
      const char *ca_file = bms_test_scripted_server_get_ca_file (silent_tls);
      BmsTestScriptedServer *stalling = stall[op >= OP_IMAP_LOGIN];

      for (int situation = 0; situation < N_SITUATIONS; situation++)
        {
          g_autoptr(BmsServer) server = NULL;
          Stats stats;

          switch ((Situation) situation)
            {
            case SITUATION_SILENT_PLAIN:
              server = make_server (bms_test_scripted_server_get_port (silent), BMS_SECURITY_NONE, NULL);
              break;
            case SITUATION_SILENT_HANDSHAKE:
              /* A TLS client at a plain server that never answers its hello. */
              server = make_server (bms_test_scripted_server_get_port (silent), BMS_SECURITY_SSL_TLS,
                                    ca_file);
              break;
            case SITUATION_SILENT_AFTER_TLS:
              server = make_server (bms_test_scripted_server_get_port (silent_tls), BMS_SECURITY_SSL_TLS,
                                    ca_file);
              break;
            case SITUATION_STALL_AFTER_GREETING:
              server = make_server (bms_test_scripted_server_get_port (stalling), BMS_SECURITY_SSL_TLS,
                                    bms_test_scripted_server_get_ca_file (stalling));
              break;
            case SITUATION_STALL_MID_COMMAND:
            case N_SITUATIONS:
            default:
              server = make_server (stubs[op]->port, BMS_SECURITY_NONE, NULL);
              break;
            }

          stats = run_case (situation == 0 ? op_names[op] : "", situation_names[situation],
                            op, server, message, all);
          failures += stats.failures;
          if (stats.p95 > worst_p95)
            {
              worst_p95 = stats.p95;
              worst_case = situation_names[situation];
            }
          if (situation == SITUATION_STALL_MID_COMMAND)
            g_print ("%46s(stub stalls at %s)\n", "", stub_stall_at[op]);
        }
    }

  {
    Stats again = run_case ("GIO baseline", "GTask polling its cancellable", -1, NULL, NULL, NULL);

    baseline.p95 = MAX (baseline.p95, again.p95);
    baseline.median = MAX (baseline.median, again.median);
  }

  g_array_sort (all, compare_doubles);
  overall_p95 = percentile (all, 95);
  g_print ("\nall engine cancels: n=%u median %.2f ms, p95 %.2f ms, max %.2f ms\n",
           all->len, percentile (all, 50), overall_p95,
           all->len > 0 ? g_array_index (all, double, all->len - 1) : 0.0);
  g_print ("GIO baseline: median %.3f ms, p95 %.3f ms (the larger of its two runs)\n",
           baseline.median, baseline.p95);
  g_print ("ratio engine / baseline: p95 %.1f×, median %.1f×\n",
           baseline.p95 > 0 ? overall_p95 / baseline.p95 : 0.0,
           baseline.median > 0 ? percentile (all, 50) / baseline.median : 0.0);
  if (failures > 0)
    g_print ("%u operations did not end by the cancel (see above)\n", failures);

  pass = worst_p95 <= GOAL_MS && failures == 0;
  g_print ("cancel latency p95: %.2f ms (worst case: %s; goal ≤ %.0f ms): %s\n",
           worst_p95, worst_case, GOAL_MS, pass ? "PASS" : "MISS");

  for (int op = 0; op < N_OPS; op++)
    g_clear_pointer (&stubs[op], stub_stop);
  bms_test_scripted_server_stop (stall[1]);
  bms_test_scripted_server_stop (stall[0]);
  bms_test_scripted_server_stop (silent_tls);
  bms_test_scripted_server_stop (silent);

  return failures > 0 || (option_strict && !pass) ? 1 : 0;
}
