/* test-fields.c: the table of BizMagic's fields, the account and the form agree.
 *
 * The form keeps its rows in ui/bms-form-page.ui; this test reads that
 * template and fails when a field of the table has no row there, or a row
 * has another label, hint or kind of widget than the table says, or the
 * template has a field the table does not know. No GTK: the template is
 * read as XML.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-account.h"
#include "bms-fields.h"

/* One <object> of the template: its class, id and label. */
typedef struct {
  char *class_name;
  char *id;
  char *label;
} UiObject;

static void
ui_object_free (UiObject *object)
{
  g_free (object->class_name);
  g_free (object->id);
  g_free (object->label);
  g_free (object);
}

typedef struct {
  GHashTable *by_id;        /* id → UiObject */
  GPtrArray  *open;         /* the objects being read, innermost last */
  gboolean    in_label;
  GString    *text;
} Reader;

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Reader *reader = user_data;

  if (g_str_equal (element, "object"))
    {
      UiObject *object = g_new0 (UiObject, 1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "class"))
            object->class_name = g_strdup (values[i]);
          else if (g_str_equal (names[i], "id"))
            object->id = g_strdup (values[i]);
        }
      g_ptr_array_add (reader->open, object);
      return;
    }

  if (g_str_equal (element, "property") && reader->open->len > 0)
    for (guint i = 0; names[i] != NULL; i++)
      if (g_str_equal (names[i], "name") && g_str_equal (values[i], "label"))
        {
          reader->in_label = TRUE;
          g_string_truncate (reader->text, 0);
        }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Reader *reader = user_data;

  if (g_str_equal (element, "property") && reader->in_label)
    {
      UiObject *object = g_ptr_array_index (reader->open, reader->open->len - 1);

      g_free (object->label);
      object->label = g_strdup (reader->text->str);
      reader->in_label = FALSE;
    }
  else if (g_str_equal (element, "object"))
    {
      UiObject *object = g_ptr_array_steal_index (reader->open, reader->open->len - 1);

      if (object->id != NULL)
        g_hash_table_replace (reader->by_id, object->id, object);
      else
        ui_object_free (object);
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Reader *reader = user_data;

  if (reader->in_label)
    g_string_append_len (reader->text, text, length);
}

static GHashTable *
read_form_template (void)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autofree char *path = g_build_filename (BMS_TEST_SOURCE_ROOT, "ui", "bms-form-page.ui", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) ui_object_free);
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ui_object_free);
  Reader reader = { by_id, open, FALSE, text };

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  context = g_markup_parse_context_new (&parser, 0, &reader, NULL);
  g_markup_parse_context_parse (context, contents, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  return by_id;
}

/* The row of a field is the one whose heading is the field's label. */
static char *
row_prefix_for_label (GHashTable *by_id,
                      const char *label)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      UiObject *object = value;

      if (g_str_has_suffix (object->id, "_label") && g_strcmp0 (object->label, label) == 0)
        return g_strndup (object->id, strlen (object->id) - strlen ("_label"));
    }

  return NULL;
}

static const char *
control_suffix (BmsFieldKind kind)
{
  if (kind == BMS_FIELD_KIND_FLAG)
    return "_check";
  if (kind == BMS_FIELD_KIND_SECURITY)
    return "_dropdown";
  return "_entry";
}

static const char *
control_class (BmsFieldKind kind)
{
  if (kind == BMS_FIELD_KIND_FLAG)
    return "GtkCheckButton";
  if (kind == BMS_FIELD_KIND_SECURITY)
    return "GtkDropDown";
  if (kind == BMS_FIELD_KIND_PASSWORD)
    return "GtkPasswordEntry";
  return "GtkEntry";
}

static UiObject *
lookup (GHashTable *by_id,
        const char *prefix,
        const char *suffix)
{
  g_autofree char *id = g_strconcat (prefix, suffix, NULL);

  return g_hash_table_lookup (by_id, id);
}

/* Every field of the table has its row, under its label, with its hint and
 * the widget of its kind. */
static void
test_fields_form_has_every_field (void)
{
  g_autoptr(GHashTable) by_id = read_form_template ();

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      g_autofree char *prefix = row_prefix_for_label (by_id, field->label);
      UiObject *control;
      UiObject *hint;

      g_test_message ("field %s", field->property);
      g_assert_nonnull (prefix);
      g_assert_nonnull (lookup (by_id, prefix, "_row"));

      control = lookup (by_id, prefix, control_suffix (field->kind));
      g_assert_nonnull (control);
      g_assert_cmpstr (control->class_name, ==, control_class (field->kind));

      hint = lookup (by_id, prefix, "_hint");
      if (field->hint == NULL)
        g_assert_null (hint);
      else
        {
          g_assert_nonnull (hint);
          g_assert_cmpstr (hint->label, ==, field->hint);
        }
    }
}

/* And the template has no field the table does not know. */
static void
test_fields_form_has_no_other_field (void)
{
  g_autoptr(GHashTable) by_id = read_form_template ();
  GHashTableIter iter;
  gpointer key, value;
  guint n_rows = 0;

  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      UiObject *object = value;
      g_autofree char *prefix = NULL;
      UiObject *label;
      gboolean known = FALSE;

      if (!g_str_has_suffix (object->id, "_row"))
        continue;

      prefix = g_strndup (object->id, strlen (object->id) - strlen ("_row"));
      label = lookup (by_id, prefix, "_label");
      g_test_message ("row %s", object->id);
      g_assert_nonnull (label);

      for (guint id = 0; id < BMS_N_FIELDS && !known; id++)
        known = g_strcmp0 (bms_field_get (id)->label, label->label) == 0;
      g_assert_true (known);
      n_rows++;
    }

  g_assert_cmpuint (n_rows, ==, BMS_N_FIELDS);
}

