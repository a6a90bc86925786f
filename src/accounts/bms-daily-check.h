/* bms-daily-check.h: the daily login check, switched on and off.
 *
 * The check itself is bizmagic-mail-setup-check.service, started once a
 * day by bizmagic-mail-setup-check.timer (data/). Both are systemd user
 * units: the daily check is on when the user's systemd has the timer
 * enabled. This object reads and changes that through the systemd user
 * manager (org.freedesktop.systemd1 on the session bus), as
 * `systemctl --user is-enabled`, `enable --now` and `disable --now` do.
 *
 * Threading: every call is asynchronous over D-Bus; the callbacks run in
 * the thread-default main context of the call. Each D-Bus call has a
 * timeout (G_IO_ERROR_TIMED_OUT) and stops on the GCancellable
 * (G_IO_ERROR_CANCELLED).
 *
 * Errors: BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER when there is no session
 * bus or no systemd user manager on it (a desktop without systemd, a
 * container); BMS_DAILY_CHECK_ERROR_NOT_INSTALLED when the manager does not
 * know the timer (the program runs from its build folder, or its package is
 * not installed); BMS_DAILY_CHECK_ERROR_REFUSED when the manager refused a
 * change, with its words. The messages are translated and say what it
 * means for the user.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The timer's unit name, as installed (never translated). */
#define BMS_DAILY_CHECK_TIMER_UNIT "bizmagic-mail-setup-check.timer"

/* How long one call to the user manager may take before it fails. */
#define BMS_DAILY_CHECK_DEFAULT_TIMEOUT_MS 20000

#define BMS_DAILY_CHECK_ERROR (bms_daily_check_error_quark ())
GQuark bms_daily_check_error_quark (void);

typedef enum {
  BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER,
  BMS_DAILY_CHECK_ERROR_NOT_INSTALLED,
  BMS_DAILY_CHECK_ERROR_REFUSED,
} BmsDailyCheckError;

#define BMS_TYPE_DAILY_CHECK (bms_daily_check_get_type ())
G_DECLARE_FINAL_TYPE (BmsDailyCheck, bms_daily_check, BMS, DAILY_CHECK, GObject)

/* @connection: (nullable): the bus of the user manager; NULL for the
 * session bus, which is found when the first call starts. */
BmsDailyCheck *bms_daily_check_new                (GDBusConnection     *connection);

void           bms_daily_check_set_timeout        (BmsDailyCheck       *self,
                                                   guint                timeout_ms);

/* Whether the timer is enabled. */
void           bms_daily_check_get_enabled_async  (BmsDailyCheck       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Returns: TRUE and sets @enabled, or FALSE with @error set. */
gboolean       bms_daily_check_get_enabled_finish (BmsDailyCheck       *self,
                                                   GAsyncResult        *result,
                                                   gboolean            *enabled,
                                                   GError             **error);

/* Enables and starts the timer, or stops and disables it. When it fails
 * part of the way, the state is what the manager made of it: read it again
 * with bms_daily_check_get_enabled_async(). */
void           bms_daily_check_set_enabled_async  (BmsDailyCheck       *self,
                                                   gboolean             enabled,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       bms_daily_check_set_enabled_finish (BmsDailyCheck       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
