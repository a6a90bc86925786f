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

#include "bms-field.h"
#include "bms-imap-page.h"
#include "bms-provider-notice.h"
#include "bms-qr-code.h"

struct _BmsImapPage
{
  BmsPage            parent_instance;

  BmsProviderNotice *provider_notice;
  GtkWidget         *step_checks[5];
};

G_DEFINE_FINAL_TYPE (BmsImapPage, bms_imap_page, BMS_TYPE_PAGE)

static void
bms_imap_page_constructed (GObject *object)
{
  BmsImapPage *self = BMS_IMAP_PAGE (object);

  G_OBJECT_CLASS (bms_imap_page_parent_class)->constructed (object);

  bms_provider_notice_set_account (self->provider_notice, bms_page_get_account (BMS_PAGE (self)));
}

static void
bms_imap_page_class_init (BmsImapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bms_imap_page_constructed;

  g_type_ensure (BMS_TYPE_PROVIDER_NOTICE);
  g_type_ensure (BMS_TYPE_LINK_SHARE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-imap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsImapPage, provider_notice);
  gtk_widget_class_bind_template_child_full (widget_class, "step1_check", FALSE, G_STRUCT_OFFSET (BmsImapPage, step_checks[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "step2_check", FALSE, G_STRUCT_OFFSET (BmsImapPage, step_checks[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "step3_check", FALSE, G_STRUCT_OFFSET (BmsImapPage, step_checks[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "step4_check", FALSE, G_STRUCT_OFFSET (BmsImapPage, step_checks[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "step5_check", FALSE, G_STRUCT_OFFSET (BmsImapPage, step_checks[4]));
}

static void
bms_imap_page_init (BmsImapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The checklist is read and ticked; Enter goes on to the next page. */
  for (guint i = 0; i < G_N_ELEMENTS (self->step_checks); i++)
    bms_field_enter_activates_default (self->step_checks[i]);

  /* Translators: the title of the page about step 2 of the manual. */
  bms_page_set_title (BMS_PAGE (self), _("Gmail IMAP"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
