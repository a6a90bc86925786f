/* bms-smtp.c: check an SMTP login, send a message.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The login check uses CURLOPT_CONNECT_ONLY: on an smtp:// or smtps:// URL
 * libcurl then greets, says EHLO, does STARTTLS and the certificate checks,
 * and authenticates, and stops there. It skips AUTH when the server offers
 * none, so success is only claimed when the server said "235" to our AUTH.
 * QUIT is then sent by hand over the open connection.
 *
 * Sending is one ordinary libcurl SMTP transfer; libcurl says QUIT when it
 * closes the connection, after a success and after a refusal alike. Only a
 * connection that is already broken (timeout, TLS failure, cancel) is closed
 * without QUIT, as there is nobody left to say it to. */

#include "config.h"

#include <string.h>

#include "bms-curl.h"
#include "bms-secret.h"
#include "bms-smtp.h"

#define QUIT_TIMEOUT_MS 2000

typedef struct {
  BmsServer      *server;
  char           *password;
  BmsTranscript  *transcript;
  GBytes         *message;
  gsize           offset;        /* how much of @message libcurl has read */
  char           *from;
  GStrv           recipients;
} SmtpData;

static void
smtp_data_free (gpointer data)
{
  SmtpData *self = data;

  bms_server_free (self->server);
  bms_secret_free (self->password);
  g_clear_object (&self->transcript);
  g_clear_pointer (&self->message, g_bytes_unref);
  g_free (self->from);
  g_strfreev (self->recipients);
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

/* Whether the transcript holds the server's acceptance of our AUTH. */
static gboolean
was_authenticated (BmsTranscript *transcript)
{
  guint n = bms_transcript_get_n_lines (transcript);

  for (guint i = 0; i < n; i++)
    if (bms_transcript_get_kind (transcript, i) == BMS_TRANSCRIPT_SERVER
        && g_str_has_prefix (bms_transcript_get_line (transcript, i), "235"))
      return TRUE;

  return FALSE;
}

static gboolean
offered_starttls (BmsTranscript *transcript)
{
  guint n = bms_transcript_get_n_lines (transcript);

  for (guint i = 0; i < n; i++)
    {
      const char *line = bms_transcript_get_line (transcript, i);

      if (bms_transcript_get_kind (transcript, i) == BMS_TRANSCRIPT_SERVER
          && strlen (line) > 4 && g_str_has_prefix (line, "250")
          && g_ascii_strncasecmp (line + 4, "STARTTLS", 8) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Says QUIT on a CONNECT_ONLY connection and reads the answer. A server
 * that does not answer is left: the login was proven already. */
static void
say_quit (CURL          *easy,
          BmsTranscript *transcript,
          GCancellable  *cancellable)
{
  static const char quit[] = "QUIT\r\n";
  gsize sent_total = 0;
  char buffer[512];
  gsize received = 0;

  bms_transcript_add (transcript, BMS_TRANSCRIPT_CLIENT, "QUIT", NULL);

  while (sent_total < sizeof quit - 1)
    {
      size_t sent = 0;
      CURLcode code = curl_easy_send (easy, quit + sent_total, sizeof quit - 1 - sent_total, &sent);

      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (easy, TRUE, QUIT_TIMEOUT_MS, cancellable, NULL))
            return;
          continue;
        }
      if (code != CURLE_OK)
        return;
      sent_total += sent;
    }

  while (received < sizeof buffer - 1 && memchr (buffer, '\n', received) == NULL)
    {
      size_t n = 0;
      CURLcode code = curl_easy_recv (easy, buffer + received, sizeof buffer - 1 - received, &n);

      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (easy, FALSE, QUIT_TIMEOUT_MS, cancellable, NULL))
            return;
          continue;
        }
      if (code != CURLE_OK || n == 0)
        return;
      received += n;
    }

  buffer[received] = '\0';
  g_strchomp (buffer);
  bms_transcript_add (transcript, BMS_TRANSCRIPT_SERVER, buffer, NULL);
}

