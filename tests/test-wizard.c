/* test-wizard.c: the real application, walked through page by page.
 *
 * Every step presses the real buttons and types into the real fields, under
 * Xvfb; each page is also rendered to a PNG for a reviewer.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bms-diagnosis.h"
#include "bms-folder-chooser.h"
#include "bms-folder-node.h"
#include "bms-keyring.h"
#include "bms-finish-page.h"
#include "bms-form-page.h"
#include "bms-profile.h"
#include "bms-qr-code.h"
#include "bms-test-page.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"

#define MESSAGE_TIMEOUT_MS 3000
#define MAIL_TEST_TIMEOUT_MS 30000
#define TEST_ADDRESS "alice@example.com"

/* A private Dovecot and SMTP servers for the whole program: the wizard's
 * mail test talks to them, never to Gmail. */
static BmsTestServers *servers;

typedef BmsTestWizard Wizard;

static gboolean
next_enabled (Wizard *wizard)
{
  return gtk_widget_is_sensitive (wizard->next_button);
}

static gboolean
message_shown_cb (gpointer user_data)
{
  GtkWidget *message = user_data;

  return gtk_widget_get_visible (message) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (message)), "") != 0;
}

static gboolean
message_hidden_cb (gpointer user_data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (user_data));
}

static float
text_alpha (GtkWidget *widget)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  return color.alpha;
}

/* The program's own style sheet is loaded (bms-application.c loads it
 * itself, without a resource base path): its .secondary-text dims a label's
 * colour to 0.55 of the text around it. */
static void
test_wizard_style_sheet (Wizard        *wizard,
                         gconstpointer  data)
{
  GtkWidget *description = bms_test_wizard_page_widget (wizard, "check_hint_label");

  g_assert_true (gtk_widget_has_css_class (description, "secondary-text"));
  g_assert_cmpfloat_with_epsilon (text_alpha (description),
                                  0.55 * text_alpha (gtk_widget_get_parent (description)),
                                  0.01);
}

/* A field's problem is shown under the field, in words, after typing stops. */
static void
assert_field_problem (Wizard     *wizard,
                      const char *field)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);
  g_autofree char *message_id = g_strconcat (field, "_message", NULL);
  GtkWidget *message = bms_test_wizard_page_widget (wizard, message_id);

  g_assert_true (bms_test_wait_until (message_shown_cb, message, MESSAGE_TIMEOUT_MS));
  g_assert_true (gtk_widget_has_css_class (bms_test_wizard_page_widget (wizard, entry_id), "error"));
}

static void
assert_field_fine (Wizard     *wizard,
                   const char *field)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);
  g_autofree char *message_id = g_strconcat (field, "_message", NULL);
  GtkWidget *message = bms_test_wizard_page_widget (wizard, message_id);

  g_assert_true (bms_test_wait_until (message_hidden_cb, message, MESSAGE_TIMEOUT_MS));
  g_assert_false (gtk_widget_has_css_class (bms_test_wizard_page_widget (wizard, entry_id), "error"));
}

static const char *
field_text (Wizard     *wizard,
            const char *field)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);

  return gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (wizard, entry_id)));
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

/* Forwards through every page, then back to the first, then forwards again:
 * the buttons are where they should be and every page is shown. */
static void
test_wizard_walk (Wizard        *wizard,
                  gconstpointer  data)
{
  bms_test_wizard_assert_on_page (wizard, PAGE_WELCOME);
  g_assert_false (gtk_widget_get_visible (wizard->back_button));
  g_assert_cmpuint (bms_assistant_get_n_pages (wizard->assistant), ==, N_PAGES);
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "0-welcome");

  for (guint i = PAGE_GOOGLE; i < N_PAGES; i++)
    {
      if (i == PAGE_IMAP)
        bms_test_wizard_type_into (wizard, "app_password", "abcd efgh ijkl mnop");
      if (i == PAGE_TEST)
        bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);

      g_assert_true (next_enabled (wizard));
      bms_test_wizard_press_next (wizard);
      bms_test_wizard_assert_on_page (wizard, i);
      g_assert_true (gtk_widget_get_visible (wizard->back_button));
      if (i == PAGE_TEST)
        wait_for_mail_test (wizard);

      {
        g_autofree char *name = g_strdup_printf ("%u-%s", i, bms_test_wizard_page_name (i));
        bms_test_save_screenshot (GTK_WIDGET (wizard->window), name);
      }
    }

  for (guint i = PAGE_FINISH; i > PAGE_WELCOME; i--)
    bms_test_wizard_press_back (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_WELCOME);

  for (guint i = PAGE_GOOGLE; i < N_PAGES; i++)
    {
      bms_test_wizard_press_next (wizard);
      if (i == PAGE_TEST)
        wait_for_mail_test (wizard);
    }
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);
}

/* The pages are reached by the names the window gives them, through the
 * assistant's action, from the page shown before: what the welcome page's
 * Edit and Test and the mail test's fixes do. (The finish page, which
 * saves, is reached only with an account: the walk shows it.) */
static void
test_wizard_pages_by_name (Wizard        *wizard,
                           gconstpointer  data)
{
  static const guint order[] = { PAGE_FORM, PAGE_GOOGLE, PAGE_IMAP, PAGE_WELCOME, PAGE_TEST, PAGE_WELCOME };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant));

      g_assert_true (gtk_widget_activate_action (page, "assistant.show-page", "s",
                                                 bms_test_wizard_page_name (order[i])));
      bms_test_process_events ();
      bms_test_wizard_assert_on_page (wizard, order[i]);
      g_assert_true (gtk_widget_get_visible (wizard->back_button) == (order[i] != PAGE_WELCOME));
    }
}

/* How the profile file is now: a new write is a new file (written
 * aside and renamed), so a new inode or a new time. */
typedef struct
{
  guint64 inode;
  gint64  mtime_ns;
} FileVersion;

static FileVersion
profile_version (Wizard *wizard)
{
  const char *path = bms_account_get_profile_path (bms_window_get_account (wizard->window));
  struct stat info;
  FileVersion version;

  g_assert_nonnull (path);
  g_assert_cmpint (stat (path, &info), ==, 0);
  version.inode = info.st_ino;
  version.mtime_ns = (gint64) info.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + info.st_mtim.tv_nsec;

  return version;
}

static void
go_to_finish (Wizard *wizard)
{
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
}

/* The finish page saves once: Back and Next again write nothing, and the
 * page still says it saved; a change on the form saves again. */
