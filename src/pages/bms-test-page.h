/* bms-test-page.h: the mail test.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-mail-test.h"
#include "bms-page.h"

G_BEGIN_DECLS

#define BMS_TYPE_TEST_PAGE (bms_test_page_get_type ())
G_DECLARE_FINAL_TYPE (BmsTestPage, bms_test_page, BMS, TEST_PAGE, BmsPage)

void         bms_test_page_start          (BmsTestPage *self);
void         bms_test_page_cancel         (BmsTestPage *self);
BmsMailTest *bms_test_page_get_mail_test  (BmsTestPage *self);

char        *bms_test_page_dup_report     (BmsTestPage *self);
void         bms_test_page_save_report_async  (BmsTestPage         *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean     bms_test_page_save_report_finish (BmsTestPage         *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
