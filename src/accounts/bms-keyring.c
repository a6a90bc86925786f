/* bms-keyring.c: passwords in the system keyring (Secret Service).
 *
 * Every operation first reaches the Secret Service, so that "no session
 * bus" and "no keyring on the bus" are told apart from what the keyring
 * itself says. Storing reads the secret back and compares it: a keyring
 * whose default collection is locked or missing may refuse the item or
 * quietly hide it, and only the read-back tells for sure.
 *
 * A locked collection is asked to unlock itself, which makes the keyring
 * show its own password prompt. A prompt waits for a person, so every
 * operation is bounded: after KEYRING_TIMEOUT_SECONDS it ends with
 * BMS_KEYRING_ERROR_LOCKED. Where no prompt can be shown (no display, as in
 * the tests) gnome-keyring dismisses it at once.
 *
 * Passwords are never logged. The copies this file makes are wiped before
 * their memory is freed; libsecret keeps its own in non-pageable memory
 * and wipes them too.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bms-keyring.h"
#include "bms-secret.h"

#define KEYRING_TIMEOUT_SECONDS 120

G_DEFINE_QUARK (bms-keyring-error-quark, bms_keyring_error)

typedef enum {
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

typedef void (*RequestStep) (GTask *task);

/* One item of the keyring: what finds it, and for storing, its secret. */
typedef struct {
  Operation       operation;
  char           *protocol;
  char           *host;
  guint           port;
  char           *user;
  char           *password;
  SecretService  *service;
  GCancellable   *cancellable;
  GCancellable   *caller_cancellable;
  gulong          cancelled_id;
  GSource        *timeout;
  gboolean        timed_out;
  gboolean        unlock_tried;
  /* What the operation does once the service is reached. */
  RequestStep     first_step;
} Request;

const SecretSchema *
bms_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.bizmagic_mail_setup.MailSetup",
    SECRET_SCHEMA_NONE,
    {
      { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Wipes and frees a password from bms_keyring_lookup_finish(). */
void
bms_keyring_password_free (char *password)
{
  secret_password_free (password);
}

static void
request_free (Request *request)
{
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_id);
  if (request->timeout != NULL)
    {
      g_source_destroy (request->timeout);
      g_source_unref (request->timeout);
    }

  g_free (request->protocol);
  g_free (request->host);
  g_free (request->user);
  bms_secret_free (request->password);
  g_clear_object (&request->service);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->caller_cancellable);
  g_free (request);
}

static GHashTable *
request_attributes (Request *request)
{
  return secret_attributes_build (bms_keyring_get_schema (),
                                  "protocol", request->protocol,
                                  "server", request->host,
                                  "port", (int) request->port,
                                  "user", request->user,
                                  NULL);
}

static char *
request_label (Request *request)
{
  g_autofree char *protocol = g_ascii_strup (request->protocol, -1);

  /* Translators: shown in the keyring application (Passwords and Keys). The
   * first %s is a mail account name, the second a server such as
   * smtp.gmail.com, the third "SMTP" or "IMAP". */
  return g_strdup_printf (_("BizMagic mail password for %s on %s (%s)"),
                          request->user, request->host, protocol);
}

/* Errors */

static const char *
operation_failure (Operation operation)
{
  switch (operation)
    {
    case OPERATION_STORE:
      return _("The passwords were not saved, neither in the keyring nor anywhere else.");
    case OPERATION_LOOKUP:
      return _("The saved passwords could not be read from the keyring.");
    case OPERATION_CLEAR:
      return _("The passwords could not be removed from the keyring.");
    default:
      g_assert_not_reached ();
    }
}

