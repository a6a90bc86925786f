/* bms-smtp.c: check an SMTP login, send a message, on one connection.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libcurl makes the connection (CURLOPT_CONNECT_ONLY, without credentials):
 * it greets, says EHLO, does STARTTLS and the certificate checks, says EHLO
 * again, and stops. From there this module leads the conversation itself:
 * AUTH, then MAIL FROM, RCPT TO and DATA on the same connection, then QUIT.
 * Leading it is what lets every refusal end politely: after a refused AUTH,
 * MAIL, RCPT or DATA, and when STARTTLS is not offered, the server still
 * gets its QUIT and its answer is read (bounded by QUIT_TIMEOUT_MS). Only a
 * connection that is already broken (timeout, TLS failure, cancel) is
 * closed without one, as there is nobody left to say it to.
 *
 * A server that offers no AUTH is not a success: the login is what is
 * being checked. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bms-curl.h"
#include "bms-secret.h"
#include "bms-smtp.h"

/* A goodbye is a courtesy: a server slow to answer it is not waited for long. */
#define QUIT_TIMEOUT_MS 1000
/* No reply of the conversation comes near this; more is a broken server. */
#define MAX_REPLY (64 * 1024)

typedef struct {
  BmsServer          *server;
  char               *password;
  BmsTranscript      *transcript;
  GBytes             *message;      /* NULL: only the login is checked */
  char               *from;
  GStrv               recipients;
  BmsSmtpStepFunc     step_func;
  gpointer            step_data;
  GDestroyNotify      step_destroy;
  gboolean            logged_in;
  gboolean            says_gmail;
} SmtpData;

/* One connection, from the end of libcurl's part to QUIT. */
typedef struct {
  CURL          *easy;
  BmsTranscript *transcript;
  const char    *password;
  guint          timeout_ms;
  GCancellable  *cancellable;
  GByteArray    *buffer;
  gboolean       in_step;       /* every command so far got its whole reply */
} Conversation;

static void
smtp_data_free (gpointer data)
{
  SmtpData *self = data;

  bms_server_free (self->server);
  bms_secret_clear (&self->password);
  g_clear_object (&self->transcript);
  g_clear_pointer (&self->message, g_bytes_unref);
  g_free (self->from);
  g_strfreev (self->recipients);
  if (self->step_destroy != NULL)
    self->step_destroy (self->step_data);
  g_free (self);
}

static GTask *
smtp_task_new (const BmsServer     *server,
               const char          *password,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SmtpData *data = g_new0 (SmtpData, 1);

  data->server = bms_server_copy (server);
  data->password = g_strdup (password);
  data->transcript = bms_transcript_new ();
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, smtp_data_free);

  return task;
}

static gboolean
smtp_task_finish (GAsyncResult   *result,
                  gpointer        source_tag,
                  BmsTranscript **transcript,
                  GError        **error)
{
  SmtpData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (transcript != NULL)
    *transcript = g_object_ref (data->transcript);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------ talking */

static gboolean
fail (Conversation  *self,
      GError       **error,
      BmsProblem     problem)
{
  self->in_step = FALSE;
  if (!g_cancellable_set_error_if_cancelled (self->cancellable, error))
    bms_set_problem (error, problem);
  return FALSE;
}

static gboolean
send_text (Conversation  *self,
           const char    *data,
           gsize          length,
           GError       **error)
{
  if (!bms_curl_send_all (self->easy, data, length, self->timeout_ms, self->cancellable, error))
    {
      self->in_step = FALSE;
      return FALSE;
    }
  return TRUE;
}

/* Reads one line, without its CRLF, into a new string. */
static char *
read_line (Conversation  *self,
           GError       **error)
{
  for (;;)
    {
      guint8 *end = self->buffer->len > 0 ? memchr (self->buffer->data, '\n', self->buffer->len)
                                          : NULL;

      if (end != NULL)
        {
          gsize length = end - self->buffer->data + 1;
          char *line = g_strndup ((const char *) self->buffer->data, length);

          g_byte_array_remove_range (self->buffer, 0, length);
          return g_strchomp (line);
        }

      if (self->buffer->len > MAX_REPLY)
        {
          fail (self, error, BMS_PROBLEM_PROTOCOL_ERROR);
          return NULL;
        }

      if (!bms_curl_receive (self->easy, self->buffer, self->timeout_ms, self->cancellable, error))
        {
          self->in_step = FALSE;
          return NULL;
        }
    }
}

static gboolean
is_reply_line (const char *line)
{
  return g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2])
         && (line[3] == ' ' || line[3] == '-' || line[3] == '\0');
}

