/* bms-roster-row.h: one employee in the roster's list.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bms-roster-entry.h"

G_BEGIN_DECLS

#define BMS_TYPE_ROSTER_ROW (bms_roster_row_get_type ())
G_DECLARE_FINAL_TYPE (BmsRosterRow, bms_roster_row, BMS, ROSTER_ROW, GtkWidget)

GtkWidget      *bms_roster_row_new              (void);
BmsRosterEntry *bms_roster_row_get_entry        (BmsRosterRow   *self);
void            bms_roster_row_set_entry        (BmsRosterRow   *self,
                                                 BmsRosterEntry *entry);
const char     *bms_roster_row_get_advice       (BmsRosterRow   *self);
void            bms_roster_row_set_selected     (BmsRosterRow   *self,
                                                 gboolean        selected);

G_END_DECLS
