/* bms-provider-notice.c: what the provider of the address means for a page.
 *
 * Hidden for personal Gmail, where every step applies as it is written.
 * For Google Workspace it says what the domain's administrator decides and
 * gives a request to send them, ready to copy. For a domain that is not
 * Google's it says so at once, and lets the administrator choose: the
 * provider's own settings (the Gmail servers are taken out of the form) or
 * "it is Google after all". While the domain is looked up it says so; when
 * it could not be checked, it says that too and the steps go on as Gmail.
 * On the form it speaks only while a domain that is not Google's still has
 * Gmail's servers filled in, and offers the same choice.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-provider-notice.h"

struct _BmsProviderNotice
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkSpinner       *spinner;
  GtkImage         *icon;
  GtkLabel         *title_label;
  GtkLabel         *body_label;
  GtkWidget        *request_box;
  GtkLabel         *request_label;
  GtkWidget        *choice_box;

  BmsAccount       *account;
  BmsProviderTopic  topic;
};

G_DEFINE_FINAL_TYPE (BmsProviderNotice, bms_provider_notice, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOPIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
domain_of (BmsProviderResult *provider)
{
  return provider != NULL ? bms_provider_result_get_domain (provider) : "";
}

static void
show_text (BmsProviderNotice *self,
           const char        *icon_name,
           const char        *title,
           const char        *body)
{
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->body_label, body);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), body != NULL && body[0] != '\0');
}

static void
show_checking (BmsProviderNotice *self)
{
  g_autofree char *domain = bms_provider_domain_of_address (bms_account_get_email (self->account));
  /* Translators: %s is a mail domain, e.g. example.co.jp. */
  g_autofree char *title = g_strdup_printf (_("Checking who runs the mail of %s…"), domain);

  show_text (self, NULL, title, NULL);
}

static void
show_workspace (BmsProviderNotice *self,
                BmsProviderResult *provider)
{
  /* Translators: %s is a mail domain, e.g. example.co.jp. */
  g_autofree char *title = g_strdup_printf (_("%s uses Google Workspace"), domain_of (provider));
  /* Translators: a request the administrator sends to the Google Workspace
   * administrator of the domain; %s is the domain. */
  g_autofree char *request = g_strdup_printf (_("So that BizMagic can send mail through the employees' Google accounts, "
                                                "please allow for %s: 2-Step Verification with a method other than "
                                                "security keys only, app passwords, and IMAP access in Gmail."),
                                              domain_of (provider));
  const char *body;

  if (self->topic == BMS_PROVIDER_TOPIC_IMAP)
    body = _("The domain's administrator can turn IMAP off for everyone in the domain (Google Admin console → "
             "Apps → Google Workspace → Gmail → End User Access). If the mail test says IMAP is disabled for "
             "the domain, only they can turn it on. Send them this request:");
  else
    body = _("Part of these steps is decided by the domain's administrator: they can require 2-Step "
             "Verification, allow only security keys (then app passwords cannot be created), or turn IMAP "
             "off for the domain. If a step below is not offered, send them this request:");

  show_text (self, "dialog-information-symbolic", title, body);
  gtk_label_set_label (self->request_label, request);
  gtk_widget_set_visible (self->request_box, TRUE);
}

static gboolean
still_has_gmail_servers (BmsProviderNotice *self)
{
  return g_strcmp0 (bms_account_get_smtp_host (self->account), BMS_GMAIL_SMTP_HOST) == 0;
}

static void
show_other (BmsProviderNotice *self,
            BmsProviderResult *provider)
{
  const char *const *hosts = bms_provider_result_get_mx_hosts (provider);
  /* Translators: %s is a mail domain, e.g. example.co.jp. */
  g_autofree char *title = g_strdup_printf (_("%s is not a Google mail domain"), domain_of (provider));
  g_autofree char *body = NULL;

  if (self->topic == BMS_PROVIDER_TOPIC_FORM)
    body = g_strdup (_("The server fields below still hold Gmail's values, which do not work for this "
                       "address."));
  else if (self->topic == BMS_PROVIDER_TOPIC_IMAP)
    body = g_strdup (_("Gmail's IMAP settings on this page do not apply to this address. The mail "
                       "provider says whether IMAP is offered, and under which server name."));
  else
    /* Translators: %s is the host name of the domain's mail server. */
    body = g_strdup_printf (_("Its mail goes to %s. The Google steps on this page do not apply: ask the "
                              "mail provider for the server names, ports, security and the password to use."),
                            hosts[0] != NULL ? hosts[0] : "?");

  /* The choice stands until it is made: while the account still has the
   * Gmail servers it started with, the administrator has not chosen. */
  if (!still_has_gmail_servers (self))
    {
      g_autofree char *with_choice = g_strdup_printf ("%s %s", body,
                                                      _("The server fields of the BizMagic form are left "
                                                        "empty: enter the values the mail provider gives "
                                                        "you there."));

      show_text (self, "dialog-warning-symbolic", title, with_choice);
      return;
    }

  show_text (self, "dialog-warning-symbolic", title, body);
  gtk_widget_set_visible (self->choice_box, TRUE);
}

