/* bms-profile.c: an employee's account settings on disk, without passwords.
 *
 * Reading is strict: a profile that is missing a key or holds a value the
 * program would have to guess at is refused with a message that names the
 * file and the key, instead of being half-loaded. A profile the program
 * wrote can always be read back, because saving refuses an account that
 * would not make a valid profile.
 *
 * Which keys there are, in which group, of which kind, and when they must
 * be there comes from the table of BizMagic's fields (bms-fields.h).
 *
 * The calls are synchronous and touch no object but the account they are
 * given; the account store (bms-account-store.h) runs them on a worker
 * thread, so that the window never waits for the disk.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <errno.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bms-mutf7.h"
#include "bms-profile.h"

#define ID_MAX_LENGTH 200

G_DEFINE_QUARK (bms-profile-error-quark, bms_profile_error)

/* Everything a profile holds, parsed and checked before any of it reaches
 * the account, so that a refused file leaves the account as it was. A value
 * that is not in the file is left unset. */
typedef struct {
  GValue values[BMS_N_FIELDS];
} Profile;

static void
profile_clear (Profile *profile)
{
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    if (G_IS_VALUE (&profile->values[id]))
      g_value_unset (&profile->values[id]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Profile, profile_clear)

/* Whether the damaged file was moved aside: kept_as is then another name
 * than path. */
gboolean
bms_profile_problem_was_moved (const BmsProfileProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);

  return g_strcmp0 (problem->kept_as, problem->path) != 0;
}

void
bms_profile_problem_free (BmsProfileProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->kept_as);
  g_free (problem->employee_name);
  g_free (problem->email);
  g_clear_error (&problem->error);
  g_free (problem);
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'z') || c == '.' || c == '-';
}

/* Letters, digits, "." and "-" stay; every other byte becomes "_" and its
 * two hex digits ("@" is "_40"), so that two different addresses never
 * share a file and the name still reads like the address. A leading "."
 * is escaped too: it would hide the file. */
char *
bms_profile_id_for_email (const char *email)
{
  g_autofree char *lower = NULL;
  GString *id;

  g_return_val_if_fail (email != NULL && email[0] != '\0', NULL);

  lower = g_ascii_strdown (email, -1);
  id = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (is_id_char (*p) && !(p == lower && *p == '.'))
        g_string_append_c (id, *p);
      else
        g_string_append_printf (id, "_%02x", (guchar) *p);
    }

  /* A file name has room for 255 bytes; a long address keeps its start and
   * a digest of the whole, which is still one name per address. */
  if (id->len > ID_MAX_LENGTH)
    {
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, lower, -1);

      g_string_truncate (id, ID_MAX_LENGTH - 17);
      g_string_append_printf (id, "-%.16s", digest);
    }

  return g_string_free (id, FALSE);
}

char *
bms_profile_default_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "bizmagic-mail-setup", "accounts", NULL);
}

char *
bms_profile_path_for_email (const char *dir,
                            const char *email)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (email != NULL && email[0] != '\0', NULL);

  id = bms_profile_id_for_email (email);
  name = g_strconcat (id, ".ini", NULL);

  return g_build_filename (dir, name, NULL);
}

/* Reading */

/* What can be wrong with one key; each has its own whole sentence, so that
 * translators never have to glue fragments together. */
typedef enum {
  FAULT_MISSING,
  FAULT_NOT_TEXT,
  FAULT_EMPTY,
  FAULT_NOT_FLAG,
  FAULT_NOT_PORT,
  FAULT_NOT_SECURITY,
  FAULT_NOT_FORMAT,
  FAULT_NOT_FOLDER,
} Fault;

#define SET_CORRUPT(message) \
  g_set_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_CORRUPT, message, path, group, key)

/* Translators for all of these: %1$s is a file name; %2$s and %3$s are a
 * group and a key of that file, such as "SMTP" and "port". */
