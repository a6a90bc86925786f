/* bms-account.c: the employee mail account being set up.
 *
 * One object holds every value of BizMagic's 社員 - メールアカウント form. The
 * pages bind their widgets to its properties, so that what the administrator
 * typed survives going back and forth through the wizard.
 *
 * A few values follow others the way BizMagic's own form suggests: the login
 * names follow the e-mail address and the sender name follows the employee
 * name, until the administrator types something else into them; and with
 * "same as SMTP" the IMAP login is the SMTP login.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-account.h"

struct _BmsAccount
{
  GObject      parent_instance;

  char        *employee_name;
  char        *email;
  char        *smtp_user;
  char        *smtp_password;
  char        *smtp_host;
  guint        smtp_port;
  BmsSecurity  smtp_security;
  char        *sender_name;
  gboolean     save_sent;
  gboolean     imap_same_as_smtp;
  char        *imap_user;
  char        *imap_password;
  char        *imap_host;
  guint        imap_port;
  BmsSecurity  imap_security;
  char        *sent_folder;
  gboolean     bcc_self;
  gboolean     notify_employee;

  /* Not a BizMagic field: certificate authorities to trust besides the
   * system's (--ca-file), for the tests this account's settings run. */
  char        *ca_file;

  /* Not a BizMagic field either: who runs the mailbox of the address, as
   * far as it is known (see BmsProviderFollower). */
  BmsProviderResult *provider;
  gboolean           checking_provider;
};