static void
show_unknown (BmsProviderNotice *self,
              BmsProviderResult *provider)
{
  /* Translators: %s is a mail domain, e.g. example.co.jp. */
  g_autofree char *title = g_strdup_printf (_("Could not check who runs the mail of %s"), domain_of (provider));
  /* Translators: the first %s says why, e.g. "The name server did not answer within 4 seconds." */
  g_autofree char *body = g_strdup_printf (_("%s The steps go on as for Gmail; the mail test shows "
                                             "whether the settings work."),
                                           bms_provider_result_get_problem (provider) != NULL
                                             ? bms_provider_result_get_problem (provider) : "");

  show_text (self, "dialog-question-symbolic", title, body);
}

static gboolean
has_something_to_say (BmsProviderNotice *self,
                      BmsProviderResult *provider,
                      gboolean           checking)
{
  BmsProviderKind kind = provider != NULL ? bms_provider_result_get_kind (provider) : BMS_PROVIDER_UNKNOWN;

  if (self->topic == BMS_PROVIDER_TOPIC_FORM)
    return provider != NULL && kind == BMS_PROVIDER_OTHER && still_has_gmail_servers (self);

  /* Nothing to say: no address yet, or personal Gmail. */
  return checking || (provider != NULL && kind != BMS_PROVIDER_GMAIL);
}

static void
update (BmsProviderNotice *self)
{
  BmsProviderResult *provider = self->account != NULL ? bms_account_get_provider (self->account) : NULL;
  gboolean checking = self->account != NULL && bms_account_get_checking_provider (self->account);
  BmsProviderKind kind = provider != NULL ? bms_provider_result_get_kind (provider) : BMS_PROVIDER_UNKNOWN;

  gtk_widget_set_visible (self->request_box, FALSE);
  gtk_widget_set_visible (self->choice_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !checking);
  gtk_spinner_set_spinning (self->spinner, checking);

  gtk_widget_set_visible (self->box, has_something_to_say (self, provider, checking));

  if (checking)
    show_checking (self);
  else if (provider == NULL)
    return;
  else if (kind == BMS_PROVIDER_WORKSPACE)
    show_workspace (self, provider);
  else if (kind == BMS_PROVIDER_OTHER)
    show_other (self, provider);
  else if (kind == BMS_PROVIDER_UNKNOWN)
    show_unknown (self, provider);
}

static void
copy_request_cb (BmsProviderNotice *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          gtk_label_get_label (self->request_label));
}

static void
use_provider_cb (BmsProviderNotice *self)
{
  bms_account_forget_gmail_servers (self->account);
}

/* The administrator knows better than DNS (a filtering service in front of
 * Google, say): from now on this domain is treated as Google Workspace. */
static void
google_after_all_cb (BmsProviderNotice *self)
{
  BmsProviderResult *provider = bms_account_get_provider (self->account);
  g_autoptr(BmsProviderResult) google = NULL;

  google = bms_provider_result_new (BMS_PROVIDER_WORKSPACE, domain_of (provider),
                                    bms_provider_result_get_mx_hosts (provider), NULL);
  bms_account_set_provider (self->account, google);
}

void
bms_provider_notice_set_account (BmsProviderNotice *self,
                                 BmsAccount        *account)
{
  g_return_if_fail (BMS_IS_PROVIDER_NOTICE (self));

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    {
      g_signal_connect_swapped (account, "notify::provider", G_CALLBACK (update), self);
      g_signal_connect_swapped (account, "notify::checking-provider", G_CALLBACK (update), self);
      g_signal_connect_swapped (account, "notify::smtp-host", G_CALLBACK (update), self);
    }
  update (self);
}

void
bms_provider_notice_set_topic (BmsProviderNotice *self,
                               BmsProviderTopic   topic)
{
  g_return_if_fail (BMS_IS_PROVIDER_NOTICE (self));

  if (self->topic == topic)
    return;

  self->topic = topic;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC]);
}

static void
bms_provider_notice_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BmsProviderNotice *self = BMS_PROVIDER_NOTICE (object);

  switch (prop_id)
    {
    case PROP_TOPIC:
      g_value_set_enum (value, self->topic);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_provider_notice_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BmsProviderNotice *self = BMS_PROVIDER_NOTICE (object);

  switch (prop_id)
    {
    case PROP_TOPIC:
      bms_provider_notice_set_topic (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_provider_notice_dispose (GObject *object)
{
  BmsProviderNotice *self = BMS_PROVIDER_NOTICE (object);

  bms_provider_notice_set_account (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_PROVIDER_NOTICE);

  G_OBJECT_CLASS (bms_provider_notice_parent_class)->dispose (object);
}

static void
bms_provider_notice_class_init (BmsProviderNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_provider_notice_dispose;
  object_class->get_property = bms_provider_notice_get_property;
  object_class->set_property = bms_provider_notice_set_property;

  properties[PROP_TOPIC] =
    g_param_spec_enum ("topic", NULL, NULL, BMS_TYPE_PROVIDER_TOPIC, BMS_PROVIDER_TOPIC_GOOGLE_ACCOUNT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-provider-notice.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, box);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, spinner);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, icon);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, title_label);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, body_label);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, request_box);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, request_label);
  gtk_widget_class_bind_template_child (widget_class, BmsProviderNotice, choice_box);
  gtk_widget_class_bind_template_callback (widget_class, copy_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_provider_cb);
  gtk_widget_class_bind_template_callback (widget_class, google_after_all_cb);
}

static void
bms_provider_notice_init (BmsProviderNotice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
