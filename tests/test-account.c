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

  return g_test_run ();
}
