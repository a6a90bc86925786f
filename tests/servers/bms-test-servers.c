/* bms-test-servers.c: start the loopback mail servers from a GTest program
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bms-test-servers.h"

#include <glib/gstdio.h>
#include <string.h>

#ifndef BMS_TEST_SERVERS_DIR
# error "BMS_TEST_SERVERS_DIR must be defined: the source directory tests/servers"
#endif

/* aiosmtpd is a Debian package: it is there for Debian's Python, which may
 * not be the first python3 on PATH. */
#ifndef BMS_TEST_PYTHON
# define BMS_TEST_PYTHON "/usr/bin/python3"
#endif

#define START_TIMEOUT_MS 20000
#define STOP_TIMEOUT_MS 5000

/* A server script running as a child, and the values of the JSON line it
 * printed when it was ready. */
typedef struct {
  GSubprocess *process;
  GHashTable *values;
} ServerProcess;

struct _BmsTestServers {
  ServerProcess proc;
};

struct _BmsTestScriptedServer {
  ServerProcess proc;
};

static const char *
servers_dir (void)
{
  const char *dir = g_getenv ("BMS_TEST_SERVERS_DIR");

  return dir != NULL ? dir : BMS_TEST_SERVERS_DIR;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Iterates CONTEXT until *DONE or until TIMEOUT_MS have passed. Returns
 * FALSE on timeout. */
static gboolean
iterate_until (GMainContext *context,
               gboolean     *done,
               guint         timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new (timeout_ms);

  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!*done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  return *done;
}

typedef struct {
  gboolean done;
  char *line;
  GError *error;
} LineRead;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                          result, NULL, &read->error);
  read->done = TRUE;
}

/* The scripts print a flat JSON object: string, number, boolean or null
 * values, strings without \u escapes (ensure_ascii=False). That much JSON a
 * regular expression reads well enough, and no JSON library is needed. */
static GHashTable *
parse_flat_json (const char  *line,
                 GError     **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  regex = g_regex_new ("\"([A-Za-z0-9_]+)\": (?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,}\\s]+))",
                       0, 0, NULL);
  g_regex_match (regex, line, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      int start, end;
      g_autofree char *key = g_match_info_fetch (match, 1);

      if (g_match_info_fetch_pos (match, 2, &start, &end) && start >= 0)
        {
          g_autofree char *escaped = g_match_info_fetch (match, 2);

          g_hash_table_replace (values, g_steal_pointer (&key), g_strcompress (escaped));
        }
      else
        {
          g_autofree char *bare = g_match_info_fetch (match, 3);

          if (g_strcmp0 (bare, "null") != 0)
            g_hash_table_replace (values, g_steal_pointer (&key), g_steal_pointer (&bare));
        }
    }

  if (g_hash_table_size (values) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Not the servers' JSON line: %s", line);
      return NULL;
    }
  return g_steal_pointer (&values);
}

static void
server_process_stop (ServerProcess *proc)
{
  g_autoptr(GMainContext) context = NULL;
  gboolean done = FALSE;

  if (proc->process == NULL)
    return;

  /* End of input is the agreed signal: the script stops its servers, kills
   * Dovecot's process group and removes its directory. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_output_stream_close (g_subprocess_get_stdin_pipe (proc->process), NULL, NULL);
  g_subprocess_wait_async (proc->process, NULL, wait_cb, &done);
  if (!iterate_until (context, &done, STOP_TIMEOUT_MS))
    {
      g_printerr ("# test servers did not stop within %d ms; killing them\n", STOP_TIMEOUT_MS);
      g_subprocess_force_exit (proc->process);
      /* Killed, the script cannot clean up, but Dovecot still goes: the
       * kernel tells it that its parent died (PR_SET_PDEATHSIG). */
      done = FALSE;
      g_subprocess_wait_async (proc->process, NULL, wait_cb, &done);
      iterate_until (context, &done, STOP_TIMEOUT_MS);
    }
  g_main_context_pop_thread_default (context);

  g_clear_object (&proc->process);
  g_clear_pointer (&proc->values, g_hash_table_unref);
}

