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

#include "bms-account.h"
#include "bms-secret.h"

struct _BmsAccount
{
  GObject  parent_instance;

  /* The BizMagic fields, indexed by BmsFieldId, each of its property's type. */
  GValue   values[BMS_N_FIELDS];

  /* Not BizMagic fields: certificate authorities to trust besides the
   * system's (--ca-file), for the tests this account's settings run; and
   * the profile the account was last read from or written to. */
  char    *ca_file;
  char    *profile_path;

  /* What the mail test said of these settings; any change of a field
   * makes it unknown again, as the test said nothing of the new values. */
  BmsTestStatus test_status;
  /* Whether the passed test saw the server file the sent message itself,
   * as Gmail does: then BizMagic's own copy would be a second one. */
  gboolean      server_files_sent;

  /* Nor is who runs the mailbox of the address, as far as it is known (see
   * BmsProviderFollower). */
  BmsProviderResult *provider;
  gboolean           checking_provider;

  /* Nor is the last check of the saved account (NULL: never checked). */
  BmsCheckStatus    *check_status;
};

G_DEFINE_FINAL_TYPE (BmsAccount, bms_account, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (BmsTestStatus, bms_test_status,
                    G_DEFINE_ENUM_VALUE (BMS_TEST_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (BMS_TEST_STATUS_PASSED, "passed"),
                    G_DEFINE_ENUM_VALUE (BMS_TEST_STATUS_NOT_PASSED, "not-passed"),
                    G_DEFINE_ENUM_VALUE (BMS_TEST_STATUS_NOT_SET_UP, "not-set-up"))

/* The words of a profile's [Status] mail-test key; never translated. */
const char *
bms_test_status_to_key (BmsTestStatus status)
{
  switch (status)
    {
    case BMS_TEST_STATUS_PASSED:
      return "passed";
    case BMS_TEST_STATUS_NOT_PASSED:
      return "not-passed";
    case BMS_TEST_STATUS_NOT_SET_UP:
      return "not-set-up";
    case BMS_TEST_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
bms_test_status_from_key (const char    *key,
                          BmsTestStatus *status)
{
  for (BmsTestStatus s = BMS_TEST_STATUS_UNKNOWN; s <= BMS_TEST_STATUS_NOT_SET_UP; s++)
    if (g_strcmp0 (key, bms_test_status_to_key (s)) == 0)
      {
        *status = s;
        return TRUE;
      }

  return FALSE;
}

/* The first properties are the fields of bms-fields.h, in their order. */
#define PROP_OF_FIELD(id) ((guint) (id) + 1)
#define FIELD_OF_PROP(prop_id) ((BmsFieldId) ((prop_id) - 1))

enum {
  PROP_0,
  PROP_CA_FILE = PROP_OF_FIELD (BMS_N_FIELDS),
  PROP_PROFILE_PATH,
  PROP_PROVIDER,
  PROP_CHECKING_PROVIDER,
  PROP_TEST_STATUS,
  PROP_SERVER_FILES_SENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FIELD_CHANGED,
  SIGNAL_NEXT_EMPLOYEE_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (BmsAccount *self,
         BmsFieldId  id)
{
  return g_value_get_string (&self->values[id]);
}

/* Sets field @id to @value, which has the field's type; a password's old
 * value is wiped before its memory goes. */
static gboolean
set_value (BmsAccount   *self,
           BmsFieldId    id,
           const GValue *value)
{
  GParamSpec *pspec = properties[PROP_OF_FIELD (id)];
  GValue *field = &self->values[id];

  if (g_param_values_cmp (pspec, field, value) == 0)
    return FALSE;

  if (bms_field_get (id)->kind == BMS_FIELD_KIND_PASSWORD)
    bms_secret_wipe ((char *) g_value_get_string (field));
  g_value_copy (value, field);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  g_signal_emit (self, signals[SIGNAL_FIELD_CHANGED], 0, (guint) id);
  bms_account_set_test_status (self, BMS_TEST_STATUS_UNKNOWN);

  return TRUE;
}

static gboolean
set_text (BmsAccount *self,
          BmsFieldId  id,
          const char *text)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, text != NULL ? text : "");

  return set_value (self, id, &value);
}

/* A value "follows" another while it is empty or still equal to what the
 * other one was: then the administrator has not chosen it on purpose. */
static void
follow_text (BmsAccount *self,
             BmsFieldId  id,
             const char *old_leader,
             const char *new_leader)
{
  const char *text = text_of (self, id);

  if (text[0] == '\0' || g_strcmp0 (text, old_leader) == 0)
    set_text (self, id, new_leader);
}

static void
copy_smtp_login_to_imap (BmsAccount *self)
{
  set_text (self, BMS_FIELD_IMAP_USER, text_of (self, BMS_FIELD_SMTP_USER));
  set_text (self, BMS_FIELD_IMAP_PASSWORD, text_of (self, BMS_FIELD_SMTP_PASSWORD));
}

static void
set_employee_name (BmsAccount *self,
                   const char *value)
{
  g_autofree char *old = g_strdup (text_of (self, BMS_FIELD_EMPLOYEE_NAME));

  if (set_text (self, BMS_FIELD_EMPLOYEE_NAME, value))
    follow_text (self, BMS_FIELD_SENDER_NAME, old, text_of (self, BMS_FIELD_EMPLOYEE_NAME));
}

static void
set_email (BmsAccount *self,
           const char *value)
{
  g_autofree char *old = g_strdup (text_of (self, BMS_FIELD_EMAIL));
  const char *email;

  if (!set_text (self, BMS_FIELD_EMAIL, value))
    return;

  email = text_of (self, BMS_FIELD_EMAIL);
  follow_text (self, BMS_FIELD_SMTP_USER, old, email);
  if (bms_account_get_imap_same_as_smtp (self))
    copy_smtp_login_to_imap (self);
  else
    follow_text (self, BMS_FIELD_IMAP_USER, old, email);
}

static void
set_smtp_login (BmsAccount *self,
                BmsFieldId  id,
                const char *value)
{
  if (set_text (self, id, value) && bms_account_get_imap_same_as_smtp (self))
    copy_smtp_login_to_imap (self);
}

static void
set_imap_same_as_smtp (BmsAccount   *self,
                       const GValue *value)
{
  if (set_value (self, BMS_FIELD_IMAP_SAME_AS_SMTP, value) && g_value_get_boolean (value))
    copy_smtp_login_to_imap (self);
}

static void
bms_account_finalize (GObject *object)
{
  BmsAccount *self = (BmsAccount *)object;

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      if (bms_field_get (id)->kind == BMS_FIELD_KIND_PASSWORD)
        bms_secret_wipe ((char *) g_value_get_string (&self->values[id]));
      g_value_unset (&self->values[id]);
    }
  g_free (self->ca_file);
  g_free (self->profile_path);
  g_clear_pointer (&self->provider, bms_provider_result_unref);
  g_clear_pointer (&self->check_status, bms_check_status_free);

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
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_PROVIDER:
      g_value_set_boxed (value, self->provider);
      break;

    case PROP_CHECKING_PROVIDER:
      g_value_set_boolean (value, self->checking_provider);
      break;

    case PROP_TEST_STATUS:
      g_value_set_enum (value, self->test_status);
      break;

    case PROP_SERVER_FILES_SENT:
      g_value_set_boolean (value, self->server_files_sent);
      break;

    case PROP_PROFILE_PATH:
      g_value_set_string (value, self->profile_path);
      break;
    default:
      if (prop_id >= PROP_OF_FIELD (0) && prop_id < PROP_OF_FIELD (BMS_N_FIELDS))
        g_value_copy (&self->values[FIELD_OF_PROP (prop_id)], value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The fields that follow or copy others have setters of their own. */
static void
set_field (BmsAccount   *self,
           BmsFieldId    id,
           const GValue *value)
{
  if (id == BMS_FIELD_EMPLOYEE_NAME)
    set_employee_name (self, g_value_get_string (value));
  else if (id == BMS_FIELD_EMAIL)
    set_email (self, g_value_get_string (value));
  else if (id == BMS_FIELD_SMTP_USER || id == BMS_FIELD_SMTP_PASSWORD)
    set_smtp_login (self, id, g_value_get_string (value));
  else if (id == BMS_FIELD_IMAP_SAME_AS_SMTP)
    set_imap_same_as_smtp (self, value);
  else if (G_VALUE_HOLDS_STRING (value))
    set_text (self, id, g_value_get_string (value));
  else
    set_value (self, id, value);
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
    case PROP_CA_FILE:
      bms_account_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER:
      bms_account_set_provider (self, g_value_get_boxed (value));
      break;

    case PROP_CHECKING_PROVIDER:
      bms_account_set_checking_provider (self, g_value_get_boolean (value));
      break;

    case PROP_TEST_STATUS:
      bms_account_set_test_status (self, g_value_get_enum (value));
      break;

    case PROP_SERVER_FILES_SENT:
      bms_account_set_server_files_sent (self, g_value_get_boolean (value));
      break;

    case PROP_PROFILE_PATH:
      bms_account_set_profile_path (self, g_value_get_string (value));
      break;
    default:
      if (prop_id >= PROP_OF_FIELD (0) && prop_id < PROP_OF_FIELD (BMS_N_FIELDS))
        set_field (self, FIELD_OF_PROP (prop_id), value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_account_class_init (BmsAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_account_finalize;
  object_class->get_property = bms_account_get_property;
  object_class->set_property = bms_account_set_property;

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    properties[PROP_OF_FIELD (id)] = bms_field_param_spec (bms_field_get (id));

  properties[PROP_PROVIDER] =
    g_param_spec_boxed ("provider", NULL, NULL, BMS_TYPE_PROVIDER_RESULT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKING_PROVIDER] =
    g_param_spec_boolean ("checking-provider", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TEST_STATUS] =
    g_param_spec_enum ("test-status", NULL, NULL, BMS_TYPE_TEST_STATUS, BMS_TEST_STATUS_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVER_FILES_SENT] =
    g_param_spec_boolean ("server-files-sent", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Where the account is saved: set when a profile is read or written. */
  properties[PROP_PROFILE_PATH] =
    g_param_spec_string ("profile-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BmsAccount::field-changed:
   * @id: the #BmsFieldId of the field
   *
   * One of BizMagic's fields took another value: what is tested and saved
   * changed. The account's other properties (the profile it was saved to,
   * the provider of its address, the run's CA file) never emit it.
   */
  signals[SIGNAL_FIELD_CHANGED] =
    g_signal_new ("field-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * BmsAccount::next-employee-started:
   *
   * The account was made the start of the next employee's walk
   * (bms_account_start_next_employee()): what it holds now was not typed
   * for that employee. Emitted once the fields and their notifications are
   * done.
   */
  signals[SIGNAL_NEXT_EMPLOYEE_STARTED] =
    g_signal_new ("next-employee-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bms_account_init (BmsAccount *self)
{
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      GParamSpec *pspec = properties[PROP_OF_FIELD (id)];

      g_value_init (&self->values[id], G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_value_copy (g_param_spec_get_default_value (pspec), &self->values[id]);
    }
}

BmsAccount *
bms_account_new (void)
{
  return g_object_new (BMS_TYPE_ACCOUNT, NULL);
}

#define DEFINE_GETTER(type, name, id, get)                  \
  type                                                      \
  bms_account_get_##name (BmsAccount *self)                 \
  {                                                         \
    g_return_val_if_fail (BMS_IS_ACCOUNT (self), (type) 0); \
    return get (&self->values[id]);                         \
  }

DEFINE_GETTER (const char *, employee_name, BMS_FIELD_EMPLOYEE_NAME, g_value_get_string)
DEFINE_GETTER (const char *, email, BMS_FIELD_EMAIL, g_value_get_string)
DEFINE_GETTER (const char *, smtp_user, BMS_FIELD_SMTP_USER, g_value_get_string)
DEFINE_GETTER (const char *, smtp_password, BMS_FIELD_SMTP_PASSWORD, g_value_get_string)
DEFINE_GETTER (const char *, smtp_host, BMS_FIELD_SMTP_HOST, g_value_get_string)
DEFINE_GETTER (guint, smtp_port, BMS_FIELD_SMTP_PORT, g_value_get_uint)
DEFINE_GETTER (BmsSecurity, smtp_security, BMS_FIELD_SMTP_SECURITY, g_value_get_enum)
DEFINE_GETTER (const char *, sender_name, BMS_FIELD_SENDER_NAME, g_value_get_string)
DEFINE_GETTER (gboolean, save_sent, BMS_FIELD_SAVE_SENT, g_value_get_boolean)
DEFINE_GETTER (gboolean, imap_same_as_smtp, BMS_FIELD_IMAP_SAME_AS_SMTP, g_value_get_boolean)
DEFINE_GETTER (const char *, imap_user, BMS_FIELD_IMAP_USER, g_value_get_string)
DEFINE_GETTER (const char *, imap_password, BMS_FIELD_IMAP_PASSWORD, g_value_get_string)
DEFINE_GETTER (const char *, imap_host, BMS_FIELD_IMAP_HOST, g_value_get_string)
DEFINE_GETTER (guint, imap_port, BMS_FIELD_IMAP_PORT, g_value_get_uint)
DEFINE_GETTER (BmsSecurity, imap_security, BMS_FIELD_IMAP_SECURITY, g_value_get_enum)
DEFINE_GETTER (const char *, sent_folder, BMS_FIELD_SENT_FOLDER, g_value_get_string)
DEFINE_GETTER (gboolean, bcc_self, BMS_FIELD_BCC_SELF, g_value_get_boolean)
DEFINE_GETTER (gboolean, notify_employee, BMS_FIELD_NOTIFY_EMPLOYEE, g_value_get_boolean)

/**
 * bms_account_has_own_imap_login:
 *
 * Whether IMAP signs in with a login of its own: only when sent mail is
 * saved, and "same settings as the outgoing mail server" is not checked.
 * Otherwise the account has no IMAP password to ask for, keep or show.
 */
gboolean
bms_account_has_own_imap_login (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), FALSE);

  return bms_field_in_scope (bms_field_get (BMS_FIELD_IMAP_USER),
                             bms_account_get_save_sent (self),
                             bms_account_get_imap_same_as_smtp (self));
}

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

  server = bms_server_new (bms_account_get_smtp_host (self), bms_account_get_smtp_port (self),
                           bms_account_get_smtp_security (self), bms_account_get_smtp_user (self));
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

  server = bms_server_new (bms_account_get_imap_host (self), bms_account_get_imap_port (self),
                           bms_account_get_imap_security (self), bms_account_get_imap_user (self));
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
  const char *recipients[] = { NULL, NULL };

  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  recipients[0] = bms_account_get_email (self);
  smtp = bms_account_dup_smtp_server (self, ca_file);
  if (bms_account_get_save_sent (self))
    imap = bms_account_dup_imap_server (self, ca_file);

  return bms_mail_test_new (smtp, bms_account_get_smtp_password (self),
                            imap, bms_account_get_imap_password (self), bms_account_get_sent_folder (self),
                            bms_account_get_email (self), bms_account_get_sender_name (self), recipients);
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

  if (g_strcmp0 (bms_account_get_smtp_host (self), BMS_GMAIL_SMTP_HOST) == 0)
    set_text (self, BMS_FIELD_SMTP_HOST, "");
  if (g_strcmp0 (bms_account_get_imap_host (self), BMS_GMAIL_IMAP_HOST) == 0)
    set_text (self, BMS_FIELD_IMAP_HOST, "");
  if (g_strcmp0 (bms_account_get_sent_folder (self), BMS_GMAIL_SENT_FOLDER) == 0)
    set_text (self, BMS_FIELD_SENT_FOLDER, "");
}

/**
 * bms_account_get_profile_path:
 *
 * Returns: (nullable): the profile the account was last read from or
 *   written to, or NULL for an account that was never saved
 */
const char *
bms_account_get_profile_path (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  return self->profile_path;
}

/* The last check of the saved account, as its profile keeps it; never
 * NULL (an account never checked says so). */
const BmsCheckStatus *
bms_account_get_check_status (BmsAccount *self)
{
  static BmsCheckStatus never = { NULL, BMS_CHECK_KIND_LOGIN, BMS_CHECK_RESULT_NEVER, NULL };

  g_return_val_if_fail (BMS_IS_ACCOUNT (self), NULL);

  return self->check_status != NULL ? self->check_status : &never;
}

void
bms_account_set_check_status (BmsAccount           *self,
                              const BmsCheckStatus *status)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  g_clear_pointer (&self->check_status, bms_check_status_free);
  if (status != NULL)
    self->check_status = bms_check_status_copy (status);
}

void
bms_account_set_profile_path (BmsAccount *self,
                              const char *profile_path)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  if (g_strcmp0 (self->profile_path, profile_path) == 0)
    return;

  g_free (self->profile_path);
  self->profile_path = g_strdup (profile_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_PATH]);
}

/**
 * bms_account_assign:
 * @other: the account to take the values of
 * @with_passwords: whether the passwords are taken too
 *
 * Gives @self every BizMagic field of @other and its profile-path, so that
 * an account read elsewhere (on a worker thread, from a profile) becomes
 * the one the pages are bound to. The notifications come at the end, once.
 */
void
bms_account_assign (BmsAccount *self,
                    BmsAccount *other,
                    gboolean    with_passwords)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));
  g_return_if_fail (BMS_IS_ACCOUNT (other));

  g_object_freeze_notify (G_OBJECT (self));

  /* The values are taken as they are, past the rules by which one follows
   * another; only the invariant of "same settings" is kept. */
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    if (with_passwords || bms_field_get (id)->kind != BMS_FIELD_KIND_PASSWORD)
      set_value (self, id, &other->values[id]);
  if (bms_account_get_imap_same_as_smtp (self))
    copy_smtp_login_to_imap (self);
  bms_account_set_profile_path (self, other->profile_path);
  bms_account_set_check_status (self, other->check_status);
  /* Last, as taking the fields made it unknown. */
  bms_account_set_test_status (self, other->test_status);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bms_account_start_next_employee:
 *
 * Makes the account the start of the next employee of the same office: the
 * fields the office owns (see #BmsFieldOwner) keep their values, every
 * other one takes a new account's default, the passwords wiped first. As
 * for a new account, it has no profile (the next save writes a new one, the
 * saved one stays as it is), no mail test, no provider and no check yet.
 * Then #BmsAccount::next-employee-started says so.
 */
void
bms_account_start_next_employee (BmsAccount *self)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));

  /* Straight to the defaults, past the rules by which one value follows
   * another: nothing of the previous employee is left to follow. */
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    if (bms_field_get (id)->owner != BMS_FIELD_OWNER_OFFICE)
      set_value (self, id, g_param_spec_get_default_value (properties[PROP_OF_FIELD (id)]));
  bms_account_set_profile_path (self, NULL);
  bms_account_set_check_status (self, NULL);
  bms_account_set_provider (self, NULL);
  bms_account_set_checking_provider (self, FALSE);
  bms_account_set_test_status (self, BMS_TEST_STATUS_UNKNOWN);

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_NEXT_EMPLOYEE_STARTED], 0);
}

BmsTestStatus
bms_account_get_test_status (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), BMS_TEST_STATUS_UNKNOWN);

  return self->test_status;
}

void
bms_account_set_test_status (BmsAccount    *self,
                             BmsTestStatus  status)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  if (self->test_status == status)
    return;

  self->test_status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_STATUS]);
  /* What a test saw belongs to the test that passed. */
  if (status != BMS_TEST_STATUS_PASSED)
    bms_account_set_server_files_sent (self, FALSE);
}

gboolean
bms_account_get_server_files_sent (BmsAccount *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (self), FALSE);

  return self->server_files_sent;
}

void
bms_account_set_server_files_sent (BmsAccount *self,
                                   gboolean    server_files_sent)
{
  g_return_if_fail (BMS_IS_ACCOUNT (self));

  if (self->server_files_sent == !!server_files_sent)
    return;

  self->server_files_sent = !!server_files_sent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_FILES_SENT]);
}
