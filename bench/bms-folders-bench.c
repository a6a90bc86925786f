/* bms-folders-bench.c: reading 10,000 folders against the time their LIST takes to arrive
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <curl/curl.h>
#include <locale.h>
#include <string.h>

#include "bms-curl.h"
#include "bms-folder-node.h"
#include "bms-imap-list.h"
#include "bms-imap.h"
#include "bms-mutf7.h"
#include "bms-test-servers.h"

/* The goal: parsing, decoding and building the tree of a 10,000-folder
 * answer costs under 0.2× of the time the answer takes to arrive.
 *
 * (a) the transfer: LIST "" "*" on a logged-in connection of the kind the
 *     engine makes (bms_curl_easy_new(), CONNECT_ONLY, IMAPS, the same
 *     16 KB reads), from the command to the last byte of the tagged OK,
 *     reading bytes and looking for nothing but the tag;
 * (b) the same bytes, kept from (a): bms_imap_list_parse() (framing, the
 *     parser and a BmsFolder per line, whose names are decoded from
 *     modified UTF-7 when it is made), then bms_folder_node_build_tree()
 *     and bms_folder_node_flatten();
 * (c) for information, bms_imap_list_folders_async() from start to
 *     callback: connect, TLS, login, CAPABILITY, LIST, LOGOUT;
 * (d) for information, what (c) waits for: the raw LIST of (a) as the
 *     first command of a new connection, where Dovecot's new imap process
 *     takes several times as long to answer as on a connection that has
 *     listed before.
 *
 * --dump FILE keeps the answer; --replay FILE times (b) alone on it,
 * without servers, for profilers (valgrind --tool=callgrind, perf). */

#define GOAL_RATIO 0.2
#define N_FOLDERS 10000
#define MAX_DEPTH 8
#define RECV_CHUNK 16384
#define USER BMS_TEST_USER2
#define PASSWORD BMS_TEST_PASSWORD2

static guint option_rounds = 7;
static gboolean option_strict = FALSE;
static char *option_dump = NULL;
static char *option_replay = NULL;

/* Mostly Japanese, as the folders of a Japanese office; a few ASCII names, some with spaces
 * (Dovecot then quotes them) and "&" (encoded as "&-"). */
static const char *words[] = {
  "営業部", "顧客", "案件", "見積書", "議事録", "東京支店", "大阪支店", "請求書",
  "契約", "人事", "経理", "総務", "開発", "広報", "採用", "2026年度",
  "取引先", "下書き", "保存", "重要", "Project", "Archive", "R&D", "Sales Team",
  "お知らせ", "社内", "ニュースレター", "会議室予約",
};

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  if (n == 0)
    return 0;

  g_array_sort (sorted, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* ------------------------------------------------------------ the mailbox */

/* Chains of 1 to 8 levels, each level a folder of its own, until there
 * are N_FOLDERS: one chain in eight reaches the 8th level. */
static GPtrArray *
make_names (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint chain = 0; names->len < N_FOLDERS; chain++)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      guint depth = 1 + chain % MAX_DEPTH;

      for (guint level = 0; level < depth && names->len < N_FOLDERS; level++)
        {
          if (level > 0)
            g_string_append_c (name, '/');
          g_string_append (name, words[(chain * 7 + level * 3) % G_N_ELEMENTS (words)]);
          /* The top level carries the chain's number, so that names differ. */
          if (level == 0)
            g_string_append_printf (name, " %u", chain);
          g_ptr_array_add (names, g_strdup (name->str));
        }
    }

  return names;
}

/* doveadm takes many names in one call; without its list index Dovecot
 * creates them in about a second instead of minutes, and the server
 * builds the index when it first lists them. */
static gboolean
create_folders (BmsTestServers  *servers,
                GPtrArray       *names,
                GError         **error)
{
  const guint batch = 2500;

  for (guint i = 0; i < names->len; i += batch)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (char *) "doveadm");
      g_ptr_array_add (argv, (char *) "-c");
      g_ptr_array_add (argv, (char *) bms_test_servers_get_dovecot_conf (servers));
      g_ptr_array_add (argv, (char *) "-o");
      g_ptr_array_add (argv, (char *) "mailbox_list_index=no");
      g_ptr_array_add (argv, (char *) "mailbox");
      g_ptr_array_add (argv, (char *) "create");
      g_ptr_array_add (argv, (char *) "-u");
      g_ptr_array_add (argv, (char *) USER);
      for (guint j = i; j < MIN (i + batch, names->len); j++)
        g_ptr_array_add (argv, names->pdata[j]);
      g_ptr_array_add (argv, NULL);

      process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   error);
      if (process == NULL ||
          !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, error))
        return FALSE;
      if (!g_subprocess_get_successful (process))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "doveadm mailbox create: %s", err);
          return FALSE;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------ (a) transfer */

