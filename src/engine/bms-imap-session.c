/* bms-imap-session.c: one logged-in IMAP connection and its tagged commands.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-curl.h"
#include "bms-imap-response.h"
#include "bms-imap-session.h"
#include "bms-secret.h"

/* No answer the mail test asks for comes near these; a server that sends
 * more is broken, and memory is not given to it without end. */
#define MAX_RESPONSE (16 * 1024 * 1024)
#define MAX_LITERAL (4 * 1024 * 1024)
#define RECV_CHUNK 16384
/* A LIST of 10,000 folders would drown the transcript; the first lines
 * of an answer tell the story, the rest are counted. */
#define MAX_RECORDED_UNTAGGED 100
/* A quoted string longer than this is sent as a literal, as RFC 3501
 * advises for long strings. */
#define MAX_QUOTED 1000

struct _BmsImapSession
{
  CURL           *easy;
  BmsTranscript  *transcript;
  char           *password;          /* only to keep it out of the transcript */
  GCancellable   *cancellable;
  guint           command_timeout_ms;
  GByteArray     *buffer;            /* received, from @consumed on not yet read */
  gsize           consumed;
  guint           next_tag;
  GStrv           capabilities;
  gboolean        in_step;           /* every command so far got its tagged status */
  gboolean        idle_refused;      /* offered IDLE, then said NO or BAD to it */
};

typedef struct {
  char   *text;
  GBytes *literal;
} Segment;

/* The text up to each literal, the literal, and the text after the last. */
struct _BmsImapCommand
{
  GArray  *segments;
  GString *tail;
};

static void
segment_clear (gpointer data)
{
  Segment *segment = data;

  g_free (segment->text);
  g_clear_pointer (&segment->literal, g_bytes_unref);
}

BmsImapCommand *
bms_imap_command_new (const char *name)
{
  BmsImapCommand *command = g_new0 (BmsImapCommand, 1);

  command->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (command->segments, segment_clear);
  command->tail = g_string_new (name);

  return command;
}

void
bms_imap_command_free (BmsImapCommand *command)
{
  if (command == NULL)
    return;

  /* A command may carry the password (LOGIN): nothing of it stays behind. */
  for (guint i = 0; i < command->segments->len; i++)
    {
      Segment *segment = &g_array_index (command->segments, Segment, i);

      bms_secret_wipe (segment->text);
    }
  g_array_unref (command->segments);
  explicit_bzero (command->tail->str, command->tail->len);
  g_string_free (command->tail, TRUE);
  g_free (command);
}

void
bms_imap_command_add_atom (BmsImapCommand *command,
                           const char     *atom)
{
  g_string_append_c (command->tail, ' ');
  g_string_append (command->tail, atom);
}

void
bms_imap_command_add_literal (BmsImapCommand *command,
                              GBytes         *bytes)
{
  Segment segment;

  g_string_append_c (command->tail, ' ');
  segment.text = g_string_free (command->tail, FALSE);
  segment.literal = g_bytes_ref (bytes);
  g_array_append_val (command->segments, segment);
  command->tail = g_string_new (NULL);
}

static void
wipe_string (gpointer data)
{
  bms_secret_free (data);
}

/* A quoted string can carry 7-bit text without CR or LF; anything else
 * travels as a literal, byte for byte. */
static gboolean
fits_quoted (const char *text)
{
  gsize length = 0;

  for (const char *p = text; *p != '\0'; p++, length++)
    {
      if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
        return FALSE;
    }

  return length <= MAX_QUOTED;
}

void
bms_imap_command_add_string (BmsImapCommand *command,
                             const char     *text)
{
  g_autoptr(GBytes) bytes = NULL;

  if (!fits_quoted (text))
    {
      char *copy = g_strdup (text);

      bytes = g_bytes_new_with_free_func (copy, strlen (copy), wipe_string, copy);
      bms_imap_command_add_literal (command, bytes);
      return;
    }

  g_string_append (command->tail, " \"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (command->tail, '\\');
      g_string_append_c (command->tail, *p);
    }
  g_string_append_c (command->tail, '"');
}

/* ------------------------------------------------------------ the wire */

