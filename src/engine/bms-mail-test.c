/* bms-mail-test.c: the whole mail test, step by step.
 *
 * The manual's メールテスト, done for real: log in to SMTP, send a test
 * message to the employee, log in to IMAP, and make sure the message is in
 * the sent folder exactly once. One connection per protocol: the SMTP one
 * logs in and then sends, the IMAP one logs in (side by side with SMTP),
 * waits for the send, and then files by the rule of bms-imap.h. A step that
 * cannot run because an earlier one failed is skipped, and says so. Each
 * step keeps its error and what the server said (the two steps of one
 * connection share its transcript).
 *
 * The message is built before any connection is made, so that a line break
 * in something the administrator typed is refused before a byte is sent.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-diagnosis.h"
#include "bms-mail-test.h"
#include "bms-message.h"
#include "bms-secret.h"
#include "bms-smtp.h"

typedef struct
{
  BmsStepState   state;
  GError        *error;
  BmsTranscript *transcript;
} StepResult;

struct _BmsMailTest
{
  GObject      parent_instance;

  BmsServer   *smtp;
  char        *smtp_password;
  BmsServer   *imap;              /* NULL: sent mail is not saved */
  char        *imap_password;
  char        *sent_folder;
  char        *from_address;
  char        *from_display_name;
  GStrv        recipients;
  guint        search_wait_ms;
  guint        late_copy_grace_ms;

  GTask       *task;              /* while running */
  guint        n_running;         /* operations: SMTP, IMAP */
  BmsImapFiling *filing;          /* while the IMAP operation waits for the send */
  GBytes      *message;
  char        *message_id;
  gboolean     is_gmail;          /* a server said so in its own words */
  BmsImapFiled filed;
  guint        n_copies;

  StepResult   steps[BMS_MAIL_TEST_N_STEPS];
};

G_DEFINE_FINAL_TYPE (BmsMailTest, bms_mail_test, G_TYPE_OBJECT)

enum {
  SIGNAL_STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (BmsMailTest     *self,
           BmsMailTestStep  step,
           BmsStepState     state)
{
  if (self->steps[step].state == state)
    return;

  self->steps[step].state = state;
  g_signal_emit (self, signals[SIGNAL_STEP_CHANGED], 0, step);
}

/* Records how a step ended: ok, failed, or cancelled. */
static gboolean
end_step (BmsMailTest     *self,
          BmsMailTestStep  step,
          gboolean         ok,
          GError          *error,
          BmsTranscript   *transcript)
{
  StepResult *result = &self->steps[step];

  g_set_object (&result->transcript, transcript);

  if (ok)
    set_state (self, step, BMS_STEP_OK);
  else
    {
      g_clear_error (&result->error);
      result->error = error;
      set_state (self, step,
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? BMS_STEP_CANCELLED
                                                                            : BMS_STEP_FAILED);
    }

  return ok;
}

static void
skip_step (BmsMailTest     *self,
           BmsMailTestStep  step)
{
  if (self->steps[step].state == BMS_STEP_WAITING)
    set_state (self, step, BMS_STEP_SKIPPED);
}

static void
begin_step (BmsMailTest     *self,
            BmsMailTestStep  step)
{
  set_state (self, step, BMS_STEP_RUNNING);
}

static gboolean
is_running (BmsMailTest     *self,
            BmsMailTestStep  step)
{
  return self->steps[step].state == BMS_STEP_RUNNING;
}

static const GError *
first_problem (BmsMailTest *self)
{
  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    if (self->steps[step].error != NULL)
      return self->steps[step].error;

  return NULL;
}

static void
finish_if_done (BmsMailTest *self)
{
  g_autoptr(GTask) task = NULL;
  const GError *problem;

  if (self->n_running > 0 || self->task == NULL)
    return;

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    skip_step (self, step);

  /* Nothing more needs the passwords. */
  bms_secret_clear (&self->smtp_password);
  bms_secret_clear (&self->imap_password);

  task = g_steal_pointer (&self->task);
  problem = first_problem (self);
  if (problem != NULL)
    g_task_return_error (task, g_error_copy (problem));
  else
    g_task_return_boolean (task, TRUE);
}

/* The file step runs once the message is sent and the IMAP login proven. */
static void
begin_file_if_ready (BmsMailTest *self)
{
  if (self->steps[BMS_MAIL_TEST_STEP_SEND].state == BMS_STEP_OK
      && self->steps[BMS_MAIL_TEST_STEP_IMAP_LOGIN].state == BMS_STEP_OK
      && self->steps[BMS_MAIL_TEST_STEP_FILE].state == BMS_STEP_WAITING)
    begin_step (self, BMS_MAIL_TEST_STEP_FILE);
}

static void
imap_logged_in_cb (gboolean       ok,
                   const GError  *error,
                   gboolean       is_gmail,
                   BmsTranscript *transcript,
                   gpointer       user_data)
{
  BmsMailTest *self = user_data;

  self->is_gmail |= is_gmail;
  end_step (self, BMS_MAIL_TEST_STEP_IMAP_LOGIN, ok, ok ? NULL : g_error_copy (error), transcript);
  if (!ok)
    skip_step (self, BMS_MAIL_TEST_STEP_FILE);
  begin_file_if_ready (self);
}

static GError *
duplicates_error (guint n_copies)
{
  /* Two copies in the sent folder is what the test exists to prevent. */
  return g_error_new (BMS_MAIL_ERROR, BMS_PROBLEM_OTHER,
                      /* Translators: %u is a number of copies, 2 or more. */
                      ngettext ("The sent folder holds the test message %u time.",
                                "The sent folder holds the test message %u times.",
                                n_copies),
                      n_copies);
}

static void
imap_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BmsMailTest) self = user_data;
  g_autoptr(BmsTranscript) transcript = NULL;
  GError *error = NULL;
  gboolean logged_in = FALSE;
  gboolean is_gmail = FALSE;
  gboolean ran = FALSE;
  gboolean ok;

  ok = bms_imap_login_and_file_finish (result, &logged_in, &is_gmail, &ran, &self->filed,
                                       &self->n_copies, &transcript, &error);
  self->is_gmail |= is_gmail;
  self->n_running--;
  g_clear_pointer (&self->filing, bms_imap_filing_unref);

  if (!logged_in)
    {
      /* Failed before the login was told (an input refused at once). */
      if (is_running (self, BMS_MAIL_TEST_STEP_IMAP_LOGIN))
        end_step (self, BMS_MAIL_TEST_STEP_IMAP_LOGIN, FALSE, g_steal_pointer (&error), transcript);
      g_clear_error (&error);
    }
  else
    {
      if (is_running (self, BMS_MAIL_TEST_STEP_IMAP_LOGIN))
        end_step (self, BMS_MAIL_TEST_STEP_IMAP_LOGIN, TRUE, NULL, transcript);
      if (ok && ran && self->filed == BMS_IMAP_FILED_DUPLICATES)
        {
          ok = FALSE;
          error = duplicates_error (self->n_copies);
        }
      /* A failure while waiting for the send (a cancel) is the filing's. */
      if (!ok || ran)
        {
          begin_step (self, BMS_MAIL_TEST_STEP_FILE);
          end_step (self, BMS_MAIL_TEST_STEP_FILE, ok, error, transcript);
        }
    }

  finish_if_done (self);
}

