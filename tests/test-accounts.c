/* test-accounts.c: every employee's account kept, edited, tested again and removed.
 *
 * Runs the real application with a throw-away HOME and an unlocked keyring
 * of its own (run-with-keyring.sh), against the private mail servers.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* memmem() */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bms-finish-page.h"
#include "bms-form-page.h"
#include "bms-keyring.h"
#include "bms-profile.h"
#include "bms-roster-row.h"
#include "bms-test-page.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"
#include "bms-welcome-page.h"

#define TIMEOUT_MS 30000
#define ADDRESS "alice@example.com"

static BmsTestServers *servers;

typedef BmsTestWizard Wizard;

static void
start (Wizard *wizard)
{
  bms_test_wizard_start (wizard, bms_test_servers_get_ca_file (servers));
}

static void
stop (Wizard *wizard)
{
  bms_test_wizard_stop (wizard);
}

/* Through the whole wizard for alice, with the mail test passing. */
static void
set_up_alice (Wizard *wizard)
{
  g_autofree char *smtp_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "smtp_starttls_port"));
  g_autofree char *imap_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "imaps_port"));

  bms_test_wizard_press_next (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_press_next (wizard);
  g_assert_true (BMS_IS_FORM_PAGE (bms_assistant_get_current_page (wizard->assistant)));
  bms_test_wizard_type_into (wizard, "employee_name", "山田 太郎");
  bms_test_wizard_type_into (wizard, "email", ADDRESS);
  bms_test_wizard_type_into (wizard, "smtp_password", BMS_TEST_PASSWORD);
  bms_test_wizard_type_into (wizard, "smtp_host", "localhost");
  bms_test_wizard_type_into (wizard, "smtp_port", smtp_port);
  bms_test_wizard_type_into (wizard, "imap_password", BMS_TEST_PASSWORD);
  bms_test_wizard_type_into (wizard, "imap_host", "localhost");
  bms_test_wizard_type_into (wizard, "imap_port", imap_port);
  bms_test_wizard_press_next (wizard);

  g_assert_true (BMS_IS_TEST_PAGE (bms_assistant_get_current_page (wizard->assistant)));
  g_assert_true (bms_test_wait_until (bms_test_wizard_page_complete_cb, wizard, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "success_box")));
  bms_test_wizard_press_next (wizard);

  g_assert_true (BMS_IS_FINISH_PAGE (bms_assistant_get_current_page (wizard->assistant)));
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, TIMEOUT_MS));
}

static GtkWidget *
find_account_button (Wizard     *wizard,
                     const char *name)
{
  GtkWidget *list = bms_test_wizard_page_widget (wizard, "list_view");

  return bms_test_find_widget_by_name (list, name);
}

/* Every file under @dir, searched for @secret. */
static void
assert_secret_in_no_file (const char *dir,
                          const char *secret)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_secret_in_no_file (path, secret);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;

      if (memmem (contents, length, secret, strlen (secret)) != NULL)
        g_error ("The password is in %s", path);
    }
}

static gboolean
account_row_shown_cb (gpointer user_data)
{
  return find_account_button (user_data, "edit") != NULL;
}

static gboolean
account_row_gone_cb (gpointer user_data)
{
  return find_account_button (user_data, "edit") == NULL;
}

static gboolean
on_form_page_cb (gpointer user_data)
{
  Wizard *wizard = user_data;

  return BMS_IS_FORM_PAGE (bms_assistant_get_current_page (wizard->assistant));
}

static gboolean
on_test_page_cb (gpointer user_data)
{
  Wizard *wizard = user_data;

  return BMS_IS_TEST_PAGE (bms_assistant_get_current_page (wizard->assistant));
}

static char *
keyring_lookup (const char *protocol,
                guint       port)
{
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_sync (bms_keyring_get_schema (), NULL, &error,
                                          "protocol", protocol,
                                          "server", "localhost",
                                          "port", (int) port,
                                          "user", ADDRESS,
                                          NULL);
  g_assert_no_error (error);
  return password;
}

/* Finish the wizard, start the program again, see the account, edit it
 * with the passwords from the keyring, test it again, and remove it. */
