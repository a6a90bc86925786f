/* bms-message.c: the test message, as RFC 5322 / MIME bytes.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Base64 everywhere: the body goes through any server unchanged (no 8BITMIME
 * needed, no line that a server could take for the end of the data), and
 * encoded-words keep the headers ASCII. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bms-diagnosis.h"
#include "bms-message.h"

#define MAX_LINE 78
/* RFC 2047: an encoded-word is at most 75 characters, 12 of them
 * "=?UTF-8?B?" and "?=". */
#define MAX_ENCODED_WORD 75
#define ENCODED_WORD_OVERHEAD 12

/* Names of days and months are English whatever the locale (RFC 5322 §3.3). */
static const char * const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static gboolean
is_clean_text (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* C0, DEL, C1, and the Unicode line and paragraph separators. */
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_clean_address (const char *address)
{
  return address != NULL && is_clean_text (address)
         && strchr (address, '@') != NULL && strpbrk (address, " <>\"") == NULL;
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return TRUE;
}

/* Appends @text as encoded-words, the first after @first_line_used
 * characters already on the line, each further one on a folded line. */
static void
append_encoded_words (GString    *out,
                      const char *text,
                      gsize       first_line_used)
{
  const char *p = text;
  gsize used = first_line_used;

  while (*p != '\0')
    {
      /* The bytes that fit: whole base64 quanta, whole characters. */
      gsize room = MIN (MAX_ENCODED_WORD, MAX_LINE - used) - ENCODED_WORD_OVERHEAD;
      gsize max_bytes = room / 4 * 3;
      const char *end = p;
      g_autofree char *base64 = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if ((gsize) (next - p) > max_bytes)
            break;
          end = next;
        }

      base64 = g_base64_encode ((const guchar *) p, end - p);
      g_string_append_printf (out, "=?UTF-8?B?%s?=", base64);
      p = end;

      if (*p != '\0')
        {
          g_string_append (out, "\r\n ");
          used = 1;
        }
    }
}

/* Length of the current (last) line of @out. */
static gsize
current_line_length (GString *out)
{
  const char *last = g_strrstr (out->str, "\r\n");

  return last != NULL ? out->len - (last + 2 - out->str) : out->len;
}

/* Unstructured text (the subject): as is when short plain ASCII, else
 * encoded-words. */
static void
append_text_header (GString    *out,
                    const char *name,
                    const char *text)
{
  gsize prefix = strlen (name) + 2;

  g_string_append_printf (out, "%s: ", name);
  if (is_plain_ascii (text) && prefix + strlen (text) <= MAX_LINE)
    g_string_append (out, text);
  else
    append_encoded_words (out, text, prefix);
  g_string_append (out, "\r\n");
}

/* An ASCII name is an atom phrase unless it holds RFC 5322 specials. */
static gboolean
needs_quoting (const char *name)
{
  return strpbrk (name, "()<>[]:;@\\,.\"") != NULL;
}

static void
append_from (GString    *out,
             const char *address,
             const char *name)
{
  g_string_append (out, "From: ");

  if (name == NULL || *name == '\0')
    {
      g_string_append_printf (out, "%s\r\n", address);
      return;
    }

  if (!is_plain_ascii (name) || strlen ("From: ") + strlen (name) > MAX_LINE - 4)
    append_encoded_words (out, name, strlen ("From: "));
  else if (needs_quoting (name))
    {
      g_string_append_c (out, '"');
      for (const char *p = name; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, name);

  /* The address goes on a line of its own when it does not fit. */
  if (current_line_length (out) + strlen (address) + 3 > MAX_LINE)
    g_string_append (out, "\r\n");
  g_string_append_printf (out, " <%s>\r\n", address);
}

static void
append_date (GString   *out,
             GDateTime *date)
{
  g_autofree char *zone = g_date_time_format (date, "%z");

  g_string_append_printf (out, "Date: %s, %02d %s %04d %02d:%02d:%02d %s\r\n",
                          day_names[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          month_names[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          zone);
}

/* <random@domain>, the domain of the sender in ASCII. */
static char *
make_message_id (const char *from_address)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *domain = g_hostname_to_ascii (strrchr (from_address, '@') + 1);

  return g_strdup_printf ("<%s@%s>", uuid, domain != NULL && *domain != '\0' ? domain : "localhost");
}

/* The body in base64 lines of 76 characters, CRLF line ends in the text. */
static void
append_body (GString    *out,
             const char *body)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *base64 = NULL;
  gsize length;

  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p == '\r')
        continue;
      if (*p == '\n')
        g_string_append (text, "\r\n");
      else
        g_string_append_c (text, *p);
    }
  if (!g_str_has_suffix (text->str, "\r\n"))
    g_string_append (text, "\r\n");

  base64 = g_base64_encode ((const guchar *) text->str, text->len);
  length = strlen (base64);
  for (gsize i = 0; i < length; i += 76)
    {
      g_string_append_len (out, base64 + i, MIN (76, length - i));
      g_string_append (out, "\r\n");
    }
}

GBytes *
bms_message_build (const char  *from_address,
                   const char  *from_display_name,
                   const char  *to_address,
                   const char  *subject,
                   const char  *body,
                   GDateTime   *date,
                   char       **out_message_id,
                   GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *message_id = NULL;
  GString *out;

  if (subject == NULL)
    subject = _("BizMagic Mail Setup test message");
  if (body == NULL)
    body = _("This is a test message from BizMagic Mail Setup.\n"
             "It was sent to check the mail settings of BizMagic, and it can be deleted.\n");

  if (!is_clean_address (from_address) || !is_clean_address (to_address)
      || (from_display_name != NULL && !is_clean_text (from_display_name))
      || !is_clean_text (subject) || !g_utf8_validate (body, -1, NULL))
    {
      g_set_error_literal (error, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT,
                           bms_problem_get_summary (BMS_PROBLEM_INVALID_INPUT));
      return NULL;
    }

  if (date == NULL)
    date = now = g_date_time_new_now_local ();
  message_id = make_message_id (from_address);

  out = g_string_new (NULL);
  append_date (out, date);
  append_from (out, from_address, from_display_name);
  g_string_append_printf (out, "To: %s\r\n", to_address);
  append_text_header (out, "Subject", subject);
  g_string_append_printf (out, "Message-ID: %s\r\n", message_id);
  g_string_append (out, "MIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: base64\r\n"
                        "\r\n");
  append_body (out, body);

  if (out_message_id != NULL)
    *out_message_id = g_steal_pointer (&message_id);

  return g_string_free_to_bytes (out);
}