static gboolean
corrupt (GError    **error,
         const char *path,
         const char *group,
         const char *key,
         Fault       fault)
{
  switch (fault)
    {
    case FAULT_MISSING:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is missing."));
      break;
    case FAULT_NOT_TEXT:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is not valid text."));
      break;
    case FAULT_EMPTY:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is empty."));
      break;
    case FAULT_NOT_FLAG:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is neither true nor false."));
      break;
    case FAULT_NOT_PORT:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is not a port number from 1 to 65535."));
      break;
    case FAULT_NOT_SECURITY:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is not one of none, ssl-tls or starttls."));
      break;
    case FAULT_NOT_FORMAT:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is not a format number."));
      break;
    case FAULT_NOT_FOLDER:
      SET_CORRUPT (_("The saved account “%1$s” is damaged: “%3$s” in [%2$s] is not a folder name as an IMAP server sends it."));
      break;
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

#undef SET_CORRUPT

static gboolean
is_missing (GError *error)
{
  return g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
         g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND);
}

/* Reads the key of @field into @out (unset: initialised here), checked for
 * its kind. A missing key leaves @out unset, and is a fault only when
 * @required. */
static gboolean
read_field (GKeyFile        *key_file,
            const char      *path,
            const BmsField  *field,
            gboolean         required,
            GValue          *out,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (field->kind == BMS_FIELD_KIND_FLAG)
    {
      /* GKeyFile's own reading, so that every flag it ever wrote still loads. */
      gboolean flag = g_key_file_get_boolean (key_file, field->group, field->key, &local_error);

      if (is_missing (local_error))
        return required ? corrupt (error, path, field->group, field->key, FAULT_MISSING) : TRUE;
      if (local_error != NULL)
        return corrupt (error, path, field->group, field->key, FAULT_NOT_FLAG);

      g_value_init (out, G_TYPE_BOOLEAN);
      g_value_set_boolean (out, flag);
      return TRUE;
    }

  text = g_key_file_get_string (key_file, field->group, field->key, &local_error);
  if (is_missing (local_error))
    return required ? corrupt (error, path, field->group, field->key, FAULT_MISSING) : TRUE;
  if (local_error != NULL)
    return corrupt (error, path, field->group, field->key, FAULT_NOT_TEXT);
  if (required && text[0] == '\0')
    return corrupt (error, path, field->group, field->key, FAULT_EMPTY);

  if (bms_field_value_from_text (field, text, out))
    return TRUE;

  if (field->kind == BMS_FIELD_KIND_PORT)
    return corrupt (error, path, field->group, field->key, FAULT_NOT_PORT);
  if (field->kind == BMS_FIELD_KIND_SECURITY)
    return corrupt (error, path, field->group, field->key, FAULT_NOT_SECURITY);
  return corrupt (error, path, field->group, field->key, FAULT_NOT_FOLDER);
}

static gboolean
flag_read (const Profile *profile,
           BmsFieldId     id,
           gboolean       if_missing)
{
  return G_IS_VALUE (&profile->values[id]) ? g_value_get_boolean (&profile->values[id]) : if_missing;
}

/* Whether @field matters for what has been read so far: the IMAP values only
 * when sent mail is saved, the IMAP login only when it is IMAP's own. The
 * two flags that decide come before the values they decide on in the table
 * and in the file. */
static gboolean
is_required (const Profile  *profile,
             const BmsField *field)
{
  return !field->optional &&
         bms_field_in_scope (field,
                             flag_read (profile, BMS_FIELD_SAVE_SENT, TRUE),
                             flag_read (profile, BMS_FIELD_IMAP_SAME_AS_SMTP, FALSE));
}

/* The groups in the order of the file, [Account] [SMTP] [IMAP]: the order in
 * which the table first names them. */
static GPtrArray *
groups_in_order (void)
{
  GPtrArray *groups = g_ptr_array_new ();

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const char *group = bms_field_get (id)->group;

      if (group != NULL && !g_ptr_array_find_with_equal_func (groups, group, g_str_equal, NULL))
        g_ptr_array_add (groups, (gpointer) group);
    }

  return groups;
}