static void
test_accounts_kept_edited_removed (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *path = bms_profile_path_for_email (dir, ADDRESS);
  guint smtp_port = bms_test_servers_get_port (servers, "smtp_starttls_port");
  guint imap_port = bms_test_servers_get_port (servers, "imaps_port");
  g_autofree char *smtp_secret = NULL;
  Wizard wizard = { 0 };
  AdwMessageDialog *dialog;

  start (&wizard);
  set_up_alice (&wizard);
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "5-finish-saved");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "save_status"))),
                   ==, "saved");
  stop (&wizard);

  /* Saved: the profile without the password, the passwords in the keyring. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  smtp_secret = keyring_lookup ("smtp", smtp_port);
  g_assert_cmpstr (smtp_secret, ==, BMS_TEST_PASSWORD);
  assert_secret_in_no_file (g_get_home_dir (), BMS_TEST_PASSWORD);
  assert_secret_in_no_file (g_get_user_config_dir (), BMS_TEST_PASSWORD);

  /* Started again: the account is on the welcome page. */
  start (&wizard);
  g_assert_true (bms_test_wait_until (account_row_shown_cb, &wizard, TIMEOUT_MS));
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "0-welcome-accounts");

  /* Edit: the form filled in, passwords from the keyring. */
  g_object_set (bms_window_get_account (wizard.window), "smtp-password", "", NULL);
  bms_test_click (find_account_button (&wizard, "edit"));
  g_assert_true (bms_test_wait_until (on_form_page_cb, &wizard, TIMEOUT_MS));
  bms_test_wizard_assert_on_page (&wizard, PAGE_FORM);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (&wizard, "email_entry"))), ==, ADDRESS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (&wizard, "smtp_password_entry"))),
                   ==, BMS_TEST_PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (&wizard, "imap_password_entry"))),
                   ==, BMS_TEST_PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (&wizard, "employee_name_entry"))),
                   ==, "山田 太郎");
  stop (&wizard);

  /* Test: straight to the mail test, which passes with the kept passwords. */
  start (&wizard);
  g_assert_true (bms_test_wait_until (account_row_shown_cb, &wizard, TIMEOUT_MS));
  bms_test_click (find_account_button (&wizard, "test"));
  g_assert_true (bms_test_wait_until (on_test_page_cb, &wizard, TIMEOUT_MS));
  bms_test_wizard_assert_on_page (&wizard, PAGE_TEST);
  g_assert_true (bms_test_wait_until (bms_test_wizard_page_complete_cb, &wizard, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "success_box")));
  for (guint page = PAGE_TEST; page > PAGE_WELCOME; page--)
    bms_test_wizard_press_back (&wizard);
  bms_test_wizard_assert_on_page (&wizard, PAGE_WELCOME);

  /* Remove, after a confirmation: the profile and both keyring items go. */
  bms_test_click (find_account_button (&wizard, "remove"));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), TIMEOUT_MS));
  dialog = ADW_MESSAGE_DIALOG (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (bms_test_wait_until (account_row_gone_cb, &wizard, TIMEOUT_MS));
  stop (&wizard);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (keyring_lookup ("smtp", smtp_port));
  g_assert_null (keyring_lookup ("imap", imap_port));
}

/* No keyring: the finish page says so, offers to try again, and keeps the
 * settings without the passwords; no password lands in a file. */
static void
test_accounts_without_keyring (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *path = bms_profile_path_for_email (dir, ADDRESS);
  Wizard wizard = { 0 };
  const char *text;

  start (&wizard);
  set_up_alice (&wizard);
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "5-finish-no-keyring");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "save_status"))),
                   ==, "failed");
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (&wizard, "save_again_button")));
  text = gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "save_label")));
  /* Said in words, not as a file path: the settings are kept, the
   * passwords are not. */
  g_assert_null (strstr (text, path));
  g_assert_null (strstr (text, ".ini"));
  g_assert_nonnull (strstr (text, "without the passwords"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Trying again says the same, and still writes no password anywhere. */
  bms_test_click (bms_test_wizard_page_widget (&wizard, "save_again_button"));
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, &wizard, TIMEOUT_MS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bms_test_wizard_page_widget (&wizard, "save_status"))),
                   ==, "failed");
  stop (&wizard);

  assert_secret_in_no_file (g_get_home_dir (), BMS_TEST_PASSWORD);
  assert_secret_in_no_file (g_get_user_config_dir (), BMS_TEST_PASSWORD);
  assert_secret_in_no_file (g_get_user_data_dir (), BMS_TEST_PASSWORD);
}

