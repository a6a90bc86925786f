/* bms-test-page.c: the mail test.
 *
 * The manual's メールテスト, run for real when the page is shown: each step
 * in a row with a spinner and then its result; on success the manual's two
 * messages; on failure what went wrong and what to do, with the server's own
 * words under "Details". The test runs again when the settings changed since,
 * or when the administrator asks. Cancel (or Escape) stops it at once, and
 * so does leaving the page.
 *
 * One rule keeps the end honest: Next is open only after a passed test, and
 * the account is marked as having passed it. After a failed or cancelled
 * test the only way on is "Save Anyway, Not Tested", which marks the account
 * as not passed, so that the finish page and the saved profile say so.
 *
 * The page speaks no protocol: it runs a BmsMailTest and shows its steps.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-diagnosis.h"
#include "bms-mail-test.h"
#include "bms-fields.h"
#include "bms-test-page.h"

/* What the button beside a problem does about it. */
typedef enum {
  FIX_NONE,
  FIX_SHOW_PAGE,
  FIX_OPEN_URI,
  FIX_COPY_REQUEST,
} FixKind;

struct _BmsTestPage
{
  BmsPage        parent_instance;

  GtkLabel      *intro_label;
  AdwPreferencesGroup *steps_group;
  GtkWidget     *success_box;
  GtkWidget     *saved_label;
  GtkLabel      *filed_note_label;
  GtkWidget     *problem_box;
  GtkLabel      *problem_label;
  GtkLabel      *advice_label;
  GtkButton     *fix_button;
  const char    *fix_page_name;
  FixKind        fix_kind;
  GtkLabel      *fix_detail_label;
  GtkWidget     *save_anyway_button;
  GtkExpander   *details_expander;
  GtkLabel      *transcript_label;
  GtkLabel      *server_words_label;
  GtkFileChooserNative *report_chooser;
  GtkWidget     *cancel_test_button;
  GtkWidget     *test_again_button;

  AdwActionRow  *step_rows[BMS_MAIL_TEST_N_STEPS];
  BmsMailTest   *test;
  GCancellable  *cancellable;
  gboolean       settings_changed;
};

G_DEFINE_FINAL_TYPE (BmsTestPage, bms_test_page, BMS_TYPE_PAGE)

static const char *
state_icon (BmsStepState state)
{
  switch (state)
    {
    case BMS_STEP_OK:
      return "emblem-ok-symbolic";
    case BMS_STEP_FAILED:
      return "dialog-error-symbolic";
    case BMS_STEP_CANCELLED:
      return "process-stop-symbolic";
    case BMS_STEP_SKIPPED:
      return "action-unavailable-symbolic";
    case BMS_STEP_WAITING:
    case BMS_STEP_RUNNING:
    default:
      return "content-loading-symbolic";
    }
}

static const char *
state_description (BmsStepState state)
{
  switch (state)
    {
    case BMS_STEP_OK:
      return _("Succeeded");
    case BMS_STEP_FAILED:
      return _("Failed");
    case BMS_STEP_CANCELLED:
      return _("Cancelled");
    case BMS_STEP_SKIPPED:
      return _("Skipped");
    case BMS_STEP_RUNNING:
      return _("Running");
    case BMS_STEP_WAITING:
    default:
      return _("Waiting");
    }
}

static char *
step_result_text (BmsTestPage     *self,
                  BmsMailTestStep  step)
{
  BmsStepState state = bms_mail_test_get_state (self->test, step);

  switch (state)
    {
    case BMS_STEP_OK:
      if (step == BMS_MAIL_TEST_STEP_SEND)
        return g_strdup (_("The test message was sent."));
      if (step == BMS_MAIL_TEST_STEP_FILE)
        return g_strdup (_("The test message was saved in the mailbox."));
      return g_strdup (_("Signed in."));
    case BMS_STEP_FAILED:
      return g_strdup (bms_mail_test_get_error (self->test, step)->message);
    case BMS_STEP_CANCELLED:
      return g_strdup (_("Cancelled."));
    case BMS_STEP_SKIPPED:
      if (!bms_account_get_save_sent (bms_page_get_account (BMS_PAGE (self))) &&
          (step == BMS_MAIL_TEST_STEP_IMAP_LOGIN || step == BMS_MAIL_TEST_STEP_FILE))
        return g_strdup (_("Not needed: sent mail is not saved."));
      return g_strdup (_("Skipped, because an earlier step did not succeed."));
    case BMS_STEP_RUNNING:
      return g_strdup (_("Working…"));
    case BMS_STEP_WAITING:
    default:
      return g_strdup (_("Waiting for the step before."));
    }
}

