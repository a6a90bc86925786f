/* bms-test-resolver.h: a resolver that answers MX lookups from a table.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BMS_TYPE_TEST_RESOLVER (bms_test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (BmsTestResolver, bms_test_resolver, BMS, TEST_RESOLVER, GResolver)

/* Knows:
 *   workspace.test   MX 1 aspmx.l.google.com, 5 alt1.aspmx.l.google.com
 *   hosting.test     MX 10 mx.hosting.example.ne.jp
 *   nullmx.test      MX 0 .
 *   silent.test      never answers, until the lookup is cancelled
 * and any other name is not found. */
BmsTestResolver *bms_test_resolver_new         (void);
guint            bms_test_resolver_get_lookups (BmsTestResolver *self);

G_END_DECLS
