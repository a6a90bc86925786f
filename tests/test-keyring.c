/* test-keyring.c: passwords in a real gnome-keyring, and without one.
 *
 * Run through run-with-keyring.sh, which starts a private session bus and
 * keyring (or deliberately none) and names the situation in
 * BMS_TEST_KEYRING_MODE; this program registers the cases for that
 * situation only. Every wait is bounded, so a keyring that hangs fails the
 * test instead of stopping it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-keyring.h"

/* Far below the keyring module's own limit, far above what a dismissed
 * prompt takes (under 0.1 s here). */
#define WAIT_LIMIT_SECONDS 20

#define PUNCTUATION_PASSWORD "パスワード!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

static const char *test_passwords[] = {
  "abcd efgh ijkl mnop",
  PUNCTUATION_PASSWORD,
  "日本語のパスワード",
  "  spaces before and after  ",
  "tab\tand\nnewline",
  "'; DROP TABLE items; --",
};

/* Waiting for one asynchronous call */

static gboolean
wait_expired_cb (gpointer user_data)
{
  g_error ("the keyring did not answer within %d s", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  guint watchdog = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_expired_cb, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (watchdog);
  return *result;
}

static gboolean
store (const char  *protocol,
       const char  *host,
       guint        port,
       const char  *user,
       const char  *password,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bms_keyring_store_async (protocol, host, port, user, password, NULL, store_result_cb, &result);
  return bms_keyring_store_finish (wait_for (&result), error);
}

static char *
lookup (const char  *protocol,
        const char  *host,
        guint        port,
        const char  *user,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bms_keyring_lookup_async (protocol, host, port, user, NULL, store_result_cb, &result);
  return bms_keyring_lookup_finish (wait_for (&result), error);
}

static gboolean
clear (const char  *protocol,
       const char  *host,
       guint        port,
       const char  *user,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bms_keyring_clear_async (protocol, host, port, user, NULL, store_result_cb, &result);
  return bms_keyring_clear_finish (wait_for (&result), error);
}

static void
assert_password (const char *protocol,
                 const char *host,
                 guint       port,
                 const char *user,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  char *password = lookup (protocol, host, port, user, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
  bms_keyring_password_free (password);
}

static GList *
search_all (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(GHashTable) no_attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;

  g_assert_no_error (error);
  items = secret_service_search_sync (service, bms_keyring_get_schema (), no_attributes,
                                      SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  return items;
}

static BmsAccount *
make_account (void)
{
  BmsAccount *account = bms_account_new ();

  g_object_set (account,
                "employee-name", "山田 太郎",
                "email", "taro@example.co.jp",
                "smtp-user", "taro.smtp@example.co.jp",
                "smtp-password", "smtp " PUNCTUATION_PASSWORD,
                "imap-user", "taro.imap@example.co.jp",
                "imap-password", "imap 日本語のパスワード",
                NULL);

  return account;
}

static gboolean
run_account_operation (void      (*start) (BmsAccount *, GCancellable *, GAsyncReadyCallback, gpointer),
                       gboolean  (*finish) (GAsyncResult *, GError **),
                       BmsAccount  *account,
                       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  start (account, NULL, store_result_cb, &result);
  return finish (wait_for (&result), error);
}

/* A keyring that works */

static void
test_keyring_schema (void)
{
  const SecretSchema *schema = bms_keyring_get_schema ();

  g_assert_cmpstr (schema->name, ==, "io.github.bizmagic_mail_setup.MailSetup");
  g_assert_cmpint (schema->flags, ==, SECRET_SCHEMA_NONE);
  g_assert_cmpstr (schema->attributes[0].name, ==, "protocol");
  g_assert_cmpstr (schema->attributes[1].name, ==, "server");
  g_assert_cmpstr (schema->attributes[2].name, ==, "port");
  g_assert_cmpint (schema->attributes[2].type, ==, SECRET_SCHEMA_ATTRIBUTE_INTEGER);
  g_assert_cmpstr (schema->attributes[3].name, ==, "user");
  g_assert_null (schema->attributes[4].name);
}

static void
test_keyring_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (test_passwords); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", test_passwords[i], &error));
      g_assert_no_error (error);
      assert_password ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", test_passwords[i]);

      g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
      g_assert_no_error (error);
      assert_password ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", NULL);
    }

  /* Clearing what is not there is no error. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "nobody@example.co.jp", &error));
    g_assert_no_error (error);
  }
}

static void
test_keyring_replace (void)
{
  g_autoptr(GError) error = NULL;
  GList *items;

  g_assert_true (store ("imap", "imap.gmail.com", 993, "taro@example.co.jp", "old password", &error));
  g_assert_no_error (error);
  g_assert_true (store ("imap", "imap.gmail.com", 993, "taro@example.co.jp", "new password", &error));
  g_assert_no_error (error);
  assert_password ("imap", "imap.gmail.com", 993, "taro@example.co.jp", "new password");

  /* Replaced, not added beside the old one. */
  items = search_all ();
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  g_assert_true (clear ("imap", "imap.gmail.com", 993, "taro@example.co.jp", &error));
  g_assert_no_error (error);
}

static void
test_keyring_two_users (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", "taro's", &error));
  g_assert_no_error (error);
  g_assert_true (store ("smtp", "smtp.gmail.com", 587, "hanako@example.co.jp", "hanako's", &error));
  g_assert_no_error (error);
  /* Same user, another protocol or port: other items again. */
  g_assert_true (store ("imap", "smtp.gmail.com", 587, "taro@example.co.jp", "taro's imap", &error));
  g_assert_no_error (error);
  g_assert_true (store ("smtp", "smtp.gmail.com", 465, "taro@example.co.jp", "taro's 465", &error));
  g_assert_no_error (error);

  assert_password ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", "taro's");
  assert_password ("smtp", "smtp.gmail.com", 587, "hanako@example.co.jp", "hanako's");
  assert_password ("imap", "smtp.gmail.com", 587, "taro@example.co.jp", "taro's imap");
  assert_password ("smtp", "smtp.gmail.com", 465, "taro@example.co.jp", "taro's 465");
  /* A user is not found by a part of its name. */
  assert_password ("smtp", "smtp.gmail.com", 587, "taro", NULL);

  g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
  g_assert_no_error (error);
  assert_password ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", NULL);
  assert_password ("smtp", "smtp.gmail.com", 587, "hanako@example.co.jp", "hanako's");
  assert_password ("imap", "smtp.gmail.com", 587, "taro@example.co.jp", "taro's imap");
  assert_password ("smtp", "smtp.gmail.com", 465, "taro@example.co.jp", "taro's 465");

  g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "hanako@example.co.jp", &error));
  g_assert_true (clear ("imap", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
  g_assert_true (clear ("smtp", "smtp.gmail.com", 465, "taro@example.co.jp", &error));
  g_assert_no_error (error);
}

static void
test_keyring_items_hold_no_password (void)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n_items = 0;

  g_assert_true (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", PUNCTUATION_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (store ("imap", "imap.gmail.com", 993, "taro@example.co.jp", "abcd efgh ijkl mnop", &error));
  g_assert_no_error (error);

  items = search_all ();
  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
      g_autofree char *label = secret_item_get_label (item);
      GHashTableIter iter;
      const char *key, *value;

      n_items++;
      g_test_message ("item %s: %s", g_dbus_proxy_get_object_path (G_DBUS_PROXY (item)), label);

      /* In the default collection, labelled so that a person knows it. */
      g_assert_true (g_str_has_prefix (g_dbus_proxy_get_object_path (G_DBUS_PROXY (item)),
                                       "/org/freedesktop/secrets/collection/login/"));
      g_assert_nonnull (strstr (label, "taro@example.co.jp"));
      g_assert_nonnull (strstr (label, "gmail.com"));
      g_assert_nonnull (strstr (label, "BizMagic"));

      g_assert_cmpuint (g_hash_table_size (attributes), ==, 5);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                       "io.github.bizmagic_mail_setup.MailSetup");
      g_assert_cmpstr (g_hash_table_lookup (attributes, "user"), ==, "taro@example.co.jp");
      g_assert_nonnull (g_hash_table_lookup (attributes, "protocol"));
      g_assert_nonnull (g_hash_table_lookup (attributes, "server"));
      g_assert_nonnull (g_hash_table_lookup (attributes, "port"));

      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
        {
          g_assert_null (strstr (value, "パスワード"));
          g_assert_null (strstr (value, "abcd"));
          g_assert_null (strstr (key, "password"));
        }
      g_assert_null (strstr (label, "パスワード!"));
      g_assert_null (strstr (label, "abcd"));
    }
  g_list_free_full (items, g_object_unref);
  g_assert_cmpuint (n_items, ==, 2);

  g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
  g_assert_true (clear ("imap", "imap.gmail.com", 993, "taro@example.co.jp", &error));
  g_assert_no_error (error);
}