static void
test_wizard_saves_once (Wizard        *wizard,
                        gconstpointer  data)
{
  GtkStack *status;
  FileVersion first;
  FileVersion again;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  go_to_finish (wizard);
  status = GTK_STACK (bms_test_wizard_page_widget (wizard, "save_status"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (status), ==, "saved");
  first = profile_version (wizard);

  /* Back to the mail test and Next, twice. */
  for (guint i = 0; i < 2; i++)
    {
      bms_test_wizard_press_back (wizard);
      bms_test_wizard_assert_on_page (wizard, PAGE_TEST);
      bms_test_wizard_press_next (wizard);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (status), ==, "saved");
    }
  again = profile_version (wizard);
  g_assert_cmpuint (again.inode, ==, first.inode);
  g_assert_cmpint (again.mtime_ns, ==, first.mtime_ns);

  /* Changed on the form, tested again: saved again, with the change. */
  bms_test_wizard_press_back (wizard);
  bms_test_wizard_press_back (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_FORM);
  bms_test_wizard_type_into (wizard, "sender_name", "山田（営業部）");
  go_to_finish (wizard);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (status), ==, "saved");
  again = profile_version (wizard);
  g_assert_true (again.inode != first.inode || again.mtime_ns != first.mtime_ns);
  {
    g_autoptr(GKeyFile) profile = g_key_file_new ();
    g_autofree char *sender_name = NULL;
    g_autoptr(GError) error = NULL;

    g_key_file_load_from_file (profile, bms_account_get_profile_path (bms_window_get_account (wizard->window)),
                               G_KEY_FILE_NONE, &error);
    g_assert_no_error (error);
    sender_name = g_key_file_get_string (profile, "Account", "sender-name", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sender_name, ==, "山田（営業部）");
  }
}

/* The app password is checked as Google shows it: spaces removed, 16 letters. */
static void
test_wizard_app_password (Wizard        *wizard,
                          gconstpointer  data)
{
  BmsAccount *account = bms_window_get_account (wizard->window);

  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_GOOGLE);
  g_assert_true (next_enabled (wizard));

  bms_test_wizard_type_into (wizard, "app_password", "abcd efgh ijkl");
  g_assert_false (next_enabled (wizard));
  assert_field_problem (wizard, "app_password");

  bms_test_wizard_type_into (wizard, "app_password", "abcd efgh ijkl mn0p");
  g_assert_false (next_enabled (wizard));
  assert_field_problem (wizard, "app_password");

  bms_test_wizard_type_into (wizard, "app_password", "abcd efgh ijkl mnop");
  g_assert_true (next_enabled (wizard));
  assert_field_fine (wizard, "app_password");
  g_assert_cmpstr (bms_account_get_smtp_password (account), ==, "abcdefghijklmnop");
  g_assert_cmpstr (bms_account_get_imap_password (account), ==, "abcdefghijklmnop");

  /* Leaving it empty is allowed: the form asks for the password too. */
  bms_test_wizard_type_into (wizard, "app_password", "");
  g_assert_true (next_enabled (wizard));
}

typedef struct
{
  const char *field;
  const char *invalid;
  const char *valid;
} FieldCase;

static const FieldCase field_cases[] = {
  { "email", "taro@", TEST_ADDRESS },
  { "email", "taro", TEST_ADDRESS },
  { "email", "taro yamada@example.co.jp", TEST_ADDRESS },
  { "smtp_user", "", TEST_ADDRESS },
  { "smtp_password", "", BMS_TEST_PASSWORD },
  { "smtp_host", "smtp gmail.com", "smtp.gmail.com" },
  { "smtp_host", "", "localhost" },
  { "smtp_port", "0", "587" },
  { "smtp_port", "65536", "587" },
  { "smtp_port", "12a", "465" },
  { "smtp_port", "", "587" },
  { "sender_name", "山田\n太郎", "山田 太郎" },
  { "sender_name", "山田\r太郎", "山田 太郎" },
  { "employee_name", "山田\r\n太郎", "山田 太郎" },
  { "imap_user", "", TEST_ADDRESS },
  { "imap_password", "", BMS_TEST_PASSWORD },
  { "imap_host", "imap..gmail.com", "localhost" },
  { "imap_port", "99999", "993" },
  { "imap_port", "-1", "993" },
  { "sent_folder", "", "[Gmail]/送信済みメール" },
};

/* Each invalid value disables Next and is explained at its field; fixing it
 * enables Next again. */
static void
test_wizard_form_fields (Wizard        *wizard,
                         gconstpointer  data)
{
  go_to_form (wizard);
  g_assert_false (next_enabled (wizard));
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  g_assert_true (next_enabled (wizard));

  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      const FieldCase *c = &field_cases[i];

      g_test_message ("%s: “%s” then “%s”", c->field, c->invalid, c->valid);

      bms_test_wizard_type_into (wizard, c->field, c->invalid);
      g_assert_false (next_enabled (wizard));
      assert_field_problem (wizard, c->field);

      bms_test_wizard_type_into (wizard, c->field, c->valid);
      g_assert_true (next_enabled (wizard));
      assert_field_fine (wizard, c->field);
    }

  /* A host name in Japanese is a host name. */
  bms_test_wizard_type_into (wizard, "smtp_host", "メール.例え.jp");
  g_assert_true (next_enabled (wizard));
  assert_field_fine (wizard, "smtp_host");

  bms_test_wizard_type_into (wizard, "email", "");
  assert_field_problem (wizard, "email");
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "3-form-problem");
}

/* The form keeps what was typed, even a value it does not accept yet. */
static void
test_wizard_values_survive (Wizard        *wizard,
                            gconstpointer  data)
{
  BmsAccount *account = bms_window_get_account (wizard->window);

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "sender_name", "山田（営業部）");
  bms_test_wizard_type_into (wizard, "smtp_port", "465");
  bms_test_wizard_type_into (wizard, "imap_host", "imap.example.co.jp");

  /* Through the mail test page and back; the test there fails, which is
   * not what this test is about. */
  bms_test_wizard_press_next (wizard);
  bms_test_page_cancel (BMS_TEST_PAGE (bms_assistant_get_current_page (wizard->assistant)));
  wait_for_mail_test (wizard);
  bms_test_wizard_press_back (wizard);
  while (bms_assistant_get_current_index (wizard->assistant) > PAGE_WELCOME)
    bms_test_wizard_press_back (wizard);
  while (bms_assistant_get_current_index (wizard->assistant) < PAGE_FORM)
    bms_test_wizard_press_next (wizard);

  g_assert_cmpstr (field_text (wizard, "employee_name"), ==, "山田 太郎");
  g_assert_cmpstr (field_text (wizard, "email"), ==, TEST_ADDRESS);
  g_assert_cmpstr (field_text (wizard, "smtp_user"), ==, TEST_ADDRESS);
  g_assert_cmpstr (field_text (wizard, "smtp_password"), ==, BMS_TEST_PASSWORD);
  g_assert_cmpstr (field_text (wizard, "sender_name"), ==, "山田（営業部）");
  g_assert_cmpstr (field_text (wizard, "smtp_port"), ==, "465");
  g_assert_cmpstr (field_text (wizard, "imap_host"), ==, "imap.example.co.jp");
  g_assert_cmpstr (field_text (wizard, "sent_folder"), ==, "[Gmail]/送信済みメール");
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==, 465);

  /* An invalid port stays in its field; the account keeps the last valid one. */
  bms_test_wizard_type_into (wizard, "smtp_port", "12a");
  bms_test_wizard_press_back (wizard);
  bms_test_wizard_press_back (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_press_next (wizard);
  g_assert_cmpstr (field_text (wizard, "smtp_port"), ==, "12a");
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==, 465);
  g_assert_false (next_enabled (wizard));

  bms_test_wizard_press_back (wizard);
  bms_test_wizard_press_back (wizard);
  g_assert_cmpstr (field_text (wizard, "app_password"), ==, "abcd efgh ijkl mnop");
}

