/* test-languages.c: every page under Japanese and under English.
 *
 * The program is run twice by meson: with BMS_TEST_LANGUAGE=ja under
 * LANG=ja_JP.UTF-8, and with BMS_TEST_LANGUAGE=en under LANG=C.UTF-8. Each
 * run walks every page, the folder chooser and a passing mail test against
 * the private servers, checks the titles, buttons, the form's labels (the
 * manual's own under Japanese) and the manual's success messages, and, under
 * Japanese, that no shown label is left in English. Every page is saved as
 * a PNG; with BMS_UPDATE_DOCS_SCREENSHOTS=1 also into docs/screenshots/.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bms-folder-chooser.h"
#include "bms-profile.h"
#include "bms-roster-view.h"
#include "bms-test-page.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"

#define MESSAGE_TIMEOUT_MS 3000
#define MAIL_TEST_TIMEOUT_MS 30000
#define TEST_ADDRESS "alice@example.com"

static BmsTestServers *servers;
static gboolean japanese;

/* What each language must show. */
typedef struct
{
  const char *titles[6];
  const char *next;
  const char *back;
  const char *close;
  /* The form's labels, in the form's order, without the mnemonic. */
  const char *form_labels[16];
  const char *sent;
  const char *saved;
  const char *chooser_title;
  const char *select;
} Expected;

static const char *form_label_ids[16] = {
  "employee_name_label",
  "email_label",
  "smtp_user_label",
  "smtp_password_label",
  "smtp_host_label",
  "smtp_port_label",
  "smtp_security_label",
  "sender_name_label",
  "save_sent_label",
  "imap_same_label",
  "imap_user_label",
  "imap_password_label",
  "imap_host_label",
  "imap_port_label",
  "imap_security_label",
  "sent_folder_label",
};

static const Expected expected_ja = {
  { "ようこそ", "Google アカウントのアクセス設定", "Gmail の IMAP",
    "BizMagic メールアカウント", "メールテスト", "BizMagic への入力" },
  "次へ", "戻る", "閉じる",
  /* BizMagic's own labels (the manual, §3). */
  { "社員名", "メールアドレス", "送信メールアカウント名", "送信メールアカウントパスワード",
    "送信メールサーバー", "送信メールサーバーポート番号", "暗号化通信", "差出人名",
    "送信済みメール保存", "保存メールボックスアカウント設定", "IMAPメールアカウント名",
    "IMAPメールアカウントパスワード", "IMAPメールサーバー", "IMAPメールサーバーポート番号",
    "暗号化通信", "送信済みメール保存フォルダ" },
  "テストメールを送信しました。",
  "テストメールをメールボックスに保存しました。",
  NULL,
  "選択",
};

static const Expected expected_en = {
  { "Welcome", "Google Account Access", "Gmail IMAP",
    "BizMagic Mail Account", "Mail Test", "Enter the Values into BizMagic" },
  "Next", "Back", "Close",
  { "Employee name", "E-mail address", "Outgoing mail account name", "Outgoing mail account password",
    "Outgoing mail server", "Outgoing mail server port number", "Encryption", "Sender name",
    "Save sent mail", "Mailbox account settings", "IMAP mail account name",
    "IMAP mail account password", "IMAP mail server", "IMAP mail server port number",
    "Encryption", "Sent mail folder" },
  "The test message was sent.",
  "The test message was saved in the mailbox.",
  "Sent Mail Folder",
  "Select",
};

static const Expected *expected;

typedef BmsTestWizard Fixture;

/* A label as it reads on screen, without a mnemonic: "_Next" and
 * "次へ(_N)" both read as the word alone. */
static char *
plain_text (const char *label)
{
  GString *text = g_string_new (label);
  gsize len;

  g_string_replace (text, "_", "", 0);
  len = text->len;
  if (len >= 3 && text->str[len - 1] == ')' && text->str[len - 3] == '(' &&
      g_ascii_isalpha (text->str[len - 2]))
    g_string_truncate (text, len - 3);

  return g_string_free (text, FALSE);
}

static void
assert_label (GtkWidget  *label,
              const char *text)
{
  g_autofree char *shown = plain_text (gtk_label_get_label (GTK_LABEL (label)));

  g_assert_cmpstr (shown, ==, text);
}