static guint
count_items (const char *protocol)
{
  GList *items = search_all ();
  guint count = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);

      if (g_strcmp0 (g_hash_table_lookup (attributes, "protocol"), protocol) == 0)
        count++;
    }
  g_list_free_full (items, g_object_unref);

  return count;
}

static void
test_keyring_account (void)
{
  g_autoptr(BmsAccount) account = make_account ();
  g_autoptr(BmsAccount) loaded = make_account ();
  g_autoptr(GError) error = NULL;

  g_assert_true (run_account_operation (bms_keyring_store_account_async, bms_keyring_store_account_finish,
                                        account, &error));
  g_assert_no_error (error);
  assert_password ("smtp", "smtp.gmail.com", 587, "taro.smtp@example.co.jp", "smtp " PUNCTUATION_PASSWORD);
  assert_password ("imap", "imap.gmail.com", 993, "taro.imap@example.co.jp", "imap 日本語のパスワード");

  /* As the wizard's Edit does: the profile gave everything but the passwords. */
  g_object_set (loaded, "smtp-password", "", "imap-password", "", NULL);
  g_assert_true (run_account_operation (bms_keyring_load_account_async, bms_keyring_load_account_finish,
                                        loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_smtp_password (loaded), ==, "smtp " PUNCTUATION_PASSWORD);
  g_assert_cmpstr (bms_account_get_imap_password (loaded), ==, "imap 日本語のパスワード");

  g_assert_true (run_account_operation (bms_keyring_clear_account_async, bms_keyring_clear_account_finish,
                                        account, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items ("smtp") + count_items ("imap"), ==, 0);

  /* Nothing in the keyring: the passwords stay as they were. */
  g_object_set (loaded, "smtp-password", "", "imap-password", "", NULL);
  g_assert_true (run_account_operation (bms_keyring_load_account_async, bms_keyring_load_account_finish,
                                        loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_smtp_password (loaded), ==, "");
  g_assert_cmpstr (bms_account_get_imap_password (loaded), ==, "");
}

/* With the SMTP login for IMAP too, or no IMAP at all, one item only. */
static void
test_keyring_account_one_login (void)
{
  g_autoptr(BmsAccount) account = make_account ();
  g_autoptr(BmsAccount) loaded = make_account ();
  g_autoptr(GError) error = NULL;

  g_object_set (account, "imap-same-as-smtp", TRUE, NULL);
  g_assert_true (run_account_operation (bms_keyring_store_account_async, bms_keyring_store_account_finish,
                                        account, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items ("smtp"), ==, 1);
  g_assert_cmpuint (count_items ("imap"), ==, 0);

  g_object_set (loaded, "smtp-password", "", "imap-password", "", "imap-same-as-smtp", TRUE, NULL);
  g_assert_true (run_account_operation (bms_keyring_load_account_async, bms_keyring_load_account_finish,
                                        loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_smtp_password (loaded), ==, "smtp " PUNCTUATION_PASSWORD);
  g_assert_cmpstr (bms_account_get_imap_password (loaded), ==, "smtp " PUNCTUATION_PASSWORD);

  g_assert_true (run_account_operation (bms_keyring_clear_account_async, bms_keyring_clear_account_finish,
                                        account, &error));
  g_assert_no_error (error);

  g_object_set (account, "imap-same-as-smtp", FALSE, "save-sent", FALSE, NULL);
  g_assert_true (run_account_operation (bms_keyring_store_account_async, bms_keyring_store_account_finish,
                                        account, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items ("smtp"), ==, 1);
  g_assert_cmpuint (count_items ("imap"), ==, 0);

  g_assert_true (run_account_operation (bms_keyring_clear_account_async, bms_keyring_clear_account_finish,
                                        account, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items ("smtp"), ==, 0);
}

static void
test_keyring_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  bms_keyring_store_async ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", "never stored",
                           cancellable, store_result_cb, &result);
  g_assert_false (bms_keyring_store_finish (wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_items ("smtp"), ==, 0);
}

/* Counts the regular files under @dir and fails if one holds @secret. */
static guint
assert_no_file_holds (const char *dir,
                      const char *secret)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_files = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          n_files += assert_no_file_holds (path, secret);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (path, &data, &length, NULL))
        continue;

      g_test_message ("searched %s", path);
      g_assert_null (g_strstr_len (data, length, secret));
      n_files++;
    }

  return n_files;
}

/* The keyring keeps its items encrypted: the password is in no file of the
 * test's HOME, and the keyring file is there to prove that was looked at. */
static void
test_keyring_no_plain_text_on_disk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring_file = g_build_filename (g_get_user_data_dir (), "keyrings", "login.keyring", NULL);

  g_assert_true (g_str_has_prefix (g_get_user_data_dir (), g_get_tmp_dir ()));
  g_assert_true (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", PUNCTUATION_PASSWORD, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));
  assert_no_file_holds (g_get_home_dir (), PUNCTUATION_PASSWORD);
  g_assert_cmpuint (assert_no_file_holds (g_get_user_data_dir (), PUNCTUATION_PASSWORD), >=, 1);
  assert_no_file_holds (g_get_user_config_dir (), PUNCTUATION_PASSWORD);
  assert_no_file_holds (g_get_user_cache_dir (), PUNCTUATION_PASSWORD);
  assert_no_file_holds (g_get_user_runtime_dir (), PUNCTUATION_PASSWORD);

  g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
  g_assert_no_error (error);
}

/* A keyring that is locked, and stays locked: nobody can answer its prompt */

static void
lock_default_collection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GList) objects = NULL;

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  objects = g_list_append (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));
}

