/* test-keyboard.c: the whole wizard with the keyboard alone.
 *
 * Real key presses through the X server (xdotool): Enter and alt+N for
 * Next, alt+letter to reach a field, Tab from one field to the next, typed
 * text, Escape to stop a running mail test, alt+C to close. No widget is
 * clicked or filled in from the test's side on the way.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-test-page.h"
#include "bms-test-servers.h"
#include "bms-test-utils.h"

#define MESSAGE_TIMEOUT_MS 3000
#define MAIL_TEST_TIMEOUT_MS 30000
/* Escape must stop a test that hangs well before any network timeout. */
#define CANCEL_TIMEOUT_MS 2000
#define TEST_ADDRESS "alice@example.com"

static BmsTestServers *servers;

typedef BmsTestWizard Fixture;
/* The fixture of the test that runs, for the wait conditions. */
static Fixture *current_fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  ca_file)
{
  bms_test_wizard_setup (fixture, ca_file);
  current_fixture = fixture;
  g_assert_true (bms_test_wait_for_focus (GTK_WINDOW (fixture->window)));
}

static void
press (const char *key)
{
  const char *keys[] = { key, NULL };

  bms_test_press_keys (keys);
}

/* Whether the keyboard focus is @id or inside it (an entry's text, a
 * drop-down's button). */
static gboolean
focus_in (Fixture    *fixture,
          const char *id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *widget = bms_test_wizard_page_widget (fixture, id);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
assert_focus_in (Fixture    *fixture,
                 const char *id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  if (!focus_in (fixture, id))
    g_error ("The focus is on %s (%s), not in “%s”",
             focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing",
             focus != NULL && GTK_IS_BUILDABLE (focus) ?
               gtk_buildable_get_buildable_id (GTK_BUILDABLE (focus)) : "-",
             id);
}

/* Reaches a field by its mnemonic and types over what it holds. */
static void
type_into (Fixture    *fixture,
           const char *mnemonic,
           const char *id,
           const char *text)
{
  press (mnemonic);
  assert_focus_in (fixture, id);
  /* The field's whole text is selected when it is reached by its
   * mnemonic; ctrl+a makes sure, and the typing replaces it. */
  press ("ctrl+a");
  press ("BackSpace");
  bms_test_type_text (text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (fixture, id))), ==, text);
}

static gboolean
on_page_cb (gpointer user_data)
{
  return bms_test_wizard_current_index (current_fixture) == GPOINTER_TO_UINT (user_data);
}

/* Presses @key and waits for page @index. */
static void
press_to_page (Fixture    *fixture,
               const char *key,
               guint       index)
{
  press (key);
  bms_test_wait_until (on_page_cb, GUINT_TO_POINTER (index), MESSAGE_TIMEOUT_MS);
  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, index);
}

/* Enter goes to the next page when Next is enabled, and does nothing
 * otherwise. */
static void
press_enter_expecting (Fixture *fixture,
                       guint    index)
{
  gboolean enabled = gtk_widget_is_sensitive (fixture->next_button);
  guint before = bms_test_wizard_current_index (fixture);

  g_assert_true (index == (enabled ? before + 1 : before));
  press ("Return");
  if (enabled)
    bms_test_wait_until (on_page_cb, GUINT_TO_POINTER (index), MESSAGE_TIMEOUT_MS);
  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, index);
}

/* The form's fields in the order BizMagic's dialog has them: Tab goes from
 * each to the next. */
static const char *form_tab_order[] = {
  "employee_name_entry",
  "email_entry",
  "smtp_user_entry",
  "smtp_password_entry",
  "smtp_host_entry",
  "smtp_port_entry",
  "smtp_security_dropdown",
  "sender_name_entry",
  "save_sent_check",
  "imap_same_check",
  "imap_user_entry",
  "imap_password_entry",
  "imap_host_entry",
  "imap_port_entry",
  "imap_security_dropdown",
  "sent_folder_entry",
  "fetch_folders_button",
  "bcc_self_check",
  "notify_employee_check",
};

static void
assert_form_tab_order (Fixture *fixture)
{
  press ("alt+e");
  assert_focus_in (fixture, form_tab_order[0]);
  for (guint i = 1; i < G_N_ELEMENTS (form_tab_order); i++)
    {
      g_test_message ("Tab from %s", form_tab_order[i - 1]);
      press ("Tab");
      assert_focus_in (fixture, form_tab_order[i]);
    }

  /* And back again. */
  for (guint i = G_N_ELEMENTS (form_tab_order) - 1; i > 0; i--)
    {
      g_test_message ("shift+Tab from %s", form_tab_order[i]);
      press ("shift+Tab");
      assert_focus_in (fixture, form_tab_order[i - 1]);
    }
}

