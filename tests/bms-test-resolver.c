/* bms-test-resolver.c: a resolver that answers MX lookups from a table,
 * counting them, for the provider's tests. A domain that is not in the table
 * is not found; "silent.test" never answers (until the lookup is cancelled).
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-test-resolver.h"

struct _BmsTestResolver
{
  GResolver   parent_instance;
  GHashTable *answers;  /* domain → "pref host, pref host" */
  guint       lookups;
};

G_DEFINE_FINAL_TYPE (BmsTestResolver, bms_test_resolver, G_TYPE_RESOLVER)

static GList *
records_from_text (const char *text)
{
  g_auto(GStrv) entries = g_strsplit (text, ",", -1);
  GList *records = NULL;

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (entries[i]), " ", 2);

      if (fields[0] == NULL || fields[0][0] == '\0')
        continue;
      records = g_list_append (records,
                               g_variant_ref_sink (g_variant_new ("(qs)",
                                                                  (guint16) g_ascii_strtoull (fields[0], NULL, 10),
                                                                  fields[1])));
    }

  return records;
}

static void
silent_cancelled_cb (GCancellable *cancellable,
                     GTask        *task)
{
  g_task_return_error_if_cancelled (task);
}

static void
bms_test_resolver_lookup_records_async (GResolver           *resolver,
                                    const char          *rrname,
                                    GResolverRecordType  record_type,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BmsTestResolver *self = BMS_TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  const char *text;

  g_assert_cmpint (record_type, ==, G_RESOLVER_RECORD_MX);
  self->lookups++;

  if (g_str_equal (rrname, "silent.test"))
    {
      g_assert_nonnull (cancellable);
      g_signal_connect_data (cancellable, "cancelled", G_CALLBACK (silent_cancelled_cb),
                             g_object_ref (task), (GClosureNotify) g_object_unref, 0);
      return;
    }

  text = g_hash_table_lookup (self->answers, rrname);
  if (text == NULL)
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                             "No DNS record of the requested type for %s", rrname);
  else
    g_task_return_pointer (task, records_from_text (text), NULL);
}

static GList *
bms_test_resolver_lookup_records_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bms_test_resolver_finalize (GObject *object)
{
  g_hash_table_unref (BMS_TEST_RESOLVER (object)->answers);

  G_OBJECT_CLASS (bms_test_resolver_parent_class)->finalize (object);
}

static void
bms_test_resolver_class_init (BmsTestResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bms_test_resolver_finalize;
  G_RESOLVER_CLASS (klass)->lookup_records_async = bms_test_resolver_lookup_records_async;
  G_RESOLVER_CLASS (klass)->lookup_records_finish = bms_test_resolver_lookup_records_finish;
}

static void
bms_test_resolver_init (BmsTestResolver *self)
{
  self->answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->answers, "workspace.test", "5 alt1.aspmx.l.google.com, 1 aspmx.l.google.com");
  g_hash_table_insert (self->answers, "hosting.test", "10 mx.hosting.example.ne.jp");
  g_hash_table_insert (self->answers, "nullmx.test", "0 .");
}

BmsTestResolver *
bms_test_resolver_new (void)
{
  return g_object_new (BMS_TYPE_TEST_RESOLVER, NULL);
}

guint
bms_test_resolver_get_lookups (BmsTestResolver *self)
{
  return self->lookups;
}
