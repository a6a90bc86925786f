/* test-provider.c: the provider of an address, from its domain's MX records.
 *
 * The classification table runs on the pure functions; the detector's
 * caching, sharing, timeout and cancellation run against a resolver that
 * answers what each test says. The real resolver path — the system's
 * resolver asking a real DNS server — runs when BMS_TEST_DNS is set, which
 * tests/run-with-dns.sh does inside a private network and mount namespace
 * with dnsmasq on loopback and a resolv.conf of its own.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-provider.h"
#include "bms-test-resolver.h"

/* The classification table. */

typedef struct {
  const char      *name;
  const char      *domain;
  const char      *records;   /* "pref host, pref host" */
  BmsProviderKind  kind;
  const char      *preferred;
} ClassifyCase;

static const ClassifyCase classify_cases[] = {
  { "gmail", "gmail.com", "", BMS_PROVIDER_GMAIL, NULL },
  { "googlemail", "googlemail.com", "", BMS_PROVIDER_GMAIL, NULL },
  { "gmail-ignores-records", "gmail.com", "5 mx.example.net", BMS_PROVIDER_GMAIL, NULL },
  { "workspace-aspmx", "example.co.jp",
    "1 aspmx.l.google.com, 5 alt1.aspmx.l.google.com, 5 alt2.aspmx.l.google.com, "
    "10 alt3.aspmx.l.google.com, 10 alt4.aspmx.l.google.com",
    BMS_PROVIDER_WORKSPACE, "aspmx.l.google.com" },
  { "workspace-smtp-google", "example.jp", "1 smtp.google.com", BMS_PROVIDER_WORKSPACE, "smtp.google.com" },
  { "workspace-googlemail", "example.jp", "10 aspmx2.googlemail.com, 10 aspmx3.googlemail.com",
    BMS_PROVIDER_WORKSPACE, "aspmx2.googlemail.com" },
  { "workspace-trailing-dot-capitals", "example.jp", "1 ASPMX.L.Google.COM.", BMS_PROVIDER_WORKSPACE,
    "ASPMX.L.Google.COM." },
  { "workspace-google-com-itself", "example.jp", "1 google.com", BMS_PROVIDER_WORKSPACE, "google.com" },
  { "other-hosting", "example.co.jp", "10 mx01.hosting.example.ne.jp", BMS_PROVIDER_OTHER,
    "mx01.hosting.example.ne.jp" },
  { "other-microsoft", "example.com", "0 example-com.mail.protection.outlook.com", BMS_PROVIDER_OTHER,
    "example-com.mail.protection.outlook.com" },
  { "mixed-google-first", "example.jp", "1 aspmx.l.google.com, 20 backup.example.jp",
    BMS_PROVIDER_WORKSPACE, "aspmx.l.google.com" },
  { "mixed-google-as-fallback", "example.jp", "20 aspmx.l.google.com, 5 filter.example.net",
    BMS_PROVIDER_OTHER, "filter.example.net" },
  { "mixed-same-preference", "example.jp", "10 aspmx.l.google.com, 10 mx.example.jp",
    BMS_PROVIDER_OTHER, "mx.example.jp" },
  { "lookalike-suffix", "example.jp", "1 aspmx.l.google.com.example.net", BMS_PROVIDER_OTHER,
    "aspmx.l.google.com.example.net" },
  { "lookalike-prefix", "example.jp", "1 mx.evilgoogle.com", BMS_PROVIDER_OTHER, "mx.evilgoogle.com" },
  { "lookalike-label", "example.jp", "1 notgoogle.com", BMS_PROVIDER_OTHER, "notgoogle.com" },
  { "lookalike-googlemail", "example.jp", "1 googlemail.com.evil.example", BMS_PROVIDER_OTHER,
    "googlemail.com.evil.example" },
  { "lookalike-gmail-domain", "gmail.com.example.jp", "1 mx.example.jp", BMS_PROVIDER_OTHER, "mx.example.jp" },
  { "empty-answer", "example.jp", "", BMS_PROVIDER_UNKNOWN, NULL },
  { "idn-domain-workspace", "xn--r8jz45g.jp", "1 aspmx.l.google.com", BMS_PROVIDER_WORKSPACE,
    "aspmx.l.google.com" },
};