static void
assert_keyring_error (GError     *error,
                      int         code,
                      const char *words)
{
  g_assert_error (error, BMS_KEYRING_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_keyring_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) account_error = NULL;
  g_autoptr(BmsAccount) account = make_account ();
  char *password;
  gint64 start;
  GList *items;

  /* Stored while unlocked, then the keyring is locked. */
  g_assert_true (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", "before locking", &error));
  g_assert_no_error (error);
  lock_default_collection ();

  start = g_get_monotonic_time ();
  g_assert_false (store ("smtp", "smtp.gmail.com", 587, "hanako@example.co.jp", "not stored", &error));
  assert_keyring_error (error, BMS_KEYRING_ERROR_LOCKED, "not saved");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* A password that is there but cannot be read is not "no password". */
  password = lookup ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error);
  g_assert_null (password);
  assert_keyring_error (error, BMS_KEYRING_ERROR_LOCKED, "locked");
  g_clear_error (&error);

  g_assert_false (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
  assert_keyring_error (error, BMS_KEYRING_ERROR_LOCKED, "locked");
  g_clear_error (&error);

  g_assert_false (run_account_operation (bms_keyring_store_account_async, bms_keyring_store_account_finish,
                                         account, &account_error));
  assert_keyring_error (account_error, BMS_KEYRING_ERROR_LOCKED, "not saved");

  /* The item is still there, and nothing was added. */
  items = search_all ();
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);
}

