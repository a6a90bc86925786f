/* test-provider-pages.c: what pages 1 and 2 say for each provider of the
 * address, in the real window under Xvfb.
 *
 * The application's resolver is one of the test's own (tests/bms-test-
 * resolver.c); the system's resolver with a real DNS server is tested in
 * test-provider (tests/run-with-dns.sh).
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-account.h"
#include "bms-test-resolver.h"
#include "bms-test-utils.h"

#define LOOKUP_TIMEOUT_MS 5000

typedef struct {
  BmsTestWizard    wizard;
  BmsTestResolver *resolver;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->resolver = bms_test_resolver_new ();
  g_resolver_set_default (G_RESOLVER (fixture->resolver));
  bms_test_wizard_start (&fixture->wizard, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bms_test_wizard_stop (&fixture->wizard);
  g_clear_object (&fixture->resolver);
}

static BmsAccount *
account_of (Fixture *fixture)
{
  return bms_window_get_account (fixture->wizard.window);
}

static GtkWidget *
current_page (Fixture *fixture)
{
  return GTK_WIDGET (bms_assistant_get_current_page (fixture->wizard.assistant));
}

static void
press_next (Fixture *fixture)
{
  g_assert_true (gtk_widget_get_sensitive (fixture->wizard.next_button));
  bms_test_click (fixture->wizard.next_button);
  bms_test_process_events ();
}

static gboolean
provider_known_cb (gpointer data)
{
  BmsAccount *account = data;

  return !bms_account_get_checking_provider (account) && bms_account_get_provider (account) != NULL;
}

/* Types the address into page 1's field, as a person would, and waits for
 * the provider to be known. */
static void
type_address (Fixture    *fixture,
              const char *address)
{
  GtkWidget *row = bms_test_find_widget (current_page (fixture), "email_entry");

  g_assert_nonnull (row);
  bms_test_set_text (row, address);
  g_assert_cmpstr (bms_account_get_email (account_of (fixture)), ==, address);
  g_assert_true (bms_test_wait_until (provider_known_cb, account_of (fixture), LOOKUP_TIMEOUT_MS));
  bms_test_process_events ();
}

static GtkWidget *
notice_part (Fixture    *fixture,
             const char *id)
{
  GtkWidget *notice = bms_test_find_widget (current_page (fixture), "provider_notice");
  GtkWidget *part;

  g_assert_nonnull (notice);
  part = bms_test_find_widget (notice, id);
  g_assert_nonnull (part);

  return part;
}

static gboolean
notice_shown (Fixture *fixture)
{
  return gtk_widget_is_visible (notice_part (fixture, "box"));
}

static const char *
notice_text (Fixture    *fixture,
             const char *id)
{
  return gtk_label_get_label (GTK_LABEL (notice_part (fixture, id)));
}

static void
go_to_google_page (Fixture *fixture)
{
  press_next (fixture);
  g_assert_nonnull (bms_test_find_widget (current_page (fixture), "email_entry"));
}

static void
test_provider_pages_gmail (Fixture       *fixture,
                           gconstpointer  data)
{
  go_to_google_page (fixture);
  g_assert_false (notice_shown (fixture));

  type_address (fixture, "taro@gmail.com");
  g_assert_cmpint (bms_account_get_provider_kind (account_of (fixture)), ==, BMS_PROVIDER_GMAIL);
  /* Personal Gmail: every step applies as written, nothing to add. */
  g_assert_false (notice_shown (fixture));
  g_assert_cmpuint (bms_test_resolver_get_lookups (fixture->resolver), ==, 0);
  bms_test_save_screenshot (GTK_WIDGET (fixture->wizard.window), "provider-gmail");
}

static void
test_provider_pages_workspace (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *clipboard_text = NULL;

  go_to_google_page (fixture);
  type_address (fixture, "hanako@workspace.test");

  g_assert_cmpint (bms_account_get_provider_kind (account_of (fixture)), ==, BMS_PROVIDER_WORKSPACE);
  g_assert_true (notice_shown (fixture));
  g_assert_nonnull (strstr (notice_text (fixture, "title_label"), "workspace.test"));
  g_assert_nonnull (strstr (notice_text (fixture, "title_label"), "Google Workspace"));
  g_assert_true (gtk_widget_is_visible (notice_part (fixture, "request_box")));
  g_assert_nonnull (strstr (notice_text (fixture, "request_label"), "workspace.test"));
  g_assert_false (gtk_widget_is_visible (notice_part (fixture, "choice_box")));
  bms_test_assert_unique_mnemonics (current_page (fixture));
  bms_test_save_screenshot (GTK_WIDGET (fixture->wizard.window), "provider-workspace");

  /* The request is copied whole, for the domain's administrator. */
  bms_test_click (notice_part (fixture, "copy_request_button"));
  bms_test_process_events ();
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (current_page (fixture));
    GValue text = G_VALUE_INIT;

    /* The content is this process's own: read it without a round trip. */
    g_value_init (&text, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &text, NULL));
    clipboard_text = g_value_dup_string (&text);
    g_value_unset (&text);
  }
  g_assert_cmpstr (clipboard_text, ==, notice_text (fixture, "request_label"));

  /* Page 2 says what the domain's administrator decides about IMAP. */
  press_next (fixture);
  g_assert_true (notice_shown (fixture));
  g_assert_nonnull (strstr (notice_text (fixture, "body_label"), "IMAP"));
  g_assert_true (gtk_widget_is_visible (notice_part (fixture, "request_box")));
}