/* The account has a property of the right type for every field, in the
 * table's order, with the table's default. */
static void
test_fields_account_properties (void)
{
  g_autoptr(BmsAccount) account = bms_account_new ();

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (account), field->property);
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      g_assert_cmpuint (field->id, ==, id);
      g_assert_nonnull (pspec);
      g_assert_true (bms_field_find (field->property) == field);
      g_assert_true ((field->group == NULL) == (field->kind == BMS_FIELD_KIND_PASSWORD));

      g_object_get_property (G_OBJECT (account), field->property, &value);
      text = bms_field_value_to_text (field, &value);
      g_assert_cmpstr (text, ==, field->default_value);
    }

  g_assert_cmpstr (bms_account_get_smtp_host (account), ==, BMS_GMAIL_SMTP_HOST);
  g_assert_cmpuint (bms_account_get_imap_port (account), ==, BMS_GMAIL_IMAP_PORT);
  g_assert_cmpstr (bms_account_get_sent_folder (account), ==, BMS_GMAIL_SENT_FOLDER);
}

/* What a profile holds is read back as written. */
static void
test_fields_text_round_trip (void)
{
  static const struct {
    BmsFieldId  field;
    const char *text;
    gboolean    valid;
  } cases[] = {
    { BMS_FIELD_SMTP_PORT, "465", TRUE },
    { BMS_FIELD_SMTP_PORT, "0", FALSE },
    { BMS_FIELD_SMTP_PORT, "+587", FALSE },
    { BMS_FIELD_SMTP_PORT, "65536", FALSE },
    { BMS_FIELD_IMAP_SECURITY, "none", TRUE },
    { BMS_FIELD_IMAP_SECURITY, "tls", FALSE },
    { BMS_FIELD_BCC_SELF, "true", TRUE },
    { BMS_FIELD_BCC_SELF, "yes", FALSE },
    { BMS_FIELD_SENT_FOLDER, "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", TRUE },
    { BMS_FIELD_SENT_FOLDER, "&Jjo", FALSE },
    { BMS_FIELD_EMAIL, "taro@example.co.jp", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BmsField *field = bms_field_get (cases[i].field);
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      g_assert_cmpint (bms_field_value_from_text (field, cases[i].text, &value), ==, cases[i].valid);
      if (!cases[i].valid)
        continue;

      text = bms_field_value_to_text (field, &value);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Whose value each field is, decided once per field: a row added to the
 * table without an owner, or without a line here, fails. A next employee
 * keeps the office's values and starts over with the employee's own. */
static void
test_fields_owner_decided (void)
{
  static const struct {
    BmsFieldId    field;
    BmsFieldOwner owner;
  } decided[] = {
    { BMS_FIELD_EMPLOYEE_NAME, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_EMAIL, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_SMTP_USER, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_SMTP_PASSWORD, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_SMTP_HOST, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_SMTP_PORT, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_SMTP_SECURITY, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_SENDER_NAME, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_SAVE_SENT, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_IMAP_SAME_AS_SMTP, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_IMAP_USER, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_IMAP_PASSWORD, BMS_FIELD_OWNER_EMPLOYEE },
    { BMS_FIELD_IMAP_HOST, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_IMAP_PORT, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_IMAP_SECURITY, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_SENT_FOLDER, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_BCC_SELF, BMS_FIELD_OWNER_OFFICE },
    { BMS_FIELD_NOTIFY_EMPLOYEE, BMS_FIELD_OWNER_OFFICE },
  };
  gboolean seen[BMS_N_FIELDS] = { FALSE, };

  g_assert_cmpuint (G_N_ELEMENTS (decided), ==, BMS_N_FIELDS);
  for (guint i = 0; i < G_N_ELEMENTS (decided); i++)
    {
      const BmsField *field = bms_field_get (decided[i].field);

      g_assert_false (seen[field->id]);
      seen[field->id] = TRUE;
      if (field->owner != decided[i].owner)
        g_error ("The field %s belongs to %s, not to %s", field->property,
                 field->owner == BMS_FIELD_OWNER_OFFICE ? "the office" :
                 field->owner == BMS_FIELD_OWNER_EMPLOYEE ? "the employee" : "no one",
                 decided[i].owner == BMS_FIELD_OWNER_OFFICE ? "the office" : "the employee");
    }

  /* A password is never carried to another employee. */
  for (guint id = 0; id < BMS_N_FIELDS; id++)
    if (bms_field_get (id)->kind == BMS_FIELD_KIND_PASSWORD)
      g_assert_cmpint (bms_field_get (id)->owner, ==, BMS_FIELD_OWNER_EMPLOYEE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fields/form-has-every-field", test_fields_form_has_every_field);
  g_test_add_func ("/fields/form-has-no-other-field", test_fields_form_has_no_other_field);
  g_test_add_func ("/fields/account-properties", test_fields_account_properties);
  g_test_add_func ("/fields/text-round-trip", test_fields_text_round_trip);
  g_test_add_func ("/fields/owner-decided", test_fields_owner_decided);

  return g_test_run ();
}