static gboolean
no_windows_cb (gpointer user_data)
{
  return gtk_application_get_windows (GTK_APPLICATION (user_data)) == NULL;
}

/* Welcome to Close, keys only, against the private servers. */
static void
test_keyboard_walk (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *smtp_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "smtp_starttls_port"));
  g_autofree char *imap_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "imaps_port"));
  BmsMailTest *mail_test;

  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, PAGE_WELCOME);
  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  press_enter_expecting (fixture, PAGE_GOOGLE);

  /* The app password: half of it keeps Next off, and Enter with it. */
  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  press ("alt+p");
  assert_focus_in (fixture, "app_password_entry");
  bms_test_type_text ("abcd efgh");
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));
  press_enter_expecting (fixture, PAGE_GOOGLE);
  bms_test_type_text (" ijkl mnop");
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));
  press_enter_expecting (fixture, PAGE_IMAP);

  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  press_to_page (fixture, "alt+n", PAGE_FORM);

  /* The form: Next off until it is complete; Tab in the dialog's order. */
  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));
  assert_form_tab_order (fixture);

  type_into (fixture, "alt+e", "employee_name_entry", "Yamada Taro");
  press ("Tab");
  assert_focus_in (fixture, "email_entry");
  /* No address yet: Enter in the field does not go on. */
  press_enter_expecting (fixture, PAGE_FORM);
  bms_test_type_text (TEST_ADDRESS);
  type_into (fixture, "alt+i", "email_entry", TEST_ADDRESS);
  type_into (fixture, "alt+p", "smtp_password_entry", BMS_TEST_PASSWORD);
  type_into (fixture, "alt+g", "smtp_host_entry", "localhost");
  type_into (fixture, "alt+o", "smtp_port_entry", smtp_port);
  type_into (fixture, "alt+w", "imap_password_entry", BMS_TEST_PASSWORD);
  type_into (fixture, "alt+v", "imap_host_entry", "localhost");
  type_into (fixture, "alt+r", "imap_port_entry", imap_port);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (fixture, "smtp_user_entry"))), ==, TEST_ADDRESS);

  /* A port out of range: Enter stays; put right, Enter runs the test. */
  type_into (fixture, "alt+o", "smtp_port_entry", "70000");
  press_enter_expecting (fixture, PAGE_FORM);
  type_into (fixture, "alt+o", "smtp_port_entry", smtp_port);
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_is_sensitive,
                                      fixture->next_button, MESSAGE_TIMEOUT_MS));
  press_enter_expecting (fixture, PAGE_TEST);

  /* The mail test passes, with the manual's two messages. */
  g_assert_true (bms_test_wait_until (bms_test_wizard_page_complete_cb, fixture, MAIL_TEST_TIMEOUT_MS));
  mail_test = bms_test_page_get_mail_test (BMS_TEST_PAGE (bms_assistant_get_current_page (fixture->assistant)));
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    g_assert_cmpint (bms_mail_test_get_state (mail_test, step), ==, BMS_STEP_OK);
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (fixture, "success_box")));
  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  press_to_page (fixture, "alt+n", PAGE_FINISH);

  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));
  press ("alt+c");
  g_assert_true (bms_test_wait_until (no_windows_cb, fixture->application, MESSAGE_TIMEOUT_MS));
}

/* Back and forth with alt+B and alt+N, and Enter on each page. */
static void
test_keyboard_back_and_next (Fixture       *fixture,
                             gconstpointer  data)
{
  press_to_page (fixture, "Return", PAGE_GOOGLE);
  press_to_page (fixture, "alt+n", PAGE_IMAP);
  press_to_page (fixture, "alt+b", PAGE_GOOGLE);
  press_to_page (fixture, "alt+b", PAGE_WELCOME);
  press_to_page (fixture, "alt+n", PAGE_GOOGLE);
  press_to_page (fixture, "alt+n", PAGE_IMAP);
  press_to_page (fixture, "Return", PAGE_FORM);
  /* The empty form: neither Enter nor alt+N goes on. */
  press ("Return");
  press_to_page (fixture, "alt+n", PAGE_FORM);
}

static gboolean
test_stopped_cb (gpointer user_data)
{
  BmsMailTest *mail_test = user_data;

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      BmsStepState state = bms_mail_test_get_state (mail_test, step);

      if (state == BMS_STEP_WAITING || state == BMS_STEP_RUNNING)
        return FALSE;
    }

  return TRUE;
}