/* Reads a whole reply, multi-line ones included; gives its code and, when
 * asked, all its lines joined by "\n" for the diagnosis. */
static gboolean
read_reply (Conversation  *self,
            int           *code,
            char         **text,
            GError       **error)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *line = read_line (self, error);

      if (line == NULL)
        return FALSE;

      bms_transcript_add (self->transcript, BMS_TRANSCRIPT_SERVER, line, self->password);
      if (!is_reply_line (line))
        return fail (self, error, BMS_PROBLEM_PROTOCOL_ERROR);

      if (all->len > 0)
        g_string_append_c (all, '\n');
      g_string_append (all, line);

      if (line[3] != '-')
        {
          *code = atoi (line);
          if (text != NULL)
            *text = g_strdup (all->str);
          return TRUE;
        }
    }
}

/* Sends one command line and reads its reply. The transcript keeps the
 * line as bms_transcript_add() cleans it: AUTH and its answers masked. */
static gboolean
command (Conversation  *self,
         const char    *line,
         int           *code,
         char         **text,
         GError       **error)
{
  g_autofree char *wire = g_strconcat (line, "\r\n", NULL);
  gboolean ok;

  bms_transcript_add (self->transcript, BMS_TRANSCRIPT_CLIENT, line, self->password);
  ok = send_text (self, wire, strlen (wire), error) && read_reply (self, code, text, error);
  bms_secret_wipe (wire);

  return ok;
}

/* Says QUIT and reads the answer, while the conversation is in step; a
 * server that does not answer in time is left. */
static void
say_quit (Conversation *self)
{
  g_autoptr(GError) error = NULL;
  int code = 0;

  if (!self->in_step || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->timeout_ms = MIN (self->timeout_ms, QUIT_TIMEOUT_MS);
  command (self, "QUIT", &code, NULL, &error);
}

/* The server's refusal of a command, diagnosed for @operation. */
static gboolean
refuse (Conversation  *self,
        BmsOperation   operation,
        int            curl_code,
        const char    *reply,
        GError       **error)
{
  if (!g_cancellable_set_error_if_cancelled (self->cancellable, error))
    bms_set_problem (error, bms_diagnose_detail (operation, curl_code, reply, NULL));
  return FALSE;
}

/* ------------------------------------------------------------ login */

/* The EHLO lines that libcurl read, from the last EHLO on: after STARTTLS
 * the server may offer more (Gmail offers AUTH only then). */
static GStrv
dup_extensions (BmsTranscript *transcript)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = bms_transcript_get_n_lines (transcript);
  guint start = 0;

  for (guint i = 0; i < n; i++)
    if (bms_transcript_get_kind (transcript, i) == BMS_TRANSCRIPT_CLIENT
        && g_ascii_strncasecmp (bms_transcript_get_line (transcript, i), "EHLO ", 5) == 0)
      start = i + 1;

  for (guint i = start; i < n; i++)
    {
      const char *line = bms_transcript_get_line (transcript, i);

      if (bms_transcript_get_kind (transcript, i) == BMS_TRANSCRIPT_SERVER
          && g_str_has_prefix (line, "250") && strlen (line) > 4)
        g_strv_builder_add (builder, line + 4);
    }

  return g_strv_builder_end (builder);
}