static gboolean
server_process_start (ServerProcess  *proc,
                      const char     *script,
                      GPtrArray      *args,
                      GError        **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  gboolean timed_out;
  LineRead read = { FALSE, NULL, NULL };

  g_ptr_array_add (argv, g_strdup (BMS_TEST_PYTHON));
  g_ptr_array_add (argv, g_build_filename (servers_dir (), script, NULL));
  for (guint i = 0; args != NULL && i < args->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (args, i)));
  g_ptr_array_add (argv, NULL);

  /* The stdin pipe stays open for the servers' whole life: when this
   * process ends, however it ends, the script reads end of file and stops.
   * Standard error is inherited, so that a failure shows in the test log. */
  proc->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                     error);
  if (proc->process == NULL)
    return FALSE;

  context = g_main_context_new ();
  cancellable = g_cancellable_new ();
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc->process));
  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, cancellable,
                                       read_line_cb, &read);
  timed_out = !iterate_until (context, &read.done, START_TIMEOUT_MS);
  if (timed_out)
    {
      /* The callback still has to run before READ goes out of scope. */
      g_cancellable_cancel (cancellable);
      while (!read.done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  if (timed_out)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 "%s was not ready within %d ms", script, START_TIMEOUT_MS);
  else if (read.error != NULL)
    g_propagate_error (error, g_steal_pointer (&read.error));
  else if (read.line == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "%s exited before it was ready (see its messages above)", script);
  else
    proc->values = parse_flat_json (read.line, error);

  g_clear_error (&read.error);
  g_free (read.line);
  if (proc->values == NULL)
    {
      server_process_stop (proc);
      return FALSE;
    }
  return TRUE;
}

static const char *
server_process_get (ServerProcess *proc,
                    const char    *key)
{
  return g_hash_table_lookup (proc->values, key);
}

static guint16
server_process_get_port (ServerProcess *proc,
                         const char    *key)
{
  const char *value = server_process_get (proc, key);
  guint64 port = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT16, &port, NULL))
    g_error ("The test servers reported no port \"%s\"", key);
  return (guint16) port;
}

/* ----------------------------------------------------------- real servers */

/**
 * bms_test_servers_start:
 *
 * Starts mail-servers.py: Dovecot and the SMTP servers on free loopback
 * ports, in a fresh directory, with fresh certificates. About 0.4 s.
 *
 * Returns: (transfer full): the servers, or %NULL with @error set
 */
BmsTestServers *
bms_test_servers_start (GError **error)
{
  g_autoptr(BmsTestServers) self = g_new0 (BmsTestServers, 1);

  if (!server_process_start (&self->proc, "mail-servers.py", NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * bms_test_servers_stop:
 *
 * Stops every server, waits until they are gone and frees @self.
 */
void
bms_test_servers_stop (BmsTestServers *self)
{
  if (self == NULL)
    return;
  server_process_stop (&self->proc);
  g_free (self);
}

/**
 * bms_test_servers_get:
 * @key: a field of the JSON line, e.g. "wrong_name_imaps_port"
 *
 * Returns: (nullable): its value as text; see README.md for the fields
 */
const char *
bms_test_servers_get (BmsTestServers *self,
                      const char     *key)
{
  return server_process_get (&self->proc, key);
}

/**
 * bms_test_servers_get_port:
 * @key: e.g. "imaps_port", "smtp_starttls_port", "untrusted_smtps_port"
 *
 * Returns: the port; a test that asks for a port that is not there aborts
 */
guint16
bms_test_servers_get_port (BmsTestServers *self,
                           const char     *key)
{
  return server_process_get_port (&self->proc, key);
}

const char *
bms_test_servers_get_ca_file (BmsTestServers *self)
{
  return server_process_get (&self->proc, "ca_file");
}

const char *
bms_test_servers_get_received_dir (BmsTestServers *self)
{
  return server_process_get (&self->proc, "received_dir");
}

const char *
bms_test_servers_get_dovecot_conf (BmsTestServers *self)
{
  return server_process_get (&self->proc, "dovecot_conf");
}

/**
 * bms_test_servers_set_file_to_sent:
 * @file_to_sent: whether the SMTP servers file what they receive
 *
 * With %TRUE, each message sent after an AUTH is also saved, \Seen, in the
 * sender's sent folder before the server accepts it, as Gmail does.
 */
void
bms_test_servers_set_file_to_sent (BmsTestServers *self,
                                   gboolean        file_to_sent)
{
  const char *flag = server_process_get (&self->proc, "file_to_sent_flag");

  g_autoptr(GError) error = NULL;

  if (!file_to_sent)
    g_unlink (flag);
  else if (!g_file_set_contents (flag, "", 0, &error))
    g_error ("Cannot switch filing to the sent folder on: %s", error->message);
}

/**
 * bms_test_servers_set_file_to_sent_late:
 *
 * As bms_test_servers_set_file_to_sent() with %TRUE, but each copy is filed
 * only after the server answered 250, a moment later, as a slow server
 * might. bms_test_servers_set_file_to_sent() with %FALSE ends it.
 */
void
bms_test_servers_set_file_to_sent_late (BmsTestServers *self)
{
  const char *flag = server_process_get (&self->proc, "file_to_sent_flag");
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (flag, "late", -1, &error))
    g_error ("Cannot switch late filing to the sent folder on: %s", error->message);
}

static guint
count_lines_containing (const char *path,
                        const char *text)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && strstr (lines[i], text) != NULL)
      n++;

  return n;
}

