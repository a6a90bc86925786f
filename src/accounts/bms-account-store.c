/* bms-account-store.c: the accounts saved on this computer.
 *
 * Saving goes in the order that keeps a cancelled save harmless: the
 * account is checked, its passwords go into the keyring (read back there),
 * and only then is the profile written, so that a save cancelled on the
 * way leaves the previous profile in place. An account whose address
 * changed is saved under the new address, and the old one is forgotten:
 * its profile removed, and those of its keyring items that the new address
 * does not use.
 *
 * When the keyring cannot take the passwords the profile is still written,
 * and the save ends with the keyring's error: the caller can tell the user
 * that the settings are kept without the passwords. Nothing falls back to a
 * file.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-account-store.h"
#include "bms-keyring.h"
#include "bms-profile.h"

struct _BmsAccountStore
{
  GObject  parent_instance;

  char    *dir;
};

G_DEFINE_FINAL_TYPE (BmsAccountStore, bms_account_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bms_account_store_finalize (GObject *object)
{
  BmsAccountStore *self = (BmsAccountStore *)object;

  g_free (self->dir);

  G_OBJECT_CLASS (bms_account_store_parent_class)->finalize (object);
}

static void
bms_account_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BmsAccountStore *self = BMS_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIR:
      g_value_set_string (value, self->dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_account_store_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BmsAccountStore *self = BMS_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIR:
      g_free (self->dir);
      self->dir = g_value_get_string (value) != NULL ? g_value_dup_string (value) : bms_profile_default_dir ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_account_store_class_init (BmsAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_account_store_finalize;
  object_class->get_property = bms_account_store_get_property;
  object_class->set_property = bms_account_store_set_property;

  /* The folder of the profiles; NULL is the user's own (bms_profile_default_dir()). */
  properties[PROP_DIR] =
    g_param_spec_string ("dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_account_store_init (BmsAccountStore *self)
{
}

/**
 * bms_account_store_new:
 * @dir: (nullable): the folder of the profiles; NULL for the user's own,
 *   $XDG_CONFIG_HOME/bizmagic-mail-setup/accounts
 */
BmsAccountStore *
bms_account_store_new (const char *dir)
{
  return g_object_new (BMS_TYPE_ACCOUNT_STORE, "dir", dir, NULL);
}

const char *
bms_account_store_get_dir (BmsAccountStore *self)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT_STORE (self), NULL);

  return self->dir;
}

/* Where the account of @email is saved, whether or not it is. */
char *
bms_account_store_path_for_email (BmsAccountStore *self,
                                  const char      *email)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT_STORE (self), NULL);

  return bms_profile_path_for_email (self->dir, email);
}

/* One step on a worker thread, on behalf of @task (whose cancellable it
 * shares): @callback gets the worker's GTask. The worker's result is what
 * it did, even when the cancellable was cancelled while it worked. */
static void
run_in_thread (GTask           *task,
               GTaskThreadFunc  worker,
               gpointer         data,
               GDestroyNotify   data_free,
               GAsyncReadyCallback callback)
{
  g_autoptr(GTask) step = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                                      callback, g_object_ref (task));

  g_task_set_source_tag (step, run_in_thread);
  g_task_set_check_cancellable (step, FALSE);
  g_task_set_task_data (step, data, data_free);
  g_task_run_in_thread (step, worker);
}

/* Listing */

typedef struct {
  GPtrArray *accounts;
  GPtrArray *problems;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->accounts, g_ptr_array_unref);
  g_clear_pointer (&listing->problems, g_ptr_array_unref);
  g_free (listing);
}

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BmsAccountStore *self = source_object;
  g_autoptr(GError) error = NULL;
  Listing *listing = g_new0 (Listing, 1);

  listing->accounts = bms_profile_list (self->dir, &listing->problems, &error);
  if (listing->accounts == NULL)
    {
      listing_free (listing);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

/* Reads every profile of the folder. Damaged ones are moved aside there and
 * reported, and do not stop the others. */
void
bms_account_store_list_async (BmsAccountStore     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMS_IS_ACCOUNT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_account_store_list_async);
  g_task_run_in_thread (task, list_worker);
}

/**
 * bms_account_store_list_finish:
 * @problems: (out) (optional) (transfer full): the BmsProfileProblem of
 *   each file that could not be read
 *
 * Returns: (transfer full): the saved accounts (BmsAccount, without
 *   passwords, each with its profile-path), in file name order; NULL when
 *   the folder itself cannot be read
 */
