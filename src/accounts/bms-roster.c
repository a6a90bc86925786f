/* bms-roster.c: every saved account, its last check, and checks of many.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-profile.h"
#include "bms-roster.h"

struct _BmsRoster
{
  GObject              parent_instance;

  BmsAccountStore     *store;
  BmsProviderDetector *detector;
  GListStore          *entries;
  /* Cancelled when the entries are replaced: their lookups are moot. */
  GCancellable        *lookups_cancellable;

  char                *ca_file;
  guint                pause_ms;
  guint                slow_gap_ms;

  BmsAccountChecker   *checker;
  guint                n_checked;
  guint                n_to_check;
  gboolean             slowed;
};

G_DEFINE_FINAL_TYPE (BmsRoster, bms_roster, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHECKING,
  PROP_SLOWED,
  PROP_N_CHECKED,
  PROP_N_TO_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bms_roster_dispose (GObject *object)
{
  BmsRoster *self = BMS_ROSTER (object);

  g_cancellable_cancel (self->lookups_cancellable);
  g_clear_object (&self->lookups_cancellable);
  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (self->checker, self);
  g_clear_object (&self->checker);
  g_clear_object (&self->entries);
  g_clear_object (&self->detector);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bms_roster_parent_class)->dispose (object);
}

static void
bms_roster_finalize (GObject *object)
{
  g_free (BMS_ROSTER (object)->ca_file);

  G_OBJECT_CLASS (bms_roster_parent_class)->finalize (object);
}

