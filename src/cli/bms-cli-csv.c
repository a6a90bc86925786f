/* bms-cli-csv.c: --import-csv FILE and --export-csv FILE.
 *
 * The import says how many employees it added, or every bad row by its
 * line on standard error ("FILE:LINE: why"), and then adds none. The export
 * writes the roster without any secret; "-" is standard output.
 * Exit status: 0 on success, 1 when the file could not be read or written,
 * 2 when rows are bad.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "bms-account-store.h"
#include "bms-cli.h"
#include "bms-cli-csv.h"
#include "bms-profile.h"
#include "bms-roster-csv.h"

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} CsvWait;

static void
csv_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CsvWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
csv_wait (CsvWait *wait)
{
  if (wait->result == NULL)
    g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

int
bms_cli_import_csv (const char *file)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (file);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  CsvWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gssize n;

  bms_roster_csv_import_async (store, gfile, NULL, csv_done_cb, &wait);
  csv_wait (&wait);
  n = bms_roster_csv_import_finish (store, wait.result, &problems, &error);
  g_object_unref (wait.result);

  if (n < 0)
    {
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        {
          BmsRosterCsvProblem *problem = g_ptr_array_index (problems, i);

          g_printerr ("%s:%u: %s\n", file, problem->line, problem->message);
        }
      /* Translators: an error on the command line: "what: detail". */
      g_printerr (_("%s: %s\n"), file, error->message);
      return g_error_matches (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_BAD_ROWS) ||
             g_error_matches (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_EMPTY)
             ? BMS_CLI_USAGE_ERROR : BMS_CLI_TEST_FAILED;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        /* Translators: %u is a number of employees. */
                        "%u employee imported. Their accounts are not set up yet.\n",
                        "%u employees imported. Their accounts are not set up yet.\n", (gulong) n),
           (guint) n);
  return BMS_CLI_OK;
}

int
bms_cli_export_csv (const char *file)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (file, "-"))
    {
      g_autoptr(GPtrArray) accounts = bms_profile_list (bms_account_store_get_dir (store), NULL, &error);
      g_autoptr(GBytes) csv = NULL;

      if (accounts == NULL)
        {
          g_printerr (_("%s: %s\n"), bms_account_store_get_dir (store), error->message);
          return BMS_CLI_TEST_FAILED;
        }
      csv = bms_roster_csv_export (accounts);
      fwrite (g_bytes_get_data (csv, NULL), 1, g_bytes_get_size (csv), stdout);
      return fflush (stdout) == 0 ? BMS_CLI_OK : BMS_CLI_TEST_FAILED;
    }
  else
    {
      g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (file);
      CsvWait wait = { g_main_loop_new (NULL, FALSE), NULL };
      gssize n;

      bms_roster_csv_export_async (store, gfile, NULL, csv_done_cb, &wait);
      csv_wait (&wait);
      n = bms_roster_csv_export_finish (store, wait.result, &error);
      g_object_unref (wait.result);
      if (n < 0)
        {
          g_printerr (_("%s: %s\n"), file, error->message);
          return BMS_CLI_TEST_FAILED;
        }

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: %u is a number of accounts, %s a file name. */
                            "%u account written to %s.\n", "%u accounts written to %s.\n", (gulong) n),
               (guint) n, file);
      return BMS_CLI_OK;
    }
}