/* The prefix of a step's row: a spinner while it runs, else an icon that
 * says how it ended, also to a screen reader. */
static void
update_step_row (BmsTestPage     *self,
                 BmsMailTestStep  step)
{
  AdwActionRow *row = self->step_rows[step];
  GtkStack *status = g_object_get_data (G_OBJECT (row), "bms-status");
  GtkWidget *icon = gtk_stack_get_child_by_name (status, "icon");
  GtkWidget *spinner = gtk_stack_get_child_by_name (status, "spinner");
  BmsStepState state = self->test != NULL ? bms_mail_test_get_state (self->test, step) : BMS_STEP_WAITING;
  g_autofree char *text = self->test != NULL ? step_result_text (self, step) : NULL;

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), state == BMS_STEP_RUNNING);
  gtk_stack_set_visible_child (status, state == BMS_STEP_RUNNING ? spinner : icon);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), state_icon (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state_description (state),
                                  -1);
  gtk_widget_set_tooltip_text (icon, state_description (state));

  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "error");
  if (state == BMS_STEP_OK)
    gtk_widget_add_css_class (icon, "success");
  else if (state == BMS_STEP_FAILED)
    gtk_widget_add_css_class (icon, "error");

  adw_action_row_set_subtitle (row, text != NULL ? text : "");
}

static void
step_changed_cb (BmsTestPage *self,
                 guint        step,
                 BmsMailTest *test)
{
  if (test == self->test)
    update_step_row (self, step);
}

/* What the test saw of the sent copy decides the advice for BizMagic's
 * 送信済みメール保存: a server that files sent mail itself (Gmail) already
 * keeps the copy, and BizMagic's would be a second one. */
static gboolean
server_filed_copy (BmsMailTest *test)
{
  return bms_mail_test_get_state (test, BMS_MAIL_TEST_STEP_FILE) == BMS_STEP_OK &&
         bms_mail_test_get_filed (test) != BMS_IMAP_FILED_APPENDED;
}

static void
show_success (BmsTestPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  gboolean saved = bms_mail_test_get_state (self->test, BMS_MAIL_TEST_STEP_FILE) == BMS_STEP_OK;
  gboolean server_filed = server_filed_copy (self->test);

  gtk_widget_set_visible (self->saved_label, saved);
  gtk_widget_set_visible (GTK_WIDGET (self->filed_note_label), saved);
  if (server_filed)
    gtk_label_set_text (self->filed_note_label,
                        _("The server had already saved the message in the sent mail folder by itself, as "
                          "Gmail does with everything sent through it. So in BizMagic, leave 送信済みメール保存 "
                          "unchecked: Gmail keeps the copy, there are no duplicates, and the IMAP fields are "
                          "not needed. If you check it, as BizMagic's manual says, each sent message may show "
                          "twice in the sent mail folder."));
  else
    gtk_label_set_text (self->filed_note_label,
                        _("The server did not save the sent message by itself: BizMagic's 送信済みメール保存 is "
                          "what keeps a copy in the sent mail folder. Keep it checked."));
  gtk_widget_set_visible (self->success_box, TRUE);

  bms_account_set_test_status (account, BMS_TEST_STATUS_PASSED);
  bms_account_set_server_files_sent (account, server_filed);
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}

/* Some problems are fixed on an earlier page of this assistant: a button
 * leads straight there, by the name the window gives that page. Others
 * are fixed elsewhere: in Google's own pages, or by someone else. */
#define APP_PASSWORD_PAGE "google"
#define GMAIL_IMAP_PAGE "imap"
#define FORM_PAGE "form"
/* Where Google lists its security alerts and asks "was it you?". */
#define GOOGLE_SECURITY_EVENTS_URI "https://myaccount.google.com/notifications"

