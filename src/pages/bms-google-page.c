/* bms-google-page.c: Google account access: 2-Step Verification and the app password.
 *
 * Google no longer lets a program sign in with the account's own password.
 * What works for BizMagic is an app password, which needs 2-Step
 * Verification. This page leads there, and checks the app password that the
 * administrator pastes: Google shows it as four groups of four letters, so
 * spaces are removed before it is counted.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-field.h"
#include "bms-google-page.h"
#include "bms-provider-notice.h"
#include "bms-qr-code.h"
#include "bms-validate.h"

struct _BmsGooglePage
{
  BmsPage    parent_instance;

  GtkEditable       *email_entry;
  BmsProviderNotice *provider_notice;
  GtkEditable       *app_password_entry;
  GtkLabel          *app_password_message;
};

G_DEFINE_FINAL_TYPE (BmsGooglePage, bms_google_page, BMS_TYPE_PAGE)

/* The app password signs in to both SMTP and IMAP: it belongs to the Google
 * account, not to one protocol. */
static void
store_app_password (BmsGooglePage *self,
                    const char    *app_password)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));

  g_object_set (account,
                "smtp-password", app_password,
                "imap-password", app_password,
                NULL);
}

static void
app_password_changed_cb (BmsGooglePage *self)
{
  const char *text = gtk_editable_get_text (self->app_password_entry);
  g_autoptr(GError) error = NULL;

  /* The field may stay empty: the password can also be typed on the form. */
  if (text[0] == '\0')
    {
      bms_field_clear_problem (GTK_WIDGET (self->app_password_entry), self->app_password_message);
      bms_page_set_complete (BMS_PAGE (self), TRUE);
      return;
    }

  if (!bms_validate_app_password (text, &error))
    {
      bms_field_show_problem (GTK_WIDGET (self->app_password_entry), self->app_password_message, error);
      bms_page_set_complete (BMS_PAGE (self), FALSE);
      return;
    }

  {
    g_autofree char *app_password = bms_normalize_app_password (text);

    bms_field_clear_problem (GTK_WIDGET (self->app_password_entry), self->app_password_message);
    store_app_password (self, app_password);
    bms_page_set_complete (BMS_PAGE (self), TRUE);
  }
}

/* A next employee has an app password of their own: the previous one's
 * leaves this field as it left the account. */
static void
next_employee_started_cb (BmsGooglePage *self)
{
  gtk_editable_set_text (self->app_password_entry, "");
}

/* The address comes first here, before the BizMagic form: it says whether
 * the Google steps of this page and the next apply at all. */
static void
bms_google_page_constructed (GObject *object)
{
  BmsGooglePage *self = BMS_GOOGLE_PAGE (object);
  BmsAccount *account;

  G_OBJECT_CLASS (bms_google_page_parent_class)->constructed (object);

  account = bms_page_get_account (BMS_PAGE (self));
  /* Only ASCII can be meant in the address and in the app password (letters
   * a to z), whatever mode the input method is in. */
  bms_field_normalize_input (self->email_entry, BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS);
  bms_field_normalize_input (self->app_password_entry, BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS);
  g_object_bind_property (account, "email", self->email_entry, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  bms_provider_notice_set_account (self->provider_notice, account);
  g_signal_connect_object (account, "next-employee-started", G_CALLBACK (next_employee_started_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
bms_google_page_class_init (BmsGooglePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bms_google_page_constructed;

  g_type_ensure (BMS_TYPE_PROVIDER_NOTICE);
  g_type_ensure (BMS_TYPE_LINK_SHARE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-google-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsGooglePage, email_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsGooglePage, provider_notice);
  gtk_widget_class_bind_template_child (widget_class, BmsGooglePage, app_password_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsGooglePage, app_password_message);
  gtk_widget_class_bind_template_callback (widget_class, app_password_changed_cb);
}

static void
bms_google_page_init (BmsGooglePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: the title of the page about step 1 of the manual. */
  bms_page_set_title (BMS_PAGE (self), _("Google Account Access"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