/* Every key of the format, group by group. What is there must be valid even
 * where it does not matter; what matters must be there. */
static gboolean
read_fields (GKeyFile    *key_file,
             const char  *path,
             Profile     *profile,
             GError     **error)
{
  g_autoptr(GPtrArray) groups = groups_in_order ();

  for (guint g = 0; g < groups->len; g++)
    for (guint id = 0; id < BMS_N_FIELDS; id++)
      {
        const BmsField *field = bms_field_get (id);

        if (g_strcmp0 (field->group, g_ptr_array_index (groups, g)) != 0)
          continue;
        if (!read_field (key_file, path, field, is_required (profile, field), &profile->values[id], error))
          return FALSE;
      }

  return TRUE;
}

static gboolean
read_format (GKeyFile    *key_file,
             const char  *path,
             GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 format;

  text = g_key_file_get_string (key_file, "Profile", "format", &local_error);
  if (is_missing (local_error))
    return corrupt (error, path, "Profile", "format", FAULT_MISSING);
  if (local_error != NULL)
    return corrupt (error, path, "Profile", "format", FAULT_NOT_TEXT);
  if (text[0] == '\0')
    return corrupt (error, path, "Profile", "format", FAULT_EMPTY);

  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &format, NULL))
    return corrupt (error, path, "Profile", "format", FAULT_NOT_FORMAT);

  if (format > BMS_PROFILE_FORMAT)
    {
      g_set_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_NEWER_FORMAT,
                   /* Translators: %s is a file name. */
                   _("The saved account “%s” was written by a newer version of BizMagic Mail Setup. "
                     "Update this program to use it."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static GKeyFile *
read_key_file (const char  *path,
               GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;

  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_CORRUPT,
                   /* Translators: the first %s is a file name, the second what is wrong. */
                   _("The saved account “%s” is damaged: it is not a settings file (%s)."),
                   path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&key_file);
}

/* The values are set on a new account, in the table's order, so that what a
 * profile leaves out is what a new account has, and the account's own rules
 * (the logins following the address, the sender name following the
 * employee name) fill what follows another value; then all of it is taken
 * over by @account at once. */
static void
apply_profile (BmsAccount    *account,
               const Profile *profile)
{
  g_autoptr(BmsAccount) read = bms_account_new ();

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    if (G_IS_VALUE (&profile->values[id]) && id != BMS_FIELD_IMAP_SAME_AS_SMTP)
      g_object_set_property (G_OBJECT (read), bms_field_get (id)->property, &profile->values[id]);

  /* Last: with "same settings" the IMAP login copies the SMTP one. */
  if (G_IS_VALUE (&profile->values[BMS_FIELD_IMAP_SAME_AS_SMTP]))
    g_object_set_property (G_OBJECT (read), "imap-same-as-smtp", &profile->values[BMS_FIELD_IMAP_SAME_AS_SMTP]);

  bms_account_assign (account, read, FALSE);
}

/* The mail test's word on the saved settings. It is not a setting: a
 * profile without it (written before it was kept) or with a word this
 * version does not know reads as unknown rather than as damaged. */
static BmsTestStatus
read_test_status (GKeyFile *key_file)
{
  g_autofree char *text = g_key_file_get_string (key_file, "Status", "mail-test", NULL);
  BmsTestStatus status = BMS_TEST_STATUS_UNKNOWN;

  if (text != NULL)
    bms_test_status_from_key (text, &status);

  return status;
}

/* Fills @account from the profile at @path, and sets its profile-path.
 * Passwords are not touched. On failure the account is unchanged. */
gboolean
bms_profile_load (const char  *path,
                  BmsAccount  *account,
                  GError     **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_auto(Profile) profile = { 0 };
  g_autoptr(BmsCheckStatus) status = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (BMS_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_file = read_key_file (path, error);
  if (key_file == NULL)
    return FALSE;

  if (!read_format (key_file, path, error) ||
      !read_fields (key_file, path, &profile, error))
    return FALSE;

  status = bms_check_status_read (key_file);

  g_object_freeze_notify (G_OBJECT (account));
  apply_profile (account, &profile);
  bms_account_set_check_status (account, status);
  bms_account_set_profile_path (account, path);
  bms_account_set_test_status (account, read_test_status (key_file));
  g_object_thaw_notify (G_OBJECT (account));

  return TRUE;
}

/* Writing */

static gboolean
invalid_account (GError    **error,
                 const char *problem)
{
  g_set_error_literal (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_INVALID_ACCOUNT, problem);
  return FALSE;
}

/* Whether @account makes a valid profile; no I/O. */
gboolean
bms_profile_check_account (BmsAccount  *account,
                           GError     **error)
{
  gboolean imap_needed = bms_account_get_save_sent (account);
  g_autofree char *decoded = NULL;

  if (bms_account_get_email (account)[0] == '\0')
    return invalid_account (error, _("The account cannot be saved without an e-mail address."));
  if (bms_account_get_smtp_user (account)[0] == '\0' ||
      bms_account_get_smtp_host (account)[0] == '\0')
    return invalid_account (error, _("The account cannot be saved without the sending server and its account name."));
  if (imap_needed &&
      (bms_account_get_imap_user (account)[0] == '\0' ||
       bms_account_get_imap_host (account)[0] == '\0' ||
       bms_account_get_sent_folder (account)[0] == '\0'))
    return invalid_account (error, _("The account cannot be saved without the IMAP server, its account name and the folder for sent mail."));

  decoded = bms_mutf7_decode (bms_account_get_sent_folder (account), NULL);
  if (imap_needed && decoded == NULL)
    return invalid_account (error, _("The folder for sent mail is not a folder name as the IMAP server sends it."));

  return TRUE;
}

/* Only the keys of the format; never a password, whatever the account holds.
 * In the table's order, which keeps the groups and keys where earlier
 * versions wrote them. */
static GKeyFile *
key_file_for_account (BmsAccount *account)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  g_key_file_set_comment (key_file, NULL, NULL,
                          " BizMagic Mail Setup: one employee's mail account.\n"
                          " Secrets are kept in the system keyring, never in this file.",
                          NULL);
  g_key_file_set_integer (key_file, "Profile", "format", BMS_PROFILE_FORMAT);

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (field->group == NULL || field->kind == BMS_FIELD_KIND_PASSWORD)
        continue;

      g_object_get_property (G_OBJECT (account), field->property, &value);
      text = bms_field_value_to_text (field, &value);

      /* Text is escaped (a leading space, a line break); the other kinds
       * are written as they are. */
      if (field->kind == BMS_FIELD_KIND_TEXT || field->kind == BMS_FIELD_KIND_FOLDER)
        g_key_file_set_string (key_file, field->group, field->key, text);
      else
        g_key_file_set_value (key_file, field->group, field->key, text);
    }

  bms_check_status_write (bms_account_get_check_status (account), key_file);
  g_key_file_set_string (key_file, "Status", "mail-test",
                         bms_test_status_to_key (bms_account_get_test_status (account)));

  return g_steal_pointer (&key_file);
}

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved_errno;

  /* Directories made here are the owner's alone; an existing one is left
   * as it is, since @path may be anywhere the user chose. */
  if (g_mkdir_with_parents (dir, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: the first %s is a folder name, the second the system's reason. */
               _("Could not create the folder “%s”: %s"),
               dir, g_strerror (saved_errno));
  return FALSE;
}

