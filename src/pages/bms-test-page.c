/* bms-test-page.c: the mail test.
 *
 * This version of the program has no mail test engine yet. The page says so
 * plainly, so that nobody takes settings for tested when they are not; the
 * administrator can still go on to the values to enter into BizMagic.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-test-page.h"

struct _BmsTestPage
{
  BmsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BmsTestPage, bms_test_page, BMS_TYPE_PAGE)

static void
bms_test_page_class_init (BmsTestPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-test-page.ui");
}

static void
bms_test_page_init (BmsTestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: the title of the page of BizMagic's メールテスト. */
  bms_page_set_title (BMS_PAGE (self), _("Mail Test"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
