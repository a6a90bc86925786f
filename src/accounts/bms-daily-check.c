/* bms-daily-check.c: the daily login check, switched on and off.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-daily-check.h"

#define SYSTEMD_NAME "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"

struct _BmsDailyCheck
{
  GObject          parent_instance;

  GDBusConnection *connection;
  guint            timeout_ms;
};

G_DEFINE_FINAL_TYPE (BmsDailyCheck, bms_daily_check, G_TYPE_OBJECT)

G_DEFINE_QUARK (bms-daily-check-error-quark, bms_daily_check_error)

/* What an operation does, one call to the manager after the other: the
 * same calls, in the same order, as systemctl --user. */
typedef enum {
  STEP_READ_STATE,
  STEP_ENABLE_FILES,
  STEP_DISABLE_FILES,
  STEP_RELOAD,
  STEP_START,
  STEP_STOP,
  STEP_DONE,
} Step;

static const Step read_steps[] = { STEP_READ_STATE, STEP_DONE };
/* The state is read first so that a timer that is not installed is said
 * to be so, rather than in the words of whichever call fails first. */
static const Step enable_steps[] = { STEP_READ_STATE, STEP_ENABLE_FILES, STEP_RELOAD, STEP_START, STEP_DONE };
static const Step disable_steps[] = { STEP_READ_STATE, STEP_STOP, STEP_DISABLE_FILES, STEP_RELOAD, STEP_DONE };

typedef struct {
  GDBusConnection *connection;
  const Step      *steps;
  gboolean         enabled;
} Operation;

static void
operation_free (Operation *operation)
{
  g_clear_object (&operation->connection);
  g_free (operation);
}

static void run_step (GTask *task);

static GError *
no_user_manager_error (void)
{
  return g_error_new_literal (BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER,
                              _("This computer’s session has no systemd user manager, so the daily check cannot be set up here."));
}

static GError *
not_installed_error (void)
{
  return g_error_new (BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NOT_INSTALLED,
                      /* Translators: %s is the name of a systemd unit file. */
                      _("The daily check is not installed on this computer (systemd does not know %s). "
                        "It comes with the program’s package."),
                      BMS_DAILY_CHECK_TIMER_UNIT);
}

static gboolean
is_remote_error_named (const GError *error,
                       const char   *name)
{
  g_autofree char *remote_name = g_dbus_error_get_remote_error (error);

  return g_strcmp0 (remote_name, name) == 0;
}

/* Turns what D-Bus said into what it means for the daily check. The
 * manager says a unit file is missing as FileNotFound (GetUnitFileState)
 * or NoSuchUnit (the other calls). */
static GError *
translate_error (GError *error)
{
  g_autoptr(GError) original = error;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    return no_user_manager_error ();

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_FILE_NOT_FOUND) ||
      is_remote_error_named (error, "org.freedesktop.systemd1.NoSuchUnit"))
    return not_installed_error ();

  /* A timeout or a cancellation; the manager's own errors are remote ones. */
  if (!g_dbus_error_is_remote_error (error))
    return g_steal_pointer (&original);

  g_dbus_error_strip_remote_error (error);
  return g_error_new (BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_REFUSED,
                      /* Translators: %s is systemd's own message (in English). */
                      _("systemd refused: %s"), error->message);
}

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      /* Nothing to stop is not a failure of switching off. */
      if (operation->steps[0] == STEP_STOP &&
          is_remote_error_named (error, "org.freedesktop.systemd1.NoSuchUnit"))
        g_clear_error (&error);
      else
        {
          g_task_return_error (task, translate_error (error));
          return;
        }
    }

  if (operation->steps[0] == STEP_READ_STATE)
    {
      const char *state = NULL;

      g_variant_get (reply, "(&s)", &state);
      /* "enabled-runtime" too: enabled until the next boot. "linked",
       * "masked", "disabled", "static" all mean the timer never runs. */
      operation->enabled = g_str_has_prefix (state, "enabled");
    }

  operation->steps++;
  run_step (g_steal_pointer (&task));
}

static void
call_manager (GTask              *task,
              const char         *method,
              GVariant           *parameters,
              const GVariantType *reply_type)
{
  BmsDailyCheck *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);

  /* Never started on demand: a session bus that can start a service of
   * that name is not one whose user manager runs. */
  g_dbus_connection_call (operation->connection, SYSTEMD_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER,
                          method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, (int) self->timeout_ms,
                          g_task_get_cancellable (task), step_done_cb, task);
}