/* Writes the account to @path: a new file, flushed to disk, then renamed
 * over the old one, so that a full disk or a crash leaves either the old
 * profile or the new one, never half of one. */
gboolean
bms_profile_save (BmsAccount  *account,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (BMS_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bms_profile_check_account (account, error) || !ensure_parent_dir (path, error))
    return FALSE;

  key_file = key_file_for_account (account);
  data = g_key_file_to_data (key_file, &length, NULL);

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;

  bms_account_set_profile_path (account, path);
  return TRUE;
}

/* Replaces the [Status] group of the profile at @path and nothing else,
 * atomically like bms_profile_save(): a check records its result without
 * rewriting settings that may have changed since it read them. The file
 * must be a profile this version can read. */
gboolean
bms_profile_save_status (const char            *path,
                         const BmsCheckStatus  *status,
                         GError               **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_file = read_key_file (path, error);
  if (key_file == NULL || !read_format (key_file, path, error))
    return FALSE;

  bms_check_status_write (status, key_file);
  data = g_key_file_to_data (key_file, &length, NULL);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* Listing */

/* Renames without replacing: link() refuses an existing name, so an
 * earlier broken copy of the same file is never overwritten. A broken
 * profile is kept for the user to look at, never deleted. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  int saved_errno = 0;

  for (guint attempt = 1; attempt < 100; attempt++)
    {
      g_autofree char *target = attempt == 1
        ? g_strdup_printf ("%s.broken-%s", path, stamp)
        : g_strdup_printf ("%s.broken-%s-%u", path, stamp, attempt);

      if (link (path, target) == 0)
        {
          g_unlink (path);
          return g_steal_pointer (&target);
        }

      saved_errno = errno;
      if (saved_errno != EEXIST)
        break;
    }

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: the first %s is a file name, the second the system's reason. */
               _("Could not move the damaged file “%s” aside: %s"),
               path, g_strerror (saved_errno));
  return NULL;
}

