/* bms-cli-check.h: --check, --check-all and --test-all.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bms-check-status.h"

G_BEGIN_DECLS

typedef enum {
  BMS_CLI_CHECK_JSON  = 1 << 0,
  BMS_CLI_CHECK_QUIET = 1 << 1,
  /* A desktop notification of the accounts that failed (bms-cli-notify.h). */
  BMS_CLI_CHECK_NOTIFY = 1 << 2,
} BmsCliCheckFlags;

/* @targets: addresses of saved accounts or profile files; NULL for every
 * saved account. */
int bms_cli_check (const char * const *targets,
                   BmsCheckKind        kind,
                   BmsCliCheckFlags    flags,
                   const char         *ca_file);

G_END_DECLS
