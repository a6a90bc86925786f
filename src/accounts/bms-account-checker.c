/* bms-account-checker.c: check many saved accounts, politely.
 *
 * Google counts logins. A check of every employee must not look like an
 * attack, so the checker keeps at most four logins in flight over the whole
 * run, never two checks of one account at once, and after Google's
 * "Too many login attempts" (SMTP 454 4.7.0) or "Too many simultaneous
 * connections" (IMAP) it waits, then goes on one login at a time, and gives
 * the refused account one more try.
 *
 * An account is opened (its profile read, its passwords taken from the
 * keyring) before it takes a place, as many ahead of the logins as there
 * are places, so that the places are only ever held by logins. Its result
 * is written after its place is given back.
 *
 * A login check holds one of the four places: it signs in to SMTP, then to
 * IMAP (when the account saves sent mail), one after the other. A mail test
 * holds two: its two connections run side by side.
 *
 * Each account's result is written into its profile's [Status] group
 * before it is announced, so that what a window shows is what is kept.
 * A cancelled check keeps the previous status: it found nothing out.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-account.h"
#include "bms-account-checker.h"
#include "bms-diagnosis.h"
#include "bms-imap.h"
#include "bms-mail-test.h"
#include "bms-profile.h"
#include "bms-smtp.h"

#define DEFAULT_PAUSE_MS    60000
#define DEFAULT_SLOW_GAP_MS 5000
/* A refused account is tried once more after the pause. */
#define MAX_ATTEMPTS        2

struct _BmsAccountChecker
{
  GObject          parent_instance;

  BmsAccountStore *store;
  BmsCheckKind     kind;
  char            *ca_file;
  guint            max_logins;
  guint            pause_ms;
  guint            slow_gap_ms;

  /* The run: at most one at a time. */
  GTask           *task;
  GPtrArray       *outcomes;       /* BmsCheckOutcome or NULL, in the order asked */
  GQueue           queue;          /* Job, waiting to be opened */
  GQueue           ready;          /* Job, opened, waiting for a place */
  guint            opening;
  guint            logins_in_flight;
  guint            jobs_running;
  gboolean         slowed;
  gint64           paused_until;   /* monotonic µs */
  gint64           last_start;     /* monotonic µs */
  guint            wake_id;
  gulong           cancelled_id;
  guint            counts[BMS_CHECK_OUTCOME_SKIPPED + 1];
};

G_DEFINE_FINAL_TYPE (BmsAccountChecker, bms_account_checker, G_TYPE_OBJECT)

G_DEFINE_QUARK (bms-account-checker-error-quark, bms_account_checker_error)

enum {
  SIGNAL_ACCOUNT_STARTED,
  SIGNAL_ACCOUNT_FINISHED,
  SIGNAL_SLOWED_DOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Outcomes */

G_DEFINE_BOXED_TYPE (BmsCheckOutcome, bms_check_outcome, bms_check_outcome_copy, bms_check_outcome_free)

static BmsCheckOutcome *
outcome_new (const char *path)
{
  BmsCheckOutcome *outcome = g_new0 (BmsCheckOutcome, 1);

  outcome->path = g_strdup (path);
  outcome->email = g_strdup ("");
  outcome->employee_name = g_strdup ("");
  return outcome;
}

BmsCheckOutcome *
bms_check_outcome_copy (const BmsCheckOutcome *outcome)
{
  BmsCheckOutcome *copy;

  g_return_val_if_fail (outcome != NULL, NULL);

  copy = g_memdup2 (outcome, sizeof *outcome);
  copy->path = g_strdup (outcome->path);
  copy->email = g_strdup (outcome->email);
  copy->employee_name = g_strdup (outcome->employee_name);
  copy->problem = g_strdup (outcome->problem);
  copy->error = outcome->error != NULL ? g_error_copy (outcome->error) : NULL;
  copy->time = outcome->time != NULL ? g_date_time_ref (outcome->time) : NULL;
  copy->status_error = outcome->status_error != NULL ? g_error_copy (outcome->status_error) : NULL;
  return copy;
}

void
bms_check_outcome_free (BmsCheckOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->path);
  g_free (outcome->email);
  g_free (outcome->employee_name);
  g_free (outcome->problem);
  g_clear_error (&outcome->error);
  g_clear_pointer (&outcome->time, g_date_time_unref);
  g_clear_error (&outcome->status_error);
  g_free (outcome);
}