static void
test_provider_classify (gconstpointer data)
{
  const ClassifyCase *test = data;
  g_auto(GStrv) entries = g_strsplit (test->records, ",", -1);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) preferences = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_autofree char *preferred = NULL;
  BmsProviderKind kind;

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (entries[i]), " ", 2);
      guint16 preference;

      if (fields[0] == NULL || fields[0][0] == '\0')
        continue;
      preference = (guint16) g_ascii_strtoull (fields[0], NULL, 10);
      g_array_append_val (preferences, preference);
      g_ptr_array_add (hosts, g_strdup (fields[1]));
    }

  kind = bms_provider_classify (test->domain, (const char *const *) hosts->pdata,
                                (const guint16 *) preferences->data, hosts->len, &preferred);

  g_assert_cmpstr (bms_provider_kind_to_string (kind), ==, bms_provider_kind_to_string (test->kind));
  g_assert_cmpstr (preferred, ==, test->preferred);
}

static void
test_provider_host_is_google (void)
{
  g_assert_true (bms_provider_host_is_google ("aspmx.l.google.com"));
  g_assert_true (bms_provider_host_is_google ("aspmx.l.google.com."));
  g_assert_true (bms_provider_host_is_google ("ALT1.ASPMX.L.GOOGLE.COM"));
  g_assert_true (bms_provider_host_is_google ("aspmx2.googlemail.com"));
  g_assert_false (bms_provider_host_is_google ("google.com.example.net"));
  g_assert_false (bms_provider_host_is_google ("evilgoogle.com"));
  g_assert_false (bms_provider_host_is_google ("google.co.jp"));
  g_assert_false (bms_provider_host_is_google ("gmail.com"));
  g_assert_false (bms_provider_host_is_google (""));
  g_assert_false (bms_provider_host_is_google ("."));
  g_assert_false (bms_provider_host_is_google (NULL));
}