/* Whether the SMTP side says the servers file sent mail themselves. */
static gboolean
server_files_copy (BmsMailTest *self,
                   gboolean     smtp_says_gmail)
{
  return smtp_says_gmail || bms_server_is_gmail (self->smtp)
         || (self->imap != NULL && bms_server_is_gmail (self->imap));
}

static void
tell_filing (BmsMailTest   *self,
             gboolean       sent,
             BmsTranscript *transcript)
{
  if (self->filing != NULL)
    bms_imap_filing_tell_sent (self->filing, sent,
                               server_files_copy (self, bms_transcript_says_gmail (transcript)));
}

static void
smtp_step_cb (BmsSmtpStep    step,
              gboolean       ok,
              const GError  *error,
              BmsTranscript *transcript,
              gpointer       user_data)
{
  BmsMailTest *self = user_data;
  BmsMailTestStep test_step = step == BMS_SMTP_STEP_LOGIN ? BMS_MAIL_TEST_STEP_SMTP_LOGIN
                                                          : BMS_MAIL_TEST_STEP_SEND;

  end_step (self, test_step, ok, ok ? NULL : g_error_copy (error), transcript);
  if (step == BMS_SMTP_STEP_LOGIN && ok)
    begin_step (self, BMS_MAIL_TEST_STEP_SEND);
  else if (step == BMS_SMTP_STEP_LOGIN)
    skip_step (self, BMS_MAIL_TEST_STEP_SEND);
  else
    {
      /* As soon as the server said whether it took the message. */
      tell_filing (self, ok, transcript);
      if (!ok)
        skip_step (self, BMS_MAIL_TEST_STEP_FILE);
      begin_file_if_ready (self);
    }
}

/* Ends what the steps' reports did not: a failure before any report (an
 * envelope refused at once), or a cancel between the two. */