static gboolean
offers (const char * const *extensions,
        const char         *keyword,
        const char         *mechanism)
{
  for (guint i = 0; extensions[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (extensions[i], " ", -1);

      if (g_ascii_strcasecmp (words[0], keyword) != 0)
        continue;
      if (mechanism == NULL)
        return TRUE;
      for (guint j = 1; words[j] != NULL; j++)
        if (g_ascii_strcasecmp (words[j], mechanism) == 0)
          return TRUE;
    }

  return FALSE;
}

static char *
base64_of (const char *text,
           gsize       length)
{
  return g_base64_encode ((const guchar *) text, length);
}

/* AUTH PLAIN with the credentials at once; AUTH LOGIN where PLAIN is not
 * offered. The secrets are wiped from memory as soon as they are sent. */
static gboolean
authenticate (Conversation     *self,
              const BmsServer  *server,
              const char       *password,
              gboolean          use_plain,
              int              *code,
              char            **reply,
              GError          **error)
{
  const char *user = server->user != NULL ? server->user : "";
  gsize user_length = strlen (user);
  gsize password_length = strlen (password);
  gboolean ok;

  if (use_plain)
    {
      gsize length = user_length + password_length + 2;
      g_autofree char *blob = g_malloc0 (length);
      g_autofree char *encoded = NULL;
      g_autofree char *line = NULL;

      memcpy (blob + 1, user, user_length);
      memcpy (blob + user_length + 2, password, password_length);
      encoded = base64_of (blob, length);
      line = g_strconcat ("AUTH PLAIN ", encoded, NULL);
      ok = command (self, line, code, reply, error);
      explicit_bzero (blob, length);
      explicit_bzero (encoded, strlen (encoded));
      explicit_bzero (line, strlen (line));
      return ok;
    }
  else
    {
      g_autofree char *encoded_user = base64_of (user, user_length);
      g_autofree char *encoded_password = base64_of (password, password_length);
      const char *answers[] = { encoded_user, encoded_password };

      /* Each "334" asks for the next answer; anything else ends it. */
      ok = command (self, "AUTH LOGIN", code, reply, error);
      for (guint i = 0; ok && *code == 334 && i < G_N_ELEMENTS (answers); i++)
        {
          g_clear_pointer (reply, g_free);
          ok = command (self, answers[i], code, reply, error);
        }
      explicit_bzero (encoded_password, strlen (encoded_password));
      return ok;
    }
}

/* Connects (libcurl's part) and logs in (this module's). On failure the
 * conversation is closed or left in a state where say_quit() is right. */
static gboolean
log_in (Conversation     *self,
        const BmsServer  *server,
        const char       *password,
        GError          **error)
{
  g_auto(GStrv) extensions = NULL;
  g_autofree char *reply = NULL;
  CURLcode code;
  int reply_code = 0;

  code = bms_curl_connect (self->easy, self->cancellable);
  if (bms_curl_set_error (error, BMS_OPERATION_SMTP_LOGIN, code, self->transcript, self->cancellable))
    return FALSE;

  /* From here on libcurl would only remark on each send and receive. */
  curl_easy_setopt (self->easy, CURLOPT_VERBOSE, 0L);
  self->in_step = TRUE;

  /* Nothing secret has been sent yet, and nothing will be in plain text. */
  if (server->security == BMS_SECURITY_STARTTLS && !bms_curl_is_encrypted (self->easy))
    {
      bms_set_problem (error, BMS_PROBLEM_STARTTLS_NOT_OFFERED);
      return FALSE;
    }

  extensions = dup_extensions (self->transcript);
  if (!offers ((const char * const *) extensions, "AUTH", NULL))
    {
      /* Gmail's port 587 offers AUTH only after STARTTLS. */
      bms_set_problem (error, offers ((const char * const *) extensions, "STARTTLS", NULL)
                              ? BMS_PROBLEM_STARTTLS_REQUIRED
                              : BMS_PROBLEM_PROTOCOL_ERROR);
      return FALSE;
    }

  if (!authenticate (self, server, password,
                     offers ((const char * const *) extensions, "AUTH", "PLAIN")
                     || !offers ((const char * const *) extensions, "AUTH", "LOGIN"),
                     &reply_code, &reply, error))
    return FALSE;

  if (reply_code != 235)
    return refuse (self, BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED, reply, error);

  return TRUE;
}

/* ------------------------------------------------------------ sending */

/* The message as DATA carries it: lines starting with "." doubled, and the
 * end marker after a final line break. */
static GBytes *
dot_stuff (GBytes *message)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (message, &length);
  GByteArray *wire = g_byte_array_sized_new (length + 16);
  gboolean line_start = TRUE;

  for (gsize i = 0; i < length; i++)
    {
      if (line_start && data[i] == '.')
        g_byte_array_append (wire, (const guint8 *) ".", 1);
      g_byte_array_append (wire, (const guint8 *) &data[i], 1);
      line_start = data[i] == '\n';
    }

  if (!line_start)
    g_byte_array_append (wire, (const guint8 *) "\r\n", 2);
  g_byte_array_append (wire, (const guint8 *) ".\r\n", 3);

  return g_byte_array_free_to_bytes (wire);
}

