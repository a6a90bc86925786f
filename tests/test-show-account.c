/* test-show-account.c: app.show-account, what a click on the daily check's
 * notification asks for, shows the saved accounts with that one focused.
 *
 * Activated as the desktop does it: org.freedesktop.Application's
 * ActivateAction over the session bus, with the profile's path as the
 * target. Under run-with-keyring.sh: a throw-away HOME and a private bus.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bms-roster-row.h"
#include "bms-test-utils.h"

#define TIMEOUT_MS 10000
/* The list of saved accounts is read in a few milliseconds here. */
#define FOCUS_TIMEOUT_MS 3000

typedef struct {
  char *alice_path;
  char *bob_path;
} Accounts;

static char *
save_profile (const char *file_name,
              const char *employee_name,
              const char *address)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "bizmagic-mail-setup", "accounts", NULL);
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  contents = g_strdup_printf ("[Profile]\nformat=1\n\n"
                              "[Account]\nemployee-name=%s\nemail=%s\n\n"
                              "[SMTP]\nuser=%s\nhost=localhost\nport=465\nsecurity=ssl-tls\n\n"
                              "[IMAP]\nsave-sent=false\nsame-as-smtp=true\nhost=localhost\nport=993\n"
                              "security=ssl-tls\n",
                              employee_name, address, address);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
accounts_setup (Accounts      *accounts,
                gconstpointer  data)
{
  accounts->alice_path = save_profile ("alice_40example.com.ini", "有栖 アリス", "alice@example.com");
  accounts->bob_path = save_profile ("bob_40example.com.ini", "ボブ", "bob@example.com");
}

static void
accounts_teardown (Accounts      *accounts,
                   gconstpointer  data)
{
  bms_test_stop_application (bms_test_get_application ());
  g_remove (accounts->alice_path);
  g_remove (accounts->bob_path);
  g_free (accounts->alice_path);
  g_free (accounts->bob_path);
}

typedef struct {
  GtkApplication *application;
  const char     *address;
} FocusWanted;

/* The focus is in the roster's row that shows @address: on its place in
 * the list, or on one of its buttons. */
static gboolean
focus_on_account_cb (gpointer user_data)
{
  FocusWanted *wanted = user_data;
  GtkWindow *window = gtk_application_get_active_window (wanted->application);
  GtkWidget *focus = window != NULL ? gtk_window_get_focus (window) : NULL;
  GtkWidget *row = NULL;
  BmsRosterEntry *entry;

  if (focus != NULL && BMS_IS_ROSTER_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);
  else if (focus != NULL)
    row = gtk_widget_get_ancestor (focus, BMS_TYPE_ROSTER_ROW);
  entry = row != NULL ? bms_roster_row_get_entry (BMS_ROSTER_ROW (row)) : NULL;

  return entry != NULL &&
         g_strcmp0 (bms_account_get_email (bms_roster_entry_get_account (entry)), wanted->address) == 0;
}

static void
assert_focus_on_account (FocusWanted *wanted)
{
  g_assert_true (bms_test_wait_until (focus_on_account_cb, wanted, FOCUS_TIMEOUT_MS));
}

static void
activate_over_dbus (BmsApplication *application,
                    const char     *path)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (application));
  g_autoptr(GVariantBuilder) target = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (connection);
  g_variant_builder_add (target, "v", g_variant_new_string (path));
  reply = g_dbus_connection_call_sync (connection, g_dbus_connection_get_unique_name (connection),
                                       g_application_get_dbus_object_path (G_APPLICATION (application)),
                                       "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new ("(sav@a{sv})", "show-account", target,
                                                      g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, TIMEOUT_MS, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  BmsApplication *application;
  const char     *path;
  int             done;
} Activation;

/* ActivateAction is answered by this very process: the call is made from a
 * thread, so that the main loop here can answer it. */
static gpointer
activate_thread (gpointer user_data)
{
  Activation *activation = user_data;

  activate_over_dbus (activation->application, activation->path);
  g_atomic_int_set (&activation->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
activate_and_wait (BmsApplication *application,
                   const char     *path)
{
  Activation activation = { application, path, FALSE };
  GThread *thread = g_thread_new ("activate", activate_thread, &activation);

  while (!g_atomic_int_get (&activation.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  bms_test_process_events ();
}

static void
test_starts_window (Accounts      *accounts,
                    gconstpointer  data)
{
  BmsApplication *application = bms_test_get_application ();
  FocusWanted wanted = { GTK_APPLICATION (application), "bob@example.com" };
  GtkWindow *window;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (application)));
  activate_and_wait (application, accounts->bob_path);

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_assert_true (BMS_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (bms_assistant_get_current_name (bms_window_get_assistant (BMS_WINDOW (window))), ==, "welcome");
  assert_focus_on_account (&wanted);
}

static void
test_from_another_page (Accounts      *accounts,
                        gconstpointer  data)
{
  BmsTestWizard wizard;
  FocusWanted wanted = { NULL, "alice@example.com" };

  bms_test_wizard_start (&wizard, NULL);
  wanted.application = GTK_APPLICATION (wizard.application);
  bms_test_wizard_press_next (&wizard);
  bms_test_wizard_assert_on_page (&wizard, PAGE_GOOGLE);

  g_action_group_activate_action (G_ACTION_GROUP (wizard.application), "show-account",
                                  g_variant_new_string (accounts->alice_path));
  bms_test_process_events ();

  /* The same window, not a second one. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (wizard.application))), ==, 1);
  bms_test_wizard_assert_on_page (&wizard, PAGE_WELCOME);
  assert_focus_on_account (&wanted);
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add ("/show-account/starts-window", Accounts, NULL,
              accounts_setup, test_starts_window, accounts_teardown);
  g_test_add ("/show-account/from-another-page", Accounts, NULL,
              accounts_setup, test_from_another_page, accounts_teardown);

  return g_test_run ();
}