static void
test_provider_pages_other (Fixture       *fixture,
                           gconstpointer  data)
{
  BmsAccount *account = account_of (fixture);

  go_to_google_page (fixture);
  type_address (fixture, "jiro@hosting.test");

  g_assert_cmpint (bms_account_get_provider_kind (account), ==, BMS_PROVIDER_OTHER);
  g_assert_true (notice_shown (fixture));
  g_assert_nonnull (strstr (notice_text (fixture, "title_label"), "hosting.test"));
  g_assert_nonnull (strstr (notice_text (fixture, "body_label"), "mx.hosting.example.ne.jp"));
  g_assert_true (gtk_widget_is_visible (notice_part (fixture, "choice_box")));
  g_assert_false (gtk_widget_is_visible (notice_part (fixture, "request_box")));
  bms_test_assert_unique_mnemonics (current_page (fixture));
  bms_test_save_screenshot (GTK_WIDGET (fixture->wizard.window), "provider-other");

  /* Not filled in silently: the Gmail values stay until the administrator
   * chooses, then the server fields are left for the provider's values. */
  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, BMS_GMAIL_SMTP_HOST);
  bms_test_click (notice_part (fixture, "use_provider_button"));
  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, "");
  g_assert_cmpstr (bms_account_get_imap_host (account), ==, "");
  g_assert_cmpstr (bms_account_get_sent_folder (account), ==, "");
  bms_test_process_events ();
  g_assert_false (gtk_widget_is_visible (notice_part (fixture, "choice_box")));
  g_assert_nonnull (strstr (notice_text (fixture, "body_label"), "left empty"));

  /* Page 2 says Gmail's IMAP does not apply; the choice is made already. */
  press_next (fixture);
  g_assert_true (notice_shown (fixture));
  g_assert_nonnull (strstr (notice_text (fixture, "title_label"), "not a Google mail domain"));
  g_assert_false (gtk_widget_is_visible (notice_part (fixture, "choice_box")));
}

/* The form, where Gmail's servers were filled in, says so too until the
 * administrator chooses; for Gmail and Workspace it says nothing. */
static void
test_provider_pages_form (Fixture       *fixture,
                          gconstpointer  data)
{
  BmsAccount *account = account_of (fixture);

  go_to_google_page (fixture);
  type_address (fixture, "jiro@hosting.test");
  press_next (fixture);
  press_next (fixture);
  g_assert_nonnull (bms_test_find_widget (current_page (fixture), "summary_label"));
  g_assert_true (notice_shown (fixture));
  g_assert_nonnull (strstr (notice_text (fixture, "body_label"), "Gmail's values"));
  g_assert_true (gtk_widget_is_visible (notice_part (fixture, "choice_box")));
  bms_test_assert_unique_mnemonics (current_page (fixture));
  bms_test_save_screenshot (GTK_WIDGET (fixture->wizard.window), "provider-other-form");

  bms_test_click (notice_part (fixture, "use_provider_button"));
  bms_test_process_events ();
  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, "");
  g_assert_false (notice_shown (fixture));

  /* The same address typed again on the form: nothing is asked twice. */
  bms_account_set_provider (account, NULL);
  g_object_set (account, "email", "jiro@workspace.test", NULL);
  g_assert_true (bms_test_wait_until (provider_known_cb, account, LOOKUP_TIMEOUT_MS));
  bms_test_process_events ();
  g_assert_false (notice_shown (fixture));
}

static void
test_provider_pages_google_after_all (Fixture       *fixture,
                                      gconstpointer  data)
{
  BmsAccount *account = account_of (fixture);

  go_to_google_page (fixture);
  type_address (fixture, "jiro@hosting.test");
  bms_test_click (notice_part (fixture, "google_after_all_button"));
  bms_test_process_events ();

  g_assert_cmpint (bms_account_get_provider_kind (account), ==, BMS_PROVIDER_WORKSPACE);
  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, BMS_GMAIL_SMTP_HOST);
  g_assert_nonnull (strstr (notice_text (fixture, "title_label"), "Google Workspace"));
}

