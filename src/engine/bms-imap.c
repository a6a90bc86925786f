/* bms-imap.c: the IMAP half of the mail test.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-curl.h"
#include "bms-imap.h"
#include "bms-imap-list.h"
#include "bms-imap-session.h"
#include "bms-secret.h"

/* How often the filing looks for the server's copy while it waits for it,
 * on a server without IDLE: short, as the wait ends at the first look
 * that finds it. */
#define POLL_INTERVAL_MS 100

/* What the SMTP side tells a running filing. */
struct _BmsImapFiling
{
  GMutex    mutex;
  GCond     told_cond;
  gboolean  told;
  gboolean  sent;
  gboolean  server_files_copy;
  gint64    told_at;            /* monotonic, µs */
};


typedef struct {
  gboolean      logged_in;
  gboolean      is_gmail;
  gboolean      ran;            /* the message was sent, so the filing ran */
  BmsImapFiled  filed;
  guint         n_copies;
} FileResult;

/* A copy of everything an operation needs, owned by its task. */
typedef struct {
  BmsServer      *server;
  char           *password;
  char           *folder;
  GBytes         *message;
  char           *message_id;
  guint           search_wait_ms;
  guint           late_copy_grace_ms;
  BmsTranscript  *transcript;
  BmsImapFiling  *filing;
  BmsImapLoggedInFunc logged_in_func;
  gpointer        logged_in_data;
  GDestroyNotify  logged_in_destroy;
  FileResult      outcome;      /* of a filing, set by its worker */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  bms_server_free (request->server);
  bms_secret_free (request->password);
  g_free (request->folder);
  g_clear_pointer (&request->message, g_bytes_unref);
  g_free (request->message_id);
  g_clear_object (&request->transcript);
  g_clear_pointer (&request->filing, bms_imap_filing_unref);
  if (request->logged_in_destroy != NULL)
    request->logged_in_destroy (request->logged_in_data);
  g_free (request);
}

static GTask *
start_task (const BmsServer *server,
            const char      *password,
            GCancellable    *cancellable,
            gpointer         source_tag,
            Request        **request_out,
            GAsyncReadyCallback callback,
            gpointer         user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->server = bms_server_copy (server);
  request->password = g_strdup (password);
  request->transcript = bms_transcript_new ();
  g_task_set_task_data (task, request, request_free);

  if (request_out != NULL)
    *request_out = request;
  return task;
}

static void
take_transcript (GAsyncResult   *result,
                 BmsTranscript **transcript)
{
  Request *request = g_task_get_task_data (G_TASK (result));

  if (transcript != NULL)
    *transcript = g_object_ref (request->transcript);
}

/* Failures after a cancel are the cancel. */
static void
return_error (GTask  *task,
              GError *error)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_cancellable_is_cancelled (cancellable) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           bms_problem_get_summary (BMS_PROBLEM_CANCELLED));
    }

  g_task_return_error (task, error);
}

/* ------------------------------------------------------------ login */

static void
check_login_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Request *request = task_data;
  BmsImapSession *session;
  GError *error = NULL;
  gboolean is_gmail;

  session = bms_imap_session_connect (request->server, request->password,
                                      request->transcript, cancellable, &error);
  if (session == NULL)
    {
      return_error (task, error);
      return;
    }

  is_gmail = bms_imap_session_has_capability (session, "X-GM-EXT-1")
             || bms_transcript_says_gmail (request->transcript);
  bms_imap_session_close (session);
  g_task_return_int (task, is_gmail);
}

void
bms_imap_check_login_async (const BmsServer     *server,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = start_task (server, password, cancellable, bms_imap_check_login_async,
                     NULL, callback, user_data);
  g_task_run_in_thread (task, check_login_worker);
}

gboolean
bms_imap_check_login_finish (GAsyncResult   *result,
                             gboolean       *is_gmail,
                             BmsTranscript **transcript,
                             GError        **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_imap_check_login_async), FALSE);

  take_transcript (result, transcript);
  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;

  if (is_gmail != NULL)
    *is_gmail = value != 0;
  return TRUE;
}

/* ------------------------------------------------------------ folders */

typedef struct {
  GPtrArray     *folders;
  GPtrArray     *problems;
} Listing;