static char *
workspace_request_text (BmsTestPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));

  /* Translators: a request the administrator copies and sends to the
   * organisation's Google Workspace administrator; %s is the employee's
   * address. The menu path is the Google Admin console's. */
  return g_strdup_printf (_("Please allow IMAP access in Gmail for %s: in the Google Admin console, "
                            "Apps → Google Workspace → Gmail → End User Access → POP and IMAP access → "
                            "enable IMAP access for this user (or its organisational unit), then save. "
                            "BizMagic saves sent mail through IMAP."),
                          bms_account_get_email (account));
}

static void
offer_fix (BmsTestPage  *self,
           const GError *problem,
           gboolean      is_gmail)
{
  const char *label = NULL;

  self->fix_page_name = NULL;
  self->fix_kind = FIX_NONE;

  if (problem->domain != BMS_MAIL_ERROR)
    ;
  else if (problem->code == BMS_PROBLEM_APP_PASSWORD_REQUIRED ||
           (problem->code == BMS_PROBLEM_WRONG_PASSWORD && is_gmail))
    {
      label = _("_Go to Step 1: App Password");
      self->fix_kind = FIX_SHOW_PAGE;
      self->fix_page_name = APP_PASSWORD_PAGE;
    }
  else if (problem->code == BMS_PROBLEM_WRONG_PASSWORD || problem->code == BMS_PROBLEM_NO_PASSWORD)
    {
      label = _("_Go to the Form");
      self->fix_kind = FIX_SHOW_PAGE;
      self->fix_page_name = FORM_PAGE;
    }
  else if (problem->code == BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN)
    {
      label = _("_Open Google’s Security Page");
      self->fix_kind = FIX_OPEN_URI;
    }
  else if (problem->code == BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT)
    {
      label = _("_Go to Step 2: Gmail IMAP");
      self->fix_kind = FIX_SHOW_PAGE;
      self->fix_page_name = GMAIL_IMAP_PAGE;
    }
  else if (problem->code == BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN)
    {
      label = _("_Copy the Request for the Administrator");
      self->fix_kind = FIX_COPY_REQUEST;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), label != NULL);
  if (label != NULL)
    gtk_button_set_label (self->fix_button, label);

  /* What the button opens or copies is also on the page: it can be read
   * out to someone, or typed on another device when no browser opens. */
  gtk_widget_set_visible (GTK_WIDGET (self->fix_detail_label), self->fix_kind == FIX_OPEN_URI ||
                                                              self->fix_kind == FIX_COPY_REQUEST);
  if (self->fix_kind == FIX_OPEN_URI)
    gtk_label_set_text (self->fix_detail_label, GOOGLE_SECURITY_EVENTS_URI);
  else if (self->fix_kind == FIX_COPY_REQUEST)
    {
      g_autofree char *request = workspace_request_text (self);

      gtk_label_set_text (self->fix_detail_label, request);
    }
}

static void
fix_clicked_cb (BmsTestPage *self)
{
  switch (self->fix_kind)
    {
    case FIX_SHOW_PAGE:
      gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-page", "s", self->fix_page_name);
      break;
    case FIX_OPEN_URI:
      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), GOOGLE_SECURITY_EVENTS_URI,
                    GDK_CURRENT_TIME);
      break;
    case FIX_COPY_REQUEST:
      {
        g_autofree char *request = workspace_request_text (self);

        gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), request);
        bms_page_show_toast (BMS_PAGE (self), _("Copied the request for the Workspace administrator"), 5);
      }
      break;
    case FIX_NONE:
    default:
      break;
    }
}

static void
set_running (BmsTestPage *self,
             gboolean     running)
{
  gtk_widget_set_visible (self->cancel_test_button, running);
  gtk_widget_set_visible (self->test_again_button, !running);
  gtk_widget_set_visible (self->save_anyway_button, FALSE);
  gtk_widget_remove_css_class (self->test_again_button, "suggested-action");
  /* Next only after a pass: see show_success. */
  bms_page_set_complete (BMS_PAGE (self), FALSE);
}

/* After a test that did not pass, the way on is a choice of its own, and
 * Test Again is the suggested action unless a fix is. */
