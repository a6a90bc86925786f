/* bms-fields.c: the fields of BizMagic's 社員 - メールアカウント form, in one table.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-fields.h"
#include "bms-mutf7.h"
#include "bms-security.h"

/* The labels are BizMagic's as the manual names them; the mnemonics are the
 * form's. Gmail's own values are the defaults, from the manual's server
 * table.
 *
 * The office owns its servers and how it uses them: the hosts, ports and
 * encryption, whether sent mail is saved, where, and with which login
 * (保存メールボックスアカウント設定), and the two check boxes at the end, which
 * an office sets one way for everyone (the form still shows them for each
 * employee). The employee owns the name, the address, the logins and
 * passwords, and the sender name that follows the name: a next employee
 * never starts with another's. */
static const BmsField fields[BMS_N_FIELDS] = {
  [BMS_FIELD_EMPLOYEE_NAME] = {
    BMS_FIELD_EMPLOYEE_NAME, N_("_Employee name"), "employee-name", "Account", "employee-name",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_ALWAYS, TRUE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("For your records; the sender name follows it.") },
  [BMS_FIELD_EMAIL] = {
    BMS_FIELD_EMAIL, N_("E-ma_il address"), "email", "Account", "email",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("The employee's Gmail or Google Workspace address.") },
  [BMS_FIELD_SMTP_USER] = {
    BMS_FIELD_SMTP_USER, N_("Outgoing mail a_ccount name"), "smtp-user", "SMTP", "user",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("The account that signs in to Gmail: the whole e-mail address.") },
  [BMS_FIELD_SMTP_PASSWORD] = {
    BMS_FIELD_SMTP_PASSWORD, N_("Outgoing mail account _password"), "smtp-password", NULL, NULL,
    BMS_FIELD_KIND_PASSWORD, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("The app password from step 1.") },
  [BMS_FIELD_SMTP_HOST] = {
    BMS_FIELD_SMTP_HOST, N_("Outgoin_g mail server"), "smtp-host", "SMTP", "host",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_OFFICE, "smtp.gmail.com",
    N_("For Gmail: smtp.gmail.com") },
  [BMS_FIELD_SMTP_PORT] = {
    BMS_FIELD_SMTP_PORT, N_("Outgoing mail server p_ort number"), "smtp-port", "SMTP", "port",
    BMS_FIELD_KIND_PORT, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_OFFICE, "587",
    N_("For Gmail: 587 with STARTTLS, or 465 with SSL/TLS.") },
  [BMS_FIELD_SMTP_SECURITY] = {
    BMS_FIELD_SMTP_SECURITY, N_("Encr_yption"), "smtp-security", "SMTP", "security",
    BMS_FIELD_KIND_SECURITY, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_OFFICE, "starttls",
    N_("For Gmail: choose STARTTLS for port 587, or SSL/TLS for port 465.") },
  [BMS_FIELD_SENDER_NAME] = {
    BMS_FIELD_SENDER_NAME, N_("Sender na_me"), "sender-name", "Account", "sender-name",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_ALWAYS, TRUE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("The name recipients see as the sender.") },
  [BMS_FIELD_SAVE_SENT] = {
    BMS_FIELD_SAVE_SENT, N_("Save sent mail"), "save-sent", "IMAP", "save-sent",
    BMS_FIELD_KIND_FLAG, BMS_FIELD_SCOPE_ALWAYS, FALSE, BMS_FIELD_OWNER_OFFICE, "true",
    N_("Saves a copy in your mailbox when sending.") },
  [BMS_FIELD_IMAP_SAME_AS_SMTP] = {
    BMS_FIELD_IMAP_SAME_AS_SMTP, N_("Mailbox account settings"), "imap-same-as-smtp", "IMAP", "same-as-smtp",
    BMS_FIELD_KIND_FLAG, BMS_FIELD_SCOPE_SAVING_SENT, TRUE, BMS_FIELD_OWNER_OFFICE, "false",
    N_("Check this when IMAP signs in with the same account and password as sending.") },
  [BMS_FIELD_IMAP_USER] = {
    BMS_FIELD_IMAP_USER, N_("IMAP mail acco_unt name"), "imap-user", "IMAP", "user",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_OWN_IMAP_LOGIN, FALSE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("Required to sign in to the mail server (IMAP).") },
  [BMS_FIELD_IMAP_PASSWORD] = {
    BMS_FIELD_IMAP_PASSWORD, N_("IMAP mail account pass_word"), "imap-password", NULL, NULL,
    BMS_FIELD_KIND_PASSWORD, BMS_FIELD_SCOPE_OWN_IMAP_LOGIN, FALSE, BMS_FIELD_OWNER_EMPLOYEE, "",
    N_("Required to sign in to the mail server (IMAP).") },
  [BMS_FIELD_IMAP_HOST] = {
    BMS_FIELD_IMAP_HOST, N_("IMAP mail ser_ver"), "imap-host", "IMAP", "host",
    BMS_FIELD_KIND_TEXT, BMS_FIELD_SCOPE_SAVING_SENT, FALSE, BMS_FIELD_OWNER_OFFICE, "imap.gmail.com",
    N_("For Gmail: imap.gmail.com") },
  [BMS_FIELD_IMAP_PORT] = {
    BMS_FIELD_IMAP_PORT, N_("IMAP mail server po_rt number"), "imap-port", "IMAP", "port",
    BMS_FIELD_KIND_PORT, BMS_FIELD_SCOPE_SAVING_SENT, FALSE, BMS_FIELD_OWNER_OFFICE, "993",
    N_("For Gmail: 993 with SSL/TLS.") },
  [BMS_FIELD_IMAP_SECURITY] = {
    BMS_FIELD_IMAP_SECURITY, N_("Encryp_tion"), "imap-security", "IMAP", "security",
    BMS_FIELD_KIND_SECURITY, BMS_FIELD_SCOPE_SAVING_SENT, FALSE, BMS_FIELD_OWNER_OFFICE, "ssl-tls",
    N_("For Gmail: SSL/TLS.") },
  [BMS_FIELD_SENT_FOLDER] = {
    /* "[Gmail]/送信済みメール" as the server names it on the wire. */
    BMS_FIELD_SENT_FOLDER, N_("Sent mail _folder"), "sent-folder", "IMAP", "sent-folder",
    BMS_FIELD_KIND_FOLDER, BMS_FIELD_SCOPE_SAVING_SENT, FALSE, BMS_FIELD_OWNER_OFFICE, "[Gmail]/&kAFP4W4IMH8w4TD8MOs-",
    N_("The folder that keeps sent mail, exactly as the server names it. "
       "Full-width and half-width letters and upper and lower case all count.") },
  [BMS_FIELD_BCC_SELF] = {
    BMS_FIELD_BCC_SELF, N_("Add own address as BCC"), "bcc-self", "Account", "bcc-self",
    BMS_FIELD_KIND_FLAG, BMS_FIELD_SCOPE_ALWAYS, TRUE, BMS_FIELD_OWNER_OFFICE, "false",
    /* What the test does is said too: bms-mail-test.c sends to the address
     * itself and never reads this flag. */
    N_("BizMagic adds the employee’s own address as BCC to every message it sends from this account, so that the employee gets a copy in the inbox. The mail test sends to that address anyway and adds no BCC.") },
  [BMS_FIELD_NOTIFY_EMPLOYEE] = {
    BMS_FIELD_NOTIFY_EMPLOYEE, N_("Send e-mail to the employee"), "notify-employee", "Account", "notify-employee",
    BMS_FIELD_KIND_FLAG, BMS_FIELD_SCOPE_ALWAYS, TRUE, BMS_FIELD_OWNER_OFFICE, "false",
    N_("When checked, BizMagic also sends its e-mail for this employee to the address above. The mail test does not use this setting: it always sends its one test message to that address.") },
};