/* The drop-down offers a filtered list of the three choices; its positions
 * are not BmsSecurity values. */
static GListModel *
all_security_choices (GtkDropDown *dropdown)
{
  return gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (gtk_drop_down_get_model (dropdown)));
}

static guint
offered_position (GtkDropDown *dropdown,
                  BmsSecurity  security)
{
  g_autoptr(GObject) choice = g_list_model_get_item (all_security_choices (dropdown), security);
  GListModel *offered = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (offered); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (offered, i);

      if (item == choice)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static gboolean
security_offered (Wizard      *wizard,
                  const char  *field,
                  BmsSecurity  security)
{
  g_autofree char *id = g_strconcat (field, "_dropdown", NULL);

  return offered_position (GTK_DROP_DOWN (bms_test_wizard_page_widget (wizard, id)), security) !=
         GTK_INVALID_LIST_POSITION;
}

static void
choose_security (Wizard      *wizard,
                 const char  *field,
                 BmsSecurity  security)
{
  g_autofree char *id = g_strconcat (field, "_dropdown", NULL);
  GtkDropDown *dropdown = GTK_DROP_DOWN (bms_test_wizard_page_widget (wizard, id));
  guint position = offered_position (dropdown, security);

  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (dropdown, position);
  bms_test_process_events ();
}

static guint
chosen_security (Wizard     *wizard,
                 const char *field)
{
  g_autofree char *id = g_strconcat (field, "_dropdown", NULL);
  GtkDropDown *dropdown = GTK_DROP_DOWN (bms_test_wizard_page_widget (wizard, id));
  GObject *chosen = gtk_drop_down_get_selected_item (dropdown);
  GListModel *all = all_security_choices (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(GObject) choice = g_list_model_get_item (all, i);

      if (choice == chosen)
        return i;
    }

  g_assert_not_reached ();
}

static void
answer_plain_text_question (const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), MESSAGE_TIMEOUT_MS));
  dialog = ADW_MESSAGE_DIALOG (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  bms_test_process_events ();
}

/* No encryption is not offered for Gmail, and needs a confirmation elsewhere. */
static void
test_wizard_security_none (Wizard        *wizard,
                           gconstpointer  data)
{
  BmsAccount *account = bms_window_get_account (wizard->window);
  GtkWidget *message;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "smtp_host", "smtp.gmail.com");
  message = bms_test_wizard_page_widget (wizard, "smtp_security_message");

  g_assert_false (security_offered (wizard, "smtp_security", BMS_SECURITY_NONE));
  g_assert_true (security_offered (wizard, "smtp_security", BMS_SECURITY_SSL_TLS));
  g_assert_true (security_offered (wizard, "smtp_security", BMS_SECURITY_STARTTLS));
  choose_security (wizard, "smtp_security", BMS_SECURITY_STARTTLS);
  g_assert_null (ADW_MESSAGE_DIALOG (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));
  g_assert_cmpuint (chosen_security (wizard, "smtp_security"), ==, BMS_SECURITY_STARTTLS);

  choose_security (wizard, "smtp_security", BMS_SECURITY_SSL_TLS);
  g_assert_true (next_enabled (wizard));
  g_assert_false (gtk_widget_get_visible (message));

  /* Another server: "None" is offered; the administrator is asked, and may say no... */
  bms_test_wizard_type_into (wizard, "smtp_host", "mail.example.co.jp");
  g_assert_true (security_offered (wizard, "smtp_security", BMS_SECURITY_NONE));
  choose_security (wizard, "smtp_security", BMS_SECURITY_NONE);
  answer_plain_text_question ("cancel");
  g_assert_cmpuint (chosen_security (wizard, "smtp_security"), ==, BMS_SECURITY_SSL_TLS);
  g_assert_cmpint (bms_account_get_smtp_security (account), ==, BMS_SECURITY_SSL_TLS);
  g_assert_true (next_enabled (wizard));

  /* ...or yes. */
  choose_security (wizard, "smtp_security", BMS_SECURITY_NONE);
  answer_plain_text_question ("plain-text");
  g_assert_cmpuint (chosen_security (wizard, "smtp_security"), ==, BMS_SECURITY_NONE);
  g_assert_cmpint (bms_account_get_smtp_security (account), ==, BMS_SECURITY_NONE);
  g_assert_true (next_enabled (wizard));

  /* Pointing the same choice at Gmail is refused again; "None" still shows
   * while it is the chosen value, and goes once another is chosen. */
  bms_test_wizard_type_into (wizard, "smtp_host", "smtp.gmail.com");
  g_assert_false (next_enabled (wizard));
  g_assert_true (message_shown_cb (message));
  g_assert_cmpuint (chosen_security (wizard, "smtp_security"), ==, BMS_SECURITY_NONE);
  choose_security (wizard, "smtp_security", BMS_SECURITY_STARTTLS);
  g_assert_true (next_enabled (wizard));
  g_assert_false (security_offered (wizard, "smtp_security", BMS_SECURITY_NONE));
  g_assert_cmpuint (chosen_security (wizard, "smtp_security"), ==, BMS_SECURITY_STARTTLS);
}

/* The IMAP fields matter only when sent mail is saved; "same settings"
 * fills and hides the IMAP login. */
static void
test_wizard_imap_switches (Wizard        *wizard,
                           gconstpointer  data)
{
  BmsAccount *account = bms_window_get_account (wizard->window);

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);

  bms_test_wizard_type_into (wizard, "imap_port", "99999");
  g_assert_false (next_enabled (wizard));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (bms_test_wizard_page_widget (wizard, "save_sent_check")), FALSE);
  bms_test_process_events ();
  g_assert_false (bms_account_get_save_sent (account));
  g_assert_false (gtk_widget_is_sensitive (bms_test_wizard_page_widget (wizard, "imap_port_entry")));
  g_assert_true (next_enabled (wizard));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (bms_test_wizard_page_widget (wizard, "save_sent_check")), TRUE);
  bms_test_process_events ();
  g_assert_false (next_enabled (wizard));
  bms_test_wizard_type_into (wizard, "imap_port", "993");
  g_assert_true (next_enabled (wizard));

  bms_test_wizard_type_into (wizard, "smtp_user", "sales@example.co.jp");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (bms_test_wizard_page_widget (wizard, "imap_same_check")), TRUE);
  bms_test_process_events ();
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "imap_user_row")));
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "imap_password_row")));
  g_assert_cmpstr (bms_account_get_imap_user (account), ==, "sales@example.co.jp");
  g_assert_true (next_enabled (wizard));
}

