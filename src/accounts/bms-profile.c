/* bms-profile.c: an employee's account settings on disk, without passwords.
 *
 * Reading is strict: a profile that is missing a key or holds a value the
 * program would have to guess at is refused with a message that names the
 * file and the key, instead of being half-loaded. A profile the program
 * wrote can always be read back, because saving refuses an account that
 * would not make a valid profile.
 *
 * These are a few hundred bytes in the user's own configuration directory,
 * read once at start and written when the wizard finishes, so the calls are
 * synchronous; an _async pair on a thread would add nothing measurable.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bms-mutf7.h"
#include "bms-profile.h"

#define PATH_KEY "bms-profile-path"
#define ID_MAX_LENGTH 200

G_DEFINE_QUARK (bms-profile-error-quark, bms_profile_error)

/* Everything a profile holds, parsed and checked before any of it reaches
 * the account, so that a refused file leaves the account as it was. */
typedef struct {
  char        *employee_name;
  char        *email;
  char        *sender_name;
  gboolean     bcc_self;
  gboolean     notify_employee;
  char        *smtp_user;
  char        *smtp_host;
  guint        smtp_port;
  BmsSecurity  smtp_security;
  gboolean     save_sent;
  gboolean     imap_same_as_smtp;
  char        *imap_user;
  char        *imap_host;
  guint        imap_port;
  BmsSecurity  imap_security;
  char        *sent_folder;
} Profile;

static void
profile_clear (Profile *profile)
{
  g_free (profile->employee_name);
  g_free (profile->email);
  g_free (profile->sender_name);
  g_free (profile->smtp_user);
  g_free (profile->smtp_host);
  g_free (profile->imap_user);
  g_free (profile->imap_host);
  g_free (profile->sent_folder);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Profile, profile_clear)

void
bms_profile_problem_free (BmsProfileProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->kept_as);
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

/* The file an account was last loaded from or saved to, or NULL. */
const char *
bms_profile_get_path (BmsAccount *account)
{
  g_return_val_if_fail (BMS_IS_ACCOUNT (account), NULL);

  return g_object_get_data (G_OBJECT (account), PATH_KEY);
}