static gboolean
provider_is_workspace_cb (gpointer data)
{
  return bms_account_get_provider_kind (data) == BMS_PROVIDER_WORKSPACE;
}

/* The mail test's evidence beats DNS: an address whose domain's MX records
 * are not Google's, but which signs in at a server that says it is Gmail's,
 * is a Google Workspace account after all. */
static void
test_provider_pages_test_evidence (Fixture       *fixture,
                                   gconstpointer  data)
{
  BmsAccount *account = account_of (fixture);
  g_autoptr(BmsTestScriptedServer) gmail = NULL;
  g_autoptr(GError) error = NULL;

  gmail = bms_test_scripted_server_start ("smtp-gmail", BMS_TEST_TLS_IMPLICIT, &error);
  g_assert_no_error (error);
  bms_application_set_ca_file (fixture->wizard.application, bms_test_scripted_server_get_ca_file (gmail));

  go_to_google_page (fixture);
  type_address (fixture, "jiro@hosting.test");
  g_assert_cmpint (bms_account_get_provider_kind (account), ==, BMS_PROVIDER_OTHER);

  /* Sending only, to the server that speaks as Gmail does. */
  g_object_set (account,
                "smtp-host", "localhost",
                "smtp-port", (guint) bms_test_scripted_server_get_port (gmail),
                "smtp-security", BMS_SECURITY_SSL_TLS,
                "smtp-password", "abcdefghijklmnop",
                "save-sent", FALSE,
                NULL);
  press_next (fixture);
  press_next (fixture);
  press_next (fixture);

  g_assert_true (bms_test_wait_until (provider_is_workspace_cb, account, LOOKUP_TIMEOUT_MS));
  g_assert_cmpstr (bms_provider_result_get_domain (bms_account_get_provider (account)), ==, "hosting.test");
}

static void
test_provider_pages_unknown (Fixture       *fixture,
                             gconstpointer  data)
{
  go_to_google_page (fixture);
  type_address (fixture, "saburo@nosuch.test");

  g_assert_cmpint (bms_account_get_provider_kind (account_of (fixture)), ==, BMS_PROVIDER_UNKNOWN);
  g_assert_true (notice_shown (fixture));
  g_assert_nonnull (strstr (notice_text (fixture, "title_label"), "nosuch.test"));
  /* The walk goes on as today. */
  g_assert_true (gtk_widget_get_sensitive (fixture->wizard.next_button));
  bms_test_save_screenshot (GTK_WIDGET (fixture->wizard.window), "provider-unknown");
}

/* Typing is never held up: the address is looked up once it stays the same,
 * not once per key, and a new domain replaces what the old one said. */
static void
test_provider_pages_typing (Fixture       *fixture,
                            gconstpointer  data)
{
  BmsAccount *account = account_of (fixture);
  GtkWidget *row;
  const char *steps[] = { "h@h", "h@ho", "h@hos", "h@hosting.tes", "h@hosting.test" };

  go_to_google_page (fixture);
  row = bms_test_find_widget (current_page (fixture), "email_entry");
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      bms_test_set_text (row, steps[i]);
      g_assert_cmpstr (bms_account_get_email (account), ==, steps[i]);
    }
  g_assert_true (bms_test_wait_until (provider_known_cb, account, LOOKUP_TIMEOUT_MS));
  g_assert_cmpint (bms_account_get_provider_kind (account), ==, BMS_PROVIDER_OTHER);
  g_assert_cmpuint (bms_test_resolver_get_lookups (fixture->resolver), ==, 1);

  /* Another domain: what was said of the first one goes at once. */
  bms_test_set_text (row, "h@workspace.test");
  g_assert_null (bms_account_get_provider (account));
  g_assert_true (bms_account_get_checking_provider (account));
  g_assert_true (bms_test_wait_until (provider_known_cb, account, LOOKUP_TIMEOUT_MS));
  g_assert_cmpint (bms_account_get_provider_kind (account), ==, BMS_PROVIDER_WORKSPACE);

  /* No address: nothing said. */
  bms_test_set_text (row, "");
  bms_test_process_events ();
  g_assert_null (bms_account_get_provider (account));
  g_assert_false (notice_shown (fixture));
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/provider-pages/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("gmail", test_provider_pages_gmail);
  ADD ("workspace", test_provider_pages_workspace);
  ADD ("other", test_provider_pages_other);
  ADD ("form", test_provider_pages_form);
  ADD ("google-after-all", test_provider_pages_google_after_all);
  ADD ("unknown", test_provider_pages_unknown);
  ADD ("test-evidence", test_provider_pages_test_evidence);
  ADD ("typing", test_provider_pages_typing);
#undef ADD

  return g_test_run ();
}
