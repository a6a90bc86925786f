/* bms-mutf7.c: strict modified UTF-7 (RFC 3501 §5.1.3) for IMAP folder names
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The decoder accepts exactly the strings that bms_mutf7_encode() can
 * produce, so that every wire name has one decoded form and every decoded
 * name one wire form: encode (decode (x)) == x and decode (encode (y)) == y.
 * A settings file keeps the wire name, the user sees the decoded one, and the
 * two must never drift apart. Choices where the RFC leaves room:
 *
 * - "&" at the very end of the name is BMS_MUTF7_ERROR_LONE_AMPERSAND, like
 *   "&" followed by anything that is neither "-" nor modified base64
 *   ("&!", "&=", "&/"): no shift starts there, so nothing is unterminated.
 * - Control characters (U+0001–U+001F, U+007F) are not printable ASCII, so
 *   the encoder puts them inside a shift and the decoder accepts them there.
 * - U+0000 inside a shift is refused as BMS_MUTF7_ERROR_BAD_UTF16: it cannot
 *   live in a C string, and no encoder input can contain it.
 * - A shift whose bits end in an odd byte, a superfluous base64 character
 *   (six or more spare bits) or non-zero spare bits is
 *   BMS_MUTF7_ERROR_NON_CANONICAL, as are two shifts with nothing between them.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-mutf7.h"

G_DEFINE_QUARK (bms-mutf7-error-quark, bms_mutf7_error)

static const char base64_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static inline gboolean
is_printable_ascii (gunichar c)
{
  return c >= 0x20 && c <= 0x7e;
}

/* The 6-bit value of each modified base64 character ("+" 62, "," 63,
 * "0"–"9" 52–61, "A"–"Z" 0–25, "a"–"z" 26–51), -1 for any other byte: a
 * table, since most of a Japanese folder name is base64. */
static const gint8 base64_values[256] = {
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, 63, -1, -1, -1,
  52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
  -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
  15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
  -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

/* Returns the 6-bit value of a modified base64 character, or -1; a byte
 * above 0x7f is in the table too, which saves a test per character. */
static inline int
base64_value (char c)
{
  return base64_values[(guchar) c];
}

/* Decoding */

/* The decoded name is written straight into a buffer of its largest
 * size (see bms_mutf7_max_decoded_length()). Folder lists run to
 * thousands of names: a GString and its appends were most of the
 * decoding time. */
typedef struct {
  char     *out;            /* where the next byte goes */
  gsize     shift_start;    /* byte offset of the "&", for messages */
  guint64   bits;           /* pending bits, the newest in the lowest places */
  guint     n_bits;         /* how many of the lowest bits are pending */
  gunichar  high_surrogate; /* 0 when no high surrogate waits for its pair */
} ShiftDecoder;

/* Every unit that is not the common case of shift_decoder_take_unit(). */
static gboolean
shift_decoder_take_rare_unit (ShiftDecoder  *decoder,
                              gunichar       unit,
                              GError       **error)
{
  if (decoder->high_surrogate != 0)
    {
      gunichar high = decoder->high_surrogate;

      if (unit < 0xdc00 || unit > 0xdfff)
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_BAD_UTF16,
                       _("The shift at byte %lu holds the high surrogate U+%04X without its low half"),
                       (gulong) decoder->shift_start, high);
          return FALSE;
        }

      decoder->high_surrogate = 0;
      decoder->out += g_unichar_to_utf8 (0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00),
                                         decoder->out);
      return TRUE;
    }

  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      decoder->high_surrogate = unit;
      return TRUE;
    }

  if (unit >= 0xdc00 && unit <= 0xdfff)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_BAD_UTF16,
                   _("The shift at byte %lu holds the low surrogate U+%04X without its high half"),
                   (gulong) decoder->shift_start, unit);
      return FALSE;
    }

  if (unit == 0)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_BAD_UTF16,
                   _("The shift at byte %lu holds U+0000, which a folder name cannot contain"),
                   (gulong) decoder->shift_start);
      return FALSE;
    }

  if (is_printable_ascii (unit))
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_ENCODED_ASCII,
                   _("The shift at byte %lu encodes the printable character “%c”, which must stand for itself"),
                   (gulong) decoder->shift_start, (char) unit);
      return FALSE;
    }

  /* Below U+0800 and not printable: one or two bytes of UTF-8. */
  if (unit < 0x80)
    *decoder->out++ = unit;
  else
    {
      *decoder->out++ = 0xc0 | (unit >> 6);
      *decoder->out++ = 0x80 | (unit & 0x3f);
    }
  return TRUE;
}

