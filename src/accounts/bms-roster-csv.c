/* bms-roster-csv.c: employees in and the roster out, as CSV.
 *
 * An office keeps its employees in Excel. Excel in Japan saves "CSV" in
 * Shift_JIS (Windows' CP932) and "CSV UTF-8" with a byte order mark, and
 * opens a UTF-8 file as UTF-8 only when it starts with that mark: so the
 * import takes all of these, and the export writes UTF-8 with a BOM and
 * CRLF line ends.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-account.h"
#include "bms-profile.h"
#include "bms-roster-csv.h"
#include "bms-validate.h"

#define UTF8_BOM "\xEF\xBB\xBF"

G_DEFINE_QUARK (bms-roster-csv-error-quark, bms_roster_csv_error)

void
bms_roster_csv_problem_free (BmsRosterCsvProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->message);
  g_free (problem);
}

void
bms_roster_csv_employee_free (BmsRosterCsvEmployee *employee)
{
  if (employee == NULL)
    return;

  g_free (employee->name);
  g_free (employee->email);
  g_free (employee);
}

char *
bms_roster_csv_decode (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);

  text = g_convert (data, length, "UTF-8", "CP932", NULL, NULL, &local_error);
  if (text == NULL)
    g_set_error_literal (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_ENCODING,
                         _("The file is neither UTF-8 nor Shift_JIS text. Save it from Excel as “CSV UTF-8” or as “CSV”."));
  return text;
}

/* Splitting */

static void
end_field (GPtrArray *row,
           GString   *field)
{
  g_ptr_array_add (row, g_strdup (field->str));
  g_string_truncate (field, 0);
}

/* Each row is a NULL-terminated array of fields (GStrv). */
GPtrArray *
bms_roster_csv_split (const char  *text,
                      GArray     **lines)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) row_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean row_has_text = FALSE;
  guint line = 1;
  guint row_line = 1;

  g_return_val_if_fail (text != NULL, NULL);

  row = g_ptr_array_new ();
  for (const char *p = text; ; p++)
    {
      char c = *p;

      if (quoted && c != '\0')
        {
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              if (!(c == '\r' && p[1] == '\n'))
                g_string_append_c (field, c);
            }
          continue;
        }

      if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          row_has_text = TRUE;
        }
      else if (c == ',')
        {
          end_field (row, field);
          row_has_text = TRUE;
        }
      else if (c == '\r' && p[1] == '\n')
        continue;
      else if (c == '\n' || c == '\r' || c == '\0')
        {
          /* A blank line is no row; the lines are still counted. */
          if (row_has_text || field->len > 0)
            {
              end_field (row, field);
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&row), FALSE));
              g_array_append_val (row_lines, row_line);
              row = g_ptr_array_new ();
            }
          else
            g_ptr_array_set_size (row, 0);
          row_has_text = FALSE;
          if (c == '\0')
            break;
          line++;
          row_line = line;
        }
      else
        {
          g_string_append_c (field, c);
          row_has_text = TRUE;
        }
    }

  g_ptr_array_free (g_steal_pointer (&row), TRUE);

  if (lines != NULL)
    *lines = g_steal_pointer (&row_lines);
  return g_steal_pointer (&rows);
}

/* Parsing */

static gboolean
is_name_heading (const char *text)
{
  return g_str_equal (text, "社員名") || g_str_equal (text, "氏名") || g_str_equal (text, "名前") ||
         g_ascii_strcasecmp (text, "name") == 0;
}

static gboolean
is_email_heading (const char *text)
{
  return g_str_equal (text, "メールアドレス") || g_ascii_strcasecmp (text, "e-mail") == 0 ||
         g_ascii_strcasecmp (text, "email") == 0 || g_ascii_strcasecmp (text, "e-mail address") == 0;
}

static char *
cell (char       **row,
      guint        column)
{
  if (g_strv_length (row) <= column)
    return NULL;

  return g_strstrip (g_strdup (row[column]));
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *message)
{
  BmsRosterCsvProblem *problem = g_new0 (BmsRosterCsvProblem, 1);

  problem->line = line;
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

/* What is wrong with one row, or NULL. */
static char *
row_fault (const char *name,
           const char *email,
           GHashTable *seen,
           GHashTable *taken)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (name == NULL || name[0] == '\0')
    return g_strdup (_("The employee name is missing."));
  if (!bms_validate_single_line (name, NULL))
    return g_strdup (_("The employee name must be on one line."));
  if (email == NULL || email[0] == '\0')
    return g_strdup (_("The e-mail address is missing."));
  if (!bms_validate_email_address (email, &error))
    /* Translators: %s is the address, then why it is not one. */
    return g_strdup_printf (_("“%s” is not an e-mail address: %s"), email, error->message);

  key = g_ascii_strdown (email, -1);
  if (taken != NULL && g_hash_table_contains (taken, key))
    /* Translators: %s is an e-mail address. */
    return g_strdup_printf (_("An account for %s is saved already."), email);
  if (g_hash_table_contains (seen, key))
    /* Translators: %s is an e-mail address. */
    return g_strdup_printf (_("%s is in the file more than once."), email);

  g_hash_table_add (seen, g_steal_pointer (&key));
  return NULL;
}

