/* bms-cli.c: the command line: the mail test and the folder list without a window.
 *
 * PROFILE is either the path of a profile file (docs/profile-format.md),
 * whose passwords are read from standard input, one line each: the SMTP
 * password, then the IMAP password unless IMAP uses the SMTP login; or the
 * e-mail address of an account saved on this computer, whose passwords come
 * from the keyring. Passwords never come from the command line or the
 * environment, where other users and logs could see them.
 *
 * Standard output gets one line per step or folder, tab-separated where a
 * script may want to cut it; standard error gets the diagnosis. The exit
 * status is 0 only on success.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bms-account.h"
#include "bms-account-store.h"
#include "bms-cli.h"
#include "bms-cli-check.h"
#include "bms-cli-csv.h"
#include "bms-cli-provider.h"
#include "bms-diagnosis.h"
#include "bms-imap.h"
#include "bms-cli-signals.h"
#include "bms-mail-test.h"
#include "bms-profile.h"
#include "bms-secret.h"

/* Waits in a main loop for one asynchronous call of the engine. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
wait_init (Wait *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->result = NULL;
}

static GAsyncResult *
wait_run (Wait *wait)
{
  if (wait->result == NULL)
    g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);

  return wait->result;  /* transfer full */
}

static void
print_error (const char *what,
             const char *detail)
{
  /* Translators: an error on the command line: "what: detail". */
  g_printerr (_("%s: %s\n"), what, detail);
}

/* Reads one line of standard input without showing it on a terminal. */
static char *
read_password_line (const char *prompt)
{
  gboolean on_terminal = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  if (on_terminal)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      bms_cli_signals_guard_echo (&saved);
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (on_terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      bms_cli_signals_stop_guarding_echo ();
      g_printerr ("\n");
    }

  if (c == EOF && line->len == 0)
    return NULL;

  /* A line written on Windows ends in CR LF; the CR is not the password's. */
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
read_password_into (BmsAccount *account,
                    const char *property,
                    const char *prompt)
{
  char *password = read_password_line (prompt);

  if (password == NULL)
    {
      print_error (_("Standard input"), _("a password line is missing"));
      return FALSE;
    }
  /* An empty password is never sent: a server can only refuse it. */
  if (password[0] == '\0')
    {
      bms_secret_free (password);
      print_error (_("Standard input"), _("a password line is empty"));
      return FALSE;
    }

  g_object_set (account, property, password, NULL);
  bms_secret_free (password);
  return TRUE;
}

static gboolean
read_passwords_from_stdin (BmsAccount *account,
                           gboolean    smtp,
                           gboolean    imap)
{
  g_autofree char *smtp_prompt = NULL;
  g_autofree char *imap_prompt = NULL;

  /* Translators: a prompt on the command line; %s is a login name. */
  smtp_prompt = g_strdup_printf (_("SMTP password for %s: "), bms_account_get_smtp_user (account));
  /* Translators: a prompt on the command line; %s is a login name. */
  imap_prompt = g_strdup_printf (_("IMAP password for %s: "), bms_account_get_imap_user (account));

  if (smtp && !read_password_into (account, "smtp-password", smtp_prompt))
    return FALSE;
  if (imap && !read_password_into (account, "imap-password", imap_prompt))
    return FALSE;

  return TRUE;
}

static void
print_not_saved_here (const char *profile)
{
  /* Translators: %s is what was given on the command line. */
  g_autofree char *message = g_strdup_printf (_("“%s” is neither a profile file nor an account saved on this computer (see --list-accounts)"),
                                              profile);
  print_error (_("Profile"), message);
}

/* PROFILE is a file, or else the address of an account saved here, which
 * is opened with its passwords from the keyring. */
static BmsAccount *
open_account (const char *profile,
              gboolean   *saved_here)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BmsAccount) account = NULL;
  g_autoptr(GError) passwords_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Wait wait;

  *saved_here = !g_file_test (profile, G_FILE_TEST_EXISTS);
  if (*saved_here && profile[0] == '\0')
    {
      print_not_saved_here (profile);
      return NULL;
    }
  path = *saved_here ? bms_account_store_path_for_email (store, profile) : g_strdup (profile);

  wait_init (&wait);
  bms_account_store_open_async (store, path, *saved_here, NULL, wait_done_cb, &wait);
  result = wait_run (&wait);
  account = bms_account_store_open_finish (store, result, &passwords_error, &error);

  if (account == NULL && *saved_here && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      print_not_saved_here (profile);
      return NULL;
    }
  if (account == NULL)
    {
      print_error (_("Profile"), error->message);
      return NULL;
    }
  if (passwords_error != NULL)
    {
      print_error (_("Keyring"), passwords_error->message);
      return NULL;
    }

  return g_steal_pointer (&account);
}