static gboolean
problem_shown_cb (gpointer user_data)
{
  Wizard *wizard = user_data;

  return gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "problems_label"));
}

/* Whether a file whose name starts with @prefix is in @dir. */
static gboolean
dir_has_file_starting_with (const char *dir,
                            const char *prefix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;

  return FALSE;
}

/* A damaged profile is reported and set aside; the program still starts.
 * The notice names the employee and what to do, with no file path, no
 * parser's words, and none of the file's control characters. */
static void
test_accounts_broken_profile (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *path = g_build_filename (dir, "broken_40example.com.ini", NULL);
  g_autofree char *garbled_path = g_build_filename (dir, "garbled.ini", NULL);
  g_autoptr(GError) error = NULL;
  Wizard wizard = { 0 };
  const char *text;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "[Profile]\nformat=1\n[Account]\nemployee-name=山田 \033[31m太郎\007\n"
                             "email=broken@example.com\n[SMTP]\nport=0\n", -1, &error);
  g_assert_no_error (error);
  /* Not even a key file: nobody's name can be read from it. */
  g_file_set_contents (garbled_path, "\033]0;owned\007\n[[[\n", -1, &error);
  g_assert_no_error (error);

  start (&wizard);
  g_assert_true (bms_test_wait_until (problem_shown_cb, &wizard, TIMEOUT_MS));
  text = gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "problems_label")));
  g_test_message ("The notice: %s", text);
  g_assert_nonnull (strstr (text, "山田 太郎"));
  g_assert_nonnull (strstr (text, "broken@example.com"));
  g_assert_null (strstr (text, ".ini"));
  g_assert_null (strstr (text, dir));
  g_assert_null (strstr (text, "[SMTP]"));
  g_assert_null (strstr (text, "owned"));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_true (*p == '\n' || !g_unichar_iscntrl (g_utf8_get_char (p)));
  g_assert_true (gtk_widget_is_sensitive (wizard.next_button));
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "0-welcome-broken-profile");
  stop (&wizard);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (garbled_path, G_FILE_TEST_EXISTS));
  /* Set aside for support, not thrown away. */
  g_assert_true (dir_has_file_starting_with (dir, "broken_40example.com.ini.broken-"));
  g_assert_true (dir_has_file_starting_with (dir, "garbled.ini.broken-"));
}

static gboolean
two_rows_shown_cb (gpointer user_data)
{
  Wizard *wizard = user_data;
  GtkWidget *list = bms_test_wizard_page_widget (wizard, "list_view");
  guint n = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL; item = gtk_widget_get_next_sibling (item))
    if (BMS_IS_ROSTER_ROW (gtk_widget_get_first_child (item)))
      n++;

  return n == 2;
}

static void
save_account_profile (const char *dir,
                      const char *name,
                      const char *address)
{
  g_autofree char *path = bms_profile_path_for_email (dir, address);
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (account, "employee-name", name, "email", address,
                "smtp-user", address, "imap-user", address, NULL);
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);
}

static gboolean
shows_button (GtkWidget  *row,
              const char *name)
{
  GtkWidget *button = bms_test_find_widget_by_name (row, name);

  return button != NULL && gtk_widget_get_visible (button);
}

/* Two saved accounts: alt+E, alt+T and alt+R belong to one row at a time,
 * the selected one: the first at the start, or the one the focus moved to. */