static char *
error_advice (BmsKeyringError  code,
              const GError    *cause)
{
  switch (code)
    {
    case BMS_KEYRING_ERROR_NO_SERVICE:
      return g_strdup (_("No keyring (such as GNOME Keyring) is running in this session. "
                         "Log in to a desktop session or start the keyring, then try again."));
    case BMS_KEYRING_ERROR_NO_BUS:
      return g_strdup (_("This session has no message bus, so no keyring can be reached. "
                         "Run the program in a desktop session, then try again."));
    case BMS_KEYRING_ERROR_LOCKED:
      return g_strdup (_("The keyring is locked, or it has no default keyring. "
                         "Unlock it, for example in the Passwords and Keys application, then try again."));
    case BMS_KEYRING_ERROR_NO_PASSWORD:  /* made by the account store, not here */
    case BMS_KEYRING_ERROR_FAILED:
    default:
      /* Translators: %s is the keyring's own explanation, in English. */
      return g_strdup_printf (_("The keyring reported: %s. Try again."),
                              cause != NULL ? cause->message : "?");
    }
}

static GError *
keyring_error_new (Operation        operation,
                   BmsKeyringError  code,
                   const GError    *cause)
{
  g_autofree char *advice = error_advice (code, cause);

  return g_error_new (BMS_KEYRING_ERROR, code, "%s %s", operation_failure (operation), advice);
}

static gboolean
is_no_service (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A default collection that is locked says IsLocked; one that does not
 * exist makes gnome-keyring answer that the object is unknown. */
static gboolean
is_locked (const GError *error)
{
  return g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
         g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD);
}

static void return_locked (GTask *task);

/* Ends @task with @error (which it takes) translated into what the user
 * needs to know. Only errors from reaching the service can mean "no bus".
 * libsecret reports a dismissed unlock prompt as failure without an error:
 * then the keyring stayed locked. */
static void
return_error (GTask    *task,
              GError   *error,
              gboolean  reaching_service)
{
  g_autoptr(GError) cause = error;
  Request *request = g_task_get_task_data (task);
  BmsKeyringError code;

  if (cause == NULL)
    {
      return_locked (task);
      return;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !request->timed_out)
    {
      g_task_return_error (task, g_steal_pointer (&cause));
      return;
    }

  /* Keyring errors never hold the secret, only names and paths. */
  g_debug ("Keyring %s %s:%u: %s", request->protocol, request->host, request->port, cause->message);

  if (request->timed_out)
    code = BMS_KEYRING_ERROR_LOCKED;
  else if (is_no_service (cause))
    code = BMS_KEYRING_ERROR_NO_SERVICE;
  else if (reaching_service && cause->domain == G_IO_ERROR)
    code = BMS_KEYRING_ERROR_NO_BUS;
  else if (is_locked (cause))
    code = BMS_KEYRING_ERROR_LOCKED;
  else
    code = BMS_KEYRING_ERROR_FAILED;

  g_task_return_error (task, keyring_error_new (request->operation, code, cause));
}

static void
return_locked (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_task_return_error (task, keyring_error_new (request->operation, BMS_KEYRING_ERROR_LOCKED, NULL));
}

/* Starting: reach the service, bounded in time */

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static GTask *
request_task_new (Operation            operation,
                  const char          *protocol,
                  const char          *host,
                  guint                port,
                  const char          *user,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->operation = operation;
  request->protocol = g_strdup (protocol);
  request->host = g_strdup (host);
  request->port = port;
  request->user = g_strdup (user);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  /* libsecret works with a cancellable of ours, which both the caller and
   * the time limit can cancel. */
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                     request->cancellable, NULL);
    }

  request->timeout = g_timeout_source_new_seconds (KEYRING_TIMEOUT_SECONDS);
  g_task_attach_source (task, request->timeout, timeout_cb);

  return g_steal_pointer (&task);
}

static void
service_got_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  request->service = secret_service_get_finish (result, &error);
  if (request->service == NULL)
    {
      return_error (task, error, TRUE);
      return;
    }

  request->first_step (task);
}

static void
request_start (GTask       *task,
               RequestStep  next)
{
  Request *request = g_task_get_task_data (task);

  request->first_step = next;
  secret_service_get (SECRET_SERVICE_NONE, request->cancellable, service_got_cb, g_object_ref (task));
}