/* A saved account has its passwords from the keyring already. */
static gboolean
get_passwords (BmsAccount *account,
               gboolean    saved_here,
               gboolean    smtp,
               gboolean    imap)
{
  if (saved_here)
    return TRUE;

  return read_passwords_from_stdin (account, smtp, imap);
}

/* The first column of a step's line, which scripts read: the same words
 * in every language, never translated (the step's title after it is). */
static const char *
state_word (BmsStepState state)
{
  switch (state)
    {
    case BMS_STEP_OK:
      return "ok";
    case BMS_STEP_FAILED:
      return "failed";
    case BMS_STEP_SKIPPED:
      return "skipped";
    case BMS_STEP_CANCELLED:
      return "cancelled";
    case BMS_STEP_WAITING:
    case BMS_STEP_RUNNING:
    default:
      return "not run";
    }
}

static void
print_server_words (BmsTranscript *transcript)
{
  g_autofree char *reply = transcript != NULL ? bms_transcript_dup_last_reply (transcript) : NULL;

  if (reply != NULL)
    /* Translators: followed by the server's own words. */
    g_printerr ("%s\n%s\n", _("The server said:"), reply);
}

static void
print_diagnosis (const GError  *error,
                 BmsTranscript *transcript,
                 gboolean       is_gmail,
                 BmsOperation   operation)
{
  g_printerr ("%s\n", error->message);

  if (error->domain == BMS_MAIL_ERROR)
    g_printerr ("%s\n", bms_problem_get_advice_for (error->code, is_gmail, operation, BMS_ADVICE_ON_COMMAND_LINE));

  print_server_words (transcript);
}

static gboolean
same_problem (const GError *a,
              const GError *b)
{
  return a != NULL && b != NULL && a->domain == b->domain && a->code == b->code;
}

/* The step before @step that failed for the same reason, if any. */
static int
earlier_same_failure (BmsMailTest     *test,
                      BmsMailTestStep  step)
{
  for (guint earlier = 0; earlier < step; earlier++)
    if (bms_mail_test_get_state (test, earlier) == BMS_STEP_FAILED &&
        same_problem (bms_mail_test_get_error (test, earlier), bms_mail_test_get_error (test, step)))
      return earlier;

  return -1;
}

static gboolean
fails_later_the_same (BmsMailTest     *test,
                      BmsMailTestStep  step)
{
  for (guint later = step + 1; later < BMS_MAIL_TEST_N_STEPS; later++)
    if (bms_mail_test_get_state (test, later) == BMS_STEP_FAILED &&
        same_problem (bms_mail_test_get_error (test, later), bms_mail_test_get_error (test, step)))
      return TRUE;

  return FALSE;
}

/* When both servers refuse for the same reason (the same wrong password on
 * both logins), the diagnosis is said once, naming both; each step still
 * gets its own server's words. */
static void
print_step (BmsMailTest     *test,
            BmsMailTestStep  step)
{
  BmsStepState state = bms_mail_test_get_state (test, step);
  const GError *error = bms_mail_test_get_error (test, step);
  gboolean is_gmail = bms_mail_test_get_is_gmail (test);

  g_print ("%s\t%s\n", state_word (state), bms_mail_test_step_get_title (step));
  /* The diagnosis on standard error belongs under its step. */
  fflush (stdout);

  if (state != BMS_STEP_FAILED)
    return;

  if (earlier_same_failure (test, step) >= 0)
    {
      print_server_words (bms_mail_test_get_transcript (test, step));
      return;
    }

  if (fails_later_the_same (test, step))
    {
      /* Translators: %s is what went wrong, e.g. that the password was not accepted. */
      g_printerr (_("Both servers (SMTP for sending, IMAP for the sent mail folder): %s\n"), error->message);
      if (error->domain == BMS_MAIL_ERROR)
        g_printerr ("%s\n", bms_problem_get_advice_for (error->code, is_gmail,
                                                        bms_mail_test_step_get_operation (step),
                                                        BMS_ADVICE_ON_COMMAND_LINE));
      print_server_words (bms_mail_test_get_transcript (test, step));
      return;
    }

  print_diagnosis (error, bms_mail_test_get_transcript (test, step), is_gmail,
                   bms_mail_test_step_get_operation (step));
}