/* A server that never answers: the test hangs until Escape stops it,
 * at once, and every step says it was cancelled (or skipped). */
static void
test_keyboard_escape_cancels (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BmsTestScriptedServer) silent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  BmsMailTest *mail_test;
  gint64 start;
  guint n_cancelled = 0;

  silent = bms_test_scripted_server_start ("silent", BMS_TEST_TLS_NONE, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", bms_test_scripted_server_get_port (silent));

  press_to_page (fixture, "Return", PAGE_GOOGLE);
  press ("alt+p");
  bms_test_type_text ("abcdefghijklmnop");
  press_to_page (fixture, "Return", PAGE_IMAP);
  press_to_page (fixture, "alt+n", PAGE_FORM);
  type_into (fixture, "alt+i", "email_entry", TEST_ADDRESS);
  type_into (fixture, "alt+g", "smtp_host_entry", "localhost");
  type_into (fixture, "alt+o", "smtp_port_entry", port);
  type_into (fixture, "alt+v", "imap_host_entry", "localhost");
  type_into (fixture, "alt+r", "imap_port_entry", port);
  press_enter_expecting (fixture, PAGE_TEST);

  mail_test = bms_test_page_get_mail_test (BMS_TEST_PAGE (bms_assistant_get_current_page (fixture->assistant)));
  g_assert_false (test_stopped_cb (mail_test));
  /* Next waits for the test; Enter does not skip it. */
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));
  press_to_page (fixture, "Return", PAGE_TEST);
  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));

  start = g_get_monotonic_time ();
  press ("Escape");
  g_assert_true (bms_test_wait_until (test_stopped_cb, mail_test, CANCEL_TIMEOUT_MS));
  g_test_message ("Escape stopped the test in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      BmsStepState state = bms_mail_test_get_state (mail_test, step);

      g_assert_true (state == BMS_STEP_CANCELLED || state == BMS_STEP_SKIPPED);
      if (state == BMS_STEP_CANCELLED)
        n_cancelled++;
    }
  g_assert_cmpuint (n_cancelled, >, 0);
  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, PAGE_TEST);

  /* A cancelled test is not a pass: alt+N does not go on, the page says
   * the settings are untested, and Test Again is the one suggestion. */
  bms_test_process_events ();
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));
  press ("alt+n");
  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, PAGE_TEST);
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (fixture, "problem_box")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bms_test_wizard_page_widget (fixture, "problem_label"))), ==,
                   "The test was cancelled: these settings have not been tested.");
  g_assert_true (gtk_widget_get_visible (bms_test_wizard_page_widget (fixture, "save_anyway_button")));
  g_assert_cmpuint (bms_test_count_suggested (GTK_WIDGET (fixture->window)), ==, 1);
  g_assert_true (gtk_widget_has_css_class (bms_test_wizard_page_widget (fixture, "test_again_button"),
                                           "suggested-action"));
  g_assert_cmpint (bms_account_get_test_status (bms_window_get_account (fixture->window)), ==,
                   BMS_TEST_STATUS_UNKNOWN);
  bms_test_assert_unique_mnemonics (GTK_WIDGET (fixture->window));

  /* alt+B goes back to the form to put it right. */
  press_to_page (fixture, "alt+b", PAGE_FORM);
}

/* Whether the keyboard focus is on the page now shown, or inside it. */
static gboolean
focus_in_current_page (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (fixture->assistant));

  return focus != NULL && (focus == page || gtk_widget_is_ancestor (focus, page));
}

static void
assert_focus_in_current_page (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  if (!focus_in_current_page (fixture))
    g_error ("On page %s the focus is on %s, outside the page",
             bms_test_wizard_page_name (bms_test_wizard_current_index (fixture)),
             focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
}

/* Gives GTK time to act on a key that would go one page too far. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    bms_test_process_events ();
}

/* Every page change, by Enter, alt+N and alt+B, puts the focus into the
 * new page: one Enter on the welcome page shows page 1 and stays there. */
static void
test_keyboard_focus_follows_page (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const struct {
    const char *key;
    guint       page;
  } moves[] = {
    { "alt+n", PAGE_IMAP },
    { "alt+n", PAGE_FORM },
    { "alt+b", PAGE_IMAP },
    { "alt+b", PAGE_GOOGLE },
    { "alt+b", PAGE_WELCOME },
    { "alt+n", PAGE_GOOGLE },
  };

  press_to_page (fixture, "Return", PAGE_GOOGLE);
  settle ();
  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, PAGE_GOOGLE);
  assert_focus_in_current_page (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      press_to_page (fixture, moves[i].key, moves[i].page);
      assert_focus_in_current_page (fixture);
    }

  /* The form starts in its first field. */
  press_to_page (fixture, "alt+n", PAGE_IMAP);
  press_to_page (fixture, "alt+n", PAGE_FORM);
  assert_focus_in (fixture, "employee_name_entry");
}