/* How many connections the SMTP servers have accepted so far. */
guint
bms_test_servers_count_smtp_connections (BmsTestServers *self)
{
  g_autofree char *path = g_build_filename (bms_test_servers_get_received_dir (self),
                                            "connections.log", NULL);

  return count_lines_containing (path, "") - count_lines_containing (path, "QUIT ");
}

/* How many QUITs the SMTP servers have heard so far. */
guint
bms_test_servers_count_smtp_quits (BmsTestServers *self)
{
  g_autofree char *path = g_build_filename (bms_test_servers_get_received_dir (self),
                                            "connections.log", NULL);

  return count_lines_containing (path, "QUIT ");
}

/* How many IMAP logins Dovecot has accepted so far. */
guint
bms_test_servers_count_imap_logins (BmsTestServers *self)
{
  return count_lines_containing (bms_test_servers_get (self, "dovecot_log"), "imap-login: Info: Login: ");
}

static char *
message_path (BmsTestServers *self,
              guint           number,
              const char     *extension)
{
  g_autofree char *name = g_strdup_printf ("%03u.%s", number, extension);

  return g_build_filename (bms_test_servers_get_received_dir (self), name, NULL);
}

/**
 * bms_test_servers_wait_for_message:
 * @number: which message, counting from 1 across all SMTP ports
 * @timeout_ms: how long to wait for it
 *
 * The message is complete on disk before the server answers the end of
 * DATA, so after a successful send there is no wait at all.
 *
 * Returns: (transfer full) (nullable): the message as received (the DATA
 *   without its dot-stuffing and final dot), or %NULL on timeout
 */
GBytes *
bms_test_servers_wait_for_message (BmsTestServers *self,
                                   guint           number,
                                   guint           timeout_ms)
{
  g_autofree char *path = message_path (self, number, "eml");
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  char *contents = NULL;
  gsize length = 0;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () >= deadline)
        return NULL;
      g_usleep (5000);
    }
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

/**
 * bms_test_servers_get_envelope:
 * @number: which message, counting from 1
 *
 * Returns: (transfer full) (nullable): the JSON the server wrote beside the
 *   message: mail_from, rcpt_tos, login, port, tls, filed_to_sent, …
 */