static void
offer_ways_on (BmsTestPage *self)
{
  gtk_widget_set_visible (self->save_anyway_button, TRUE);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->fix_button)))
    gtk_widget_add_css_class (self->test_again_button, "suggested-action");
}

static void
save_anyway_clicked_cb (BmsTestPage *self)
{
  bms_account_set_test_status (bms_page_get_account (BMS_PAGE (self)), BMS_TEST_STATUS_NOT_PASSED);
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-page", "s", "finish");
}

/* A step's state in the report, in the command line's words. */
static const char *
state_key (BmsStepState state)
{
  switch (state)
    {
    case BMS_STEP_OK:
      return "ok";
    case BMS_STEP_FAILED:
      return "failed";
    case BMS_STEP_SKIPPED:
      return "skipped";
    case BMS_STEP_CANCELLED:
      return "cancelled";
    case BMS_STEP_WAITING:
    case BMS_STEP_RUNNING:
    default:
      return "not run";
    }
}

/* The report for support: what a helper needs to see, never a secret.
 * The settings come without their passwords; the conversation is the
 * engine's transcript, which has the password and its base64 forms
 * replaced already. Not translated where support reads it: the labels are
 * BizMagic's Japanese ones, the steps and states are fixed words. */
char *
bms_test_page_dup_report (BmsTestPage *self)
{
  BmsAccount *account;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (BMS_IS_TEST_PAGE (self), NULL);

  account = bms_page_get_account (BMS_PAGE (self));
  g_string_append_printf (report, "%s %s\n%s\n\n", PACKAGE_NAME, PACKAGE_VERSION, when);

  g_string_append (report, "[Settings]\n");
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (field->kind == BMS_FIELD_KIND_PASSWORD ||
          !bms_field_in_scope (field, bms_account_get_save_sent (account),
                               bms_account_get_imap_same_as_smtp (account)))
        continue;
      g_object_get_property (G_OBJECT (account), field->property, &value);
      text = bms_field_value_to_text (field, &value);
      g_string_append_printf (report, "%s (%s) = %s\n", bms_field_get_japanese_label (field),
                              field->property, text);
    }

  if (self->test == NULL)
    return g_string_free (g_steal_pointer (&report), FALSE);

  g_string_append (report, "\n[Steps]\n");
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      BmsStepState state = bms_mail_test_get_state (self->test, step);
      const GError *error = bms_mail_test_get_error (self->test, step);
      g_string_append_printf (report, "%s\t%s", state_key (state), bms_mail_test_step_get_title (step));
      if (state == BMS_STEP_FAILED && error != NULL)
        g_string_append_printf (report, "\t%s", error->message);
      g_string_append_c (report, '\n');
    }

  g_string_append (report, "\n[Conversation]\n");
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      BmsTranscript *transcript = bms_mail_test_get_transcript (self->test, step);
      g_autofree char *text = transcript != NULL ? bms_transcript_to_string (transcript) : NULL;

      if (text != NULL && text[0] != '\0')
        g_string_append_printf (report, "— %s —\n%s\n", bms_mail_test_step_get_title (step), text);
    }

  return g_string_free (g_steal_pointer (&report), FALSE);
}

static void
copy_report_clicked_cb (BmsTestPage *self)
{
  g_autofree char *report = bms_test_page_dup_report (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), report);
  bms_page_show_toast (BMS_PAGE (self), _("Copied the report"), 5);
}

static void
report_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * bms_test_page_save_report_async:
 * @file: where to write bms_test_page_dup_report()
 *
 * Writes the report, replacing @file, without blocking the main loop.
 */
void
bms_test_page_save_report_async (BmsTestPage         *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *report;

  g_return_if_fail (BMS_IS_TEST_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_test_page_save_report_async);
  report = bms_test_page_dup_report (self);
  bytes = g_bytes_new_take (report, strlen (report));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable,
                                       report_saved_cb, g_steal_pointer (&task));
}

gboolean
bms_test_page_save_report_finish (BmsTestPage   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_test_page_save_report_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
report_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BmsTestPage *self = BMS_TEST_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (bms_test_page_save_report_finish (self, result, &error))
    bms_page_show_toast (BMS_PAGE (self), _("Saved the report"), 5);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why, e.g. that the disk is full. */
      text = g_strdup_printf (_("The report could not be saved: %s"), error->message);
      bms_page_show_toast (BMS_PAGE (self), text, 10);
    }
}