static gboolean
send_message (Conversation  *self,
              SmtpData      *data,
              GError       **error)
{
  g_autofree char *mail_from = g_strdup_printf ("MAIL FROM:<%s>", data->from);
  g_autofree char *reply = NULL;
  g_autoptr(GBytes) wire = NULL;
  g_autofree char *note = NULL;
  int code = 0;

  if (!command (self, mail_from, &code, &reply, error))
    return FALSE;
  if (code != 250)
    return refuse (self, BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR, reply, error);

  for (guint i = 0; data->recipients[i] != NULL; i++)
    {
      g_autofree char *rcpt = g_strdup_printf ("RCPT TO:<%s>", data->recipients[i]);

      g_clear_pointer (&reply, g_free);
      if (!command (self, rcpt, &code, &reply, error))
        return FALSE;
      if (code != 250 && code != 251)
        return refuse (self, BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR, reply, error);
    }

  g_clear_pointer (&reply, g_free);
  if (!command (self, "DATA", &code, &reply, error))
    return FALSE;
  if (code != 354)
    return refuse (self, BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR, reply, error);

  /* The message itself is never recorded, only its size. */
  wire = dot_stuff (data->message);
  /* Translators: said in the transcript in place of the message itself;
   * %zu is its size. */
  note = g_strdup_printf (_("(the message, %zu bytes, not shown)"), g_bytes_get_size (data->message));
  bms_transcript_add (self->transcript, BMS_TRANSCRIPT_INFO, note, NULL);

  g_clear_pointer (&reply, g_free);
  if (!send_text (self, g_bytes_get_data (wire, NULL), g_bytes_get_size (wire), error) ||
      !read_reply (self, &code, &reply, error))
    return FALSE;
  if (code != 250)
    return refuse (self, BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR, reply, error);

  return TRUE;
}

/* ------------------------------------------------------------ the task */

typedef struct {
  GTask       *task;           /* keeps its data alive */
  SmtpData    *data;
  BmsSmtpStep  step;
  gboolean     ok;
  GError      *error;
} StepReport;

static gboolean
report_step_cb (gpointer user_data)
{
  StepReport *report = user_data;

  report->data->step_func (report->step, report->ok, report->error, report->data->transcript,
                           report->data->step_data);
  return G_SOURCE_REMOVE;
}

static void
step_report_free (gpointer user_data)
{
  StepReport *report = user_data;

  g_clear_error (&report->error);
  g_object_unref (report->task);
  g_free (report);
}

/* Tells the caller, in its own main context, how a step went. It is
 * dispatched before the task's return, which is queued after it at the
 * same priority. */
static void
report_step (GTask        *task,
             SmtpData     *data,
             BmsSmtpStep   step,
             gboolean      ok,
             const GError *error)
{
  StepReport *report;

  if (data->step_func == NULL)
    return;

  report = g_new0 (StepReport, 1);
  report->task = g_object_ref (task);
  report->data = data;
  report->step = step;
  report->ok = ok;
  report->error = error != NULL ? g_error_copy (error) : NULL;
  g_main_context_invoke_full (g_task_get_context (task), g_task_get_priority (task),
                              report_step_cb, report, step_report_free);
}