static void
collect_folder_cb (const char *response,
                   gsize       length,
                   gpointer    user_data)
{
  Listing *listing = user_data;
  g_autoptr(BmsFolder) folder = NULL;
  char *problem = NULL;

  switch (bms_imap_list_parse_response (response, length, &folder, &problem))
    {
    case BMS_IMAP_LIST_RESPONSE_FOLDER:
      /* An empty name only tells the delimiter; it is no folder. */
      if (*bms_folder_get_wire_name (folder) != '\0')
        g_ptr_array_add (listing->folders, g_steal_pointer (&folder));
      break;

    case BMS_IMAP_LIST_RESPONSE_MALFORMED:
      g_ptr_array_add (listing->problems, problem);
      break;

    case BMS_IMAP_LIST_RESPONSE_OTHER:
    default:
      break;
    }
}

static void
record_problems (BmsTranscript *transcript,
                 GPtrArray     *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      /* Translators: %s says why a line of the folder list was skipped. */
      g_autofree char *text = g_strdup_printf (_("A folder was left out: %s"),
                                               (char *) problems->pdata[i]);

      bms_transcript_add (transcript, BMS_TRANSCRIPT_INFO, text, NULL);
    }
}

static void
list_folders_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(BmsImapCommand) command = NULL;
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *status_text = NULL;
  Listing listing = { folders, problems };
  BmsImapSession *session;
  BmsImapStatus status;
  GError *error = NULL;

  session = bms_imap_session_connect (request->server, request->password,
                                      request->transcript, cancellable, &error);
  if (session == NULL)
    {
      return_error (task, error);
      return;
    }

  command = bms_imap_command_new ("LIST");
  bms_imap_command_add_string (command, "");
  bms_imap_command_add_string (command, "*");
  if (bms_imap_session_run (session, command, collect_folder_cb, &listing,
                            &status, &status_text, &error) &&
      status != BMS_IMAP_STATUS_OK)
    bms_imap_session_set_refusal (&error, BMS_OPERATION_IMAP_LIST, status, status_text,
                                  BMS_PROBLEM_OTHER);

  record_problems (request->transcript, problems);
  bms_imap_session_close (session);

  if (error != NULL)
    return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&folders), (GDestroyNotify) g_ptr_array_unref);
}

void
bms_imap_list_folders_async (const BmsServer     *server,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = start_task (server, password, cancellable, bms_imap_list_folders_async,
                     NULL, callback, user_data);
  g_task_run_in_thread (task, list_folders_worker);
}

GPtrArray *
bms_imap_list_folders_finish (GAsyncResult   *result,
                              BmsTranscript **transcript,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_imap_list_folders_async), NULL);

  take_transcript (result, transcript);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------ filing */

static void
count_found_cb (const char *response,
                gsize       length,
                gpointer    user_data)
{
  guint *n_found = user_data;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;

  if (length < 9 || g_ascii_strncasecmp (response, "* SEARCH", 8) != 0 ||
      (response[8] != ' ' && response[8] != '\r' && response[8] != '\n'))
    return;

  line = g_strndup (response + 8, length - 8);
  words = g_strsplit_set (g_strstrip (line), " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        (*n_found)++;
    }
}

static gboolean
run_checked (BmsImapSession       *session,
             BmsImapCommand       *command,
             BmsImapUntaggedFunc   untagged_func,
             gpointer              user_data,
             BmsProblem            refused_problem,
             GError              **error)
{
  g_autofree char *status_text = NULL;
  BmsImapStatus status;

  if (!bms_imap_session_run (session, command, untagged_func, user_data,
                             &status, &status_text, error))
    return FALSE;

  if (status != BMS_IMAP_STATUS_OK)
    {
      bms_imap_session_set_refusal (error, BMS_OPERATION_IMAP_FILE, status, status_text,
                                    refused_problem);
      return FALSE;
    }

  return TRUE;
}

/* Read-only: the test needs no flag changed and no message marked read. */
static gboolean
examine_folder (BmsImapSession  *session,
                const char      *folder,
                GError         **error)
{
  g_autoptr(BmsImapCommand) command = bms_imap_command_new ("EXAMINE");

  bms_imap_command_add_string (command, folder);
  return run_checked (session, command, NULL, NULL, BMS_PROBLEM_FOLDER_NOT_FOUND, error);
}