static void
assert_button (GtkWidget  *button,
               const char *text)
{
  g_autofree char *shown = plain_text (gtk_button_get_label (GTK_BUTTON (button)));

  g_assert_cmpstr (shown, ==, text);
}

/* Names that stay in Latin letters in any language: products, protocols,
 * the wire name of a folder. */
static const char *latin_names[] = {
  "BizMagic", "Gmail", "Google", "Workspace", "IMAP", "SMTP", "SSL", "TLS",
  "STARTTLS", "BCC", "INBOX", "POP", "ID", "UTF", "localhost", "systemd",
};

static GRegex *
latin_pattern (void)
{
  static GRegex *regex;

  if (regex == NULL)
    {
      g_autoptr(GString) words = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (latin_names); i++)
        g_string_append_printf (words, "%s%s", i > 0 ? "|" : "", latin_names[i]);
      regex = g_regex_new (g_strdup_printf (
                             /* e-mail addresses, URLs, host names, paths, */
                             "[\\w.+-]+@[\\w.-]+"
                             "|https?://\\S+"
                             "|\\b[\\w-]+(\\.[\\w-]+)+\\b"
                             "|(/[\\w.-]+)+"
                             /* Google's example of an app password, */
                             "|abcd efgh ijkl mnop"
                             /* the names (GRegex's \b counts Japanese as
                              * letters), and a mnemonic's letter in brackets. */
                             "|(?<![A-Za-z])(%s)(?![A-Za-z])"
                             "|\\([A-Z]\\)",
                             words->str),
                           G_REGEX_OPTIMIZE, 0, NULL);
    }

  return regex;
}

/* English words left once the names are taken out of @text. */
static char *
english_in (const char *text)
{
  g_autofree char *rest = g_regex_replace_literal (latin_pattern (), text, -1, 0, " ", 0, NULL);
  g_autoptr(GRegex) word = g_regex_new ("[A-Za-z]{2,}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (word, rest, 0, &match))
    return g_match_info_fetch (match, 0);

  return NULL;
}

/* Shown labels whose text the server, not we, chose. */
static gboolean
is_server_text (GtkWidget *label)
{
  const char *id = GTK_IS_BUILDABLE (label) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (label)) : NULL;

  return g_strcmp0 (id, "transcript_label") == 0 || g_strcmp0 (id, "server_words_label") == 0;
}