static void
report_chooser_response_cb (BmsTestPage *self,
                            int          response,
                            GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->report_chooser);

  if (file != NULL)
    bms_test_page_save_report_async (self, file, NULL, report_written_cb, NULL);
}

static void
save_report_clicked_cb (BmsTestPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *name = g_strdup_printf ("mail-test-%s.txt", bms_account_get_email (account));

  g_clear_object (&self->report_chooser);
  self->report_chooser = gtk_file_chooser_native_new (_("Save the Report for Support"),
                                                      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->report_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->report_chooser), name);
  g_signal_connect_object (self->report_chooser, "response", G_CALLBACK (report_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->report_chooser));
}

/* The first failed step explains the failure; every failed step's words
 * are under Details. */
static void
show_problem (BmsTestPage *self)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) words = g_string_new (NULL);
  const GError *first = NULL;
  BmsMailTestStep first_step = BMS_MAIL_TEST_STEP_SMTP_LOGIN;

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      BmsTranscript *transcript = bms_mail_test_get_transcript (self->test, step);

      if (bms_mail_test_get_state (self->test, step) != BMS_STEP_FAILED)
        continue;

      if (first == NULL)
        {
          first = bms_mail_test_get_error (self->test, step);
          first_step = step;
        }

      if (transcript != NULL)
        {
          g_autofree char *text = bms_transcript_to_string (transcript);
          g_autofree char *reply = bms_transcript_dup_last_reply (transcript);

          g_string_append_printf (details, "— %s —\n%s\n", bms_mail_test_step_get_title (step), text);
          if (reply != NULL)
            g_string_append_printf (words, "%s%s", words->len > 0 ? "\n" : "", reply);
        }
    }

  if (first == NULL)
    {
      /* No step failed: the test was stopped before it could pass. */
      gtk_label_set_text (self->problem_label, _("The test was cancelled: these settings have not been tested."));
      gtk_label_set_text (self->advice_label, _("Test again, or save them marked as not tested."));
      gtk_widget_set_visible (GTK_WIDGET (self->fix_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->fix_detail_label), FALSE);
      self->fix_page_name = NULL;
      self->fix_kind = FIX_NONE;
      gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
      gtk_widget_set_visible (self->problem_box, TRUE);
      offer_ways_on (self);
      return;
    }

  gtk_label_set_text (self->problem_label, first->message);
  gtk_label_set_text (self->advice_label,
                      first->domain == BMS_MAIL_ERROR
                      ? bms_problem_get_advice_for (first->code, bms_mail_test_get_is_gmail (self->test),
                                                    bms_mail_test_step_get_operation (first_step),
                                                    BMS_ADVICE_IN_ASSISTANT)
                      : "");
  offer_fix (self, first, bms_mail_test_get_is_gmail (self->test));
  /* The server's own words first: the lines support asks for. */
  gtk_label_set_text (self->server_words_label, words->str);
  gtk_widget_set_visible (GTK_WIDGET (self->server_words_label), words->len > 0);
  gtk_label_set_text (self->transcript_label, details->str);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), details->len > 0);
  gtk_widget_set_visible (self->problem_box, TRUE);
  offer_ways_on (self);
}

/* The test's own evidence counts more than DNS: an address that signed in
 * to a server that is Google's (by its name or its own words) is a Google
 * account, whatever its domain's MX records said. */
static void
learn_provider_from_test (BmsTestPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  BmsProviderResult *provider = bms_account_get_provider (account);
  BmsProviderKind kind = bms_account_get_provider_kind (account);
  gboolean signed_in = bms_mail_test_get_state (self->test, BMS_MAIL_TEST_STEP_SMTP_LOGIN) == BMS_STEP_OK ||
                       bms_mail_test_get_state (self->test, BMS_MAIL_TEST_STEP_IMAP_LOGIN) == BMS_STEP_OK;
  g_autoptr(BmsProviderResult) google = NULL;
  g_autofree char *text = NULL;

  if (provider == NULL || kind == BMS_PROVIDER_GMAIL || kind == BMS_PROVIDER_WORKSPACE ||
      !signed_in || !bms_mail_test_get_is_gmail (self->test))
    return;

  google = bms_provider_result_new (BMS_PROVIDER_WORKSPACE, bms_provider_result_get_domain (provider),
                                    bms_provider_result_get_mx_hosts (provider), NULL);
  /* Translators: %s is a mail domain, e.g. example.co.jp. */
  text = g_strdup_printf (_("The mail test signed in at Google: %s is treated as Google Workspace."),
                          bms_provider_result_get_domain (google));
  /* The account's old provider goes here: nothing of it is used after. */
  bms_account_set_provider (account, google);
  bms_page_show_toast (BMS_PAGE (self), text, 10);
}

