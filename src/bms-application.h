/* bms-application.h: the application: its window, actions and command line.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BMS_TYPE_APPLICATION (bms_application_get_type ())
G_DECLARE_FINAL_TYPE (BmsApplication, bms_application, BMS, APPLICATION, AdwApplication)

BmsApplication *bms_application_new (void);

G_END_DECLS
