/* bms-cli-signals.c: Ctrl-C and SIGTERM on the command line.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two moments need them. During a check the main loop runs, so the signals
 * arrive through GLib's own handler (g_unix_signal_add) and cancel the
 * operation, which then reports its steps as cancelled. During the
 * password prompt nothing runs a loop: a plain handler restores the
 * terminal's echo (tcsetattr is async-signal-safe) and then lets the
 * signal end the program as it would have. */

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <glib-unix.h>

#include "bms-cli-signals.h"

static const int handled_signals[] = { SIGINT, SIGTERM };

static guint source_ids[G_N_ELEMENTS (handled_signals)];

static struct termios saved_terminal;
static struct sigaction previous_actions[G_N_ELEMENTS (handled_signals)];

static gboolean
cancel_cb (gpointer user_data)
{
  /* Which signal does not matter: either asks the check to stop. */
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

void
bms_cli_signals_cancel_on_signal (GCancellable *cancellable)
{
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  for (guint i = 0; i < G_N_ELEMENTS (handled_signals); i++)
    source_ids[i] = g_unix_signal_add_full (G_PRIORITY_HIGH, handled_signals[i], cancel_cb,
                                            g_object_ref (cancellable), g_object_unref);
}

void
bms_cli_signals_stop_cancelling (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_ids); i++)
    if (source_ids[i] != 0)
      {
        g_source_remove (source_ids[i]);
        source_ids[i] = 0;
      }
}

static void
restore_echo_handler (int signal_number)
{
  struct sigaction default_action = { 0 };

  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  default_action.sa_handler = SIG_DFL;
  sigaction (signal_number, &default_action, NULL);
  raise (signal_number);
}

void
bms_cli_signals_guard_echo (const struct termios *saved)
{
  struct sigaction action = { 0 };

  saved_terminal = *saved;
  action.sa_handler = restore_echo_handler;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (handled_signals); i++)
    sigaction (handled_signals[i], &action, &previous_actions[i]);
}

void
bms_cli_signals_stop_guarding_echo (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (handled_signals); i++)
    sigaction (handled_signals[i], &previous_actions[i], NULL);
}