static gboolean
count_copies (BmsImapSession  *session,
              const char      *message_id,
              guint           *n_found,
              GError         **error)
{
  g_autoptr(BmsImapCommand) noop = bms_imap_command_new ("NOOP");
  g_autoptr(BmsImapCommand) search = bms_imap_command_new ("SEARCH");

  bms_imap_command_add_atom (search, "HEADER");
  bms_imap_command_add_string (search, "Message-ID");
  bms_imap_command_add_string (search, message_id);

  /* NOOP first: the server tells of messages that arrived meanwhile. */
  *n_found = 0;
  return run_checked (session, noop, NULL, NULL, BMS_PROBLEM_PROTOCOL_ERROR, error) &&
         run_checked (session, search, count_found_cb, n_found, BMS_PROBLEM_PROTOCOL_ERROR, error);
}

static gboolean
sleep_cancellable (guint          ms,
                   GCancellable  *cancellable,
                   GError       **error)
{
  GPollFD fd;

  if (g_cancellable_make_pollfd (cancellable, &fd))
    {
      g_poll (&fd, 1, ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) ms * 1000);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static guint
ms_until (gint64 deadline)
{
  gint64 left = (deadline - g_get_monotonic_time () + 999) / 1000;

  return (guint) CLAMP (left, 0, G_MAXUINT);
}

/* Waits until @deadline or until a message comes into the folder: woken by
 * IDLE where the server offers it, else after a short pause. */
static gboolean
wait_for_arrival (BmsImapSession  *session,
                  gint64           deadline,
                  GCancellable    *cancellable,
                  GError         **error)
{
  guint left_ms = ms_until (deadline);
  gboolean woken = FALSE;

  if (left_ms == 0)
    return TRUE;
  if (bms_imap_session_has_capability (session, "IDLE"))
    return bms_imap_session_idle (session, left_ms, &woken, error);

  return sleep_cancellable (MIN (left_ms, POLL_INTERVAL_MS), cancellable, error);
}

/* Looks for the server's own copy until it is there or @deadline passed. */
static gboolean
wait_for_copies (BmsImapSession  *session,
                 Request         *request,
                 gint64           deadline,
                 GCancellable    *cancellable,
                 guint           *n_found,
                 GError         **error)
{
  for (;;)
    {
      if (!count_copies (session, request->message_id, n_found, error))
        return FALSE;

      if (*n_found > 0 || g_get_monotonic_time () >= deadline)
        return TRUE;

      if (!wait_for_arrival (session, deadline, cancellable, error))
        return FALSE;
    }
}

static gboolean
append_message (BmsImapSession  *session,
                Request         *request,
                GError         **error)
{
  g_autoptr(BmsImapCommand) command = bms_imap_command_new ("APPEND");

  bms_imap_command_add_string (command, request->folder);
  bms_imap_command_add_atom (command, "(\\Seen)");
  bms_imap_command_add_literal (command, request->message);
  return run_checked (session, command, NULL, NULL, BMS_PROBLEM_MESSAGE_REFUSED, error);
}

static void
filing_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  BmsImapFiling *filing = user_data;

  g_mutex_lock (&filing->mutex);
  g_cond_broadcast (&filing->told_cond);
  g_mutex_unlock (&filing->mutex);
}

/* Waits for the SMTP side to tell whether the message was sent. */
static gboolean
wait_until_told (BmsImapFiling  *filing,
                 GCancellable   *cancellable,
                 GError        **error)
{
  gulong handler = 0;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (filing_cancelled_cb), filing, NULL);

  g_mutex_lock (&filing->mutex);
  while (!filing->told && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&filing->told_cond, &filing->mutex);
  g_mutex_unlock (&filing->mutex);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The rule, as bms-imap.h states it: a server known to file sent mail
 * itself is given until @search_wait_ms after the send for its copy; any
 * other is looked at once, given the message at once when the copy is not
 * there, and looked at once more at the end of the grace, so that a copy
 * filed late is reported rather than hidden. */
