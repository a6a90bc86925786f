/* bms-cli-provider.h: --provider ADDRESS, the provider of an address.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bms_cli_provider (const char *address);

G_END_DECLS