static void
smtp_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BmsMailTest) self = user_data;
  g_autoptr(BmsTranscript) transcript = NULL;
  GError *error = NULL;
  gboolean logged_in = FALSE;
  gboolean says_gmail = FALSE;
  gboolean ok;

  ok = bms_smtp_login_and_send_finish (result, &logged_in, &says_gmail, &transcript, &error);
  self->is_gmail |= says_gmail;
  self->n_running--;

  if (is_running (self, BMS_MAIL_TEST_STEP_SMTP_LOGIN))
    end_step (self, BMS_MAIL_TEST_STEP_SMTP_LOGIN, FALSE, g_steal_pointer (&error), transcript);
  else if (is_running (self, BMS_MAIL_TEST_STEP_SEND))
    end_step (self, BMS_MAIL_TEST_STEP_SEND, ok, g_steal_pointer (&error), transcript);
  g_clear_error (&error);
  skip_step (self, BMS_MAIL_TEST_STEP_SEND);

  /* Told already, unless the send never got that far. */
  tell_filing (self, self->steps[BMS_MAIL_TEST_STEP_SEND].state == BMS_STEP_OK, transcript);
  if (self->steps[BMS_MAIL_TEST_STEP_SEND].state != BMS_STEP_OK)
    skip_step (self, BMS_MAIL_TEST_STEP_FILE);
  begin_file_if_ready (self);
  finish_if_done (self);
}

static gboolean
build_message (BmsMailTest  *self,
               GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->message = bms_message_build (self->from_address, self->from_display_name,
                                     self->recipients[0], NULL, NULL, now,
                                     &self->message_id, error);
  return self->message != NULL;
}

void
bms_mail_test_run_async (BmsMailTest         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (BMS_IS_MAIL_TEST (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (self->smtp_password != NULL);  /* a test runs once */

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, bms_mail_test_run_async);

  if (!build_message (self, &error))
    {
      self->steps[BMS_MAIL_TEST_STEP_SEND].error = error;
      set_state (self, BMS_MAIL_TEST_STEP_SEND, BMS_STEP_FAILED);
      finish_if_done (self);
      return;
    }

  begin_step (self, BMS_MAIL_TEST_STEP_SMTP_LOGIN);
  self->n_running++;
  bms_smtp_login_and_send_async (self->smtp, self->smtp_password, self->message, self->from_address,
                                 (const char * const *) self->recipients,
                                 smtp_step_cb, g_object_ref (self), g_object_unref,
                                 cancellable, smtp_done_cb, g_object_ref (self));

  if (self->imap != NULL)
    {
      begin_step (self, BMS_MAIL_TEST_STEP_IMAP_LOGIN);
      self->n_running++;
      self->filing = bms_imap_login_and_file_async (self->imap, self->imap_password, self->sent_folder,
                                                    self->message, self->message_id,
                                                    self->search_wait_ms, self->late_copy_grace_ms,
                                                    imap_logged_in_cb, g_object_ref (self),
                                                    g_object_unref, cancellable,
                                                    imap_done_cb, g_object_ref (self));
    }
}

gboolean
bms_mail_test_run_finish (BmsMailTest   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_mail_test_run_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
bms_mail_test_finalize (GObject *object)
{
  BmsMailTest *self = (BmsMailTest *)object;

  g_assert (self->task == NULL);
  g_assert (self->filing == NULL);

  g_clear_pointer (&self->smtp, bms_server_free);
  g_clear_pointer (&self->imap, bms_server_free);
  bms_secret_clear (&self->smtp_password);
  bms_secret_clear (&self->imap_password);
  g_free (self->sent_folder);
  g_free (self->from_address);
  g_free (self->from_display_name);
  g_strfreev (self->recipients);
  g_clear_pointer (&self->message, g_bytes_unref);
  g_free (self->message_id);

  for (guint step = 0; step < BMS_MAIL_TEST_N_STEPS; step++)
    {
      g_clear_error (&self->steps[step].error);
      g_clear_object (&self->steps[step].transcript);
    }

  G_OBJECT_CLASS (bms_mail_test_parent_class)->finalize (object);
}

static void
bms_mail_test_class_init (BmsMailTestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_mail_test_finalize;

  /**
   * BmsMailTest::step-changed:
   * @step: the #BmsMailTestStep whose state changed
   */
  signals[SIGNAL_STEP_CHANGED] =
    g_signal_new ("step-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
bms_mail_test_init (BmsMailTest *self)
{
  self->search_wait_ms = BMS_IMAP_DEFAULT_SEARCH_WAIT_MS;
  self->late_copy_grace_ms = BMS_IMAP_DEFAULT_LATE_COPY_GRACE_MS;
}

/**
 * bms_mail_test_new:
 * @recipients: the addresses the test message goes to; the first is its To:
 *
 * The passwords are copied, and wiped when the test no longer needs them.
 */
BmsMailTest *
bms_mail_test_new (const BmsServer    *smtp,
                   const char         *smtp_password,
                   const BmsServer    *imap,
                   const char         *imap_password,
                   const char         *sent_folder,
                   const char         *from_address,
                   const char         *from_display_name,
                   const char * const *recipients)
{
  BmsMailTest *self;

  g_return_val_if_fail (smtp != NULL, NULL);
  g_return_val_if_fail (smtp_password != NULL, NULL);
  g_return_val_if_fail (imap == NULL || (imap_password != NULL && sent_folder != NULL), NULL);
  g_return_val_if_fail (recipients != NULL && recipients[0] != NULL, NULL);

  self = g_object_new (BMS_TYPE_MAIL_TEST, NULL);
  self->smtp = bms_server_copy (smtp);
  self->smtp_password = g_strdup (smtp_password);
  self->imap = imap != NULL ? bms_server_copy (imap) : NULL;
  self->imap_password = g_strdup (imap_password);
  self->sent_folder = g_strdup (sent_folder);
  self->from_address = g_strdup (from_address);
  self->from_display_name = g_strdup (from_display_name);
  self->recipients = g_strdupv ((char **) recipients);

  return self;
}

void
bms_mail_test_set_search_wait (BmsMailTest *self,
                               guint        search_wait_ms)
{
  g_return_if_fail (BMS_IS_MAIL_TEST (self));

  self->search_wait_ms = search_wait_ms;
}

void
bms_mail_test_set_late_copy_grace (BmsMailTest *self,
                                   guint        late_copy_grace_ms)
{
  g_return_if_fail (BMS_IS_MAIL_TEST (self));

  self->late_copy_grace_ms = late_copy_grace_ms;
}

BmsStepState
bms_mail_test_get_state (BmsMailTest     *self,
                         BmsMailTestStep  step)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), BMS_STEP_WAITING);
  g_return_val_if_fail (step < BMS_MAIL_TEST_N_STEPS, BMS_STEP_WAITING);

  return self->steps[step].state;
}

const GError *
bms_mail_test_get_error (BmsMailTest     *self,
                         BmsMailTestStep  step)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), NULL);
  g_return_val_if_fail (step < BMS_MAIL_TEST_N_STEPS, NULL);

  return self->steps[step].error;
}

