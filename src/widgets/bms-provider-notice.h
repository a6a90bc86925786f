/* bms-provider-notice.h: what the provider of the address means for a page.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bms-account.h"

G_BEGIN_DECLS

/**
 * BmsProviderTopic:
 * @BMS_PROVIDER_TOPIC_GOOGLE_ACCOUNT: the page about the Google account
 * @BMS_PROVIDER_TOPIC_IMAP: the page about Gmail's IMAP
 * @BMS_PROVIDER_TOPIC_FORM: the BizMagic form, with Gmail's servers filled in
 *
 * What the page with the notice is about, which decides what is said.
 */
typedef enum {
  BMS_PROVIDER_TOPIC_GOOGLE_ACCOUNT, /*< nick=google-account >*/
  BMS_PROVIDER_TOPIC_IMAP,
  BMS_PROVIDER_TOPIC_FORM,
} BmsProviderTopic;

#define BMS_TYPE_PROVIDER_NOTICE (bms_provider_notice_get_type ())
G_DECLARE_FINAL_TYPE (BmsProviderNotice, bms_provider_notice, BMS, PROVIDER_NOTICE, GtkWidget)

void bms_provider_notice_set_account (BmsProviderNotice *self,
                                      BmsAccount        *account);
void bms_provider_notice_set_topic   (BmsProviderNotice *self,
                                      BmsProviderTopic   topic);

G_END_DECLS

#include "bms-widgets-enums.h"