const char *
bms_check_outcome_result_to_string (BmsCheckOutcomeResult result)
{
  switch (result)
    {
    case BMS_CHECK_OUTCOME_PASSED:
      return "passed";
    case BMS_CHECK_OUTCOME_FAILED:
      return "failed";
    case BMS_CHECK_OUTCOME_CANCELLED:
      return "cancelled";
    case BMS_CHECK_OUTCOME_SKIPPED:
      return "skipped";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Jobs: one account's check */

typedef struct {
  BmsAccountChecker *checker;
  guint              index;       /* into checker->outcomes */
  char              *path;
  BmsAccount        *account;
  BmsServer         *imap;        /* the login check's second login */
  guint              logins;      /* places held */
  guint              attempts;
  BmsCheckOutcome   *outcome;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->checker);
  g_free (job->path);
  g_clear_object (&job->account);
  g_clear_pointer (&job->imap, bms_server_free);
  g_clear_pointer (&job->outcome, bms_check_outcome_free);
  g_free (job);
}

static guint
logins_of_kind (BmsCheckKind kind)
{
  return kind == BMS_CHECK_KIND_MAIL_TEST ? 2 : 1;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, BMS_MAIL_ERROR, BMS_PROBLEM_CANCELLED);
}

static gboolean
is_rate_limit (const GError *error)
{
  return g_error_matches (error, BMS_MAIL_ERROR, BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS) ||
         g_error_matches (error, BMS_MAIL_ERROR, BMS_PROBLEM_TOO_MANY_CONNECTIONS);
}

static void schedule (BmsAccountChecker *self);
static void run_maybe_done (BmsAccountChecker *self);

static gboolean
run_cancelled (BmsAccountChecker *self)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (self->task));
}

/* Recording */

typedef struct {
  char           *path;
  BmsCheckStatus *status;
} Recording;

static void
recording_free (Recording *recording)
{
  g_free (recording->path);
  bms_check_status_free (recording->status);
  g_free (recording);
}

static void
record_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Recording *recording = task_data;
  GError *error = NULL;

  if (bms_profile_save_status (recording->path, recording->status, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
job_announce (Job *job)
{
  BmsAccountChecker *self = job->checker;
  BmsCheckOutcome *outcome = g_steal_pointer (&job->outcome);

  self->counts[outcome->result]++;
  g_ptr_array_index (self->outcomes, job->index) = outcome;
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_FINISHED], 0, outcome);
}

static void
job_recorded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  BmsAccountChecker *self = job->checker;

  g_task_propagate_boolean (G_TASK (result), &job->outcome->status_error);
  job_announce (job);
  self->jobs_running--;
  job_free (job);
  run_maybe_done (self);
}

/* Keeps a passed or failed result in the profile (never a cancelled or
 * skipped one), then announces it. The places are given back first: the
 * disk is not a login. */
static void
job_finish (Job *job)
{
  BmsAccountChecker *self = job->checker;
  BmsCheckOutcome *outcome = job->outcome;
  g_autoptr(GTask) task = NULL;
  Recording *recording;

  self->logins_in_flight -= job->logins;
  job->logins = 0;
  outcome->time = g_date_time_new_now_utc ();

  if (outcome->result != BMS_CHECK_OUTCOME_PASSED && outcome->result != BMS_CHECK_OUTCOME_FAILED)
    {
      job_announce (job);
      self->jobs_running--;
      job_free (job);
      schedule (self);
      run_maybe_done (self);
      return;
    }

  schedule (self);

  recording = g_new0 (Recording, 1);
  recording->path = g_strdup (job->path);
  recording->status = bms_check_status_new (outcome->time, outcome->kind,
                                            outcome->result == BMS_CHECK_OUTCOME_PASSED
                                              ? BMS_CHECK_RESULT_PASSED : BMS_CHECK_RESULT_FAILED,
                                            outcome->problem);
  if (job->account != NULL)
    bms_account_set_check_status (job->account, recording->status);

  /* Not cancellable: a result that was found out is kept. */
  task = g_task_new (self, NULL, job_recorded_cb, job);
  g_task_set_source_tag (task, job_finish);
  g_task_set_task_data (task, recording, (GDestroyNotify) recording_free);
  g_task_run_in_thread (task, record_in_thread);
}