GPtrArray *
bms_account_store_list_finish (BmsAccountStore  *self,
                               GAsyncResult     *result,
                               GPtrArray       **problems,
                               GError          **error)
{
  Listing *listing;
  GPtrArray *accounts;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_account_store_list_async, NULL);

  listing = g_task_propagate_pointer (G_TASK (result), error);
  if (listing == NULL)
    return NULL;

  accounts = g_steal_pointer (&listing->accounts);
  if (problems != NULL)
    *problems = g_steal_pointer (&listing->problems);
  listing_free (listing);

  return accounts;
}

/* Opening */

typedef struct {
  gboolean    with_passwords;
  BmsAccount *account;
  GError     *passwords_error;
} Opening;

static void
opening_free (Opening *opening)
{
  g_clear_object (&opening->account);
  g_clear_error (&opening->passwords_error);
  g_free (opening);
}

static void
read_profile_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(BmsAccount) account = bms_account_new ();
  GError *error = NULL;

  if (bms_profile_load (path, account, &error))
    g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
  else
    g_task_return_error (task, error);
}

/* A keyring that answers without a password for a login the account
 * needs (the item was removed, or holds nothing) is said as such: a test
 * of that account could only send an empty password. */
static GError *
check_saved_passwords (BmsAccount *account)
{
  gboolean smtp_missing = bms_account_get_smtp_password (account)[0] == '\0';
  gboolean imap_missing = bms_account_get_save_sent (account) &&
                          bms_account_has_own_imap_login (account) &&
                          bms_account_get_imap_password (account)[0] == '\0';

  if (!smtp_missing && !imap_missing)
    return NULL;

  return g_error_new (BMS_KEYRING_ERROR, BMS_KEYRING_ERROR_NO_PASSWORD,
                      /* Translators: %s is an employee's e-mail address. */
                      _("There is no saved password for %s in the keyring. Type the password "
                        "again (for Gmail, the app password) on the form."),
                      bms_account_get_email (account));
}

static void
passwords_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  GError *error = NULL;

  /* The settings are still worth having without the passwords: they can be
   * typed again. Only a cancelled open gives nothing. */
  if (!bms_keyring_load_account_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      opening->passwords_error = error;
    }
  else
    opening->passwords_error = check_saved_passwords (opening->account);

  g_task_return_pointer (task, g_object_ref (opening->account), g_object_unref);
}

static void
profile_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  GError *error = NULL;

  opening->account = g_task_propagate_pointer (G_TASK (result), &error);
  if (opening->account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!opening->with_passwords)
    {
      g_task_return_pointer (task, g_object_ref (opening->account), g_object_unref);
      return;
    }

  bms_keyring_load_account_async (opening->account, g_task_get_cancellable (task),
                                  passwords_loaded_cb, g_object_ref (task));
}

/* Reads the profile at @path, which may be any profile file, and with
 * @with_passwords the account's passwords from the keyring. */
void
bms_account_store_open_async (BmsAccountStore     *self,
                              const char          *path,
                              gboolean             with_passwords,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Opening *opening;

  g_return_if_fail (BMS_IS_ACCOUNT_STORE (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_account_store_open_async);
  opening = g_new0 (Opening, 1);
  opening->with_passwords = with_passwords;
  g_task_set_task_data (task, opening, (GDestroyNotify) opening_free);

  run_in_thread (task, read_profile_worker, g_strdup (path), g_free, profile_read_cb);
}

/**
 * bms_account_store_open_finish:
 * @passwords_error: (out) (optional): why the keyring did not give the
 *   passwords, when the account is returned without them
 *
 * Returns: (transfer full): a new account with its profile-path, and its
 *   passwords where the keyring had them (empty otherwise); NULL with
 *   @error when the profile could not be read, or the open was cancelled
 */
BmsAccount *
bms_account_store_open_finish (BmsAccountStore  *self,
                               GAsyncResult     *result,
                               GError          **passwords_error,
                               GError          **error)
{
  Opening *opening;
  BmsAccount *account;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_account_store_open_async, NULL);

  account = g_task_propagate_pointer (G_TASK (result), error);
  opening = g_task_get_task_data (G_TASK (result));
  if (account != NULL && opening->passwords_error != NULL)
    g_propagate_error (passwords_error, g_steal_pointer (&opening->passwords_error));

  return account;
}

