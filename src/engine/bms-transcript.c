/* bms-transcript.c: what was said on a connection, with secrets removed.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Secrets are removed when a line is added, never when it is shown: what is
 * kept is already clean, so no later caller can leak it by mistake.
 *
 * The rules, for client lines:
 * - "AUTH MECH initial-response" (SMTP) keeps the mechanism only;
 * - "tag LOGIN user password" (IMAP) keeps the user only;
 * - "tag AUTHENTICATE MECH initial-response" keeps the mechanism only;
 * - from such a command until the server answers with something other than
 *   a prompt (SMTP "334", IMAP "+"), every client line is masked whole: the
 *   base64 of the user and password (AUTH LOGIN, AUTH PLAIN without an
 *   initial response, SASL exchanges) travels in those lines;
 * - any line sent right after a prompt is masked too, whatever came before.
 * For every line, of any kind, the secret given with it is masked in each
 * form a server that repeats the client's words could show: the secret
 * itself; its base64 at offsets 0, 1 and 2 of a longer blob (base64 works
 * in groups of three bytes, so the secret's characters depend on where in
 * a group it starts: "\0user\0password" puts it at the user's length + 2);
 * and any base64 word that decodes to bytes containing the secret, which
 * also catches a secret too short for the second rule.
 */

#include "config.h"

#include <string.h>

#include "bms-transcript.h"

#define MASK "********"

typedef struct {
  BmsTranscriptKind  kind;
  char              *text;
} Line;

struct _BmsTranscript
{
  GObject    parent_instance;

  GMutex     mutex;
  GArray    *lines;           /* of Line */
  gboolean   authenticating;  /* client lines are secret until the server ends the exchange */
  gboolean   prompted;        /* the server's last line asked for a secret */
};

G_DEFINE_FINAL_TYPE (BmsTranscript, bms_transcript, G_TYPE_OBJECT)

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->text);
}

static void
bms_transcript_finalize (GObject *object)
{
  BmsTranscript *self = BMS_TRANSCRIPT (object);

  g_array_unref (self->lines);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (bms_transcript_parent_class)->finalize (object);
}

static void
bms_transcript_class_init (BmsTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_transcript_finalize;
}

static void
bms_transcript_init (BmsTranscript *self)
{
  g_mutex_init (&self->mutex);
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_array_set_clear_func (self->lines, line_clear);
}

BmsTranscript *
bms_transcript_new (void)
{
  return g_object_new (BMS_TYPE_TRANSCRIPT, NULL);
}

/* Replaces every occurrence of @needle in @text (which it frees). */
static char *
replace_all (char       *text,
             const char *needle)
{
  GString *result;
  const char *p = text;
  const char *hit;
  gsize needle_len = strlen (needle);

  if (needle_len == 0 || strstr (text, needle) == NULL)
    return text;

  result = g_string_new (NULL);
  while ((hit = strstr (p, needle)) != NULL)
    {
      g_string_append_len (result, p, hit - p);
      g_string_append (result, MASK);
      p = hit + needle_len;
    }
  g_string_append (result, p);

  g_free (text);
  return g_string_free (result, FALSE);
}

/* The base64 characters that depend on @secret alone when it starts at
 * byte @offset (0, 1 or 2) of a group of three: the groups it fills whole. */
