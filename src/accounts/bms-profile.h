/* bms-profile.h: an employee's account settings on disk, without passwords.
 *
 * One key file per employee address, under
 * $XDG_CONFIG_HOME/bizmagic-mail-setup/accounts/<id>.ini, readable by the
 * owner only (file 0600, directory 0700) and replaced atomically. The same
 * format is the PROFILE of the command line (`--test PROFILE`). Passwords
 * are never part of it: they live in the keyring (bms-keyring.h).
 *
 *   [Profile]
 *   format=1
 *
 *   [Account]
 *   employee-name=山田 太郎          optional, default empty
 *   email=taro@example.co.jp         required
 *   sender-name=山田 太郎            optional, default the employee name
 *   bcc-self=false                   optional, default false
 *   notify-employee=false            optional, default false
 *
 *   [SMTP]
 *   user=taro@example.co.jp          required
 *   host=smtp.gmail.com              required
 *   port=587                         required, 1-65535
 *   security=starttls                required: none, ssl-tls or starttls
 *
 *   [IMAP]
 *   save-sent=true                   required
 *   same-as-smtp=false               optional, default false
 *   user=taro@example.co.jp          required when saving, unless same-as-smtp
 *   host=imap.gmail.com              required when saving
 *   port=993                         required when saving
 *   security=ssl-tls                 required when saving
 *   sent-folder=[Gmail]/&kAFP4W4IMH8w4TD8MOs-
 *                                    required when saving; the name exactly
 *                                    as the server sends it (modified UTF-7)
 *
 *   [Status]
 *   mail-test=passed                 optional: passed, not-passed (saved on
 *                                    purpose without a passed test) or
 *                                    unknown; anything else reads as unknown
 *
 * docs/profile-format.md describes the same for people.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bms-account.h"

G_BEGIN_DECLS

#define BMS_PROFILE_FORMAT 1

#define BMS_PROFILE_ERROR (bms_profile_error_quark ())
GQuark bms_profile_error_quark (void);

/**
 * BmsProfileError:
 * @BMS_PROFILE_ERROR_CORRUPT: the file is not a profile, or a key is missing
 *   or has a value that is not allowed; the message names the file and key
 * @BMS_PROFILE_ERROR_NEWER_FORMAT: written by a newer version of the program;
 *   left where it is
 * @BMS_PROFILE_ERROR_INVALID_ACCOUNT: the account lacks a value that a
 *   profile must have, or has one that a profile cannot hold; nothing was
 *   written
 *
 * Reading and writing the file itself fails with G_FILE_ERROR.
 */
typedef enum {
  BMS_PROFILE_ERROR_CORRUPT,
  BMS_PROFILE_ERROR_NEWER_FORMAT,
  BMS_PROFILE_ERROR_INVALID_ACCOUNT,
} BmsProfileError;

/**
 * BmsProfileProblem:
 * @path: where the profile was found
 * @kept_as: where the file is now: `<path>.broken-<time>` after it was moved
 *   aside, or @path when it was left in place (a file that could not be
 *   read, or that a newer version wrote): bms_profile_problem_was_moved()
 *   tells the two apart
 * @error: why it could not be read
 * @employee_name: (nullable): the employee's name, as far as it could be
 *   read from the file, without control characters
 * @email: (nullable): the employee's address, likewise
 */
typedef struct {
  char   *path;
  char   *kept_as;
  GError *error;
  char   *employee_name;
  char   *email;
} BmsProfileProblem;

void         bms_profile_problem_free  (BmsProfileProblem  *problem);
gboolean     bms_profile_problem_was_moved (const BmsProfileProblem *problem);

char        *bms_profile_printable_text (const char        *text);

char        *bms_profile_id_for_email  (const char         *email);
char        *bms_profile_default_dir   (void);
char        *bms_profile_path_for_email (const char        *dir,
                                         const char        *email);

gboolean     bms_profile_load          (const char         *path,
                                        BmsAccount         *account,
                                        GError            **error);
gboolean     bms_profile_check_account (BmsAccount      *account,
                                        GError         **error);
gboolean     bms_profile_save          (BmsAccount         *account,
                                        const char         *path,
                                        GError            **error);
gboolean     bms_profile_save_status   (const char         *path,
                                        const BmsCheckStatus *status,
                                        GError            **error);
GPtrArray   *bms_profile_list          (const char         *dir,
                                        GPtrArray         **problems_out,
                                        GError            **error);
gboolean     bms_profile_remove        (const char         *path,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsProfileProblem, bms_profile_problem_free)

G_END_DECLS
