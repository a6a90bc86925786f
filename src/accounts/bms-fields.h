/* bms-fields.h: the fields of BizMagic's 社員 - メールアカウント form, in one table.
 *
 * Each row says what BizMagic calls a field, which property of BmsAccount
 * holds it, where a profile keeps it, what kind of value it is, when it
 * matters, and the hint the form shows under it. The account's properties,
 * the profile's reading and writing, the form and the finish page all come
 * from this table, so that adding a field is one row here plus its widget.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* In the order of BizMagic's form. */
typedef enum {
  BMS_FIELD_EMPLOYEE_NAME,
  BMS_FIELD_EMAIL,
  BMS_FIELD_SMTP_USER,
  BMS_FIELD_SMTP_PASSWORD,
  BMS_FIELD_SMTP_HOST,
  BMS_FIELD_SMTP_PORT,
  BMS_FIELD_SMTP_SECURITY,
  BMS_FIELD_SENDER_NAME,
  BMS_FIELD_SAVE_SENT,
  BMS_FIELD_IMAP_SAME_AS_SMTP,
  BMS_FIELD_IMAP_USER,
  BMS_FIELD_IMAP_PASSWORD,
  BMS_FIELD_IMAP_HOST,
  BMS_FIELD_IMAP_PORT,
  BMS_FIELD_IMAP_SECURITY,
  BMS_FIELD_SENT_FOLDER,
  BMS_FIELD_BCC_SELF,
  BMS_FIELD_NOTIFY_EMPLOYEE,
  BMS_N_FIELDS,
} BmsFieldId;

/**
 * BmsFieldKind:
 * @BMS_FIELD_KIND_TEXT: one line of text (a string property)
 * @BMS_FIELD_KIND_PASSWORD: a password: a string property that is never
 *   written to a profile, kept in the keyring instead
 * @BMS_FIELD_KIND_PORT: a port number, 1-65535 (a guint property)
 * @BMS_FIELD_KIND_SECURITY: a #BmsSecurity (an enum property)
 * @BMS_FIELD_KIND_FLAG: a check box (a gboolean property)
 * @BMS_FIELD_KIND_FOLDER: an IMAP folder name as the server sends it,
 *   modified UTF-7 (a string property)
 */
typedef enum {
  BMS_FIELD_KIND_TEXT,
  BMS_FIELD_KIND_PASSWORD,
  BMS_FIELD_KIND_PORT,
  BMS_FIELD_KIND_SECURITY,
  BMS_FIELD_KIND_FLAG,
  BMS_FIELD_KIND_FOLDER,
} BmsFieldKind;

/**
 * BmsFieldScope:
 * @BMS_FIELD_SCOPE_ALWAYS: the field always matters
 * @BMS_FIELD_SCOPE_SAVING_SENT: only when sent mail is saved over IMAP
 * @BMS_FIELD_SCOPE_OWN_IMAP_LOGIN: only when sent mail is saved and IMAP
 *   has a login of its own (see bms_account_has_own_imap_login())
 */
typedef enum {
  BMS_FIELD_SCOPE_ALWAYS,
  BMS_FIELD_SCOPE_SAVING_SENT,
  BMS_FIELD_SCOPE_OWN_IMAP_LOGIN,
} BmsFieldScope;

/**
 * BmsFieldOwner:
 * @BMS_FIELD_OWNER_EMPLOYEE: the employee's own value (a name, an address,
 *   a login, a password): a next employee starts with a new account's default
 * @BMS_FIELD_OWNER_OFFICE: the same for every employee of an office (its
 *   servers and how it uses them): a next employee keeps it
 *
 * Whose value a field holds. It starts at 1 so that a row that does not
 * say has no owner, which the tests refuse: every field is decided.
 */
typedef enum {
  BMS_FIELD_OWNER_EMPLOYEE = 1,
  BMS_FIELD_OWNER_OFFICE,
} BmsFieldOwner;

/**
 * BmsField:
 * @id: the row's own index
 * @label: BizMagic's label, with the form's mnemonic, untranslated (N_())
 * @property: the BmsAccount property that holds the value
 * @group: (nullable): the profile's group, NULL for a password
 * @key: (nullable): the key in @group, NULL for a password
 * @kind: the kind of value
 * @scope: when the field matters; a profile must hold it then
 * @optional: a profile may leave it out even when it matters
 * @owner: whether the value is the employee's own or the office's
 * @default_value: a new account's value, written as a profile writes it
 * @hint: (nullable): the form's hint under the field, untranslated (N_())
 */
typedef struct {
  BmsFieldId     id;
  const char    *label;
  const char    *property;
  const char    *group;
  const char    *key;
  BmsFieldKind   kind;
  BmsFieldScope  scope;
  gboolean       optional;
  BmsFieldOwner  owner;
  const char    *default_value;
  const char    *hint;
} BmsField;

const BmsField *bms_field_get          (BmsFieldId      id);
const BmsField *bms_field_find         (const char     *property);
const char     *bms_field_get_japanese_label (const BmsField *field);
gboolean        bms_field_in_scope     (const BmsField *field,
                                        gboolean        save_sent,
                                        gboolean        imap_same_as_smtp);

GParamSpec     *bms_field_param_spec   (const BmsField *field);
gboolean        bms_field_value_from_text (const BmsField *field,
                                           const char     *text,
                                           GValue         *value);
char           *bms_field_value_to_text   (const BmsField *field,
                                           const GValue   *value);

G_END_DECLS
