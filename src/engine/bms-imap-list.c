/* bms-imap-list.c: reads the server's answer to LIST into folders.
 *
 * The grammar is RFC 3501's mailbox-list, with RFC 5258's extended data
 * after the name skipped, and a little give where servers are known to
 * stray: several spaces where one belongs, a lone LF for CRLF, and eight-bit
 * bytes in atoms (the folder then shows its name as it came, marked
 * invalid, instead of disappearing).
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-folder-private.h"
#include "bms-imap-list.h"
#include "bms-imap-response.h"

/* Servers send one to three attributes; a response with more takes the
 * slower way of a GArray. */
#define INLINE_ATTRIBUTES 8

/* What is read is kept as slices of the response, not copied: a 10,000-line
 * answer would otherwise cost tens of thousands of small strings before
 * the folders make their own. */
typedef struct {
  const char     *p;
  const char     *end;         /* the response's last line end excluded */
  const char     *reason;      /* why reading stopped, untranslated */
  GString        *unescaped;   /* a quoted string with escapes, unescaped */
  BmsFolderSlice  attributes[INLINE_ATTRIBUTES];
  GArray         *more_attributes;  /* all of them, when there are more */
  guint           n_attributes;
} Reader;

static void
reader_clear (Reader *reader)
{
  if (reader->unescaped != NULL)
    g_string_free (reader->unescaped, TRUE);
  if (reader->more_attributes != NULL)
    g_array_unref (reader->more_attributes);
}

static gboolean
fail (Reader     *reader,
      const char *reason)
{
  if (reader->reason == NULL)
    reader->reason = reason;
  return FALSE;
}

static gboolean
at_end (Reader *reader)
{
  return reader->p >= reader->end;
}

/* The bytes an atom may hold: above the space, neither DEL nor one of
 * ( ) { % * " \. Eight-bit bytes are let through (see the top of the
 * file). A table, since attributes are read a byte at a time: with a
 * switch per byte, "\HasNoChildren" cost about 130 instructions, now 60. */