static void
smtp_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SmtpData *data = task_data;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  Conversation conversation = { NULL, data->transcript, data->password,
                                data->server->command_timeout_ms, cancellable, buffer, FALSE };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  conversation.easy = bms_curl_easy_new_connect_only (data->server, "smtp", data->password,
                                                      data->transcript, &error);
  if (conversation.easy == NULL)
    {
      report_step (task, data, BMS_SMTP_STEP_LOGIN, FALSE, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ok = log_in (&conversation, data->server, data->password, &error);
  data->logged_in = ok;
  data->says_gmail = bms_transcript_says_gmail (data->transcript);
  report_step (task, data, BMS_SMTP_STEP_LOGIN, ok, error);

  /* The send is told before QUIT: the IMAP side can look for the message
   * while this side says goodbye. */
  if (ok && data->message != NULL)
    {
      ok = send_message (&conversation, data, &error);
      report_step (task, data, BMS_SMTP_STEP_SEND, ok, error);
    }

  say_quit (&conversation);
  bms_curl_easy_free (conversation.easy);
  /* Kept until here only to keep it out of the transcript. */
  bms_secret_clear (&data->password);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
bms_smtp_check_login_async (const BmsServer     *server,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (password != NULL);

  task = smtp_task_new (server, password, cancellable, callback, user_data,
                        bms_smtp_check_login_async);
  g_task_run_in_thread (task, smtp_thread);
}

gboolean
bms_smtp_check_login_finish (GAsyncResult   *result,
                             BmsTranscript **transcript,
                             GError        **error)
{
  return smtp_task_finish (result, bms_smtp_check_login_async, transcript, error);
}

/* An envelope address must not break the command line it goes into. */
static gboolean
is_envelope_address (const char *address)
{
  if (address == NULL || *address == '\0')
    return FALSE;

  for (const char *p = address; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == ' ')
      return FALSE;

  return TRUE;
}

static gboolean
is_envelope (const char         *from,
             const char * const *recipients)
{
  if (!is_envelope_address (from) || recipients[0] == NULL)
    return FALSE;

  for (guint i = 0; recipients[i] != NULL; i++)
    if (!is_envelope_address (recipients[i]))
      return FALSE;

  return TRUE;
}

void
bms_smtp_login_and_send_async (const BmsServer     *server,
                               const char          *password,
                               GBytes              *message,
                               const char          *from,
                               const char * const  *recipients,
                               BmsSmtpStepFunc      step_func,
                               gpointer             step_data,
                               GDestroyNotify       step_destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SmtpData *data;

  g_return_if_fail (server != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (message != NULL);
  g_return_if_fail (from != NULL);
  g_return_if_fail (recipients != NULL);

  task = smtp_task_new (server, password, cancellable, callback, user_data,
                        bms_smtp_login_and_send_async);
  data = g_task_get_task_data (task);
  data->message = g_bytes_ref (message);
  data->from = g_strdup (from);
  data->recipients = g_strdupv ((char **) recipients);
  data->step_func = step_func;
  data->step_data = step_data;
  data->step_destroy = step_destroy;

  if (!is_envelope (from, recipients))
    {
      g_task_return_new_error (task, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT, "%s",
                               bms_problem_get_summary (BMS_PROBLEM_INVALID_INPUT));
      return;
    }

  g_task_run_in_thread (task, smtp_thread);
}

gboolean
bms_smtp_login_and_send_finish (GAsyncResult   *result,
                                gboolean       *logged_in,
                                gboolean       *says_gmail,
                                BmsTranscript **transcript,
                                GError        **error)
{
  SmtpData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (logged_in != NULL)
    *logged_in = data->logged_in;
  if (says_gmail != NULL)
    *says_gmail = data->says_gmail;

  return smtp_task_finish (result, bms_smtp_login_and_send_async, transcript, error);
}

/* The same operation, with nobody to tell of the login in between. */
void
bms_smtp_send_async (const BmsServer     *server,
                     const char          *password,
                     GBytes              *message,
                     const char          *from,
                     const char * const  *recipients,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  bms_smtp_login_and_send_async (server, password, message, from, recipients, NULL, NULL, NULL,
                                 cancellable, callback, user_data);
}

gboolean
bms_smtp_send_finish (GAsyncResult   *result,
                      BmsTranscript **transcript,
                      GError        **error)
{
  return bms_smtp_login_and_send_finish (result, NULL, NULL, transcript, error);
}