static gboolean
file_message (BmsImapSession  *session,
              Request         *request,
              GCancellable    *cancellable,
              FileResult      *result,
              GError         **error)
{
  BmsImapFiling *filing = request->filing;
  gboolean expect_copy;

  /* Before the message is sent: a missing folder is known at once, and the
   * folder is open when the server files the copy. */
  if (!examine_folder (session, request->folder, error) ||
      !wait_until_told (filing, cancellable, error))
    return FALSE;

  if (!filing->sent)
    return TRUE;
  result->ran = TRUE;

  expect_copy = filing->server_files_copy || result->is_gmail;
  if (!wait_for_copies (session, request,
                        filing->told_at + (expect_copy ? (gint64) request->search_wait_ms * 1000 : 0),
                        cancellable, &result->n_copies, error))
    return FALSE;

  if (result->n_copies > 0)
    {
      result->filed = result->n_copies == 1 ? BMS_IMAP_FILED_ALREADY : BMS_IMAP_FILED_DUPLICATES;
      return TRUE;
    }

  if (!append_message (session, request, error) ||
      !count_copies (session, request->message_id, &result->n_copies, error))
    return FALSE;

  /* The last look before LOGOUT, for a copy the server filed late. */
  if (!expect_copy && request->late_copy_grace_ms > 0)
    {
      guint before = result->n_copies;

      if (!wait_for_arrival (session, filing->told_at + (gint64) request->late_copy_grace_ms * 1000,
                             cancellable, error) ||
          !count_copies (session, request->message_id, &result->n_copies, error))
        return FALSE;
      result->n_copies = MAX (result->n_copies, before);
    }

  /* Saved, yet not found by its Message-ID: the server did not keep what
   * it was given, or cannot search it. */
  if (result->n_copies == 0)
    {
      bms_set_problem (error, BMS_PROBLEM_OTHER);
      return FALSE;
    }

  result->filed = result->n_copies == 1 ? BMS_IMAP_FILED_APPENDED : BMS_IMAP_FILED_DUPLICATES;
  return TRUE;
}

typedef struct {
  GTask        *task;
  Request      *request;
  gboolean      ok;
  gboolean      is_gmail;
  GError       *error;
} LoggedIn;

static gboolean
report_logged_in_cb (gpointer user_data)
{
  LoggedIn *report = user_data;

  report->request->logged_in_func (report->ok, report->error, report->is_gmail,
                                   report->request->transcript, report->request->logged_in_data);
  return G_SOURCE_REMOVE;
}

static void
logged_in_free (gpointer user_data)
{
  LoggedIn *report = user_data;

  g_clear_error (&report->error);
  g_object_unref (report->task);
  g_free (report);
}

/* Tells the caller, in its main context, how the login went. */
static void
report_logged_in (GTask        *task,
                  Request      *request,
                  gboolean      ok,
                  gboolean      is_gmail,
                  const GError *error)
{
  LoggedIn *report;

  if (request->logged_in_func == NULL)
    return;

  report = g_new0 (LoggedIn, 1);
  report->task = g_object_ref (task);
  report->request = request;
  report->ok = ok;
  report->is_gmail = is_gmail;
  report->error = error != NULL ? g_error_copy (error) : NULL;
  g_main_context_invoke_full (g_task_get_context (task), g_task_get_priority (task),
                              report_logged_in_cb, report, logged_in_free);
}

static void
file_message_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Request *request = task_data;
  FileResult *result = &request->outcome;
  BmsImapSession *session;
  GError *error = NULL;

  session = bms_imap_session_connect (request->server, request->password,
                                      request->transcript, cancellable, &error);
  /* Used: the session keeps its own copy, only to keep it out of the
   * transcript, and wipes it when it closes. */
  bms_secret_wipe (request->password);
  result->logged_in = session != NULL;
  result->is_gmail = (session != NULL && bms_imap_session_has_capability (session, "X-GM-EXT-1"))
                     || bms_transcript_says_gmail (request->transcript);
  report_logged_in (task, request, result->logged_in, result->is_gmail, error);

  if (session != NULL)
    {
      file_message (session, request, cancellable, result, &error);
      bms_imap_session_close (session);
    }

  if (error != NULL)
    return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* What is sent as a search string must be one line; anything else is a
 * caller's mistake or an attack through the message's own header. */
static gboolean
is_valid_message_id (const char *message_id)
{
  if (message_id == NULL || *message_id == '\0')
    return FALSE;

  for (const char *p = message_id; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return FALSE;
    }

  return TRUE;
}