/* Enter on page 2's checklist goes on to the form; it does not tick the box
 * that has the focus. Space still ticks it. */
static void
test_keyboard_enter_on_checklist (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *check;

  press_to_page (fixture, "Return", PAGE_GOOGLE);
  press_to_page (fixture, "Return", PAGE_IMAP);
  check = bms_test_wizard_page_widget (fixture, "step1_check");
  for (guint i = 0; i < 10 && !focus_in (fixture, "step1_check"); i++)
    press ("Tab");
  assert_focus_in (fixture, "step1_check");

  press ("space");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  press ("space");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  press_to_page (fixture, "Return", PAGE_FORM);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

/* Reaches a field by its mnemonic and types @typed over what it holds;
 * the field then holds @expected. */
static void
type_expecting (Fixture    *fixture,
                const char *mnemonic,
                const char *id,
                const char *typed,
                const char *expected)
{
  press (mnemonic);
  assert_focus_in (fixture, id);
  press ("ctrl+a");
  press ("BackSpace");
  bms_test_type_text_with_delay (typed, 120);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (fixture, id))), ==, expected);
}

/* Puts @text on the clipboard and pastes it with ctrl+V over the field. */
static void
paste_expecting (Fixture    *fixture,
                 const char *mnemonic,
                 const char *id,
                 const char *text,
                 const char *expected)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (fixture->window)), text);
  bms_test_process_events ();
  press (mnemonic);
  assert_focus_in (fixture, id);
  press ("ctrl+a");
  press ("BackSpace");
  press ("ctrl+v");
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_get_visible,
                                      bms_test_wizard_page_widget (fixture, id), MESSAGE_TIMEOUT_MS));
  bms_test_process_events ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (fixture, id))), ==, expected);
}

/* What the input method types in full width where only ASCII can be meant
 * arrives as ASCII; a pasted line loses its line break, a break inside a
 * pasted value stays and is reported. */
static void
test_keyboard_full_width_input (Fixture       *fixture,
                                gconstpointer  data)
{
  BmsAccount *account = bms_window_get_account (fixture->window);

  press_to_page (fixture, "Return", PAGE_GOOGLE);
  type_expecting (fixture, "alt+p", "app_password_entry",
                  "ａｂｃｄ　ｅｆｇｈ　ｉｊｋｌ　ｍｎｏｐ", "abcd efgh ijkl mnop");
  g_assert_true (gtk_widget_is_sensitive (fixture->next_button));
  g_assert_cmpstr (bms_account_get_smtp_password (account), ==, "abcdefghijklmnop");
  press_to_page (fixture, "Return", PAGE_IMAP);
  press_to_page (fixture, "alt+n", PAGE_FORM);

  type_expecting (fixture, "alt+i", "email_entry", "ｔａｒｏ．ｙａｍａｄａ＠ｇｍａｉｌ．ｃｏｍ", "taro.yamada@gmail.com");
  g_assert_cmpstr (bms_account_get_email (account), ==, "taro.yamada@gmail.com");
  type_expecting (fixture, "alt+g", "smtp_host_entry", "ｓｍｔｐ。ｇｍａｉｌ。ｃｏｍ", "smtp.gmail.com");
  /* Half-width and full-width typing mixed: the cursor stays at the end. */
  type_expecting (fixture, "alt+v", "imap_host_entry", "imap．ｇｍａｉｌ.com", "imap.gmail.com");
  type_expecting (fixture, "alt+o", "smtp_port_entry", "４６５", "465");
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==, 465);
  type_expecting (fixture, "alt+r", "imap_port_entry", "９９３", "993");
  /* An app password in the form's password field: Gmail's servers. */
  type_expecting (fixture, "alt+p", "smtp_password_entry", "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐ", "abcdefghijklmnop");

  /* A whole line copied from somewhere, with its line break. */
  paste_expecting (fixture, "alt+g", "smtp_host_entry", "smtp.gmail.com\n", "smtp.gmail.com");
  paste_expecting (fixture, "alt+i", "email_entry", "taro.yamada@gmail.com\r\n", "taro.yamada@gmail.com");
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_is_sensitive,
                                      fixture->next_button, MESSAGE_TIMEOUT_MS));

  /* A break inside the value is not the copy's: it stays, and is said. */
  paste_expecting (fixture, "alt+g", "smtp_host_entry", "smtp.gmail\n.com", "smtp.gmail\n.com");
  g_assert_false (gtk_widget_is_sensitive (fixture->next_button));
  g_assert_true (bms_test_wait_until ((BmsTestCondition) gtk_widget_get_visible,
                                      bms_test_wizard_page_widget (fixture, "smtp_host_message"),
                                      MESSAGE_TIMEOUT_MS));
}