int
bms_cli_test (const char *profile,
              const char *ca_file)
{
  g_autoptr(BmsAccount) account = NULL;
  g_autoptr(BmsMailTest) test = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean saved_here;
  gboolean ok;
  Wait wait;

  account = open_account (profile, &saved_here);
  if (account == NULL)
    return BMS_CLI_USAGE_ERROR;
  if (!get_passwords (account, saved_here, TRUE, bms_account_has_own_imap_login (account)))
    return BMS_CLI_USAGE_ERROR;

  test = bms_account_new_mail_test (account, ca_file);
  wait_init (&wait);
  bms_cli_signals_cancel_on_signal (cancellable);
  bms_mail_test_run_async (test, cancellable, wait_done_cb, &wait);
  result = wait_run (&wait);
  bms_cli_signals_stop_cancelling ();
  ok = bms_mail_test_run_finish (test, result, &error);

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    print_step (test, step);

  if (!ok)
    return BMS_CLI_TEST_FAILED;

  /* The manual's own words for a passed test. */
  g_print ("%s\n", _("The test message was sent."));
  if (bms_account_get_save_sent (account))
    g_print ("%s\n", _("The test message was saved in the mailbox."));

  return BMS_CLI_OK;
}

static void
print_folder (BmsFolder *folder)
{
  g_autofree char *attributes = g_strjoinv (" ", (char **) bms_folder_get_attributes (folder));

  g_print ("%s\t%s\t%s\n",
           bms_folder_get_display_name (folder),
           bms_folder_get_wire_name (folder),
           attributes);
}

int
bms_cli_list_folders (const char *profile,
                      const char *ca_file)
{
  g_autoptr(BmsAccount) account = NULL;
  g_autoptr(BmsServer) server = NULL;
  g_autoptr(BmsTranscript) transcript = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean saved_here;
  Wait wait;

  account = open_account (profile, &saved_here);
  if (account == NULL)
    return BMS_CLI_USAGE_ERROR;

  /* One line: the IMAP password, which is the SMTP one with "same settings". */
  if (!get_passwords (account, saved_here, FALSE, TRUE))
    return BMS_CLI_USAGE_ERROR;

  server = bms_account_dup_imap_server (account, ca_file);
  wait_init (&wait);
  bms_cli_signals_cancel_on_signal (cancellable);
  bms_imap_list_folders_async (server, bms_account_get_imap_password (account), cancellable,
                               wait_done_cb, &wait);
  result = wait_run (&wait);
  bms_cli_signals_stop_cancelling ();
  folders = bms_imap_list_folders_finish (result, &transcript, &error);

  if (folders == NULL)
    {
      /* The server's own words count too: its greeting may say Gmail. */
      print_diagnosis (error, transcript,
                       bms_server_is_gmail (server) || bms_transcript_says_gmail (transcript),
                       BMS_OPERATION_IMAP_LIST);
      return BMS_CLI_TEST_FAILED;
    }

  for (guint i = 0; i < folders->len; i++)
    print_folder (g_ptr_array_index (folders, i));

  return BMS_CLI_OK;
}

int
bms_cli_list_accounts (void)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait;

  wait_init (&wait);
  bms_account_store_list_async (store, NULL, wait_done_cb, &wait);
  result = wait_run (&wait);
  accounts = bms_account_store_list_finish (store, result, &problems, &error);
  if (accounts == NULL)
    {
      print_error (bms_account_store_get_dir (store), error->message);
      return BMS_CLI_USAGE_ERROR;
    }

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      BmsProfileProblem *problem = g_ptr_array_index (problems, i);
      /* A file's name may hold control characters: never sent to the terminal. */
      g_autofree char *path = bms_profile_printable_text (problem->path);

      print_error (path, problem->error->message);
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BmsAccount *account = g_ptr_array_index (accounts, i);

      g_print ("%s\t%s\t%s\n",
               bms_account_get_email (account),
               bms_account_get_employee_name (account),
               bms_account_get_profile_path (account));
    }

  return BMS_CLI_OK;
}