static void
collect_english (GtkWidget *widget,
                 GString   *found,
                 guint     *n_labels)
{
  if (!gtk_widget_is_drawable (widget))
    return;

  if ((GTK_IS_LABEL (widget) && !is_server_text (widget)) || GTK_IS_INSCRIPTION (widget))
    {
      const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                                               : gtk_inscription_get_text (GTK_INSCRIPTION (widget));
      g_autofree char *english = english_in (text);

      (*n_labels)++;
      if (english != NULL)
        g_string_append_printf (found, "\n  “%s” in “%s”", english, text);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_english (child, found, n_labels);
}

/* Under Japanese, no label that is shown is left in English. */
static void
assert_no_english (GtkWidget  *root,
                   const char *where)
{
  g_autoptr(GString) found = g_string_new (NULL);
  guint n_labels = 0;

  if (!japanese)
    return;

  bms_test_process_events ();
  collect_english (root, found, &n_labels);
  g_test_message ("%s: %u labels shown", where, n_labels);
  g_assert_cmpuint (n_labels, >, 0);
  if (found->len > 0)
    g_error ("%s: English left under Japanese:%s", where, found->str);
}

/* The PNG for the build tree, and for docs/screenshots/LANG/ on request. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *build_name = g_strdup_printf ("%s-%s", japanese ? "ja" : "en", name);

  bms_test_save_screenshot (widget, build_name);

  if (g_strcmp0 (g_getenv ("BMS_UPDATE_DOCS_SCREENSHOTS"), "1") == 0)
    {
      g_autofree char *build_dir = g_strdup (g_getenv ("BMS_SCREENSHOT_DIR"));
      g_autofree char *docs_dir = g_build_filename (BMS_TEST_DOCS_DIR, "screenshots",
                                                    japanese ? "ja" : "en", NULL);

      g_setenv ("BMS_SCREENSHOT_DIR", docs_dir, TRUE);
      bms_test_save_screenshot (widget, name);
      if (build_dir != NULL)
        g_setenv ("BMS_SCREENSHOT_DIR", build_dir, TRUE);
      else
        g_unsetenv ("BMS_SCREENSHOT_DIR");
    }
}

static void
check_page (Fixture    *fixture,
            guint       index,
            const char *name)
{
  BmsPage *page = bms_assistant_get_current_page (fixture->assistant);
  GtkWidget *title = bms_test_find_widget (GTK_WIDGET (fixture->window), "window_title");

  g_assert_cmpuint (bms_assistant_get_current_index (fixture->assistant), ==, index);
  g_assert_cmpstr (bms_page_get_title (page), ==, expected->titles[index]);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, expected->titles[index]);
  if (index == PAGE_FINISH)
    assert_button (fixture->next_button, expected->close);
  else
    assert_button (fixture->next_button, expected->next);
  if (index > PAGE_WELCOME)
    assert_button (fixture->back_button, expected->back);

  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  assert_no_english (GTK_WIDGET (fixture->window), name);
  save_screenshot (GTK_WIDGET (fixture->window), name);
}

static void
test_languages_pages (Fixture       *fixture,
                      gconstpointer  data)
{
  BmsFolderChooser *chooser;

  check_page (fixture, PAGE_WELCOME, "0-welcome");

  bms_test_wizard_press_next (fixture);
  gtk_expander_set_expanded (GTK_EXPANDER (bms_test_wizard_page_widget (fixture, "old_way_expander")), TRUE);
  check_page (fixture, PAGE_GOOGLE, "1-google");
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "app_password_entry"), "abcd efgh");
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_get_visible,
                                      bms_test_wizard_page_widget (fixture, "app_password_message"), MESSAGE_TIMEOUT_MS));
  check_page (fixture, PAGE_GOOGLE, "1-google-problem");
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "app_password_entry"), "abcd efgh ijkl mnop");

  bms_test_wizard_press_next (fixture);
  check_page (fixture, PAGE_IMAP, "2-imap");

  bms_test_wizard_press_next (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (form_label_ids); i++)
    assert_label (bms_test_wizard_page_widget (fixture, form_label_ids[i]), expected->form_labels[i]);
  check_page (fixture, PAGE_FORM, "3-form");
  bms_test_wizard_fill_form (fixture, servers, TEST_ADDRESS);
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "email_entry"), "taro@");
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_get_visible,
                                      bms_test_wizard_page_widget (fixture, "email_message"), MESSAGE_TIMEOUT_MS));
  check_page (fixture, PAGE_FORM, "3-form-problem");
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "email_entry"), TEST_ADDRESS);

  bms_test_click (bms_test_wizard_page_widget (fixture, "fetch_folders_button"));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MAIL_TEST_TIMEOUT_MS));
  chooser = BMS_FOLDER_CHOOSER (bms_test_find_toplevel (BMS_TYPE_FOLDER_CHOOSER));
  if (expected->chooser_title != NULL)
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, expected->chooser_title);
  else
    g_assert_null (english_in (gtk_window_get_title (GTK_WINDOW (chooser))));
  assert_button (bms_test_find_widget (GTK_WIDGET (chooser), "select_button"), expected->select);
  bms_test_assert_unique_mnemonics (GTK_WIDGET (chooser));
  assert_no_english (GTK_WIDGET (chooser), "3-form-folders");
  save_screenshot (GTK_WIDGET (chooser), "3-form-folders");
  gtk_window_close (GTK_WINDOW (chooser));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_gone_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MESSAGE_TIMEOUT_MS));

  bms_test_wizard_press_next (fixture);
  g_assert_true (bms_test_wait_until (bms_test_wizard_page_complete_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (fixture, "success_box")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (fixture, "sent_label"))), ==, expected->sent);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (fixture, "saved_label"))), ==, expected->saved);
  check_page (fixture, PAGE_TEST, "4-test");

  bms_test_wizard_press_next (fixture);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  check_page (fixture, PAGE_FINISH, "5-finish");
}

/* A mail test that fails: the diagnosis, the advice and the headings in
 * the language too (the server's own words are the server's). */
static void
test_languages_failed_test (Fixture       *fixture,
                            gconstpointer  data)
{
  bms_test_wizard_press_next (fixture);
  bms_test_wizard_press_next (fixture);
  bms_test_wizard_press_next (fixture);
  bms_test_wizard_fill_form (fixture, servers, TEST_ADDRESS);
  bms_test_set_text (bms_test_wizard_page_widget (fixture, "smtp_password_entry"), "not-alices-password");
  bms_test_wizard_press_next (fixture);
  g_assert_true (bms_test_wait_until (bms_test_wizard_mail_test_ended_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  g_assert_false (bms_page_get_complete (bms_assistant_get_current_page (fixture->assistant)));
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_get_visible,
                                      bms_test_wizard_page_widget (fixture, "problem_box"), MESSAGE_TIMEOUT_MS));
  gtk_expander_set_expanded (GTK_EXPANDER (bms_test_wizard_page_widget (fixture, "details_expander")), TRUE);
  check_page (fixture, PAGE_TEST, "4-test-wrong-password");
}

static void
save_roster_profile (const char     *dir,
                     const char     *name,
                     const char     *address,
                     BmsCheckResult  result,
                     const char     *problem,
                     BmsTestStatus   test_status)
{
  g_autofree char *path = bms_profile_path_for_email (dir, address);
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 30, 23, 15, 0);
  g_autoptr(BmsCheckStatus) status = bms_check_status_new (result == BMS_CHECK_RESULT_NEVER ? NULL : when,
                                                           BMS_CHECK_KIND_LOGIN, result, problem);
  g_autoptr(GError) error = NULL;

  g_object_set (account, "employee-name", name, "email", address, NULL);
  bms_account_set_check_status (account, status);
  bms_account_set_test_status (account, test_status);
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);
}

