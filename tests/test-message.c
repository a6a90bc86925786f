/* test-message.c: the test message, byte by byte.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-diagnosis.h"
#include "bms-message.h"

#define FROM "taro@example.co.jp"
#define TO "yamada@example.jp"
#define NAME "山田 太郎"
#define SUBJECT "BizMagic メールテスト"

/* The message as lines without their CRLF; fails on a bare CR or LF. */
static GStrv
split_crlf (GBytes *message)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (message, &length);
  g_autofree char *text = g_strndup (data, length);

  g_assert_cmpuint (strlen (text), ==, length);   /* no NUL */
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\r')
        g_assert_cmpint (data[i + 1], ==, '\n');
      if (data[i] == '\n')
        g_assert_true (i > 0 && data[i - 1] == '\r');
    }

  text[length - 2] = '\0';
  return g_strsplit (text, "\r\n", -1);
}

/* The header block, unfolded: name → value; a header seen twice fails. */
static GHashTable *
parse_headers (GStrv lines,
               guint *body_start)
{
  GHashTable *headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *name = NULL;
  GString *value = NULL;
  guint i;

  for (i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *line = lines[i];

      if (line[0] == ' ' || line[0] == '\t')
        {
          g_assert_nonnull (value);
          g_string_append (value, line);
          continue;
        }
      if (value != NULL)
        {
          g_assert_false (g_hash_table_contains (headers, name));
          g_hash_table_insert (headers, g_steal_pointer (&name), g_string_free (value, FALSE));
        }
      g_assert_nonnull (strstr (line, ": "));
      name = g_strndup (line, strstr (line, ": ") - line);
      value = g_string_new (strstr (line, ": ") + 2);
    }
  g_assert_nonnull (value);
  g_assert_false (g_hash_table_contains (headers, name));
  g_hash_table_insert (headers, g_steal_pointer (&name), g_string_free (value, FALSE));

  g_assert_nonnull (lines[i]);   /* the blank line before the body */
  *body_start = i + 1;
  return headers;
}

/* A small RFC 2047 decoder for what the builder writes: B-encoded UTF-8
 * words, separated by folding white space, which is dropped between words. */
