/* bms-provider-follower.h: keeps an account's provider up to date with its
 * e-mail address.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bms-account.h"
#include "bms-provider.h"

G_BEGIN_DECLS

/* How long the address must stay as it is before it is looked up: typing
 * is never slowed, and only the address that was meant is asked for. */
#define BMS_PROVIDER_FOLLOWER_DELAY_MS 400

#define BMS_TYPE_PROVIDER_FOLLOWER (bms_provider_follower_get_type ())
G_DECLARE_FINAL_TYPE (BmsProviderFollower, bms_provider_follower, BMS, PROVIDER_FOLLOWER, GObject)

/* Follows @account's "email" for as long as the follower lives, and sets
 * the account's "provider" and "checking-provider". */
BmsProviderFollower *bms_provider_follower_new (BmsAccount          *account,
                                                BmsProviderDetector *detector);

G_END_DECLS