/* From the ESC at @p to the last byte of its sequence: CSI ("ESC [" up to
 * a final byte @ to ~), OSC ("ESC ]" up to BEL or "ESC \\"), or ESC and
 * one more character. */
static const char *
skip_escape_sequence (const char *p)
{
  const char *q = p + 1;

  if (*q == '[')
    {
      for (q++; *q != '\0'; q++)
        if (*q >= 0x40 && *q <= 0x7e)
          return q;
      return q - 1;
    }

  if (*q == ']')
    {
      for (q++; *q != '\0'; q++)
        {
          if (*q == '\a')
            return q;
          if (q[0] == 0x1b && q[1] == '\\')
            return q + 1;
        }
      return q - 1;
    }

  return *q != '\0' ? q : p;
}

/**
 * bms_profile_printable_text:
 * @text: (nullable): text read from a file, perhaps damaged
 *
 * @text as it may be shown on a screen or written to a terminal: bytes
 * that are not UTF-8 become "\uFFFD", and control characters (ESC, BEL,
 * line breaks, …), which a terminal would obey and a label would show as
 * boxes, are left out. For every place that shows what a damaged profile
 * holds: the welcome page, and the command line's list of accounts.
 *
 * Returns: (transfer full): the printable text, "" for %NULL
 */
char *
bms_profile_printable_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *printable = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* A terminal's escape sequence goes as a whole, not only its ESC. */
      if (c == 0x1b)
        {
          p = skip_escape_sequence (p);
          continue;
        }

      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        continue;

      g_string_append_unichar (printable, c);
    }

  return g_string_free (printable, FALSE);
}

/* The value of "key=" in the [Account] group of a profile that may not parse
 * as a key file at all: read line by line, the first such line counts. */
