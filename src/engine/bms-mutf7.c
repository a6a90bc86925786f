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
static const gint8 base64_values[128] = {
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, 63, -1, -1, -1,
  52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
  -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
  15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
  -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
};

/* Returns the 6-bit value of a modified base64 character, or -1. */
static inline int
base64_value (char c)
{
  return (guchar) c < 128 ? base64_values[(guchar) c] : -1;
}

/* Decoding */

/* The decoded name is written straight into a buffer of its largest
 * size (see max_decoded_length()). Folder lists run to thousands of names:
 * a GString and its appends were most of the decoding time. */
typedef struct {
  char     *out;           /* where the next byte goes */
  gsize     shift_start;   /* byte offset of the "&", for messages */
  guint32   bits;          /* pending bits, the newest in the lowest places */
  guint     n_bits;
  gunichar  high_surrogate; /* 0 when no high surrogate waits for its pair */
} ShiftDecoder;

static gboolean
shift_decoder_take_unit (ShiftDecoder  *decoder,
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

  /* A unit of the BMP, not a surrogate, written here: g_unichar_to_utf8()
   * showed in profiles of long folder lists. */
  if (unit < 0x80)
    *decoder->out++ = unit;
  else if (unit < 0x800)
    {
      *decoder->out++ = 0xc0 | (unit >> 6);
      *decoder->out++ = 0x80 | (unit & 0x3f);
    }
  else
    {
      *decoder->out++ = 0xe0 | (unit >> 12);
      *decoder->out++ = 0x80 | ((unit >> 6) & 0x3f);
      *decoder->out++ = 0x80 | (unit & 0x3f);
    }
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

  if ((decoder->bits & ((1u << decoder->n_bits) - 1)) != 0)
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

/* Decodes the shift whose "&" is at @start and whose first base64 character
 * is the one after it. Returns the offset just past its closing "-". */
static gboolean
decode_shift (const char  *wire_name,
              gsize        start,
              char       **out,
              gsize       *end,
              GError     **error)
{
  ShiftDecoder decoder = { *out, start, 0, 0, 0 };
  gsize i;

  for (i = start + 1; wire_name[i] != '-'; i++)
    {
      int value;

      if (wire_name[i] == '\0')
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_UNTERMINATED,
                       _("The shift at byte %lu has no closing “-”"),
                       (gulong) start);
          return FALSE;
        }

      value = base64_value (wire_name[i]);
      if (value < 0)
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_BAD_BASE64,
                       _("Byte %lu, “%c”, is not modified base64"),
                       (gulong) i, wire_name[i]);
          return FALSE;
        }

      /* At most 15 + 6 bits are ever pending, so 32 bits are enough. */
      decoder.bits = (decoder.bits << 6) | (guint32) value;
      decoder.n_bits += 6;

      if (decoder.n_bits >= 16)
        {
          gunichar unit = (decoder.bits >> (decoder.n_bits - 16)) & 0xffff;

          decoder.n_bits -= 16;
          decoder.bits &= (1u << decoder.n_bits) - 1;

          /* Most units of a Japanese name: three bytes of UTF-8, none of
           * the cases shift_decoder_take_unit() checks for. */
          if (unit >= 0x800 && (unit < 0xd800 || unit > 0xdfff) && decoder.high_surrogate == 0)
            {
              decoder.out[0] = 0xe0 | (unit >> 12);
              decoder.out[1] = 0x80 | ((unit >> 6) & 0x3f);
              decoder.out[2] = 0x80 | (unit & 0x3f);
              decoder.out += 3;
            }
          else if (!shift_decoder_take_unit (&decoder, unit, error))
            return FALSE;
        }
    }

  if (!shift_decoder_finish (&decoder, error))
    return FALSE;

  *out = decoder.out;
  *end = i + 1;
  return TRUE;
}

/* Printable ASCII stays one byte and "&-" shrinks to one. A shift of k
 * base64 characters holds floor (6k / 16) UTF-16 units, each three bytes
 * of UTF-8 at most (a surrogate pair, two units, four), so
 * 3 floor (6k / 16) <= k + floor (k / 8) bytes: never more than an eighth
 * longer than its base64. */
static gsize
max_decoded_length (gsize wire_length)
{
  return wire_length + wire_length / 8;
}

static gboolean
check_printable_ascii (const char  *wire_name,
                       GError     **error)
{
  for (gsize i = 0; wire_name[i] != '\0'; i++)
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

/* Decodes @wire_name into @out, which has room for the largest result.
 * A byte that is not printable ASCII is met here where it stands for
 * itself (with no error set: the caller looks for it, see below) or makes
 * a shift fail. */
static gboolean
decode_into (const char  *wire_name,
             char        *out,
             GError     **error)
{
  gboolean after_shift = FALSE;
  gsize i = 0;

  while (wire_name[i] != '\0')
    {
      char next;

      if (wire_name[i] != '&')
        {
          if (!is_printable_ascii ((guchar) wire_name[i]))
            return FALSE;
          *out++ = wire_name[i];
          after_shift = FALSE;
          i++;
          continue;
        }

      next = wire_name[i + 1];

      if (next == '-')
        {
          *out++ = '&';
          after_shift = FALSE;
          i += 2;
          continue;
        }

      if (next == '\0' || base64_value (next) < 0)
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_LONE_AMPERSAND,
                       _("The “&” at byte %lu is neither “&-” nor the start of a shift"),
                       (gulong) i);
          return FALSE;
        }

      /* The encoder writes one shift for a whole run of characters. */
      if (after_shift)
        {
          g_set_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_NON_CANONICAL,
                       _("The shift at byte %lu directly follows another one"),
                       (gulong) i);
          return FALSE;
        }

      if (!decode_shift (wire_name, i, &out, &i, error))
        return FALSE;

      after_shift = TRUE;
    }

  *out = '\0';
  return TRUE;
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
  g_autoptr(GError) decode_error = NULL;

  g_return_val_if_fail (wire_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  decoded = g_malloc (max_decoded_length (strlen (wire_name)) + 1);
  if (decode_into (wire_name, decoded, error != NULL ? &decode_error : NULL))
    return g_steal_pointer (&decoded);

  /* A name is read in one pass, but a byte that is not printable ASCII
   * is the error wherever it stands, as if the whole name had been
   * checked for one first. */
  if (check_printable_ascii (wire_name, error) && decode_error != NULL)
    g_propagate_error (error, g_steal_pointer (&decode_error));

  return NULL;
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