/* BizMagic's own labels, as its Japanese screens show them: never
 * translated, so that an English page can name the field the administrator
 * sees in BizMagic. In the table's order. */
static const char * const japanese_labels[BMS_N_FIELDS] = {
  [BMS_FIELD_EMPLOYEE_NAME] = "社員名",
  [BMS_FIELD_EMAIL] = "メールアドレス",
  [BMS_FIELD_SMTP_USER] = "送信メールアカウント名",
  [BMS_FIELD_SMTP_PASSWORD] = "送信メールアカウントパスワード",
  [BMS_FIELD_SMTP_HOST] = "送信メールサーバー",
  [BMS_FIELD_SMTP_PORT] = "送信メールサーバーポート番号",
  [BMS_FIELD_SMTP_SECURITY] = "暗号化通信",
  [BMS_FIELD_SENDER_NAME] = "差出人名",
  [BMS_FIELD_SAVE_SENT] = "送信済みメール保存",
  [BMS_FIELD_IMAP_SAME_AS_SMTP] = "保存メールボックスアカウント設定",
  [BMS_FIELD_IMAP_USER] = "IMAPメールアカウント名",
  [BMS_FIELD_IMAP_PASSWORD] = "IMAPメールアカウントパスワード",
  [BMS_FIELD_IMAP_HOST] = "IMAPメールサーバー",
  [BMS_FIELD_IMAP_PORT] = "IMAPメールサーバーポート番号",
  [BMS_FIELD_IMAP_SECURITY] = "暗号化通信",
  [BMS_FIELD_SENT_FOLDER] = "送信済みメール保存フォルダ",
  [BMS_FIELD_BCC_SELF] = "BCCに自メールアドレス追加",
  [BMS_FIELD_NOTIFY_EMPLOYEE] = "社員へEメール送信",
};

/* BizMagic's label of @field on its Japanese screens (untranslated). */
const char *
bms_field_get_japanese_label (const BmsField *field)
{
  g_return_val_if_fail (field != NULL && field->id < BMS_N_FIELDS, NULL);

  return japanese_labels[field->id];
}

const BmsField *
bms_field_get (BmsFieldId id)
{
  g_return_val_if_fail (id < BMS_N_FIELDS, NULL);

  return &fields[id];
}