char *
bms_test_servers_get_envelope (BmsTestServers *self,
                               guint           number)
{
  g_autofree char *path = message_path (self, number, "json");
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

/**
 * bms_test_servers_count_messages:
 *
 * Returns: how many messages the SMTP servers have received so far
 */
guint
bms_test_servers_count_messages (BmsTestServers *self)
{
  g_autoptr(GDir) dir = g_dir_open (bms_test_servers_get_received_dir (self), 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      count++;
  return count;
}

/**
 * bms_test_servers_doveadm:
 * @first_arg: the first argument after "doveadm -c CONF"
 * @...: more arguments, then %NULL
 *
 * Runs doveadm against the test Dovecot, e.g. ("fetch", "-u", "alice",
 * "flags hdr.subject", "mailbox", BMS_TEST_SENT_FOLDER, "all", NULL).
 *
 * Returns: (transfer full): its standard output, or %NULL with @error set
 */
char *
bms_test_servers_doveadm (BmsTestServers  *self,
                          GError         **error,
                          const char      *first_arg,
                          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (argv, (char *) "doveadm");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) bms_test_servers_get_dovecot_conf (self));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "doveadm %s: %s", first_arg, err);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * bms_test_servers_count_in_folder:
 * @user: e.g. "alice"
 * @folder: the folder's name in UTF-8, e.g. BMS_TEST_SENT_FOLDER
 * @message_id: the Message-ID with its angle brackets
 *
 * Returns: how many messages with that Message-ID the folder holds, or -1
 *   with @error set (for example when the folder does not exist)
 */
int
bms_test_servers_count_in_folder (BmsTestServers  *self,
                                  const char      *user,
                                  const char      *folder,
                                  const char      *message_id,
                                  GError         **error)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int count = 0;

  /* doveadm search prints one "GUID UID" line per message found. */
  out = bms_test_servers_doveadm (self, error, "search", "-u", user,
                                  "mailbox", folder, "header", "Message-ID", message_id,
                                  NULL);
  if (out == NULL)
    return -1;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      count++;
  return count;
}

/* ------------------------------------------------------- scripted server */

/**
 * bms_test_scripted_server_start:
 * @scenario: a scenario of scripted-server.py (e.g. "imap-web-login"), or
 *   a JSON script when it starts with "{"
 * @tls: whether the server speaks TLS at once, after STARTTLS, or never;
 *   with TLS it makes its own CA (bms_test_scripted_server_get_ca_file())
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
BmsTestScriptedServer *
bms_test_scripted_server_start (const char  *scenario,
                                BmsTestTls   tls,
                                GError     **error)
{
  g_autoptr(BmsTestScriptedServer) self = g_new0 (BmsTestScriptedServer, 1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) (scenario[0] == '{' ? "--script-json" : "--scenario"));
  g_ptr_array_add (args, (char *) scenario);
  switch (tls)
    {
    case BMS_TEST_TLS_IMPLICIT:
      g_ptr_array_add (args, (char *) "--tls");
      break;
    case BMS_TEST_TLS_STARTTLS:
      g_ptr_array_add (args, (char *) "--starttls");
      break;
    case BMS_TEST_TLS_NONE:
    default:
      break;
    }

  if (!server_process_start (&self->proc, "scripted-server.py", args, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
bms_test_scripted_server_stop (BmsTestScriptedServer *self)
{
  if (self == NULL)
    return;
  server_process_stop (&self->proc);
  g_free (self);
}

guint16
bms_test_scripted_server_get_port (BmsTestScriptedServer *self)
{
  return server_process_get_port (&self->proc, "port");
}

/* One of the counts of the scripted server's stats.ini: "connections",
 * "max_in_flight" (connections open at once), "max_per_user". */
guint
bms_test_scripted_server_get_stat (BmsTestScriptedServer *self,
                                   const char            *key)
{
  g_autoptr(GKeyFile) stats = g_key_file_new ();

  if (!g_key_file_load_from_file (stats, server_process_get (&self->proc, "stats"), G_KEY_FILE_NONE, NULL))
    return 0;

  return (guint) g_key_file_get_integer (stats, "stats", key, NULL);
}

/**
 * bms_test_scripted_server_get_ca_file:
 *
 * Returns: (nullable): the CA that signed the server's certificate, or
 *   %NULL when the server speaks no TLS
 */
const char *
bms_test_scripted_server_get_ca_file (BmsTestScriptedServer *self)
{
  return server_process_get (&self->proc, "ca_file");
}

/**
 * bms_test_scripted_server_get_transcript:
 *
 * Returns: (transfer full): everything said so far, one line each, marked
 *   "N C: " (from the client) or "N S: " (from the server), N counting
 *   connections. What the client sent is logged before it is answered.
 */
char *
bms_test_scripted_server_get_transcript (BmsTestScriptedServer *self)
{
  char *contents = NULL;

  if (!g_file_get_contents (server_process_get (&self->proc, "log"), &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}
