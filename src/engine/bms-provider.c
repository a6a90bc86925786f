/* bms-provider.c: who runs the mailbox of an address.
 *
 * The rule is stated in bms-provider.h. The lookup goes through GIO's
 * resolver (the system's, so the same answers as every other program on the
 * machine), bounded by a timeout of its own because GResolver in GLib 2.74
 * has none, and shared between the callers that ask for the same domain.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-provider.h"

const char *
bms_provider_kind_to_string (BmsProviderKind kind)
{
  switch (kind)
    {
    case BMS_PROVIDER_GMAIL:
      return "gmail";
    case BMS_PROVIDER_WORKSPACE:
      return "workspace";
    case BMS_PROVIDER_OTHER:
      return "other";
    case BMS_PROVIDER_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
bms_provider_kind_get_label (BmsProviderKind kind)
{
  switch (kind)
    {
    case BMS_PROVIDER_GMAIL:
      return _("Gmail (personal Google account)");
    case BMS_PROVIDER_WORKSPACE:
      return _("Google Workspace");
    case BMS_PROVIDER_OTHER:
      return _("Not Google");
    case BMS_PROVIDER_UNKNOWN:
    default:
      return _("Could not check");
    }
}

/* Text typed with the Japanese input method on arrives in full-width forms
 * (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ); NFKC makes them the ASCII they mean. */
