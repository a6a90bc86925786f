/* bms-welcome-page.c: the first page: what is needed, and the accounts already set up.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-welcome-page.h"

struct _BmsWelcomePage
{
  BmsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BmsWelcomePage, bms_welcome_page, BMS_TYPE_PAGE)

static void
bms_welcome_page_class_init (BmsWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-welcome-page.ui");
}

static void
bms_welcome_page_init (BmsWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bms_page_set_title (BMS_PAGE (self), _("Welcome"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