static const guint8 atom_chars[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* controls */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1,  /* space ! " # $ % & ' ( ) * + , - . / */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* P … Z [ \ ] ^ _ */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0,  /* p … z { | } ~ DEL */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* eight-bit */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static inline gboolean
is_atom_char (guchar c)
{
  return atom_chars[c];
}

/* Whether @text starts with @word, an upper-case ASCII word, in any case:
 * by hand, because g_ascii_strncasecmp() cost about 100 instructions for
 * "LIST" on every line. */
static inline gboolean
starts_with_word (const char *text,
                  const char *word)
{
  for (gsize i = 0; word[i] != '\0'; i++)
    {
      char c = text[i];

      if ((c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) != word[i])
        return FALSE;
    }

  return TRUE;
}

/* Servers write the words in capitals, as the RFCs do: compared as they
 * are first, "LIST" is a single comparison of four bytes. */
static inline gboolean
is_word (const char *text,
         gsize       length,
         const char *word)
{
  gsize word_length = strlen (word);

  return length == word_length &&
         (memcmp (text, word, word_length) == 0 || starts_with_word (text, word));
}

static gboolean
expect_char (Reader     *reader,
             char        c,
             const char *reason)
{
  if (at_end (reader) || *reader->p != c)
    return fail (reader, reason);

  reader->p++;
  return TRUE;
}

/* One space between items; more are let through. */
static gboolean
expect_space (Reader *reader)
{
  if (!expect_char (reader, ' ', N_("missing space")))
    return FALSE;

  while (!at_end (reader) && *reader->p == ' ')
    reader->p++;
  return TRUE;
}

static gsize
atom_length (Reader *reader)
{
  const char *p = reader->p;

  while (p < reader->end && is_atom_char (*p))
    p++;
  return p - reader->p;
}

/* The text between the quotes, from @start to @end, without its escapes. */
static void
unescape (Reader         *reader,
          const char     *start,
          const char     *end,
          BmsFolderSlice *text)
{
  if (reader->unescaped == NULL)
    reader->unescaped = g_string_sized_new (end - start);
  g_string_truncate (reader->unescaped, 0);

  for (const char *p = start; p < end; p++)
    {
      if (*p == '\\')
        p++;
      g_string_append_c (reader->unescaped, *p);
    }

  text->text = reader->unescaped->str;
  text->length = reader->unescaped->len;
}

/* Byte by byte, for a quoted string with escapes or a wrong one. */
static gboolean
read_quoted_slowly (Reader         *reader,
                    BmsFolderSlice *text)
{
  const char *start = ++reader->p;  /* after the opening quote */
  gboolean escaped = FALSE;

  while (!at_end (reader))
    {
      char c = *reader->p++;

      if (c == '"' && escaped)
        {
          unescape (reader, start, reader->p - 1, text);
          return TRUE;
        }
      if (c == '"')
        {
          text->text = start;
          text->length = reader->p - 1 - start;
          return TRUE;
        }
      if (c == '\r' || c == '\n' || c == '\0')
        return fail (reader, N_("line break or NUL in a quoted string"));
      if (c == '\\')
        {
          if (at_end (reader))
            break;
          c = *reader->p++;
          if (c != '\\' && c != '"')
            return fail (reader, N_("bad escape in a quoted string"));
          escaped = TRUE;
        }
    }

  return fail (reader, N_("unterminated quoted string"));
}

/* Whether any of the @n bytes at @text is a control character (CR, LF
 * and NUL among them) or a backslash: what sends a quoted string to
 * read_quoted_slowly(), which tells them apart. Eight bytes at a time,
 * with the test for a zero byte in a word (a byte below 0x20 is one that
 * borrows when 0x20 is taken from it, a backslash one that is zero once
 * XORed with backslashes; bytes from 0x80 up, UTF-8, are never taken):
 * four memchr() passes, one each for the backslash, CR, LF and NUL, were
 * about a third of the time of the parser itself (perf). */
static gboolean
has_quoted_special (const char *text,
                    gsize       n)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 high_bits = ones * 0x80;
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      guint64 word;
      guint64 below_space;
      guint64 backslash;

      memcpy (&word, text + i, 8);
      below_space = (word - ones * 0x20) & ~word;
      backslash = ((word ^ (ones * '\\')) - ones) & ~(word ^ (ones * '\\'));
      if (((below_space | backslash) & high_bits) != 0)
        return TRUE;
    }

  for (; i < n; i++)
    {
      if ((guchar) text[i] < 0x20 || text[i] == '\\')
        return TRUE;
    }

  return FALSE;
}

/* The text is a slice of the response unless it has escapes, which are
 * rare: then it is valid until the next quoted string. Nearly every name
 * is quoted, so the closing quote is looked for with memchr(). */
static gboolean
read_quoted (Reader         *reader,
             BmsFolderSlice *text)
{
  const char *start = reader->p + 1;
  const char *close = memchr (start, '"', reader->end - start);

  if (close == NULL || has_quoted_special (start, close - start))
    return read_quoted_slowly (reader, text);

  text->text = start;
  text->length = close - start;
  reader->p = close + 1;
  return TRUE;
}

/* "{n}" at the end of a line, then the line end, then n octets. */
static gboolean
read_literal (Reader         *reader,
              BmsFolderSlice *text)
{
  const char *line_end = memchr (reader->p, '\n', reader->end - reader->p);
  const char *content_end;
  gsize length;

  if (line_end == NULL)
    return fail (reader, N_("bad literal"));

  content_end = line_end;
  if (content_end > reader->p && content_end[-1] == '\r')
    content_end--;

  if (!bms_imap_response_line_literal (reader->p, content_end - reader->p, &length) ||
      reader->p[0] != '{')
    return fail (reader, N_("bad literal"));

  if (length > BMS_IMAP_LIST_MAX_LITERAL)
    return fail (reader, N_("literal too long"));

  reader->p = line_end + 1;
  if ((gsize) (reader->end - reader->p) < length)
    return fail (reader, N_("truncated literal"));

  text->text = reader->p;
  text->length = length;
  reader->p += length;
  return TRUE;
}