static const char *
label_text (Wizard     *wizard,
            const char *id)
{
  return gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (wizard, id)));
}

/* The real test against the real servers: the manual's two messages, and
 * the message in the sent folder exactly once. */
static void
test_wizard_mail_test_passes (Wizard        *wizard,
                              gconstpointer  data)
{
  BmsMailTest *mail_test;
  g_autoptr(GError) error = NULL;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "4-test");

  mail_test = bms_test_page_get_mail_test (BMS_TEST_PAGE (bms_assistant_get_current_page (wizard->assistant)));
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    g_assert_cmpint (bms_mail_test_get_state (mail_test, step), ==, BMS_STEP_OK);

  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "success_box")));
  g_assert_cmpstr (label_text (wizard, "sent_label"), ==, "The test message was sent.");
  g_assert_cmpstr (label_text (wizard, "saved_label"), ==, "The test message was saved in the mailbox.");
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "problem_box")));
  /* This server does not file sent mail itself (the test added the copy):
   * BizMagic's 送信済みメール保存 is what keeps it. */
  g_assert_cmpint (bms_mail_test_get_filed (mail_test), ==, BMS_IMAP_FILED_APPENDED);
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "filed_note_label")));
  g_assert_nonnull (strstr (label_text (wizard, "filed_note_label"), "did not save the sent message by itself"));
  g_assert_false (bms_account_get_server_files_sent (bms_window_get_account (wizard->window)));

  g_assert_cmpint (bms_test_servers_count_in_folder (servers, BMS_TEST_USER, BMS_TEST_SENT_FOLDER,
                                                     bms_mail_test_get_message_id (mail_test), &error),
                   ==, 1);
  g_assert_no_error (error);
  g_assert_true (next_enabled (wizard));
}

/* A server that files sent mail itself, as Gmail does: the test page and
 * the finish page say to leave BizMagic's 送信済みメール保存 off, and why. */
static void
test_wizard_server_files_sent (Wizard        *wizard,
                               gconstpointer  data)
{
  GtkWidget *group;
  gboolean found = FALSE;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_servers_set_file_to_sent (servers, TRUE);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_servers_set_file_to_sent (servers, FALSE);

  g_assert_true (next_enabled (wizard));
  g_assert_nonnull (strstr (label_text (wizard, "filed_note_label"), "leave 送信済みメール保存 unchecked"));
  g_assert_nonnull (strstr (label_text (wizard, "filed_note_label"), "twice"));
  g_assert_true (bms_account_get_server_files_sent (bms_window_get_account (wizard->window)));

  bms_test_wizard_press_next (wizard);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  group = bms_test_wizard_page_widget (wizard, "values_group");
  for (GtkWidget *row = bms_test_find_widget_of_type (group, ADW_TYPE_ACTION_ROW);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "(送信済みメール保存)") != NULL)
      {
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "avoids duplicates"));
        found = TRUE;
      }
  g_assert_true (found);
}

static gboolean
problem_shown_cb (gpointer user_data)
{
  return gtk_widget_get_visible (GTK_WIDGET (user_data));
}

static void
report_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_set_cb (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* The report for support, saved as Save Report… saves it: the program,
 * the settings, the steps and the server's words, and no password in any
 * form: not as typed, not in base64 alone nor in SASL PLAIN's blob. */
static void
assert_report_without (Wizard     *wizard,
                       const char *password)
{
  BmsTestPage *page = BMS_TEST_PAGE (bms_assistant_get_current_page (wizard->assistant));
  g_autofree char *dir = g_dir_make_tmp ("bms-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *base64 = g_base64_encode ((const guchar *) password, strlen (password));
  g_autofree char *plain_alice = NULL;
  g_autofree char *alice_blob = NULL;
  gsize alice_length;

  bms_test_page_save_report_async (page, file, NULL, report_saved_cb, &result);
  g_assert_true (bms_test_wait_until (result_set_cb, &result, MESSAGE_TIMEOUT_MS));
  g_assert_true (bms_test_page_save_report_finish (page, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &report, NULL, &error));
  g_assert_no_error (error);

  g_assert_nonnull (strstr (report, PACKAGE_VERSION));
  g_assert_nonnull (strstr (report, "送信メールサーバー (smtp-host) = localhost"));
  g_assert_nonnull (strstr (report, "failed\t"));
  g_assert_nonnull (strstr (report, "535"));
  g_assert_null (strstr (report, password));
  g_assert_null (strstr (report, base64));
  alice_length = 2 + strlen (TEST_ADDRESS) + strlen (password);
  alice_blob = g_malloc (alice_length);
  alice_blob[0] = '\0';
  memcpy (alice_blob + 1, TEST_ADDRESS, strlen (TEST_ADDRESS));
  alice_blob[1 + strlen (TEST_ADDRESS)] = '\0';
  memcpy (alice_blob + 2 + strlen (TEST_ADDRESS), password, strlen (password));
  plain_alice = g_base64_encode ((const guchar *) alice_blob, alice_length);
  g_assert_null (strstr (report, plain_alice));

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
is_dark (const guchar *pixels,
         int           stride,
         int           x,
         int           y)
{
  return pixels[y * stride + 4 * x + 1] < 128;
}

/* Pages 1 and 2 show Google's addresses, copyable and as QR codes: a code
 * with the quiet zone around it and the three finder patterns in its
 * corners. */
static void
test_wizard_links_shareable (Wizard        *wizard,
                             gconstpointer  data)
{
  static const char app_passwords[] = "https://myaccount.google.com/apppasswords";
  GtkWidget *share;
  g_autoptr(GdkTexture) code = NULL;
  g_autofree guchar *pixels = NULL;
  int side;
  int modules;

  bms_test_wizard_press_next (wizard);
  share = bms_test_wizard_page_widget (wizard, "app_passwords_share");
  g_assert_cmpstr (bms_link_share_get_uri (BMS_LINK_SHARE (share)), ==, app_passwords);
  g_assert_nonnull (bms_test_find_widget_of_type (share, GTK_TYPE_MENU_BUTTON));
  g_assert_true (gtk_widget_get_visible (bms_test_find_widget_of_type (share, GTK_TYPE_MENU_BUTTON)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_find_widget_of_type (share, GTK_TYPE_LABEL))), ==,
                   app_passwords);
  bms_test_wizard_type_into (wizard, "app_password", "abcd efgh ijkl mnop");
  bms_test_wizard_press_next (wizard);
  share = bms_test_wizard_page_widget (wizard, "gmail_settings_share");
  g_assert_nonnull (strstr (bms_link_share_get_uri (BMS_LINK_SHARE (share)), "mail.google.com"));

  code = bms_qr_code_render (app_passwords, 1);
  g_assert_nonnull (code);
  side = gdk_texture_get_width (code);
  modules = side - 8;
  /* Version 3 (29 modules) holds this address at level M. */
  g_assert_cmpint (modules, >=, 21);
  g_assert_cmpint ((modules - 17) % 4, ==, 0);
  pixels = g_malloc ((gsize) side * side * 4);
  gdk_texture_download (code, pixels, side * 4);
  g_assert_false (is_dark (pixels, side * 4, 0, 0));
  g_assert_false (is_dark (pixels, side * 4, 3, 3));
  for (int corner = 0; corner < 3; corner++)
    {
      int x = corner == 1 ? 4 + modules - 7 : 4;
      int y = corner == 2 ? 4 + modules - 7 : 4;

      /* A finder pattern: dark ring, light ring, dark centre. */
      g_assert_true (is_dark (pixels, side * 4, x, y));
      g_assert_false (is_dark (pixels, side * 4, x + 1, y + 1));
      g_assert_true (is_dark (pixels, side * 4, x + 3, y + 3));
    }
}

/* A wrong password: the right advice, the server's words, never the password. */
static void
test_wizard_mail_test_wrong_password (Wizard        *wizard,
                                      gconstpointer  data)
{
  static const char wrong_password[] = "not-alices-password";

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "smtp_password", wrong_password);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  g_assert_true (bms_test_wait_until (problem_shown_cb, bms_test_wizard_page_widget (wizard, "problem_box"), MESSAGE_TIMEOUT_MS));
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "4-test-wrong-password");

  g_assert_cmpstr (label_text (wizard, "problem_label"), ==,
                   bms_problem_get_summary (BMS_PROBLEM_WRONG_PASSWORD));
  g_assert_cmpstr (label_text (wizard, "advice_label"), ==,
                   bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, FALSE));
  gtk_expander_set_expanded (GTK_EXPANDER (bms_test_wizard_page_widget (wizard, "details_expander")), TRUE);
  bms_test_process_events ();
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "4-test-details");
  g_assert_nonnull (strstr (label_text (wizard, "transcript_label"), "535"));
  g_assert_null (strstr (label_text (wizard, "transcript_label"), wrong_password));
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "success_box")));
  /* The server's own words come first, above the whole conversation. */
  g_assert_nonnull (strstr (label_text (wizard, "server_words_label"), "535"));
  assert_report_without (wizard, wrong_password);

  /* Fixed and tested again, it passes. */
  bms_test_wizard_press_back (wizard);
  bms_test_wizard_type_into (wizard, "smtp_password", BMS_TEST_PASSWORD);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "success_box")));
}