GPtrArray *
bms_roster_csv_parse (const char  *text,
                      GHashTable  *taken,
                      GPtrArray  **problems_out,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) employees = g_ptr_array_new_with_free_func ((GDestroyNotify) bms_roster_csv_employee_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bms_roster_csv_problem_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint name_column = 0;
  guint email_column = 1;
  guint first = 0;

  g_return_val_if_fail (text != NULL, NULL);

  rows = bms_roster_csv_split (text, &lines);

  if (rows->len > 0)
    {
      char **heading = g_ptr_array_index (rows, 0);
      g_autofree char *a = cell (heading, 0);
      g_autofree char *b = cell (heading, 1);

      if (a != NULL && b != NULL && is_name_heading (a) && is_email_heading (b))
        first = 1;
      else if (a != NULL && b != NULL && is_email_heading (a) && is_name_heading (b))
        {
          first = 1;
          name_column = 1;
          email_column = 0;
        }
    }

  for (guint i = first; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      guint line = g_array_index (lines, guint, i);
      g_autofree char *name = cell (row, name_column);
      g_autofree char *email = cell (row, email_column);
      g_autofree char *fault = row_fault (name, email, seen, taken);
      BmsRosterCsvEmployee *employee;

      if (fault != NULL)
        {
          add_problem (problems, line, fault);
          continue;
        }

      employee = g_new0 (BmsRosterCsvEmployee, 1);
      employee->line = line;
      employee->name = g_steal_pointer (&name);
      employee->email = g_steal_pointer (&email);
      g_ptr_array_add (employees, employee);
    }

  if (problems->len > 0)
    {
      g_set_error (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_BAD_ROWS,
                   /* Translators: %u is a number of rows. */
                   g_dngettext (GETTEXT_PACKAGE, "%u row is not valid; nothing was imported.",
                                "%u rows are not valid; nothing was imported.", problems->len),
                   problems->len);
      if (problems_out != NULL)
        *problems_out = g_steal_pointer (&problems);
      return NULL;
    }

  if (employees->len == 0)
    {
      g_set_error_literal (error, BMS_ROSTER_CSV_ERROR, BMS_ROSTER_CSV_ERROR_EMPTY,
                           _("The file lists no employees: each row needs the employee name and the e-mail address."));
      return NULL;
    }

  return g_steal_pointer (&employees);
}

/* Importing */

typedef struct {
  char      *dir;
  GFile     *file;
  GPtrArray *problems;
} Import;

static void
import_free (Import *import)
{
  g_free (import->dir);
  g_clear_object (&import->file);
  g_clear_pointer (&import->problems, g_ptr_array_unref);
  g_free (import);
}

/* The addresses that have a profile here already. */
static GHashTable *
taken_addresses (const char *dir,
                 GPtrArray  *employees)
{
  GHashTable *taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < employees->len; i++)
    {
      BmsRosterCsvEmployee *employee = g_ptr_array_index (employees, i);
      g_autofree char *path = bms_profile_path_for_email (dir, employee->email);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_hash_table_add (taken, g_ascii_strdown (employee->email, -1));
    }

  return taken;
}

static gboolean
save_all (const char  *dir,
          GPtrArray   *employees,
          GError     **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < employees->len; i++)
    {
      BmsRosterCsvEmployee *employee = g_ptr_array_index (employees, i);
      g_autoptr(BmsAccount) account = bms_account_new ();
      g_autofree char *path = bms_profile_path_for_email (dir, employee->email);

      /* The logins and the sender name follow the address and the name;
       * the servers are Gmail's defaults. */
      g_object_set (account, "employee-name", employee->name, "email", employee->email, NULL);
      bms_account_set_test_status (account, BMS_TEST_STATUS_NOT_SET_UP);

      if (!bms_profile_save (account, path, error))
        {
          for (guint j = 0; j < written->len; j++)
            bms_profile_remove (g_ptr_array_index (written, j), NULL);
          return FALSE;
        }
      g_ptr_array_add (written, g_steal_pointer (&path));
    }

  return TRUE;
}

