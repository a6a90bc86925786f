/* bms-imap-list.h: reads the server's answer to LIST into folders.
 *
 * Servers write the same answer in different ways: Dovecot sends names as
 * atoms ([Gmail]/&kAFP4W4IMH8w4TD8MOs-), Gmail as quoted strings, and any
 * server may send a name as a literal ({n} and n octets). A response that
 * cannot be read is skipped and reported; it never costs the other folders.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bms-folder.h"

G_BEGIN_DECLS

/* No folder name needs more; a longer literal is a broken response. */
#define BMS_IMAP_LIST_MAX_LITERAL (64 * 1024)

typedef enum {
  BMS_IMAP_LIST_RESPONSE_FOLDER,     /* a LIST, LSUB or XLIST response, read */
  BMS_IMAP_LIST_RESPONSE_OTHER,      /* another response: tagged status, "* OK", "+ " */
  BMS_IMAP_LIST_RESPONSE_MALFORMED,  /* unreadable; *problem says why */
} BmsImapListResponse;

/* Reads one response as bms_imap_response_frame() cuts it: its line end
 * and its literals' octets included. @folder and @problem are set only for
 * the result they belong to. */
BmsImapListResponse  bms_imap_list_parse_response (const char   *response,
                                                   gsize         length,
                                                   BmsFolder   **folder,
                                                   char        **problem);

/* Reads a whole answer: the folders in the server's order. @problems, when
 * not NULL, receives an array of one sentence per response skipped
 * ("line 12: unterminated quoted string: * LIST () …"), empty when none. */
GPtrArray           *bms_imap_list_parse          (const char   *data,
                                                   gsize         length,
                                                   GPtrArray   **problems);

G_END_DECLS
