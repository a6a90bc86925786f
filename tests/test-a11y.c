/* test-a11y.c: every page as a screen reader sees it, over the real AT-SPI bus.
 *
 * The test drives the real application page by page; on each page it runs
 * a11y-check.py, which reads this very process's accessibility tree over
 * AT-SPI (as Orca does) and fails on a shown control without a name or a
 * status icon without a name or description. A field's problem must be its
 * accessible description while it stands, and only then.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "bms-folder-chooser.h"
#include "bms-test-page.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"

#define MESSAGE_TIMEOUT_MS 3000
#define MAIL_TEST_TIMEOUT_MS 30000
#define CHECK_TIMEOUT_MS 60000
#define TEST_ADDRESS "alice@example.com"

static BmsTestServers *servers;
static const char *check_script;

typedef BmsTestWizard Fixture;

typedef struct
{
  gboolean  done;
  gboolean  passed;
  char     *output;
} CheckRun;

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CheckRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->output, NULL, &error);
  g_assert_no_error (error);
  run->passed = g_subprocess_get_if_exited (G_SUBPROCESS (source)) &&
                g_subprocess_get_exit_status (G_SUBPROCESS (source)) == 0;
  run->done = TRUE;
}

static gboolean
check_done (gpointer user_data)
{
  return ((CheckRun *) user_data)->done;
}

/* Runs a11y-check.py on this process with @extra_args (NULL-terminated);
 * the main loop keeps running meanwhile, so that GTK answers its questions.
 * Returns whether the check passed; its report goes to the test's log. */
static gboolean
run_check (const char * const *extra_args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) check = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  CheckRun run = { FALSE, FALSE, NULL };

  bms_test_process_events ();

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup (check_script));
  g_ptr_array_add (argv, g_strdup ("--pid"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", (int) getpid ()));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  check = g_subprocess_newv ((const char * const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                             &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (check, NULL, NULL, check_done_cb, &run);
  g_assert_true (bms_test_wait_until (check_done, &run, CHECK_TIMEOUT_MS));

  lines = g_strsplit (run.output != NULL ? run.output : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i][0] == '#' ? lines[i] + 2 : lines[i]);
  g_free (run.output);

  return run.passed;
}

static void
assert_accessible (const char *where)
{
  g_test_message ("Accessibility tree: %s", where);
  if (!run_check (NULL))
    g_error ("%s: a control has no accessible name (see PROBLEM above)", where);
}

/* The field's accessible name as GTK computes it from its labelled-by
 * label: the label's text, without the mnemonic's underscore. */
static const char *
field_name (Fixture    *fixture,
            const char *label_id)
{
  return gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (fixture, label_id)));
}

static gboolean
message_shown_cb (gpointer user_data)
{
  GtkWidget *message = user_data;

  return gtk_widget_get_visible (message) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (message)), "") != 0;
}

static gboolean
message_hidden_cb (gpointer user_data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (user_data));
}

/* Types @bad into a field, waits for its problem and checks that the
 * problem is the field's description; types @good and checks that the
 * description is gone. */
static void
assert_problem_described (Fixture    *fixture,
                          const char *field,
                          const char *bad,
                          const char *good)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);
  g_autofree char *label_id = g_strconcat (field, "_label", NULL);
  g_autofree char *message_id = g_strconcat (field, "_message", NULL);
  GtkWidget *message = bms_test_wizard_page_widget (fixture, message_id);
  g_autofree char *described = NULL;
  const char *args[3] = { NULL, NULL, NULL };

  bms_test_set_text (bms_test_wizard_page_widget (fixture, entry_id), bad);
  g_assert_true (bms_test_wait_until (message_shown_cb, message, MESSAGE_TIMEOUT_MS));
  described = g_strdup_printf ("%s=%s", field_name (fixture, label_id),
                               gtk_label_get_text (GTK_LABEL (message)));
  args[0] = "--description";
  args[1] = described;
  g_test_message ("Accessibility tree: %s with a problem", field);
  g_assert_true (run_check (args));

  bms_test_set_text (bms_test_wizard_page_widget (fixture, entry_id), good);
  g_assert_true (bms_test_wait_until (message_hidden_cb, message, MESSAGE_TIMEOUT_MS));
  args[0] = "--no-description";
  args[1] = field_name (fixture, label_id);
  g_test_message ("Accessibility tree: %s fixed", field);
  g_assert_true (run_check (args));
}

/* Every page, the folder chooser and the finished mail test, each read
 * over AT-SPI; the fields' problems are their descriptions. */