BmsImapFiling *
bms_imap_login_and_file_async (const BmsServer     *server,
                               const char          *password,
                               const char          *folder_wire_name,
                               GBytes              *message,
                               const char          *message_id,
                               guint                search_wait_ms,
                               guint                late_copy_grace_ms,
                               BmsImapLoggedInFunc  logged_in_func,
                               gpointer             logged_in_data,
                               GDestroyNotify       logged_in_destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request = NULL;
  BmsImapFiling *filing;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (folder_wire_name != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  filing = g_atomic_rc_box_new0 (BmsImapFiling);
  g_mutex_init (&filing->mutex);
  g_cond_init (&filing->told_cond);

  task = start_task (server, password, cancellable, bms_imap_login_and_file_async,
                     &request, callback, user_data);
  request->folder = g_strdup (folder_wire_name);
  request->message = g_bytes_ref (message);
  request->message_id = g_strdup (message_id);
  request->search_wait_ms = search_wait_ms;
  request->late_copy_grace_ms = late_copy_grace_ms;
  request->filing = g_atomic_rc_box_acquire (filing);
  request->logged_in_func = logged_in_func;
  request->logged_in_data = logged_in_data;
  request->logged_in_destroy = logged_in_destroy;

  if (!is_valid_message_id (message_id) || *folder_wire_name == '\0')
    g_task_return_new_error (task, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT, "%s",
                             bms_problem_get_summary (BMS_PROBLEM_INVALID_INPUT));
  else
    g_task_run_in_thread (task, file_message_worker);

  return filing;
}

void
bms_imap_filing_tell_sent (BmsImapFiling *filing,
                           gboolean       sent,
                           gboolean       server_files_copy)
{
  g_return_if_fail (filing != NULL);

  g_mutex_lock (&filing->mutex);
  if (!filing->told)
    {
      filing->told = TRUE;
      filing->sent = sent;
      filing->server_files_copy = server_files_copy;
      filing->told_at = g_get_monotonic_time ();
      g_cond_broadcast (&filing->told_cond);
    }
  g_mutex_unlock (&filing->mutex);
}

static void
filing_clear (gpointer data)
{
  BmsImapFiling *filing = data;

  g_mutex_clear (&filing->mutex);
  g_cond_clear (&filing->told_cond);
}

void
bms_imap_filing_unref (BmsImapFiling *filing)
{
  g_atomic_rc_box_release_full (filing, filing_clear);
}

gboolean
bms_imap_login_and_file_finish (GAsyncResult   *result,
                                gboolean       *logged_in,
                                gboolean       *is_gmail,
                                gboolean       *ran,
                                BmsImapFiled   *filed,
                                guint          *n_copies,
                                BmsTranscript **transcript,
                                GError        **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_imap_login_and_file_async), FALSE);

  request = g_task_get_task_data (G_TASK (result));
  take_transcript (result, transcript);
  if (logged_in != NULL)
    *logged_in = request->outcome.logged_in;
  if (is_gmail != NULL)
    *is_gmail = request->outcome.is_gmail;
  if (ran != NULL)
    *ran = request->outcome.ran;
  if (filed != NULL)
    *filed = request->outcome.filed;
  if (n_copies != NULL)
    *n_copies = request->outcome.n_copies;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The filing on its own, for a message that was sent already. */
void
bms_imap_file_message_async (const BmsServer     *server,
                             const char          *password,
                             const char          *folder_wire_name,
                             GBytes              *message,
                             const char          *message_id,
                             guint                search_wait_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  BmsImapFiling *filing;

  filing = bms_imap_login_and_file_async (server, password, folder_wire_name, message, message_id,
                                          search_wait_ms, 0, NULL, NULL, NULL,
                                          cancellable, callback, user_data);
  if (filing == NULL)
    return;
  bms_imap_filing_tell_sent (filing, TRUE, search_wait_ms > 0);
  bms_imap_filing_unref (filing);
}

gboolean
bms_imap_file_message_finish (GAsyncResult   *result,
                              BmsImapFiled   *filed,
                              guint          *n_copies,
                              BmsTranscript **transcript,
                              GError        **error)
{
  return bms_imap_login_and_file_finish (result, NULL, NULL, NULL, filed, n_copies, transcript, error);
}
