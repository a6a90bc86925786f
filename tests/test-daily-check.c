/* test-daily-check.c: the daily check switched on and off through the
 * systemd user manager.
 *
 * Run by run-with-user-manager.py: beside a real `systemd --user` of the
 * test's own where this machine can run one, against which the timer is
 * enabled and disabled and `systemctl --user` says what it became. Where it
 * cannot, those cases skip with the reason in BMS_TEST_USER_MANAGER_SKIP.
 * The rest runs everywhere: a private bus without systemd (GTestDBus), and
 * a stand-in manager on it that never answers, for the timeout.
 *
 * BMS_TEST_UNIT_SERVICE and BMS_TEST_UNIT_TIMER: the units to install, the
 * service running the program just built.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bms-daily-check.h"

#define SERVICE_UNIT "bizmagic-mail-setup-check.service"

typedef struct {
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

static GAsyncResult *
wait_run (Wait *wait)
{
  if (wait->result == NULL)
    g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
  return wait->result;
}

static gboolean
get_enabled (BmsDailyCheck *check,
             GCancellable  *cancellable,
             gboolean      *enabled,
             GError       **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GAsyncResult) result = NULL;

  bms_daily_check_get_enabled_async (check, cancellable, wait_done_cb, &wait);
  result = wait_run (&wait);
  return bms_daily_check_get_enabled_finish (check, result, enabled, error);
}

static gboolean
set_enabled (BmsDailyCheck *check,
             gboolean       enabled,
             GError       **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GAsyncResult) result = NULL;

  bms_daily_check_set_enabled_async (check, enabled, NULL, wait_done_cb, &wait);
  result = wait_run (&wait);
  return bms_daily_check_set_enabled_finish (check, result, error);
}

/* What systemctl --user says of the timer, for one of its verbs. */
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

/* The private bus without systemd. */

typedef struct {
  GTestDBus       *bus;
  GDBusConnection *connection;
} PrivateBus;

static void
private_bus_setup (PrivateBus    *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture->bus);
  fixture->connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (fixture->bus),
                                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                                NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
private_bus_teardown (PrivateBus    *fixture,
                      gconstpointer  data)
{
  g_dbus_connection_close_sync (fixture->connection, NULL, NULL);
  g_object_unref (fixture->connection);
  g_test_dbus_down (fixture->bus);
  g_object_unref (fixture->bus);
}

