/* test-daily-check-row.c: the daily check's switch row, on a real screen.
 *
 * Run by run-with-user-manager.py, like test-daily-check.c: the working
 * cases use a real systemd user manager of the test's own, and skip with
 * its reason where this machine cannot run one; the unavailable case is a
 * private bus without systemd and runs everywhere with a display.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bms-daily-check-row.h"
#include "bms-test-utils.h"

#define SERVICE_UNIT "bizmagic-mail-setup-check.service"
#define TIMEOUT_MS 15000


typedef struct {
  GtkWindow        *window;
  BmsDailyCheckRow *row;
  GtkSwitch        *toggle;
} Shown;

static void
show_row (Shown         *shown,
          BmsDailyCheck *daily_check)
{
  GtkWidget *list = gtk_list_box_new ();

  shown->window = GTK_WINDOW (gtk_window_new ());
  shown->row = BMS_DAILY_CHECK_ROW (bms_daily_check_row_new (daily_check));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (shown->row));
  gtk_window_set_child (shown->window, list);
  gtk_window_set_default_size (shown->window, 600, -1);
  shown->toggle = GTK_SWITCH (bms_test_find_widget_of_type (GTK_WIDGET (shown->row), GTK_TYPE_SWITCH));
  g_assert_nonnull (shown->toggle);
  gtk_window_present (shown->window);
}

static void
hide_row (Shown *shown)
{
  gtk_window_destroy (shown->window);
  bms_test_process_events ();
}

static const char *
subtitle_of (Shown *shown)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (shown->row));
}

static gboolean
sensitive_cb (gpointer user_data)
{
  Shown *shown = user_data;

  return gtk_widget_is_sensitive (GTK_WIDGET (shown->toggle));
}

typedef struct {
  Shown      *shown;
  const char *text;
} SubtitleWanted;

static gboolean
subtitle_says_cb (gpointer user_data)
{
  SubtitleWanted *wanted = user_data;

  return strstr (subtitle_of (wanted->shown), wanted->text) != NULL;
}

static char *
systemctl_says (const char *verb)
{
  const char *argv[] = { "systemctl", "--user", verb, BMS_DAILY_CHECK_TIMER_UNIT, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (g_steal_pointer (&out));
}

static void
systemctl (const char *verb)
{
  const char *argv[] = { "systemctl", "--user", verb, BMS_DAILY_CHECK_TIMER_UNIT, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* A bus of its own without systemd: not GTestDBus, which points the
 * session bus of the whole process (GTK's too) at it. */
static GSubprocess *
start_private_bus (char **address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *bus;

  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          "dbus-daemon", "--config-file=" BMS_TEST_SOURCE_DIR "/dbus-no-secrets.conf",
                          "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  *address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*address);

  return bus;
}

static void
test_unavailable (void)
{
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) bus = start_private_bus (&address);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(BmsDailyCheck) daily_check = NULL;
  g_autoptr(GError) error = NULL;
  SubtitleWanted wanted;
  Shown shown;

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  daily_check = bms_daily_check_new (connection);

  show_row (&shown, daily_check);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (shown.row)), ==, "Daily Login Check");
  /* Before anything is known, nothing can be switched. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (shown.toggle)));

  wanted = (SubtitleWanted) { &shown, "no systemd user manager" };
  g_assert_true (bms_test_wait_until (subtitle_says_cb, &wanted, TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (shown.toggle)));
  g_assert_false (gtk_switch_get_active (shown.toggle));
  /* A screen reader on the switch hears its name and why it cannot be used. */
  gtk_test_accessible_assert_property (shown.toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, "Daily Login Check");
  gtk_test_accessible_assert_property (shown.toggle, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle_of (&shown));
  bms_test_save_screenshot (GTK_WIDGET (shown.window), "daily-check-row-unavailable");

  hide_row (&shown);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, NULL);
}

static gboolean
skip_without_user_manager (void)
{
  const char *reason = g_getenv ("BMS_TEST_USER_MANAGER_SKIP");

  if (reason == NULL || reason[0] == '\0')
    return FALSE;

  g_test_skip (reason);
  return TRUE;
}

static char *
unit_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "systemd", "user", NULL);
}

static void
install_units (void)
{
  const char *units[][2] = {
    { "BMS_TEST_UNIT_SERVICE", SERVICE_UNIT },
    { "BMS_TEST_UNIT_TIMER", BMS_DAILY_CHECK_TIMER_UNIT },
  };
  g_autofree char *dir = unit_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *contents = NULL;
      g_autofree char *target = g_build_filename (dir, units[i][1], NULL);
      g_autoptr(GError) error = NULL;
      gsize length;

      g_assert_nonnull (g_getenv (units[i][0]));
      g_file_get_contents (g_getenv (units[i][0]), &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (target, contents, length, &error);
      g_assert_no_error (error);
    }
}