/* What the test found is the account's last check, for the roster; a test
 * that was stopped found nothing. */
static void
record_check (BmsTestPage *self,
              gboolean     passed)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(BmsCheckStatus) status = NULL;
  const char *problem = NULL;

  for (guint step = 0; !passed && problem == NULL && step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      const GError *error = bms_mail_test_get_error (self->test, step);

      if (bms_mail_test_get_state (self->test, step) == BMS_STEP_FAILED && error != NULL &&
          error->domain == BMS_MAIL_ERROR)
        problem = bms_problem_to_nick (error->code);
    }

  if (!passed && problem == NULL)
    return;

  status = bms_check_status_new (now, BMS_CHECK_KIND_MAIL_TEST,
                                 passed ? BMS_CHECK_RESULT_PASSED : BMS_CHECK_RESULT_FAILED, problem);
  bms_account_set_check_status (account, status);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BmsTestPage) self = user_data;
  BmsMailTest *test = BMS_MAIL_TEST (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = bms_mail_test_run_finish (test, result, &error);

  /* A test that was replaced by a newer one has nothing to show. */
  if (test != self->test)
    return;

  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  learn_provider_from_test (self);
  record_check (self, ok);

  if (ok)
    show_success (self);
  else
    show_problem (self);

  if (ok)
    gtk_widget_grab_focus (self->test_again_button);
}

/* Whether a login the test needs has no password: then the test is not
 * started, as the servers could only refuse an empty one. */
static gboolean
lacks_password (BmsAccount *account)
{
  return bms_account_get_smtp_password (account)[0] == '\0' ||
         (bms_account_has_own_imap_login (account) && bms_account_get_imap_password (account)[0] == '\0');
}

static void
refuse_without_password (BmsTestPage *self)
{
  if (self->test != NULL)
    g_signal_handlers_disconnect_by_data (self->test, self);
  g_clear_object (&self->test);
  self->settings_changed = FALSE;
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    update_step_row (self, step);

  set_running (self, FALSE);
  gtk_label_set_text (self->problem_label, bms_problem_get_summary (BMS_PROBLEM_NO_PASSWORD));
  gtk_label_set_text (self->advice_label,
                      _("The test was not started, and nothing was sent: a password is empty. Type the "
                        "password (for Gmail, the employee’s app password) on the form, then test again."));
  self->fix_page_name = FORM_PAGE;
  self->fix_kind = FIX_SHOW_PAGE;
  gtk_button_set_label (self->fix_button, _("_Go to the Form"));
  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->fix_detail_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
  gtk_widget_set_visible (self->problem_box, TRUE);
}

