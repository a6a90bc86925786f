/* bms-roster-csv.h: employees in and the roster out, as CSV.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bms-account-store.h"

G_BEGIN_DECLS

#define BMS_ROSTER_CSV_ERROR (bms_roster_csv_error_quark ())
GQuark bms_roster_csv_error_quark (void);

typedef enum {
  BMS_ROSTER_CSV_ERROR_ENCODING,     /* neither UTF-8 nor CP932 */
  BMS_ROSTER_CSV_ERROR_BAD_ROWS,     /* see the problems */
  BMS_ROSTER_CSV_ERROR_EMPTY,        /* no employee in the file */
} BmsRosterCsvError;

/* One bad row: @line is the file's line where the row begins (1 is the
 * first). */
typedef struct {
  guint  line;
  char  *message;
} BmsRosterCsvProblem;

typedef struct {
  guint  line;
  char  *name;
  char  *email;
} BmsRosterCsvEmployee;

void       bms_roster_csv_problem_free   (BmsRosterCsvProblem  *problem);
void       bms_roster_csv_employee_free  (BmsRosterCsvEmployee *employee);

/* UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else CP932 as
 * Excel in Japan writes it. */
char      *bms_roster_csv_decode         (const char  *data,
                                          gsize        length,
                                          GError     **error);
/* The rows of RFC 4180 CSV: quoted fields, "" for a quote, line breaks
 * inside quotes, CRLF or LF. @lines gets the line each row begins on. */
GPtrArray *bms_roster_csv_split          (const char  *text,
                                          GArray     **lines);
/* The employees of @text (decoded): a header row (社員名,メールアドレス or
 * Name,E-mail) is recognised and may put the columns in either order.
 * Every bad row is described in @problems (invalid address, an address
 * given twice or already in @taken, a missing field); then NULL is
 * returned with BMS_ROSTER_CSV_ERROR_BAD_ROWS. */
GPtrArray *bms_roster_csv_parse          (const char  *text,
                                          GHashTable  *taken,
                                          GPtrArray  **problems,
                                          GError     **error);

/* Reads @file and saves one profile per employee: "not set up yet", with
 * Gmail's servers, no password and never checked. All rows are checked
 * before the first profile is written, and a failure while writing removes
 * what this import wrote: nothing is ever half imported. */
void       bms_roster_csv_import_async   (BmsAccountStore     *store,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Returns: the number of accounts imported, or -1 with @error set (and
 * @problems, for bad rows). */
gssize     bms_roster_csv_import_finish  (BmsAccountStore     *store,
                                          GAsyncResult        *result,
                                          GPtrArray          **problems,
                                          GError             **error);

/* The roster as CSV for Excel: UTF-8 with a BOM, CRLF, one row per
 * account: 社員名, メールアドレス, the last check's time, kind, result and
 * problem. Never a password. */
GBytes    *bms_roster_csv_export         (GPtrArray           *accounts);
void       bms_roster_csv_export_async   (BmsAccountStore     *store,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Returns: the number of accounts written, or -1 with @error set. */
gssize     bms_roster_csv_export_finish  (BmsAccountStore     *store,
                                          GAsyncResult        *result,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsRosterCsvProblem, bms_roster_csv_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsRosterCsvEmployee, bms_roster_csv_employee_free)

G_END_DECLS