/* gnome-keyring without a default collection (started without --unlock) */

static void
test_keyring_missing_collection (void)
{
  g_autoptr(GError) error = NULL;
  char *password;

  g_assert_false (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", PUNCTUATION_PASSWORD, &error));
  assert_keyring_error (error, BMS_KEYRING_ERROR_LOCKED, "not saved");
  g_clear_error (&error);

  /* Nothing there, and nothing to remove. */
  password = lookup ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_assert_true (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &error));
  g_assert_no_error (error);
}

/* No keyring to reach: every operation says so */

static void
assert_every_operation_fails (int         code,
                              const char *words)
{
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) clear_error = NULL;
  g_autoptr(GError) account_error = NULL;
  g_autoptr(BmsAccount) account = make_account ();
  char *password;

  g_assert_false (store ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", PUNCTUATION_PASSWORD,
                         &store_error));
  assert_keyring_error (store_error, code, words);
  g_assert_nonnull (strstr (store_error->message, "not saved"));
  g_assert_null (strstr (store_error->message, "パスワード!"));

  password = lookup ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &lookup_error);
  g_assert_null (password);
  assert_keyring_error (lookup_error, code, words);

  g_assert_false (clear ("smtp", "smtp.gmail.com", 587, "taro@example.co.jp", &clear_error));
  assert_keyring_error (clear_error, code, words);

  g_assert_false (run_account_operation (bms_keyring_store_account_async, bms_keyring_store_account_finish,
                                         account, &account_error));
  assert_keyring_error (account_error, code, words);
}