static void
job_slow_down (BmsAccountChecker *self,
               const char        *problem)
{
  self->paused_until = g_get_monotonic_time () + (gint64) self->pause_ms * 1000;
  if (!self->slowed)
    {
      self->slowed = TRUE;
      g_signal_emit (self, signals[SIGNAL_SLOWED_DOWN], 0, problem);
    }
}

/* @error: (transfer full) (nullable): why the check failed. */
static void
job_done (Job    *job,
          GError *error)
{
  BmsAccountChecker *self = job->checker;
  BmsCheckOutcome *outcome = job->outcome;

  if (error == NULL)
    {
      outcome->result = BMS_CHECK_OUTCOME_PASSED;
      job_finish (job);
      return;
    }

  if (is_cancelled (error) || run_cancelled (self))
    {
      outcome->result = BMS_CHECK_OUTCOME_CANCELLED;
      outcome->error = error;
      job_finish (job);
      return;
    }

  if (error->domain == BMS_MAIL_ERROR)
    {
      g_free (outcome->problem);
      outcome->problem = g_strdup (bms_problem_to_nick (error->code));
    }

  if (is_rate_limit (error))
    {
      job_slow_down (self, outcome->problem);
      if (job->attempts < MAX_ATTEMPTS)
        {
          /* Back into the queue, first in line once the pause is over. */
          g_error_free (error);
          self->logins_in_flight -= job->logins;
          job->logins = 0;
          g_clear_pointer (&job->imap, bms_server_free);
          g_clear_pointer (&outcome->problem, g_free);
          outcome->is_gmail = FALSE;
          g_queue_push_head (&self->ready, job);
          schedule (self);
          return;
        }
    }

  outcome->result = BMS_CHECK_OUTCOME_FAILED;
  outcome->error = error;
  job_finish (job);
}

static void
imap_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(BmsTranscript) transcript = NULL;
  GError *error = NULL;
  gboolean is_gmail = FALSE;

  bms_imap_check_login_finish (result, &is_gmail, &transcript, &error);
  job->outcome->is_gmail = job->outcome->is_gmail || is_gmail ||
                           bms_transcript_says_gmail (transcript);
  job_done (job, error);
}

static void
smtp_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(BmsTranscript) transcript = NULL;
  GError *error = NULL;

  bms_smtp_check_login_finish (result, &transcript, &error);
  job->outcome->is_gmail = job->outcome->is_gmail || bms_transcript_says_gmail (transcript);

  if (error != NULL || job->imap == NULL)
    {
      job_done (job, error);
      return;
    }

  /* One login after the other: never two at once for one account. */
  bms_imap_check_login_async (job->imap, bms_account_get_imap_password (job->account),
                              g_task_get_cancellable (job->checker->task),
                              imap_checked_cb, job);
}

static void
mail_tested_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BmsMailTest *test = BMS_MAIL_TEST (source);
  Job *job = user_data;
  GError *error = NULL;

  bms_mail_test_run_finish (test, result, &error);
  job->outcome->is_gmail = bms_mail_test_get_is_gmail (test);
  g_object_unref (test);
  job_done (job, error);
}

static void
job_check (Job *job)
{
  BmsAccountChecker *self = job->checker;
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  g_autoptr(BmsServer) smtp = NULL;

  if (job->outcome->kind == BMS_CHECK_KIND_MAIL_TEST)
    {
      BmsMailTest *test = bms_account_new_mail_test (job->account, self->ca_file);

      bms_mail_test_run_async (test, cancellable, mail_tested_cb, job);
      return;
    }

  smtp = bms_account_dup_smtp_server (job->account, self->ca_file);
  job->outcome->is_gmail = bms_server_is_gmail (smtp);
  if (bms_account_get_save_sent (job->account))
    job->imap = bms_account_dup_imap_server (job->account, self->ca_file);

  bms_smtp_check_login_async (smtp, bms_account_get_smtp_password (job->account), cancellable,
                              smtp_checked_cb, job);
}