/* Any SMTP password the keyring holds for @user, whatever the server. */
static char *
keyring_password_for (const char *user)
{
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (bms_keyring_get_schema (), NULL, &error,
                                                "protocol", BMS_KEYRING_PROTOCOL_SMTP,
                                                "user", user, NULL);

  g_assert_no_error (error);
  return password;
}

static char *
profile_status (Wizard *wizard)
{
  g_autoptr(GKeyFile) profile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  char *status;

  g_key_file_load_from_file (profile, bms_account_get_profile_path (bms_window_get_account (wizard->window)),
                             G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  status = g_key_file_get_string (profile, "Status", "mail-test", &error);
  g_assert_no_error (error);
  return status;
}

/* A failed test never ends in a green "saved": Next stays closed, nothing
 * reaches the keyring or the disk, and the one way on is the explicit
 * "Save Anyway, Not Tested", which the finish page and the profile say. */
static void
test_wizard_failed_test_not_saved (Wizard        *wizard,
                                   gconstpointer  data)
{
  static const char address[] = "mallory@example.com";
  static const char wrong_password[] = "not-mallorys-password";
  g_autofree char *stored = NULL;
  g_autofree char *status = NULL;
  GtkStack *save_status;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, address);
  bms_test_wizard_type_into (wizard, "smtp_password", wrong_password);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "problem_box")));

  g_assert_false (next_enabled (wizard));
  gtk_widget_activate_action (GTK_WIDGET (wizard->assistant), "assistant.next", NULL);
  bms_test_process_events ();
  bms_test_wizard_assert_on_page (wizard, PAGE_TEST);
  g_assert_cmpint (bms_account_get_test_status (bms_window_get_account (wizard->window)), !=,
                   BMS_TEST_STATUS_PASSED);

  /* The one suggested action: the fix (a wrong password: the form). */
  g_assert_cmpuint (bms_test_count_suggested (GTK_WIDGET (wizard->window)), ==, 1);
  g_assert_true (gtk_widget_has_css_class (bms_test_wizard_page_widget (wizard, "fix_button"), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (bms_test_wizard_page_widget (wizard, "save_anyway_button"),
                                            "suggested-action"));

  stored = keyring_password_for (address);
  g_assert_null (stored);
  g_assert_null (bms_account_get_profile_path (bms_window_get_account (wizard->window)));

  /* Saved only on purpose, and then said to be untested. */
  bms_test_click (bms_test_wizard_page_widget (wizard, "save_anyway_button"));
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  save_status = GTK_STACK (bms_test_wizard_page_widget (wizard, "save_status"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (save_status), ==, "untested");
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "5-finish-untested");
  status = profile_status (wizard);
  g_assert_cmpstr (status, ==, "not-passed");
  stored = keyring_password_for (address);
  g_assert_cmpstr (stored, ==, wrong_password);
  g_clear_pointer (&stored, secret_password_free);
}

/* After a pass, Next is the one suggested action, and the profile says the
 * settings passed. */
static void
test_wizard_passed_test_saved (Wizard        *wizard,
                               gconstpointer  data)
{
  g_autofree char *status = NULL;
  GtkStack *save_status;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  g_assert_true (next_enabled (wizard));
  g_assert_cmpuint (bms_test_count_suggested (GTK_WIDGET (wizard->window)), ==, 1);
  g_assert_true (gtk_widget_has_css_class (wizard->next_button, "suggested-action"));
  g_assert_false (gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "save_anyway_button")));

  bms_test_wizard_press_next (wizard);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  save_status = GTK_STACK (bms_test_wizard_page_widget (wizard, "save_status"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (save_status), ==, "saved");
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (wizard, "save_label"))),
                         ".ini"));
  status = profile_status (wizard);
  g_assert_cmpstr (status, ==, "passed");
}

/* An empty password never reaches a server: the test is not started, and
 * the fix leads to the form. The form does not let an empty password on,
 * so the account comes as the welcome page's Test brings one whose keyring
 * item is gone: straight to the test page. */