static void
test_a11y_pages (Fixture       *fixture,
                 gconstpointer  data)
{
  BmsFolderChooser *chooser;

  assert_accessible ("welcome page");

  bms_test_wizard_press_next (fixture);
  assert_accessible ("Google page");
  gtk_expander_set_expanded (GTK_EXPANDER (bms_test_wizard_page_widget (fixture, "old_way_expander")), TRUE);
  assert_accessible ("Google page, the old way shown");
  assert_problem_described (fixture, "app_password", "abcd efgh", "abcd efgh ijkl mnop");

  bms_test_wizard_press_next (fixture);
  assert_accessible ("IMAP page");

  bms_test_wizard_press_next (fixture);
  assert_accessible ("form page, empty");
  bms_test_wizard_fill_form (fixture, servers, TEST_ADDRESS);
  assert_accessible ("form page, filled");
  assert_problem_described (fixture, "email", "taro@", TEST_ADDRESS);
  assert_problem_described (fixture, "smtp_port", "65536", "587");
  {
    g_autofree char *smtp_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "smtp_starttls_port"));

    bms_test_set_text (bms_test_wizard_page_widget (fixture, "smtp_port_entry"), smtp_port);
  }

  bms_test_click (bms_test_wizard_page_widget (fixture, "fetch_folders_button"));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MAIL_TEST_TIMEOUT_MS));
  chooser = BMS_FOLDER_CHOOSER (bms_test_find_toplevel (BMS_TYPE_FOLDER_CHOOSER));
  assert_accessible ("folder chooser");
  gtk_window_close (GTK_WINDOW (chooser));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_gone_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MESSAGE_TIMEOUT_MS));

  bms_test_wizard_press_next (fixture);
  g_assert_true (bms_test_wait_until (bms_test_wizard_page_complete_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  assert_accessible ("mail test page, passed");
  gtk_expander_set_expanded (GTK_EXPANDER (bms_test_wizard_page_widget (fixture, "details_expander")), TRUE);
  assert_accessible ("mail test page, details shown");

  bms_test_wizard_press_next (fixture);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  assert_accessible ("finish page");
}

/* The mail test while it runs: the step icons and spinners, the Cancel
 * buttons; the scripted server never answers, so the test stays running. */
static void
test_a11y_running_test (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BmsTestScriptedServer) silent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  silent = bms_test_scripted_server_start ("silent", BMS_TEST_TLS_NONE, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", bms_test_scripted_server_get_port (silent));

  bms_test_wizard_press_next (fixture);
  bms_test_wizard_press_next (fixture);
  bms_test_wizard_press_next (fixture);
  bms_test_wizard_fill_form (fixture, servers, TEST_ADDRESS);
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "smtp_port_entry"), port);
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "imap_port_entry"), port);
  bms_test_wizard_press_next (fixture);
  /* The test is still running: Next waits for it. */
  g_assert_false (bms_page_get_complete (bms_assistant_get_current_page (fixture->assistant)));
  assert_accessible ("mail test page, running");

  bms_test_page_cancel (BMS_TEST_PAGE (bms_assistant_get_current_page (fixture->assistant)));
  g_assert_true (bms_test_wait_until (bms_test_wizard_mail_test_ended_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  /* A cancelled test is not a pass: Next stays closed. */
  g_assert_false (bms_page_get_complete (bms_assistant_get_current_page (fixture->assistant)));
  assert_accessible ("mail test page, cancelled");
}

/* The check itself: a button with only an icon and no name, put on the
 * welcome page, must make it fail. */
static void
test_a11y_catches_unnamed (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (fixture->assistant));
  GtkWidget *box = bms_test_find_widget_of_type (page, GTK_TYPE_BOX);
  GtkWidget *unnamed = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *entry = gtk_entry_new ();

  g_assert_true (run_check (NULL));

  gtk_box_append (GTK_BOX (box), unnamed);
  g_assert_false (run_check (NULL));
  gtk_box_remove (GTK_BOX (box), unnamed);

  gtk_box_append (GTK_BOX (box), entry);
  g_assert_false (run_check (NULL));
  gtk_box_remove (GTK_BOX (box), entry);

  g_assert_true (run_check (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *ca_file;
  int status;

  bms_test_init (&argc, &argv);

  check_script = g_getenv ("BMS_A11Y_CHECK");
  if (check_script == NULL)
    check_script = BMS_TEST_SOURCE_DIR "/a11y-check.py";

  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);
  ca_file = bms_test_servers_get_ca_file (servers);

  g_test_add ("/a11y/catches-unnamed", Fixture, ca_file, bms_test_wizard_setup, test_a11y_catches_unnamed, bms_test_wizard_teardown);
  g_test_add ("/a11y/pages", Fixture, ca_file, bms_test_wizard_setup, test_a11y_pages, bms_test_wizard_teardown);
  g_test_add ("/a11y/running-test", Fixture, ca_file, bms_test_wizard_setup, test_a11y_running_test, bms_test_wizard_teardown);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