/* Saving */

/* A keyring item's key: what bms_keyring_clear_async() needs. */
typedef struct {
  const char *protocol;
  char       *host;
  guint       port;
  char       *user;
} Login;

static void
login_free (Login *login)
{
  g_free (login->host);
  g_free (login->user);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Login, login_free)

static void
add_login (GPtrArray  *logins,
           const char *protocol,
           const char *host,
           guint       port,
           const char *user)
{
  Login *login = g_new0 (Login, 1);

  login->protocol = protocol;
  login->host = g_strdup (host);
  login->port = port;
  login->user = g_strdup (user);
  g_ptr_array_add (logins, login);
}

/* The keyring items @account uses; with @all, the IMAP one also when the
 * account does not use it, so that a forgotten account leaves nothing. */
static GPtrArray *
logins_of (BmsAccount *account,
           gboolean    all)
{
  GPtrArray *logins = g_ptr_array_new_with_free_func ((GDestroyNotify) login_free);

  add_login (logins, BMS_KEYRING_PROTOCOL_SMTP, bms_account_get_smtp_host (account),
             bms_account_get_smtp_port (account), bms_account_get_smtp_user (account));
  if (all || bms_account_has_own_imap_login (account))
    add_login (logins, BMS_KEYRING_PROTOCOL_IMAP, bms_account_get_imap_host (account),
               bms_account_get_imap_port (account), bms_account_get_imap_user (account));

  return logins;
}

static gboolean
login_equal (gconstpointer a,
             gconstpointer b)
{
  const Login *login_a = a;
  const Login *login_b = b;

  return g_str_equal (login_a->protocol, login_b->protocol) &&
         g_str_equal (login_a->host, login_b->host) &&
         login_a->port == login_b->port &&
         g_str_equal (login_a->user, login_b->user);
}

typedef struct {
  BmsAccount *account;          /* a copy, with the passwords */
  BmsAccount *caller_account;   /* gets its new profile-path */
  char       *path;
  char       *old_path;
  GPtrArray  *old_logins;       /* of the old address, not used by the new one */
  GError     *keyring_error;
} Saving;

static void
saving_free (Saving *saving)
{
  g_clear_object (&saving->account);
  g_clear_object (&saving->caller_account);
  g_free (saving->path);
  g_free (saving->old_path);
  g_clear_pointer (&saving->old_logins, g_ptr_array_unref);
  g_clear_error (&saving->keyring_error);
  g_free (saving);
}

static void
return_saved (GTask *task)
{
  Saving *saving = g_task_get_task_data (task);

  if (saving->keyring_error != NULL)
    g_task_return_error (task, g_steal_pointer (&saving->keyring_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void forget_next_old_login (GTask *task);

static void
old_login_forgotten_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Left-over passwords of the old address are no reason to call the save
   * failed: the new account is saved. */
  if (!bms_keyring_clear_finish (result, &error))
    g_debug ("A password of the old address stays in the keyring: %s", error->message);

  forget_next_old_login (task);
}

static void
forget_next_old_login (GTask *task)
{
  Saving *saving = g_task_get_task_data (task);
  g_autoptr(Login) login = NULL;

  if (saving->old_logins == NULL || saving->old_logins->len == 0)
    {
      return_saved (task);
      return;
    }

  login = g_ptr_array_steal_index (saving->old_logins, 0);
  bms_keyring_clear_async (login->protocol, login->host, login->port, login->user,
                           g_task_get_cancellable (task), old_login_forgotten_cb, g_object_ref (task));
}

/* On the worker: the new profile, flushed to disk; then the old address's
 * profile, read for its keyring items, and removed. Returns those items of
 * the old address that the new one does not use. */
static void
write_profile_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Saving *saving = task_data;
  g_autoptr(BmsAccount) old_account = NULL;
  g_autoptr(GPtrArray) new_logins = NULL;
  GPtrArray *old_logins;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!bms_profile_save (saving->account, saving->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  old_logins = g_ptr_array_new_with_free_func ((GDestroyNotify) login_free);
  old_account = bms_account_new ();
  if (saving->old_path != NULL && !g_str_equal (saving->old_path, saving->path) &&
      bms_profile_load (saving->old_path, old_account, NULL))
    {
      g_autoptr(GPtrArray) logins = logins_of (old_account, TRUE);

      bms_profile_remove (saving->old_path, NULL);

      new_logins = logins_of (saving->account, FALSE);
      for (guint i = 0; i < logins->len; i++)
        if (!g_ptr_array_find_with_equal_func (new_logins, g_ptr_array_index (logins, i), login_equal, NULL))
          g_ptr_array_add (old_logins, g_ptr_array_steal_index (logins, i--));
    }

  g_task_return_pointer (task, old_logins, (GDestroyNotify) g_ptr_array_unref);
}

static void
profile_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Saving *saving = g_task_get_task_data (task);
  GError *error = NULL;

  saving->old_logins = g_task_propagate_pointer (G_TASK (result), &error);
  if (saving->old_logins == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  bms_account_set_profile_path (saving->caller_account, saving->path);
  forget_next_old_login (task);
}

static void
passwords_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Saving *saving = g_task_get_task_data (task);
  GError *error = NULL;

  if (!bms_keyring_store_account_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }

      /* The settings are kept all the same, without the passwords. */
      saving->keyring_error = error;
    }

  run_in_thread (task, write_profile_worker, saving, NULL, profile_written_cb);
}

