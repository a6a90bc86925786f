/* test-account.c: the account object that the pages bind to.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-account.h"

static void
test_account_gmail_defaults (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();

  g_assert_cmpstr (bms_account_get_employee_name (account), ==, "");
  g_assert_cmpstr (bms_account_get_email (account), ==, "");
  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, "smtp.gmail.com");
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==, 587);
  g_assert_cmpint (bms_account_get_smtp_security (account), ==, BMS_SECURITY_STARTTLS);
  g_assert_true (bms_account_get_save_sent (account));
  g_assert_false (bms_account_get_imap_same_as_smtp (account));
  g_assert_cmpstr (bms_account_get_imap_host (account), ==, "imap.gmail.com");
  g_assert_cmpuint (bms_account_get_imap_port (account), ==, 993);
  g_assert_cmpint (bms_account_get_imap_security (account), ==, BMS_SECURITY_SSL_TLS);
  g_assert_cmpstr (bms_account_get_sent_folder (account), ==, "[Gmail]/&kAFP4W4IMH8w4TD8MOs-");
  g_assert_false (bms_account_get_bcc_self (account));
  g_assert_false (bms_account_get_notify_employee (account));
}

static void
test_account_logins_follow_email (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();

  g_object_set (account, "email", "taro@example.co.jp", NULL);
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "taro@example.co.jp");
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "taro@example.co.jp");

  /* A correction of the address carries over while the logins were not edited. */
  g_object_set (account, "email", "taro.yamada@example.co.jp", NULL);
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "taro.yamada@example.co.jp");
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "taro.yamada@example.co.jp");

  /* A login typed on purpose stays. */
  g_object_set (account, "smtp-user", "sales@example.co.jp", NULL);
  g_object_set (account, "email", "hanako@example.co.jp", NULL);
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "sales@example.co.jp");
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "hanako@example.co.jp");
}

static void
test_account_sender_follows_employee_name (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();

  g_object_set (account, "employee-name", "山田 太郎", NULL);
  g_assert_cmpstr (bms_account_get_sender_name (account), ==, "山田 太郎");

  g_object_set (account, "sender-name", "山田（営業部）", NULL);
  g_object_set (account, "employee-name", "山田 花子", NULL);
  g_assert_cmpstr (bms_account_get_sender_name (account), ==, "山田（営業部）");
}

static void
test_account_imap_same_as_smtp (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();

  g_object_set (account,
                "smtp-user", "taro@example.co.jp",
                "smtp-password", "abcdefghijklmnop",
                "imap-user", "other@example.co.jp",
                "imap-password", "ponmlkjihgfedcba",
                NULL);

  g_object_set (account, "imap-same-as-smtp", TRUE, NULL);
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "taro@example.co.jp");
  g_assert_cmpstr (bms_account_get_imap_password (account), ==, "abcdefghijklmnop");

  /* While the box is checked, the IMAP login follows every change. */
  g_object_set (account, "smtp-password", "qrstuvwxyzabcdef", NULL);
  g_assert_cmpstr (bms_account_get_imap_password (account), ==, "qrstuvwxyzabcdef");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_account_notifies_only_changes (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  guint count = 0;

  g_signal_connect (account, "notify::smtp-port", G_CALLBACK (count_notify_cb), &count);

  g_object_set (account, "smtp-port", 465, NULL);
  g_object_set (account, "smtp-port", 465, NULL);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==, 465);
}

static void
test_account_is_freed (void)
{
  BmsAccount *account = bms_account_new ();

  g_object_set (account, "smtp-password", "abcdefghijklmnop", "imap-same-as-smtp", TRUE, NULL);
  g_assert_finalize_object (account);
}

static void
count_field_change_cb (BmsAccount *account,
                       guint       id,
                       guint      *count)
{
  (*count)++;
}

/* What is tested and saved: field-changed for BizMagic's fields, never for
 * the account's other properties. */
static void
test_account_field_changed (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(BmsProviderResult) provider = bms_provider_result_new (BMS_PROVIDER_GMAIL, "gmail.com", NULL, NULL);
  guint count = 0;

  g_signal_connect (account, "field-changed", G_CALLBACK (count_field_change_cb), &count);

  g_object_set (account, "smtp-host", "smtp.example.jp", NULL);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (account, "smtp-host", "smtp.example.jp", NULL);
  g_assert_cmpuint (count, ==, 1);

  bms_account_set_profile_path (account, "/tmp/not-a-field.ini");
  bms_account_set_ca_file (account, "/tmp/not-a-field.pem");
  bms_account_set_provider (account, provider);
  bms_account_set_checking_provider (account, TRUE);
  g_assert_cmpuint (count, ==, 1);
}

/* A value of @field other than its default, as a profile writes it. */
static char *
other_than_default (const BmsField *field)
{
  switch (field->kind)
    {
    case BMS_FIELD_KIND_PORT:
      return g_strdup_printf ("%u", (guint) g_ascii_strtoull (field->default_value, NULL, 10) + 1);
    case BMS_FIELD_KIND_SECURITY:
      return g_strdup (g_str_equal (field->default_value, "none") ? "ssl-tls" : "none");
    case BMS_FIELD_KIND_FLAG:
      return g_strdup (g_str_equal (field->default_value, "true") ? "false" : "true");
    case BMS_FIELD_KIND_FOLDER:
      return g_strdup ("INBOX/Sent-by-the-office");
    case BMS_FIELD_KIND_TEXT:
    case BMS_FIELD_KIND_PASSWORD:
    default:
      return g_strconcat ("first-employee-", field->property, NULL);
    }
}