static gboolean
has_passwords (BmsAccount *account)
{
  if (bms_account_get_smtp_password (account)[0] == '\0')
    return FALSE;

  return !bms_account_get_save_sent (account) || !bms_account_has_own_imap_login (account) ||
         bms_account_get_imap_password (account)[0] != '\0';
}

static void
job_opened_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) passwords_error = NULL;
  g_autoptr(GError) error = NULL;

  job->checker->opening--;
  job->account = bms_account_store_open_finish (BMS_ACCOUNT_STORE (source), result,
                                                &passwords_error, &error);
  if (job->account != NULL)
    {
      g_free (job->outcome->email);
      job->outcome->email = g_strdup (bms_account_get_email (job->account));
      g_free (job->outcome->employee_name);
      job->outcome->employee_name = g_strdup (bms_account_get_employee_name (job->account));
    }

  /* An account imported and not yet set up, or one whose keyring item is
   * gone, has no password to try: that is not the server's refusal. */
  if (job->account != NULL && passwords_error == NULL && error == NULL && !has_passwords (job->account))
    passwords_error = g_error_new_literal (BMS_ACCOUNT_CHECKER_ERROR, BMS_ACCOUNT_CHECKER_ERROR_NO_PASSWORD,
                                           _("No password of this account is saved in the keyring: "
                                             "set the account up in the assistant first."));

  if (job->account == NULL || passwords_error != NULL || run_cancelled (job->checker))
    {
      BmsCheckOutcomeResult result_kind = BMS_CHECK_OUTCOME_SKIPPED;

      if (run_cancelled (job->checker) || is_cancelled (error) || is_cancelled (passwords_error))
        result_kind = BMS_CHECK_OUTCOME_CANCELLED;

      job->outcome->result = result_kind;
      job->outcome->error = error != NULL ? g_steal_pointer (&error) : g_steal_pointer (&passwords_error);
      if (job->outcome->error == NULL)
        job->outcome->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   _("The check was cancelled."));
      job_finish (job);
      return;
    }

  g_queue_push_tail (&job->checker->ready, job);
  schedule (job->checker);
}

static void
job_open (Job *job)
{
  BmsAccountChecker *self = job->checker;

  self->opening++;
  self->jobs_running++;
  bms_account_store_open_async (self->store, job->path, TRUE, g_task_get_cancellable (self->task),
                                job_opened_cb, job);
}

static void
job_start (Job *job)
{
  BmsAccountChecker *self = job->checker;

  job->attempts++;
  job->logins = logins_of_kind (self->kind);
  self->logins_in_flight += job->logins;
  self->last_start = g_get_monotonic_time ();

  g_signal_emit (self, signals[SIGNAL_ACCOUNT_STARTED], 0, job->path);
  job_check (job);
}

/* The scheduler */

static gboolean
wake_cb (gpointer user_data)
{
  BmsAccountChecker *self = user_data;

  self->wake_id = 0;
  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
wake_in (BmsAccountChecker *self,
         gint64             delay_us)
{
  if (self->wake_id != 0)
    return;

  self->wake_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MAX (1, (delay_us + 999) / 1000),
                                      wake_cb, self, NULL);
}

/* Every queued account ends as cancelled, at once: nothing is left
 * waiting, nothing is lost. */
static void
drain_queue (BmsAccountChecker *self,
             GQueue            *queue)
{
  Job *job;

  while ((job = g_queue_pop_head (queue)) != NULL)
    {
      if (queue == &self->ready)
        self->jobs_running--;
      if (job->outcome->error == NULL)
        job->outcome->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   _("The check was cancelled."));
      job->outcome->result = BMS_CHECK_OUTCOME_CANCELLED;
      job->outcome->time = g_date_time_new_now_utc ();
      job_announce (job);
      job_free (job);
    }
}

/* Gives the free places to the accounts that are ready, as far as the
 * pace allows. */