char *
bms_provider_domain_of_address (const char *address)
{
  g_autofree char *normalized = NULL;
  g_autofree char *ascii = NULL;
  const char *at;
  gsize length;

  if (address == NULL || !g_utf8_validate (address, -1, NULL))
    return NULL;

  normalized = g_utf8_normalize (address, -1, G_NORMALIZE_NFKC);
  g_strstrip (normalized);
  at = strrchr (normalized, '@');
  if (at == NULL || at == normalized || at[1] == '\0')
    return NULL;

  ascii = g_hostname_to_ascii (at + 1);
  if (ascii == NULL)
    return NULL;

  length = strlen (ascii);
  if (length > 0 && ascii[length - 1] == '.')
    ascii[--length] = '\0';
  /* A mail domain has at least two labels, none of them empty. */
  if (length == 0 || length > 253 || strchr (ascii, '.') == NULL ||
      ascii[0] == '.' || strstr (ascii, "..") != NULL)
    return NULL;
  for (const char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return NULL;

  return g_ascii_strdown (ascii, -1);
}

static gboolean
host_is_or_is_under (const char *host,
                     gsize       host_length,
                     const char *domain)
{
  gsize domain_length = strlen (domain);

  if (host_length == domain_length)
    return g_ascii_strncasecmp (host, domain, host_length) == 0;

  /* Under it: the whole domain after a dot, so that evilgoogle.com is not. */
  return host_length > domain_length &&
         host[host_length - domain_length - 1] == '.' &&
         g_ascii_strncasecmp (host + host_length - domain_length, domain, domain_length) == 0;
}

gboolean
bms_provider_host_is_google (const char *host)
{
  gsize length;

  if (host == NULL)
    return FALSE;

  length = strlen (host);
  if (length > 0 && host[length - 1] == '.')
    length--;

  return host_is_or_is_under (host, length, "google.com") ||
         host_is_or_is_under (host, length, "googlemail.com");
}

static gboolean
domain_is_personal_gmail (const char *domain)
{
  return g_ascii_strcasecmp (domain, "gmail.com") == 0 ||
         g_ascii_strcasecmp (domain, "googlemail.com") == 0;
}

BmsProviderKind
bms_provider_classify (const char         *domain,
                       const char *const  *mx_hosts,
                       const guint16      *preferences,
                       guint               n_records,
                       char              **preferred_host)
{
  guint16 best = G_MAXUINT16;
  const char *chosen = NULL;
  BmsProviderKind kind = BMS_PROVIDER_WORKSPACE;

  if (preferred_host != NULL)
    *preferred_host = NULL;

  if (domain != NULL && domain_is_personal_gmail (domain))
    return BMS_PROVIDER_GMAIL;
  if (n_records == 0)
    return BMS_PROVIDER_UNKNOWN;

  for (guint i = 0; i < n_records; i++)
    best = MIN (best, preferences[i]);

  /* Mail goes first to the hosts of the lowest preference; the others are
   * only fallbacks, and a Google fallback behind someone else's server does
   * not put the mailbox at Google. */
  for (guint i = 0; i < n_records; i++)
    {
      if (preferences[i] != best)
        continue;
      if (chosen == NULL)
        chosen = mx_hosts[i];
      if (!bms_provider_host_is_google (mx_hosts[i]))
        {
          if (kind == BMS_PROVIDER_WORKSPACE)
            chosen = mx_hosts[i];
          kind = BMS_PROVIDER_OTHER;
        }
    }

  if (preferred_host != NULL)
    *preferred_host = g_strdup (chosen);

  return kind;
}

struct _BmsProviderResult
{
  gatomicrefcount   ref_count;
  BmsProviderKind   kind;
  char             *domain;
  char            **mx_hosts;
  char             *problem;
};

G_DEFINE_BOXED_TYPE (BmsProviderResult, bms_provider_result,
                     bms_provider_result_ref, bms_provider_result_unref)

BmsProviderResult *
bms_provider_result_new (BmsProviderKind     kind,
                         const char         *domain,
                         const char *const  *mx_hosts,
                         const char         *problem)
{
  BmsProviderResult *self = g_new0 (BmsProviderResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->domain = g_strdup (domain);
  self->mx_hosts = mx_hosts != NULL ? g_strdupv ((char **) mx_hosts) : g_new0 (char *, 1);
  self->problem = g_strdup (problem);

  return self;
}

BmsProviderResult *
bms_provider_result_ref (BmsProviderResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bms_provider_result_unref (BmsProviderResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->domain);
  g_strfreev (self->mx_hosts);
  g_free (self->problem);
  g_free (self);
}

BmsProviderKind
bms_provider_result_get_kind (const BmsProviderResult *self)
{
  g_return_val_if_fail (self != NULL, BMS_PROVIDER_UNKNOWN);

  return self->kind;
}

const char *
bms_provider_result_get_domain (const BmsProviderResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->domain;
}

const char *const *
bms_provider_result_get_mx_hosts (const BmsProviderResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *const *) self->mx_hosts;
}

const char *
bms_provider_result_get_problem (const BmsProviderResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->problem;
}

/* MX records as GResolver gives them, "(qs)", sorted by preference and
 * then by name so that the output is the same on every run. */
typedef struct {
  guint16  preference;
  char    *host;
} MxRecord;

static int
compare_mx_records (gconstpointer a,
                    gconstpointer b)
{
  const MxRecord *left = a;
  const MxRecord *right = b;

  if (left->preference != right->preference)
    return left->preference < right->preference ? -1 : 1;

  return g_ascii_strcasecmp (left->host, right->host);
}

static BmsProviderResult *
result_from_records (const char *domain,
                     GList      *records)
{
  g_autoptr(GArray) mx = g_array_new (FALSE, FALSE, sizeof (MxRecord));
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();
  g_autofree guint16 *preferences = NULL;
  g_autofree char *preferred = NULL;
  BmsProviderResult *result;
  BmsProviderKind kind;

  for (GList *l = records; l != NULL; l = l->next)
    {
      MxRecord record;
      const char *host;
      gsize length;

      g_variant_get (l->data, "(q&s)", &record.preference, &host);
      length = strlen (host);
      if (length > 0 && host[length - 1] == '.')
        length--;
      /* "." alone is a null MX (RFC 7505): the domain takes no mail. */
      if (length == 0)
        continue;
      record.host = g_ascii_strdown (host, length);
      g_array_append_val (mx, record);
    }

  g_array_sort (mx, compare_mx_records);
  preferences = g_new (guint16, MAX (mx->len, 1));
  for (guint i = 0; i < mx->len; i++)
    {
      MxRecord *record = &g_array_index (mx, MxRecord, i);

      g_ptr_array_add (hosts, record->host);
      preferences[i] = record->preference;
    }

  kind = bms_provider_classify (domain, (const char *const *) hosts->pdata, preferences,
                                mx->len, &preferred);
  g_ptr_array_add (hosts, NULL);
  result = bms_provider_result_new (kind, domain, (const char *const *) hosts->pdata,
                                    kind == BMS_PROVIDER_UNKNOWN
                                      ? _("The domain has no mail server records (MX).")
                                      : NULL);

  for (guint i = 0; i < mx->len; i++)
    g_free (g_array_index (mx, MxRecord, i).host);

  return result;
}

static char *
describe_lookup_error (const GError *error,
                       guint         timeout_ms,
                       gboolean      timed_out)
{
  if (timed_out)
    {
      guint seconds = (timeout_ms + 999) / 1000;

      return g_strdup_printf (ngettext ("The name server did not answer within %u second.",
                                        "The name server did not answer within %u seconds.",
                                        seconds),
                              seconds);
    }
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return g_strdup (_("The domain does not exist, or has no mail server records (MX)."));
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return g_strdup (_("The name server could not be reached. Is this computer online?"));

  return g_strdup (_("The name server could not answer."));
}

/* One lookup of one domain, and the callers waiting for it. */
typedef struct {
  BmsProviderDetector *detector;  /* owned: kept until the resolver answers */
  char                *domain;
  GCancellable        *cancellable;
  GSource             *timeout;
  gboolean             timed_out;
  GList               *waiting;   /* (element-type Caller) owned */
} Lookup;

/* A caller waiting for a lookup, and the handler of its own cancellable. */
typedef struct {
  GTask  *task;
  gulong  cancelled_id;
} Caller;

struct _BmsProviderDetector
{
  GObject       parent_instance;

  GResolver    *resolver;
  guint         timeout_ms;
  GMainContext *context;
  GHashTable   *known;    /* domain → BmsProviderResult */
  GHashTable   *running;  /* domain → Lookup */
};

G_DEFINE_FINAL_TYPE (BmsProviderDetector, bms_provider_detector, G_TYPE_OBJECT)

static void
lookup_free (Lookup *lookup)
{
  g_assert (lookup->waiting == NULL);

  g_source_destroy (lookup->timeout);
  g_source_unref (lookup->timeout);
  g_object_unref (lookup->cancellable);
  g_free (lookup->domain);
  g_object_unref (lookup->detector);
  g_free (lookup);
}

/* Answers a caller and forgets it. Never called from its cancellable's
 * handler, so that disconnecting it cannot wait for itself. */
static void
caller_return (Caller            *caller,
               BmsProviderResult *result)
{
  GCancellable *cancellable = g_task_get_cancellable (caller->task);

  g_cancellable_disconnect (cancellable, caller->cancelled_id);
  if (result != NULL)
    g_task_return_pointer (caller->task, bms_provider_result_ref (result),
                           (GDestroyNotify) bms_provider_result_unref);
  else
    g_task_return_error_if_cancelled (caller->task);
  g_object_unref (caller->task);
  g_free (caller);
}

/* A caller whose cancellable was cancelled is answered at once; the lookup
 * goes on for the others, or stops when nobody waits for it any more. */
static gboolean
caller_cancelled_idle_cb (gpointer data)
{
  GTask *task = data;
  BmsProviderDetector *self = g_task_get_source_object (task);
  const char *domain = g_task_get_task_data (task);
  Lookup *lookup = g_hash_table_lookup (self->running, domain);

  for (GList *l = lookup != NULL ? lookup->waiting : NULL; l != NULL; l = l->next)
    {
      Caller *caller = l->data;

      if (caller->task != task)
        continue;

      lookup->waiting = g_list_delete_link (lookup->waiting, l);
      if (lookup->waiting == NULL)
        g_cancellable_cancel (lookup->cancellable);
      caller_return (caller, NULL);
      break;
    }

  return G_SOURCE_REMOVE;
}

/* GCancellable may be cancelled from any thread, and the lookups belong to
 * the detector's thread: the caller is answered from an idle there, which
 * also keeps the disconnection of this handler out of the handler itself. */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      data)
{
  GTask *task = data;
  GSource *idle = g_idle_source_new ();

  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, caller_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

static void
finish_lookup (Lookup            *lookup,
               BmsProviderResult *result)
{
  BmsProviderDetector *self = lookup->detector;
  GList *waiting = g_steal_pointer (&lookup->waiting);

  if (result->kind != BMS_PROVIDER_UNKNOWN)
    g_hash_table_replace (self->known, g_strdup (lookup->domain), bms_provider_result_ref (result));

  for (GList *l = waiting; l != NULL; l = l->next)
    caller_return (l->data, result);
  g_list_free (waiting);
}

static void
records_looked_up_cb (GObject      *source,
                      GAsyncResult *async_result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmsProviderResult) result = NULL;
  Lookup *lookup = user_data;
  /* Removing the lookup may drop the last other reference to the detector. */
  g_autoptr(BmsProviderDetector) self = g_object_ref (lookup->detector);
  GList *records;

  records = g_resolver_lookup_records_finish (G_RESOLVER (source), async_result, &error);

  if (lookup->waiting == NULL)
    {
      /* Nobody waits any more: every caller was cancelled and answered. */
    }
  else if (error != NULL)
    {
      g_autofree char *problem = describe_lookup_error (error, self->timeout_ms,
                                                        lookup->timed_out);

      g_debug ("MX lookup of %s: %s", lookup->domain, error->message);
      result = bms_provider_result_new (BMS_PROVIDER_UNKNOWN, lookup->domain, NULL, problem);
    }
  else
    {
      result = result_from_records (lookup->domain, records);
    }

  if (result != NULL)
    finish_lookup (lookup, result);

  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_hash_table_remove (self->running, lookup->domain);
}