G_DEFINE_FINAL_TYPE (BmsAccount, bms_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EMPLOYEE_NAME,
  PROP_EMAIL,
  PROP_SMTP_USER,
  PROP_SMTP_PASSWORD,
  PROP_SMTP_HOST,
  PROP_SMTP_PORT,
  PROP_SMTP_SECURITY,
  PROP_SENDER_NAME,
  PROP_SAVE_SENT,
  PROP_IMAP_SAME_AS_SMTP,
  PROP_IMAP_USER,
  PROP_IMAP_PASSWORD,
  PROP_IMAP_HOST,
  PROP_IMAP_PORT,
  PROP_IMAP_SECURITY,
  PROP_SENT_FOLDER,
  PROP_BCC_SELF,
  PROP_NOTIFY_EMPLOYEE,
  PROP_CA_FILE,
  PROP_PROVIDER,
  PROP_CHECKING_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Passwords are overwritten before their memory is given back, so that a
 * later allocation or a core file does not carry them. */
static void
secret_free (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static gboolean
set_text (BmsAccount *self,
          char      **field,
          const char *value,
          guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

static gboolean
set_secret (BmsAccount *self,
            char      **field,
            const char *value,
            guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  secret_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

/* A value "follows" another while it is empty or still equal to what the
 * other one was: then the administrator has not chosen it on purpose. */
static void
follow_text (BmsAccount *self,
             char      **field,
             const char *old_leader,
             const char *new_leader,
             guint       prop_id)
{
  if ((*field)[0] == '\0' || g_strcmp0 (*field, old_leader) == 0)
    set_text (self, field, new_leader, prop_id);
}

static void
copy_smtp_login_to_imap (BmsAccount *self)
{
  set_text (self, &self->imap_user, self->smtp_user, PROP_IMAP_USER);
  set_secret (self, &self->imap_password, self->smtp_password, PROP_IMAP_PASSWORD);
}

static void
set_employee_name (BmsAccount *self,
                   const char *value)
{
  g_autofree char *old = g_strdup (self->employee_name);

  if (set_text (self, &self->employee_name, value, PROP_EMPLOYEE_NAME))
    follow_text (self, &self->sender_name, old, self->employee_name, PROP_SENDER_NAME);
}

static void
set_email (BmsAccount *self,
           const char *value)
{
  g_autofree char *old = g_strdup (self->email);

  if (!set_text (self, &self->email, value, PROP_EMAIL))
    return;

  follow_text (self, &self->smtp_user, old, self->email, PROP_SMTP_USER);
  if (self->imap_same_as_smtp)
    copy_smtp_login_to_imap (self);
  else
    follow_text (self, &self->imap_user, old, self->email, PROP_IMAP_USER);
}

static void
set_smtp_login (BmsAccount *self,
                char      **field,
                const char *value,
                guint       prop_id)
{
  gboolean changed;

  if (field == &self->smtp_password)
    changed = set_secret (self, field, value, prop_id);
  else
    changed = set_text (self, field, value, prop_id);

  if (changed && self->imap_same_as_smtp)
    copy_smtp_login_to_imap (self);
}

static void
set_imap_same_as_smtp (BmsAccount *self,
                       gboolean    value)
{
  value = !!value;
  if (self->imap_same_as_smtp == value)
    return;

  self->imap_same_as_smtp = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAP_SAME_AS_SMTP]);

  if (value)
    copy_smtp_login_to_imap (self);
}

static void
set_uint (BmsAccount *self,
          guint      *field,
          guint       value,
          guint       prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean (BmsAccount *self,
             gboolean   *field,
             gboolean    value,
             guint       prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_security (BmsAccount  *self,
              BmsSecurity *field,
              BmsSecurity  value,
              guint        prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
bms_account_finalize (GObject *object)
{
  BmsAccount *self = (BmsAccount *)object;

  g_free (self->ca_file);
  g_clear_pointer (&self->provider, bms_provider_result_unref);
  g_free (self->employee_name);
  g_free (self->email);
  g_free (self->smtp_user);
  secret_free (self->smtp_password);
  g_free (self->smtp_host);
  g_free (self->sender_name);
  g_free (self->imap_user);
  secret_free (self->imap_password);
  g_free (self->imap_host);
  g_free (self->sent_folder);

  G_OBJECT_CLASS (bms_account_parent_class)->finalize (object);
}

static void
bms_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BmsAccount *self = BMS_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_EMPLOYEE_NAME:
      g_value_set_string (value, self->employee_name);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_SMTP_USER:
      g_value_set_string (value, self->smtp_user);
      break;
    case PROP_SMTP_PASSWORD:
      g_value_set_string (value, self->smtp_password);
      break;
    case PROP_SMTP_HOST:
      g_value_set_string (value, self->smtp_host);
      break;
    case PROP_SMTP_PORT:
      g_value_set_uint (value, self->smtp_port);
      break;
    case PROP_SMTP_SECURITY:
      g_value_set_enum (value, self->smtp_security);
      break;
    case PROP_SENDER_NAME:
      g_value_set_string (value, self->sender_name);
      break;
    case PROP_SAVE_SENT:
      g_value_set_boolean (value, self->save_sent);
      break;
    case PROP_IMAP_SAME_AS_SMTP:
      g_value_set_boolean (value, self->imap_same_as_smtp);
      break;
    case PROP_IMAP_USER:
      g_value_set_string (value, self->imap_user);
      break;
    case PROP_IMAP_PASSWORD:
      g_value_set_string (value, self->imap_password);
      break;
    case PROP_IMAP_HOST:
      g_value_set_string (value, self->imap_host);
      break;
    case PROP_IMAP_PORT:
      g_value_set_uint (value, self->imap_port);
      break;
    case PROP_IMAP_SECURITY:
      g_value_set_enum (value, self->imap_security);
      break;
    case PROP_SENT_FOLDER:
      g_value_set_string (value, self->sent_folder);
      break;
    case PROP_BCC_SELF:
      g_value_set_boolean (value, self->bcc_self);
      break;
    case PROP_NOTIFY_EMPLOYEE:
      g_value_set_boolean (value, self->notify_employee);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_PROVIDER:
      g_value_set_boxed (value, self->provider);
      break;

    case PROP_CHECKING_PROVIDER:
      g_value_set_boolean (value, self->checking_provider);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_account_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BmsAccount *self = BMS_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_EMPLOYEE_NAME:
      set_employee_name (self, g_value_get_string (value));
      break;
    case PROP_EMAIL:
      set_email (self, g_value_get_string (value));
      break;
    case PROP_SMTP_USER:
      set_smtp_login (self, &self->smtp_user, g_value_get_string (value), prop_id);
      break;
    case PROP_SMTP_PASSWORD:
      set_smtp_login (self, &self->smtp_password, g_value_get_string (value), prop_id);
      break;
    case PROP_SMTP_HOST:
      set_text (self, &self->smtp_host, g_value_get_string (value), prop_id);
      break;
    case PROP_SMTP_PORT:
      set_uint (self, &self->smtp_port, g_value_get_uint (value), prop_id);
      break;
    case PROP_SMTP_SECURITY:
      set_security (self, &self->smtp_security, g_value_get_enum (value), prop_id);
      break;
    case PROP_SENDER_NAME:
      set_text (self, &self->sender_name, g_value_get_string (value), prop_id);
      break;
    case PROP_SAVE_SENT:
      set_boolean (self, &self->save_sent, g_value_get_boolean (value), prop_id);
      break;
    case PROP_IMAP_SAME_AS_SMTP:
      set_imap_same_as_smtp (self, g_value_get_boolean (value));
      break;
    case PROP_IMAP_USER:
      set_text (self, &self->imap_user, g_value_get_string (value), prop_id);
      break;
    case PROP_IMAP_PASSWORD:
      set_secret (self, &self->imap_password, g_value_get_string (value), prop_id);
      break;
    case PROP_IMAP_HOST:
      set_text (self, &self->imap_host, g_value_get_string (value), prop_id);
      break;
    case PROP_IMAP_PORT:
      set_uint (self, &self->imap_port, g_value_get_uint (value), prop_id);
      break;
    case PROP_IMAP_SECURITY:
      set_security (self, &self->imap_security, g_value_get_enum (value), prop_id);
      break;
    case PROP_SENT_FOLDER:
      set_text (self, &self->sent_folder, g_value_get_string (value), prop_id);
      break;
    case PROP_BCC_SELF:
      set_boolean (self, &self->bcc_self, g_value_get_boolean (value), prop_id);
      break;
    case PROP_NOTIFY_EMPLOYEE:
      set_boolean (self, &self->notify_employee, g_value_get_boolean (value), prop_id);
      break;
    case PROP_CA_FILE:
      bms_account_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER:
      bms_account_set_provider (self, g_value_get_boxed (value));
      break;

    case PROP_CHECKING_PROVIDER:
      bms_account_set_checking_provider (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
text_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "",
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
flag_property (const char *name,
               gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL, default_value,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
port_property (const char *name,
               guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, 1, G_MAXUINT16, default_value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
security_property (const char  *name,
                   BmsSecurity  default_value)
{
  return g_param_spec_enum (name, NULL, NULL, BMS_TYPE_SECURITY, default_value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
bms_account_class_init (BmsAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_account_finalize;
  object_class->get_property = bms_account_get_property;
  object_class->set_property = bms_account_set_property;

  /* In the order of BizMagic's form. */
  properties[PROP_EMPLOYEE_NAME] = text_property ("employee-name");
  properties[PROP_EMAIL] = text_property ("email");
  properties[PROP_SMTP_USER] = text_property ("smtp-user");
  properties[PROP_SMTP_PASSWORD] = text_property ("smtp-password");
  properties[PROP_SMTP_HOST] = text_property ("smtp-host");
  properties[PROP_SMTP_PORT] = port_property ("smtp-port", BMS_GMAIL_SMTP_PORT);
  properties[PROP_SMTP_SECURITY] = security_property ("smtp-security", BMS_GMAIL_SMTP_SECURITY);
  properties[PROP_SENDER_NAME] = text_property ("sender-name");
  properties[PROP_SAVE_SENT] = flag_property ("save-sent", TRUE);
  properties[PROP_IMAP_SAME_AS_SMTP] = flag_property ("imap-same-as-smtp", FALSE);
  properties[PROP_IMAP_USER] = text_property ("imap-user");
  properties[PROP_IMAP_PASSWORD] = text_property ("imap-password");
  properties[PROP_IMAP_HOST] = text_property ("imap-host");
  properties[PROP_IMAP_PORT] = port_property ("imap-port", BMS_GMAIL_IMAP_PORT);
  properties[PROP_IMAP_SECURITY] = security_property ("imap-security", BMS_GMAIL_IMAP_SECURITY);
  properties[PROP_SENT_FOLDER] = text_property ("sent-folder");
  properties[PROP_BCC_SELF] = flag_property ("bcc-self", FALSE);
  properties[PROP_NOTIFY_EMPLOYEE] = flag_property ("notify-employee", FALSE);

  properties[PROP_PROVIDER] =
    g_param_spec_boxed ("provider", NULL, NULL, BMS_TYPE_PROVIDER_RESULT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKING_PROVIDER] =
    g_param_spec_boolean ("checking-provider", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_account_init (BmsAccount *self)
{
  self->employee_name = g_strdup ("");
  self->email = g_strdup ("");
  self->smtp_user = g_strdup ("");
  self->smtp_password = g_strdup ("");
  self->smtp_host = g_strdup (BMS_GMAIL_SMTP_HOST);
  self->smtp_port = BMS_GMAIL_SMTP_PORT;
  self->smtp_security = BMS_GMAIL_SMTP_SECURITY;
  self->sender_name = g_strdup ("");
  self->save_sent = TRUE;
  self->imap_same_as_smtp = FALSE;
  self->imap_user = g_strdup ("");
  self->imap_password = g_strdup ("");
  self->imap_host = g_strdup (BMS_GMAIL_IMAP_HOST);
  self->imap_port = BMS_GMAIL_IMAP_PORT;
  self->imap_security = BMS_GMAIL_IMAP_SECURITY;
  self->sent_folder = g_strdup (BMS_GMAIL_SENT_FOLDER);
  self->bcc_self = FALSE;
  self->notify_employee = FALSE;
}

BmsAccount *
bms_account_new (void)
{
  return g_object_new (BMS_TYPE_ACCOUNT, NULL);
}

#define DEFINE_GETTER(type, name, field)        \
  type                                          \
  bms_account_get_##name (BmsAccount *self)     \
  {                                             \
    g_return_val_if_fail (BMS_IS_ACCOUNT (self), (type) 0); \
    return self->field;                         \
  }

DEFINE_GETTER (const char *, employee_name, employee_name)
DEFINE_GETTER (const char *, email, email)
DEFINE_GETTER (const char *, smtp_user, smtp_user)
DEFINE_GETTER (const char *, smtp_password, smtp_password)
DEFINE_GETTER (const char *, smtp_host, smtp_host)
DEFINE_GETTER (guint, smtp_port, smtp_port)
DEFINE_GETTER (BmsSecurity, smtp_security, smtp_security)
DEFINE_GETTER (const char *, sender_name, sender_name)
DEFINE_GETTER (gboolean, save_sent, save_sent)
DEFINE_GETTER (gboolean, imap_same_as_smtp, imap_same_as_smtp)
DEFINE_GETTER (const char *, imap_user, imap_user)
DEFINE_GETTER (const char *, imap_password, imap_password)
DEFINE_GETTER (const char *, imap_host, imap_host)
DEFINE_GETTER (guint, imap_port, imap_port)
DEFINE_GETTER (BmsSecurity, imap_security, imap_security)
DEFINE_GETTER (const char *, sent_folder, sent_folder)
DEFINE_GETTER (gboolean, bcc_self, bcc_self)
DEFINE_GETTER (gboolean, notify_employee, notify_employee)

/**
 * bms_account_dup_smtp_server:
 * @ca_file: (nullable): a CA to trust besides the system's
 *
 * Returns: (transfer full): where and how to send mail
 */
BmsServer *
bms_account_dup_smtp_server (BmsAccount *self,
                             const char *ca_file)
{
  BmsServer *server;

  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  server = bms_server_new (self->smtp_host, self->smtp_port, self->smtp_security, self->smtp_user);
  server->ca_file = g_strdup (ca_file);

  return server;
}

/**
 * bms_account_dup_imap_server:
 * @ca_file: (nullable): a CA to trust besides the system's
 *
 * Returns: (transfer full): where and how to save sent mail
 */
BmsServer *
bms_account_dup_imap_server (BmsAccount *self,
                             const char *ca_file)
{
  BmsServer *server;

  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  server = bms_server_new (self->imap_host, self->imap_port, self->imap_security, self->imap_user);
  server->ca_file = g_strdup (ca_file);

  return server;
}

/**
 * bms_account_new_mail_test:
 * @ca_file: (nullable): a CA to trust besides the system's
 *
 * The mail test of this account as it is now: from 差出人名 <address> to the
 * employee's own address, saved in the sent folder when 送信済みメール保存
 * is checked. The BCC box adds no recipient here: its address is the
 * employee's own, which the test message goes to already.
 *
 * Returns: (transfer full): a test ready to run
 */
BmsMailTest *
bms_account_new_mail_test (BmsAccount *self,
                           const char *ca_file)
{
  g_autoptr(BmsServer) smtp = NULL;
  g_autoptr(BmsServer) imap = NULL;
  const char *recipients[] = { self->email, NULL };

  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  smtp = bms_account_dup_smtp_server (self, ca_file);
  if (self->save_sent)
    imap = bms_account_dup_imap_server (self, ca_file);

  return bms_mail_test_new (smtp, self->smtp_password,
                            imap, self->imap_password, self->sent_folder,
                            self->email, self->sender_name, recipients);
}

/**
 * bms_account_get_ca_file:
 *
 * Returns: (nullable): certificate authorities to trust besides the system's
 *   when this account's settings are tried (--ca-file); never saved
 */
const char *
bms_account_get_ca_file (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  return self->ca_file;
}

void
bms_account_set_ca_file (BmsAccount *self,
                         const char *ca_file)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  if (g_strcmp0 (self->ca_file, ca_file) == 0)
    return;

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

/**
 * bms_account_get_provider:
 *
 * Returns: (nullable) (transfer none): who runs the mailbox of the address,
 *   or %NULL while it is not known (no valid address yet, or not looked up)
 */
BmsProviderResult *
bms_account_get_provider (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  return self->provider;
}

/* The kind, with "not known yet" as BMS_PROVIDER_UNKNOWN. */
BmsProviderKind
bms_account_get_provider_kind (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), BMS_PROVIDER_UNKNOWN);

  return self->provider != NULL ? bms_provider_result_get_kind (self->provider) : BMS_PROVIDER_UNKNOWN;
}

void
bms_account_set_provider (BmsAccount        *self,
                          BmsProviderResult *provider)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  if (self->provider == provider)
    return;

  g_clear_pointer (&self->provider, bms_provider_result_unref);
  self->provider = provider != NULL ? bms_provider_result_ref (provider) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

gboolean
bms_account_get_checking_provider (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), FALSE);

  return self->checking_provider;
}

void
bms_account_set_checking_provider (BmsAccount *self,
                                   gboolean    checking)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  checking = !!checking;
  if (self->checking_provider == checking)
    return;

  self->checking_provider = checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING_PROVIDER]);
}

/* For an address that is not Google's: the Gmail values that the account
 * starts with are taken out again, so that the form asks for the
 * provider's own. Values the administrator typed are kept. */
void
bms_account_forget_gmail_servers (BmsAccount *self)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  if (g_strcmp0 (self->smtp_host, BMS_GMAIL_SMTP_HOST) == 0)
    set_text (self, &self->smtp_host, "", PROP_SMTP_HOST);
  if (g_strcmp0 (self->imap_host, BMS_GMAIL_IMAP_HOST) == 0)
    set_text (self, &self->imap_host, "", PROP_IMAP_HOST);
  if (g_strcmp0 (self->sent_folder, BMS_GMAIL_SENT_FOLDER) == 0)
    set_text (self, &self->sent_folder, "", PROP_SENT_FOLDER);
}