static void
test_accounts_row_mnemonics (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *first_path = bms_profile_path_for_email (dir, "a.sato@example.com");
  g_autofree char *second_path = bms_profile_path_for_email (dir, "b.suzuki@example.com");
  Wizard wizard = { 0 };
  GtkWidget *list;
  GtkWidget *first_row;
  GtkWidget *second_row;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  save_account_profile (dir, "佐藤 一郎", "a.sato@example.com");
  save_account_profile (dir, "鈴木 花子", "b.suzuki@example.com");

  start (&wizard);
  g_assert_true (bms_test_wait_until (two_rows_shown_cb, &wizard, TIMEOUT_MS));
  bms_test_assert_unique_mnemonics (GTK_WIDGET (wizard.window));

  list = bms_test_wizard_page_widget (&wizard, "list_view");
  first_row = gtk_widget_get_ancestor (bms_test_find_widget_by_name (list, "edit"), BMS_TYPE_ROSTER_ROW);
  first_row = gtk_widget_get_parent (first_row);
  second_row = gtk_widget_get_next_sibling (first_row);
  g_assert_nonnull (second_row);
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (bms_test_find_widget_by_name (first_row, "edit"))));
  g_assert_false (shows_button (second_row, "edit"));

  /* The focus moves to the second row: the buttons, and their keys, go with it. */
  g_assert_true (gtk_widget_grab_focus (second_row));
  bms_test_process_events ();
  bms_test_assert_unique_mnemonics (GTK_WIDGET (wizard.window));
  g_assert_false (shows_button (first_row, "edit"));
  g_assert_false (shows_button (first_row, "remove"));
  g_assert_true (shows_button (second_row, "edit"));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (bms_test_find_widget_by_name (second_row, "edit"))));
  g_assert_nonnull (strchr (gtk_button_get_label (GTK_BUTTON (bms_test_find_widget_by_name (second_row, "remove"))), '_'));
  stop (&wizard);

  g_assert_true (bms_profile_remove (first_path, NULL));
  g_assert_true (bms_profile_remove (second_path, NULL));
}

/* The line of @layout that the byte @index of its text is on. */
static int
line_of_index (PangoLayout *layout,
               int          index)
{
  int line = -1;

  pango_layout_index_to_line_x (layout, index, FALSE, &line, NULL);
  return line;
}

/* The line that shows @address in the list of accounts: one line, never
 * wrapped, so never broken or hyphenated inside, cut at its end where the
 * row is too narrow; the whole address in it, for screen readers, even
 * where the screen cuts it. */
static void
assert_address_on_one_line (GtkWidget  *root,
                            const char *address)
{
  GtkWidget *list = bms_test_find_widget (root, "list_view");
  GtkWidget *email;

  g_assert_nonnull (list);
  email = bms_test_find_widget_by_name (list, "email");
  g_assert_nonnull (email);
  g_assert_true (GTK_IS_INSCRIPTION (email));
  g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (email)), ==, address);
  g_assert_cmpuint (gtk_inscription_get_min_lines (GTK_INSCRIPTION (email)), ==, 1);
  g_assert_cmpuint (gtk_inscription_get_nat_lines (GTK_INSCRIPTION (email)), ==, 1);
  g_assert_cmpint (gtk_inscription_get_text_overflow (GTK_INSCRIPTION (email)), ==,
                   GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  g_assert_nonnull (gtk_widget_get_ancestor (email, BMS_TYPE_ROSTER_ROW));
}

/* The Remove question with a long address and text at 1.5 times its size:
 * the heading does not carry the address, and the address stands on one
 * line, unbroken and unhyphenated, in full view. */