/* An astring: atom (where "]" is allowed too), quoted string or literal. */
static gboolean
read_string (Reader         *reader,
             BmsFolderSlice *text)
{
  gsize length;

  if (at_end (reader))
    return fail (reader, N_("missing name"));

  if (*reader->p == '"')
    return read_quoted (reader, text);
  if (*reader->p == '{')
    {
      /* Only a literal can hold a NUL: a quoted string is refused with
       * one as it is read, and an atom ends before it. */
      if (!read_literal (reader, text))
        return FALSE;
      if (memchr (text->text, '\0', text->length) != NULL)
        return fail (reader, N_("NUL in name"));
      return TRUE;
    }

  length = atom_length (reader);
  if (length == 0)
    return fail (reader, N_("bad character in name"));

  text->text = reader->p;
  text->length = length;
  reader->p += length;
  return TRUE;
}

static void
add_attribute (Reader     *reader,
               const char *start,
               gsize       length)
{
  BmsFolderSlice attribute = { start, length };

  if (reader->n_attributes == INLINE_ATTRIBUTES)
    {
      reader->more_attributes = g_array_new (FALSE, FALSE, sizeof (BmsFolderSlice));
      g_array_append_vals (reader->more_attributes, reader->attributes, INLINE_ATTRIBUTES);
    }

  if (reader->more_attributes != NULL)
    g_array_append_val (reader->more_attributes, attribute);
  else
    reader->attributes[reader->n_attributes] = attribute;
  reader->n_attributes++;
}

static const BmsFolderSlice *
get_attributes (Reader *reader)
{
  if (reader->more_attributes != NULL)
    return &g_array_index (reader->more_attributes, BmsFolderSlice, 0);

  return reader->attributes;
}

static gboolean
read_attributes (Reader *reader)
{
  if (!expect_char (reader, '(', N_("missing attribute list")))
    return FALSE;

  while (!at_end (reader) && *reader->p == ' ')
    reader->p++;

  while (!at_end (reader) && *reader->p != ')')
    {
      const char *start = reader->p;
      gsize length;

      if (*reader->p == '\\')
        reader->p++;
      length = atom_length (reader);
      if (length == 0)
        return fail (reader, N_("bad attribute"));
      reader->p += length;
      add_attribute (reader, start, reader->p - start);

      while (!at_end (reader) && *reader->p == ' ')
        reader->p++;
    }

  return expect_char (reader, ')', N_("unterminated attribute list"));
}

static gboolean
read_delimiter (Reader   *reader,
                gunichar *delimiter)
{
  BmsFolderSlice text;

  /* Nearly always one printable character, "/" or ".", read here without
   * the checks that any other quoted string needs. */
  if (reader->end - reader->p >= 3 && reader->p[0] == '"' && reader->p[2] == '"' &&
      reader->p[1] >= 0x20 && reader->p[1] <= 0x7e && reader->p[1] != '\\' && reader->p[1] != '"')
    {
      *delimiter = reader->p[1];
      reader->p += 3;
      return TRUE;
    }

  if (reader->end - reader->p >= 3 && starts_with_word (reader->p, "NIL"))
    {
      reader->p += 3;
      *delimiter = 0;
      return TRUE;
    }

  if (at_end (reader) || *reader->p != '"')
    return fail (reader, N_("bad delimiter"));

  if (!read_quoted (reader, &text))
    return FALSE;

  if (text.length == 0 || !g_utf8_validate (text.text, text.length, NULL) ||
      g_utf8_strlen (text.text, text.length) != 1)
    return fail (reader, N_("bad delimiter"));

  *delimiter = g_utf8_get_char (text.text);
  return TRUE;
}

/* RFC 5258's extended data, "(" … ")" after the name: read over, kept
 * nowhere, since nothing here needs CHILDINFO or OLDNAME. */