static void
test_wizard_empty_password_refused (Wizard        *wizard,
                                    gconstpointer  data)
{
  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  g_object_set (bms_window_get_account (wizard->window), "smtp-password", "", NULL);
  bms_assistant_show_page (wizard->assistant, "test");
  wait_for_mail_test (wizard);

  g_assert_null (bms_test_page_get_mail_test (BMS_TEST_PAGE (bms_assistant_get_current_page (wizard->assistant))));
  g_assert_cmpstr (label_text (wizard, "problem_label"), ==, bms_problem_get_summary (BMS_PROBLEM_NO_PASSWORD));
  g_assert_false (next_enabled (wizard));
  g_assert_cmpuint (bms_test_count_suggested (GTK_WIDGET (wizard->window)), ==, 1);
  bms_test_click (bms_test_wizard_page_widget (wizard, "fix_button"));
  bms_test_wizard_assert_on_page (wizard, PAGE_FORM);
}

static gboolean
widget_visible_cb (gpointer widget)
{
  return gtk_widget_get_visible (GTK_WIDGET (widget));
}

/* A folder list the server refuses: why, with the server's words, beside
 * the button; the folder's field, whose value is fine, is not marked. */
static void
test_wizard_fetch_folders_refused (Wizard        *wizard,
                                   gconstpointer  data)
{
  GtkWidget *message;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "imap_password", "not-alices-password");
  bms_test_click (bms_test_wizard_page_widget (wizard, "fetch_folders_button"));

  message = bms_test_wizard_page_widget (wizard, "fetch_folders_message");
  g_assert_true (bms_test_wait_until (widget_visible_cb, message, MAIL_TEST_TIMEOUT_MS));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)),
                            bms_problem_get_summary (BMS_PROBLEM_WRONG_PASSWORD)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "AUTHENTICATIONFAILED"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (message)), "not-alices-password"));
  g_assert_false (gtk_widget_has_css_class (bms_test_wizard_page_widget (wizard, "sent_folder_entry"), "error"));
  g_assert_true (gtk_widget_has_focus (bms_test_wizard_page_widget (wizard, "fetch_folders_button")));
}

/* フォルダー一覧取得: the private Dovecot's Gmail folders in a tree, the \Sent
 * folder chosen, [Gmail] not choosable; another folder picked by keyboard
 * lands in the form and the account. */
static void
test_wizard_fetch_folders (Wizard        *wizard,
                           gconstpointer  data)
{
  static const char *down_enter[] = { "Down", "Return", NULL };
  BmsAccount *account = bms_window_get_account (wizard->window);
  BmsFolderChooser *chooser;
  GtkSelectionModel *rows;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "sent_folder", "INBOX");

  bms_test_click (bms_test_wizard_page_widget (wizard, "fetch_folders_button"));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MAIL_TEST_TIMEOUT_MS));
  chooser = BMS_FOLDER_CHOOSER (bms_test_find_toplevel (BMS_TYPE_FOLDER_CHOOSER));

  /* The folder typed before is chosen; [Gmail] is there and cannot be chosen. */
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (chooser), ==, "INBOX");
  rows = gtk_list_view_get_model (GTK_LIST_VIEW (bms_test_find_widget (GTK_WIDGET (chooser), "list_view")));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);
      g_autoptr(BmsFolderNode) node = gtk_tree_list_row_get_item (row);

      if (g_str_equal (bms_folder_node_get_wire_name (node), "[Gmail]"))
        g_assert_false (bms_folder_node_is_selectable (node));
    }
  gtk_window_close (GTK_WINDOW (chooser));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_gone_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MESSAGE_TIMEOUT_MS));
  g_assert_cmpstr (bms_account_get_sent_folder (account), ==, "INBOX");

  /* With the form's default, the \Sent folder is chosen; Down and Enter
   * pick the next one, [Gmail]/重要. */
  bms_test_wizard_type_into (wizard, "sent_folder", "");
  bms_test_click (bms_test_wizard_page_widget (wizard, "fetch_folders_button"));
  g_assert_true (bms_test_wait_until (bms_test_toplevel_shown_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MAIL_TEST_TIMEOUT_MS));
  chooser = BMS_FOLDER_CHOOSER (bms_test_find_toplevel (BMS_TYPE_FOLDER_CHOOSER));
  bms_test_save_screenshot (GTK_WIDGET (chooser), "3-form-folders");
  g_assert_cmpstr (bms_folder_chooser_get_selected_wire_name (chooser), ==, "[Gmail]/&kAFP4W4IMH8w4TD8MOs-");

  bms_test_press_keys (down_enter);
  g_assert_true (bms_test_wait_until (bms_test_toplevel_gone_cb, GSIZE_TO_POINTER (BMS_TYPE_FOLDER_CHOOSER), MESSAGE_TIMEOUT_MS));
  g_assert_cmpstr (bms_account_get_sent_folder (account), ==, "[Gmail]/&kc2JgQ-");
  g_assert_cmpstr (field_text (wizard, "sent_folder"), ==, "[Gmail]/重要");
  g_assert_true (next_enabled (wizard));

  /* Through the test to the end: the saved profile keeps the wire name. */
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_wizard_press_next (wizard);
  g_assert_true (bms_test_wait_until (bms_test_wizard_saved_cb, wizard, MAIL_TEST_TIMEOUT_MS));
  {
    g_autoptr(GKeyFile) profile = g_key_file_new ();
    g_autofree char *sent_folder = NULL;
    g_autoptr(GError) error = NULL;

    g_key_file_load_from_file (profile, bms_account_get_profile_path (account), G_KEY_FILE_NONE, &error);
    g_assert_no_error (error);
    sent_folder = g_key_file_get_string (profile, "IMAP", "sent-folder", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sent_folder, ==, "[Gmail]/&kc2JgQ-");
  }
}