/* Lookup: one search and one read of the secret, unlocking what is
 * locked. Only when that gives nothing is the keyring searched again, item
 * by item and without asking to unlock a second time, to tell an item that
 * stayed locked (an error) from no item at all ("no password"): the item
 * objects that search makes cost a keyring and bus round trip each, too
 * much for every account of a check of all of them. */

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *items;
  char *password = NULL;
  gboolean any_locked = FALSE;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      return_error (task, error, FALSE);
      return;
    }

  for (GList *l = items; l != NULL && password == NULL; l = l->next)
    {
      SecretValue *value = secret_item_get_secret (l->data);

      if (value != NULL)
        password = secret_value_unref_to_password (value, NULL);
      else if (secret_item_get_locked (l->data))
        any_locked = TRUE;
    }
  g_list_free_full (items, g_object_unref);

  if (password != NULL)
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
  else if (any_locked)
    return_locked (task);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
search (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = request_attributes (request);

  secret_service_search (request->service, bms_keyring_get_schema (), attributes,
                         SECRET_SEARCH_LOAD_SECRETS,
                         request->cancellable, searched_cb, g_object_ref (task));
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SecretValue *value;
  char *password;

  value = secret_service_lookup_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      return_error (task, error, FALSE);
      return;
    }
  if (value == NULL)
    {
      search (task);
      return;
    }

  password = secret_value_unref_to_password (value, NULL);
  if (password == NULL)
    {
      search (task);
      return;
    }

  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

static void
look_up (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = request_attributes (request);

  secret_service_lookup (request->service, bms_keyring_get_schema (), attributes,
                         request->cancellable, looked_up_cb, g_object_ref (task));
}

void
bms_keyring_lookup_async (const char          *protocol,
                          const char          *host,
                          guint                port,
                          const char          *user,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (protocol != NULL && host != NULL && user != NULL);

  task = request_task_new (OPERATION_LOOKUP, protocol, host, port, user, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_keyring_lookup_async);
  request_start (task, look_up);
}

/* The password, to be freed with bms_keyring_password_free(); NULL with no
 * error when the keyring holds none for this server and user. */
char *
bms_keyring_lookup_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_keyring_lookup_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Store: write, unlock and write again if the collection is locked, then
 * read back. */

static void store (GTask *task);

static void
read_back_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  char *stored;

  stored = bms_keyring_lookup_finish (result, &error);
  if (error != NULL)
    {
      /* Already a keyring error about reading; say it was about saving. */
      if (error->domain == BMS_KEYRING_ERROR)
        {
          BmsKeyringError code = error->code;

          g_clear_error (&error);
          g_task_return_error (task, keyring_error_new (OPERATION_STORE, code, NULL));
        }
      else
        g_task_return_error (task, error);
      return;
    }

  if (stored == NULL || strcmp (stored, request->password) != 0)
    {
      g_debug ("Keyring %s %s:%u: the secret read back is not the one stored",
               request->protocol, request->host, request->port);
      bms_keyring_password_free (stored);
      return_locked (task);
      return;
    }

  bms_keyring_password_free (stored);
  g_task_return_boolean (task, TRUE);
}

static void
read_back (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  bms_keyring_lookup_async (request->protocol, request->host, request->port, request->user,
                            request->cancellable, read_back_cb, g_object_ref (task));
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  int n_unlocked;

  n_unlocked = secret_service_unlock_finish (SECRET_SERVICE (object), result, NULL, &error);
  if (error != NULL)
    return_error (task, error, FALSE);
  else if (n_unlocked == 0)
    return_locked (task);
  else
    store (task);
}

static void
collection_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GList) objects = NULL;
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error, FALSE);
      return;
    }
  if (collection == NULL)
    {
      return_locked (task);
      return;
    }

  /* The keyring shows its own prompt for the keyring password. */
  objects = g_list_append (NULL, collection);
  secret_service_unlock (request->service, objects, request->cancellable,
                         unlocked_cb, g_object_ref (task));
}