void
bms_test_page_start (BmsTestPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *intro = NULL;

  g_return_if_fail (BMS_IS_TEST_PAGE (self));

  bms_test_page_cancel (self);

  /* Translators: %s is the employee's e-mail address. */
  intro = g_strdup_printf (_("The test signs in to the servers, sends a test message to %s and "
                             "saves it in the sent mail folder, as BizMagic's メールテスト does."),
                           bms_account_get_email (account));
  gtk_label_set_text (self->intro_label, intro);
  gtk_widget_set_visible (self->success_box, FALSE);
  gtk_widget_set_visible (self->problem_box, FALSE);
  /* Whatever an earlier run said, this run decides. */
  bms_account_set_test_status (account, BMS_TEST_STATUS_UNKNOWN);

  if (lacks_password (account))
    {
      refuse_without_password (self);
      return;
    }

  if (self->test != NULL)
    g_signal_handlers_disconnect_by_data (self->test, self);
  g_clear_object (&self->test);
  self->test = bms_account_new_mail_test (account, bms_account_get_ca_file (account));
  self->cancellable = g_cancellable_new ();
  self->settings_changed = FALSE;
  g_signal_connect_object (self->test, "step-changed", G_CALLBACK (step_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    update_step_row (self, step);

  set_running (self, TRUE);
  bms_mail_test_run_async (self->test, self->cancellable, test_done_cb, g_object_ref (self));
}

void
bms_test_page_cancel (BmsTestPage *self)
{
  g_return_if_fail (BMS_IS_TEST_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

BmsMailTest *
bms_test_page_get_mail_test (BmsTestPage *self)
{
  g_return_val_if_fail (BMS_IS_TEST_PAGE (self), NULL);

  return self->test;
}

static void
bms_test_page_shown (BmsPage *page)
{
  BmsTestPage *self = BMS_TEST_PAGE (page);

  if (self->test == NULL || self->settings_changed)
    bms_test_page_start (self);
}

/* Going back to fix something stops a test that is still running. */
static void
bms_test_page_unmap (GtkWidget *widget)
{
  bms_test_page_cancel (BMS_TEST_PAGE (widget));

  GTK_WIDGET_CLASS (bms_test_page_parent_class)->unmap (widget);
}

/* BizMagic's fields are what is tested. */
static void
account_changed_cb (BmsTestPage *self)
{
  self->settings_changed = TRUE;
}

static gboolean
escape_pressed_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  BmsTestPage *self = BMS_TEST_PAGE (widget);

  if (self->cancellable == NULL)
    return FALSE;

  bms_test_page_cancel (self);
  return TRUE;
}

static GtkWidget *
create_step_row (BmsMailTestStep step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_stack_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_stack_add_named (GTK_STACK (status), icon, "icon");
  gtk_stack_add_named (GTK_STACK (status), spinner, "spinner");
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state_description (BMS_STEP_RUNNING),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), status);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bms_mail_test_step_get_title (step));
  g_object_set_data (G_OBJECT (row), "bms-status", status);

  return row;
}

static void
bms_test_page_constructed (GObject *object)
{
  BmsTestPage *self = BMS_TEST_PAGE (object);

  G_OBJECT_CLASS (bms_test_page_parent_class)->constructed (object);

  g_signal_connect_object (bms_page_get_account (BMS_PAGE (self)), "field-changed",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bms_test_page_dispose (GObject *object)
{
  BmsTestPage *self = BMS_TEST_PAGE (object);

  bms_test_page_cancel (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test);
  g_clear_object (&self->report_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_TEST_PAGE);

  G_OBJECT_CLASS (bms_test_page_parent_class)->dispose (object);
}

static void
bms_test_page_class_init (BmsTestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BmsPageClass *page_class = BMS_PAGE_CLASS (klass);

  object_class->constructed = bms_test_page_constructed;
  object_class->dispose = bms_test_page_dispose;
  widget_class->unmap = bms_test_page_unmap;
  page_class->shown = bms_test_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-test-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, success_box);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, filed_note_label);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, problem_box);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, advice_label);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, fix_button);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, fix_detail_label);
  gtk_widget_class_bind_template_callback (widget_class, fix_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, save_anyway_button);
  gtk_widget_class_bind_template_callback (widget_class, save_anyway_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, details_expander);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, transcript_label);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, server_words_label);
  gtk_widget_class_bind_template_callback (widget_class, copy_report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_report_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, cancel_test_button);
  gtk_widget_class_bind_template_child (widget_class, BmsTestPage, test_again_button);
  gtk_widget_class_bind_template_callback (widget_class, bms_test_page_start);
  gtk_widget_class_bind_template_callback (widget_class, bms_test_page_cancel);

  /* Escape stops a running test. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_pressed_cb, NULL);
}

static void
bms_test_page_init (BmsTestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      self->step_rows[step] = ADW_ACTION_ROW (create_step_row (step));
      adw_preferences_group_add (self->steps_group, GTK_WIDGET (self->step_rows[step]));
    }

  /* Translators: the title of the page of BizMagic's メールテスト. */
  bms_page_set_title (BMS_PAGE (self), _("Mail Test"));
}