/* Trusts the private servers' CA and another one, in one file. */
static char *
write_combined_ca_file (const char *other_ca_file)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  /* A name of its own: test runs side by side must not share the file. */
  fd = g_file_open_tmp ("bms-test-combined-ca-XXXXXX.pem", &path, &error);
  g_assert_no_error (error);
  close (fd);

  g_file_get_contents (bms_test_servers_get_ca_file (servers), &first, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (other_ca_file, &second, NULL, &error);
  g_assert_no_error (error);
  both = g_strconcat (first, "\n", second, NULL);
  g_file_set_contents (path, both, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Gmail says IMAP is off for the account: the advice, and a button back
 * to the IMAP checklist. */
static void
test_wizard_mail_test_imap_disabled (Wizard        *wizard,
                                     gconstpointer  data)
{
  g_autoptr(BmsTestScriptedServer) gmail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *port = NULL;

  gmail = bms_test_scripted_server_start ("imap-not-enabled", BMS_TEST_TLS_IMPLICIT, &error);
  g_assert_no_error (error);
  ca_file = write_combined_ca_file (bms_test_scripted_server_get_ca_file (gmail));
  bms_application_set_ca_file (wizard->application, ca_file);
  port = g_strdup_printf ("%u", bms_test_scripted_server_get_port (gmail));

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "imap_port", port);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  g_assert_true (bms_test_wait_until (problem_shown_cb, bms_test_wizard_page_widget (wizard, "problem_box"), MESSAGE_TIMEOUT_MS));

  g_assert_cmpstr (label_text (wizard, "problem_label"), ==,
                   bms_problem_get_summary (BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT));
  bms_test_click (bms_test_wizard_page_widget (wizard, "fix_button"));
  bms_test_wizard_assert_on_page (wizard, PAGE_IMAP);

  g_unlink (ca_file);
}

static gboolean
no_windows_cb (gpointer user_data)
{
  return gtk_application_get_windows (GTK_APPLICATION (user_data)) == NULL;
}

static void
count_copy_buttons (GtkWidget *widget,
                    guint     *n)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "finish.copy") == 0)
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    count_copy_buttons (child, n);
}

/* The values as they are read off the screen: an address, a host, a port
 * or a short name is on one line, never broken or hyphenated inside. */
static void
assert_values_unbroken (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_values_unbroken (child);

  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading") &&
      gtk_widget_get_mapped (widget) &&
      g_utf8_strlen (gtk_label_get_text (GTK_LABEL (widget)), -1) <= 24)
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));

      g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
      g_assert_false (pango_layout_is_wrapped (layout));
    }
}

/* In English each row names BizMagic's Japanese label too; check boxes say
 * what to do with them and have nothing to copy. */
static void
assert_finish_rows (GtkWidget *group)
{
  guint n_flags = 0;
  guint n_copy = 0;
  guint n_rows = 0;

  for (GtkWidget *row = bms_test_find_widget_of_type (group, ADW_TYPE_ACTION_ROW);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *title;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      n_rows++;
      title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      if (g_str_has_prefix (title, "Employee name"))
        g_assert_cmpstr (title, ==, "Employee name (社員名)");
      if (strstr (title, "BCCに自メールアドレス追加") != NULL || strstr (title, "社員へEメール送信") != NULL ||
          strstr (title, "(送信済みメール保存)") != NULL || strstr (title, "(保存メールボックスアカウント設定)") != NULL)
        {
          guint n = 0;

          count_copy_buttons (row, &n);
          g_assert_cmpuint (n, ==, 0);
          g_assert_nonnull (bms_test_find_widget_of_type (row, GTK_TYPE_LABEL));
          n_flags++;
        }
    }
  assert_values_unbroken (group);
  count_copy_buttons (group, &n_copy);
  g_assert_cmpuint (n_flags, ==, 4);
  g_assert_cmpuint (n_copy, ==, n_rows - n_flags);
}

typedef struct {
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done_cb (gpointer user_data)
{
  return ((ClipboardRead *) user_data)->done;
}

static gboolean
clipboard_empty_cb (gpointer clipboard)
{
  return gdk_clipboard_get_content (clipboard) == NULL;
}

/* A copied password is on the clipboard, and gone after the page's delay
 * (a minute; a second here); a value copied after it stays. */
static void
assert_password_leaves_clipboard (Wizard *wizard)
{
  GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (page);
  ClipboardRead read = { FALSE, NULL };

  bms_finish_page_set_clear_clipboard_seconds (BMS_FINISH_PAGE (page), 1);
  gtk_widget_activate_action (page, "finish.copy", "u", (guint32) BMS_FIELD_SMTP_PASSWORD);
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &read);
  g_assert_true (bms_test_wait_until (read_done_cb, &read, MESSAGE_TIMEOUT_MS));
  g_assert_cmpstr (read.text, ==, BMS_TEST_PASSWORD);
  g_free (read.text);
  g_assert_true (bms_test_wait_until (clipboard_empty_cb, clipboard, MESSAGE_TIMEOUT_MS));

  /* Something copied after the password is not taken away. */
  gtk_widget_activate_action (page, "finish.copy", "u", (guint32) BMS_FIELD_SMTP_PASSWORD);
  gtk_widget_activate_action (page, "finish.copy", "u", (guint32) BMS_FIELD_SMTP_HOST);
  g_usleep (1500 * G_USEC_PER_SEC / 1000);
  bms_test_process_events ();
  read = (ClipboardRead) { FALSE, NULL };
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &read);
  g_assert_true (bms_test_wait_until (read_done_cb, &read, MESSAGE_TIMEOUT_MS));
  g_assert_cmpstr (read.text, ==, "localhost");
  g_free (read.text);
}

/* Google's refusals, as the scripted server says them, each with its own
 * action, and that action the one suggested button. */
static void
assert_google_refusal_action (Wizard     *wizard,
                              const char *scenario,
                              BmsProblem  problem,
                              guint       fix_page)
{
  g_autoptr(BmsTestScriptedServer) gmail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *port = NULL;
  GtkWidget *fix_button;
  GtkWidget *fix_detail;

  gmail = bms_test_scripted_server_start (scenario, BMS_TEST_TLS_IMPLICIT, &error);
  g_assert_no_error (error);
  ca_file = write_combined_ca_file (bms_test_scripted_server_get_ca_file (gmail));
  bms_application_set_ca_file (wizard->application, ca_file);
  port = g_strdup_printf ("%u", bms_test_scripted_server_get_port (gmail));

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_type_into (wizard, "imap_port", port);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  g_assert_true (bms_test_wait_until (problem_shown_cb, bms_test_wizard_page_widget (wizard, "problem_box"), MESSAGE_TIMEOUT_MS));
  g_assert_cmpstr (label_text (wizard, "problem_label"), ==, bms_problem_get_summary (problem));

  fix_button = bms_test_wizard_page_widget (wizard, "fix_button");
  fix_detail = bms_test_wizard_page_widget (wizard, "fix_detail_label");
  g_assert_true (gtk_widget_get_visible (fix_button));
  g_assert_cmpuint (bms_test_count_suggested (GTK_WIDGET (wizard->window)), ==, 1);
  g_assert_true (gtk_widget_has_css_class (fix_button, "suggested-action"));

  if (problem == BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN)
    {
      /* Not the app password page: Google's own page, its address shown
       * for when no browser opens. */
      g_assert_true (gtk_widget_get_visible (fix_detail));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fix_detail)), ==, "https://myaccount.google.com/notifications");
    }
  else if (problem == BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN)
    {
      ClipboardRead read = { FALSE, NULL };

      g_assert_true (gtk_widget_get_visible (fix_detail));
      bms_test_click (fix_button);
      gdk_clipboard_read_text_async (gtk_widget_get_clipboard (fix_button), NULL, clipboard_read_cb, &read);
      g_assert_true (bms_test_wait_until (read_done_cb, &read, MESSAGE_TIMEOUT_MS));
      g_assert_nonnull (strstr (read.text, TEST_ADDRESS));
      g_assert_nonnull (strstr (read.text, "IMAP"));
      g_assert_cmpstr (read.text, ==, gtk_label_get_text (GTK_LABEL (fix_detail)));
      g_free (read.text);
      bms_test_wizard_assert_on_page (wizard, PAGE_TEST);
    }
  else
    {
      g_assert_false (gtk_widget_get_visible (fix_detail));
      bms_test_click (fix_button);
      bms_test_wizard_assert_on_page (wizard, fix_page);
    }

  g_unlink (ca_file);
}

