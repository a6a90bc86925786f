/* bms-cli-check.c: --check, --check-all and --test-all.
 *
 * One line per account on standard output, as soon as its check ends:
 *
 *   passed<TAB>taro@example.co.jp<TAB>reason
 *
 * The first word is never translated ("passed", "failed", "cancelled",
 * "skipped"); the reason is. With --json each line is instead a JSON object
 * (JSON Lines) with the keys address, kind, result, problem and time (and
 * message, the translated reason), for a monitoring script. --quiet leaves
 * out the accounts that passed, so that a daily check says nothing when all
 * is well; --notify tells the desktop about the accounts that failed
 * (bms-cli-notify.h). Passwords come from the keyring only, never from
 * standard input: many accounts cannot share one input.
 *
 * Exit status: 0 when every account passed, 1 when any failed or the run
 * was cancelled (SIGINT, SIGTERM), 2 for a usage problem: an account that
 * is not saved here, a profile that cannot be read, or an account whose
 * password is not in the keyring.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "bms-account-checker.h"
#include "bms-account-store.h"
#include "bms-cli.h"
#include "bms-cli-check.h"
#include "bms-cli-notify.h"
#include "bms-cli-signals.h"

typedef struct {
  GMainLoop        *loop;
  GAsyncResult     *result;
  BmsCliCheckFlags  flags;
} CheckRun;

static void
append_json_string (GString    *out,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static const char *
passed_reason (BmsCheckKind kind)
{
  if (kind == BMS_CHECK_KIND_MAIL_TEST)
    return _("The test message was sent.");

  return _("The servers accepted the login.");
}

static const char *
reason_of (const BmsCheckOutcome *outcome)
{
  if (outcome->error != NULL)
    return outcome->error->message;

  return passed_reason (outcome->kind);
}

/* What names the account on the line: its address, or the profile's file
 * when it could not be read. */
static const char *
address_of (const BmsCheckOutcome *outcome)
{
  return outcome->email[0] != '\0' ? outcome->email : outcome->path;
}

static void
print_json (const BmsCheckOutcome *outcome)
{
  g_autoptr(GString) line = g_string_new ("{\"address\": ");
  g_autofree char *time = g_date_time_format_iso8601 (outcome->time);

  append_json_string (line, address_of (outcome));
  g_string_append (line, ", \"kind\": ");
  append_json_string (line, bms_check_kind_to_string (outcome->kind));
  g_string_append (line, ", \"result\": ");
  append_json_string (line, bms_check_outcome_result_to_string (outcome->result));
  g_string_append (line, ", \"problem\": ");
  append_json_string (line, outcome->problem);
  g_string_append (line, ", \"time\": ");
  append_json_string (line, time);
  g_string_append (line, ", \"message\": ");
  append_json_string (line, reason_of (outcome));
  g_string_append (line, "}\n");

  fputs (line->str, stdout);
}

static void
print_line (const BmsCheckOutcome *outcome)
{
  g_autofree char *reason = g_strdelimit (g_strdup (reason_of (outcome)), "\t\n", ' ');

  g_print ("%s\t%s\t%s\n", bms_check_outcome_result_to_string (outcome->result),
           address_of (outcome), reason);
}

static void
account_finished_cb (BmsAccountChecker     *checker,
                     const BmsCheckOutcome *outcome,
                     gpointer               user_data)
{
  CheckRun *run = user_data;

  if (outcome->status_error != NULL)
    /* Translators: an error on the command line: "what: detail". */
    g_printerr (_("%s: %s\n"), outcome->path, outcome->status_error->message);

  if ((run->flags & BMS_CLI_CHECK_QUIET) && outcome->result == BMS_CHECK_OUTCOME_PASSED)
    return;

  if (run->flags & BMS_CLI_CHECK_JSON)
    print_json (outcome);
  else
    print_line (outcome);

  /* A monitoring script reads the lines as they come. */
  fflush (stdout);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CheckRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

/* An address of an account saved here, or a profile file. */
static char *
path_for_target (BmsAccountStore *store,
                 const char      *target)
{
  g_autofree char *path = NULL;

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    return g_strdup (target);

  if (target[0] != '\0')
    path = bms_account_store_path_for_email (store, target);
  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  {
    /* Translators: %s is what was given on the command line. */
    g_autofree char *message = g_strdup_printf (_("“%s” is neither a profile file nor an account saved on this computer (see --list-accounts)"),
                                                target);

    g_printerr ("%s\n", message);
  }
  return NULL;
}

static int
exit_status (BmsAccountChecker *checker)
{
  if (bms_account_checker_count (checker, BMS_CHECK_OUTCOME_SKIPPED) > 0)
    return BMS_CLI_USAGE_ERROR;
  if (bms_account_checker_count (checker, BMS_CHECK_OUTCOME_FAILED) > 0 ||
      bms_account_checker_count (checker, BMS_CHECK_OUTCOME_CANCELLED) > 0)
    return BMS_CLI_TEST_FAILED;

  return BMS_CLI_OK;
}

static void
print_summary (BmsAccountChecker *checker)
{
  guint passed = bms_account_checker_count (checker, BMS_CHECK_OUTCOME_PASSED);
  guint failed = bms_account_checker_count (checker, BMS_CHECK_OUTCOME_FAILED);
  guint others = bms_account_checker_count (checker, BMS_CHECK_OUTCOME_CANCELLED) +
                 bms_account_checker_count (checker, BMS_CHECK_OUTCOME_SKIPPED);

  /* On standard error: standard output is one line per account. */
  /* Translators: the summary of a check of many accounts. */
  g_printerr (_("%u passed, %u failed, %u not checked.\n"), passed, failed, others);
}

int
bms_cli_check (const char * const *targets,
               BmsCheckKind        kind,
               BmsCliCheckFlags    flags,
               const char         *ca_file)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(BmsAccountChecker) checker = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  CheckRun run = { NULL, NULL, flags };

  if (targets != NULL)
    {
      paths = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; targets[i] != NULL; i++)
        {
          char *path = path_for_target (store, targets[i]);

          if (path == NULL)
            return BMS_CLI_USAGE_ERROR;
          g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
    }

  checker = bms_account_checker_new (store, kind);
  bms_account_checker_set_ca_file (checker, ca_file);
  g_signal_connect (checker, "account-finished", G_CALLBACK (account_finished_cb), &run);

  run.loop = g_main_loop_new (NULL, FALSE);
  bms_cli_signals_cancel_on_signal (cancellable);
  bms_account_checker_run_async (checker, paths != NULL ? (const char * const *) paths->pdata : NULL,
                                 cancellable, run_done_cb, &run);
  if (run.result == NULL)
    g_main_loop_run (run.loop);
  bms_cli_signals_stop_cancelling ();
  g_main_loop_unref (run.loop);

  outcomes = bms_account_checker_run_finish (checker, run.result, &error);
  g_object_unref (run.result);
  if (outcomes == NULL)
    {
      /* Translators: an error on the command line: "what: detail". */
      g_printerr (_("%s: %s\n"), bms_account_store_get_dir (store), error->message);
      return BMS_CLI_USAGE_ERROR;
    }

  if (outcomes->len == 0)
    g_printerr ("%s\n", _("No accounts are saved on this computer."));
  else if (!(flags & BMS_CLI_CHECK_QUIET))
    print_summary (checker);

  if (flags & BMS_CLI_CHECK_NOTIFY)
    bms_cli_notify_failures (outcomes);

  return exit_status (checker);
}