static void
test_accounts_remove_long_address (void)
{
  static const char address[] = "taro.yamada.sales-department-tokyo@gmail.com";
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *path = bms_profile_path_for_email (dir, address);
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;
  Wizard wizard = { 0 };
  AdwMessageDialog *dialog;
  GtkWidget *address_label;
  PangoLayout *layout;
  const char *text;
  const char *found;
  PangoRectangle extents;
  int dpi;

  g_object_set (account, "employee-name", "山田 太郎", "email", address,
                "smtp-user", address, "imap-user", address, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);

  start (&wizard);
  g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &dpi, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", dpi * 3 / 2, NULL);
  g_assert_true (bms_test_wait_until (account_row_shown_cb, &wizard, TIMEOUT_MS));
  bms_test_process_events ();
  assert_address_on_one_line (GTK_WIDGET (wizard.window), address);
  bms_test_save_screenshot (GTK_WIDGET (wizard.window), "0-welcome-long-address");
  bms_test_click (find_account_button (&wizard, "remove"));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), TIMEOUT_MS));
  dialog = ADW_MESSAGE_DIALOG (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  bms_test_process_events ();

  g_assert_null (strstr (adw_message_dialog_get_heading (dialog), "@"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "@"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "山田 太郎"));

  address_label = bms_test_find_widget_by_name (GTK_WIDGET (dialog), "remove-address");
  g_assert_nonnull (address_label);
  layout = gtk_label_get_layout (GTK_LABEL (address_label));
  text = pango_layout_get_text (layout);
  found = strstr (text, address);
  g_assert_nonnull (found);
  g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
  g_assert_false (pango_layout_is_wrapped (layout));
  g_assert_cmpint (line_of_index (layout, found - text), ==,
                   line_of_index (layout, found - text + strlen (address) - 1));
  /* All of it in view: the label was given the width its text needs. */
  pango_layout_get_pixel_extents (layout, NULL, &extents);
  g_assert_cmpint (extents.width, <=, gtk_widget_get_width (address_label));
  bms_test_save_screenshot (GTK_WIDGET (dialog), "0-welcome-remove-long-address");

  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", dpi, NULL);
  stop (&wizard);

  g_assert_true (bms_profile_remove (path, NULL));
}

/* A saved account whose keyring item is gone: Test says there is no saved
 * password and sends nothing; the fix leads to the form, to type it. */
static void
test_accounts_no_saved_password (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *path = bms_profile_path_for_email (dir, "carol@example.com");
  g_autoptr(GError) error = NULL;
  Wizard wizard = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path,
                       "[Profile]\nformat=1\n[Account]\nemail=carol@example.com\n"
                       "[SMTP]\nuser=carol@example.com\nhost=localhost\nport=587\nsecurity=starttls\n"
                       "[IMAP]\nsave-sent=false\n", -1, &error);
  g_assert_no_error (error);

  start (&wizard);
  g_assert_true (bms_test_wait_until (account_row_shown_cb, &wizard, TIMEOUT_MS));
  bms_test_click (find_account_button (&wizard, "test"));
  g_assert_true (bms_test_wait_until (on_test_page_cb, &wizard, TIMEOUT_MS));
  g_assert_true (bms_test_wait_until (bms_test_wizard_mail_test_ended_cb, &wizard, TIMEOUT_MS));
  g_assert_null (bms_test_page_get_mail_test (BMS_TEST_PAGE (bms_assistant_get_current_page (wizard.assistant))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (&wizard, "problem_label"))), ==,
                   bms_problem_get_summary (BMS_PROBLEM_NO_PASSWORD));
  g_assert_false (gtk_widget_is_sensitive (wizard.next_button));
  bms_test_click (bms_test_wizard_page_widget (&wizard, "fix_button"));
  bms_test_wizard_assert_on_page (&wizard, PAGE_FORM);
  stop (&wizard);

  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  bms_test_init (&argc, &argv);

  if (g_getenv ("BMS_TEST_KEYRING_MODE") == NULL)
    {
      g_test_skip ("needs run-with-keyring.sh");
      return 77;
    }

  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);

  if (g_str_equal (g_getenv ("BMS_TEST_KEYRING_MODE"), "no-service"))
    g_test_add_func ("/accounts/without-keyring", test_accounts_without_keyring);
  else
    {
      g_test_add_func ("/accounts/kept-edited-removed", test_accounts_kept_edited_removed);
      g_test_add_func ("/accounts/broken-profile", test_accounts_broken_profile);
      g_test_add_func ("/accounts/remove-long-address", test_accounts_remove_long_address);
      g_test_add_func ("/accounts/row-mnemonics", test_accounts_row_mnemonics);
      g_test_add_func ("/accounts/no-saved-password", test_accounts_no_saved_password);
    }

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
