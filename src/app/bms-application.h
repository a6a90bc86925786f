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

BmsApplication *bms_application_new         (void);
const char     *bms_application_get_ca_file (BmsApplication *self);
void            bms_application_set_ca_file (BmsApplication *self,
                                             const char     *ca_file);

G_END_DECLS
