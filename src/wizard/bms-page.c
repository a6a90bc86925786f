/* bms-page.c: one page of the assistant.
 *
 * A page says whether it is complete (the assistant's Next button follows
 * that) and is told when it is shown. It reports to the window and the
 * assistant and never calls them: it steers the assistant through the
 * assistant's actions (assistant.show-page and the others, see
 * bms-assistant.c), and shows a toast through the window's action
 * win.show-toast, by bms_page_show_toast().
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
  GtkWidget            *initial_focus;  /* weak */
} BmsPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BmsPage, bms_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bms_page_dispose (GObject *object)
{
  BmsPage *self = (BmsPage *)object;
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_clear_object (&priv->account);
  g_clear_weak_pointer (&priv->initial_focus);

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

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, BMS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_page_init (BmsPage *self)
{
  /* A page without a field to start in takes the focus itself when it is
   * shown: Tab goes on to its first widget, Enter presses Next, and no key
   * meant for the page before acts on this one. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "wizard-page");
}

/**
 * bms_page_set_initial_focus:
 * @widget: (nullable): a widget of the page
 *
 * Where the keyboard focus goes when the page is shown: the field one
 * starts with. Without one, the page itself takes the focus.
 */
void
bms_page_set_initial_focus (BmsPage   *self,
                            GtkWidget *widget)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_if_fail (BMS_IS_PAGE (self));
  g_return_if_fail (widget == NULL || gtk_widget_is_ancestor (widget, GTK_WIDGET (self)));

  g_set_weak_pointer (&priv->initial_focus, widget);
}

/**
 * bms_page_focus:
 *
 * Gives the keyboard focus to the page: to its initial-focus widget when
 * that can take it, otherwise to the page itself.
 */
void
bms_page_focus (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_if_fail (BMS_IS_PAGE (self));

  if (priv->initial_focus != NULL &&
      gtk_widget_is_visible (priv->initial_focus) &&
      gtk_widget_is_sensitive (priv->initial_focus) &&
      gtk_widget_grab_focus (priv->initial_focus))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
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
  /* A screen reader names the page when it takes the focus. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, priv->title, -1);
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

BmsAccount *
bms_page_get_account (BmsPage *self)
{
  BmsPagePrivate *priv = bms_page_get_instance_private (self);

  g_return_val_if_fail (BMS_IS_PAGE (self), NULL);

  return priv->account;
}

void
bms_page_shown (BmsPage *self)
{
  g_return_if_fail (BMS_IS_PAGE (self));

  if (BMS_PAGE_GET_CLASS (self)->shown != NULL)
    BMS_PAGE_GET_CLASS (self)->shown (self);
}

/**
 * bms_page_show_toast:
 * @text: what the toast says
 * @timeout_seconds: how long it stays
 *
 * Shows a toast in the window's overlay, through the window's action
 * win.show-toast. A page outside such a window (in a test) shows none.
 */
void
bms_page_show_toast (BmsPage    *self,
                     const char *text,
                     guint       timeout_seconds)
{
  g_return_if_fail (BMS_IS_PAGE (self));
  g_return_if_fail (text != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "(su)", text, timeout_seconds);
}