static gboolean
quit_question_shown_cb (gpointer user_data)
{
  return bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Types something on the form, presses ctrl+Q and waits for the question. */
static void
ask_to_quit_with_input (Fixture *fixture)
{
  press_to_page (fixture, "Return", PAGE_GOOGLE);
  press_to_page (fixture, "Return", PAGE_IMAP);
  press_to_page (fixture, "Return", PAGE_FORM);
  type_into (fixture, "alt+e", "employee_name_entry", "Yamada Taro");

  press ("ctrl+q");
  g_assert_true (bms_test_wait_until (quit_question_shown_cb, NULL, MESSAGE_TIMEOUT_MS));
  g_assert_true (bms_test_wait_for_focus (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));
}

/* Ctrl+Q asks before what was typed is lost; Escape keeps editing. */
static void
test_keyboard_quit_asks_keep (Fixture       *fixture,
                              gconstpointer  data)
{
  ask_to_quit_with_input (fixture);
  press ("Escape");
  g_assert_true (bms_test_wait_until (bms_test_toplevel_gone_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                                      MESSAGE_TIMEOUT_MS));
  g_assert_nonnull (gtk_application_get_windows (GTK_APPLICATION (fixture->application)));
  g_assert_cmpuint (bms_test_wizard_current_index (fixture), ==, PAGE_FORM);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bms_test_wizard_page_widget (fixture, "employee_name_entry"))),
                   ==, "Yamada Taro");
}

/* ...and its "Quit" quits. */
static void
test_keyboard_quit_asks_quit (Fixture       *fixture,
                              gconstpointer  data)
{
  ask_to_quit_with_input (fixture);
  press ("alt+q");
  g_assert_true (bms_test_wait_until (no_windows_cb, fixture->application, MESSAGE_TIMEOUT_MS));
}

/* With nothing typed, Ctrl+Q quits at once. */
static void
test_keyboard_quit_untouched (Fixture       *fixture,
                              gconstpointer  data)
{
  press_to_page (fixture, "Return", PAGE_GOOGLE);
  press ("ctrl+q");
  g_assert_true (bms_test_wait_until (no_windows_cb, fixture->application, MESSAGE_TIMEOUT_MS));
  g_assert_null (bms_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
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

  g_test_add ("/keyboard/walk", Fixture, ca_file, fixture_setup, test_keyboard_walk, bms_test_wizard_teardown);
  g_test_add ("/keyboard/back-and-next", Fixture, ca_file, fixture_setup, test_keyboard_back_and_next, bms_test_wizard_teardown);
  g_test_add ("/keyboard/escape-cancels", Fixture, ca_file, fixture_setup, test_keyboard_escape_cancels, bms_test_wizard_teardown);
  g_test_add ("/keyboard/focus-follows-page", Fixture, ca_file, fixture_setup, test_keyboard_focus_follows_page, bms_test_wizard_teardown);
  g_test_add ("/keyboard/enter-on-checklist", Fixture, ca_file, fixture_setup, test_keyboard_enter_on_checklist, bms_test_wizard_teardown);
  g_test_add ("/keyboard/full-width-input", Fixture, ca_file, fixture_setup, test_keyboard_full_width_input, bms_test_wizard_teardown);
  g_test_add ("/keyboard/quit-asks-keep", Fixture, ca_file, fixture_setup, test_keyboard_quit_asks_keep, bms_test_wizard_teardown);
  g_test_add ("/keyboard/quit-asks-quit", Fixture, ca_file, fixture_setup, test_keyboard_quit_asks_quit, bms_test_wizard_teardown);
  g_test_add ("/keyboard/quit-untouched", Fixture, ca_file, fixture_setup, test_keyboard_quit_untouched, bms_test_wizard_teardown);

  status = g_test_run ();
  bms_test_servers_stop (servers);

  return status;
}