static void
test_keyring_no_service (void)
{
  assert_every_operation_fails (BMS_KEYRING_ERROR_NO_SERVICE, "No keyring");
}

static void
test_keyring_no_bus (void)
{
  g_assert_null (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_assert_null (g_getenv ("DISPLAY"));
  assert_every_operation_fails (BMS_KEYRING_ERROR_NO_BUS, "no message bus");
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("BMS_TEST_KEYRING_MODE");

  g_test_init (&argc, &argv, NULL);

  /* Never the real keyring of the person running the tests. */
  if (mode == NULL)
    {
      g_printerr ("Run this test through tests/run-with-keyring.sh.\n");
      return 77;
    }

  if (g_str_equal (mode, "unlocked"))
    {
      g_test_add_func ("/keyring/schema", test_keyring_schema);
      g_test_add_func ("/keyring/round-trip", test_keyring_round_trip);
      g_test_add_func ("/keyring/replace", test_keyring_replace);
      g_test_add_func ("/keyring/two-users", test_keyring_two_users);
      g_test_add_func ("/keyring/items-hold-no-password", test_keyring_items_hold_no_password);
      g_test_add_func ("/keyring/account", test_keyring_account);
      g_test_add_func ("/keyring/account-one-login", test_keyring_account_one_login);
      g_test_add_func ("/keyring/cancelled", test_keyring_cancelled);
      g_test_add_func ("/keyring/no-plain-text-on-disk", test_keyring_no_plain_text_on_disk);
    }
  else if (g_str_equal (mode, "locked"))
    g_test_add_func ("/keyring/locked", test_keyring_locked);
  else if (g_str_equal (mode, "missing"))
    g_test_add_func ("/keyring/missing-collection", test_keyring_missing_collection);
  else if (g_str_equal (mode, "no-service"))
    g_test_add_func ("/keyring/no-service", test_keyring_no_service);
  else if (g_str_equal (mode, "no-bus"))
    g_test_add_func ("/keyring/no-bus", test_keyring_no_bus);
  else
    g_error ("unknown BMS_TEST_KEYRING_MODE %s", mode);

  return g_test_run ();
}
