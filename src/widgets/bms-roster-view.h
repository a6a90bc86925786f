/* bms-roster-view.h: the administrator's list of employees.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bms-roster.h"

G_BEGIN_DECLS

#define BMS_TYPE_ROSTER_VIEW (bms_roster_view_get_type ())
G_DECLARE_FINAL_TYPE (BmsRosterView, bms_roster_view, BMS, ROSTER_VIEW, AdwBin)

BmsRoster  *bms_roster_view_get_roster       (BmsRosterView       *self);
void        bms_roster_view_set_roster       (BmsRosterView       *self,
                                              BmsRoster           *roster);
GtkListView *bms_roster_view_get_list_view   (BmsRosterView       *self);
void        bms_roster_view_show_account     (BmsRosterView       *self,
                                              const char          *path);
void        bms_roster_view_check            (BmsRosterView       *self,
                                              BmsCheckKind         kind);
void        bms_roster_view_cancel_check     (BmsRosterView       *self);
void        bms_roster_view_import_file      (BmsRosterView       *self,
                                              GFile               *file);
void        bms_roster_view_export_file      (BmsRosterView       *self,
                                              GFile               *file);
void        bms_roster_view_set_extra_row    (BmsRosterView       *self,
                                              GtkWidget           *row);

G_END_DECLS