static gboolean
skip_extended_data (Reader *reader)
{
  BmsFolderSlice scratch;
  guint depth = 0;

  do
    {
      if (at_end (reader))
        return fail (reader, N_("unterminated extended data"));

      switch (*reader->p)
        {
        case '(':
          depth++;
          reader->p++;
          break;

        case ')':
          depth--;
          reader->p++;
          break;

        case '"':
          if (!read_quoted (reader, &scratch))
            return FALSE;
          break;

        case '{':
          if (!read_literal (reader, &scratch))
            return FALSE;
          break;

        default:
          reader->p++;
        }
    }
  while (depth > 0);

  return TRUE;
}

static gboolean
read_mailbox_list (Reader     *reader,
                   BmsFolder **folder)
{
  g_autoptr(GString) unescaped_name = NULL;
  BmsFolderSlice name;
  gunichar delimiter;

  if (!read_attributes (reader) ||
      !expect_space (reader) ||
      !read_delimiter (reader, &delimiter) ||
      !expect_space (reader))
    return FALSE;

  if (!read_string (reader, &name))
    return FALSE;

  /* An unescaped name is kept from the quoted strings of the extended
   * data, which are read into a buffer of their own. */
  if (reader->unescaped != NULL && name.text == reader->unescaped->str)
    unescaped_name = g_steal_pointer (&reader->unescaped);

  if (!at_end (reader) && *reader->p == ' ')
    {
      while (!at_end (reader) && *reader->p == ' ')
        reader->p++;
      if (!at_end (reader) && *reader->p == '(' && !skip_extended_data (reader))
        return FALSE;
      while (!at_end (reader) && *reader->p == ' ')
        reader->p++;
    }

  if (!at_end (reader))
    return fail (reader, N_("unexpected text after the name"));

  *folder = bms_folder_new_from_slices (&name, delimiter, get_attributes (reader),
                                        reader->n_attributes);
  return TRUE;
}

static gboolean
is_list_word (const char *text,
              gsize       length)
{
  return is_word (text, length, "LIST") || is_word (text, length, "LSUB") ||
         is_word (text, length, "XLIST");
}

/* Tagged status responses and continuations are part of any answer. */
static gboolean
is_other_response (Reader *reader)
{
  const char *space;
  const char *word;
  const char *word_end;

  if (*reader->p == '+')
    return reader->end - reader->p == 1 || reader->p[1] == ' ';

  space = memchr (reader->p, ' ', reader->end - reader->p);
  if (space == NULL || space == reader->p)
    return FALSE;
  for (const char *p = reader->p; p < space; p++)
    {
      if (!is_atom_char (*p) || *p == '+' || (guchar) *p >= 0x80)
        return FALSE;
    }

  word = space + 1;
  word_end = word;
  while (word_end < reader->end && *word_end != ' ')
    word_end++;

  return is_word (word, word_end - word, "OK") || is_word (word, word_end - word, "NO") ||
         is_word (word, word_end - word, "BAD") || is_word (word, word_end - word, "BYE") ||
         is_word (word, word_end - word, "PREAUTH");
}

static char *
describe_problem (const char *reason,
                  const char *response,
                  gsize       length)
{
  const char *line_end = memchr (response, '\n', length);
  gsize excerpt_length = line_end != NULL ? (gsize) (line_end - response) : length;
  g_autofree char *excerpt = NULL;
  g_autofree char *valid = NULL;

  if (excerpt_length > 0 && response[excerpt_length - 1] == '\r')
    excerpt_length--;
  excerpt_length = MIN (excerpt_length, 80);
  excerpt = g_strndup (response, excerpt_length);
  for (char *p = excerpt; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
    }
  valid = g_utf8_make_valid (excerpt, -1);
  g_strchomp (valid);

  /* Translators: the first %s is why a line of the server's folder list
   * could not be read, the second the beginning of that line. */
  return g_strdup_printf (_("%s: %s"), _(reason), valid);
}