static char *
field_text (BmsAccount     *account,
            const BmsField *field)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_object_get_property (G_OBJECT (account), field->property, &value);
  return bms_field_value_to_text (field, &value);
}

static void
count_next_employee_cb (BmsAccount *account,
                        guint      *count)
{
  /* Said once everything is done: the address is gone by then. */
  g_assert_cmpstr (bms_account_get_email (account), ==, "");
  g_assert_null (bms_account_get_profile_path (account));
  (*count)++;
}

/* The next employee keeps every value the office owns, and starts over with
 * every other one: a new account's default, no password, no profile, no
 * test, no provider. Every field is set away from its default first, so a
 * field either way is seen to be kept or reset. */
static void
test_account_next_employee (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(BmsAccount) fresh = bms_account_new ();
  g_autoptr(BmsProviderResult) provider = bms_provider_result_new (BMS_PROVIDER_GMAIL, "gmail.com", NULL, NULL);
  g_autoptr(GDateTime) checked_at = g_date_time_new_now_utc ();
  g_autoptr(BmsCheckStatus) checked = bms_check_status_new (checked_at, BMS_CHECK_KIND_LOGIN, BMS_CHECK_RESULT_PASSED, NULL);
  char *first[BMS_N_FIELDS];
  guint n_office = 0;
  guint count = 0;

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_autofree char *text = other_than_default (field);
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_true (bms_field_value_from_text (field, text, &value));
      g_object_set_property (G_OBJECT (account), field->property, &value);
    }
  /* "Same settings" copied the SMTP login onto IMAP's: set its own again. */
  g_object_set (account, "imap-user", "first-employee-imap", "imap-password", "first-employee-imap-secret", NULL);
  bms_account_set_profile_path (account, "/tmp/first-employee.ini");
  bms_account_set_test_status (account, BMS_TEST_STATUS_PASSED);
  bms_account_set_server_files_sent (account, TRUE);
  bms_account_set_provider (account, provider);
  bms_account_set_check_status (account, checked);

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);

      first[id] = field_text (account, field);
      g_assert_cmpstr (first[id], !=, field->default_value);
    }

  g_signal_connect (account, "next-employee-started", G_CALLBACK (count_next_employee_cb), &count);
  bms_account_start_next_employee (account);
  g_assert_cmpuint (count, ==, 1);

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_autofree char *now = field_text (account, field);
      g_autofree char *new_account = field_text (fresh, field);

      if (field->owner == BMS_FIELD_OWNER_OFFICE)
        {
          g_assert_cmpstr (now, ==, first[id]);
          n_office++;
        }
      else
        g_assert_cmpstr (now, ==, new_account);
      g_free (first[id]);
    }
  /* The servers at least: hosts, ports and encryption of both. */
  g_assert_cmpuint (n_office, >=, 6);

  g_assert_cmpstr (bms_account_get_employee_name (account), ==, "");
  g_assert_cmpstr (bms_account_get_email (account), ==, "");
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "");
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "");
  g_assert_cmpstr (bms_account_get_smtp_password (account), ==, "");
  g_assert_cmpstr (bms_account_get_imap_password (account), ==, "");
  g_assert_null (bms_account_get_profile_path (account));
  g_assert_cmpint (bms_account_get_test_status (account), ==, BMS_TEST_STATUS_UNKNOWN);
  g_assert_false (bms_account_get_server_files_sent (account));
  g_assert_null (bms_account_get_provider (account));
  g_assert_false (bms_account_get_checking_provider (account));
  g_assert_cmpint (bms_account_get_check_status (account)->result, ==, BMS_CHECK_RESULT_NEVER);

  /* The new employee's address is followed again by the logins and the
   * sender name by the name, as on a new account. */
  g_object_set (account, "imap-same-as-smtp", FALSE, NULL);
  g_object_set (account, "email", "hanako@example.co.jp", "employee-name", "山田 花子", NULL);
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "hanako@example.co.jp");
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "hanako@example.co.jp");
  g_assert_cmpstr (bms_account_get_sender_name (account), ==, "山田 花子");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/gmail-defaults", test_account_gmail_defaults);
  g_test_add_func ("/account/logins-follow-email", test_account_logins_follow_email);
  g_test_add_func ("/account/sender-follows-employee-name", test_account_sender_follows_employee_name);
  g_test_add_func ("/account/imap-same-as-smtp", test_account_imap_same_as_smtp);
  g_test_add_func ("/account/notifies-only-changes", test_account_notifies_only_changes);
  g_test_add_func ("/account/is-freed", test_account_is_freed);
  g_test_add_func ("/account/field-changed", test_account_field_changed);
  g_test_add_func ("/account/next-employee", test_account_next_employee);

  return g_test_run ();
}