static gboolean
send_all (CURL        *easy,
          const char  *text,
          GError     **error)
{
  gsize length = strlen (text);
  gsize sent_total = 0;

  while (sent_total < length)
    {
      size_t sent = 0;
      CURLcode code = curl_easy_send (easy, text + sent_total, length - sent_total, &sent);

      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (easy, TRUE, 30000, NULL, error))
            return FALSE;
          continue;
        }
      if (code != CURLE_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "send: %s", curl_easy_strerror (code));
          return FALSE;
        }
      sent_total += sent;
    }

  return TRUE;
}

/* Reads until a whole line that starts with "@tag " has arrived. Only the
 * bytes that came with the last read (and the few before them, where a
 * line start may lie) are looked at: no parsing. */
static gboolean
receive_until_tagged (CURL        *easy,
                      const char  *tag,
                      GByteArray  *buffer,
                      GError     **error)
{
  g_autofree char *needle = g_strdup_printf ("\n%s ", tag);
  gsize needle_length = strlen (needle);
  guint8 chunk[RECV_CHUNK];
  gsize search_from = 0;
  const guint8 *tagged = NULL;

  for (;;)
    {
      size_t received = 0;
      CURLcode code = curl_easy_recv (easy, chunk, sizeof chunk, &received);

      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (easy, FALSE, 60000, NULL, error))
            return FALSE;
          continue;
        }
      if (code != CURLE_OK || received == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "recv: %s",
                       code != CURLE_OK ? curl_easy_strerror (code) : "connection closed");
          return FALSE;
        }

      g_byte_array_append (buffer, chunk, received);

      if (tagged == NULL)
        {
          tagged = memmem (buffer->data + search_from, buffer->len - search_from,
                           needle, needle_length);
          if (tagged == NULL)
            search_from = buffer->len >= needle_length ? buffer->len - needle_length : 0;
          else
            search_from = tagged - buffer->data + 1;
        }
      /* The buffer may have moved: find the line again from its offset. */
      if (tagged != NULL && memchr (buffer->data + search_from, '\n', buffer->len - search_from) != NULL)
        return TRUE;
      if (tagged != NULL)
        tagged = buffer->data + search_from - 1;
    }
}

static CURL *
connect_raw (const BmsServer  *server,
             GError          **error)
{
  g_autoptr(BmsTranscript) transcript = bms_transcript_new ();
  CURL *easy = bms_curl_easy_new (server, "imap", PASSWORD, transcript, error);
  CURLcode code;

  if (easy == NULL)
    return NULL;

  curl_easy_setopt (easy, CURLOPT_CONNECT_ONLY, 1L);
  code = bms_curl_connect (easy, NULL);
  if (bms_curl_set_error (error, BMS_OPERATION_IMAP_LOGIN, code, transcript, NULL))
    {
      bms_curl_easy_free (easy);
      return NULL;
    }

  /* As the engine's session: libcurl says nothing more about the reads. */
  curl_easy_setopt (easy, CURLOPT_VERBOSE, 0L);
  return easy;
}

/* One LIST on the open connection; the answer, tagged line included. */
static GByteArray *
transfer_once (CURL     *easy,
               guint     number,
               double   *ms,
               GError  **error)
{
  g_autofree char *tag = g_strdup_printf ("R%u", number);
  g_autofree char *command = g_strdup_printf ("%s LIST \"\" \"*\"\r\n", tag);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  gint64 start = g_get_monotonic_time ();

  if (!send_all (easy, command, error) ||
      !receive_until_tagged (easy, tag, buffer, error))
    return NULL;

  *ms = ms_since (start);
  return g_steal_pointer (&buffer);
}

/* ------------------------------------------------------------ (b) reading */

typedef struct {
  double parse_ms;
  double tree_ms;
  double decode_ms;
  guint  n_folders;
  guint  n_problems;
  guint  n_flat;
  guint  max_depth;
  guint  n_undecoded;
} Reading;

