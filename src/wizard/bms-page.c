/* bms-page.c: one page of the assistant.
 *
 * A page says whether it is complete (the assistant's Next button follows
 * that), and may check its values asynchronously before the assistant moves
 * on: bms_page_apply_begin() starts the check with a fresh cancellable, the
 * page ends it with bms_page_apply_complete(), and Cancel ends it through
 * bms_page_apply_cancel(). While a check runs the page is "applying".
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-page.h"

typedef struct
{
  char                 *title;
  BmsAccount           *account;
  gboolean              complete;

  GCancellable         *apply_cancellable;
  BmsPageApplyCallback  apply_callback;
  gpointer              apply_data;
} BmsPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BmsPage, bms_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_APPLYING,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
bms_page_real_apply (BmsPage      *self,
                     GCancellable *cancellable)
{
  return FALSE;
}

static void
bms_page_dispose (GObject *object)
{
  BmsPage *self = (BmsPage *)object;
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  if (priv->apply_cancellable != NULL)
    g_cancellable_cancel (priv->apply_cancellable);
  g_clear_object (&priv->apply_cancellable);
  g_clear_object (&priv->account);

  G_OBJECT_CLASS (bms_page_parent_class)->dispose (object);
}

static void
bms_page_finalize (GObject *object)
{
  BmsPage *self = (BmsPage *)object;
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_free (priv->title);

  G_OBJECT_CLASS (bms_page_parent_class)->finalize (object);
}

static void
bms_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BmsPage *self = BMS_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, bms_page_get_title (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, bms_page_get_complete (self));
      break;
    case PROP_APPLYING:
      g_value_set_boolean (value, bms_page_get_applying (self));
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, bms_page_get_account (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  BmsPage *self = BMS_PAGE (object);
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TITLE:
      bms_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      bms_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_ACCOUNT:
      priv->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_page_class_init (BmsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bms_page_dispose;
  object_class->finalize = bms_page_finalize;
  object_class->get_property = bms_page_get_property;
  object_class->set_property = bms_page_set_property;

  klass->apply = bms_page_real_apply;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, BMS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_page_init (BmsPage *self)
{
}

const char *
bms_page_get_title (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_val_if_fail (BMS_IS_PAGE (self), NULL);

  return priv->title != NULL ? priv->title : "";
}

void
bms_page_set_title (BmsPage    *self,
                    const char *title)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_if_fail (BMS_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
bms_page_get_complete (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_val_if_fail (BMS_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
bms_page_set_complete (BmsPage  *self,
                       gboolean  complete)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_if_fail (BMS_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
bms_page_get_applying (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_val_if_fail (BMS_IS_PAGE (self), FALSE);

  return priv->apply_cancellable != NULL;
}

BmsAccount *
bms_page_get_account (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_val_if_fail (BMS_IS_PAGE (self), NULL);

  return priv->account;
}

void
bms_page_apply_begin (BmsPage              *self,
                      BmsPageApplyCallback  callback,
                      gpointer              user_data)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_if_fail (BMS_IS_PAGE (self));
  g_return_if_fail (priv->apply_cancellable == NULL);

  priv->apply_cancellable = g_cancellable_new ();
  priv->apply_callback = callback;
  priv->apply_data = user_data;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);

  if (!BMS_PAGE_GET_CLASS (self)->apply (self, priv->apply_cancellable))
    bms_page_apply_complete (self, TRUE);
}

/* Ends the check started by bms_page_apply_begin(). A check that was
 * cancelled never lets the assistant move on, whatever it found. */
void
bms_page_apply_complete (BmsPage  *self,
                         gboolean  valid)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);
  g_autoptr(GCancellable) cancellable = NULL;
  BmsPageApplyCallback callback;
  gpointer user_data;

  g_return_if_fail (BMS_IS_PAGE (self));
  g_return_if_fail (priv->apply_cancellable != NULL);

  cancellable = g_steal_pointer (&priv->apply_cancellable);
  callback = g_steal_pointer (&priv->apply_callback);
  user_data = g_steal_pointer (&priv->apply_data);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);

  if (callback != NULL)
    callback (self, valid && !g_cancellable_is_cancelled (cancellable), user_data);
}

void
bms_page_apply_cancel (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_if_fail (BMS_IS_PAGE (self));

  if (priv->apply_cancellable != NULL)
    g_cancellable_cancel (priv->apply_cancellable);
}

void
bms_page_shown (BmsPage *self)
{
  g_return_if_fail (BMS_IS_PAGE (self));

  if (BMS_PAGE_GET_CLASS (self)->shown != NULL)
    BMS_PAGE_GET_CLASS (self)->shown (self);
}
