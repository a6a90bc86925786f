/* test-next-employee.c: from the finish page on to the next employee.
 *
 * The real application under Xvfb, with the real keyring and the private
 * mail servers: one employee is walked to the finish page and saved, then
 * the finish page leads on to the next employee of the same office, or
 * back to the list of saved accounts. What was saved for the first one is
 * read back through the account store, as the program itself reads it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-account-store.h"
#include "bms-fields.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"

#define MESSAGE_TIMEOUT_MS 3000
#define MAIL_TEST_TIMEOUT_MS 30000
#define FIRST_ADDRESS "alice@example.com"
/* carol's mailbox is a Japanese Gmail like alice's: the same sent folder,
 * as in one office. Her password has the characters that need quoting. */
#define SECOND_ADDRESS "carol@example.com"
#define SECOND_PASSWORD "c@rol \"quoted\" \\ %41 &+"

static BmsTestServers *servers;

typedef BmsTestWizard Wizard;

static BmsAccount *
current_account (Wizard *wizard)
{
  return bms_window_get_account (wizard->window);
}

static void
go_to_form (Wizard *wizard)
{
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_type_into (wizard, "app_password", "abcd efgh ijkl mnop");
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_FORM);
}

static void
wait_for_mail_test (Wizard *wizard)
{
  bms_test_wizard_assert_on_page (wizard, PAGE_TEST);
  g_assert_true (bms_test_wait_until (bms_test_wizard_mail_test_ended_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  bms_test_process_events ();
}

/* From the form through a passed mail test to the finish page, saved. */
static void
go_to_finish (Wizard *wizard)
{
  GtkStack *status;

  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  status = GTK_STACK (bms_test_wizard_page_widget (wizard, "save_status"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (status), ==, "saved");
}

/* The first employee walked and saved, as the wizard does it. */
static void
save_first_employee (Wizard *wizard)
{
  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, FIRST_ADDRESS);
  go_to_finish (wizard);
  g_assert_nonnull (bms_account_get_profile_path (current_account (wizard)));
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "next_employee_box")));
}

static gboolean
result_ready_cb (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  g_assert_true (bms_test_wait_until (result_ready_cb, result, MESSAGE_TIMEOUT_MS * 3));
  return *result;
}

/* The saved accounts as the program lists them, by address. */
static GPtrArray *
list_saved_addresses (void)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);

  bms_account_store_list_async (store, NULL, keep_result_cb, &result);
  accounts = bms_account_store_list_finish (store, wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (addresses, g_strdup (bms_account_get_email (g_ptr_array_index (accounts, i))));

  return addresses;
}

static gboolean
has_address (GPtrArray  *addresses,
             const char *address)
{
  for (guint i = 0; i < addresses->len; i++)
    if (g_str_equal (g_ptr_array_index (addresses, i), address))
      return TRUE;

  return FALSE;
}

/* A saved account read back through the store, passwords from the keyring. */
static BmsAccount *
open_saved (const char *path)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) passwords_error = NULL;
  g_autoptr(GError) error = NULL;
  BmsAccount *account;

  bms_account_store_open_async (store, path, TRUE, NULL, keep_result_cb, &result);
  account = bms_account_store_open_finish (store, wait_for (&result), &passwords_error, &error);
  g_assert_no_error (error);
  g_assert_no_error (passwords_error);

  return account;
}

/* Every test starts in an office with no saved account: the throw-away
 * home and keyring are the program's, shared by its tests. */
static void
remove_saved_accounts (void)
{
  g_autoptr(BmsAccountStore) store = bms_account_store_new (NULL);
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  bms_account_store_list_async (store, NULL, keep_result_cb, &listed);
  accounts = bms_account_store_list_finish (store, wait_for (&listed), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    {
      g_autoptr(GAsyncResult) removed = NULL;
      const char *path = bms_account_get_profile_path (g_ptr_array_index (accounts, i));

      bms_account_store_remove_async (store, path, NULL, keep_result_cb, &removed);
      g_assert_true (bms_account_store_remove_finish (store, wait_for (&removed), &error));
      g_assert_no_error (error);
    }
}

static void
fixture_setup (Wizard        *wizard,
               gconstpointer  ca_file)
{
  remove_saved_accounts ();
  bms_test_wizard_setup (wizard, ca_file);
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
assert_same_fields (BmsAccount *account,
                    BmsAccount *other)
{
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_autofree char *text = field_text (account, field);
      g_autofree char *other_text = field_text (other, field);

      if (g_strcmp0 (text, other_text) != 0)
        g_error ("The field %s is “%s”, not “%s”", field->property, text, other_text);
    }
}

/* The office's values are the first employee's; every other one is a new
 * account's, the passwords empty. */
static void
assert_next_employee_values (BmsAccount *account,
                             BmsAccount *first)
{
  g_autoptr(BmsAccount) fresh = bms_account_new ();

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_autofree char *text = field_text (account, field);
      g_autofree char *expected = field_text (field->owner == BMS_FIELD_OWNER_OFFICE ? first : fresh, field);

      if (g_strcmp0 (text, expected) != 0)
        g_error ("The next employee's %s is “%s”, not “%s”", field->property, text, expected);
    }

  /* Not Gmail's defaults: the private servers the first one was set up for. */
  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, "localhost");
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==,
                    bms_test_servers_get_port (servers, "smtp_starttls_port"));
  g_assert_cmpstr (bms_account_get_imap_host (account), ==, "localhost");
  g_assert_cmpuint (bms_account_get_imap_port (account), ==, bms_test_servers_get_port (servers, "imaps_port"));

  g_assert_cmpstr (bms_account_get_employee_name (account), ==, "");
  g_assert_cmpstr (bms_account_get_email (account), ==, "");
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "");
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "");
  g_assert_cmpstr (bms_account_get_smtp_password (account), ==, "");
  g_assert_cmpstr (bms_account_get_imap_password (account), ==, "");
  g_assert_null (bms_account_get_profile_path (account));
  g_assert_cmpint (bms_account_get_test_status (account), ==, BMS_TEST_STATUS_UNKNOWN);
}