static void
bms_roster_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BmsRoster *self = BMS_ROSTER (object);

  switch (prop_id)
    {
    case PROP_CHECKING:
      g_value_set_boolean (value, bms_roster_get_checking (self));
      break;
    case PROP_SLOWED:
      g_value_set_boolean (value, self->slowed);
      break;
    case PROP_N_CHECKED:
      g_value_set_uint (value, self->n_checked);
      break;
    case PROP_N_TO_CHECK:
      g_value_set_uint (value, self->n_to_check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_roster_class_init (BmsRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bms_roster_dispose;
  object_class->finalize = bms_roster_finalize;
  object_class->get_property = bms_roster_get_property;

  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Google asked for fewer logins: the run goes on one login at a time. */
  properties[PROP_SLOWED] =
    g_param_spec_boolean ("slowed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CHECKED] =
    g_param_spec_uint ("n-checked", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TO_CHECK] =
    g_param_spec_uint ("n-to-check", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_roster_init (BmsRoster *self)
{
  self->entries = g_list_store_new (BMS_TYPE_ROSTER_ENTRY);
}

/**
 * bms_roster_new:
 * @detector: what looks up the providers of the addresses
 */
BmsRoster *
bms_roster_new (BmsAccountStore     *store,
                BmsProviderDetector *detector)
{
  BmsRoster *self;

  g_return_val_if_fail (BMS_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (BMS_IS_PROVIDER_DETECTOR (detector), NULL);

  self = g_object_new (BMS_TYPE_ROSTER, NULL);
  self->store = g_object_ref (store);
  self->detector = g_object_ref (detector);

  return self;
}

BmsAccountStore *
bms_roster_get_store (BmsRoster *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER (self), NULL);

  return self->store;
}

/* Returns: (transfer none): the entries, in the store's order. */
GListModel *
bms_roster_get_entries (BmsRoster *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER (self), NULL);

  return G_LIST_MODEL (self->entries);
}

/* Returns: (transfer none) (nullable): the entry of the profile @path. */
BmsRosterEntry *
bms_roster_find (BmsRoster  *self,
                 const char *path,
                 guint      *position)
{
  guint n;

  g_return_val_if_fail (BMS_IS_ROSTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (g_strcmp0 (bms_roster_entry_get_path (entry), path) == 0)
        {
          if (position != NULL)
            *position = i;
          return entry;  /* the store keeps its reference */
        }
    }

  return NULL;
}

void
bms_roster_set_ca_file (BmsRoster  *self,
                        const char *ca_file)
{
  g_return_if_fail (BMS_IS_ROSTER (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

/* The checker's pace after a rate-limit refusal; 0, 0 keeps its own. */
void
bms_roster_set_pace (BmsRoster *self,
                     guint      pause_ms,
                     guint      slow_gap_ms)
{
  g_return_if_fail (BMS_IS_ROSTER (self));

  self->pause_ms = pause_ms;
  self->slow_gap_ms = slow_gap_ms;
}

static void
provider_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BmsAccount) account = user_data;
  g_autoptr(BmsProviderResult) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = bms_provider_detector_lookup_finish (BMS_PROVIDER_DETECTOR (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  bms_account_set_checking_provider (account, FALSE);
  bms_account_set_provider (account, provider);
}

/* Every domain is looked up once however many employees share it: the
 * detector keeps its answers and joins lookups that run. */
static void
look_up_provider (BmsRoster  *self,
                  BmsAccount *account)
{
  g_autofree char *domain = bms_provider_domain_of_address (bms_account_get_email (account));

  if (domain == NULL)
    return;

  bms_account_set_checking_provider (account, TRUE);
  bms_provider_detector_lookup_async (self->detector, bms_account_get_email (account),
                                      self->lookups_cancellable, provider_found_cb, g_object_ref (account));
}

/* The entries by their profile's path: what a new reading is matched to. */
static GHashTable *
index_entries (BmsRoster *self)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < n; i++)
    {
      BmsRosterEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      g_hash_table_insert (index, (gpointer) bms_roster_entry_get_path (entry), entry);
    }

  return index;
}

static void
replace_entries (BmsRoster *self,
                 GPtrArray *accounts)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old_entries = index_entries (self);

  g_cancellable_cancel (self->lookups_cancellable);
  g_clear_object (&self->lookups_cancellable);
  self->lookups_cancellable = g_cancellable_new ();

  for (guint i = 0; i < accounts->len; i++)
    {
      BmsAccount *account = g_ptr_array_index (accounts, i);
      BmsRosterEntry *entry = bms_roster_entry_new (account);
      BmsRosterEntry *old = g_hash_table_lookup (old_entries, bms_account_get_profile_path (account));

      /* A check running keeps showing on the entry that replaces it. */
      if (old != NULL)
        bms_roster_entry_set_activity (entry, bms_roster_entry_get_activity (old));

      g_ptr_array_add (entries, entry);
      look_up_provider (self, account);
    }

  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       entries->pdata, entries->len);
}

static void
accounts_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BmsRoster *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GError *error = NULL;

  accounts = bms_account_store_list_finish (BMS_ACCOUNT_STORE (source), result, &problems, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  replace_entries (self, accounts);
  g_task_return_pointer (task, g_steal_pointer (&problems), (GDestroyNotify) g_ptr_array_unref);
}

/* Reads the saved accounts again; the entries are replaced when they are
 * read, and left as they were on an error. */
void
bms_roster_reload_async (BmsRoster           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (BMS_IS_ROSTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_roster_reload_async);
  bms_account_store_list_async (self->store, cancellable, accounts_listed_cb, task);
}

gboolean
bms_roster_reload_finish (BmsRoster     *self,
                          GAsyncResult  *result,
                          GPtrArray    **problems,
                          GError       **error)
{
  g_autoptr(GPtrArray) found = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_roster_reload_async, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (problems != NULL)
    *problems = g_steal_pointer (&found);

  return TRUE;
}

gboolean
bms_roster_get_checking (BmsRoster *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER (self), FALSE);

  return self->checker != NULL;
}

gboolean
bms_roster_get_slowed (BmsRoster *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER (self), FALSE);

  return self->slowed;
}

guint
bms_roster_get_n_checked (BmsRoster *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER (self), 0);

  return self->n_checked;
}

guint
bms_roster_get_n_to_check (BmsRoster *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER (self), 0);

  return self->n_to_check;
}

static void
account_started_cb (BmsAccountChecker *checker,
                    const char        *path,
                    BmsRoster         *self)
{
  BmsRosterEntry *entry = bms_roster_find (self, path, NULL);

  if (entry == NULL)
    return;

  bms_roster_entry_set_detail (entry, NULL);
  bms_roster_entry_set_activity (entry, BMS_ROSTER_ACTIVITY_CHECKING);
}

