/* test-profile.c: the account settings on disk.
 *
 * Failures of the disk are real ones, not simulated in the code under test:
 * a read-only file system and a full one are tmpfs mounts in a mount
 * namespace of this process's own (they vanish with it, and nobody else
 * sees them), and a file size limit (RLIMIT_FSIZE) stands in for a full
 * disk wherever mounting is not allowed. Permission bits are no test of
 * "read-only" here: the tests may run as root, who ignores them.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bms-profile.h"

static gboolean can_mount;

#define SMTP_SECRET "SmtpSecret-送信パス-1"
#define IMAP_SECRET "ImapSecret-受信パス-2"

/* A private mount namespace, entered before any thread exists, so that
 * the test may mount tmpfs without touching the rest of the machine. */
static void
enter_private_mount_namespace (void)
{
  can_mount = unshare (CLONE_NEWNS) == 0 &&
              mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
}

/* Inside the test's own isolated directories, which GLib removes at the end. */
static char *
make_temp_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "bms-profile-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp_full (dir, 0700));
  return dir;
}

static void
mount_tmpfs (const char *dir,
             const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    g_error ("mount tmpfs on %s: %s", dir, g_strerror (errno));
}

static void
unmount (const char *dir)
{
  if (umount (dir) != 0)
    g_error ("umount %s: %s", dir, g_strerror (errno));
}

/* Every value differs from a new account's, so that a value that is not
 * saved or not loaded shows up as a difference. */
static BmsAccount *
make_full_account (void)
{
  BmsAccount *account = bms_account_new ();

  g_object_set (account,
                "employee-name", "山田 太郎",
                "email", "Taro.Yamada@example.co.jp",
                "smtp-user", "taro.smtp@example.co.jp",
                "smtp-host", "smtp.example.co.jp",
                "smtp-port", 465,
                "smtp-security", BMS_SECURITY_SSL_TLS,
                /* Leading spaces, "#", "=", "[" and a backslash all need escaping in a key file. */
                "sender-name", "  山田（営業部）# = [x] \\ 太郎",
                "save-sent", TRUE,
                "imap-user", "taro.imap@example.co.jp",
                "imap-host", "imap.example.co.jp",
                "imap-port", 143,
                "imap-security", BMS_SECURITY_STARTTLS,
                "sent-folder", "[Gmail]/&kAFP4W4IMH8w4TD8MOs-",
                "bcc-self", TRUE,
                "notify-employee", TRUE,
                "smtp-password", SMTP_SECRET,
                "imap-password", IMAP_SECRET,
                NULL);

  return account;
}

static gboolean
is_password_property (const char *name)
{
  return g_str_has_suffix (name, "-password");
}

/* Compares every property the account has, so that a property added later
 * and forgotten by the profile fails here. */
static void
assert_same_settings (BmsAccount *expected,
                      BmsAccount *actual)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (expected), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;

      if (is_password_property (pspecs[i]->name))
        continue;

      g_value_init (&a, pspecs[i]->value_type);
      g_value_init (&b, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (expected), pspecs[i]->name, &a);
      g_object_get_property (G_OBJECT (actual), pspecs[i]->name, &b);
      text_a = g_strdup_value_contents (&a);
      text_b = g_strdup_value_contents (&b);
      g_test_message ("%s: %s", pspecs[i]->name, text_b);
      g_assert_cmpstr (text_a, ==, text_b);
    }
}

static char *
read_bytes (const char *path,
            gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, mode);
}

