/* bms-provider.h: who runs the mailbox of an address — Gmail, Google
 * Workspace, or not Google at all.
 *
 * The rule, in one place:
 * - gmail.com and googlemail.com are personal Gmail; nothing is looked up.
 * - Any other domain is Google Workspace when the host its mail goes to
 *   first (the MX records of the lowest preference) is Google's: a name
 *   under google.com or googlemail.com, compared label by label, so that
 *   google.com.example.net or evilgoogle.com are not Google.
 * - Otherwise it is not Google, and the preferred MX host says whose it is.
 * - No answer — offline, a DNS failure, no such domain, no MX records, or no
 *   answer within the timeout — is "could not check": the caller goes on as
 *   if it were Gmail and says that the provider was not checked.
 *
 * Threading: BmsProviderDetector is used from one thread (the main thread of
 * the program); its lookups run in GResolver's own threads and report back
 * to the thread-default main context of the caller.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a lookup may take before it counts as "could not check". */
#define BMS_PROVIDER_DEFAULT_TIMEOUT_MS 4000

/**
 * BmsProviderKind:
 * @BMS_PROVIDER_UNKNOWN: the domain could not be checked
 * @BMS_PROVIDER_GMAIL: a personal Gmail address (gmail.com, googlemail.com)
 * @BMS_PROVIDER_WORKSPACE: a domain whose mail Google Workspace receives
 * @BMS_PROVIDER_OTHER: a domain whose mail goes to a server that is not Google's
 *
 * Which world an address lives in.
 */
typedef enum {
  BMS_PROVIDER_UNKNOWN,
  BMS_PROVIDER_GMAIL,
  BMS_PROVIDER_WORKSPACE,
  BMS_PROVIDER_OTHER,
} BmsProviderKind;

/* The kind as scripts read it: "unknown", "gmail", "workspace", "other". */
const char      *bms_provider_kind_to_string    (BmsProviderKind   kind);
/* What the kind means, in one translated phrase. */
const char      *bms_provider_kind_get_label    (BmsProviderKind   kind);

/* The ASCII (IDNA) form of @address's domain in lower case, or %NULL when
 * @address has no valid domain. */
char            *bms_provider_domain_of_address (const char       *address);

gboolean         bms_provider_host_is_google    (const char       *host);
/* The classification of @domain (ASCII, lower case) from its MX records:
 * @mx_hosts and @preferences of equal length @n_records. Sets
 * @preferred_host (nullable) to the preferred MX host. */
BmsProviderKind  bms_provider_classify          (const char       *domain,
                                                 const char *const *mx_hosts,
                                                 const guint16    *preferences,
                                                 guint             n_records,
                                                 char            **preferred_host);

/**
 * BmsProviderResult:
 *
 * What a lookup found: the kind, the domain looked up and its MX hosts in
 * order of preference. Immutable, reference counted.
 */
typedef struct _BmsProviderResult BmsProviderResult;

#define BMS_TYPE_PROVIDER_RESULT (bms_provider_result_get_type ())
GType              bms_provider_result_get_type      (void) G_GNUC_CONST;
/* @mx_hosts: (nullable): copied */
BmsProviderResult *bms_provider_result_new           (BmsProviderKind    kind,
                                                      const char        *domain,
                                                      const char *const *mx_hosts,
                                                      const char        *problem);
BmsProviderResult *bms_provider_result_ref           (BmsProviderResult *self);
void               bms_provider_result_unref         (BmsProviderResult *self);
BmsProviderKind    bms_provider_result_get_kind      (const BmsProviderResult *self);
const char        *bms_provider_result_get_domain    (const BmsProviderResult *self);
/* The MX hosts, most preferred first; empty for Gmail and when unknown. */
const char *const *bms_provider_result_get_mx_hosts  (const BmsProviderResult *self);
/* Why the domain could not be checked (translated), or %NULL. */
const char        *bms_provider_result_get_problem   (const BmsProviderResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsProviderResult, bms_provider_result_unref)

/**
 * BmsProviderDetector:
 *
 * Looks up the provider of addresses, one domain once: definite answers are
 * kept for the life of the detector, and a domain asked for again while its
 * lookup runs waits for that lookup instead of starting another.
 */
#define BMS_TYPE_PROVIDER_DETECTOR (bms_provider_detector_get_type ())
G_DECLARE_FINAL_TYPE (BmsProviderDetector, bms_provider_detector, BMS, PROVIDER_DETECTOR, GObject)

/* @resolver: (nullable): the resolver to ask; %NULL for the system's. */
BmsProviderDetector *bms_provider_detector_new          (GResolver           *resolver);
void                 bms_provider_detector_set_timeout  (BmsProviderDetector *self,
                                                         guint                timeout_ms);

/* Looks up the provider of @address. Fails only with G_IO_ERROR_CANCELLED
 * (when @cancellable is cancelled) or G_IO_ERROR_INVALID_ARGUMENT (an
 * address without a valid domain); a domain that cannot be checked is a
 * result of kind BMS_PROVIDER_UNKNOWN. */
void                 bms_provider_detector_lookup_async  (BmsProviderDetector *self,
                                                          const char          *address,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
BmsProviderResult   *bms_provider_detector_lookup_finish (BmsProviderDetector *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS

#include "bms-engine-enums.h"