static gboolean
lookup_timed_out_cb (gpointer user_data)
{
  Lookup *lookup = user_data;

  lookup->timed_out = TRUE;
  g_cancellable_cancel (lookup->cancellable);

  return G_SOURCE_REMOVE;
}

static Lookup *
start_lookup (BmsProviderDetector *self,
              const char          *domain)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->detector = g_object_ref (self);
  lookup->domain = g_strdup (domain);
  lookup->cancellable = g_cancellable_new ();
  lookup->timeout = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (lookup->timeout, lookup_timed_out_cb, lookup, NULL);
  g_source_attach (lookup->timeout, self->context);
  g_hash_table_insert (self->running, lookup->domain, lookup);

  g_resolver_lookup_records_async (self->resolver, domain, G_RESOLVER_RECORD_MX,
                                   lookup->cancellable, records_looked_up_cb, lookup);

  return lookup;
}

void
bms_provider_detector_lookup_async (BmsProviderDetector *self,
                                    const char          *address,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *domain = NULL;
  BmsProviderResult *known;
  Lookup *lookup;
  Caller *caller;

  g_return_if_fail (BMS_IS_PROVIDER_DETECTOR (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bms_provider_detector_lookup_async);

  domain = bms_provider_domain_of_address (address);
  if (domain == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an e-mail address with a valid domain."), address);
      return;
    }

  if (domain_is_personal_gmail (domain))
    {
      g_task_return_pointer (task, bms_provider_result_new (BMS_PROVIDER_GMAIL, domain, NULL, NULL),
                             (GDestroyNotify) bms_provider_result_unref);
      return;
    }

  known = g_hash_table_lookup (self->known, domain);
  if (known != NULL)
    {
      g_task_return_pointer (task, bms_provider_result_ref (known),
                             (GDestroyNotify) bms_provider_result_unref);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  lookup = g_hash_table_lookup (self->running, domain);
  if (lookup == NULL)
    lookup = start_lookup (self, domain);

  caller = g_new0 (Caller, 1);
  caller->task = g_object_ref (task);
  g_task_set_task_data (task, g_strdup (domain), g_free);
  lookup->waiting = g_list_append (lookup->waiting, caller);
  if (cancellable != NULL)
    caller->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  g_object_ref (task), g_object_unref);
}

BmsProviderResult *
bms_provider_detector_lookup_finish (BmsProviderDetector *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, bms_provider_detector_lookup_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bms_provider_detector_set_timeout (BmsProviderDetector *self,
                                   guint                timeout_ms)
{
  g_return_if_fail (BMS_IS_PROVIDER_DETECTOR (self));

  self->timeout_ms = MAX (timeout_ms, 1);
}

static void
bms_provider_detector_finalize (GObject *object)
{
  BmsProviderDetector *self = BMS_PROVIDER_DETECTOR (object);

  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_object (&self->resolver);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (bms_provider_detector_parent_class)->finalize (object);
}

static void
bms_provider_detector_class_init (BmsProviderDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_provider_detector_finalize;
}

static void
bms_provider_detector_init (BmsProviderDetector *self)
{
  self->timeout_ms = BMS_PROVIDER_DEFAULT_TIMEOUT_MS;
  self->context = g_main_context_ref_thread_default ();
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) bms_provider_result_unref);
  /* The key is the lookup's own copy of the domain. */
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) lookup_free);
}

BmsProviderDetector *
bms_provider_detector_new (GResolver *resolver)
{
  BmsProviderDetector *self = g_object_new (BMS_TYPE_PROVIDER_DETECTOR, NULL);

  self->resolver = resolver != NULL ? g_object_ref (resolver) : g_resolver_get_default ();

  return self;
}