static gboolean
four_listed_cb (gpointer user_data)
{
  BmsTestWizard *wizard = user_data;
  BmsRosterView *view = BMS_ROSTER_VIEW (bms_test_wizard_page_widget (wizard, "roster_view"));

  return g_list_model_get_n_items (bms_roster_get_entries (bms_roster_view_get_roster (view))) == 4;
}

static void
remove_saved_accounts (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
}

/* The roster, with every kind of last check, in the language of the run;
 * the other tests' accounts are not on it. */
static void
test_languages_roster (gconstpointer data)
{
  g_autofree char *dir = bms_profile_default_dir ();
  BmsTestWizard wizard = { 0 };

  remove_saved_accounts (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  save_roster_profile (dir, "佐藤 一郎", "ichiro.sato@gmail.com", BMS_CHECK_RESULT_PASSED, NULL,
                       BMS_TEST_STATUS_PASSED);
  save_roster_profile (dir, "鈴木 花子", "hanako.suzuki@gmail.com", BMS_CHECK_RESULT_FAILED, "wrong-password",
                       BMS_TEST_STATUS_PASSED);
  save_roster_profile (dir, "高橋 次郎", "jiro.takahashi@gmail.com", BMS_CHECK_RESULT_NEVER, NULL,
                       BMS_TEST_STATUS_NOT_PASSED);
  save_roster_profile (dir, "田中 美咲", "misaki.tanaka@gmail.com", BMS_CHECK_RESULT_NEVER, NULL,
                       BMS_TEST_STATUS_NOT_SET_UP);

  bms_test_wizard_start (&wizard, data);
  g_assert_true (bms_test_wait_until (four_listed_cb, &wizard, MAIL_TEST_TIMEOUT_MS));
  check_page (&wizard, PAGE_WELCOME, "0-roster");
  bms_test_wizard_stop (&wizard);
  remove_saved_accounts (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *ca_file;
  const char *language = g_getenv ("BMS_TEST_LANGUAGE");
  const char *messages_locale;
  int status;

  bms_test_init (&argc, &argv);

  japanese = g_strcmp0 (language, "ja") == 0;
  expected = japanese ? &expected_ja : &expected_en;
  messages_locale = setlocale (LC_MESSAGES, NULL);
  g_test_message ("Language %s, LC_MESSAGES %s", language, messages_locale);
  if (japanese && !g_str_has_prefix (messages_locale, "ja_JP"))
    g_error ("The ja_JP.UTF-8 locale is not there (locale -a); "
             "build-aux/install-dependencies generates it");

  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);
  ca_file = bms_test_servers_get_ca_file (servers);

  g_test_add ("/languages/pages", Fixture, ca_file, bms_test_wizard_setup, test_languages_pages, bms_test_wizard_teardown);
  g_test_add ("/languages/failed-test", Fixture, ca_file, bms_test_wizard_setup, test_languages_failed_test, bms_test_wizard_teardown);
  g_test_add_data_func ("/languages/roster", ca_file, test_languages_roster);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
