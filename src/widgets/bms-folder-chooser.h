/* bms-folder-chooser.h: choosing the sent folder from the server's folder tree.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BMS_TYPE_FOLDER_CHOOSER (bms_folder_chooser_get_type ())
G_DECLARE_FINAL_TYPE (BmsFolderChooser, bms_folder_chooser, BMS, FOLDER_CHOOSER, AdwWindow)

BmsFolderChooser *bms_folder_chooser_new                (GtkWindow        *parent,
                                                         GPtrArray        *folders,
                                                         const char       *current_wire_name);
const char       *bms_folder_chooser_get_selected_wire_name (BmsFolderChooser *self);

G_END_DECLS