static BmsImapListResponse
parse_response (Reader      *reader,
                const char  *response,
                gsize        length,
                BmsFolder  **folder,
                char       **problem)
{
  const char *name;

  if (reader->end > reader->p && reader->end[-1] == '\n')
    reader->end--;
  if (reader->end > reader->p && reader->end[-1] == '\r')
    reader->end--;

  if (at_end (reader))
    fail (reader, N_("empty line"));
  else if (*reader->p != '*' || reader->end - reader->p < 2 || reader->p[1] != ' ')
    {
      if (is_other_response (reader))
        return BMS_IMAP_LIST_RESPONSE_OTHER;
      fail (reader, N_("not an IMAP response"));
    }
  else
    {
      reader->p += 2;
      name = reader->p;
      while (!at_end (reader) && *reader->p != ' ')
        reader->p++;
      if (!is_list_word (name, reader->p - name))
        return BMS_IMAP_LIST_RESPONSE_OTHER;

      if (expect_space (reader) && read_mailbox_list (reader, folder))
        return BMS_IMAP_LIST_RESPONSE_FOLDER;
    }

  if (problem != NULL)
    *problem = describe_problem (reader->reason, response, length);
  return BMS_IMAP_LIST_RESPONSE_MALFORMED;
}

BmsImapListResponse
bms_imap_list_parse_response (const char  *response,
                              gsize        length,
                              BmsFolder  **folder,
                              char       **problem)
{
  Reader reader = { response, response + length, NULL, };
  BmsImapListResponse result;

  g_return_val_if_fail (response != NULL || length == 0, BMS_IMAP_LIST_RESPONSE_MALFORMED);
  g_return_val_if_fail (folder != NULL && *folder == NULL, BMS_IMAP_LIST_RESPONSE_MALFORMED);

  result = parse_response (&reader, response, length, folder, problem);
  reader_clear (&reader);
  return result;
}

/* Line numbers are wanted only for the problems, which are rare: lines
 * are counted when one is reported, from where the last count ended, not
 * for every response (a memchr() pass more over the whole answer). */
typedef struct {
  const char *data;
  gsize       counted_to;  /* offset in data */
  guint       line;        /* the line at counted_to, from 1 */
} LineCounter;

static guint
line_at (LineCounter *counter,
         gsize        offset)
{
  const char *p = counter->data + counter->counted_to;
  const char *end = counter->data + offset;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      counter->line++;
      p++;
    }
  counter->counted_to = offset;

  return counter->line;
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             char       *description)
{
  /* Translators: %u is a line number in the server's answer, %s what was
   * wrong with that line. */
  g_ptr_array_add (problems, g_strdup_printf (_("line %u: %s"), line, description));
  g_free (description);
}

GPtrArray *
bms_imap_list_parse (const char  *data,
                     gsize        length,
                     GPtrArray  **problems)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) found_problems = g_ptr_array_new_with_free_func (g_free);
  LineCounter lines = { data, 0, 1 };
  gsize offset = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  while (offset < length)
    {
      g_autoptr(BmsFolder) folder = NULL;
      char *problem = NULL;
      gsize response_length = length - offset;
      BmsImapFrame frame;

      frame = bms_imap_response_frame (data + offset, length - offset,
                                       BMS_IMAP_LIST_MAX_LITERAL, &response_length);

      /* A last line without its line end is read as it is; a literal
       * whose octets never came cannot be. */
      if (frame == BMS_IMAP_FRAME_INCOMPLETE &&
          memchr (data + offset, '\n', length - offset) != NULL)
        {
          add_problem (found_problems, line_at (&lines, offset),
                       describe_problem (N_("truncated literal"), data + offset, length - offset));
          break;
        }

      if (frame == BMS_IMAP_FRAME_BAD_LITERAL)
        add_problem (found_problems, line_at (&lines, offset),
                     describe_problem (N_("literal too long"), data + offset, response_length));
      else if (bms_imap_list_parse_response (data + offset, response_length,
                                             &folder, &problem) == BMS_IMAP_LIST_RESPONSE_FOLDER)
        g_ptr_array_add (folders, g_steal_pointer (&folder));
      else if (problem != NULL)
        add_problem (found_problems, line_at (&lines, offset), problem);

      offset += response_length;
    }

  if (problems != NULL)
    *problems = g_steal_pointer (&found_problems);

  return g_steal_pointer (&folders);
}
