/* bms-check-status.c: an account's last check, kept with its profile.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-check-status.h"

#define STATUS_GROUP "Status"

G_DEFINE_BOXED_TYPE (BmsCheckStatus, bms_check_status, bms_check_status_copy, bms_check_status_free)

static const char * const kind_words[] = {
  [BMS_CHECK_KIND_LOGIN] = "login-check",
  [BMS_CHECK_KIND_MAIL_TEST] = "mail-test",
};

static const char * const result_words[] = {
  [BMS_CHECK_RESULT_NEVER] = "never",
  [BMS_CHECK_RESULT_PASSED] = "passed",
  [BMS_CHECK_RESULT_FAILED] = "failed",
  [BMS_CHECK_RESULT_SAVED_WITHOUT_TEST] = "saved-without-test",
};

BmsCheckStatus *
bms_check_status_new (GDateTime      *checked,
                      BmsCheckKind    kind,
                      BmsCheckResult  result,
                      const char     *problem)
{
  BmsCheckStatus *status = g_new0 (BmsCheckStatus, 1);

  status->checked = checked != NULL ? g_date_time_ref (checked) : NULL;
  status->kind = kind;
  status->result = result;
  status->problem = g_strdup (problem);

  return status;
}

BmsCheckStatus *
bms_check_status_new_never (void)
{
  return bms_check_status_new (NULL, BMS_CHECK_KIND_LOGIN, BMS_CHECK_RESULT_NEVER, NULL);
}

BmsCheckStatus *
bms_check_status_copy (const BmsCheckStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);

  return bms_check_status_new (status->checked, status->kind, status->result, status->problem);
}

void
bms_check_status_free (BmsCheckStatus *status)
{
  if (status == NULL)
    return;

  g_clear_pointer (&status->checked, g_date_time_unref);
  g_free (status->problem);
  g_free (status);
}

gboolean
bms_check_status_equal (const BmsCheckStatus *a,
                        const BmsCheckStatus *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if ((a->checked == NULL) != (b->checked == NULL))
    return FALSE;
  if (a->checked != NULL && g_date_time_to_unix (a->checked) != g_date_time_to_unix (b->checked))
    return FALSE;

  return a->kind == b->kind && a->result == b->result && g_strcmp0 (a->problem, b->problem) == 0;
}

static gboolean
word_index (const char * const *words,
            guint               n_words,
            const char         *text,
            guint              *index)
{
  for (guint i = 0; text != NULL && i < n_words; i++)
    if (g_str_equal (words[i], text))
      {
        *index = i;
        return TRUE;
      }

  return FALSE;
}

const char *
bms_check_kind_to_string (BmsCheckKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_words), NULL);

  return kind_words[kind];
}

gboolean
bms_check_kind_from_string (const char   *text,
                            BmsCheckKind *kind)
{
  guint index;

  if (!word_index (kind_words, G_N_ELEMENTS (kind_words), text, &index))
    return FALSE;

  *kind = index;
  return TRUE;
}

const char *
bms_check_result_to_string (BmsCheckResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (result_words), NULL);

  return result_words[result];
}

gboolean
bms_check_result_from_string (const char     *text,
                              BmsCheckResult *result)
{
  guint index;

  if (!word_index (result_words, G_N_ELEMENTS (result_words), text, &index))
    return FALSE;

  *result = index;
  return TRUE;
}

/* A problem's name is a word of lower-case letters, digits and dashes;
 * anything else in the file is not one the program wrote. */
static gboolean
is_problem_name (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

BmsCheckStatus *
bms_check_status_read (GKeyFile *key_file)
{
  g_autofree char *checked_text = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *result_text = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GDateTime) checked = NULL;
  BmsCheckKind kind;
  BmsCheckResult result;

  g_return_val_if_fail (key_file != NULL, NULL);

  result_text = g_key_file_get_string (key_file, STATUS_GROUP, "result", NULL);
  if (!bms_check_result_from_string (result_text, &result) || result == BMS_CHECK_RESULT_NEVER)
    return bms_check_status_new_never ();

  checked_text = g_key_file_get_string (key_file, STATUS_GROUP, "checked", NULL);
  checked = checked_text != NULL ? g_date_time_new_from_iso8601 (checked_text, NULL) : NULL;
  kind_text = g_key_file_get_string (key_file, STATUS_GROUP, "kind", NULL);
  if (checked == NULL || !bms_check_kind_from_string (kind_text, &kind))
    return bms_check_status_new_never ();

  problem = g_key_file_get_string (key_file, STATUS_GROUP, "problem", NULL);
  if (!is_problem_name (problem))
    g_clear_pointer (&problem, g_free);

  return bms_check_status_new (checked, kind, result, result == BMS_CHECK_RESULT_FAILED ? problem : NULL);
}

/* Replaces the [Status] group; a never-checked account has none, which is
 * also how every profile of the first version reads. */
static const char *const status_keys[] = { "checked", "kind", "result", "problem" };

static void
remove_group_if_empty (GKeyFile *key_file)
{
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, STATUS_GROUP, NULL, NULL);

  if (keys != NULL && keys[0] == NULL)
    g_key_file_remove_group (key_file, STATUS_GROUP, NULL);
}

void
bms_check_status_write (const BmsCheckStatus *status,
                        GKeyFile             *key_file)
{
  g_autofree char *checked = NULL;

  g_return_if_fail (status != NULL);
  g_return_if_fail (key_file != NULL);

  /* Only this record's keys: the group also holds the mail test's word on
   * the saved settings (bms-profile.c), which a check does not change. */
  for (guint i = 0; i < G_N_ELEMENTS (status_keys); i++)
    g_key_file_remove_key (key_file, STATUS_GROUP, status_keys[i], NULL);
  if (status->result == BMS_CHECK_RESULT_NEVER || status->checked == NULL)
    {
      remove_group_if_empty (key_file);
      return;
    }

  checked = g_date_time_format_iso8601 (status->checked);
  g_key_file_set_value (key_file, STATUS_GROUP, "checked", checked);
  g_key_file_set_value (key_file, STATUS_GROUP, "kind", bms_check_kind_to_string (status->kind));
  g_key_file_set_value (key_file, STATUS_GROUP, "result", bms_check_result_to_string (status->result));
  if (status->problem != NULL)
    g_key_file_set_value (key_file, STATUS_GROUP, "problem", status->problem);
}