static void
test_profile_id (void)
{
  static const struct {
    const char *email;
    const char *id;
  } cases[] = {
    { "taro@example.co.jp", "taro_40example.co.jp" },
    { "Taro.Yamada@Example.CO.JP", "taro.yamada_40example.co.jp" },
    { "taro+bizmagic@gmail.com", "taro_2bbizmagic_40gmail.com" },
    { "a_b@x.jp", "a_5fb_40x.jp" },
    { "a@b_x.jp", "a_40b_5fx.jp" },
    { ".hidden@x.jp", "_2ehidden_40x.jp" },
    { "../../etc/passwd", "_2e._2f.._2fetc_2fpasswd" },
    { "太郎@例え.jp", "_e5_a4_aa_e9_83_8e_40_e4_be_8b_e3_81_88.jp" },
  };
  g_autofree char *ats = NULL;
  g_autofree char *long_a = NULL;
  g_autofree char *long_b = NULL;
  g_autofree char *id_a = NULL;
  g_autofree char *id_b = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = bms_profile_id_for_email (cases[i].email);

      g_assert_cmpstr (id, ==, cases[i].id);
      for (const char *p = id; *p != '\0'; p++)
        g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'z') ||
                       *p == '.' || *p == '-' || *p == '_');
    }

  /* Too long for a file name: still one name per address, and short enough. */
  ats = g_strnfill (240, '@');
  long_a = g_strconcat (ats, "a.jp", NULL);
  long_b = g_strconcat (ats, "b.jp", NULL);
  id_a = bms_profile_id_for_email (long_a);
  id_b = bms_profile_id_for_email (long_b);
  g_assert_cmpuint (strlen (id_a), <=, 200);
  g_assert_cmpuint (strlen (id_b), <=, 200);
  g_assert_cmpstr (id_a, !=, id_b);
}

