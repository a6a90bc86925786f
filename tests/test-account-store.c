/* test-account-store.c: the saved accounts, in a real gnome-keyring.
 *
 * Run through run-with-keyring.sh (unlocked): a private session bus and
 * keyring, and a throw-away HOME. The profiles go into a folder of the
 * test's own. Only the accounts library is linked: no GTK.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "bms-account-store.h"
#include "bms-keyring.h"
#include "bms-profile.h"

#define WAIT_LIMIT_SECONDS 20
#define SMTP_PASSWORD "abcd efgh ijkl mnop"
#define IMAP_PASSWORD "日本語のパスワード"

typedef struct {
  char            *dir;
  BmsAccountStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bms-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = bms_account_store_new (fixture->dir);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A worker thread lets go of its task, and so of the store, just after
   * its result has been handed over: give it a moment. */
  for (guint i = 0; i < 2000 && g_atomic_int_get (&G_OBJECT (fixture->store)->ref_count) > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Waiting for one asynchronous call */

static gboolean
wait_expired_cb (gpointer user_data)
{
  g_error ("the store did not answer within %d s", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
keep_result_cb (GObject      *object,
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
save (Fixture     *fixture,
      BmsAccount  *account,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bms_account_store_save_async (fixture->store, account, NULL, keep_result_cb, &result);
  return bms_account_store_save_finish (fixture->store, wait_for (&result), error);
}

static BmsAccount *
open_account (Fixture     *fixture,
              const char  *path,
              gboolean     with_passwords,
              GError     **passwords_error,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bms_account_store_open_async (fixture->store, path, with_passwords, NULL, keep_result_cb, &result);
  return bms_account_store_open_finish (fixture->store, wait_for (&result), passwords_error, error);
}

static gboolean
remove_account (Fixture     *fixture,
                const char  *path,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bms_account_store_remove_async (fixture->store, path, NULL, keep_result_cb, &result);
  return bms_account_store_remove_finish (fixture->store, wait_for (&result), error);
}

static char *
keyring_lookup (const char *protocol,
                const char *host,
                guint       port,
                const char *user)
{
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_sync (bms_keyring_get_schema (), NULL, &error,
                                          "protocol", protocol,
                                          "server", host,
                                          "port", (int) port,
                                          "user", user,
                                          NULL);
  g_assert_no_error (error);
  return password;
}

static void
assert_in_keyring (const char *protocol,
                   const char *host,
                   guint       port,
                   const char *user,
                   const char *expected)
{
  g_autofree char *password = keyring_lookup (protocol, host, port, user);

  g_assert_cmpstr (password, ==, expected);
}

/* An employee with a login of their own for IMAP. */
static BmsAccount *
new_alice (void)
{
  BmsAccount *account = bms_account_new ();

  g_object_set (account,
                "employee-name", "山田 太郎",
                "email", "alice@example.com",
                "smtp-password", SMTP_PASSWORD,
                "smtp-host", "smtp.example.com",
                "imap-host", "imap.example.com",
                "imap-password", IMAP_PASSWORD,
                NULL);

  return account;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A good profile is listed; a damaged one is moved aside and reported; one
 * of a newer version is reported and left in place. */
static void
test_store_list (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BmsAccount) alice = new_alice ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = g_build_filename (fixture->dir, "damaged.ini", NULL);
  g_autofree char *newer = g_build_filename (fixture->dir, "newer.ini", NULL);

  g_assert_true (save (fixture, alice, &error));
  g_assert_no_error (error);
  write_file (fixture->dir, "damaged.ini", "[Profile]\nformat=1\n[Account]\nemail=x@example.com\n[SMTP]\nport=0\n");
  write_file (fixture->dir, "newer.ini", "[Profile]\nformat=99\n");

  bms_account_store_list_async (fixture->store, NULL, keep_result_cb, &result);
  accounts = bms_account_store_list_finish (fixture->store, wait_for (&result), &problems, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (bms_account_get_email (g_ptr_array_index (accounts, 0)), ==, "alice@example.com");
  g_assert_cmpstr (bms_account_get_profile_path (g_ptr_array_index (accounts, 0)), ==,
                   bms_account_get_profile_path (alice));
  /* Listing reads no password. */
  g_assert_cmpstr (bms_account_get_smtp_password (g_ptr_array_index (accounts, 0)), ==, "");

  g_assert_cmpuint (problems->len, ==, 2);
  for (guint i = 0; i < problems->len; i++)
    {
      BmsProfileProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, damaged))
        {
          g_assert_error (problem->error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_CORRUPT);
          g_assert_true (bms_profile_problem_was_moved (problem));
          g_assert_true (g_str_has_prefix (problem->kept_as, damaged));
          g_assert_true (g_file_test (problem->kept_as, G_FILE_TEST_IS_REGULAR));
          g_assert_false (g_file_test (damaged, G_FILE_TEST_EXISTS));
        }
      else
        {
          g_assert_cmpstr (problem->path, ==, newer);
          g_assert_error (problem->error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_NEWER_FORMAT);
          g_assert_false (bms_profile_problem_was_moved (problem));
          g_assert_cmpstr (problem->kept_as, ==, newer);
          g_assert_true (g_file_test (newer, G_FILE_TEST_IS_REGULAR));
        }
    }
}

/* A folder that cannot be read is an error, not an empty list. */
static void
test_store_list_unreadable (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *not_a_dir = g_build_filename (fixture->dir, "file", NULL);
  g_autoptr(BmsAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  write_file (fixture->dir, "file", "");
  store = bms_account_store_new (not_a_dir);
  bms_account_store_list_async (store, NULL, keep_result_cb, &result);
  accounts = bms_account_store_list_finish (store, wait_for (&result), NULL, &error);
  g_assert_null (accounts);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
}

/* Opening: the profile's values, and the passwords from the keyring. */
static void
test_store_open (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BmsAccount) alice = new_alice ();
  g_autoptr(BmsAccount) opened = NULL;
  g_autoptr(BmsAccount) without = NULL;
  g_autoptr(BmsAccount) missing = NULL;
  g_autoptr(GError) passwords_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nobody = g_build_filename (fixture->dir, "nobody.ini", NULL);

  g_assert_true (save (fixture, alice, &error));
  g_assert_no_error (error);

  opened = open_account (fixture, bms_account_get_profile_path (alice), TRUE, &passwords_error, &error);
  g_assert_no_error (error);
  g_assert_no_error (passwords_error);
  g_assert_true (opened != alice);
  g_assert_cmpstr (bms_account_get_email (opened), ==, "alice@example.com");
  g_assert_cmpstr (bms_account_get_employee_name (opened), ==, "山田 太郎");
  g_assert_cmpstr (bms_account_get_imap_host (opened), ==, "imap.example.com");
  g_assert_cmpstr (bms_account_get_smtp_password (opened), ==, SMTP_PASSWORD);
  g_assert_cmpstr (bms_account_get_imap_password (opened), ==, IMAP_PASSWORD);
  g_assert_cmpstr (bms_account_get_profile_path (opened), ==, bms_account_get_profile_path (alice));

  without = open_account (fixture, bms_account_get_profile_path (alice), FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_email (without), ==, "alice@example.com");
  g_assert_cmpstr (bms_account_get_smtp_password (without), ==, "");

  missing = open_account (fixture, nobody, TRUE, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* A changed address: saved under the new one; the old profile and the old
 * keyring items go, except those the new address uses too. */
static void
test_store_save_changed_address (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(BmsAccount) account = new_alice ();
  g_autoptr(GError) error = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *new_path = NULL;

  g_assert_true (save (fixture, account, &error));
  g_assert_no_error (error);
  old_path = g_strdup (bms_account_get_profile_path (account));
  g_assert_true (g_str_has_prefix (old_path, fixture->dir));
  g_assert_true (g_file_test (old_path, G_FILE_TEST_IS_REGULAR));
  assert_in_keyring ("smtp", "smtp.example.com", 587, "alice@example.com", SMTP_PASSWORD);
  assert_in_keyring ("imap", "imap.example.com", 993, "alice@example.com", IMAP_PASSWORD);

  /* The logins follow the address; the IMAP server stays. */
  g_object_set (account, "email", "bob@example.com", NULL);
  g_assert_true (save (fixture, account, &error));
  g_assert_no_error (error);

  new_path = bms_account_store_path_for_email (fixture->store, "bob@example.com");
  g_assert_cmpstr (bms_account_get_profile_path (account), ==, new_path);
  g_assert_true (g_file_test (new_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));
  assert_in_keyring ("smtp", "smtp.example.com", 587, "bob@example.com", SMTP_PASSWORD);
  assert_in_keyring ("imap", "imap.example.com", 993, "bob@example.com", IMAP_PASSWORD);
  assert_in_keyring ("smtp", "smtp.example.com", 587, "alice@example.com", NULL);
  assert_in_keyring ("imap", "imap.example.com", 993, "alice@example.com", NULL);

  /* Another address with the same SMTP login: that item is the new
   * account's too, and stays. */
  g_object_set (account, "smtp-user", "shared@example.com", NULL);
  g_assert_true (save (fixture, account, &error));
  g_assert_no_error (error);
  g_object_set (account, "email", "carol@example.com", NULL);
  g_assert_cmpstr (bms_account_get_smtp_user (account), ==, "shared@example.com");
  g_assert_true (save (fixture, account, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  assert_in_keyring ("smtp", "smtp.example.com", 587, "shared@example.com", SMTP_PASSWORD);
  assert_in_keyring ("imap", "imap.example.com", 993, "carol@example.com", IMAP_PASSWORD);
  assert_in_keyring ("imap", "imap.example.com", 993, "bob@example.com", NULL);
}

/* Saving an account that no profile can hold stores nothing at all. */
static void
test_store_save_invalid (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BmsAccount) account = new_alice ();
  g_autoptr(GError) error = NULL;

  g_object_set (account, "email", "", "smtp-user", "nobody@example.com", NULL);
  g_assert_false (save (fixture, account, &error));
  g_assert_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_INVALID_ACCOUNT);
  g_assert_null (bms_account_get_profile_path (account));
  assert_in_keyring ("smtp", "smtp.example.com", 587, "nobody@example.com", NULL);
}

/* Removing: the profile and every password of the account. */
static void
test_store_remove (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BmsAccount) account = new_alice ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (save (fixture, account, &error));
  g_assert_no_error (error);
  path = g_strdup (bms_account_get_profile_path (account));

  g_assert_true (remove_account (fixture, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_in_keyring ("smtp", "smtp.example.com", 587, "alice@example.com", NULL);
  assert_in_keyring ("imap", "imap.example.com", 993, "alice@example.com", NULL);

  /* Gone already: nothing to do, no error. */
  g_assert_true (remove_account (fixture, path, &error));
  g_assert_no_error (error);
}

/* A save cancelled while it stores the passwords leaves the previous
 * profile as it was, and writes no new one. */
static void
test_store_cancel_mid_save (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BmsAccount) account = new_alice ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *new_path = NULL;

  g_assert_true (save (fixture, account, &error));
  g_assert_no_error (error);
  old_path = g_strdup (bms_account_get_profile_path (account));
  g_assert_true (g_file_get_contents (old_path, &before, NULL, NULL));

  g_object_set (account, "email", "bob@example.com", "sender-name", "Bob", NULL);
  bms_account_store_save_async (fixture->store, account, cancellable, keep_result_cb, &result);
  /* The keyring is reached over D-Bus: its answer needs the main loop,
   * which has not run yet. */
  g_cancellable_cancel (cancellable);
  g_assert_false (bms_account_store_save_finish (fixture->store, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (g_file_get_contents (old_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  new_path = bms_account_store_path_for_email (fixture->store, "bob@example.com");
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (bms_account_get_profile_path (account), ==, old_path);
}

/* A result is only ever finished by the call that started it. */
static void
test_store_source_tags (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  bms_account_store_list_async (fixture->store, NULL, keep_result_cb, &result);
  wait_for (&result);

  g_test_expect_message ("bms-accounts", G_LOG_LEVEL_CRITICAL, "*bms_account_store_save_async*");
  g_assert_false (bms_account_store_save_finish (fixture->store, result, NULL));
  g_test_assert_expected_messages ();

  accounts = bms_account_store_list_finish (fixture->store, result, NULL, NULL);
  g_assert_nonnull (accounts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("BMS_TEST_KEYRING_MODE"), "unlocked") != 0)
    {
      g_test_skip ("needs run-with-keyring.sh unlocked");
      return 77;
    }

#define ADD(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

  ADD ("/account-store/list", test_store_list);
  ADD ("/account-store/list-unreadable", test_store_list_unreadable);
  ADD ("/account-store/open", test_store_open);
  ADD ("/account-store/save-changed-address", test_store_save_changed_address);
  ADD ("/account-store/save-invalid", test_store_save_invalid);
  ADD ("/account-store/remove", test_store_remove);
  ADD ("/account-store/cancel-mid-save", test_store_cancel_mid_save);
  ADD ("/account-store/source-tags", test_store_source_tags);

#undef ADD

  return g_test_run ();
}
