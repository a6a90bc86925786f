/* bms-cli-csv.h: --import-csv FILE and --export-csv FILE.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bms_cli_import_csv (const char *file);
int bms_cli_export_csv (const char *file);

G_END_DECLS
