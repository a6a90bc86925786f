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

/**
 * BmsPageApplyCallback:
 * @page: the page that was applied
 * @valid: %TRUE when the assistant may move on
 * @user_data: the data given to bms_page_apply_begin()
 */
typedef void (*BmsPageApplyCallback) (BmsPage  *page,
                                      gboolean  valid,
                                      gpointer  user_data);

struct _BmsPageClass
{
  AdwBinClass parent_class;

  /* Called when the user presses Next on a complete page. Return %FALSE to
   * move on at once; return %TRUE to start an asynchronous check that ends
   * with bms_page_apply_complete(). The check must stop when @cancellable
   * is cancelled. */
  gboolean (*apply) (BmsPage      *self,
                     GCancellable *cancellable);

  /* Called each time the page becomes the visible one. */
  void     (*shown) (BmsPage      *self);
};

const char  *bms_page_get_title          (BmsPage              *self);
void         bms_page_set_title          (BmsPage              *self,
                                          const char           *title);
gboolean     bms_page_get_complete       (BmsPage              *self);
void         bms_page_set_complete       (BmsPage              *self,
                                          gboolean              complete);
gboolean     bms_page_get_applying       (BmsPage              *self);
BmsAccount  *bms_page_get_account        (BmsPage              *self);

void         bms_page_apply_begin        (BmsPage              *self,
                                          BmsPageApplyCallback  callback,
                                          gpointer              user_data);
void         bms_page_apply_complete     (BmsPage              *self,
                                          gboolean              valid);
void         bms_page_apply_cancel       (BmsPage              *self);
void         bms_page_shown              (BmsPage              *self);

G_END_DECLS