static void
remove_units (void)
{
  g_autofree char *dir = unit_dir ();
  g_autofree char *service = g_build_filename (dir, SERVICE_UNIT, NULL);
  g_autofree char *timer = g_build_filename (dir, BMS_DAILY_CHECK_TIMER_UNIT, NULL);

  systemctl ("unmask");
  systemctl ("disable");
  g_remove (service);
  g_remove (timer);
}

static void
test_not_installed (void)
{
  SubtitleWanted wanted;
  Shown shown;

  if (skip_without_user_manager ())
    return;

  show_row (&shown, NULL);
  wanted = (SubtitleWanted) { &shown, "not installed" };
  g_assert_true (bms_test_wait_until (subtitle_says_cb, &wanted, TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (shown.toggle)));
  hide_row (&shown);
}

typedef struct {
  Shown    *shown;
  gboolean  state;
} StateWanted;

static gboolean
state_is_cb (gpointer user_data)
{
  StateWanted *wanted = user_data;

  return gtk_widget_is_sensitive (GTK_WIDGET (wanted->shown->toggle)) &&
         gtk_switch_get_state (wanted->shown->toggle) == wanted->state &&
         gtk_switch_get_active (wanted->shown->toggle) == wanted->state;
}

static void
test_switch_follows_systemd (void)
{
  g_autofree char *said = NULL;
  StateWanted wanted;
  Shown shown;

  if (skip_without_user_manager ())
    return;
  install_units ();

  show_row (&shown, NULL);
  g_assert_true (bms_test_wait_until (sensitive_cb, &shown, TIMEOUT_MS));
  g_assert_false (gtk_switch_get_active (shown.toggle));
  g_assert_nonnull (strstr (subtitle_of (&shown), "No mail is sent"));

  /* Turned on by activating the row, as a click or Space on it does. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (shown.row)));
  wanted = (StateWanted) { &shown, TRUE };
  g_assert_true (bms_test_wait_until (state_is_cb, &wanted, TIMEOUT_MS));
  said = systemctl_says ("is-enabled");
  g_assert_cmpstr (said, ==, "enabled");
  g_clear_pointer (&said, g_free);
  bms_test_save_screenshot (GTK_WIDGET (shown.window), "daily-check-row-on");

  /* Off again. */
  gtk_switch_set_active (shown.toggle, FALSE);
  wanted = (StateWanted) { &shown, FALSE };
  g_assert_true (bms_test_wait_until (state_is_cb, &wanted, TIMEOUT_MS));
  said = systemctl_says ("is-enabled");
  g_assert_cmpstr (said, ==, "disabled");
  g_clear_pointer (&said, g_free);
  hide_row (&shown);

  /* Changed behind its back: the row reads it again when shown. */
  systemctl ("enable");
  show_row (&shown, NULL);
  wanted = (StateWanted) { &shown, TRUE };
  g_assert_true (bms_test_wait_until (state_is_cb, &wanted, TIMEOUT_MS));
  hide_row (&shown);

  remove_units ();
}

static void
test_refused_goes_back (void)
{
  SubtitleWanted said_why;
  StateWanted wanted;
  Shown shown;

  if (skip_without_user_manager ())
    return;
  install_units ();
  systemctl ("mask");

  show_row (&shown, NULL);
  g_assert_true (bms_test_wait_until (sensitive_cb, &shown, TIMEOUT_MS));
  gtk_switch_set_active (shown.toggle, TRUE);

  said_why = (SubtitleWanted) { &shown, "could not be changed" };
  g_assert_true (bms_test_wait_until (subtitle_says_cb, &said_why, TIMEOUT_MS));
  g_assert_nonnull (strstr (subtitle_of (&shown), "masked"));
  wanted = (StateWanted) { &shown, FALSE };
  g_assert_true (bms_test_wait_until (state_is_cb, &wanted, TIMEOUT_MS));
  bms_test_save_screenshot (GTK_WIDGET (shown.window), "daily-check-row-refused");
  hide_row (&shown);

  remove_units ();
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  bms_test_init (&argc, &argv);

  g_test_add_func ("/daily-check-row/unavailable", test_unavailable);
  g_test_add_func ("/daily-check-row/not-installed", test_not_installed);
  g_test_add_func ("/daily-check-row/switch-follows-systemd", test_switch_follows_systemd);
  g_test_add_func ("/daily-check-row/refused-goes-back", test_refused_goes_back);

  return g_test_run ();
}