static void
test_wizard_action_app_password (Wizard *wizard, gconstpointer data)
{
  assert_google_refusal_action (wizard, "imap-app-password", BMS_PROBLEM_APP_PASSWORD_REQUIRED, PAGE_GOOGLE);
}

static void
test_wizard_action_revoked_app_password (Wizard *wizard, gconstpointer data)
{
  assert_google_refusal_action (wizard, "imap-invalid-credentials", BMS_PROBLEM_WRONG_PASSWORD, PAGE_GOOGLE);
}

static void
test_wizard_action_web_login (Wizard *wizard, gconstpointer data)
{
  assert_google_refusal_action (wizard, "imap-web-login", BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN, PAGE_TEST);
}

static void
test_wizard_action_domain_disabled (Wizard *wizard, gconstpointer data)
{
  assert_google_refusal_action (wizard, "imap-domain-disabled", BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN, PAGE_TEST);
}

/* The last page lists the values for BizMagic, and Close closes. */
static void
test_wizard_finish (Wizard        *wizard,
                    gconstpointer  data)
{
  GtkWidget *group;
  guint n_rows = 0;

  go_to_form (wizard);
  bms_test_wizard_fill_form (wizard, servers, TEST_ADDRESS);
  bms_test_wizard_press_next (wizard);
  wait_for_mail_test (wizard);
  bms_test_wizard_press_next (wizard);
  bms_test_wizard_assert_on_page (wizard, PAGE_FINISH);

  group = bms_test_wizard_page_widget (wizard, "values_group");
  for (GtkWidget *row = bms_test_find_widget_of_type (group, ADW_TYPE_ACTION_ROW);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      n_rows++;
  /* All 18 fields of BizMagic's form. */
  g_assert_cmpuint (n_rows, ==, 18);
  assert_finish_rows (group);
  assert_password_leaves_clipboard (wizard);

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (wizard->next_button)), ==, "_Close");
  bms_test_click (wizard->next_button);
  g_assert_true (bms_test_wait_until (no_windows_cb, wizard->application, MESSAGE_TIMEOUT_MS));
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

  g_test_add ("/wizard/walk", Wizard, ca_file, bms_test_wizard_setup, test_wizard_walk, bms_test_wizard_teardown);
  g_test_add ("/wizard/pages-by-name", Wizard, ca_file, bms_test_wizard_setup, test_wizard_pages_by_name, bms_test_wizard_teardown);
  g_test_add ("/wizard/saves-once", Wizard, ca_file, bms_test_wizard_setup, test_wizard_saves_once, bms_test_wizard_teardown);
  g_test_add ("/wizard/style-sheet", Wizard, ca_file, bms_test_wizard_setup, test_wizard_style_sheet, bms_test_wizard_teardown);
  g_test_add ("/wizard/app-password", Wizard, ca_file, bms_test_wizard_setup, test_wizard_app_password, bms_test_wizard_teardown);
  g_test_add ("/wizard/form-fields", Wizard, ca_file, bms_test_wizard_setup, test_wizard_form_fields, bms_test_wizard_teardown);
  g_test_add ("/wizard/values-survive", Wizard, ca_file, bms_test_wizard_setup, test_wizard_values_survive, bms_test_wizard_teardown);
  g_test_add ("/wizard/security-none", Wizard, ca_file, bms_test_wizard_setup, test_wizard_security_none, bms_test_wizard_teardown);
  g_test_add ("/wizard/imap-switches", Wizard, ca_file, bms_test_wizard_setup, test_wizard_imap_switches, bms_test_wizard_teardown);
  g_test_add ("/wizard/fetch-folders", Wizard, ca_file, bms_test_wizard_setup, test_wizard_fetch_folders, bms_test_wizard_teardown);
  g_test_add ("/wizard/mail-test-passes", Wizard, ca_file, bms_test_wizard_setup, test_wizard_mail_test_passes, bms_test_wizard_teardown);
  g_test_add ("/wizard/mail-test-imap-disabled", Wizard, ca_file, bms_test_wizard_setup, test_wizard_mail_test_imap_disabled, bms_test_wizard_teardown);
  g_test_add ("/wizard/mail-test-wrong-password", Wizard, ca_file, bms_test_wizard_setup, test_wizard_mail_test_wrong_password, bms_test_wizard_teardown);
  g_test_add ("/wizard/failed-test-not-saved", Wizard, ca_file, bms_test_wizard_setup, test_wizard_failed_test_not_saved, bms_test_wizard_teardown);
  g_test_add ("/wizard/passed-test-saved", Wizard, ca_file, bms_test_wizard_setup, test_wizard_passed_test_saved, bms_test_wizard_teardown);
  g_test_add ("/wizard/empty-password-refused", Wizard, ca_file, bms_test_wizard_setup, test_wizard_empty_password_refused, bms_test_wizard_teardown);
  g_test_add ("/wizard/fetch-folders-refused", Wizard, ca_file, bms_test_wizard_setup, test_wizard_fetch_folders_refused, bms_test_wizard_teardown);
  g_test_add ("/wizard/links-shareable", Wizard, ca_file, bms_test_wizard_setup, test_wizard_links_shareable, bms_test_wizard_teardown);
  g_test_add ("/wizard/action/app-password", Wizard, ca_file, bms_test_wizard_setup, test_wizard_action_app_password, bms_test_wizard_teardown);
  g_test_add ("/wizard/action/revoked-app-password", Wizard, ca_file, bms_test_wizard_setup, test_wizard_action_revoked_app_password, bms_test_wizard_teardown);
  g_test_add ("/wizard/action/web-login", Wizard, ca_file, bms_test_wizard_setup, test_wizard_action_web_login, bms_test_wizard_teardown);
  g_test_add ("/wizard/action/domain-disabled", Wizard, ca_file, bms_test_wizard_setup, test_wizard_action_domain_disabled, bms_test_wizard_teardown);
  g_test_add ("/wizard/server-files-sent", Wizard, ca_file, bms_test_wizard_setup, test_wizard_server_files_sent, bms_test_wizard_teardown);
  g_test_add ("/wizard/finish", Wizard, ca_file, bms_test_wizard_setup, test_wizard_finish, bms_test_wizard_teardown);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