static void
show_outcome (BmsRosterEntry        *entry,
              const BmsCheckOutcome *outcome)
{
  g_autoptr(BmsCheckStatus) status = NULL;

  switch (outcome->result)
    {
    case BMS_CHECK_OUTCOME_PASSED:
    case BMS_CHECK_OUTCOME_FAILED:
      status = bms_check_status_new (outcome->time, outcome->kind,
                                     outcome->result == BMS_CHECK_OUTCOME_PASSED
                                       ? BMS_CHECK_RESULT_PASSED : BMS_CHECK_RESULT_FAILED,
                                     outcome->problem);
      bms_roster_entry_set_status (entry, status);
      bms_roster_entry_set_detail (entry, outcome->error != NULL ? outcome->error->message : NULL);
      break;
    case BMS_CHECK_OUTCOME_SKIPPED:
      /* Not checked at all (no saved password): the last check stands,
       * and the reason is shown beside it. */
      bms_roster_entry_set_detail (entry, outcome->error != NULL ? outcome->error->message : NULL);
      break;
    case BMS_CHECK_OUTCOME_CANCELLED:
    default:
      break;
    }

  bms_roster_entry_set_activity (entry, BMS_ROSTER_ACTIVITY_IDLE);
}

static void
account_finished_cb (BmsAccountChecker     *checker,
                     const BmsCheckOutcome *outcome,
                     BmsRoster             *self)
{
  BmsRosterEntry *entry = bms_roster_find (self, outcome->path, NULL);

  if (entry != NULL)
    show_outcome (entry, outcome);

  if (outcome->result != BMS_CHECK_OUTCOME_CANCELLED)
    {
      self->n_checked++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHECKED]);
    }
}

static void
slowed_down_cb (BmsAccountChecker *checker,
                const char        *problem,
                BmsRoster         *self)
{
  self->slowed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOWED]);
}

/* Whatever the run left undone stops showing as waiting or checking. */
static void
settle_entries (BmsRoster *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      bms_roster_entry_set_activity (entry, BMS_ROSTER_ACTIVITY_IDLE);
    }
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BmsRoster *self = g_task_get_source_object (task);
  GPtrArray *outcomes;
  GError *error = NULL;

  outcomes = bms_account_checker_run_finish (BMS_ACCOUNT_CHECKER (source), result, &error);

  g_signal_handlers_disconnect_by_data (source, self);
  g_clear_object (&self->checker);
  settle_entries (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);

  if (outcomes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcomes, (GDestroyNotify) g_ptr_array_unref);
}

static void
mark_waiting (BmsRoster          *self,
              const char * const *paths)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  self->n_to_check = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (paths == NULL || g_strv_contains (paths, bms_roster_entry_get_path (entry)))
        {
          bms_roster_entry_set_activity (entry, BMS_ROSTER_ACTIVITY_WAITING);
          self->n_to_check++;
        }
    }
}

static GStrv
listed_paths (BmsRoster *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      g_strv_builder_add (builder, bms_roster_entry_get_path (entry));
    }

  return g_strv_builder_end (builder);
}

/**
 * bms_roster_check_async:
 * @kind: the login check or the whole mail test
 *
 * Checks the accounts: each entry shows waiting, then checking, then its
 * result; the results are kept in the profiles as the checker does.
 */
void
bms_roster_check_async (BmsRoster           *self,
                        BmsCheckKind         kind,
                        const char * const  *paths,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_auto(GStrv) all_paths = NULL;
  GTask *task;

  g_return_if_fail (BMS_IS_ROSTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_roster_check_async);
  /* A run that is stopped still has its outcomes: the cancelled ones say so. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->checker != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("A check of the accounts is already running"));
      g_object_unref (task);
      return;
    }

  /* The entries shown, not whatever the folder holds by now. */
  if (paths == NULL)
    paths = (const char * const *) (all_paths = listed_paths (self));

  self->checker = bms_account_checker_new (self->store, kind);
  bms_account_checker_set_ca_file (self->checker, self->ca_file);
  if (self->pause_ms > 0 || self->slow_gap_ms > 0)
    bms_account_checker_set_pace (self->checker, self->pause_ms, self->slow_gap_ms);
  g_signal_connect (self->checker, "account-started", G_CALLBACK (account_started_cb), self);
  g_signal_connect (self->checker, "account-finished", G_CALLBACK (account_finished_cb), self);
  g_signal_connect (self->checker, "slowed-down", G_CALLBACK (slowed_down_cb), self);

  self->n_checked = 0;
  self->slowed = FALSE;
  mark_waiting (self, paths);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHECKED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TO_CHECK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOWED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);

  bms_account_checker_run_async (self->checker, paths, cancellable, checked_cb, task);
}

GPtrArray *
bms_roster_check_finish (BmsRoster     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_roster_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