BmsTranscript *
bms_mail_test_get_transcript (BmsMailTest     *self,
                              BmsMailTestStep  step)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), NULL);
  g_return_val_if_fail (step < BMS_MAIL_TEST_N_STEPS, NULL);

  return self->steps[step].transcript;
}

gboolean
bms_mail_test_get_is_gmail (BmsMailTest *self)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), FALSE);

  return self->is_gmail || bms_server_is_gmail (self->smtp)
         || (self->imap != NULL && bms_server_is_gmail (self->imap));
}

BmsImapFiled
bms_mail_test_get_filed (BmsMailTest *self)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), BMS_IMAP_FILED_APPENDED);

  return self->filed;
}

guint
bms_mail_test_get_n_copies (BmsMailTest *self)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), 0);

  return self->n_copies;
}

const char *
bms_mail_test_get_message_id (BmsMailTest *self)
{
  g_return_val_if_fail (BMS_IS_MAIL_TEST (self), NULL);

  return self->message_id;
}

const char *
bms_mail_test_step_get_title (BmsMailTestStep step)
{
  switch (step)
    {
    case BMS_MAIL_TEST_STEP_SMTP_LOGIN:
      return _("Sign in to the outgoing mail server (SMTP)");
    case BMS_MAIL_TEST_STEP_IMAP_LOGIN:
      return _("Sign in to the mailbox (IMAP)");
    case BMS_MAIL_TEST_STEP_SEND:
      return _("Send a test message");
    case BMS_MAIL_TEST_STEP_FILE:
      return _("Save the test message in the sent mail folder");
    case BMS_MAIL_TEST_N_STEPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The operation of the diagnosis that @step is: which server, doing what. */
BmsOperation
bms_mail_test_step_get_operation (BmsMailTestStep step)
{
  switch (step)
    {
    case BMS_MAIL_TEST_STEP_IMAP_LOGIN:
      return BMS_OPERATION_IMAP_LOGIN;
    case BMS_MAIL_TEST_STEP_SEND:
      return BMS_OPERATION_SMTP_SEND;
    case BMS_MAIL_TEST_STEP_FILE:
      return BMS_OPERATION_IMAP_FILE;
    case BMS_MAIL_TEST_STEP_SMTP_LOGIN:
    case BMS_MAIL_TEST_N_STEPS:
    default:
      return BMS_OPERATION_SMTP_LOGIN;
    }
}