/* Longer than the form waits after typing before it shows a problem. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 800 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    bms_test_process_events ();
}

/* The focus left the finish page's button for the page shown now. */
static gboolean
focus_in_page (Wizard *wizard)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (wizard->window));
  GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant));

  return focus != NULL && (focus == page || gtk_widget_is_ancestor (focus, page));
}

/* 「次の社員を設定」 starts the next employee on the Google page with the
 * office's values, the first employee's profile and passwords untouched;
 * walked to the end, the second one is a second saved account. */
static void
test_next_employee_second_account (Wizard        *wizard,
                                   gconstpointer  data)
{
  g_autoptr(BmsAccount) first = bms_account_new ();
  g_autoptr(BmsAccount) first_saved = NULL;
  g_autoptr(BmsAccount) second_saved = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;
  GtkWidget *button;

  save_first_employee (wizard);
  bms_account_assign (first, current_account (wizard), TRUE);
  first_path = g_strdup (bms_account_get_profile_path (first));
  g_assert_cmpstr (bms_account_get_smtp_password (first), ==, BMS_TEST_PASSWORD);

  button = bms_test_wizard_page_widget (wizard, "next_employee_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Set Up the _Next Employee");
  bms_test_assert_unique_mnemonics (GTK_WIDGET (wizard->window));
  bms_test_click (button);
  bms_test_process_events ();

  bms_test_wizard_assert_on_page (wizard, PAGE_GOOGLE);
  g_assert_true (focus_in_page (wizard));
  assert_next_employee_values (current_account (wizard), first);
  /* Nor is the first one's app password left on the page. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (wizard, "app_password_entry"))),
                   ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (wizard, "email_entry"))),
                   ==, "");

  /* The first employee's profile and keyring items are as they were saved. */
  first_saved = open_saved (first_path);
  assert_same_fields (first_saved, first);
  g_assert_cmpstr (bms_account_get_smtp_password (first_saved), ==, BMS_TEST_PASSWORD);
  g_assert_cmpstr (bms_account_get_imap_password (first_saved), ==, BMS_TEST_PASSWORD);
  addresses = list_saved_addresses ();
  g_assert_cmpuint (addresses->len, ==, 1);
  g_clear_pointer (&addresses, g_ptr_array_unref);

  /* The form has no message for the empty fields, even after the pause
   * in typing that shows them: nothing of the second one was typed yet. */
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_FORM);
  settle ();
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "summary_label")));
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "email_message")));
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "smtp_password_message")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (wizard, "smtp_host_entry"))),
                   ==, "localhost");

  /* Only the employee's own fields are typed for the second one. */
  bms_test_wizard_type_into (wizard, "employee_name", "鈴木 一郎");
  bms_test_wizard_type_into (wizard, "email", SECOND_ADDRESS);
  bms_test_wizard_type_into (wizard, "smtp_password", SECOND_PASSWORD);
  bms_test_wizard_type_into (wizard, "imap_password", SECOND_PASSWORD);
  go_to_finish (wizard);
  second_path = g_strdup (bms_account_get_profile_path (current_account (wizard)));
  g_assert_nonnull (second_path);
  g_assert_cmpstr (second_path, !=, first_path);

  addresses = list_saved_addresses ();
  g_assert_cmpuint (addresses->len, ==, 2);
  g_assert_true (has_address (addresses, FIRST_ADDRESS));
  g_assert_true (has_address (addresses, SECOND_ADDRESS));

  second_saved = open_saved (second_path);
  g_assert_cmpstr (bms_account_get_employee_name (second_saved), ==, "鈴木 一郎");
  g_assert_cmpstr (bms_account_get_smtp_user (second_saved), ==, SECOND_ADDRESS);
  g_assert_cmpstr (bms_account_get_smtp_password (second_saved), ==, SECOND_PASSWORD);
  g_assert_cmpstr (bms_account_get_imap_password (second_saved), ==, SECOND_PASSWORD);
  g_assert_cmpstr (bms_account_get_smtp_host (second_saved), ==, bms_account_get_smtp_host (first));
  g_assert_cmpuint (bms_account_get_imap_port (second_saved), ==, bms_account_get_imap_port (first));

  /* And the first one's are still its own. */
  g_clear_object (&first_saved);
  first_saved = open_saved (first_path);
  assert_same_fields (first_saved, first);
  g_assert_cmpstr (bms_account_get_smtp_password (first_saved), ==, BMS_TEST_PASSWORD);
}

