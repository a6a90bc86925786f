/* bms-cli-notify.c: the daily check's desktop notification.
 *
 * --notify tells the person at the computer, not only the journal, when a
 * daily check found accounts whose login failed (or, after --test-all,
 * whose mail test failed): one notification, naming
 * the employee and the reason when one failed, the count and the names when
 * several did. Clicking it opens the window program on the saved accounts,
 * with the (first) failing account focused: its default action is
 * app.show-account with the account's profile file as target.
 *
 * The notification is sent under the window program's application ID, so
 * that the desktop's notification server (org.gtk.Notifications in GNOME
 * Shell) sends the click to that program over D-Bus, starting it if it is
 * not running (data/ has its D-Bus service file). This process is gone by
 * then: it registers without a name of its own (non-unique), only to send.
 * A notification server that hands the click back to the sender
 * (org.freedesktop.Notifications alone) shows the notification, but its
 * click can reach nobody.
 *
 * When every account passed, the notification of an earlier day is
 * withdrawn: what it said is no longer true.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-account-checker.h"
#include "bms-cli-notify.h"

/* How the notification names an employee: the name in the profile, or the
 * address when the profile has none. */
static const char *
name_of (const BmsCheckOutcome *outcome)
{
  if (outcome->employee_name != NULL && outcome->employee_name[0] != '\0')
    return outcome->employee_name;
  if (outcome->email != NULL && outcome->email[0] != '\0')
    return outcome->email;
  return outcome->path;
}

static GNotification *
notification_for_one (const BmsCheckOutcome *failed)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;

  if (failed->kind == BMS_CHECK_KIND_MAIL_TEST)
    /* Translators: the title of a notification; %s is an employee's name. */
    title = g_strdup_printf (_("%s’s mail test failed"), name_of (failed));
  else
    /* Translators: the title of a notification; %s is an employee's name. */
    title = g_strdup_printf (_("%s’s mail account could not sign in"), name_of (failed));
  /* Translators: a notification's text: an e-mail address, then why its
   * login failed (a whole sentence). */
  body = g_strdup_printf (_("%s: %s"), failed->email[0] != '\0' ? failed->email : failed->path,
                          failed->error != NULL ? failed->error->message : "");
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);

  return notification;
}

static GNotification *
notification_for_several (GPtrArray *failed)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;

  for (guint i = 0; i < failed->len; i++)
    {
      if (i > 0)
        /* Translators: what separates employees' names in a list. */
        g_string_append (names, _(", "));
      g_string_append (names, name_of (g_ptr_array_index (failed, i)));
    }

  if (((BmsCheckOutcome *) g_ptr_array_index (failed, 0))->kind == BMS_CHECK_KIND_MAIL_TEST)
    /* Translators: the title of a notification; %u is a number of employees. */
    title = g_strdup_printf (ngettext ("%u employee’s mail test failed",
                                       "%u employees’ mail tests failed",
                                       failed->len),
                             failed->len);
  else
    /* Translators: the title of a notification; %u is a number of employees. */
    title = g_strdup_printf (ngettext ("%u employee’s mail account could not sign in",
                                       "%u employees’ mail accounts could not sign in",
                                       failed->len),
                             failed->len);
  /* Translators: a notification's text; %s is a list of employees' names. */
  body = g_strdup_printf (_("%s. Open the saved accounts to see why."), names->str);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);

  return notification;
}

static GNotification *
notification_for (GPtrArray *failed)
{
  const BmsCheckOutcome *first = g_ptr_array_index (failed, 0);
  GNotification *notification;

  if (failed->len == 1)
    notification = notification_for_one (first);
  else
    notification = notification_for_several (failed);

  /* The saved accounts, the first that failed focused. */
  g_notification_set_default_action_and_target (notification, "app.show-account", "s", first->path);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);

  return notification;
}

void
bms_cli_notify_failures (GPtrArray *outcomes)
{
  g_autoptr(GPtrArray) failed = g_ptr_array_new ();
  g_autoptr(GApplication) sender = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  g_return_if_fail (outcomes != NULL);

  for (guint i = 0; i < outcomes->len; i++)
    {
      BmsCheckOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->result == BMS_CHECK_OUTCOME_FAILED)
        g_ptr_array_add (failed, outcome);
    }

  sender = g_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  /* GLib proceeds without a session bus; there is then nobody to tell. */
  if (!g_application_register (sender, NULL, &error) ||
      (connection = g_application_get_dbus_connection (sender)) == NULL)
    {
      if (failed->len > 0)
        g_printerr ("%s\n", _("No notification could be shown: there is no session bus."));
      return;
    }

  if (failed->len == 0)
    g_application_withdraw_notification (sender, BMS_CLI_NOTIFICATION_ID);
  else
    {
      notification = notification_for (failed);
      g_application_send_notification (sender, BMS_CLI_NOTIFICATION_ID, notification);
    }

  /* The message is only queued; this process ends right after. */
  if (!g_dbus_connection_flush_sync (connection, NULL, &error))
    /* Translators: an error on the command line: "what: detail". */
    g_printerr (_("%s: %s\n"), _("Notification"), error->message);
}