static char *
decode_words (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "=?UTF-8?B?"))
        {
          const char *start = p + strlen ("=?UTF-8?B?");
          const char *end = strstr (start, "?=");
          g_autofree char *payload = NULL;
          g_autofree guchar *decoded = NULL;
          gsize decoded_len = 0;

          g_assert_nonnull (end);
          g_assert_cmpuint (end + 2 - p, <=, 75);
          payload = g_strndup (start, end - start);
          decoded = g_base64_decode (payload, &decoded_len);
          /* Each word holds whole characters. */
          g_assert_true (g_utf8_validate ((const char *) decoded, decoded_len, NULL));
          g_string_append_len (out, (const char *) decoded, decoded_len);
          p = end + 2;
          while (*p == ' ' && g_str_has_prefix (p + 1, "=?"))
            p++;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

typedef struct {
  GBytes     *message;
  GStrv       lines;
  GHashTable *headers;
  guint       body_start;
  char       *message_id;
} Built;

static void
built_clear (Built *built)
{
  g_bytes_unref (built->message);
  g_strfreev (built->lines);
  g_hash_table_unref (built->headers);
  g_free (built->message_id);
}

static void
build (Built      *built,
       const char *name,
       const char *subject,
       const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) date = g_date_time_new (tokyo, 2026, 1, 5, 9, 3, 7);

  built->message = bms_message_build (FROM, name, TO, subject, body, date,
                                      &built->message_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (built->message);
  built->lines = split_crlf (built->message);
  built->headers = parse_headers (built->lines, &built->body_start);
}

static void
assert_line_lengths (GStrv lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (strlen (lines[i]) > 78)
      g_error ("line %u is %zu characters long: %s", i, strlen (lines[i]), lines[i]);
}

static char *
decode_body (Built *built)
{
  g_autoptr(GString) base64 = g_string_new (NULL);
  gsize length = 0;
  g_autofree guchar *decoded = NULL;

  for (guint i = built->body_start; built->lines[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (built->lines[i]), <=, 76);
      g_string_append (base64, built->lines[i]);
    }
  decoded = g_base64_decode (base64->str, &length);

  return g_strndup ((const char *) decoded, length);
}

static void
test_japanese (void)
{
  Built built = { 0 };
  g_autofree char *from_name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  const char *from;

  build (&built, NAME, SUBJECT, "一行目\n二行目\n");

  g_assert_cmpstr (g_hash_table_lookup (built.headers, "Date"), ==, "Mon, 05 Jan 2026 09:03:07 +0900");
  g_assert_cmpstr (g_hash_table_lookup (built.headers, "To"), ==, TO);
  g_assert_cmpstr (g_hash_table_lookup (built.headers, "MIME-Version"), ==, "1.0");
  g_assert_cmpstr (g_hash_table_lookup (built.headers, "Content-Type"), ==, "text/plain; charset=UTF-8");
  g_assert_cmpstr (g_hash_table_lookup (built.headers, "Content-Transfer-Encoding"), ==, "base64");
  g_assert_cmpstr (g_hash_table_lookup (built.headers, "Message-ID"), ==, built.message_id);
  g_assert_cmpuint (g_hash_table_size (built.headers), ==, 8);

  from = g_hash_table_lookup (built.headers, "From");
  g_assert_true (g_str_has_prefix (from, "=?UTF-8?B?"));
  g_assert_true (g_str_has_suffix (from, " <" FROM ">"));
  from_name = decode_words (from);
  g_assert_cmpstr (from_name, ==, NAME " <" FROM ">");

  g_assert_true (g_str_has_prefix (g_hash_table_lookup (built.headers, "Subject"), "=?UTF-8?B?"));
  subject = decode_words (g_hash_table_lookup (built.headers, "Subject"));
  g_assert_cmpstr (subject, ==, SUBJECT);

  body = decode_body (&built);
  g_assert_cmpstr (body, ==, "一行目\r\n二行目\r\n");

  /* Headers and body are ASCII: nothing depends on 8BITMIME. */
  for (guint i = 0; built.lines[i] != NULL; i++)
    for (const char *p = built.lines[i]; *p != '\0'; p++)
      g_assert_cmpuint ((guchar) *p, <, 0x80);

  assert_line_lengths (built.lines);
  built_clear (&built);
}

/* Long names and subjects fold into several encoded-words, each on its own
 * line and each of whole characters (3-byte kana and 4-byte emoji). */
static void
test_long (void)
{
  const char *names[] = {
    "株式会社ビズマジック東京本社営業部第一課課長代理補佐 山田 太郎",
    "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
    "aあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあaあ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      Built built = { 0 };
      g_autofree char *from_name = NULL;
      g_autofree char *subject = NULL;
      g_autofree char *expected_from = g_strdup_printf ("%s <%s>", names[i], FROM);

      build (&built, names[i], names[i], NULL);
      assert_line_lengths (built.lines);
      g_assert_nonnull (strstr (g_bytes_get_data (built.message, NULL), "?=\r\n =?UTF-8?B?"));
      from_name = decode_words (g_hash_table_lookup (built.headers, "From"));
      g_assert_cmpstr (from_name, ==, expected_from);
      subject = decode_words (g_hash_table_lookup (built.headers, "Subject"));
      g_assert_cmpstr (subject, ==, names[i]);
      built_clear (&built);
    }
}

typedef struct {
  const char *name;
  const char *expected_from;
} AsciiNameCase;

static const AsciiNameCase ascii_name_cases[] = {
  { NULL, FROM },
  { "", FROM },
  { "Taro Yamada", "Taro Yamada <" FROM ">" },
  { "Yamada, Taro", "\"Yamada, Taro\" <" FROM ">" },
  { "O\"Brien \\ Sales", "\"O\\\"Brien \\\\ Sales\" <" FROM ">" },
};

static void
test_ascii_names (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ascii_name_cases); i++)
    {
      Built built = { 0 };

      build (&built, ascii_name_cases[i].name, "Test", NULL);
      g_assert_cmpstr (g_hash_table_lookup (built.headers, "From"), ==, ascii_name_cases[i].expected_from);
      g_assert_cmpstr (g_hash_table_lookup (built.headers, "Subject"), ==, "Test");
      built_clear (&built);
    }
}