/* 「社員の一覧に戻る」 shows the list; Next there is a next employee too, not
 * the account just saved, which what is typed next must not overwrite. */
static void
test_next_employee_back_to_list (Wizard        *wizard,
                                 gconstpointer  data)
{
  g_autoptr(BmsAccount) first = bms_account_new ();
  GtkWidget *button;

  save_first_employee (wizard);
  bms_account_assign (first, current_account (wizard), TRUE);

  button = bms_test_wizard_page_widget (wizard, "employee_list_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Back to the _Employee List");
  /* The less prominent of the two, and not a second suggested action. */
  g_assert_true (gtk_widget_has_css_class (button, "flat"));
  g_assert_cmpuint (bms_test_count_suggested (GTK_WIDGET (wizard->window)), <=, 1);
  bms_test_click (button);
  bms_test_process_events ();

  bms_test_wizard_assert_on_page (wizard, PAGE_WELCOME);
  g_assert_true (focus_in_page (wizard));
  assert_next_employee_values (current_account (wizard), first);
  g_assert_false (bms_window_has_unsaved_input (wizard->window));

  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_GOOGLE);
  g_assert_cmpstr (bms_account_get_email (current_account (wizard)), ==, "");
}

static gboolean
no_windows_cb (gpointer user_data)
{
  return gtk_application_get_windows (GTK_APPLICATION (user_data)) == NULL;
}

/* The office's values kept for the next employee are not typed input:
 * quitting right away asks nothing. What is typed for the next employee
 * is, until it is taken back. */
static void
test_next_employee_quit_asks_nothing (Wizard        *wizard,
                                      gconstpointer  data)
{
  GtkWidget *email_entry;

  save_first_employee (wizard);
  g_assert_false (bms_window_has_unsaved_input (wizard->window));
  bms_test_click (bms_test_wizard_page_widget (wizard, "next_employee_button"));
  bms_test_process_events ();
  bms_test_wizard_assert_on_page (wizard, PAGE_GOOGLE);
  g_assert_false (bms_window_has_unsaved_input (wizard->window));

  email_entry = bms_test_wizard_page_widget (wizard, "email_entry");
  bms_test_set_text (email_entry, SECOND_ADDRESS);
  g_assert_true (bms_window_has_unsaved_input (wizard->window));
  bms_test_set_text (email_entry, "");
  g_assert_false (bms_window_has_unsaved_input (wizard->window));

  g_action_group_activate_action (G_ACTION_GROUP (wizard->application), "quit", NULL);
  g_assert_true (bms_test_wait_until (no_windows_cb, wizard->application, MESSAGE_TIMEOUT_MS));
  g_assert_null (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* Saved on purpose without a passed test: the page leads on all the same.
 * Shown again for the next employee before any test, nothing is saved and
 * it does not. */
static void
test_next_employee_after_untested_save (Wizard        *wizard,
                                        gconstpointer  data)
{
  GtkStack *status;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, FIRST_ADDRESS);
  bms_test_wizard_type_into (wizard, "smtp_password", "not-alices-password");
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_click (bms_test_wizard_page_widget (wizard, "save_anyway_button"));
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  status = GTK_STACK (bms_test_wizard_page_widget (wizard, "save_status"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (status), ==, "untested");
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "next_employee_box")));

  bms_test_click (bms_test_wizard_page_widget (wizard, "next_employee_button"));
  bms_test_process_events ();
  bms_test_wizard_assert_on_page (wizard, PAGE_GOOGLE);
  g_assert_cmpstr (bms_account_get_smtp_password (current_account (wizard)), ==, "");

  gtk_widget_activate_action (GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant)),
                              "assistant.show-page", "s", "finish");
  bms_test_process_events ();
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (status), ==, "untested");
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "next_employee_box")));
  g_assert_null (bms_account_get_profile_path (current_account (wizard)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *ca_file;
  int status;

  bms_test_init (&argc, &argv);
  servers = bms_test_servers_start (&error);
  g_assert_no_error (error);
  ca_file = bms_test_servers_get_ca_file (servers);

  g_test_add ("/next-employee/second-account", Wizard, ca_file,
              fixture_setup, test_next_employee_second_account, bms_test_wizard_teardown);
  g_test_add ("/next-employee/back-to-list", Wizard, ca_file,
              fixture_setup, test_next_employee_back_to_list, bms_test_wizard_teardown);
  g_test_add ("/next-employee/quit-asks-nothing", Wizard, ca_file,
              fixture_setup, test_next_employee_quit_asks_nothing, bms_test_wizard_teardown);
  g_test_add ("/next-employee/after-untested-save", Wizard, ca_file,
              fixture_setup, test_next_employee_after_untested_save, bms_test_wizard_teardown);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