/* Most units of a Japanese name are three bytes of UTF-8 and none of the
 * cases that shift_decoder_take_rare_unit() checks for; they are written
 * here, without a call (g_unichar_to_utf8() showed in profiles of long
 * folder lists). */
static inline gboolean
shift_decoder_take_unit (ShiftDecoder  *decoder,
                         gunichar       unit,
                         GError       **error)
{
  if (G_UNLIKELY (unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ||
                  decoder->high_surrogate != 0))
    return shift_decoder_take_rare_unit (decoder, unit, error);

  decoder->out[0] = 0xe0 | (unit >> 12);
  decoder->out[1] = 0x80 | ((unit >> 6) & 0x3f);
  decoder->out[2] = 0x80 | (unit & 0x3f);
  decoder->out += 3;
  return TRUE;
}

/* A canonical shift ends on a whole UTF-16 unit followed by fewer than six
 * spare bits, all zero: one base64 character more or less, or any other
 * spare bits, and the encoder could not have written it. */
static gboolean
shift_decoder_finish (ShiftDecoder  *decoder,
                      GError       **error)
{
  if (decoder->n_bits >= 8)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NON_CANONICAL,
                   _("The shift at byte %lu ends in half a UTF-16 unit"),
                   (gulong) decoder->shift_start);
      return FALSE;
    }

  if (decoder->n_bits >= 6)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NON_CANONICAL,
                   _("The shift at byte %lu has a superfluous base64 character"),
                   (gulong) decoder->shift_start);
      return FALSE;
    }

  if ((decoder->bits & ((G_GUINT64_CONSTANT (1) << decoder->n_bits) - 1)) != 0)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NON_CANONICAL,
                   _("The shift at byte %lu ends in non-zero padding bits"),
                   (gulong) decoder->shift_start);
      return FALSE;
    }

  if (decoder->high_surrogate != 0)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_BAD_UTF16,
                   _("The shift at byte %lu ends with the high surrogate U+%04X without its low half"),
                   (gulong) decoder->shift_start, decoder->high_surrogate);
      return FALSE;
    }

  return TRUE;
}

/* Reads up to @n (at most 8) base64 characters into @group, stopping at
 * the first byte that is not base64; returns how many it read. */
static inline gsize
read_base64 (const char *chars,
             gsize       n,
             guint64    *group)
{
  gsize k;

  *group = 0;
  for (k = 0; k < n; k++)
    {
      int value = base64_value (chars[k]);

      if (value < 0)
        break;
      *group = (*group << 6) | (guint) value;
    }

  return k;
}

/* Takes the bits of up to eight base64 characters, and every whole unit
 * they complete. Fewer than 16 bits are ever pending before them, so 64
 * are enough; only the lowest n_bits count, older ones may stay above. */
static gboolean
shift_decoder_take_bits (ShiftDecoder  *decoder,
                         guint64        group,
                         guint          n_bits,
                         GError       **error)
{
  decoder->bits = (decoder->bits << n_bits) | group;
  decoder->n_bits += n_bits;

  while (decoder->n_bits >= 16)
    {
      decoder->n_bits -= 16;
      if (!shift_decoder_take_unit (decoder, (decoder->bits >> decoder->n_bits) & 0xffff, error))
        return FALSE;
    }

  return TRUE;
}

/* Decodes the shift whose "&" is at @start and whose first base64 character
 * is the one after it. Returns the offset just past its closing "-". */