static void
test_no_user_manager (PrivateBus    *fixture,
                      gconstpointer  data)
{
  g_autoptr(BmsDailyCheck) check = bms_daily_check_new (fixture->connection);
  g_autoptr(GError) error = NULL;
  gboolean enabled = TRUE;

  g_assert_false (get_enabled (check, NULL, &enabled, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER);
  g_assert_nonnull (strstr (error->message, "systemd"));
  g_assert_true (enabled);  /* untouched on failure */
  g_clear_error (&error);

  g_assert_false (set_enabled (check, TRUE, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER);
  g_clear_error (&error);

  g_assert_false (set_enabled (check, FALSE, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER);
}

static void
test_cancelled (PrivateBus    *fixture,
                gconstpointer  data)
{
  g_autoptr(BmsDailyCheck) check = bms_daily_check_new (fixture->connection);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (get_enabled (check, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A stand-in that owns the manager's name and never answers: the call
 * must end with the timeout, not hang the caller. */
static void
silent_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  GPtrArray *unanswered = user_data;

  g_ptr_array_add (unanswered, g_object_ref (invocation));
}

static void
test_timeout (PrivateBus    *fixture,
              gconstpointer  data)
{
  static const char introspection[] =
    "<node><interface name='org.freedesktop.systemd1.Manager'>"
    "<method name='GetUnitFileState'><arg type='s' direction='in'/><arg type='s' direction='out'/></method>"
    "</interface></node>";
  static const GDBusInterfaceVTable vtable = { silent_method_cb };
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (introspection, NULL);
  g_autoptr(GPtrArray) unanswered = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDBusConnection) stand_in = NULL;
  g_autoptr(BmsDailyCheck) check = bms_daily_check_new (fixture->connection);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) owned = NULL;
  gint64 started;
  guint id;

  stand_in = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (fixture->bus),
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  g_assert_no_error (error);
  id = g_dbus_connection_register_object (stand_in, "/org/freedesktop/systemd1", node->interfaces[0],
                                          &vtable, unanswered, NULL, &error);
  g_assert_no_error (error);
  owned = g_dbus_connection_call_sync (stand_in, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.systemd1", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  bms_daily_check_set_timeout (check, 300);
  started = g_get_monotonic_time ();
  g_assert_false (get_enabled (check, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (unanswered->len, ==, 1);

  g_dbus_connection_unregister_object (stand_in, id);
  g_dbus_connection_close_sync (stand_in, NULL, NULL);
}

/* The real user manager. */

typedef struct {
  char *unit_dir;
} UserManager;

/* GTestDBus points DBUS_SESSION_BUS_ADDRESS at its bus and unsets it when
 * it goes down: the user manager's bus is kept here. */
static char *user_manager_bus_address;

static gboolean
skip_without_user_manager (void)
{
  const char *reason = g_getenv ("BMS_TEST_USER_MANAGER_SKIP");

  if (reason == NULL || reason[0] == '\0')
    return FALSE;

  g_test_skip (reason);
  return TRUE;
}

static void
copy_unit (const char *source_variable,
           const char *unit_dir,
           const char *name)
{
  const char *source = g_getenv (source_variable);
  g_autofree char *contents = NULL;
  g_autofree char *target = g_build_filename (unit_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_nonnull (source);
  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (target, contents, length, &error);
  g_assert_no_error (error);
}

/* The units go where the user manager looks for a user's own units:
 * $XDG_DATA_HOME/systemd/user, which the test's HOME makes its own. */
static void
user_manager_setup (UserManager   *fixture,
                    gconstpointer  data)
{
  if (user_manager_bus_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", user_manager_bus_address, TRUE);
  fixture->unit_dir = g_build_filename (g_get_user_data_dir (), "systemd", "user", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->unit_dir, 0700), ==, 0);
}

static void
remove_unit (const char *unit_dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (unit_dir, name, NULL);

  g_remove (path);
}

static void
user_manager_teardown (UserManager   *fixture,
                       gconstpointer  data)
{
  const char *argv[] = { "systemctl", "--user", "disable", "--now", BMS_DAILY_CHECK_TIMER_UNIT, NULL };

  /* Whatever a failed case left behind is undone before the next one. */
  if (g_getenv ("BMS_TEST_USER_MANAGER_SKIP") == NULL)
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
  remove_unit (fixture->unit_dir, BMS_DAILY_CHECK_TIMER_UNIT);
  remove_unit (fixture->unit_dir, SERVICE_UNIT);
  g_free (fixture->unit_dir);
}

static void
test_not_installed (UserManager   *fixture,
                    gconstpointer  data)
{
  g_autoptr(BmsDailyCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_user_manager ())
    return;

  check = bms_daily_check_new (NULL);
  g_assert_false (get_enabled (check, NULL, NULL, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NOT_INSTALLED);
  g_assert_nonnull (strstr (error->message, BMS_DAILY_CHECK_TIMER_UNIT));
  g_clear_error (&error);

  g_assert_false (set_enabled (check, TRUE, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NOT_INSTALLED);
  g_clear_error (&error);
  g_assert_false (set_enabled (check, FALSE, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NOT_INSTALLED);
}

static void
test_enable_disable (UserManager   *fixture,
                     gconstpointer  data)
{
  g_autoptr(BmsDailyCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  gboolean enabled = TRUE;

  if (skip_without_user_manager ())
    return;

  copy_unit ("BMS_TEST_UNIT_SERVICE", fixture->unit_dir, SERVICE_UNIT);
  copy_unit ("BMS_TEST_UNIT_TIMER", fixture->unit_dir, BMS_DAILY_CHECK_TIMER_UNIT);
  check = bms_daily_check_new (NULL);

  g_assert_true (get_enabled (check, NULL, &enabled, &error));
  g_assert_no_error (error);
  g_assert_false (enabled);
  said = systemctl_says ("is-enabled");
  g_assert_cmpstr (said, ==, "disabled");
  g_clear_pointer (&said, g_free);

  /* On: enabled for the next logins, and running now (enable --now). */
  g_assert_true (set_enabled (check, TRUE, &error));
  g_assert_no_error (error);
  said = systemctl_says ("is-enabled");
  g_assert_cmpstr (said, ==, "enabled");
  g_clear_pointer (&said, g_free);
  said = systemctl_says ("is-active");
  g_assert_cmpstr (said, ==, "active");
  g_clear_pointer (&said, g_free);
  g_assert_true (get_enabled (check, NULL, &enabled, &error));
  g_assert_true (enabled);

  /* Twice on is still on. */
  g_assert_true (set_enabled (check, TRUE, &error));
  g_assert_no_error (error);
  said = systemctl_says ("is-enabled");
  g_assert_cmpstr (said, ==, "enabled");
  g_clear_pointer (&said, g_free);

  /* Off: disabled, and stopped. */
  g_assert_true (set_enabled (check, FALSE, &error));
  g_assert_no_error (error);
  said = systemctl_says ("is-enabled");
  g_assert_cmpstr (said, ==, "disabled");
  g_clear_pointer (&said, g_free);
  said = systemctl_says ("is-active");
  g_assert_cmpstr (said, ==, "inactive");
  g_clear_pointer (&said, g_free);
  g_assert_true (get_enabled (check, NULL, &enabled, &error));
  g_assert_false (enabled);

  /* Off when it was never started: nothing to stop is no failure. */
  g_assert_true (set_enabled (check, FALSE, &error));
  g_assert_no_error (error);
}

/* The user's own choice in systemd wins: a masked timer is refused by the
 * manager, and said in its words. */
static void
test_masked (UserManager   *fixture,
             gconstpointer  data)
{
  const char *mask[] = { "systemctl", "--user", "mask", BMS_DAILY_CHECK_TIMER_UNIT, NULL };
  const char *unmask[] = { "systemctl", "--user", "unmask", BMS_DAILY_CHECK_TIMER_UNIT, NULL };
  g_autoptr(BmsDailyCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  gboolean enabled = TRUE;
  int status = -1;

  if (skip_without_user_manager ())
    return;

  copy_unit ("BMS_TEST_UNIT_SERVICE", fixture->unit_dir, SERVICE_UNIT);
  copy_unit ("BMS_TEST_UNIT_TIMER", fixture->unit_dir, BMS_DAILY_CHECK_TIMER_UNIT);
  g_spawn_sync (NULL, (char **) mask, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  check = bms_daily_check_new (NULL);
  g_assert_true (get_enabled (check, NULL, &enabled, &error));
  g_assert_false (enabled);
  g_assert_false (set_enabled (check, TRUE, &error));
  g_assert_error (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "masked"));

  g_spawn_sync (NULL, (char **) unmask, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  user_manager_bus_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  g_test_add ("/daily-check/no-user-manager", PrivateBus, NULL,
              private_bus_setup, test_no_user_manager, private_bus_teardown);
  g_test_add ("/daily-check/cancelled", PrivateBus, NULL,
              private_bus_setup, test_cancelled, private_bus_teardown);
  g_test_add ("/daily-check/timeout", PrivateBus, NULL,
              private_bus_setup, test_timeout, private_bus_teardown);
  g_test_add ("/daily-check/user-manager/not-installed", UserManager, NULL,
              user_manager_setup, test_not_installed, user_manager_teardown);
  g_test_add ("/daily-check/user-manager/enable-disable", UserManager, NULL,
              user_manager_setup, test_enable_disable, user_manager_teardown);
  g_test_add ("/daily-check/user-manager/masked", UserManager, NULL,
              user_manager_setup, test_masked, user_manager_teardown);

  return g_test_run ();
}