static void
record (BmsImapSession    *self,
        BmsTranscriptKind  kind,
        const char        *text,
        gsize              length)
{
  g_autofree char *line = NULL;

  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
    length--;
  line = g_utf8_make_valid (text, MIN (length, 2000));
  bms_transcript_add (self->transcript, kind, line, self->password);
}

static void
lose_step (BmsImapSession *self)
{
  self->in_step = FALSE;
}

static gboolean
fail_problem (BmsImapSession  *self,
              GError         **error,
              BmsProblem       problem)
{
  lose_step (self);
  if (!g_cancellable_set_error_if_cancelled (self->cancellable, error))
    bms_set_problem (error, problem);
  return FALSE;
}

static gboolean
send_bytes (BmsImapSession  *self,
            const char      *data,
            gsize            length,
            GError         **error)
{
  while (length > 0)
    {
      size_t sent = 0;
      CURLcode code;

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        {
          lose_step (self);
          return FALSE;
        }

      code = curl_easy_send (self->easy, data, length, &sent);
      if (code == CURLE_AGAIN)
        {
          if (!bms_curl_wait (self->easy, TRUE, self->command_timeout_ms, self->cancellable, error))
            {
              lose_step (self);
              return FALSE;
            }
          continue;
        }
      if (code != CURLE_OK)
        return fail_problem (self, error, BMS_PROBLEM_CONNECTION_LOST);

      data += sent;
      length -= sent;
    }

  return TRUE;
}

/* Receives at least one byte within @timeout_ms. A timeout is left to the
 * caller to judge; anything else puts the session out of step. */