static void
ask_to_unlock (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request->unlock_tried = TRUE;
  secret_collection_for_alias (request->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               request->cancellable, collection_found_cb, g_object_ref (task));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (secret_service_store_finish (SECRET_SERVICE (object), result, &error))
    read_back (task);
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) && !request->unlock_tried)
    {
      g_clear_error (&error);
      ask_to_unlock (task);
    }
  else
    return_error (task, error, FALSE);
}

static void
store (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = request_attributes (request);
  g_autoptr(SecretValue) value = secret_value_new (request->password, -1, "text/plain");
  g_autofree char *label = request_label (request);

  secret_service_store (request->service, bms_keyring_get_schema (), attributes,
                        SECRET_COLLECTION_DEFAULT, label, value,
                        request->cancellable, stored_cb, g_object_ref (task));
}

/* Stores @password for @user on @host:@port, replacing an earlier one, and
 * makes sure the keyring gives it back. @protocol is
 * BMS_KEYRING_PROTOCOL_SMTP or BMS_KEYRING_PROTOCOL_IMAP. */
void
bms_keyring_store_async (const char          *protocol,
                         const char          *host,
                         guint                port,
                         const char          *user,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (protocol != NULL && host != NULL && user != NULL && password != NULL);

  task = request_task_new (OPERATION_STORE, protocol, host, port, user, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_keyring_store_async);
  request = g_task_get_task_data (task);
  request->password = g_strdup (password);
  request_start (task, store);
}

gboolean
bms_keyring_store_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_keyring_store_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Clear: delete, then make sure nothing is left (an item in a locked
 * collection may stay). */

static void
left_over_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    return_error (task, error, FALSE);
  else if (items != NULL)
    return_locked (task);
  else
    g_task_return_boolean (task, TRUE);

  g_list_free_full (items, g_object_unref);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to remove. */
  if (!secret_service_clear_finish (SECRET_SERVICE (object), result, &error) && error != NULL)
    {
      return_error (task, error, FALSE);
      return;
    }

  attributes = request_attributes (request);
  secret_service_search (request->service, bms_keyring_get_schema (), attributes,
                         SECRET_SEARCH_ALL, request->cancellable, left_over_cb, g_object_ref (task));
}

static void
clear (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = request_attributes (request);

  secret_service_clear (request->service, bms_keyring_get_schema (), attributes,
                        request->cancellable, cleared_cb, g_object_ref (task));
}

/* Removes the password of @user on @host:@port. That there was none is no
 * error. */
void
bms_keyring_clear_async (const char          *protocol,
                         const char          *host,
                         guint                port,
                         const char          *user,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (protocol != NULL && host != NULL && user != NULL);

  task = request_task_new (OPERATION_CLEAR, protocol, host, port, user, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_keyring_clear_async);
  request_start (task, clear);
}

gboolean
bms_keyring_clear_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_keyring_clear_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Accounts: the SMTP password, and the IMAP one where the account has its
 * own IMAP login, one after the other. */

typedef struct {
  char  *protocol;
  char  *host;
  guint  port;
  char  *user;
  char  *password;
} Login;

typedef struct {
  BmsAccount *account;
  GPtrArray  *logins;
  guint       next;
} AccountRequest;

static void
login_free (Login *login)
{
  g_free (login->protocol);
  g_free (login->host);
  g_free (login->user);
  bms_secret_free (login->password);
  g_free (login);
}

static void
account_request_free (AccountRequest *request)
{
  g_clear_object (&request->account);
  g_ptr_array_unref (request->logins);
  g_free (request);
}

static void
add_login (AccountRequest *request,
           const char     *protocol,
           const char     *host,
           guint           port,
           const char     *user,
           const char     *password)
{
  Login *login = g_new0 (Login, 1);

  login->protocol = g_strdup (protocol);
  login->host = g_strdup (host);
  login->port = port;
  login->user = g_strdup (user);
  login->password = g_strdup (password);
  g_ptr_array_add (request->logins, login);
}

/* Copies of the account's logins, taken now: the account may change while
 * the keyring works. */