static void
set_path (BmsAccount *account,
          const char *path)
{
  g_object_set_data_full (G_OBJECT (account), PATH_KEY, g_strdup (path), g_free);
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

/* Reads a text value; a missing optional key leaves *out at NULL. */
static gboolean
read_text (GKeyFile    *key_file,
           const char  *path,
           const char  *group,
           const char  *key,
           gboolean     required,
           char       **out,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (key_file, group, key, &local_error);

  if (is_missing (local_error) && !required)
    return TRUE;
  if (is_missing (local_error))
    return corrupt (error, path, group, key, FAULT_MISSING);
  if (local_error != NULL)
    return corrupt (error, path, group, key, FAULT_NOT_TEXT);
  if (required && value[0] == '\0')
    return corrupt (error, path, group, key, FAULT_EMPTY);

  *out = g_steal_pointer (&value);
  return TRUE;
}

/* Reads true or false; a missing optional key leaves *out alone. */
static gboolean
read_flag (GKeyFile    *key_file,
           const char  *path,
           const char  *group,
           const char  *key,
           gboolean     required,
           gboolean    *out,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean value = g_key_file_get_boolean (key_file, group, key, &local_error);

  if (is_missing (local_error) && !required)
    return TRUE;
  if (is_missing (local_error))
    return corrupt (error, path, group, key, FAULT_MISSING);
  if (local_error != NULL)
    return corrupt (error, path, group, key, FAULT_NOT_FLAG);

  *out = value;
  return TRUE;
}

static gboolean
read_port (GKeyFile    *key_file,
           const char  *path,
           const char  *group,
           gboolean     required,
           guint       *out,
           GError     **error)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!read_text (key_file, path, group, "port", required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  /* Strict: "587" only; not "+587", " 587", "0x24b" or "587abc". */
  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    return corrupt (error, path, group, "port", FAULT_NOT_PORT);

  *out = (guint) value;
  return TRUE;
}

static gboolean
read_security (GKeyFile     *key_file,
               const char   *path,
               const char   *group,
               gboolean      required,
               BmsSecurity  *out,
               GError      **error)
{
  g_autofree char *text = NULL;

  if (!read_text (key_file, path, group, "security", required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!bms_security_from_string (text, out))
    return corrupt (error, path, group, "security", FAULT_NOT_SECURITY);

  return TRUE;
}

static gboolean
read_format (GKeyFile    *key_file,
             const char  *path,
             GError     **error)
{
  g_autofree char *text = NULL;
  guint64 format;

  if (!read_text (key_file, path, "Profile", "format", TRUE, &text, error))
    return FALSE;

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

static gboolean
read_account_group (GKeyFile    *key_file,
                    const char  *path,
                    Profile     *profile,
                    GError     **error)
{
  return read_text (key_file, path, "Account", "email", TRUE, &profile->email, error) &&
         read_text (key_file, path, "Account", "employee-name", FALSE, &profile->employee_name, error) &&
         read_text (key_file, path, "Account", "sender-name", FALSE, &profile->sender_name, error) &&
         read_flag (key_file, path, "Account", "bcc-self", FALSE, &profile->bcc_self, error) &&
         read_flag (key_file, path, "Account", "notify-employee", FALSE, &profile->notify_employee, error);
}

static gboolean
read_smtp_group (GKeyFile    *key_file,
                 const char  *path,
                 Profile     *profile,
                 GError     **error)
{
  return read_text (key_file, path, "SMTP", "user", TRUE, &profile->smtp_user, error) &&
         read_text (key_file, path, "SMTP", "host", TRUE, &profile->smtp_host, error) &&
         read_port (key_file, path, "SMTP", TRUE, &profile->smtp_port, error) &&
         read_security (key_file, path, "SMTP", TRUE, &profile->smtp_security, error);
}

static gboolean
check_sent_folder (const char  *path,
                   const char  *folder,
                   GError     **error)
{
  g_autofree char *decoded = NULL;

  if (folder == NULL)
    return TRUE;

  decoded = bms_mutf7_decode (folder, NULL);
  if (decoded == NULL)
    return corrupt (error, path, "IMAP", "sent-folder", FAULT_NOT_FOLDER);

  return TRUE;
}

/* The IMAP values matter only when sent mail is saved; when it is not,
 * they may be left out, but what is there must still be valid. */
static gboolean
read_imap_group (GKeyFile    *key_file,
                 const char  *path,
                 Profile     *profile,
                 GError     **error)
{
  gboolean needed;

  if (!read_flag (key_file, path, "IMAP", "save-sent", TRUE, &profile->save_sent, error) ||
      !read_flag (key_file, path, "IMAP", "same-as-smtp", FALSE, &profile->imap_same_as_smtp, error))
    return FALSE;

  needed = profile->save_sent;

  return read_text (key_file, path, "IMAP", "user", needed && !profile->imap_same_as_smtp,
                    &profile->imap_user, error) &&
         read_text (key_file, path, "IMAP", "host", needed, &profile->imap_host, error) &&
         read_port (key_file, path, "IMAP", needed, &profile->imap_port, error) &&
         read_security (key_file, path, "IMAP", needed, &profile->imap_security, error) &&
         read_text (key_file, path, "IMAP", "sent-folder", needed, &profile->sent_folder, error) &&
         check_sent_folder (path, profile->sent_folder, error);
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

/* The account's own rules (logins following the address, the IMAP login
 * copying the SMTP one) apply while the values are set, so the order
 * matters: addresses and names first, the switches that copy last. */
static void
apply_profile (BmsAccount    *account,
               const Profile *profile)
{
  g_object_freeze_notify (G_OBJECT (account));

  g_object_set (account, "imap-same-as-smtp", FALSE, NULL);
  g_object_set (account,
                "email", profile->email,
                "employee-name", profile->employee_name != NULL ? profile->employee_name : "",
                "smtp-user", profile->smtp_user,
                "smtp-host", profile->smtp_host,
                "smtp-port", profile->smtp_port,
                "smtp-security", profile->smtp_security,
                "save-sent", profile->save_sent,
                "bcc-self", profile->bcc_self,
                "notify-employee", profile->notify_employee,
                "imap-port", profile->imap_port,
                "imap-security", profile->imap_security,
                NULL);

  if (profile->sender_name != NULL)
    g_object_set (account, "sender-name", profile->sender_name, NULL);
  if (profile->imap_user != NULL)
    g_object_set (account, "imap-user", profile->imap_user, NULL);
  if (profile->imap_host != NULL)
    g_object_set (account, "imap-host", profile->imap_host, NULL);
  if (profile->sent_folder != NULL)
    g_object_set (account, "sent-folder", profile->sent_folder, NULL);

  g_object_set (account, "imap-same-as-smtp", profile->imap_same_as_smtp, NULL);

  g_object_thaw_notify (G_OBJECT (account));
}

/* Fills @account from the profile at @path. Passwords are not touched. On
 * failure the account is unchanged. */
gboolean
bms_profile_load (const char  *path,
                  BmsAccount  *account,
                  GError     **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_auto(Profile) profile = { 0 };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (BMS_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* What a missing optional key means is what a new account has. */
  profile.imap_port = bms_account_get_imap_port (account);
  profile.imap_security = bms_account_get_imap_security (account);

  key_file = read_key_file (path, error);
  if (key_file == NULL)
    return FALSE;

  if (!read_format (key_file, path, error) ||
      !read_account_group (key_file, path, &profile, error) ||
      !read_smtp_group (key_file, path, &profile, error) ||
      !read_imap_group (key_file, path, &profile, error))
    return FALSE;

  apply_profile (account, &profile);
  set_path (account, path);

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

static gboolean
check_account (BmsAccount  *account,
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

/* Only the keys of the format; never a password, whatever the account holds. */
static GKeyFile *
key_file_for_account (BmsAccount *account)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  g_key_file_set_comment (key_file, NULL, NULL,
                          " BizMagic Mail Setup: one employee's mail account.\n"
                          " Secrets are kept in the system keyring, never in this file.",
                          NULL);
  g_key_file_set_integer (key_file, "Profile", "format", BMS_PROFILE_FORMAT);

  g_key_file_set_string (key_file, "Account", "employee-name", bms_account_get_employee_name (account));
  g_key_file_set_string (key_file, "Account", "email", bms_account_get_email (account));
  g_key_file_set_string (key_file, "Account", "sender-name", bms_account_get_sender_name (account));
  g_key_file_set_boolean (key_file, "Account", "bcc-self", bms_account_get_bcc_self (account));
  g_key_file_set_boolean (key_file, "Account", "notify-employee", bms_account_get_notify_employee (account));

  g_key_file_set_string (key_file, "SMTP", "user", bms_account_get_smtp_user (account));
  g_key_file_set_string (key_file, "SMTP", "host", bms_account_get_smtp_host (account));
  g_key_file_set_integer (key_file, "SMTP", "port", bms_account_get_smtp_port (account));
  g_key_file_set_string (key_file, "SMTP", "security",
                         bms_security_to_string (bms_account_get_smtp_security (account)));

  g_key_file_set_boolean (key_file, "IMAP", "save-sent", bms_account_get_save_sent (account));
  g_key_file_set_boolean (key_file, "IMAP", "same-as-smtp", bms_account_get_imap_same_as_smtp (account));
  g_key_file_set_string (key_file, "IMAP", "user", bms_account_get_imap_user (account));
  g_key_file_set_string (key_file, "IMAP", "host", bms_account_get_imap_host (account));
  g_key_file_set_integer (key_file, "IMAP", "port", bms_account_get_imap_port (account));
  g_key_file_set_string (key_file, "IMAP", "security",
                         bms_security_to_string (bms_account_get_imap_security (account)));
  g_key_file_set_string (key_file, "IMAP", "sent-folder", bms_account_get_sent_folder (account));

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

  if (!check_account (account, error) || !ensure_parent_dir (path, error))
    return FALSE;

  key_file = key_file_for_account (account);
  data = g_key_file_to_data (key_file, &length, NULL);

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;

  set_path (account, path);
  return TRUE;
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

static BmsProfileProblem *
problem_new (const char *path,
             GError     *error)
{
  BmsProfileProblem *problem = g_new0 (BmsProfileProblem, 1);

  problem->path = g_strdup (path);
  problem->error = error;

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

  return g_strcmp0 (bms_profile_get_path (account_a), bms_profile_get_path (account_b));
}

/* The saved accounts in @dir (new BmsAccount objects, their file given by
 * bms_profile_get_path()), in file name order. A missing @dir holds no
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
