/* bms-cli.h: the command line: the mail test and the folder list without a window.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit statuses. */
#define BMS_CLI_OK            0
#define BMS_CLI_TEST_FAILED   1
#define BMS_CLI_USAGE_ERROR   2

int bms_cli_test           (const char *profile,
                            const char *ca_file);
int bms_cli_list_folders   (const char *profile,
                            const char *ca_file);
int bms_cli_list_accounts  (void);

int  bms_cli_check_arguments (int           argc,
                              char        **argv);
void bms_cli_add_options    (GApplication *application);
int  bms_cli_handle_options (GVariantDict *options);

G_END_DECLS
