/* bms-imap-page.c: the Gmail IMAP checklist and the server table.
 *
 * Personal Gmail accounts have had IMAP always on since January 2025; for a
 * Google Workspace account the domain's administrator can still turn it off.
 * The page is a checklist, not a gate: the mail test tells for sure.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-imap-page.h"

struct _BmsImapPage
{
  BmsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BmsImapPage, bms_imap_page, BMS_TYPE_PAGE)

static void
bms_imap_page_class_init (BmsImapPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-imap-page.ui");
}

static void
bms_imap_page_init (BmsImapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: the title of the page about step 2 of the manual. */
  bms_page_set_title (BMS_PAGE (self), _("Gmail IMAP"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
