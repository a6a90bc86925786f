/* bms-qr-code.c: a web address to hand to the employee.
 *
 * Creating an app password needs the employee's own Google sign-in and
 * phone, so the addresses of Google's pages are meant to be passed on: the
 * address itself, selectable and copyable (it is also what a browser that
 * cannot be opened leaves the administrator with), and a QR code that the
 * employee's phone camera opens.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <qrencode.h>

#include "bms-qr-code.h"

#define QUIET_ZONE_MODULES 4

GdkTexture *
bms_qr_code_render (const char *text,
                    int         module_pixels)
{
  g_autoptr(GBytes) bytes = NULL;
  QRcode *code;
  guchar *pixels;
  int modules;
  int side;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (module_pixels > 0, NULL);

  /* Medium error correction: a phone reads it off a screen at a glance. */
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    return NULL;

  modules = code->width + 2 * QUIET_ZONE_MODULES;
  side = modules * module_pixels;
  /* Grey, one byte per pixel: white, and black where a module is dark. */
  pixels = g_malloc (side * side);
  memset (pixels, 0xff, side * side);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      {
        if (!(code->data[y * code->width + x] & 1))
          continue;
        for (int dy = 0; dy < module_pixels; dy++)
          memset (pixels + ((y + QUIET_ZONE_MODULES) * module_pixels + dy) * side +
                  (x + QUIET_ZONE_MODULES) * module_pixels,
                  0x00, module_pixels);
      }
  QRcode_free (code);

  /* Three bytes per pixel, as GDK 4.8 has no grey memory format. */
  {
    guchar *rgb = g_malloc ((gsize) side * side * 3);

    for (gsize i = 0; i < (gsize) side * side; i++)
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
    g_free (pixels);
    bytes = g_bytes_new_take (rgb, (gsize) side * side * 3);
  }

  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, (gsize) side * 3);
}

struct _BmsLinkShare
{
  GtkBox      parent_instance;

  char       *uri;
  GtkLabel   *address_label;
  GtkWidget  *copy_button;
  GtkWidget  *qr_button;
  GtkPicture *qr_picture;
};

G_DEFINE_FINAL_TYPE (BmsLinkShare, bms_link_share, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
copy_clicked_cb (BmsLinkShare *self)
{
  g_autofree char *text = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->uri);
  /* Translators: %s is a web address. */
  text = g_strdup_printf (_("Copied “%s”"), self->uri);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "(su)", text, (guint32) 5);
}

static void
update_code (BmsLinkShare *self)
{
  g_autoptr(GdkTexture) texture = self->uri != NULL ? bms_qr_code_render (self->uri, 6) : NULL;

  gtk_label_set_text (self->address_label, self->uri != NULL ? self->uri : "");
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->qr_button, texture != NULL);
}

const char *
bms_link_share_get_uri (BmsLinkShare *self)
{
  g_return_val_if_fail (BMS_IS_LINK_SHARE (self), NULL);

  return self->uri;
}

void
bms_link_share_set_uri (BmsLinkShare *self,
                        const char   *uri)
{
  g_return_if_fail (BMS_IS_LINK_SHARE (self));

  if (g_strcmp0 (self->uri, uri) == 0)
    return;

  g_free (self->uri);
  self->uri = g_strdup (uri);
  update_code (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
}

GtkWidget *
bms_link_share_new (const char *uri)
{
  return g_object_new (BMS_TYPE_LINK_SHARE, "uri", uri, NULL);
}

static void
bms_link_share_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BmsLinkShare *self = BMS_LINK_SHARE (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_link_share_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BmsLinkShare *self = BMS_LINK_SHARE (object);

  switch (prop_id)
    {
    case PROP_URI:
      bms_link_share_set_uri (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_link_share_finalize (GObject *object)
{
  BmsLinkShare *self = BMS_LINK_SHARE (object);

  g_free (self->uri);

  G_OBJECT_CLASS (bms_link_share_parent_class)->finalize (object);
}

static void
bms_link_share_class_init (BmsLinkShareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bms_link_share_get_property;
  object_class->set_property = bms_link_share_set_property;
  object_class->finalize = bms_link_share_finalize;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_link_share_init (BmsLinkShare *self)
{
  GtkWidget *popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *phone_label = gtk_label_new (_("Scan with the employee's phone to open this page there."));
  GtkWidget *popover = gtk_popover_new ();

  gtk_box_set_spacing (GTK_BOX (self), 6);

  /* Shown whatever a browser does: it can be read out or typed elsewhere. */
  self->address_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->address_label, TRUE);
  gtk_label_set_wrap (self->address_label, TRUE);
  gtk_label_set_wrap_mode (self->address_label, PANGO_WRAP_CHAR);
  gtk_label_set_xalign (self->address_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->address_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->address_label), "monospace");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->address_label));

  self->copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (self->copy_button, _("Copy the address"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the address"), -1);
  gtk_widget_add_css_class (self->copy_button, "flat");
  gtk_widget_set_valign (self->copy_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), self->copy_button);

  self->qr_picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->qr_picture, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code of the address"), -1);
  gtk_label_set_wrap (GTK_LABEL (phone_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (phone_label), 30);
  gtk_box_append (GTK_BOX (popover_box), GTK_WIDGET (self->qr_picture));
  gtk_box_append (GTK_BOX (popover_box), phone_label);
  gtk_popover_set_child (GTK_POPOVER (popover), popover_box);

  self->qr_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->qr_button), "phone-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->qr_button), popover);
  gtk_widget_set_tooltip_text (self->qr_button, _("Show a QR code for the employee's phone"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show a QR code for the employee's phone"), -1);
  gtk_widget_add_css_class (self->qr_button, "flat");
  gtk_widget_set_valign (self->qr_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->qr_button, FALSE);
  gtk_box_append (GTK_BOX (self), self->qr_button);
}