static void
run_step (GTask *task)
{
  Operation *operation = g_task_get_task_data (task);
  const char *units[] = { BMS_DAILY_CHECK_TIMER_UNIT, NULL };

  switch (operation->steps[0])
    {
    case STEP_READ_STATE:
      call_manager (task, "GetUnitFileState", g_variant_new ("(s)", BMS_DAILY_CHECK_TIMER_UNIT),
                    G_VARIANT_TYPE ("(s)"));
      break;

    case STEP_ENABLE_FILES:
      /* Not for this boot only (runtime), and never over a file of the
       * user's own (force). */
      call_manager (task, "EnableUnitFiles", g_variant_new ("(^asbb)", units, FALSE, FALSE),
                    G_VARIANT_TYPE ("(ba(sss))"));
      break;

    case STEP_DISABLE_FILES:
      call_manager (task, "DisableUnitFiles", g_variant_new ("(^asb)", units, FALSE),
                    G_VARIANT_TYPE ("(a(sss))"));
      break;

    case STEP_RELOAD:
      /* What `systemctl enable` does after linking: the manager reads the
       * links again, so that the timer's state is the new one at once. */
      call_manager (task, "Reload", NULL, NULL);
      break;

    case STEP_START:
      call_manager (task, "StartUnit", g_variant_new ("(ss)", BMS_DAILY_CHECK_TIMER_UNIT, "replace"),
                    G_VARIANT_TYPE ("(o)"));
      break;

    case STEP_STOP:
      call_manager (task, "StopUnit", g_variant_new ("(ss)", BMS_DAILY_CHECK_TIMER_UNIT, "replace"),
                    G_VARIANT_TYPE ("(o)"));
      break;

    case STEP_DONE:
      g_task_return_boolean (task, operation->enabled);
      g_object_unref (task);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  operation->connection = g_bus_get_finish (result, &error);
  if (operation->connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, no_user_manager_error ());
      return;
    }

  run_step (g_steal_pointer (&task));
}

static void
start_operation (BmsDailyCheck       *self,
                 const Step          *steps,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Operation *operation = g_new0 (Operation, 1);

  g_task_set_source_tag (task, source_tag);
  operation->steps = steps;
  g_task_set_task_data (task, operation, (GDestroyNotify) operation_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->connection != NULL)
    {
      operation->connection = g_object_ref (self->connection);
      run_step (g_steal_pointer (&task));
      return;
    }

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_steal_pointer (&task));
}

static void
bms_daily_check_dispose (GObject *object)
{
  BmsDailyCheck *self = (BmsDailyCheck *)object;

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bms_daily_check_parent_class)->dispose (object);
}

static void
bms_daily_check_class_init (BmsDailyCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bms_daily_check_dispose;
}

static void
bms_daily_check_init (BmsDailyCheck *self)
{
  self->timeout_ms = BMS_DAILY_CHECK_DEFAULT_TIMEOUT_MS;
}

BmsDailyCheck *
bms_daily_check_new (GDBusConnection *connection)
{
  BmsDailyCheck *self;

  g_return_val_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection), NULL);

  self = g_object_new (BMS_TYPE_DAILY_CHECK, NULL);
  g_set_object (&self->connection, connection);

  return self;
}

void
bms_daily_check_set_timeout (BmsDailyCheck *self,
                             guint          timeout_ms)
{
  g_return_if_fail (BMS_IS_DAILY_CHECK (self));
  g_return_if_fail (timeout_ms > 0 && timeout_ms <= G_MAXINT);

  self->timeout_ms = timeout_ms;
}

void
bms_daily_check_get_enabled_async (BmsDailyCheck       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (BMS_IS_DAILY_CHECK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, read_steps, bms_daily_check_get_enabled_async, cancellable, callback, user_data);
}

gboolean
bms_daily_check_get_enabled_finish (BmsDailyCheck  *self,
                                    GAsyncResult   *result,
                                    gboolean       *enabled,
                                    GError        **error)
{
  GError *local_error = NULL;
  gboolean value;

  g_return_val_if_fail (BMS_IS_DAILY_CHECK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_daily_check_get_enabled_async, FALSE);

  value = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (enabled != NULL)
    *enabled = value;
  return TRUE;
}

void
bms_daily_check_set_enabled_async (BmsDailyCheck       *self,
                                   gboolean             enabled,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (BMS_IS_DAILY_CHECK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, enabled ? enable_steps : disable_steps, bms_daily_check_set_enabled_async,
                   cancellable, callback, user_data);
}

gboolean
bms_daily_check_set_enabled_finish (BmsDailyCheck  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (BMS_IS_DAILY_CHECK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_daily_check_set_enabled_async, FALSE);

  g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}
