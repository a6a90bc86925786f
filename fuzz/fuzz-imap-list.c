/* fuzz-imap-list.c: libFuzzer target for the LIST parser
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The input is a server's whole answer to LIST. Besides crashes, this checks
 * what the folder tree relies on: every folder has a wire name and a display
 * name that is valid UTF-8, its path has at least one level and joins back
 * to the wire name, and every problem is a readable sentence. The same bytes
 * are also cut into responses one at a time, as the session reads them. */

#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "bms-folder.h"
#include "bms-imap-list.h"
#include "bms-imap-response.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_folder (BmsFolder *folder)
{
  const char * const *wire_path;
  const char * const *display_path;
  const char *wire_name;

  g_assert_true (BMS_IS_FOLDER (folder));
  wire_name = bms_folder_get_wire_name (folder);
  g_assert_nonnull (wire_name);
  g_assert_true (g_utf8_validate (bms_folder_get_display_name (folder), -1, NULL));

  wire_path = bms_folder_get_wire_path (folder);
  display_path = bms_folder_get_display_path (folder);
  g_assert_nonnull (wire_path[0]);
  g_assert_cmpuint (g_strv_length ((char **) wire_path), ==, g_strv_length ((char **) display_path));
  for (guint i = 0; display_path[i] != NULL; i++)
    g_assert_true (g_utf8_validate (display_path[i], -1, NULL));

  if (bms_folder_get_delimiter (folder) == 0)
    g_assert_cmpstr (wire_path[0], ==, wire_name);
}

static void
check_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_assert_nonnull (problems->pdata[i]);
      g_assert_true (g_utf8_validate (problems->pdata[i], -1, NULL));
    }
}

/* The session's way: frame by frame, each handed to the parser alone. */
static void
parse_by_frames (const char *text,
                 gsize       size)
{
  gsize offset = 0;

  while (offset < size)
    {
      g_autoptr(BmsFolder) folder = NULL;
      g_autofree char *problem = NULL;
      gsize length = 0;
      BmsImapFrame frame;
      BmsImapListResponse result;

      frame = bms_imap_response_frame (text + offset, size - offset, BMS_IMAP_LIST_MAX_LITERAL, &length);
      if (frame == BMS_IMAP_FRAME_INCOMPLETE)
        break;

      g_assert_cmpuint (length, >, 0);
      g_assert_cmpuint (length, <=, size - offset);
      if (frame == BMS_IMAP_FRAME_COMPLETE)
        {
          result = bms_imap_list_parse_response (text + offset, length, &folder, &problem);
          if (result == BMS_IMAP_LIST_RESPONSE_FOLDER)
            check_folder (folder);
          else
            g_assert_null (folder);
          g_assert_true ((result == BMS_IMAP_LIST_RESPONSE_MALFORMED) == (problem != NULL));
        }
      offset += length;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* A copy of exactly @size bytes, so that reading one past the end is a
   * finding. */
  g_autofree char *text = g_memdup2 (data, size);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) folders = NULL;

  folders = bms_imap_list_parse (text, size, &problems);
  g_assert_nonnull (folders);
  g_assert_nonnull (problems);
  for (guint i = 0; i < folders->len; i++)
    check_folder (folders->pdata[i]);
  check_problems (problems);

  parse_by_frames (text, size);

  return 0;
}
