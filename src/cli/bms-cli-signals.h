/* bms-cli-signals.h: Ctrl-C and SIGTERM on the command line.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <termios.h>

G_BEGIN_DECLS

/* While a check runs: SIGINT and SIGTERM cancel @cancellable (the engine
 * then ends within milliseconds, saying QUIT / LOGOUT where it can) instead
 * of killing the program. Undo with bms_cli_signals_stop_cancelling(). */
void     bms_cli_signals_cancel_on_signal    (GCancellable         *cancellable);
void     bms_cli_signals_stop_cancelling     (void);

/* While a password is read with echo off: SIGINT and SIGTERM restore
 * @saved on the terminal before the program ends as the signal says.
 * Undo with bms_cli_signals_stop_guarding_echo(). */
void     bms_cli_signals_guard_echo          (const struct termios *saved);
void     bms_cli_signals_stop_guarding_echo  (void);

G_END_DECLS