static void
start_ready (BmsAccountChecker *self)
{
  guint needed = logins_of_kind (self->kind);

  while (!g_queue_is_empty (&self->ready))
    {
      gint64 now = g_get_monotonic_time ();
      guint limit = self->slowed ? needed : MAX (self->max_logins, needed);

      if (now < self->paused_until)
        {
          wake_in (self, self->paused_until - now);
          return;
        }
      if (self->logins_in_flight + needed > limit)
        return;
      if (self->slowed && now < self->last_start + (gint64) self->slow_gap_ms * 1000)
        {
          wake_in (self, self->last_start + (gint64) self->slow_gap_ms * 1000 - now);
          return;
        }

      job_start (g_queue_pop_head (&self->ready));
    }
}

static void
schedule (BmsAccountChecker *self)
{
  if (self->task == NULL)
    return;

  if (run_cancelled (self))
    {
      g_clear_handle_id (&self->wake_id, g_source_remove);
      drain_queue (self, &self->queue);
      drain_queue (self, &self->ready);
      run_maybe_done (self);
      return;
    }

  start_ready (self);

  /* Opening is not a login: as many accounts as there are places are kept
   * opened or opening ahead of the logins, topped up after every start, so
   * that a place given back never waits for a profile or the keyring. */
  while (!g_queue_is_empty (&self->queue) && self->opening + self->ready.length < self->max_logins)
    job_open (g_queue_pop_head (&self->queue));
}

static void
run_maybe_done (BmsAccountChecker *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  if (self->task == NULL || self->jobs_running > 0 ||
      !g_queue_is_empty (&self->queue) || !g_queue_is_empty (&self->ready))
    return;

  task = g_steal_pointer (&self->task);
  outcomes = g_steal_pointer (&self->outcomes);
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_handle_id (&self->wake_id, g_source_remove);

  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  BmsAccountChecker *self = user_data;

  schedule (self);
  return G_SOURCE_REMOVE;
}

/* The cancellable may be cancelled from any thread: the queue is drained
 * in the checker's own main context. */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  BmsAccountChecker *self = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancelled_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, g_task_get_context (self->task));
  g_source_unref (source);
}

/* Adds one account to the queue; a path given twice is checked once. */
static void
queue_path (BmsAccountChecker *self,
            GHashTable        *seen,
            const char        *path)
{
  Job *job;

  if (!g_hash_table_add (seen, g_strdup (path)))
    return;

  job = g_new0 (Job, 1);
  job->checker = g_object_ref (self);
  job->index = self->outcomes->len;
  job->path = g_strdup (path);
  job->outcome = outcome_new (path);
  job->outcome->kind = self->kind;
  g_ptr_array_add (self->outcomes, NULL);
  g_queue_push_tail (&self->queue, job);
}

static void
run_paths (BmsAccountChecker  *self,
           const char * const *paths)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    queue_path (self, seen, paths[i]);

  self->cancelled_id = g_cancellable_connect (g_task_get_cancellable (self->task),
                                              G_CALLBACK (cancelled_cb), self, NULL);
  schedule (self);
  run_maybe_done (self);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BmsAccountChecker) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  GError *error = NULL;

  accounts = bms_account_store_list_finish (self->store, result, &problems, &error);
  if (accounts == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_clear_pointer (&self->outcomes, g_ptr_array_unref);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (paths, (gpointer) bms_account_get_profile_path (g_ptr_array_index (accounts, i)));
  g_ptr_array_add (paths, NULL);

  /* A profile that could not be read is an account that was not checked:
   * it is said, not left out. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      BmsProfileProblem *problem = g_ptr_array_index (problems, i);
      BmsCheckOutcome *outcome = outcome_new (problem->kept_as);

      outcome->kind = self->kind;
      outcome->result = BMS_CHECK_OUTCOME_SKIPPED;
      outcome->error = g_error_copy (problem->error);
      outcome->time = g_date_time_new_now_utc ();
      self->counts[outcome->result]++;
      g_ptr_array_add (self->outcomes, outcome);
      g_signal_emit (self, signals[SIGNAL_ACCOUNT_FINISHED], 0, outcome);
    }

  run_paths (self, (const char * const *) paths->pdata);
}

void
bms_account_checker_run_async (BmsAccountChecker   *self,
                               const char * const  *paths,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GCancellable) own_cancellable = NULL;

  g_return_if_fail (BMS_IS_ACCOUNT_CHECKER (self));
  g_return_if_fail (self->task == NULL);

  /* The jobs share the run's cancellable; one is made when none is given. */
  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, bms_account_checker_run_async);
  /* A cancelled run still gives every account's outcome. */
  g_task_set_check_cancellable (self->task, FALSE);
  self->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) bms_check_outcome_free);
  self->slowed = FALSE;
  self->paused_until = 0;
  self->last_start = 0;
  memset (self->counts, 0, sizeof self->counts);

  if (paths != NULL)
    run_paths (self, paths);
  else
    bms_account_store_list_async (self->store, cancellable, listed_cb, g_object_ref (self));
}

