/* bms-page.h: one page of the assistant.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bms-account.h"

G_BEGIN_DECLS

#define BMS_TYPE_PAGE (bms_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (BmsPage, bms_page, BMS, PAGE, AdwBin)

struct _BmsPageClass
{
  AdwBinClass parent_class;

  /* Called each time the page becomes the visible one. */
  void (*shown) (BmsPage *self);
};

const char  *bms_page_get_title          (BmsPage              *self);
void         bms_page_set_title          (BmsPage              *self,
                                          const char           *title);
gboolean     bms_page_get_complete       (BmsPage              *self);
void         bms_page_set_complete       (BmsPage              *self,
                                          gboolean              complete);
BmsAccount  *bms_page_get_account        (BmsPage              *self);
void         bms_page_shown              (BmsPage              *self);
void         bms_page_set_initial_focus  (BmsPage              *self,
                                          GtkWidget            *widget);
void         bms_page_focus              (BmsPage              *self);
void         bms_page_show_toast         (BmsPage              *self,
                                          const char           *text,
                                          guint                 timeout_seconds);

G_END_DECLS