static void
test_profile_round_trip (void)
{
  g_autoptr(BmsAccount) saved = make_full_account ();
  g_autoptr(BmsAccount) loaded = bms_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *path = bms_profile_path_for_email (dir, "Taro.Yamada@example.co.jp");

  g_assert_true (g_str_has_prefix (dir, g_get_user_config_dir ()));
  g_assert_true (g_str_has_suffix (path, "/bizmagic-mail-setup/accounts/taro.yamada_40example.co.jp.ini"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_assert_true (bms_profile_save (saved, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_profile_path (saved), ==, path);

  assert_mode (path, 0600);
  assert_mode (dir, 0700);
  assert_mode (parent, 0700);

  g_assert_true (bms_profile_load (path, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_profile_path (loaded), ==, path);
  assert_same_settings (saved, loaded);
  g_assert_cmpstr (bms_account_get_smtp_password (loaded), ==, "");
  g_assert_cmpstr (bms_account_get_imap_password (loaded), ==, "");
}

/* A profile saved again over an older one with other permissions is 0600
 * all the same, whatever the umask. */
static void
test_profile_mode_whatever_umask (void)
{
  g_autoptr(BmsAccount) account = make_full_account ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  mode_t old_umask;

  write_text (path, "old");
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);

  old_umask = umask (0);
  g_assert_true (bms_profile_save (account, path, &error));
  umask (old_umask);
  g_assert_no_error (error);
  assert_mode (path, 0600);

  g_assert_true (bms_profile_remove (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_profile_same_as_smtp_and_no_saving (void)
{
  g_autoptr(BmsAccount) saved = make_full_account ();
  g_autoptr(BmsAccount) loaded = bms_account_new ();
  g_autoptr(BmsAccount) plain = bms_account_new ();
  g_autoptr(BmsAccount) plain_loaded = bms_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "same.ini", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.ini", NULL);

  g_object_set (saved, "imap-same-as-smtp", TRUE, NULL);
  g_assert_cmpstr (bms_account_get_imap_user (saved), ==, "taro.smtp@example.co.jp");
  g_assert_true (bms_profile_save (saved, path, &error));
  g_assert_no_error (error);
  g_assert_true (bms_profile_load (path, loaded, &error));
  g_assert_no_error (error);
  assert_same_settings (saved, loaded);
  g_assert_true (bms_account_get_imap_same_as_smtp (loaded));

  /* Sent mail not saved, the IMAP login left empty: still a valid profile. */
  g_object_set (plain, "email", "hanako@example.co.jp", "save-sent", FALSE, "imap-user", "", NULL);
  g_assert_true (bms_profile_save (plain, plain_path, &error));
  g_assert_no_error (error);
  g_assert_true (bms_profile_load (plain_path, plain_loaded, &error));
  g_assert_no_error (error);
  assert_same_settings (plain, plain_loaded);

  bms_profile_remove (path, NULL);
  bms_profile_remove (plain_path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_profile_never_holds_a_password (void)
{
  g_autoptr(BmsAccount) account = make_full_account ();
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autofree char *data = NULL;
  gsize length;

  g_assert_cmpstr (bms_account_get_smtp_password (account), ==, SMTP_SECRET);
  g_assert_cmpstr (bms_account_get_imap_password (account), ==, IMAP_SECRET);
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);

  data = read_bytes (path, &length);
  g_assert_null (g_strstr_len (data, length, SMTP_SECRET));
  g_assert_null (g_strstr_len (data, length, IMAP_SECRET));
  g_assert_null (g_strstr_len (data, length, "SmtpSecret"));
  g_assert_null (g_strstr_len (data, length, "ImapSecret"));

  /* Nor a key that could be taken for one. */
  g_assert_true (g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, &error);

      g_assert_no_error (error);
      for (guint j = 0; keys[j] != NULL; j++)
        g_assert_null (strstr (keys[j], "password"));
    }

  bms_profile_remove (path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static const char *good_profile =
  "[Profile]\nformat=1\n"
  "[Account]\nemail=taro@example.co.jp\n"
  "[SMTP]\nuser=taro@example.co.jp\nhost=smtp.gmail.com\nport=587\nsecurity=starttls\n"
  "[IMAP]\nsave-sent=true\nuser=taro@example.co.jp\nhost=imap.gmail.com\nport=993\n"
  "security=ssl-tls\nsent-folder=[Gmail]/&kAFP4W4IMH8w4TD8MOs-\n";

/* good_profile with the line that starts with @key replaced by @line (or
 * removed when @line is NULL). */
static char *
good_profile_with (const char *key,
                   const char *line)
{
  g_auto(GStrv) lines = g_strsplit (good_profile, "\n", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      if (!g_str_has_prefix (lines[i], key))
        g_string_append_printf (text, "%s\n", lines[i]);
      else if (line != NULL)
        g_string_append_printf (text, "%s\n", line);
    }

  return g_string_free (text, FALSE);
}

typedef struct {
  const char *name;
  const char *key;        /* the line of good_profile to change */
  const char *line;       /* its replacement, NULL to remove it */
  const char *named_key;  /* what the error message must name */
} CorruptCase;

static const CorruptCase corrupt_cases[] = {
  { "missing-email", "email=", NULL, "“email” in [Account]" },
  { "empty-email", "email=", "email=", "“email” in [Account]" },
  { "missing-smtp-host", "host=smtp", NULL, "“host” in [SMTP]" },
  { "missing-format", "format=", NULL, "“format” in [Profile]" },
  { "port-zero", "port=587", "port=0", "“port” in [SMTP]" },
  { "port-too-big", "port=993", "port=65536", "“port” in [IMAP]" },
  { "port-not-a-number", "port=587", "port=587abc", "“port” in [SMTP]" },
  { "port-signed", "port=587", "port=+587", "“port” in [SMTP]" },
  { "unknown-security", "security=starttls", "security=tls", "“security” in [SMTP]" },
  { "unknown-imap-security", "security=ssl-tls", "security=SSL", "“security” in [IMAP]" },
  { "bad-flag", "save-sent=", "save-sent=maybe", "“save-sent” in [IMAP]" },
  { "missing-save-sent", "save-sent=", NULL, "“save-sent” in [IMAP]" },
  { "bad-folder", "sent-folder=", "sent-folder=[Gmail]/&kAFP4W4", "“sent-folder” in [IMAP]" },
  { "not-utf8", "email=", "email=taro\xff@example.co.jp", "“email” in [Account]" },
};

static void
assert_corrupt (const char *path,
                GError     *error,
                const char *named_key)
{
  g_assert_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (named_key != NULL)
    g_assert_nonnull (strstr (error->message, named_key));
}

static void
test_profile_corrupt (void)
{
  static const char *garbage[] = {
    "this is not a key file\n",
    "\x89PNG\r\n\x1a\n\xff\xfe\x00\x01garbage",
    "[Profile\nformat=1\n",
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    {
      g_autoptr(BmsAccount) account = bms_account_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *text = good_profile_with (corrupt_cases[i].key, corrupt_cases[i].line);

      g_test_message ("case %s", corrupt_cases[i].name);
      g_object_set (account, "email", "unchanged@example.co.jp", NULL);
      write_text (path, text);
      g_assert_false (bms_profile_load (path, account, &error));
      assert_corrupt (path, error, corrupt_cases[i].named_key);
      /* A refused file changes nothing. */
      g_assert_cmpstr (bms_account_get_email (account), ==, "unchanged@example.co.jp");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(BmsAccount) account = bms_account_new ();
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, garbage[i], i == 1 ? 20 : -1, &error);
      g_assert_no_error (error);
      g_assert_false (bms_profile_load (path, account, &error));
      assert_corrupt (path, error, NULL);
    }

  bms_profile_remove (path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_profile_good_text_loads (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);

  /* The base of the corrupt cases is itself good, so each case fails for
   * its own change only. */
  write_text (path, good_profile);
  g_assert_true (bms_profile_load (path, account, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bms_account_get_email (account), ==, "taro@example.co.jp");
  g_assert_cmpuint (bms_account_get_smtp_port (account), ==, 587);

  bms_profile_remove (path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The mail test's word is kept: passed, or saved on purpose untested; a
 * profile without it (as earlier versions wrote them) loads as unknown, and
 * so does a word this version does not know. A changed field makes it
 * unknown again. */
static void
test_profile_test_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *unknown_word = NULL;

  for (BmsTestStatus status = BMS_TEST_STATUS_UNKNOWN; status <= BMS_TEST_STATUS_NOT_PASSED; status++)
    {
      g_autoptr(BmsAccount) saved = make_full_account ();
      g_autoptr(BmsAccount) loaded = bms_account_new ();

      bms_account_set_test_status (saved, status);
      g_assert_true (bms_profile_save (saved, path, &error));
      g_assert_no_error (error);
      g_assert_true (bms_profile_load (path, loaded, &error));
      g_assert_no_error (error);
      g_assert_cmpint (bms_account_get_test_status (loaded), ==, status);
    }
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "[Status]\nmail-test=not-passed\n"));

  {
    g_autoptr(BmsAccount) older = bms_account_new ();

    write_text (path, good_profile);
    bms_account_set_test_status (older, BMS_TEST_STATUS_PASSED);
    g_assert_true (bms_profile_load (path, older, &error));
    g_assert_no_error (error);
    g_assert_cmpint (bms_account_get_test_status (older), ==, BMS_TEST_STATUS_UNKNOWN);
  }
  {
    g_autoptr(BmsAccount) newer = bms_account_new ();

    unknown_word = g_strconcat (good_profile, "\n[Status]\nmail-test=checked-by-a-later-version\n", NULL);
    write_text (path, unknown_word);
    g_assert_true (bms_profile_load (path, newer, &error));
    g_assert_no_error (error);
    g_assert_cmpint (bms_account_get_test_status (newer), ==, BMS_TEST_STATUS_UNKNOWN);
  }
  {
    g_autoptr(BmsAccount) account = make_full_account ();

    bms_account_set_test_status (account, BMS_TEST_STATUS_PASSED);
    g_object_set (account, "smtp-port", 2525, NULL);
    g_assert_cmpint (bms_account_get_test_status (account), ==, BMS_TEST_STATUS_UNKNOWN);
  }

  bms_profile_remove (path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_profile_newer_format (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autofree char *text = good_profile_with ("format=", "format=2");

  write_text (path, text);
  g_assert_false (bms_profile_load (path, account, &error));
  g_assert_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_NEWER_FORMAT);
  g_assert_nonnull (strstr (error->message, path));

  bms_profile_remove (path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint
count_broken_copies (const char *dir,
                     const char *name)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (name, ".broken-", NULL);
  const char *entry;
  guint count = 0;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, prefix))
      count++;

  return count;
}

static void
save_account_as (const char *dir,
                 const char *email,
                 const char *name)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bms_profile_path_for_email (dir, email);

  g_object_set (account, "email", email, "employee-name", name, NULL);
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);
}

static void
test_profile_list (void)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *broken = g_build_filename (dir, "broken.ini", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.ini", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.ini", NULL);
  g_autofree char *other = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *broken_text = good_profile_with ("port=587", "port=0");
  g_autofree char *newer_text = good_profile_with ("format=", "format=2");
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  /* No folder yet: no accounts, and no error. */
  accounts = bms_profile_list (dir, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  g_clear_pointer (&problems, g_ptr_array_unref);

  save_account_as (dir, "yamada@example.co.jp", "山田 太郎");
  save_account_as (dir, "suzuki@example.co.jp", "鈴木 花子");
  write_text (broken, broken_text);
  write_text (garbage, "\x01\x02 not a profile at all");
  write_text (newer, newer_text);
  write_text (other, "not a profile, not looked at");

  accounts = bms_profile_list (dir, &problems, &error);
  g_assert_no_error (error);

  /* The good ones, in file name order, each with its file. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (bms_account_get_email (g_ptr_array_index (accounts, 0)), ==, "suzuki@example.co.jp");
  g_assert_cmpstr (bms_account_get_employee_name (g_ptr_array_index (accounts, 0)), ==, "鈴木 花子");
  g_assert_cmpstr (bms_account_get_email (g_ptr_array_index (accounts, 1)), ==, "yamada@example.co.jp");
  g_assert_true (g_str_has_suffix (bms_account_get_profile_path (g_ptr_array_index (accounts, 1)),
                                   "/yamada_40example.co.jp.ini"));

  /* The damaged ones moved aside, whole; the newer one left alone. */
  g_assert_cmpuint (problems->len, ==, 3);
  for (guint i = 0; i < problems->len; i++)
    {
      BmsProfileProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *prefix = g_strconcat (problem->path, ".broken-", NULL);

      g_test_message ("%s → %s: %s", problem->path, problem->kept_as, problem->error->message);
      g_assert_nonnull (strstr (problem->error->message, problem->path));

      if (g_strcmp0 (problem->path, newer) == 0)
        {
          g_assert_error (problem->error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_NEWER_FORMAT);
          g_assert_cmpstr (problem->kept_as, ==, newer);
          g_assert_true (g_file_test (newer, G_FILE_TEST_IS_REGULAR));
        }
      else
        {
          g_autofree char *kept = NULL;
          gsize length;

          g_assert_error (problem->error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_CORRUPT);
          g_assert_true (g_str_has_prefix (problem->kept_as, prefix));
          g_assert_false (g_file_test (problem->path, G_FILE_TEST_EXISTS));
          kept = read_bytes (problem->kept_as, &length);
          if (g_strcmp0 (problem->path, broken) == 0)
            g_assert_cmpstr (kept, ==, broken_text);
          else
            g_assert_cmpstr (kept, ==, "\x01\x02 not a profile at all");
        }
    }
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&accounts, g_ptr_array_unref);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Broken again, possibly within the same second: the earlier copy stays. */
  write_text (broken, broken_text);
  accounts = bms_profile_list (dir, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpuint (count_broken_copies (dir, "broken.ini"), ==, 2);
  g_assert_cmpuint (count_broken_copies (dir, "garbage.ini"), ==, 1);
}

/* A caller that does not want the problems still gets the good accounts. */
static void
test_profile_list_without_problems (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *broken = g_build_filename (dir, "broken.ini", NULL);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  save_account_as (dir, "yamada@example.co.jp", "山田 太郎");
  write_text (broken, "garbage");
  accounts = bms_profile_list (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpuint (count_broken_copies (dir, "broken.ini"), ==, 1);
}

static void
test_profile_list_unreadable_dir (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *not_a_dir = g_build_filename (dir, "file", NULL);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  write_text (not_a_dir, "");
  accounts = bms_profile_list (not_a_dir, NULL, &error);
  g_assert_null (accounts);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
}

static void
test_profile_remove (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = bms_profile_path_for_email (dir, "yamada@example.co.jp");

  save_account_as (dir, "yamada@example.co.jp", "山田 太郎");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (bms_profile_remove (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Already gone is what the caller wanted. */
  g_assert_true (bms_profile_remove (path, &error));
  g_assert_no_error (error);

  /* A folder in its place is not removed. */
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (bms_profile_remove (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpint (g_rmdir (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_profile_save_invalid_account (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "nobody.ini", NULL);

  g_assert_false (bms_profile_save (account, path, &error));
  g_assert_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_INVALID_ACCOUNT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_object_set (account, "email", "taro@example.co.jp", "sent-folder", "&bad", NULL);
  g_assert_false (bms_profile_save (account, path, &error));
  g_assert_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_INVALID_ACCOUNT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Where the folder should be there is a file: this fails for root too. */
static void
test_profile_save_parent_is_a_file (void)
{
  g_autoptr(BmsAccount) account = make_full_account ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "accounts", NULL);
  g_autofree char *path = g_build_filename (file, "taro.ini", NULL);

  write_text (file, "");
  g_assert_false (bms_profile_save (account, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_null (bms_account_get_profile_path (account));
}

/* Saves @account to @path, which must then fail, and checks that the file
 * that was there is byte for byte what it was, with no temporary file left. */
static void
assert_save_fails_and_keeps (BmsAccount *account,
                             const char *path,
                             const char *previous,
                             gsize       previous_length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *now = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  gsize length;

  g_assert_false (bms_profile_save (account, path, &error));
  g_assert_nonnull (error);
  g_test_message ("save failed as it should: %s", error->message);

  now = read_bytes (path, &length);
  g_assert_cmpmem (now, length, previous, previous_length);

  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    g_assert_true (g_str_equal (entry, "taro.ini") || g_str_equal (entry, "filler"));
}

static void
test_profile_read_only_dir (void)
{
  g_autoptr(BmsAccount) account = make_full_account ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autofree char *previous = NULL;
  gsize previous_length;

  if (!can_mount)
    {
      g_test_skip ("no private mount namespace for a read-only tmpfs");
      g_rmdir (dir);
      return;
    }

  mount_tmpfs (dir, "64k");
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);
  previous = read_bytes (path, &previous_length);

  if (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
    g_error ("remount read-only: %s", g_strerror (errno));

  g_object_set (account, "employee-name", "山田 次郎", "smtp-port", 2525, NULL);
  assert_save_fails_and_keeps (account, path, previous, previous_length);

  unmount (dir);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
fill_up (const char *path)
{
  static const char block[4096];
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
test_profile_full_disk (void)
{
  g_autoptr(BmsAccount) account = make_full_account ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autofree char *previous = NULL;
  gsize previous_length;

  if (!can_mount)
    {
      g_test_skip ("no private mount namespace for a small tmpfs");
      g_rmdir (dir);
      return;
    }

  mount_tmpfs (dir, "64k");
  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);
  previous = read_bytes (path, &previous_length);
  fill_up (filler);

  g_object_set (account, "employee-name", "山田 次郎", "smtp-port", 2525, NULL);
  assert_save_fails_and_keeps (account, path, previous, previous_length);

  unmount (dir);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The same failure without a mount: the kernel refuses to let this
 * process's files grow past a limit (EFBIG), which binds root as well. */
static void
test_profile_file_size_limit (void)
{
  g_autoptr(BmsAccount) account = make_full_account ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autofree char *previous = NULL;
  gsize previous_length;
  struct rlimit saved_limit, limit;

  g_assert_true (bms_profile_save (account, path, &error));
  g_assert_no_error (error);
  previous = read_bytes (path, &previous_length);

  /* Without this the kernel would stop the test with SIGXFSZ. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  limit = saved_limit;
  limit.rlim_cur = 100;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_object_set (account, "employee-name", "山田 次郎", "smtp-port", 2525, NULL);
  assert_save_fails_and_keeps (account, path, previous, previous_length);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  signal (SIGXFSZ, SIG_DFL);
  bms_profile_remove (path, NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* What a damaged profile holds, as it may be shown or printed: no control
 * characters, no terminal escape sequences, valid UTF-8. */
static void
test_profile_printable_text (void)
{
  static const struct {
    const char *text;
    const char *printable;
  } cases[] = {
    { NULL, "" },
    { "山田 太郎", "山田 太郎" },
    { "山田 \033[31m太郎\007", "山田 太郎" },
    { "\033]0;owned\007taro", "taro" },
    { "\033]0;owned\033\\taro", "taro" },
    { "a\033", "a" },
    { "a\033Xb", "ab" },
    { "a\033[1;3", "a" },
    { "line\r\nbreak\ttab", "linebreaktab" },
    { "bidi\u202etxt.exe", "biditxt.exe" },
    { "bad\xff", "bad\xef\xbf\xbd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *printable = bms_profile_printable_text (cases[i].text);

      g_assert_cmpstr (printable, ==, cases[i].printable);
    }
}

/* A damaged profile's problem says whose it was, without control characters. */
static void
test_profile_problem_names_employee (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bms-profile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "taro.ini", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  BmsProfileProblem *problem;

  g_assert_true (g_file_set_contents (path, "[Account]\nemployee-name=山田\007 太郎\nemail = taro@example.com\n"
                                            "[SMTP]\nport=0\n\033[31mred\007\n", -1, &error));
  accounts = bms_profile_list (dir, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->employee_name, ==, "山田 太郎");
  g_assert_cmpstr (problem->email, ==, "taro@example.com");

  g_assert_true (bms_profile_problem_was_moved (problem));
  g_assert_null (strchr (problem->error->message, '\033'));
  g_assert_null (strchr (problem->error->message, '\a'));
  g_assert_cmpint (g_remove (problem->kept_as), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  enter_private_mount_namespace ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile/id", test_profile_id);
  g_test_add_func ("/profile/round-trip", test_profile_round_trip);
  g_test_add_func ("/profile/test-status", test_profile_test_status);
  g_test_add_func ("/profile/mode-whatever-umask", test_profile_mode_whatever_umask);
  g_test_add_func ("/profile/same-as-smtp-and-no-saving", test_profile_same_as_smtp_and_no_saving);
  g_test_add_func ("/profile/never-holds-a-password", test_profile_never_holds_a_password);
  g_test_add_func ("/profile/good-text-loads", test_profile_good_text_loads);
  g_test_add_func ("/profile/corrupt", test_profile_corrupt);
  g_test_add_func ("/profile/newer-format", test_profile_newer_format);
  g_test_add_func ("/profile/list", test_profile_list);
  g_test_add_func ("/profile/list-without-problems", test_profile_list_without_problems);
  g_test_add_func ("/profile/list-unreadable-dir", test_profile_list_unreadable_dir);
  g_test_add_func ("/profile/remove", test_profile_remove);
  g_test_add_func ("/profile/save/invalid-account", test_profile_save_invalid_account);
  g_test_add_func ("/profile/save/parent-is-a-file", test_profile_save_parent_is_a_file);
  g_test_add_func ("/profile/save/read-only-dir", test_profile_read_only_dir);
  g_test_add_func ("/profile/save/full-disk", test_profile_full_disk);
  g_test_add_func ("/profile/save/file-size-limit", test_profile_file_size_limit);
  g_test_add_func ("/profile/printable-text", test_profile_printable_text);
  g_test_add_func ("/profile/problem-names-employee", test_profile_problem_names_employee);

  return g_test_run ();
}