static gboolean
decode_shift (const char  *wire_name,
              gsize        length,
              gsize        start,
              char       **out,
              gsize       *end,
              GError     **error)
{
  ShiftDecoder decoder = { *out, start, 0, 0, 0 };
  gsize i = start + 1;
  gsize n;
  gsize n_read;

  /* Up to eight characters at a time (48 bits, three units), and the
   * units they complete after them: read one at a time, each with its own
   * test for a whole unit, base64 characters cost about 25 instructions
   * each in the benchmark's 10,000-folder list, now about 11 (callgrind). */
  do
    {
      guint64 group;

      n = MIN (length - i, 8);
      n_read = read_base64 (wire_name + i, n, &group);
      if (!shift_decoder_take_bits (&decoder, group, n_read * 6, error))
        return FALSE;
      i += n_read;
    }
  while (n_read == 8 && i < length);

  if (i == length)
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_UNTERMINATED,
                   _("The shift at byte %lu has no closing “-”"),
                   (gulong) start);
      return FALSE;
    }

  if (wire_name[i] != '-')
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_BAD_BASE64,
                   _("Byte %lu, “%c”, is not modified base64"),
                   (gulong) i, wire_name[i]);
      return FALSE;
    }

  if (!shift_decoder_finish (&decoder, error))
    return FALSE;

  *out = decoder.out;
  *end = i + 1;
  return TRUE;
}

/**
 * bms_mutf7_max_decoded_length:
 * @wire_length: the length of a wire name in bytes
 *
 * Printable ASCII stays one byte and "&-" shrinks to one. A shift of k
 * base64 characters holds floor (6k / 16) UTF-16 units, each three bytes
 * of UTF-8 at most (a surrogate pair, two units, four), so
 * 3 floor (6k / 16) <= k + floor (k / 8) bytes: never more than an eighth
 * longer than its base64.
 *
 * Returns: the most bytes that decoding @wire_length bytes can give, the
 *   terminating NUL not counted
 */
gsize
bms_mutf7_max_decoded_length (gsize wire_length)
{
  return wire_length + wire_length / 8;
}

static gboolean
check_printable_ascii (const char  *wire_name,
                       gsize        length,
                       GError     **error)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!is_printable_ascii ((guchar) wire_name[i]))
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NOT_ASCII,
                       _("Byte %lu, 0x%02X, is not printable US-ASCII"),
                       (gulong) i, (guint) (guchar) wire_name[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Decodes @wire_name into @out, which has room for the largest result, and
 * returns where the result ends. A byte that is not printable ASCII is met
 * here where it stands for itself (with no error set: the caller looks for
 * it, see below) or makes a shift fail. */
static char *
decode_into (const char  *wire_name,
             gsize        length,
             char        *out,
             GError     **error)
{
  gboolean after_shift = FALSE;
  gsize i = 0;

  while (i < length)
    {
      char next;

      if (wire_name[i] != '&')
        {
          if (!is_printable_ascii ((guchar) wire_name[i]))
            return NULL;
          *out++ = wire_name[i];
          after_shift = FALSE;
          i++;
          continue;
        }

      next = i + 1 < length ? wire_name[i + 1] : '\0';

      if (next == '-')
        {
          *out++ = '&';
          after_shift = FALSE;
          i += 2;
          continue;
        }

      if (base64_value (next) < 0)
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_LONE_AMPERSAND,
                       _("The “&” at byte %lu is neither “&-” nor the start of a shift"),
                       (gulong) i);
          return NULL;
        }

      /* The encoder writes one shift for a whole run of characters. */
      if (after_shift)
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NON_CANONICAL,
                       _("The shift at byte %lu directly follows another one"),
                       (gulong) i);
          return NULL;
        }

      if (!decode_shift (wire_name, length, i, &out, &i, error))
        return NULL;

      after_shift = TRUE;
    }

  *out = '\0';
  return out;
}

/**
 * bms_mutf7_decode_into:
 * @wire_name: a folder name as the IMAP server sends it, not NUL-terminated
 * @wire_length: its length in bytes
 * @out: room for bms_mutf7_max_decoded_length (@wire_length) + 1 bytes
 * @decoded_length: (out): the length of the name written into @out, which
 *   is NUL-terminated
 * @error: return location for a #BMS_MUTF7_ERROR
 *
 * As bms_mutf7_decode(), into a buffer of the caller's. A NUL byte in @wire_name is
 * BMS_MUTF7_ERROR_NOT_ASCII.
 *
 * Returns: whether @wire_name is exactly what a correct modified UTF-7
 *   encoder produces; @out holds nothing useful when not
 */