/* Saves @account under its e-mail address: its passwords in the keyring,
 * then its profile; sets its profile-path. When it was saved under another
 * address before (its profile-path), that profile and the passwords only
 * the old address used are removed. */
void
bms_account_store_save_async (BmsAccountStore     *self,
                              BmsAccount          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Saving *saving;

  g_return_if_fail (BMS_IS_ACCOUNT_STORE (self));
  g_return_if_fail (BMS_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_account_store_save_async);
  /* A save whose profile was written is a save, cancelled late or not. */
  g_task_set_check_cancellable (task, FALSE);

  /* Checked before anything is stored, so that an account a profile
   * cannot hold leaves no password behind either. */
  if (!bms_profile_check_account (account, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  saving = g_new0 (Saving, 1);
  saving->account = bms_account_new ();
  bms_account_assign (saving->account, account, TRUE);
  saving->caller_account = g_object_ref (account);
  saving->path = bms_profile_path_for_email (self->dir, bms_account_get_email (account));
  saving->old_path = g_strdup (bms_account_get_profile_path (account));
  g_task_set_task_data (task, saving, (GDestroyNotify) saving_free);

  bms_keyring_store_account_async (saving->account, cancellable, passwords_stored_cb, g_object_ref (task));
}

/**
 * bms_account_store_save_finish:
 *
 * Returns: TRUE when the profile and the passwords were saved. FALSE with a
 *   BMS_KEYRING_ERROR when the profile was saved but the keyring did not
 *   take the passwords; with a BMS_PROFILE_ERROR or G_FILE_ERROR when the
 *   profile could not be saved; with G_IO_ERROR_CANCELLED when the save was
 *   cancelled before its profile was written, which is then as it was.
 */
gboolean
bms_account_store_save_finish (BmsAccountStore  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_account_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Removing */

/* On the worker: the profile is read for its keyring items, then removed.
 * Returns the account read, or NULL when the file could not be read. */
static void
remove_profile_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(BmsAccount) account = bms_account_new ();
  gboolean loaded = bms_profile_load (path, account, NULL);
  GError *error = NULL;

  if (!bms_profile_remove (path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, loaded ? g_steal_pointer (&account) : NULL, g_object_unref);
}

static void
passwords_cleared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (bms_keyring_clear_account_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
profile_removed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(BmsAccount) account = NULL;
  GError *error = NULL;

  account = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (account == NULL)
    g_task_return_boolean (task, TRUE);
  else
    bms_keyring_clear_account_async (account, g_task_get_cancellable (task),
                                     passwords_cleared_cb, g_object_ref (task));
}

/* Removes the profile at @path and every password of its account from the
 * keyring. A profile that could not be read is removed all the same. */
void
bms_account_store_remove_async (BmsAccountStore     *self,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMS_IS_ACCOUNT_STORE (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_account_store_remove_async);
  run_in_thread (task, remove_profile_worker, g_strdup (path), g_free, profile_removed_cb);
}

/**
 * bms_account_store_remove_finish:
 *
 * Returns: TRUE when the profile and its passwords are gone; FALSE with
 *   G_FILE_ERROR when the profile could not be removed (nothing else was
 *   touched), or with a BMS_KEYRING_ERROR when the profile is gone but the
 *   keyring kept a password
 */
gboolean
bms_account_store_remove_finish (BmsAccountStore  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bms_account_store_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