static GTask *
account_task_new (BmsAccount          *account,
                  gboolean             all_logins,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  AccountRequest *request = g_new0 (AccountRequest, 1);

  request->account = g_object_ref (account);
  request->logins = g_ptr_array_new_with_free_func ((GDestroyNotify) login_free);
  g_task_set_task_data (task, request, (GDestroyNotify) account_request_free);

  add_login (request, BMS_KEYRING_PROTOCOL_SMTP,
             bms_account_get_smtp_host (account), bms_account_get_smtp_port (account),
             bms_account_get_smtp_user (account), bms_account_get_smtp_password (account));
  if (all_logins || bms_account_has_own_imap_login (account))
    add_login (request, BMS_KEYRING_PROTOCOL_IMAP,
               bms_account_get_imap_host (account), bms_account_get_imap_port (account),
               bms_account_get_imap_user (account), bms_account_get_imap_password (account));

  return task;
}

static Login *
next_login (GTask *task)
{
  AccountRequest *request = g_task_get_task_data (task);

  if (request->next >= request->logins->len)
    return NULL;

  return g_ptr_array_index (request->logins, request->next++);
}

static void store_next_login (GTask *task);

static void
login_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (bms_keyring_store_finish (result, &error))
    store_next_login (task);
  else
    g_task_return_error (task, error);
}

static void
store_next_login (GTask *task)
{
  Login *login = next_login (task);

  if (login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  bms_keyring_store_async (login->protocol, login->host, login->port, login->user, login->password,
                           g_task_get_cancellable (task), login_stored_cb, g_object_ref (task));
}

/* Stores the account's SMTP password and, when sent mail is saved with an
 * IMAP login of its own, its IMAP password. The error of the first that
 * fails is returned. */
void
bms_keyring_store_account_async (BmsAccount          *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMS_IS_ACCOUNT (account));

  task = account_task_new (account, FALSE, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_keyring_store_account_async);
  store_next_login (task);
}

gboolean
bms_keyring_store_account_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_keyring_store_account_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void load_next_login (GTask *task);

static void
login_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AccountRequest *request = g_task_get_task_data (task);
  Login *login = g_ptr_array_index (request->logins, request->next - 1);
  GError *error = NULL;
  char *password;

  password = bms_keyring_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A password the keyring does not have leaves the field as it was. */
  if (password != NULL)
    {
      const char *property = g_str_equal (login->protocol, BMS_KEYRING_PROTOCOL_SMTP)
                             ? "smtp-password" : "imap-password";

      g_object_set (request->account, property, password, NULL);
      bms_keyring_password_free (password);
    }

  load_next_login (task);
}

static void
load_next_login (GTask *task)
{
  Login *login = next_login (task);

  if (login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  bms_keyring_lookup_async (login->protocol, login->host, login->port, login->user,
                            g_task_get_cancellable (task), login_loaded_cb, g_object_ref (task));
}

/* Fills the account's password properties from the keyring. A password it
 * does not hold is no error: that property is left as it was. */
void
bms_keyring_load_account_async (BmsAccount          *account,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMS_IS_ACCOUNT (account));

  task = account_task_new (account, FALSE, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_keyring_load_account_async);
  load_next_login (task);
}

gboolean
bms_keyring_load_account_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_keyring_load_account_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void clear_next_login (GTask *task);

static void
login_cleared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (bms_keyring_clear_finish (result, &error))
    clear_next_login (task);
  else
    g_task_return_error (task, error);
}

static void
clear_next_login (GTask *task)
{
  Login *login = next_login (task);

  if (login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  bms_keyring_clear_async (login->protocol, login->host, login->port, login->user,
                           g_task_get_cancellable (task), login_cleared_cb, g_object_ref (task));
}

/* Removes both of the account's passwords, the IMAP one also when the
 * account no longer uses it, so that a removed account leaves nothing. */
void
bms_keyring_clear_account_async (BmsAccount          *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMS_IS_ACCOUNT (account));

  task = account_task_new (account, TRUE, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_keyring_clear_account_async);
  clear_next_login (task);
}

gboolean
bms_keyring_clear_account_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_keyring_clear_account_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