static void
read_once (GByteArray *answer,
           Reading    *reading)
{
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(GListModel) flat = NULL;
  gint64 start;

  start = g_get_monotonic_time ();
  folders = bms_imap_list_parse ((const char *) answer->data, answer->len, &problems);
  reading->parse_ms = ms_since (start);

  start = g_get_monotonic_time ();
  tree = bms_folder_node_build_tree (folders);
  flat = bms_folder_node_flatten (tree);
  reading->tree_ms = ms_since (start);

  /* The decoding alone, for the table: bms_folder_new() already did it
   * as part of the parse above, so it is not added to (b). */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < folders->len; i++)
    g_free (bms_mutf7_decode (bms_folder_get_wire_name (folders->pdata[i]), NULL));
  reading->decode_ms = ms_since (start);

  reading->n_folders = folders->len;
  reading->n_problems = problems->len;
  reading->n_flat = g_list_model_get_n_items (flat);
  reading->max_depth = 0;
  reading->n_undecoded = 0;
  for (guint i = 0; i < folders->len; i++)
    {
      reading->max_depth = MAX (reading->max_depth, bms_folder_get_depth (folders->pdata[i]));
      if (!bms_folder_get_name_is_valid (folders->pdata[i]))
        reading->n_undecoded++;
    }
}

/* ------------------------------------------------------------ (c) engine */

typedef struct {
  gboolean   done;
  gint64     done_at;
  GPtrArray *folders;
  GError    *error;
} Listed;

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Listed *listed = user_data;

  listed->done_at = g_get_monotonic_time ();
  listed->folders = bms_imap_list_folders_finish (result, NULL, &listed->error);
  listed->done = TRUE;
}

static gboolean
engine_once (const BmsServer  *server,
             double           *ms,
             guint            *n_folders,
             GError          **error)
{
  Listed listed = { FALSE, 0, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  bms_imap_list_folders_async (server, PASSWORD, NULL, listed_cb, &listed);
  while (!listed.done)
    g_main_context_iteration (NULL, TRUE);

  if (listed.folders == NULL)
    {
      g_propagate_error (error, listed.error);
      return FALSE;
    }

  *ms = (listed.done_at - start) / 1000.0;
  *n_folders = listed.folders->len;
  g_ptr_array_unref (listed.folders);
  return TRUE;
}

/* ------------------------------------------------------------ replay */

/* (b) alone, on an answer kept by --dump: no servers, no transfer, so
 * that a profiler sees nothing but the reading. */
static int
replay (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GArray) parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tree = g_array_new (FALSE, FALSE, sizeof (double));
  char *contents = NULL;
  gsize length = 0;
  Reading reading = { 0, };

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("replay: %s\n", error->message);
      return 2;
    }
  answer = g_byte_array_new_take ((guint8 *) contents, length);

  for (guint round = 0; round < option_rounds; round++)
    {
      read_once (answer, &reading);
      g_array_append_val (parse, reading.parse_ms);
      g_array_append_val (tree, reading.tree_ms);
    }

  g_print ("%s: %u bytes, %u folders, %u lines skipped, %u tree rows\n",
           path, answer->len, reading.n_folders, reading.n_problems, reading.n_flat);
  g_print ("medians of %u readings (ms): parse %.2f, tree build + flatten %.2f, together %.2f\n",
           option_rounds, median (parse), median (tree), median (parse) + median (tree));
  return 0;
}

/* ------------------------------------------------------------ main */

