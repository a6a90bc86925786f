/* test-mutf7.c: the modified UTF-7 codec, both directions, good and bad names
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "bms-mutf7.h"

/* The wire forms below were computed with Python's utf-16-be codec and its
 * base64 module ("/" replaced by ",", padding dropped), not with our encoder;
 * the Gmail folder names among them agree with what Gmail itself lists. */
typedef struct {
  const char *test_name;
  const char *utf8;
  const char *wire;
} NamePair;

static const NamePair name_pairs[] = {
  { "gmail-all-mail", "[Gmail]/すべてのメール", "[Gmail]/&MFkweTBmMG4w4TD8MOs-" },
  { "gmail-trash", "[Gmail]/ゴミ箱", "[Gmail]/&MLQw33ux-" },
  { "gmail-starred", "[Gmail]/スター付き", "[Gmail]/&MLkwvzD8TtgwTQ-" },
  { "gmail-drafts", "[Gmail]/下書き", "[Gmail]/&Tgtm+DBN-" },
  { "gmail-spam", "[Gmail]/迷惑メール", "[Gmail]/&j,dg0TDhMPww6w-" },
  { "gmail-sent", "[Gmail]/送信済みメール", "[Gmail]/&kAFP4W4IMH8w4TD8MOs-" },
  { "gmail-important", "[Gmail]/重要", "[Gmail]/&kc2JgQ-" },
  { "gmail-parent", "[Gmail]", "[Gmail]" },
  { "inbox", "INBOX", "INBOX" },
  { "empty", "", "" },
  { "ampersand", "R&D", "R&-D" },
  { "ampersands-only", "&&", "&-&-" },
  { "ampersand-and-dashes", "a-&-b", "a-&--b" },
  { "plus-comma-space", "a b+c,d", "a b+c,d" },
  { "quotes-backslash", "x\"y\\z", "x\"y\\z" },
  { "all-printable-specials", " !\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~",
    " !\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~" },
  { "smiley", "☺", "&Jjo-" },
  { "smiley-then-ampersand", "☺&", "&Jjo-&-" },
  { "smiley-then-dash", "☺-", "&Jjo--" },
  { "two-runs", "☺a☺", "&Jjo-a&Jjo-" },
  { "two-runs-around-ampersand", "é&é", "&AOk-&-&AOk-" },
  { "latin1", "Ä", "&AMQ-" },
  { "latin1-pair", "üñ", "&APwA8Q-" },
  { "euro-runs", "€a€", "&IKw-a&IKw-" },
  { "german-folder", "Projekt/ß", "Projekt/&AN8-" },
  { "three-kanji", "日本語", "&ZeVnLIqe-" },
  { "halfwidth-katakana", "ｶﾀｶﾅ", "&,3b,gP92,4U-" },
  { "chinese-path", "中文/簡体", "&Ti1lhw-/&fCFPUw-" },
  { "cyrillic", "привет", "&BD8EQAQ4BDIENQRC-" },
  { "emoji", "😀", "&2D3eAA-" },
  { "emoji-in-ascii", "a😀b", "a&2D3eAA-b" },
  { "supplementary-kanji", "𠮷野家", "&2ELft5HOW7Y-" },
  { "mixed-runs", "受信トレイ/😀&🎉", "&U9dP4TDIMOwwpA-/&2D3eAA-&-&2DzfiQ-" },
  { "tab", "a\tb", "a&AAk-b" },
  { "delete", "\x7f", "&AH8-" },
  { "control-then-ascii", "\x01x", "&AAE-x" },
  { "noncharacter-ffff", "\xef\xbf\xbf", "&,,8-" },
  { "noncharacter-fffe", "\xef\xbf\xbe", "&,,4-" },
  { "last-code-point", "\xf4\x8f\xbf\xbf", "&2,,f,w-" },
  /* Shifts of eight base64 characters and more, which are decoded eight
   * at a time: exactly eight, eight and a rest, pairs across the eights. */
  { "three-units", "営業部", "&VbZpbZDo-" },
  { "seven-units", "ニュースレター", "&MMsw5TD8MLkw7DC,MPw-" },
  { "long-levels", "会議室予約/ニュースレター", "&TxqLcFukToh9BA-/&MMsw5TD8MLkw7DC,MPw-" },
  { "nine-units", "あああああああああ", "&MEIwQjBCMEIwQjBCMEIwQjBC-" },
  { "emoji-run", "😀😀😀😀", "&2D3eANg93gDYPd4A2D3eAA-" },
  { "pair-across-eights", "あい😀うえ", "&MEIwRNg93gAwRjBI-" },
  { "all-widths", "é😀あ€ß", "&AOnYPd4AMEIgrADf-" },
};