static void
test_provider_domain_of_address (void)
{
  static const struct {
    const char *address;
    const char *domain;
  } cases[] = {
    { "taro@gmail.com", "gmail.com" },
    { "  Taro.Yamada@Example.CO.JP  ", "example.co.jp" },
    { "taro@example.jp.", "example.jp" },
    /* Typed with the Japanese input method on. */
    { "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "example.jp" },
    { "taro@例え.jp", "xn--r8jz45g.jp" },
    { "taro@xn--r8jz45g.jp", "xn--r8jz45g.jp" },
    { "\"a@b\"@example.jp", "example.jp" },
    { "taro@", NULL },
    { "@example.jp", NULL },
    { "taro", NULL },
    { "taro@localhost", NULL },
    { "taro@example..jp", NULL },
    { "taro@.example.jp", NULL },
    { "taro@exa mple.jp", NULL },
    { "taro@exa_mple.jp", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *domain = bms_provider_domain_of_address (cases[i].address);

      g_assert_cmpstr (domain, ==, cases[i].domain);
    }

  g_assert_null (bms_provider_domain_of_address (NULL));
  g_assert_null (bms_provider_domain_of_address ("taro@\xff.jp"));
}

static void
test_provider_kind_strings (void)
{
  /* Scripts read these; they never change and are never translated. */
  g_assert_cmpstr (bms_provider_kind_to_string (BMS_PROVIDER_GMAIL), ==, "gmail");
  g_assert_cmpstr (bms_provider_kind_to_string (BMS_PROVIDER_WORKSPACE), ==, "workspace");
  g_assert_cmpstr (bms_provider_kind_to_string (BMS_PROVIDER_OTHER), ==, "other");
  g_assert_cmpstr (bms_provider_kind_to_string (BMS_PROVIDER_UNKNOWN), ==, "unknown");
}

typedef struct {
  BmsProviderResult *result;
  GError            *error;
  gboolean           done;
} Lookup;

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->result = bms_provider_detector_lookup_finish (BMS_PROVIDER_DETECTOR (source), result,
                                                        &lookup->error);
  lookup->done = TRUE;
}

static void
wait_for (Lookup *lookup)
{
  while (!lookup->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
lookup_clear (Lookup *lookup)
{
  g_clear_pointer (&lookup->result, bms_provider_result_unref);
  g_clear_error (&lookup->error);
  lookup->done = FALSE;
}

static BmsProviderResult *
look_up (BmsProviderDetector *detector,
         const char          *address)
{
  Lookup lookup = { 0 };

  bms_provider_detector_lookup_async (detector, address, NULL, looked_up_cb, &lookup);
  wait_for (&lookup);
  g_assert_no_error (lookup.error);
  g_assert_nonnull (lookup.result);

  return lookup.result;
}

static void
test_provider_detector_kinds (void)
{
  g_autoptr(BmsTestResolver) resolver = bms_test_resolver_new ();
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (G_RESOLVER (resolver));
  g_autoptr(BmsProviderResult) gmail = NULL;
  g_autoptr(BmsProviderResult) workspace = NULL;
  g_autoptr(BmsProviderResult) hosting = NULL;
  g_autoptr(BmsProviderResult) missing = NULL;
  g_autoptr(BmsProviderResult) null_mx = NULL;
  const char *const *hosts;

  gmail = look_up (detector, "taro@GMail.com");
  g_assert_cmpint (bms_provider_result_get_kind (gmail), ==, BMS_PROVIDER_GMAIL);
  g_assert_cmpstr (bms_provider_result_get_domain (gmail), ==, "gmail.com");
  g_assert_cmpuint (g_strv_length ((GStrv) bms_provider_result_get_mx_hosts (gmail)), ==, 0);
  /* Personal Gmail is known without asking DNS. */
  g_assert_cmpuint (bms_test_resolver_get_lookups (resolver), ==, 0);

  workspace = look_up (detector, "hanako@workspace.test");
  g_assert_cmpint (bms_provider_result_get_kind (workspace), ==, BMS_PROVIDER_WORKSPACE);
  hosts = bms_provider_result_get_mx_hosts (workspace);
  g_assert_cmpuint (g_strv_length ((GStrv) hosts), ==, 2);
  g_assert_cmpstr (hosts[0], ==, "aspmx.l.google.com");
  g_assert_cmpstr (hosts[1], ==, "alt1.aspmx.l.google.com");
  g_assert_null (bms_provider_result_get_problem (workspace));

  hosting = look_up (detector, "jiro@hosting.test");
  g_assert_cmpint (bms_provider_result_get_kind (hosting), ==, BMS_PROVIDER_OTHER);
  g_assert_cmpstr (bms_provider_result_get_mx_hosts (hosting)[0], ==, "mx.hosting.example.ne.jp");

  missing = look_up (detector, "saburo@nosuch.test");
  g_assert_cmpint (bms_provider_result_get_kind (missing), ==, BMS_PROVIDER_UNKNOWN);
  g_assert_nonnull (bms_provider_result_get_problem (missing));

  /* A null MX (".") takes no mail: nothing to say where the mailbox is. */
  null_mx = look_up (detector, "shiro@nullmx.test");
  g_assert_cmpint (bms_provider_result_get_kind (null_mx), ==, BMS_PROVIDER_UNKNOWN);
}

static void
test_provider_detector_cache (void)
{
  g_autoptr(BmsTestResolver) resolver = bms_test_resolver_new ();
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (G_RESOLVER (resolver));
  Lookup first = { 0 }, second = { 0 };
  g_autoptr(BmsProviderResult) again = NULL;
  g_autoptr(BmsProviderResult) missing = NULL;

  /* Two callers at once for one domain: one lookup. */
  bms_provider_detector_lookup_async (detector, "a@workspace.test", NULL, looked_up_cb, &first);
  bms_provider_detector_lookup_async (detector, "b@Workspace.Test", NULL, looked_up_cb, &second);
  wait_for (&first);
  wait_for (&second);
  g_assert_cmpuint (bms_test_resolver_get_lookups (resolver), ==, 1);
  g_assert_cmpint (bms_provider_result_get_kind (first.result), ==, BMS_PROVIDER_WORKSPACE);
  g_assert_cmpint (bms_provider_result_get_kind (second.result), ==, BMS_PROVIDER_WORKSPACE);

  /* Later: from the cache. */
  again = look_up (detector, "c@workspace.test");
  g_assert_cmpuint (bms_test_resolver_get_lookups (resolver), ==, 1);
  g_assert_cmpint (bms_provider_result_get_kind (again), ==, BMS_PROVIDER_WORKSPACE);

  /* "Could not check" is not kept: the next time may be online. */
  missing = look_up (detector, "d@nosuch.test");
  g_clear_pointer (&missing, bms_provider_result_unref);
  missing = look_up (detector, "d@nosuch.test");
  g_assert_cmpuint (bms_test_resolver_get_lookups (resolver), ==, 3);

  lookup_clear (&first);
  lookup_clear (&second);
}

static void
test_provider_detector_timeout (void)
{
  g_autoptr(BmsTestResolver) resolver = bms_test_resolver_new ();
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (G_RESOLVER (resolver));
  g_autoptr(BmsProviderResult) result = NULL;
  gint64 start;

  bms_provider_detector_set_timeout (detector, 200);
  start = g_get_monotonic_time ();
  result = look_up (detector, "taro@silent.test");

  g_assert_cmpint (bms_provider_result_get_kind (result), ==, BMS_PROVIDER_UNKNOWN);
  g_assert_nonnull (strstr (bms_provider_result_get_problem (result), "1"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_provider_detector_cancel (void)
{
  g_autoptr(BmsTestResolver) resolver = bms_test_resolver_new ();
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (G_RESOLVER (resolver));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) other = g_cancellable_new ();
  Lookup cancelled = { 0 }, waiting = { 0 };

  /* One caller gives up; the other still gets its answer, from the same
   * lookup, once it comes. */
  bms_provider_detector_set_timeout (detector, 300);
  bms_provider_detector_lookup_async (detector, "a@silent.test", cancellable, looked_up_cb, &cancelled);
  bms_provider_detector_lookup_async (detector, "b@silent.test", other, looked_up_cb, &waiting);
  g_cancellable_cancel (cancellable);
  wait_for (&cancelled);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (waiting.done);
  wait_for (&waiting);
  g_assert_no_error (waiting.error);
  g_assert_cmpint (bms_provider_result_get_kind (waiting.result), ==, BMS_PROVIDER_UNKNOWN);
  g_assert_cmpuint (bms_test_resolver_get_lookups (resolver), ==, 1);

  /* Everyone gives up: the lookup stops at once, not at its timeout. */
  lookup_clear (&cancelled);
  g_cancellable_reset (cancellable);
  bms_provider_detector_set_timeout (detector, 60 * 1000);
  bms_provider_detector_lookup_async (detector, "a@silent.test", cancellable, looked_up_cb, &cancelled);
  g_cancellable_cancel (cancellable);
  wait_for (&cancelled);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The detector is freed with nothing left running: the g_autoptr checks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_add_weak_pointer (G_OBJECT (detector), (gpointer *) &detector);
  g_clear_object (&detector);
  g_assert_null (detector);

  lookup_clear (&cancelled);
  lookup_clear (&waiting);
}

static void
test_provider_detector_invalid (void)
{
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (NULL);
  Lookup lookup = { 0 };

  bms_provider_detector_lookup_async (detector, "not an address", NULL, looked_up_cb, &lookup);
  wait_for (&lookup);
  g_assert_error (lookup.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (lookup.result);
  lookup_clear (&lookup);
}

/* Through the system's resolver to dnsmasq (tests/run-with-dns.sh). */
static void
test_provider_real_resolver (void)
{
  g_autoptr(BmsProviderDetector) detector = NULL;
  g_autoptr(BmsProviderResult) workspace = NULL;
  g_autoptr(BmsProviderResult) other = NULL;
  g_autoptr(BmsProviderResult) idn = NULL;
  g_autoptr(BmsProviderResult) missing = NULL;
  g_autoptr(BmsProviderResult) silent = NULL;

  detector = bms_provider_detector_new (NULL);
  bms_provider_detector_set_timeout (detector, 1500);

  workspace = look_up (detector, "taro@workspace.test");
  g_assert_cmpint (bms_provider_result_get_kind (workspace), ==, BMS_PROVIDER_WORKSPACE);
  g_assert_cmpstr (bms_provider_result_get_mx_hosts (workspace)[0], ==, "aspmx.l.google.com");

  other = look_up (detector, "taro@hosting.test");
  g_assert_cmpint (bms_provider_result_get_kind (other), ==, BMS_PROVIDER_OTHER);
  g_assert_cmpstr (bms_provider_result_get_mx_hosts (other)[0], ==, "mx01.hosting.example.ne.jp");

  idn = look_up (detector, "taro@例え.test");
  g_assert_cmpint (bms_provider_result_get_kind (idn), ==, BMS_PROVIDER_WORKSPACE);
  g_assert_cmpstr (bms_provider_result_get_domain (idn), ==, "xn--r8jz45g.test");

  missing = look_up (detector, "taro@nosuch.test");
  g_assert_cmpint (bms_provider_result_get_kind (missing), ==, BMS_PROVIDER_UNKNOWN);

  silent = look_up (detector, "taro@silent.test");
  g_assert_cmpint (bms_provider_result_get_kind (silent), ==, BMS_PROVIDER_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/provider/classify/%s", classify_cases[i].name);

      g_test_add_data_func (path, &classify_cases[i], test_provider_classify);
    }
  g_test_add_func ("/provider/host-is-google", test_provider_host_is_google);
  g_test_add_func ("/provider/domain-of-address", test_provider_domain_of_address);
  g_test_add_func ("/provider/kind-strings", test_provider_kind_strings);
  g_test_add_func ("/provider/detector/kinds", test_provider_detector_kinds);
  g_test_add_func ("/provider/detector/cache", test_provider_detector_cache);
  g_test_add_func ("/provider/detector/timeout", test_provider_detector_timeout);
  g_test_add_func ("/provider/detector/cancel", test_provider_detector_cancel);
  g_test_add_func ("/provider/detector/invalid", test_provider_detector_invalid);
  /* Only where tests/run-with-dns.sh made the private DNS server. */
  if (g_getenv ("BMS_TEST_DNS") != NULL)
    g_test_add_func ("/provider/real-resolver", test_provider_real_resolver);

  return g_test_run ();
}