static const GOptionEntry option_entries[] = {
  { "test", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run the mail test of PROFILE (a profile file, or the e-mail address of a saved account) and exit"),
    N_("PROFILE") },
  { "list-folders", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("List the IMAP folders of PROFILE and exit"), N_("PROFILE") },
  { "list-accounts", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the accounts saved on this computer and exit"), NULL },
  { "provider", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Say who runs the mailbox of ADDRESS (Gmail, Google Workspace or not Google) and exit"),
    N_("ADDRESS") },
  { "check", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Check the SMTP and IMAP logins of ADDRESS (a saved account) or of a profile file, sending no mail, and exit; may be given more than once"),
    N_("ADDRESS|PROFILE") },
  { "check-all", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the logins of every saved account, sending no mail, and exit"), NULL },
  { "test-all", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run the mail test of every saved account and exit"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --check, --check-all or --test-all: one JSON object per account and line"), NULL },
  { "quiet", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --check, --check-all or --test-all: show only the accounts that did not pass"), NULL },
  { "notify", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --check, --check-all or --test-all: show a desktop notification when an account failed, which opens the saved accounts"),
    NULL },
  { "import-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Add the employees of FILE (CSV: 社員名,メールアドレス) as accounts not set up yet, and exit"),
    N_("FILE") },
  { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the saved accounts and their last checks to FILE (CSV for Excel, no passwords; - for standard output), and exit"),
    N_("FILE") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Also trust the certificate authorities in FILE (PEM)"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the program’s version and exit"), NULL },
  { NULL }
};

/* The options of the command line, and its summary in --help. */
void
bms_cli_add_options (GApplication *application)
{
  g_return_if_fail (G_IS_APPLICATION (application));

  g_application_add_main_option_entries (application, option_entries);
  g_application_set_option_context_parameter_string (application, NULL);
  g_application_set_option_context_summary (application,
                                            _("Sets up an employee's Gmail account for BizMagic and tests it.\n"
                                              "Without options, the assistant opens. Passwords are read from\n"
                                              "standard input (one line each: SMTP, then IMAP unless IMAP uses\n"
                                              "the SMTP login) or, for a saved account, from the keyring."));
}

/* --check, --check-all, --test-all, --import-csv, --export-csv; -1 when
 * none of them is given. */
static int
handle_roster_options (GVariantDict *options,
                       const char   *ca_file)
{
  g_autofree char *csv_file = NULL;
  g_auto(GStrv) targets = NULL;
  BmsCliCheckFlags flags = 0;

  if (g_variant_dict_lookup (options, "import-csv", "^ay", &csv_file))
    return bms_cli_import_csv (csv_file);
  if (g_variant_dict_lookup (options, "export-csv", "^ay", &csv_file))
    return bms_cli_export_csv (csv_file);

  if (g_variant_dict_contains (options, "json"))
    flags |= BMS_CLI_CHECK_JSON;
  if (g_variant_dict_contains (options, "quiet"))
    flags |= BMS_CLI_CHECK_QUIET;
  if (g_variant_dict_contains (options, "notify"))
    flags |= BMS_CLI_CHECK_NOTIFY;

  if (g_variant_dict_lookup (options, "check", "^as", &targets))
    return bms_cli_check ((const char * const *) targets, BMS_CHECK_KIND_LOGIN, flags, ca_file);
  if (g_variant_dict_contains (options, "check-all"))
    return bms_cli_check (NULL, BMS_CHECK_KIND_LOGIN, flags, ca_file);
  if (g_variant_dict_contains (options, "test-all"))
    return bms_cli_check (NULL, BMS_CHECK_KIND_MAIL_TEST, flags, ca_file);

  if (flags != 0)
    {
      g_printerr ("%s\n", _("--json, --quiet and --notify go with --check, --check-all or --test-all."));
      return BMS_CLI_USAGE_ERROR;
    }

  return -1;
}

/* The values g_option_context_parse() stored for bms_cli_check_arguments(),
 * each freed as its kind says. */