/* The row of the account property @property, or NULL. */
const BmsField *
bms_field_find (const char *property)
{
  g_return_val_if_fail (property != NULL, NULL);

  for (guint i = 0; i < BMS_N_FIELDS; i++)
    if (g_str_equal (fields[i].property, property))
      return &fields[i];

  return NULL;
}

/* Whether @field matters for an account with these two check boxes. */
gboolean
bms_field_in_scope (const BmsField *field,
                    gboolean        save_sent,
                    gboolean        imap_same_as_smtp)
{
  g_return_val_if_fail (field != NULL, FALSE);

  switch (field->scope)
    {
    case BMS_FIELD_SCOPE_SAVING_SENT:
      return save_sent;
    case BMS_FIELD_SCOPE_OWN_IMAP_LOGIN:
      return save_sent && !imap_same_as_smtp;
    case BMS_FIELD_SCOPE_ALWAYS:
    default:
      return TRUE;
    }
}

/* The account's property for @field, with the table's default. */
GParamSpec *
bms_field_param_spec (const BmsField *field)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_val_if_fail (field != NULL, NULL);

  if (!bms_field_value_from_text (field, field->default_value, &value))
    g_error ("The default of the field %s is not valid", field->property);

  switch (field->kind)
    {
    case BMS_FIELD_KIND_PORT:
      return g_param_spec_uint (field->property, NULL, NULL, 1, G_MAXUINT16, g_value_get_uint (&value), flags);
    case BMS_FIELD_KIND_SECURITY:
      return g_param_spec_enum (field->property, NULL, NULL, BMS_TYPE_SECURITY, g_value_get_enum (&value), flags);
    case BMS_FIELD_KIND_FLAG:
      return g_param_spec_boolean (field->property, NULL, NULL, g_value_get_boolean (&value), flags);
    case BMS_FIELD_KIND_TEXT:
    case BMS_FIELD_KIND_PASSWORD:
    case BMS_FIELD_KIND_FOLDER:
    default:
      return g_param_spec_string (field->property, NULL, NULL, g_value_get_string (&value), flags);
    }
}

static gboolean
port_from_text (const char *text,
                guint      *port)
{
  guint64 number;

  /* Strict: "587" only; not "+587", " 587", "0x24b" or "587abc". */
  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &number, NULL))
    return FALSE;

  *port = (guint) number;
  return TRUE;
}

/* Parses @text, as a profile holds it, into @value (unset, initialised
 * here on success). FALSE when @text is not a value of this kind: a port
 * from 1 to 65535, none / ssl-tls / starttls, true / false, or a folder
 * name in modified UTF-7. */
gboolean
bms_field_value_from_text (const BmsField *field,
                           const char     *text,
                           GValue         *value)
{
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL && !G_IS_VALUE (value), FALSE);

  switch (field->kind)
    {
    case BMS_FIELD_KIND_PORT:
      {
        guint port;

        if (!port_from_text (text, &port))
          return FALSE;
        g_value_init (value, G_TYPE_UINT);
        g_value_set_uint (value, port);
        return TRUE;
      }
    case BMS_FIELD_KIND_SECURITY:
      {
        BmsSecurity security;

        if (!bms_security_from_string (text, &security))
          return FALSE;
        g_value_init (value, BMS_TYPE_SECURITY);
        g_value_set_enum (value, security);
        return TRUE;
      }
    case BMS_FIELD_KIND_FLAG:
      /* What GKeyFile takes for a flag. */
      if (!g_strv_contains ((const char *[]) { "true", "false", "1", "0", NULL }, text))
        return FALSE;
      g_value_init (value, G_TYPE_BOOLEAN);
      g_value_set_boolean (value, g_str_equal (text, "true") || g_str_equal (text, "1"));
      return TRUE;
    case BMS_FIELD_KIND_FOLDER:
      {
        g_autofree char *decoded = bms_mutf7_decode (text, NULL);

        if (decoded == NULL)
          return FALSE;
      }
      G_GNUC_FALLTHROUGH;
    case BMS_FIELD_KIND_TEXT:
    case BMS_FIELD_KIND_PASSWORD:
    default:
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, text);
      return TRUE;
    }
}

/* @value as a profile writes it. */
char *
bms_field_value_to_text (const BmsField *field,
                         const GValue   *value)
{
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (G_IS_VALUE (value), NULL);

  switch (field->kind)
    {
    case BMS_FIELD_KIND_PORT:
      return g_strdup_printf ("%u", g_value_get_uint (value));
    case BMS_FIELD_KIND_SECURITY:
      return g_strdup (bms_security_to_string (g_value_get_enum (value)));
    case BMS_FIELD_KIND_FLAG:
      return g_strdup (g_value_get_boolean (value) ? "true" : "false");
    case BMS_FIELD_KIND_TEXT:
    case BMS_FIELD_KIND_PASSWORD:
    case BMS_FIELD_KIND_FOLDER:
    default:
      return g_value_dup_string (value);
    }
}