static char *
secret_base64_at (const char *secret,
                  guint       offset)
{
  gsize length = strlen (secret);
  gsize head = offset > 0 ? 3 - offset : 0;   /* bytes that share a group with what precedes */
  g_autofree guchar *padded = NULL;
  g_autofree char *encoded = NULL;
  gsize n_groups;

  if (length < head)
    return NULL;
  n_groups = (length - head) / 3;
  if (n_groups == 0)
    return NULL;

  padded = g_malloc0 (offset + length);
  memcpy (padded + offset, secret, length);
  encoded = g_base64_encode (padded, offset + length);
  explicit_bzero (padded, offset + length);

  return g_strndup (encoded + (offset > 0 ? 4 : 0), n_groups * 4);
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

static gboolean
bytes_contain (const guchar *haystack,
               gsize         haystack_length,
               const char   *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= haystack_length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
decodes_to_secret (const char *word,
                   gsize       length,
                   const char *secret)
{
  g_autofree char *copy = g_strndup (word, length);
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;
  gboolean found;

  decoded = g_base64_decode (copy, &decoded_length);
  found = bytes_contain (decoded, decoded_length, secret);
  explicit_bzero (decoded, decoded_length);

  return found;
}

/* Masks each base64 word (four characters or more) that decodes to bytes
 * containing @secret. */
static char *
mask_encoded_words (char       *text,
                    const char *secret)
{
  GString *result = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gsize length = 0;

      while (is_base64_char (p[length]))
        length++;

      if (length >= 4 && decodes_to_secret (p, length, secret))
        g_string_append (result, MASK);
      else
        g_string_append_len (result, p, length);
      p += length;

      while (*p != '\0' && !is_base64_char (*p))
        g_string_append_c (result, *p++);
    }

  explicit_bzero (text, strlen (text));
  g_free (text);
  return g_string_free (result, FALSE);
}

static char *
remove_secret (char       *text,
               const char *secret)
{
  g_autofree char *base64 = NULL;

  if (secret == NULL || *secret == '\0')
    return text;

  text = replace_all (text, secret);
  base64 = g_base64_encode ((const guchar *) secret, strlen (secret));
  /* The secret's base64 on its own: without the padding, whose place
   * depends on what follows the secret. */
  g_strchomp (g_strdelimit (base64, "=", ' '));
  if (strlen (base64) >= 4)
    text = replace_all (text, base64);
  for (guint offset = 0; offset < 3; offset++)
    {
      g_autofree char *encoded = secret_base64_at (secret, offset);

      if (encoded != NULL)
        text = replace_all (text, encoded);
    }

  return mask_encoded_words (text, secret);
}

/* The words of @line, at most @max of them, split on single spaces. */
static char **
split_words (const char *line,
             int         max)
{
  return g_strsplit (line, " ", max);
}

/* The end of an IMAP astring starting at @p: a quoted string or an atom. */
static const char *
skip_astring (const char *p)
{
  if (*p == '"')
    {
      for (p++; *p != '\0' && *p != '"'; p++)
        if (*p == '\\' && p[1] != '\0')
          p++;
      return *p == '"' ? p + 1 : p;
    }

  while (*p != '\0' && *p != ' ')
    p++;
  return p;
}

/* Cleans one client line, and notes whether an authentication starts. */
static char *
clean_client_line (BmsTranscript *self,
                   const char    *line)
{
  g_auto(GStrv) words = split_words (line, 4);
  guint n_words = g_strv_length (words);

  if (self->prompted || self->authenticating)
    return g_strdup (MASK);

  /* SMTP: AUTH MECH [initial-response] */
  if (n_words >= 1 && g_ascii_strcasecmp (words[0], "AUTH") == 0)
    {
      self->authenticating = TRUE;
      if (n_words <= 2)
        return g_strdup (line);
      return g_strdup_printf ("%s %s " MASK, words[0], words[1]);
    }

  /* IMAP: tag AUTHENTICATE MECH [initial-response] */
  if (n_words >= 2 && g_ascii_strcasecmp (words[1], "AUTHENTICATE") == 0)
    {
      self->authenticating = TRUE;
      if (n_words <= 3)
        return g_strdup (line);
      return g_strdup_printf ("%s %s %s " MASK, words[0], words[1], words[2]);
    }

  /* IMAP: tag LOGIN user password; the user may be a quoted string. */
  if (n_words >= 2 && g_ascii_strcasecmp (words[1], "LOGIN") == 0)
    {
      const char *user = line + strlen (words[0]) + 1 + strlen (words[1]);
      const char *user_end;

      if (*user != ' ')
        return g_strdup (MASK);
      user++;
      user_end = skip_astring (user);
      /* A literal ({n}) would send the password in a later line. */
      if (*user == '{' || *user_end == '\0')
        {
          self->authenticating = TRUE;
          return g_strdup_printf ("%s %s " MASK, words[0], words[1]);
        }
      return g_strdup_printf ("%.*s " MASK, (int) (user_end - line), line);
    }

  return g_strdup (line);
}

/* A server may send anything; what is kept is valid UTF-8 without control
 * characters, so that every widget and terminal can show it as it is. */
static char *
make_printable (char *text)
{
  char *valid = g_utf8_make_valid (text, -1);

  g_free (text);
  for (char *p = valid; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\r' || *p == '\n')
        *p = ' ';
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
    }

  return valid;
}

/* Whether a server line asks the client for the next piece of a secret. */
static gboolean
is_prompt (const char *line)
{
  return g_str_has_prefix (line, "334")
         || g_str_equal (line, "+")
         || g_str_has_prefix (line, "+ ");
}

void
bms_transcript_add (BmsTranscript     *self,
                    BmsTranscriptKind  kind,
                    const char        *line,
                    const char        *secret)
{
  Line entry;
  char *text;

  g_return_if_fail (BMS_IS_TRANSCRIPT (self));
  g_return_if_fail (line != NULL);

  g_mutex_lock (&self->mutex);

  switch (kind)
    {
    case BMS_TRANSCRIPT_CLIENT:
      text = clean_client_line (self, line);
      self->prompted = FALSE;
      break;
    case BMS_TRANSCRIPT_SERVER:
      text = g_strdup (line);
      self->prompted = is_prompt (line);
      if (!self->prompted)
        self->authenticating = FALSE;
      break;
    case BMS_TRANSCRIPT_INFO:
    default:
      text = g_strdup (line);
      break;
    }

  text = remove_secret (text, secret);
  text = make_printable (text);

  entry.kind = kind;
  entry.text = text;
  g_array_append_val (self->lines, entry);

  g_mutex_unlock (&self->mutex);
}

guint
bms_transcript_get_n_lines (BmsTranscript *self)
{
  guint n;

  g_return_val_if_fail (BMS_IS_TRANSCRIPT (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->lines->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

BmsTranscriptKind
bms_transcript_get_kind (BmsTranscript *self,
                         guint          index)
{
  BmsTranscriptKind kind;

  g_return_val_if_fail (BMS_IS_TRANSCRIPT (self), BMS_TRANSCRIPT_INFO);

  g_mutex_lock (&self->mutex);
  g_assert (index < self->lines->len);
  kind = g_array_index (self->lines, Line, index).kind;
  g_mutex_unlock (&self->mutex);

  return kind;
}

/* Lines are never removed or changed once added, so the pointer stays
 * valid for the transcript's life. */
const char *
bms_transcript_get_line (BmsTranscript *self,
                         guint          index)
{
  const char *text;

  g_return_val_if_fail (BMS_IS_TRANSCRIPT (self), NULL);

  g_mutex_lock (&self->mutex);
  g_assert (index < self->lines->len);
  text = g_array_index (self->lines, Line, index).text;
  g_mutex_unlock (&self->mutex);

  return text;
}

/* "534-5.7.14 …" continues a reply whose last line is "534 5.7.14 …". */
static gboolean
continues_smtp_reply (const char *line,
                      const char *last)
{
  return strncmp (line, last, 3) == 0 && line[3] == '-';
}

static gboolean
is_smtp_reply (const char *line)
{
  return g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1])
         && g_ascii_isdigit (line[2]) && (line[3] == ' ' || line[3] == '\0');
}

/* SMTP "QUIT", IMAP "tag LOGOUT". */
static gboolean
is_goodbye (const char *line)
{
  const char *space = strchr (line, ' ');

  return g_ascii_strcasecmp (line, "QUIT") == 0
         || (space != NULL && g_ascii_strcasecmp (space + 1, "LOGOUT") == 0);
}

char *
bms_transcript_dup_last_reply (BmsTranscript *self)
{
  g_autoptr(GPtrArray) reply = g_ptr_array_new ();
  const char *last = NULL;
  char *result = NULL;

  g_return_val_if_fail (BMS_IS_TRANSCRIPT (self), NULL);

  g_mutex_lock (&self->mutex);

  /* Walk back over the server's lines up to the last thing the client
   * said; what the program noted in between does not end the reply. */
  for (guint i = self->lines->len; i > 0; i--)
    {
      const Line *line = &g_array_index (self->lines, Line, i - 1);

      if (line->kind == BMS_TRANSCRIPT_INFO)
        continue;
      if (line->kind == BMS_TRANSCRIPT_CLIENT)
        {
          /* The goodbye says nothing about what went wrong before it. */
          if (is_goodbye (line->text))
            {
              g_ptr_array_set_size (reply, 0);
              last = NULL;
              continue;
            }
          if (last != NULL)
            break;
          continue;
        }

      if (last == NULL)
        last = line->text;
      else if (is_smtp_reply (last) && !continues_smtp_reply (line->text, last))
        break;
      g_ptr_array_add (reply, line->text);
    }

  if (reply->len > 0)
    {
      GString *text = g_string_new (NULL);

      for (guint i = reply->len; i > 0; i--)
        {
          g_string_append (text, g_ptr_array_index (reply, i - 1));
          if (i > 1)
            g_string_append_c (text, '\n');
        }
      result = g_string_free (text, FALSE);
    }

  g_mutex_unlock (&self->mutex);

  return result;
}

static gboolean
line_says_gmail (const char *line)
{
  g_autofree char *lower = g_ascii_strdown (line, -1);
  gsize length = strlen (lower);

  gboolean smtp = length >= 4 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1])
                  && g_ascii_isdigit (line[2]) && (line[3] == ' ' || line[3] == '-');

  return smtp
         ? length >= 7 && strcmp (lower + length - 7, "- gsmtp") == 0
         : (g_str_has_prefix (lower, "* ok") && strstr (lower, "gimap") != NULL)
           || strstr (lower, "x-gm-ext-1") != NULL;
}

gboolean
bms_transcript_says_gmail (BmsTranscript *self)
{
  gboolean says = FALSE;

  g_return_val_if_fail (BMS_IS_TRANSCRIPT (self), FALSE);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->lines->len && !says; i++)
    {
      const Line *line = &g_array_index (self->lines, Line, i);

      says = line->kind == BMS_TRANSCRIPT_SERVER && line_says_gmail (line->text);
    }
  g_mutex_unlock (&self->mutex);

  return says;
}

char *
bms_transcript_to_string (BmsTranscript *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (BMS_IS_TRANSCRIPT (self), NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = &g_array_index (self->lines, Line, i);
      const char *prefix;

      switch (line->kind)
        {
        case BMS_TRANSCRIPT_CLIENT:
          prefix = "C: ";
          break;
        case BMS_TRANSCRIPT_SERVER:
          prefix = "S: ";
          break;
        case BMS_TRANSCRIPT_INFO:
        default:
          prefix = "* ";
          break;
        }
      g_string_append_printf (text, "%s%s\n", prefix, line->text);
    }
  g_mutex_unlock (&self->mutex);

  return g_string_free (text, FALSE);
}