static void
free_option_values (const GOptionEntry *entries,
                    gpointer           *values)
{
  for (guint i = 0; entries[i].long_name != NULL; i++)
    {
      switch (entries[i].arg)
        {
        case G_OPTION_ARG_STRING:
        case G_OPTION_ARG_FILENAME:
          g_free (values[i]);
          break;

        case G_OPTION_ARG_STRING_ARRAY:
        case G_OPTION_ARG_FILENAME_ARRAY:
          g_strfreev (values[i]);
          break;

        case G_OPTION_ARG_NONE:
        case G_OPTION_ARG_INT:
        case G_OPTION_ARG_CALLBACK:
        case G_OPTION_ARG_DOUBLE:
        case G_OPTION_ARG_INT64:
        default:
          break;
        }
    }
}

/* GApplication reports an option it does not know, or a value missing
 * after one, with exit status 1, which scripts would read as a failed
 * test. So the arguments are parsed once here, as GApplication will parse
 * them, only to say what is wrong with them. Help is left to GApplication. */
static gboolean
asks_for_help (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return FALSE;
      if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "-?") || g_str_has_prefix (argv[i], "--help"))
        return TRUE;
    }

  return FALSE;
}

/**
 * bms_cli_check_arguments:
 *
 * Returns: -1 when the arguments are options this program knows, with their
 *   values; otherwise the problem is said on standard error and the exit
 *   status for a usage problem is returned.
 */
int
bms_cli_check_arguments (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree GOptionEntry *entries = g_new0 (GOptionEntry, G_N_ELEMENTS (option_entries) + 1);
  g_autofree char **copy = g_new0 (char *, argc + 1);
  /* Room for any option's value; what the parser stores there is freed
   * below by its kind. */
  gpointer values[G_N_ELEMENTS (option_entries)] = { NULL };
  g_autoptr(GError) error = NULL;
  int copy_argc = argc;
  int status = -1;

  if (asks_for_help (argc, argv))
    return -1;

  memcpy (entries, option_entries, sizeof option_entries);
  for (guint i = 0; entries[i].long_name != NULL; i++)
    entries[i].arg_data = &values[i];
  /* GApplication's own, which it adds to every program that is not a
   * service or a launcher. */
  entries[G_N_ELEMENTS (option_entries) - 1] = (GOptionEntry) {
    "gapplication-service", 0, 0, G_OPTION_ARG_NONE, &values[G_N_ELEMENTS (option_entries) - 1], NULL, NULL
  };

  /* The parser takes out what it read: a copy keeps @argv whole. */
  memcpy (copy, argv, sizeof (char *) * argc);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &copy_argc, &copy, &error))
    {
      print_error (g_get_prgname (), error->message);
      status = BMS_CLI_USAGE_ERROR;
    }
  else if (copy_argc > 1)
    {
      /* Translators: %s is an argument given on the command line. */
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), copy[1]);

      print_error (g_get_prgname (), message);
      status = BMS_CLI_USAGE_ERROR;
    }

  free_option_values (entries, values);
  return status;
}

/* Runs what the options of bms_cli_add_options() ask for, and returns the
 * exit status; -1 when they ask for none of the command line's work. */
int
bms_cli_handle_options (GVariantDict *options)
{
  g_autofree char *ca_file = NULL;
  const char *profile = NULL;
  int status;

  g_return_val_if_fail (options != NULL, BMS_CLI_USAGE_ERROR);

  /* For scripts and bug reports: the name as the executable is called,
   * never translated. */
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return BMS_CLI_OK;
    }

  g_variant_dict_lookup (options, "ca-file", "^ay", &ca_file);
  if (ca_file != NULL && !g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      /* Translators: %s is a file name given with --ca-file. */
      g_autofree char *message = g_strdup_printf (_("the certificate file “%s” does not exist"), ca_file);

      print_error ("--ca-file", message);
      return BMS_CLI_USAGE_ERROR;
    }

  if (g_variant_dict_lookup (options, "test", "&s", &profile))
    return bms_cli_test (profile, ca_file);

  if (g_variant_dict_lookup (options, "list-folders", "&s", &profile))
    return bms_cli_list_folders (profile, ca_file);

  if (g_variant_dict_contains (options, "list-accounts"))
    return bms_cli_list_accounts ();

  if (g_variant_dict_lookup (options, "provider", "&s", &profile))
    return bms_cli_provider (profile);

  status = handle_roster_options (options, ca_file);
  if (status >= 0)
    return status;

  return -1;
}