GPtrArray *
bms_account_checker_run_finish (BmsAccountChecker  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_account_checker_run_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
bms_account_checker_count (BmsAccountChecker     *self,
                           BmsCheckOutcomeResult  result)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT_CHECKER (self), 0);
  g_return_val_if_fail (result < G_N_ELEMENTS (self->counts), 0);

  return self->counts[result];
}

/* The object */

BmsAccountChecker *
bms_account_checker_new (BmsAccountStore *store,
                         BmsCheckKind     kind)
{
  BmsAccountChecker *self;

  g_return_val_if_fail (BMS_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (BMS_TYPE_ACCOUNT_CHECKER, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  return self;
}

BmsCheckKind
bms_account_checker_get_kind (BmsAccountChecker *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT_CHECKER (self), BMS_CHECK_KIND_LOGIN);

  return self->kind;
}

void
bms_account_checker_set_ca_file (BmsAccountChecker *self,
                                 const char        *ca_file)
{
  g_return_if_fail (BMS_IS_ACCOUNT_CHECKER (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
bms_account_checker_set_max_logins (BmsAccountChecker *self,
                                    guint              max_logins)
{
  g_return_if_fail (BMS_IS_ACCOUNT_CHECKER (self));
  g_return_if_fail (max_logins >= 1 && max_logins <= BMS_ACCOUNT_CHECKER_MAX_LOGINS);

  self->max_logins = max_logins;
}

void
bms_account_checker_set_pace (BmsAccountChecker *self,
                              guint              pause_ms,
                              guint              slow_gap_ms)
{
  g_return_if_fail (BMS_IS_ACCOUNT_CHECKER (self));

  self->pause_ms = pause_ms;
  self->slow_gap_ms = slow_gap_ms;
}

/* Whether the run met a rate-limit refusal and went slower. */
gboolean
bms_account_checker_get_slowed (BmsAccountChecker *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT_CHECKER (self), FALSE);

  return self->slowed;
}

static void
bms_account_checker_finalize (GObject *object)
{
  BmsAccountChecker *self = (BmsAccountChecker *)object;

  /* Every job and the run's task hold the checker. */
  g_assert (self->task == NULL);

  g_clear_object (&self->store);
  g_free (self->ca_file);

  G_OBJECT_CLASS (bms_account_checker_parent_class)->finalize (object);
}

static void
bms_account_checker_class_init (BmsAccountCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_account_checker_finalize;

  /* The profile's path, as the account's check begins. */
  signals[SIGNAL_ACCOUNT_STARTED] =
    g_signal_new ("account-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A BmsCheckOutcome, once the result is kept in the profile. */
  signals[SIGNAL_ACCOUNT_FINISHED] =
    g_signal_new ("account-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BMS_TYPE_CHECK_OUTCOME | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The problem's nick of the first rate-limit refusal. */
  signals[SIGNAL_SLOWED_DOWN] =
    g_signal_new ("slowed-down", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bms_account_checker_init (BmsAccountChecker *self)
{
  self->max_logins = BMS_ACCOUNT_CHECKER_MAX_LOGINS;
  self->pause_ms = DEFAULT_PAUSE_MS;
  self->slow_gap_ms = DEFAULT_SLOW_GAP_MS;
  g_queue_init (&self->queue);
  g_queue_init (&self->ready);
}
