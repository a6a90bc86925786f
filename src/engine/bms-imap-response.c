/* bms-imap-response.c: where one IMAP response ends in a stream of bytes.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-imap-response.h"

gboolean
bms_imap_response_line_literal (const char *line,
                                gsize       line_length,
                                gsize      *literal_length)
{
  gsize digits_end;
  gsize i;
  gsize value = 0;

  if (line_length < 3 || line[line_length - 1] != '}')
    return FALSE;

  digits_end = line_length - 1;
  i = digits_end;
  while (i > 0 && g_ascii_isdigit (line[i - 1]))
    i--;

  if (i == digits_end || i == 0 || line[i - 1] != '{')
    return FALSE;

  for (gsize j = i; j < digits_end; j++)
    {
      gsize digit = line[j] - '0';

      if (value > (G_MAXSIZE - 1 - digit) / 10)
        {
          value = G_MAXSIZE;
          break;
        }
      value = value * 10 + digit;
    }

  *literal_length = value;
  return TRUE;
}

/* A line ends at LF; servers end lines with CRLF, but a lone LF is taken as
 * a line end too rather than glueing two responses together. */
BmsImapFrame
bms_imap_response_frame (const char *data,
                         gsize       length,
                         gsize       max_literal,
                         gsize      *response_length)
{
  gsize offset = 0;

  for (;;)
    {
      const char *lf;
      gsize line_end;
      gsize content_end;
      gsize literal_length;

      if (offset == length)
        return BMS_IMAP_FRAME_INCOMPLETE;

      lf = memchr (data + offset, '\n', length - offset);
      if (lf == NULL)
        return BMS_IMAP_FRAME_INCOMPLETE;

      line_end = lf - data + 1;
      content_end = line_end - 1;
      if (content_end > offset && data[content_end - 1] == '\r')
        content_end--;

      if (!bms_imap_response_line_literal (data + offset, content_end - offset, &literal_length))
        {
          *response_length = line_end;
          return BMS_IMAP_FRAME_COMPLETE;
        }

      if (literal_length > max_literal)
        {
          *response_length = line_end;
          return BMS_IMAP_FRAME_BAD_LITERAL;
        }

      if (length - line_end < literal_length)
        return BMS_IMAP_FRAME_INCOMPLETE;

      offset = line_end + literal_length;
    }
}
