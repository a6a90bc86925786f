/* bms-provider-follower.c: keeps an account's provider up to date with its
 * e-mail address.
 *
 * When the address changes, the provider it had is forgotten at once (it
 * was another domain's), and once the address has stayed the same for a
 * moment the detector is asked. A lookup of an address that has changed
 * again since is cancelled: only the latest answer is ever shown.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-provider-follower.h"

struct _BmsProviderFollower
{
  GObject              parent_instance;

  BmsAccount          *account;   /* weak: the follower belongs to its user, not the account */
  BmsProviderDetector *detector;
  GCancellable        *cancellable;
  guint                delay_id;
  char                *domain;    /* the domain of the provider shown or being looked up */
};

G_DEFINE_FINAL_TYPE (BmsProviderFollower, bms_provider_follower, G_TYPE_OBJECT)

static void
stop_lookup (BmsProviderFollower *self)
{
  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BmsProviderFollower) self = user_data;
  g_autoptr(BmsProviderResult) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = bms_provider_detector_lookup_finish (BMS_PROVIDER_DETECTOR (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->account == NULL)
    return;

  g_clear_object (&self->cancellable);
  bms_account_set_provider (self->account, provider);
  bms_account_set_checking_provider (self->account, FALSE);
}

static gboolean
look_up_cb (gpointer user_data)
{
  BmsProviderFollower *self = user_data;

  self->delay_id = 0;
  self->cancellable = g_cancellable_new ();
  bms_provider_detector_lookup_async (self->detector, bms_account_get_email (self->account),
                                      self->cancellable, looked_up_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
email_changed_cb (BmsProviderFollower *self)
{
  g_autofree char *domain = bms_provider_domain_of_address (bms_account_get_email (self->account));
  BmsProviderResult *shown = bms_account_get_provider (self->account);

  /* The same domain: what is shown, or being looked up, still holds. */
  if (domain != NULL && g_strcmp0 (domain, self->domain) == 0 &&
      (shown != NULL || bms_account_get_checking_provider (self->account)))
    return;

  stop_lookup (self);
  g_free (self->domain);
  self->domain = g_steal_pointer (&domain);
  bms_account_set_provider (self->account, NULL);
  bms_account_set_checking_provider (self->account, self->domain != NULL);

  if (self->domain != NULL)
    self->delay_id = g_timeout_add (BMS_PROVIDER_FOLLOWER_DELAY_MS, look_up_cb, self);
}

static void
bms_provider_follower_dispose (GObject *object)
{
  BmsProviderFollower *self = BMS_PROVIDER_FOLLOWER (object);

  stop_lookup (self);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->account, self);
      g_object_remove_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
      self->account = NULL;
    }
  g_clear_object (&self->detector);

  G_OBJECT_CLASS (bms_provider_follower_parent_class)->dispose (object);
}

static void
bms_provider_follower_finalize (GObject *object)
{
  g_free (BMS_PROVIDER_FOLLOWER (object)->domain);

  G_OBJECT_CLASS (bms_provider_follower_parent_class)->finalize (object);
}

static void
bms_provider_follower_class_init (BmsProviderFollowerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bms_provider_follower_dispose;
  object_class->finalize = bms_provider_follower_finalize;
}

static void
bms_provider_follower_init (BmsProviderFollower *self)
{
}

BmsProviderFollower *
bms_provider_follower_new (BmsAccount          *account,
                           BmsProviderDetector *detector)
{
  BmsProviderFollower *self;

  g_return_val_if_fail (BMS_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (BMS_IS_PROVIDER_DETECTOR (detector), NULL);

  self = g_object_new (BMS_TYPE_PROVIDER_FOLLOWER, NULL);
  self->account = account;
  g_object_add_weak_pointer (G_OBJECT (account), (gpointer *) &self->account);
  self->detector = g_object_ref (detector);
  g_signal_connect_swapped (account, "notify::email", G_CALLBACK (email_changed_cb), self);
  email_changed_cb (self);

  return self;
}