static void
check_login_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SmtpData *data = task_data;
  g_autoptr(GError) error = NULL;
  CURL *easy;
  CURLcode code;

  easy = bms_curl_easy_new (data->server, "smtp", data->password, data->transcript, &error);
  if (easy == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  curl_easy_setopt (easy, CURLOPT_CONNECT_ONLY, 1L);
  code = bms_curl_connect (easy, cancellable);

  if (bms_curl_set_error (&error, BMS_OPERATION_SMTP_LOGIN, code, data->transcript, cancellable))
    {
      bms_curl_easy_free (easy);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!was_authenticated (data->transcript))
    {
      /* Gmail's port 587 offers AUTH only after STARTTLS. */
      bms_set_problem (&error, offered_starttls (data->transcript)
                               ? BMS_PROBLEM_STARTTLS_REQUIRED
                               : BMS_PROBLEM_PROTOCOL_ERROR);
      bms_curl_easy_free (easy);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  say_quit (easy, data->transcript, cancellable);
  bms_curl_easy_free (easy);
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
  g_task_run_in_thread (task, check_login_thread);
}

gboolean
bms_smtp_check_login_finish (GAsyncResult   *result,
                             BmsTranscript **transcript,
                             GError        **error)
{
  return smtp_task_finish (result, bms_smtp_check_login_async, transcript, error);
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  SmtpData *data = user_data;
  gsize length = 0;
  const char *message = g_bytes_get_data (data->message, &length);
  gsize n = MIN (size * n_items, length - data->offset);

  memcpy (buffer, message + data->offset, n);
  data->offset += n;

  return n;
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

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SmtpData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *mail_from = NULL;
  struct curl_slist *recipients = NULL;
  CURL *easy;
  CURLcode code;

  easy = bms_curl_easy_new (data->server, "smtp", data->password, data->transcript, &error);
  if (easy == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  mail_from = g_strdup_printf ("<%s>", data->from);
  for (guint i = 0; data->recipients[i] != NULL; i++)
    {
      g_autofree char *rcpt = g_strdup_printf ("<%s>", data->recipients[i]);

      recipients = curl_slist_append (recipients, rcpt);
    }

  curl_easy_setopt (easy, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (easy, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (easy, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (easy, CURLOPT_READDATA, data);
  curl_easy_setopt (easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (data->message));

  code = bms_curl_perform (easy, cancellable);
  bms_curl_set_error (&error, BMS_OPERATION_SMTP_SEND, code, data->transcript, cancellable);

  /* The list is used until the handle is gone. */
  bms_curl_easy_free (easy);
  curl_slist_free_all (recipients);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

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
  g_autoptr(GTask) task = NULL;
  SmtpData *data;

  g_return_if_fail (server != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (message != NULL);
  g_return_if_fail (from != NULL);
  g_return_if_fail (recipients != NULL);

  task = smtp_task_new (server, password, cancellable, callback, user_data, bms_smtp_send_async);
  data = g_task_get_task_data (task);
  data->message = g_bytes_ref (message);
  data->from = g_strdup (from);
  data->recipients = g_strdupv ((char **) recipients);

  if (!is_envelope_address (from) || recipients[0] == NULL)
    {
      g_task_return_new_error (task, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT, "%s",
                               bms_problem_get_summary (BMS_PROBLEM_INVALID_INPUT));
      return;
    }
  for (guint i = 0; recipients[i] != NULL; i++)
    if (!is_envelope_address (recipients[i]))
      {
        g_task_return_new_error (task, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT, "%s",
                                 bms_problem_get_summary (BMS_PROBLEM_INVALID_INPUT));
        return;
      }

  g_task_run_in_thread (task, send_thread);
}

gboolean
bms_smtp_send_finish (GAsyncResult   *result,
                      BmsTranscript **transcript,
                      GError        **error)
{
  return smtp_task_finish (result, bms_smtp_send_async, transcript, error);
}