static gboolean
receive_within (BmsImapSession  *self,
                guint            timeout_ms,
                GError         **error)
{
  GError *local_error = NULL;

  if (bms_curl_receive (self->easy, self->buffer, timeout_ms, self->cancellable, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, BMS_MAIL_ERROR, BMS_PROBLEM_TIMED_OUT))
    lose_step (self);
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
receive_more (BmsImapSession  *self,
              GError         **error)
{
  if (receive_within (self, self->command_timeout_ms, error))
    return TRUE;

  lose_step (self);
  return FALSE;
}

/* The next whole response; valid until the next call. */
static gboolean
read_response (BmsImapSession  *self,
               const char     **response,
               gsize           *length,
               GError         **error)
{
  for (;;)
    {
      const char *data = (const char *) self->buffer->data + self->consumed;
      gsize available = self->buffer->len - self->consumed;

      switch (bms_imap_response_frame (data, available, MAX_LITERAL, length))
        {
        case BMS_IMAP_FRAME_COMPLETE:
          *response = data;
          self->consumed += *length;
          return TRUE;

        case BMS_IMAP_FRAME_BAD_LITERAL:
          record (self, BMS_TRANSCRIPT_SERVER, data, *length);
          return fail_problem (self, error, BMS_PROBLEM_PROTOCOL_ERROR);

        case BMS_IMAP_FRAME_INCOMPLETE:
        default:
          break;
        }

      if (available > MAX_RESPONSE)
        return fail_problem (self, error, BMS_PROBLEM_PROTOCOL_ERROR);

      /* What was read is no longer needed: keep the buffer small. */
      if (self->consumed > 0)
        {
          g_byte_array_remove_range (self->buffer, 0, self->consumed);
          self->consumed = 0;
        }

      if (!receive_more (self, error))
        return FALSE;
    }
}

/* ------------------------------------------------------------ commands */

typedef struct {
  BmsImapSession      *session;
  const char          *tag;
  gsize                tag_length;
  BmsImapUntaggedFunc  untagged_func;
  gpointer             user_data;
  guint                n_untagged;
  BmsImapStatus        status;
  char                *status_text;
} Exchange;

typedef enum {
  RESPONSE_UNTAGGED,
  RESPONSE_CONTINUATION,
  RESPONSE_TAGGED,     /* ours: the exchange is over */
} ResponseKind;

static gboolean
parse_status (Exchange    *exchange,
              const char  *response,
              gsize        length)
{
  const char *word = response + exchange->tag_length + 1;
  gsize word_length = 0;

  while (word + word_length < response + length && g_ascii_isalpha (word[word_length]))
    word_length++;

  if (word_length == 2 && g_ascii_strncasecmp (word, "OK", 2) == 0)
    exchange->status = BMS_IMAP_STATUS_OK;
  else if (word_length == 2 && g_ascii_strncasecmp (word, "NO", 2) == 0)
    exchange->status = BMS_IMAP_STATUS_NO;
  else if (word_length == 3 && g_ascii_strncasecmp (word, "BAD", 3) == 0)
    exchange->status = BMS_IMAP_STATUS_BAD;
  else
    return FALSE;

  g_free (exchange->status_text);
  exchange->status_text = g_strndup (response, length);
  g_strchomp (exchange->status_text);
  return TRUE;
}

/* Reads one response of the exchange, hands it on when it is untagged, and
 * says what it was. Another client's tag cannot occur; it counts as
 * nonsense, like anything that is not IMAP. */
static gboolean
read_exchange_response (Exchange      *exchange,
                        ResponseKind  *kind,
                        GError       **error)
{
  BmsImapSession *self = exchange->session;
  const char *response;
  gsize length;

  if (!read_response (self, &response, &length, error))
    return FALSE;

  if (length >= 2 && response[0] == '*' && response[1] == ' ')
    {
      if (++exchange->n_untagged <= MAX_RECORDED_UNTAGGED)
        record (self, BMS_TRANSCRIPT_SERVER, response, length);
      if (exchange->untagged_func != NULL)
        exchange->untagged_func (response, length, exchange->user_data);
      *kind = RESPONSE_UNTAGGED;
      return TRUE;
    }

  record (self, BMS_TRANSCRIPT_SERVER, response, length);

  if (response[0] == '+')
    {
      *kind = RESPONSE_CONTINUATION;
      return TRUE;
    }

  if (length > exchange->tag_length && memcmp (response, exchange->tag, exchange->tag_length) == 0 &&
      response[exchange->tag_length] == ' ' && parse_status (exchange, response, length))
    {
      *kind = RESPONSE_TAGGED;
      return TRUE;
    }

  return fail_problem (self, error, BMS_PROBLEM_PROTOCOL_ERROR);
}

static void
record_unshown (Exchange *exchange)
{
  g_autofree char *text = NULL;

  if (exchange->n_untagged <= MAX_RECORDED_UNTAGGED)
    return;

  /* Translators: %u is a number of lines of the server's answer. */
  text = g_strdup_printf (_("(%u more lines of the answer not shown)"),
                          exchange->n_untagged - MAX_RECORDED_UNTAGGED);
  bms_transcript_add (exchange->session->transcript, BMS_TRANSCRIPT_INFO, text, NULL);
}

/* The command as the transcript shows it: literals as their "{n}". */
static void
record_command (BmsImapSession *self,
                const char     *tag,
                BmsImapCommand *command)
{
  g_autoptr(GString) line = g_string_new (tag);

  g_string_append_c (line, ' ');
  for (guint i = 0; i < command->segments->len; i++)
    {
      Segment *segment = &g_array_index (command->segments, Segment, i);

      g_string_append_printf (line, "%s{%zu}", segment->text, g_bytes_get_size (segment->literal));
    }
  g_string_append (line, command->tail->str);

  bms_transcript_add (self->transcript, BMS_TRANSCRIPT_CLIENT, line->str, self->password);
}

/* Sends a literal: with LITERAL+ at once, otherwise only once the server
 * said "+". A tagged answer instead means the server refused the command. */
static gboolean
send_literal (Exchange  *exchange,
              GBytes    *literal,
              gboolean  *refused,
              GError   **error)
{
  BmsImapSession *self = exchange->session;
  gboolean non_synchronizing = bms_imap_session_has_capability (self, "LITERAL+");
  gsize size = g_bytes_get_size (literal);
  g_autofree char *announce = g_strdup_printf ("{%zu%s}\r\n", size, non_synchronizing ? "+" : "");
  ResponseKind kind = RESPONSE_UNTAGGED;

  *refused = FALSE;
  if (!send_bytes (self, announce, strlen (announce), error))
    return FALSE;

  while (!non_synchronizing && kind == RESPONSE_UNTAGGED)
    {
      if (!read_exchange_response (exchange, &kind, error))
        return FALSE;
    }

  if (kind == RESPONSE_TAGGED)
    {
      *refused = TRUE;
      return TRUE;
    }

  return send_bytes (self, g_bytes_get_data (literal, NULL), size, error);
}

static gboolean
send_command (Exchange        *exchange,
              BmsImapCommand  *command,
              gboolean        *refused,
              GError         **error)
{
  BmsImapSession *self = exchange->session;

  *refused = FALSE;
  if (!send_bytes (self, exchange->tag, exchange->tag_length, error) ||
      !send_bytes (self, " ", 1, error))
    return FALSE;

  for (guint i = 0; i < command->segments->len; i++)
    {
      Segment *segment = &g_array_index (command->segments, Segment, i);

      if (!send_bytes (self, segment->text, strlen (segment->text), error) ||
          !send_literal (exchange, segment->literal, refused, error))
        return FALSE;
      if (*refused)
        return TRUE;
    }

  return send_bytes (self, command->tail->str, command->tail->len, error) &&
         send_bytes (self, "\r\n", 2, error);
}

gboolean
bms_imap_session_run (BmsImapSession       *self,
                      BmsImapCommand       *command,
                      BmsImapUntaggedFunc   untagged_func,
                      gpointer              user_data,
                      BmsImapStatus        *status,
                      char                **status_text,
                      GError              **error)
{
  g_autofree char *tag = g_strdup_printf ("B%03u", self->next_tag++);
  Exchange exchange = { self, tag, strlen (tag), untagged_func, user_data, 0, 0, NULL };
  ResponseKind kind = RESPONSE_UNTAGGED;
  gboolean refused = FALSE;
  gboolean ok;

  record_command (self, tag, command);
  ok = send_command (&exchange, command, &refused, error);
  if (ok && refused)
    kind = RESPONSE_TAGGED;

  /* A "+" here answers nothing this program asked: it is ignored. */
  while (ok && kind != RESPONSE_TAGGED)
    ok = read_exchange_response (&exchange, &kind, error);

  record_unshown (&exchange);

  if (ok)
    {
      *status = exchange.status;
      if (status_text != NULL)
        *status_text = g_steal_pointer (&exchange.status_text);
    }
  g_free (exchange.status_text);

  return ok;
}

/* ------------------------------------------------------------ session */

static void
collect_capabilities_cb (const char *response,
                         gsize       length,
                         gpointer    user_data)
{
  GStrv *capabilities = user_data;
  g_autofree char *line = NULL;

  if (length < 13 || g_ascii_strncasecmp (response, "* CAPABILITY ", 13) != 0)
    return;

  line = g_strndup (response + 13, length - 13);
  g_strstrip (line);
  g_strfreev (*capabilities);
  *capabilities = g_strsplit (line, " ", -1);
}

/* The capabilities of a "tag OK [CAPABILITY …] text" answer, or NULL. */
static GStrv
capabilities_from_code (const char *status_text)
{
  const char *start = status_text != NULL ? strstr (status_text, "[CAPABILITY ") : NULL;
  const char *end;
  g_autofree char *list = NULL;

  if (start == NULL || (end = strchr (start, ']')) == NULL)
    return NULL;

  start += strlen ("[CAPABILITY ");
  list = g_strndup (start, end - start);
  return g_strsplit (g_strstrip (list), " ", -1);
}

gboolean
bms_imap_session_has_capability (BmsImapSession *self,
                                 const char     *capability)
{
  if (self->capabilities == NULL)
    return FALSE;

  /* A server that refused IDLE once is not waited on with it again. */
  if (self->idle_refused && g_ascii_strcasecmp (capability, "IDLE") == 0)
    return FALSE;

  for (guint i = 0; self->capabilities[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (self->capabilities[i], capability) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
session_free (BmsImapSession *self)
{
  bms_curl_easy_free (self->easy);
  g_clear_object (&self->transcript);
  g_clear_object (&self->cancellable);
  g_byte_array_unref (self->buffer);
  g_strfreev (self->capabilities);
  bms_secret_free (self->password);
  g_free (self);
}

/* Logs in with LOGIN: every IMAP server has it, Gmail and Dovecot among
 * them, and this module sends the arguments in a form the server reads
 * back exactly. A refusal leaves the session in step, for LOGOUT. */
static gboolean
log_in (BmsImapSession   *self,
        const BmsServer  *server,
        const char       *password,
        GError          **error)
{
  g_autoptr(BmsImapCommand) login = bms_imap_command_new ("LOGIN");
  g_autofree char *status_text = NULL;
  BmsImapStatus status;

  bms_imap_command_add_string (login, server->user != NULL ? server->user : "");
  bms_imap_command_add_string (login, password != NULL ? password : "");

  /* Servers (Dovecot, Gmail) tell their capabilities with the login's answer. */
  if (!bms_imap_session_run (self, login, collect_capabilities_cb, &self->capabilities,
                             &status, &status_text, error))
    return FALSE;
  if (status == BMS_IMAP_STATUS_OK && self->capabilities == NULL)
    self->capabilities = capabilities_from_code (status_text);

  if (status != BMS_IMAP_STATUS_OK)
    {
      bms_imap_session_set_refusal (error, BMS_OPERATION_IMAP_LOGIN, status, status_text,
                                    BMS_PROBLEM_WRONG_PASSWORD);
      return FALSE;
    }

  return TRUE;
}

BmsImapSession *
bms_imap_session_connect (const BmsServer  *server,
                          const char       *password,
                          BmsTranscript    *transcript,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(BmsImapCommand) capability = NULL;
  BmsImapSession *self;
  BmsImapStatus status;
  CURLcode code;
  CURL *easy;

  /* libcurl greets, does TLS or STARTTLS, and stops before the login. */
  easy = bms_curl_easy_new_connect_only (server, "imap", password, transcript, error);
  if (easy == NULL)
    return NULL;

  code = bms_curl_connect (easy, cancellable);
  if (bms_curl_set_error (error, BMS_OPERATION_IMAP_LOGIN, code, transcript, cancellable))
    {
      bms_curl_easy_free (easy);
      return NULL;
    }

  /* From here on libcurl only remarks on each curl_easy_recv(); what is
   * said is recorded by this module. */
  curl_easy_setopt (easy, CURLOPT_VERBOSE, 0L);

  self = g_new0 (BmsImapSession, 1);
  self->easy = easy;
  self->transcript = g_object_ref (transcript);
  self->password = g_strdup (password);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->command_timeout_ms = server->command_timeout_ms;
  self->buffer = g_byte_array_new ();
  self->next_tag = 1;
  self->in_step = TRUE;

  /* Nothing secret has been sent, and nothing will be in plain text. */
  if (server->security == BMS_SECURITY_STARTTLS && !bms_curl_is_encrypted (easy))
    {
      bms_set_problem (error, BMS_PROBLEM_STARTTLS_NOT_OFFERED);
      bms_imap_session_close (self);
      return NULL;
    }

  if (!log_in (self, server, password, error))
    {
      bms_imap_session_close (self);
      return NULL;
    }

  /* Known after login: servers (Gmail among them) say more then, and
   * X-GM-EXT-1, IDLE and LITERAL+ are what this program looks for. Asked
   * only when the login's answer did not tell. */
  if (self->capabilities != NULL)
    return self;
  capability = bms_imap_command_new ("CAPABILITY");
  if (!bms_imap_session_run (self, capability, collect_capabilities_cb, &self->capabilities,
                             &status, NULL, error))
    {
      bms_imap_session_close (self);
      return NULL;
    }

  return self;
}

static void
note_arrival_cb (const char *response,
                 gsize       length,
                 gpointer    user_data)
{
  gboolean *woken = user_data;

  /* "* 3 EXISTS": the folder holds a new message. */
  if (g_strstr_len (response, length, " EXISTS") != NULL)
    *woken = TRUE;
}

/* Whether a whole response is already in the buffer. */
static gboolean
has_response (BmsImapSession *self)
{
  gsize length = 0;

  return bms_imap_response_frame ((const char *) self->buffer->data + self->consumed,
                                  self->buffer->len - self->consumed, MAX_LITERAL, &length)
         != BMS_IMAP_FRAME_INCOMPLETE;
}

gboolean
bms_imap_session_idle (BmsImapSession  *self,
                       guint            timeout_ms,
                       gboolean        *woken,
                       GError         **error)
{
  g_autofree char *tag = g_strdup_printf ("B%03u", self->next_tag++);
  g_autofree char *line = g_strconcat (tag, " IDLE", NULL);
  g_autofree char *wire = g_strconcat (line, "\r\n", NULL);
  Exchange exchange = { self, tag, strlen (tag), note_arrival_cb, woken, 0, 0, NULL };
  ResponseKind kind = RESPONSE_UNTAGGED;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok;

  *woken = FALSE;
  bms_transcript_add (self->transcript, BMS_TRANSCRIPT_CLIENT, line, self->password);
  ok = send_bytes (self, wire, strlen (wire), error);

  /* The server says "+ idling", then tells of each change as it happens. */
  while (ok && kind == RESPONSE_UNTAGGED)
    ok = read_exchange_response (&exchange, &kind, error);
  if (ok && kind == RESPONSE_TAGGED)
    self->idle_refused = TRUE;

  while (ok && kind != RESPONSE_TAGGED && !*woken)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time () + 999) / 1000;
      g_autoptr(GError) wait_error = NULL;

      if (has_response (self))
        ok = read_exchange_response (&exchange, &kind, error);
      else if (left_ms <= 0)
        break;
      else if (!receive_within (self, (guint) left_ms, &wait_error))
        {
          /* The deadline is no failure: the server had nothing to tell. */
          if (g_error_matches (wait_error, BMS_MAIL_ERROR, BMS_PROBLEM_TIMED_OUT))
            break;
          lose_step (self);
          g_propagate_error (error, g_steal_pointer (&wait_error));
          ok = FALSE;
        }
    }

  /* Ended by the server itself (or refused): nothing to say DONE to. */
  if (ok && kind != RESPONSE_TAGGED)
    {
      bms_transcript_add (self->transcript, BMS_TRANSCRIPT_CLIENT, "DONE", NULL);
      ok = send_bytes (self, "DONE\r\n", 6, error);
      while (ok && kind != RESPONSE_TAGGED)
        ok = read_exchange_response (&exchange, &kind, error);
    }

  g_free (exchange.status_text);
  return ok;
}

/* LOGOUT without waiting: for a session that is out of step or cancelled,
 * where only a prompt close is right. The server may never read it. */
static void
send_logout_blindly (BmsImapSession *self)
{
  g_autofree char *line = g_strdup_printf ("B%03u LOGOUT", self->next_tag++);
  g_autofree char *wire = g_strconcat (line, "\r\n", NULL);
  size_t sent = 0;

  bms_transcript_add (self->transcript, BMS_TRANSCRIPT_CLIENT, line, self->password);
  curl_easy_send (self->easy, wire, strlen (wire), &sent);
}

void
bms_imap_session_close (BmsImapSession *self)
{
  if (self == NULL)
    return;

  if (self->in_step && !g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(BmsImapCommand) logout = bms_imap_command_new ("LOGOUT");
      g_autoptr(GError) error = NULL;
      BmsImapStatus status;

      bms_imap_session_run (self, logout, NULL, NULL, &status, NULL, &error);
    }
  else
    send_logout_blindly (self);

  session_free (self);
}

void
bms_imap_session_set_refusal (GError        **error,
                              BmsOperation    operation,
                              BmsImapStatus   status,
                              const char     *status_text,
                              BmsProblem      fallback)
{
  BmsProblem problem = bms_diagnose_detail (operation, CURLE_OK, status_text, NULL);

  if (problem == BMS_PROBLEM_OTHER)
    problem = status == BMS_IMAP_STATUS_BAD ? BMS_PROBLEM_PROTOCOL_ERROR : fallback;

  bms_set_problem (error, problem);
}