gboolean
bms_mutf7_decode_into (const char  *wire_name,
                       gsize        wire_length,
                       char        *out,
                       gsize       *decoded_length,
                       GError     **error)
{
  g_autoptr(GError) decode_error = NULL;
  char *end;

  g_return_val_if_fail (wire_name != NULL || wire_length == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  end = decode_into (wire_name, wire_length, out, error != NULL ? &decode_error : NULL);
  if (end != NULL)
    {
      if (decoded_length != NULL)
        *decoded_length = end - out;
      return TRUE;
    }

  /* A name is read in one pass, but a byte that is not printable ASCII
   * is the error wherever it stands, as if the whole name had been
   * checked for one first. */
  if (check_printable_ascii (wire_name, wire_length, error) && decode_error != NULL)
    g_propagate_error (error, g_steal_pointer (&decode_error));

  return FALSE;
}

/**
 * bms_mutf7_decode:
 * @wire_name: a folder name as the IMAP server sends it
 * @error: return location for a #BMS_MUTF7_ERROR
 *
 * Returns: (transfer full): the name in UTF-8, or %NULL if @wire_name is not
 *   exactly what a correct modified UTF-7 encoder produces
 */
char *
bms_mutf7_decode (const char  *wire_name,
                  GError     **error)
{
  g_autofree char *decoded = NULL;
  gsize length;

  g_return_val_if_fail (wire_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  length = strlen (wire_name);
  decoded = g_malloc (bms_mutf7_max_decoded_length (length) + 1);
  if (!bms_mutf7_decode_into (wire_name, length, decoded, NULL, error))
    return NULL;

  return g_steal_pointer (&decoded);
}

/* Encoding */

typedef struct {
  GString *out;
  guint32  bits;
  guint    n_bits;
  gboolean open;
} ShiftEncoder;

static void
shift_encoder_push_unit (ShiftEncoder *encoder,
                         gunichar      unit)
{
  encoder->bits = (encoder->bits << 16) | unit;
  encoder->n_bits += 16;

  while (encoder->n_bits >= 6)
    {
      encoder->n_bits -= 6;
      g_string_append_c (encoder->out,
                         base64_alphabet[(encoder->bits >> encoder->n_bits) & 0x3f]);
    }

  encoder->bits &= (1u << encoder->n_bits) - 1;
}

static void
shift_encoder_push (ShiftEncoder *encoder,
                    gunichar      c)
{
  if (!encoder->open)
    {
      g_string_append_c (encoder->out, '&');
      encoder->open = TRUE;
    }

  if (c >= 0x10000)
    {
      shift_encoder_push_unit (encoder, 0xd800 + ((c - 0x10000) >> 10));
      shift_encoder_push_unit (encoder, 0xdc00 + ((c - 0x10000) & 0x3ff));
    }
  else
    {
      shift_encoder_push_unit (encoder, c);
    }
}

/* Writes the last bits padded with zeros, then the "-" that every shift
 * ends with, even before a character that is not base64. */
static void
shift_encoder_close (ShiftEncoder *encoder)
{
  if (!encoder->open)
    return;

  if (encoder->n_bits > 0)
    g_string_append_c (encoder->out,
                       base64_alphabet[(encoder->bits << (6 - encoder->n_bits)) & 0x3f]);

  g_string_append_c (encoder->out, '-');
  encoder->bits = 0;
  encoder->n_bits = 0;
  encoder->open = FALSE;
}

/**
 * bms_mutf7_encode:
 * @utf8_name: a folder name in UTF-8
 * @error: return location for a #BMS_MUTF7_ERROR
 *
 * Returns: (transfer full): the name as an IMAP server expects it, or %NULL
 *   if @utf8_name is not valid UTF-8
 */
char *
bms_mutf7_encode (const char  *utf8_name,
                  GError     **error)
{
  g_autoptr(GString) out = NULL;
  ShiftEncoder encoder = { NULL, 0, 0, FALSE };
  const char *invalid = NULL;

  g_return_val_if_fail (utf8_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (utf8_name, -1, &invalid))
    {
      g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_INVALID_UTF8,
                   _("The folder name is not valid UTF-8 at byte %lu"),
                   (gulong) (invalid - utf8_name));
      return NULL;
    }

  out = g_string_sized_new (strlen (utf8_name) * 2);
  encoder.out = out;

  for (const char *p = utf8_name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_printable_ascii (c))
        {
          shift_encoder_push (&encoder, c);
          continue;
        }

      shift_encoder_close (&encoder);

      if (c == '&')
        g_string_append (out, "&-");
      else
        g_string_append_c (out, (char) c);
    }

  shift_encoder_close (&encoder);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
