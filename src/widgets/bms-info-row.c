/* bms-info-row.c: a row of text in a list: a title and a line that explains it.
 *
 * The welcome page's lists are text to read, not controls. An AdwActionRow
 * would look the same, but GTK 4.8 asks its header (which has a CSS minimum
 * height) for its width at that height, and the wrapped labels inside answer
 * with a search over widths, each step a new Pango layout: the six rows of
 * the welcome page cost 4,400 of the 6,300 text shapings before the first
 * frame (counted with uprobes on pango_shape_item). This row is a plain box
 * of two labels, measured only for the widths it is given. Like an
 * AdwActionRow, it gives screen readers its title as its name and its
 * subtitle as its description.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-info-row.h"

struct _BmsInfoRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
};

G_DEFINE_FINAL_TYPE (BmsInfoRow, bms_info_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
create_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);

  return GTK_LABEL (label);
}

static void
bms_info_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BmsInfoRow *self = BMS_INFO_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, bms_info_row_get_title (self));
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, bms_info_row_get_subtitle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_info_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BmsInfoRow *self = BMS_INFO_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      bms_info_row_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      bms_info_row_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_info_row_class_init (BmsInfoRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bms_info_row_get_property;
  object_class->set_property = bms_info_row_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_info_row_init (BmsInfoRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  /* Text to read: nothing happens when it is clicked or activated. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);

  gtk_widget_add_css_class (box, "info-row");
  self->title_label = create_label ();
  self->subtitle_label = create_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "secondary-text");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "info-row-subtitle");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->subtitle_label));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

const char *
bms_info_row_get_title (BmsInfoRow *self)
{
  g_return_val_if_fail (BMS_IS_INFO_ROW (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
bms_info_row_set_title (BmsInfoRow *self,
                        const char *title)
{
  g_return_if_fail (BMS_IS_INFO_ROW (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_label (self->title_label),
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
bms_info_row_get_subtitle (BmsInfoRow *self)
{
  g_return_val_if_fail (BMS_IS_INFO_ROW (self), NULL);

  return gtk_label_get_label (self->subtitle_label);
}

void
bms_info_row_set_subtitle (BmsInfoRow *self,
                           const char *subtitle)
{
  g_return_if_fail (BMS_IS_INFO_ROW (self));

  if (g_strcmp0 (subtitle, gtk_label_get_label (self->subtitle_label)) == 0)
    return;

  gtk_label_set_label (self->subtitle_label, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL && subtitle[0] != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_label (self->subtitle_label),
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}