static void
import_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Import *import = task_data;
  g_autoptr(GPtrArray) employees = NULL;
  g_autoptr(GPtrArray) first_pass = NULL;
  g_autoptr(GHashTable) taken = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;
  gsize length;

  if (!g_file_load_contents (import->file, cancellable, &data, &length, NULL, &error) ||
      (text = bms_roster_csv_decode (data, length, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Twice: first for the rows themselves, then against the accounts saved
   * here, which needs the addresses. */
  first_pass = bms_roster_csv_parse (text, NULL, &import->problems, &error);
  if (first_pass == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  taken = taken_addresses (import->dir, first_pass);
  employees = bms_roster_csv_parse (text, taken, &import->problems, &error);
  if (employees == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!save_all (import->dir, employees, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, employees->len);
}

void
bms_roster_csv_import_async (BmsAccountStore     *store,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Import *import;

  g_return_if_fail (BMS_IS_ACCOUNT_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  import = g_new0 (Import, 1);
  import->dir = g_strdup (bms_account_store_get_dir (store));
  import->file = g_object_ref (file);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_roster_csv_import_async);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  g_task_run_in_thread (task, import_in_thread);
}

gssize
bms_roster_csv_import_finish (BmsAccountStore  *store,
                              GAsyncResult     *result,
                              GPtrArray       **problems,
                              GError          **error)
{
  Import *import;

  g_return_val_if_fail (g_task_is_valid (result, store), -1);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_roster_csv_import_async), -1);

  import = g_task_get_task_data (G_TASK (result));
  if (problems != NULL && import->problems != NULL)
    *problems = g_ptr_array_ref (import->problems);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Exporting */

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (text == NULL)
    text = "";

  /* Quoted when it must be, and also when it starts like a formula, which
   * Excel would otherwise run. */
  gboolean formula = text[0] != '\0' && strchr ("=+-@", text[0]) != NULL;

  if (formula || strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
}

/* @fields: @n_fields texts, NULL for an empty field. */
static void
append_row (GString            *out,
            const char * const *fields,
            guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

/* The headings are the same in every language: the import reads them
 * back, and the columns are what the manual's form calls the fields. */
GBytes *
bms_roster_csv_export (GPtrArray *accounts)
{
  static const char * const heading[] = {
    "社員名", "メールアドレス", "最終確認日時", "確認の種類", "結果", "問題",
  };
  GString *out = g_string_new (UTF8_BOM);

  g_return_val_if_fail (accounts != NULL, NULL);

  append_row (out, heading, G_N_ELEMENTS (heading));
  for (guint i = 0; i < accounts->len; i++)
    {
      BmsAccount *account = g_ptr_array_index (accounts, i);
      const BmsCheckStatus *status = bms_account_get_check_status (account);
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *time = NULL;
      const char *fields[G_N_ELEMENTS (heading)];

      if (status->checked != NULL)
        {
          /* The form Excel reads as a date and time. */
          local = g_date_time_to_local (status->checked);
          time = g_date_time_format (local, "%Y/%m/%d %H:%M:%S");
        }

      fields[0] = bms_account_get_employee_name (account);
      fields[1] = bms_account_get_email (account);
      fields[2] = time;
      fields[3] = status->result == BMS_CHECK_RESULT_NEVER ? NULL : bms_check_kind_to_string (status->kind);
      fields[4] = bms_check_result_to_string (status->result);
      fields[5] = status->problem;
      append_row (out, fields, G_N_ELEMENTS (fields));
    }

  return g_string_free_to_bytes (out);
}

typedef struct {
  char  *dir;
  GFile *file;
} Export;

static void
export_free (Export *export)
{
  g_free (export->dir);
  g_clear_object (&export->file);
  g_free (export);
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GBytes) csv = NULL;
  GError *error = NULL;

  accounts = bms_profile_list (export->dir, NULL, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  csv = bms_roster_csv_export (accounts);
  /* Replaced whole, never left half written. */
  if (!g_file_replace_contents (export->file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, accounts->len);
}

void
bms_roster_csv_export_async (BmsAccountStore     *store,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  g_return_if_fail (BMS_IS_ACCOUNT_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  export = g_new0 (Export, 1);
  export->dir = g_strdup (bms_account_store_get_dir (store));
  export->file = g_object_ref (file);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_roster_csv_export_async);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_in_thread);
}

gssize
bms_roster_csv_export_finish (BmsAccountStore  *store,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), -1);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_roster_csv_export_async), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