/* Without subject and body the translated defaults are used. */
static void
test_defaults (void)
{
  Built built = { 0 };
  g_autofree char *body = NULL;

  build (&built, NAME, NULL, NULL);
  g_assert_nonnull (g_hash_table_lookup (built.headers, "Subject"));
  body = decode_body (&built);
  g_assert_nonnull (strstr (body, "BizMagic"));
  g_assert_nonnull (strstr (body, "\r\n"));
  g_assert_null (strstr (body, "\n\n"));
  built_clear (&built);
}

static void
test_message_id_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GBytes) message = bms_message_build (FROM, NAME, TO, NULL, NULL, NULL, &id, NULL);

      g_assert_nonnull (message);
      g_assert_true (g_str_has_prefix (id, "<"));
      g_assert_true (g_str_has_suffix (id, "@example.co.jp>"));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, g_steal_pointer (&id));
    }
}

/* The domain of an IDN sender appears in ASCII in the Message-ID. */
static void
test_message_id_idn (void)
{
  g_autofree char *id = NULL;
  g_autoptr(GBytes) message = bms_message_build ("taro@例え.jp", NULL, TO, NULL, NULL, NULL, &id, NULL);

  g_assert_nonnull (message);
  g_assert_true (g_str_has_suffix (id, "@xn--r8jz45g.jp>"));
}

typedef struct {
  const char *from;
  const char *name;
  const char *to;
  const char *subject;
} BadInputCase;

static const BadInputCase bad_input_cases[] = {
  { FROM, "Taro\r\nBcc: victim@example.com", TO, "s" },
  { FROM, "Taro\nX", TO, "s" },
  { FROM, "Taro\rX", TO, "s" },
  { FROM, "Taro\tYamada", TO, "s" },
  { FROM, "Taro\x7f", TO, "s" },
  { FROM, "Taro\xc2\x85", TO, "s" },
  { FROM, "Taro\u2028", TO, "s" },
  { FROM, "\xff\xfe", TO, "s" },
  { FROM, NAME, TO, "Test\r\nBcc: victim@example.com" },
  { FROM, NAME, TO, "Test\n" },
  { FROM "\r\nBcc: x@y", NAME, TO, "s" },
  { FROM, NAME, TO "\n", "s" },
  { FROM, NAME, "a@b.c>\r\nX: y", "s" },
  { "no-at-sign", NAME, TO, "s" },
  { FROM, NAME, "a b@c.d", "s" },
  { NULL, NAME, TO, "s" },
  { FROM, NAME, NULL, "s" },
};

static void
test_bad_input (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_input_cases); i++)
    {
      const BadInputCase *test_case = &bad_input_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GBytes) message = bms_message_build (test_case->from, test_case->name, test_case->to,
                                                     test_case->subject, NULL, NULL, &id, &error);

      g_assert_null (message);
      g_assert_null (id);
      g_assert_error (error, BMS_MAIL_ERROR, BMS_PROBLEM_INVALID_INPUT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/japanese", test_japanese);
  g_test_add_func ("/message/long", test_long);
  g_test_add_func ("/message/ascii-names", test_ascii_names);
  g_test_add_func ("/message/defaults", test_defaults);
  g_test_add_func ("/message/message-id-unique", test_message_id_unique);
  g_test_add_func ("/message/message-id-idn", test_message_id_idn);
  g_test_add_func ("/message/bad-input", test_bad_input);

  return g_test_run ();
}