static char *
find_account_value (const char *contents,
                    const char *key)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gboolean in_account = FALSE;
  gsize key_length = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);

      if (line[0] == '[')
        in_account = g_str_has_prefix (line, "[Account]");
      else if (in_account && strncmp (line, key, key_length) == 0 &&
               (line[key_length] == '=' || line[key_length] == ' '))
        {
          const char *value = strchr (line, '=');
          g_autofree char *printable = NULL;

          if (value == NULL)
            continue;
          printable = bms_profile_printable_text (value + 1);
          g_strstrip (printable);
          return *printable != '\0' ? g_steal_pointer (&printable) : NULL;
        }
    }

  return NULL;
}

/* Profiles are a few hundred bytes; a file much bigger is not read for a name. */
#define MAX_PROBLEM_FILE_SIZE (64 * 1024)

/* Who the damaged profile was for, so that the notice can name them. */
static void
read_whose_problem (BmsProfileProblem *problem)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (problem->path, &contents, &length, NULL) || length > MAX_PROBLEM_FILE_SIZE)
    return;

  problem->employee_name = find_account_value (contents, "employee-name");
  problem->email = find_account_value (contents, "email");
}

static BmsProfileProblem *
problem_new (const char *path,
             GError     *error)
{
  BmsProfileProblem *problem = g_new0 (BmsProfileProblem, 1);

  problem->path = g_strdup (path);
  problem->error = error;
  read_whose_problem (problem);

  /* The parser quotes the damaged line, and the message is printed by the
   * command line: what a terminal would obey goes. */
  if (error != NULL && error->message != NULL)
    {
      char *printable = bms_profile_printable_text (error->message);

      g_free (error->message);
      error->message = printable;
    }

  /* Only a file that is damaged is moved aside; one that could not be read,
   * or that a newer version wrote, stays where it is. */
  if (g_error_matches (error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_CORRUPT))
    {
      g_autoptr(GError) move_error = NULL;

      problem->kept_as = move_aside (path, &move_error);
      if (problem->kept_as == NULL)
        g_prefix_error (&problem->error, "%s ", move_error->message);
    }

  if (problem->kept_as == NULL)
    problem->kept_as = g_strdup (path);

  return problem;
}

static gboolean
is_profile_name (const char *name)
{
  return g_str_has_suffix (name, ".ini") && name[0] != '.';
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  BmsAccount *account_a = *(BmsAccount **)a;
  BmsAccount *account_b = *(BmsAccount **)b;

  return g_strcmp0 (bms_account_get_profile_path (account_a), bms_account_get_profile_path (account_b));
}

/* The saved accounts in @dir (new BmsAccount objects, their file given by
 * bms_account_get_profile_path()), in file name order. A missing @dir holds no
 * accounts. Files that cannot be read do not stop the others: they are
 * moved aside when damaged and described in @problems_out (BmsProfileProblem).
 * Fails only when @dir itself cannot be read. */
GPtrArray *
bms_profile_list (const char  *dir,
                  GPtrArray  **problems_out,
                  GError     **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bms_profile_problem_free);
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  listing = g_dir_open (dir, 0, &dir_error);
  if (listing == NULL && !g_error_matches (dir_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&dir_error));
      return NULL;
    }

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(BmsAccount) account = NULL;
      GError *load_error = NULL;

      if (!is_profile_name (name) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      account = bms_account_new ();
      if (bms_profile_load (path, account, &load_error))
        g_ptr_array_add (accounts, g_steal_pointer (&account));
      else
        g_ptr_array_add (problems, problem_new (path, load_error));
    }

  g_ptr_array_sort (accounts, compare_paths);

  if (problems_out != NULL)
    *problems_out = g_steal_pointer (&problems);

  return g_steal_pointer (&accounts);
}

/* Deletes the profile at @path; one that is already gone is no error. */
gboolean
bms_profile_remove (const char  *path,
                    GError     **error)
{
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_unlink (path) == 0)
    return TRUE;

  saved_errno = errno;
  if (saved_errno == ENOENT)
    return TRUE;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: the first %s is a file name, the second the system's reason. */
               _("Could not remove the saved account “%s”: %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}