static int
fail (const char *what,
      GError     *error)
{
  g_printerr ("%s: %s\n", what, error != NULL ? error->message : "failed");
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &option_rounds, "Measured rounds (7)", "N" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &option_strict, "Exit 1 on a MISS", NULL },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &option_dump,
      "Write the LIST answer to FILE (for profiling the reading alone)", "FILE" },
    { "replay", 0, 0, G_OPTION_ARG_FILENAME, &option_replay,
      "Time only the reading of an answer written by --dump, without servers", "FILE" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- reading 10,000 folders against their transfer");
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsTestServers) servers = NULL;
  g_autoptr(GPtrArray) names = make_names ();
  g_autoptr(BmsServer) server = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GArray) transfer = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reading = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tree = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) decode = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) engine = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_list = g_array_new (FALSE, FALSE, sizeof (double));
  Reading last = { 0, };
  guint engine_folders = 0;
  double ratio;
  gint64 start;
  CURL *easy;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("options", error);
  option_rounds = MAX (option_rounds, 1);
  if (option_replay != NULL)
    return replay (option_replay);

  start = g_get_monotonic_time ();
  servers = bms_test_servers_start (&error);
  if (servers == NULL)
    return fail ("Cannot start the test servers", error);
  g_print ("test servers started in %.0f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  if (!create_folders (servers, names, &error))
    return fail ("Cannot create the folders", error);
  g_print ("created %u folders for %s (up to %d levels) in %.0f ms (not measured)\n",
           names->len, USER, MAX_DEPTH, ms_since (start));

  server = bms_server_new ("localhost", bms_test_servers_get_port (servers, "imaps_port"),
                           BMS_SECURITY_SSL_TLS, USER);
  server->ca_file = g_strdup (bms_test_servers_get_ca_file (servers));
  /* Dovecot's first LIST after the creation builds its index: seconds. */
  server->command_timeout_ms = 120000;

  easy = connect_raw (server, &error);
  if (easy == NULL)
    return fail ("Cannot log in", error);

  /* Untimed: Dovecot builds its list index, and every cache warms up. */
  {
    double ms;

    start = g_get_monotonic_time ();
    answer = transfer_once (easy, 0, &ms, &error);
    if (answer == NULL)
      return fail ("LIST", error);
    g_print ("first LIST (Dovecot builds its index; not measured): %.0f ms, %u bytes\n\n",
             ms, answer->len);
    read_once (answer, &last);
    g_clear_pointer (&answer, g_byte_array_unref);
  }

  g_print ("%5s %13s %10s %10s %10s %10s %8s\n", "round", "(a) transfer", "(b) read", "parse",
           "tree", "(decode)", "b/a");
  for (guint round = 1; round <= option_rounds; round++)
    {
      double transfer_ms;
      double reading_ms;

      g_clear_pointer (&answer, g_byte_array_unref);
      answer = transfer_once (easy, round, &transfer_ms, &error);
      if (answer == NULL)
        return fail ("LIST", error);

      read_once (answer, &last);
      reading_ms = last.parse_ms + last.tree_ms;

      g_array_append_val (transfer, transfer_ms);
      g_array_append_val (reading, reading_ms);
      g_array_append_val (parse, last.parse_ms);
      g_array_append_val (tree, last.tree_ms);
      g_array_append_val (decode, last.decode_ms);
      g_print ("%5u %13.1f %10.1f %10.1f %10.1f %10.1f %8.3f\n", round, transfer_ms, reading_ms,
               last.parse_ms, last.tree_ms, last.decode_ms, reading_ms / transfer_ms);
    }

  send_all (easy, "R999 LOGOUT\r\n", NULL);
  bms_curl_easy_free (easy);

  if (option_dump != NULL &&
      !g_file_set_contents (option_dump, (const char *) answer->data, answer->len, &error))
    return fail ("dump", error);

  /* (d), for information: the server's part of (c). */
  for (guint round = 0; round < MAX (option_rounds / 2, 3); round++)
    {
      g_autoptr(GByteArray) fresh_answer = NULL;
      CURL *fresh = connect_raw (server, &error);
      double ms;

      if (fresh == NULL)
        return fail ("Cannot log in", error);
      fresh_answer = transfer_once (fresh, 1000 + round, &ms, &error);
      bms_curl_easy_free (fresh);
      if (fresh_answer == NULL)
        return fail ("LIST", error);
      g_array_append_val (first_list, ms);
    }

  /* (c), for information: what the wizard waits for, start to callback. */
  for (guint round = 0; round < MAX (option_rounds / 2, 3); round++)
    {
      double ms;

      if (!engine_once (server, &ms, &engine_folders, &error))
        return fail ("bms_imap_list_folders_async", error);
      g_array_append_val (engine, ms);
    }

  g_print ("\nanswer: %u bytes, %u folders (%u created), depth up to %u, %u names not decodable, "
           "%u lines skipped, %u tree rows\n",
           answer->len, last.n_folders, names->len, last.max_depth, last.n_undecoded,
           last.n_problems, last.n_flat);
  g_print ("medians of %u rounds (ms):\n", option_rounds);
  g_print ("%-50s %8.1f\n", "  (a) raw LIST transfer (IMAPS, logged in):", median (transfer));
  g_print ("%-50s %8.1f\n", "  (b) parse + decode + tree build:", median (reading));
  g_print ("%-50s %8.1f\n", "        parse (framing, parser, BmsFolder+decode)", median (parse));
  g_print ("%-50s %8.1f\n", "        tree build + flatten", median (tree));
  g_print ("%-50s %8.1f\n", "        (mUTF-7 decode alone, inside the parse)", median (decode));
  g_print ("%-50s %8.1f  (%u rounds, %u folders)\n",
           "  (c) bms_imap_list_folders_async, start to end:", median (engine), engine->len, engine_folders);
  g_print ("%-50s %8.1f  (%u rounds)\n",
           "  (d) raw LIST as a new connection's first command:", median (first_list), first_list->len);

  ratio = median (reading) / median (transfer);
  g_print ("folder reading / LIST transfer: %.3f× (goal < %.1f×): %s\n",
           ratio, GOAL_RATIO, ratio < GOAL_RATIO ? "PASS" : "MISS");

  if (last.n_folders < names->len || last.max_depth < MAX_DEPTH)
    {
      g_printerr ("the answer did not hold every folder created\n");
      return 1;
    }

  return option_strict && ratio >= GOAL_RATIO ? 1 : 0;
}