typedef struct {
  const char   *test_name;
  const char   *wire;
  BmsMutf7Error code;
} BadWire;

static const BadWire bad_wires[] = {
  { "lone-ampersand", "&", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "ampersand-at-end", "R&", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "ampersand-bang", "&!", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "ampersand-equals", "&=", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "ampersand-slash", "&/wA-", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "ampersand-space", "R& D", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "ampersand-after-shift", "&Jjo-&", BMS_MUTF7_ERROR_LONE_AMPERSAND },
  { "unterminated", "&Jjo", BMS_MUTF7_ERROR_UNTERMINATED },
  { "unterminated-second", "a&Jjo-b&Jjo", BMS_MUTF7_ERROR_UNTERMINATED },
  { "unterminated-one-char", "&J", BMS_MUTF7_ERROR_UNTERMINATED },
  { "bad-char-in-shift", "&Jjo!-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "padding-in-shift", "&AMQ=-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "padding-unterminated", "&Jjo=", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "slash-in-shift", "&Jj/o-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "ampersand-in-shift", "&Jj&o-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "space-in-shift", "&Jj o-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "encoded-a", "&AGE-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "encoded-ampersand", "&ACY-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "encoded-space", "&ACA-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "encoded-tilde", "&AH4-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "encoded-a-after-latin1", "&AMQAYQ-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "adjacent-shifts", "&Jjo-&Jjo-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "adjacent-shifts-in-name", "[Gmail]/&kAFP4W4IMH8w4TD8-&MOs-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "nonzero-padding", "&Jjp-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "nonzero-padding-latin1", "&AMR-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "superfluous-char-alone", "&A-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "superfluous-char", "&ZeVnLIqeA-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "odd-bytes-one", "&Jg-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "odd-bytes-three", "&Jjom-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "odd-bytes-extra-char", "&JjoA-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "high-surrogate-alone", "&2D0-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "high-surrogate-then-bmp", "&2D0mOg-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "high-high-low", "&2D3YPd4A-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "low-surrogate-alone", "&3gA-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "low-surrogate-then-bmp", "&3gAmOg-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "bmp-then-low-surrogate", "&JjreAA-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "pair-split-by-ascii", "&2D0-x&3gA-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "nul", "&AAA-", BMS_MUTF7_ERROR_BAD_UTF16 },
  /* The same faults among eight base64 characters decoded at once. */
  { "encoded-a-in-eight", "&MEIAYTBE-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "high-surrogate-then-bmp-in-eight", "&MELYPTBE-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "low-surrogate-alone-in-eight", "&MEIwRN4A-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "nul-in-eight", "&MEIAADBE-", BMS_MUTF7_ERROR_BAD_UTF16 },
  { "bad-char-in-eight", "&VbZp!bZDo-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "bad-char-after-eight", "&VbZpbZDo!-", BMS_MUTF7_ERROR_BAD_BASE64 },
  { "unterminated-after-eight", "&VbZpbZDo", BMS_MUTF7_ERROR_UNTERMINATED },
  { "unterminated-after-sixteen", "&VbZpbZDoVbZpbZDo", BMS_MUTF7_ERROR_UNTERMINATED },
  { "superfluous-char-after-eight", "&VbZpbZDoA-", BMS_MUTF7_ERROR_NON_CANONICAL },
  { "encoded-a-before-bad-char", "&MEIAYTBE!-", BMS_MUTF7_ERROR_ENCODED_ASCII },
  { "raw-utf8", "[Gmail]/送信済みメール", BMS_MUTF7_ERROR_NOT_ASCII },
  { "latin1-byte", "caf\xe9", BMS_MUTF7_ERROR_NOT_ASCII },
  { "high-byte-in-shift", "&Jjo\x80-", BMS_MUTF7_ERROR_NOT_ASCII },
  { "tab", "a\tb", BMS_MUTF7_ERROR_NOT_ASCII },
  { "newline", "INBOX\n", BMS_MUTF7_ERROR_NOT_ASCII },
  { "delete", "\x7f", BMS_MUTF7_ERROR_NOT_ASCII },
};

typedef struct {
  const char *test_name;
  const char *bytes;
} BadUtf8;

static const BadUtf8 bad_utf8s[] = {
  { "stray-continuation", "a\x80" },
  { "byte-ff", "\xff" },
  { "latin1", "caf\xe9" },
  { "truncated-sequence", "abc\xe3\x81" },
  { "overlong-slash", "\xc0\xaf" },
  { "encoded-surrogate", "\xed\xa0\x80" },
  { "beyond-10ffff", "\xf4\x90\x80\x80" },
};

static void
test_decode (gconstpointer data)
{
  const NamePair *pair = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = bms_mutf7_decode (pair->wire, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (decoded, ==, pair->utf8);
}

/* Into a buffer of exactly the size promised (a sanitizer build catches a
 * byte more), from bytes that are not NUL-terminated. */
static void
test_decode_into (gconstpointer data)
{
  const NamePair *pair = data;
  gsize wire_length = strlen (pair->wire);
  g_autofree char *wire = g_strconcat (pair->wire, "&", NULL);  /* a lone "&" after the name */
  g_autofree char *out = g_malloc (bms_mutf7_max_decoded_length (wire_length) + 1);
  g_autoptr(GError) error = NULL;
  gsize decoded_length = 0;

  g_assert_true (bms_mutf7_decode_into (wire, wire_length, out, &decoded_length, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, pair->utf8);
  g_assert_cmpuint (decoded_length, ==, strlen (pair->utf8));
}

static void
test_decode_into_errors (void)
{
  char out[64];
  g_autoptr(GError) error = NULL;

  /* The shift ends before its "-", which lies beyond the length. */
  g_assert_false (bms_mutf7_decode_into ("&kc2JgQ-", 7, out, NULL, &error));
  g_assert_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_UNTERMINATED);
  g_clear_error (&error);

  /* "&" as the last byte within the length. */
  g_assert_false (bms_mutf7_decode_into ("R&-", 2, out, NULL, &error));
  g_assert_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_LONE_AMPERSAND);
  g_clear_error (&error);

  /* A NUL within the length is a byte that is not printable ASCII. */
  g_assert_false (bms_mutf7_decode_into ("a\0b&kc2JgQ-", 11, out, NULL, &error));
  g_assert_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NOT_ASCII);
  g_clear_error (&error);

  g_assert_true (bms_mutf7_decode_into ("", 0, out, NULL, NULL));
  g_assert_cmpstr (out, ==, "");
}

static void
test_encode (gconstpointer data)
{
  const NamePair *pair = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = bms_mutf7_encode (pair->utf8, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (encoded, ==, pair->wire);
}

static void
test_decode_error (gconstpointer data)
{
  const BadWire *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = bms_mutf7_decode (bad->wire, &error);
  g_autofree char *escaped = g_strescape (bad->wire, NULL);

  g_assert_error (error, BMS_MUTF7_ERROR, bad->code);
  g_assert_null (decoded);
  g_test_message ("%s: %s", escaped, error->message);
}

static void
test_encode_error (gconstpointer data)
{
  const BadUtf8 *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = bms_mutf7_encode (bad->bytes, &error);

  g_assert_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_INVALID_UTF8);
  g_assert_null (encoded);
}

/* Mostly characters that stress the shifts: printable ASCII next to them,
 * "&" and "-", controls, the BMP and the planes that need surrogate pairs. */
static gunichar
random_character (void)
{
  gunichar c;

  switch (g_test_rand_int_range (0, 8))
    {
    case 0:
      return "&-+,/ A"[g_test_rand_int_range (0, 7)];
    case 1:
      return g_test_rand_int_range (0x20, 0x7f);
    case 2:
      return g_test_rand_int_range (0x01, 0x20);
    case 3:
      return g_test_rand_int_range (0x7f, 0x800);
    case 4:
      return g_test_rand_int_range (0x3040, 0x9fb0);
    case 5:
      return g_test_rand_int_range (0x10000, 0x110000);
    default:
      /* Anywhere in the BMP except the surrogates, which UTF-8 cannot hold. */
      do
        c = g_test_rand_int_range (0x80, 0x10000);
      while (c >= 0xd800 && c <= 0xdfff);
      return c;
    }
}

static void
test_random_round_trip (void)
{
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *encoded = NULL;
      g_autofree char *decoded = NULL;
      int length = g_test_rand_int_range (0, 24);

      for (int j = 0; j < length; j++)
        g_string_append_unichar (name, random_character ());

      encoded = bms_mutf7_encode (name->str, &error);
      g_assert_no_error (error);
      for (const char *p = encoded; *p != '\0'; p++)
        g_assert_true (*p >= 0x20 && *p <= 0x7e);

      decoded = bms_mutf7_decode (encoded, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (decoded, ==, name->str);
    }
}

/* The other direction: a wire name that decodes at all must be exactly the
 * one our encoder writes for it. Random strings of pieces that matter to the
 * decoder (whole shifts, their fragments, "&", "-" and characters outside
 * the base64 set) hit both the good forms and the bad ones. */
static const char * const wire_pieces[] = {
  "&", "-", "&-", "&Jjo-", "&2D3eAA-", "&AOk-", "&AGE-",
  "A", "j", "o", "2D", "3e", "+", ",", "=", "/", " ", "a",
};

static void
test_random_wire_is_canonical (void)
{
  guint n_decoded = 0;
  guint n_refused = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) wire = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *decoded = NULL;
      g_autofree char *encoded = NULL;
      int n_pieces = g_test_rand_int_range (0, 8);

      for (int j = 0; j < n_pieces; j++)
        g_string_append (wire, wire_pieces[g_test_rand_int_range (0, G_N_ELEMENTS (wire_pieces))]);

      decoded = bms_mutf7_decode (wire->str, &error);
      if (decoded == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == BMS_MUTF7_ERROR);
          n_refused++;
          continue;
        }

      g_assert_no_error (error);
      encoded = bms_mutf7_encode (decoded, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (encoded, ==, wire->str);
      n_decoded++;
    }

  /* Both outcomes must have happened, or the test proved nothing. */
  g_assert_cmpuint (n_decoded, >, 100);
  g_assert_cmpuint (n_refused, >, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (name_pairs); i++)
    {
      g_autofree char *decode_path = g_strdup_printf ("/mutf7/decode/%s", name_pairs[i].test_name);
      g_autofree char *encode_path = g_strdup_printf ("/mutf7/encode/%s", name_pairs[i].test_name);
      g_autofree char *into_path = g_strdup_printf ("/mutf7/decode-into/%s", name_pairs[i].test_name);

      g_test_add_data_func (decode_path, &name_pairs[i], test_decode);
      g_test_add_data_func (encode_path, &name_pairs[i], test_encode);
      g_test_add_data_func (into_path, &name_pairs[i], test_decode_into);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_wires); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mutf7/decode-error/%s", bad_wires[i].test_name);

      g_test_add_data_func (path, &bad_wires[i], test_decode_error);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_utf8s); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mutf7/encode-error/%s", bad_utf8s[i].test_name);

      g_test_add_data_func (path, &bad_utf8s[i], test_encode_error);
    }

  g_test_add_func ("/mutf7/decode-into/errors", test_decode_into_errors);
  g_test_add_func ("/mutf7/random/round-trip", test_random_round_trip);
  g_test_add_func ("/mutf7/random/wire-is-canonical", test_random_wire_is_canonical);

  return g_test_run ();
}
