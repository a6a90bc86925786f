/* bms-finish-page.c: the values to enter into BizMagic.
 *
 * Every value of BizMagic's form, under BizMagic's label, each with a copy
 * button, and the two buttons to press in BizMagic at the end. Passwords are
 * shown as dots; their copy button reads them from the account only when
 * pressed, so the page keeps no copy of a secret.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-finish-page.h"
#include "bms-mutf7.h"

typedef enum {
  VALUE_TEXT,
  VALUE_SECRET,
  VALUE_PORT,
  VALUE_SECURITY,
  VALUE_FLAG,
  VALUE_FOLDER,
} ValueKind;

typedef enum {
  SHOW_ALWAYS,
  SHOW_WHEN_SAVING,        /* only with 送信済みメール保存 checked */
  SHOW_WHEN_OWN_LOGIN,     /* only when saving with a login of its own */
} ValueCondition;

typedef struct
{
  const char     *label;
  const char     *property;
  ValueKind       kind;
  ValueCondition  condition;
} BizMagicValue;

/* BizMagic's form, top to bottom. The labels are the same as on the form page. */
static const BizMagicValue bizmagic_values[] = {
  { N_("_Employee name"), "employee-name", VALUE_TEXT, SHOW_ALWAYS },
  { N_("E-_mail address"), "email", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Outgoing mail _account name"), "smtp-user", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Outgoing mail account _password"), "smtp-password", VALUE_SECRET, SHOW_ALWAYS },
  { N_("Outgoing mail _server"), "smtp-host", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Outgoing mail server p_ort number"), "smtp-port", VALUE_PORT, SHOW_ALWAYS },
  { N_("Encr_yption"), "smtp-security", VALUE_SECURITY, SHOW_ALWAYS },
  { N_("Se_nder name"), "sender-name", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Save sent mail"), "save-sent", VALUE_FLAG, SHOW_ALWAYS },
  { N_("Mailbox account settings"), "imap-same-as-smtp", VALUE_FLAG, SHOW_WHEN_SAVING },
  { N_("IMAP mail acco_unt name"), "imap-user", VALUE_TEXT, SHOW_WHEN_OWN_LOGIN },
  { N_("IMAP mail account pass_word"), "imap-password", VALUE_SECRET, SHOW_WHEN_OWN_LOGIN },
  { N_("IMAP mail ser_ver"), "imap-host", VALUE_TEXT, SHOW_WHEN_SAVING },
  { N_("IMAP mail server po_rt number"), "imap-port", VALUE_PORT, SHOW_WHEN_SAVING },
  { N_("Encryp_tion"), "imap-security", VALUE_SECURITY, SHOW_WHEN_SAVING },
  { N_("Sent mail _folder"), "sent-folder", VALUE_FOLDER, SHOW_WHEN_SAVING },
  { N_("Add own address as BCC"), "bcc-self", VALUE_FLAG, SHOW_ALWAYS },
  { N_("Send e-mail to the employee"), "notify-employee", VALUE_FLAG, SHOW_ALWAYS },
};

struct _BmsFinishPage
{
  BmsPage               parent_instance;

  AdwPreferencesGroup  *values_group;
  GPtrArray            *value_rows;
};

G_DEFINE_FINAL_TYPE (BmsFinishPage, bms_finish_page, BMS_TYPE_PAGE)

static gboolean
is_shown (BmsAccount          *account,
          const BizMagicValue *value)
{
  switch (value->condition)
    {
    case SHOW_WHEN_SAVING:
      return bms_account_get_save_sent (account);
    case SHOW_WHEN_OWN_LOGIN:
      return bms_account_get_save_sent (account) && !bms_account_get_imap_same_as_smtp (account);
    case SHOW_ALWAYS:
    default:
      return TRUE;
    }
}

/* The value as the administrator types or picks it in BizMagic. */
static char *
value_to_text (BmsAccount          *account,
               const BizMagicValue *value)
{
  g_auto(GValue) property = G_VALUE_INIT;

  g_object_get_property (G_OBJECT (account), value->property, &property);

  switch (value->kind)
    {
    case VALUE_SECRET:
      return g_strdup ("••••••••••••••••");
    case VALUE_PORT:
      return g_strdup_printf ("%u", g_value_get_uint (&property));
    case VALUE_SECURITY:
      return g_strdup (bms_security_get_label (g_value_get_enum (&property)));
    case VALUE_FLAG:
      /* Translators: the state of a check box in BizMagic's form. */
      return g_strdup (g_value_get_boolean (&property) ? _("Checked") : _("Not checked"));
    case VALUE_FOLDER:
      {
        char *decoded = bms_mutf7_decode (g_value_get_string (&property), NULL);

        return decoded != NULL ? decoded : g_value_dup_string (&property);
      }
    case VALUE_TEXT:
    default:
      return g_value_dup_string (&property);
    }
}

static char *
value_to_clipboard (BmsAccount          *account,
                    const BizMagicValue *value)
{
  if (value->kind == VALUE_SECRET)
    {
      g_autofree char *secret = NULL;

      g_object_get (account, value->property, &secret, NULL);
      return g_steal_pointer (&secret);
    }

  return value_to_text (account, value);
}

static void
copy_clicked_cb (GtkButton     *button,
                 BmsFinishPage *self)
{
  const BizMagicValue *value = g_object_get_data (G_OBJECT (button), "bms-value");
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *text = value_to_clipboard (account, value);
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  if (value->kind == VALUE_SECRET)
    explicit_bzero (text, strlen (text));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Copied")));
}

/* "Outgoing mail _server" → "Outgoing mail server", for the copy button's name. */
static char *
row_title_without_mnemonic (const char *label)
{
  g_autoptr(GString) title = g_string_new (_(label));

  g_string_replace (title, "_", "", 0);
  return g_string_free (g_steal_pointer (&title), FALSE);
}

static GtkWidget *
create_value_row (BmsFinishPage       *self,
                  const BizMagicValue *value)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *text = value_to_text (account, value);
  g_autofree char *copy_label = NULL;
  g_autofree char *title = row_title_without_mnemonic (value->label);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text[0] != '\0' ? text : _("(empty)"));
  gtk_widget_add_css_class (row, "property");

  /* Translators: the tooltip and accessible name of a copy button; %s is a field of the form. */
  copy_label = g_strdup_printf (_("Copy “%s”"), title);
  gtk_widget_set_tooltip_text (copy_button, copy_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                  -1);
  gtk_widget_set_valign (copy_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy_button, "flat");
  g_object_set_data (G_OBJECT (copy_button), "bms-value", (gpointer) value);
  g_signal_connect (copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button);

  return row;
}

static void
rebuild_value_rows (BmsFinishPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));

  for (guint i = 0; i < self->value_rows->len; i++)
    adw_preferences_group_remove (self->values_group, g_ptr_array_index (self->value_rows, i));
  g_ptr_array_set_size (self->value_rows, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bizmagic_values); i++)
    {
      GtkWidget *row;

      if (!is_shown (account, &bizmagic_values[i]))
        continue;

      row = create_value_row (self, &bizmagic_values[i]);
      adw_preferences_group_add (self->values_group, row);
      g_ptr_array_add (self->value_rows, row);
    }
}

static void
bms_finish_page_shown (BmsPage *page)
{
  rebuild_value_rows (BMS_FINISH_PAGE (page));
}

static void
bms_finish_page_finalize (GObject *object)
{
  BmsFinishPage *self = (BmsFinishPage *)object;

  g_ptr_array_unref (self->value_rows);

  G_OBJECT_CLASS (bms_finish_page_parent_class)->finalize (object);
}

static void
bms_finish_page_class_init (BmsFinishPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BmsPageClass *page_class = BMS_PAGE_CLASS (klass);

  object_class->finalize = bms_finish_page_finalize;
  page_class->shown = bms_finish_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-finish-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsFinishPage, values_group);
}

static void
bms_finish_page_init (BmsFinishPage *self)
{
  self->value_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  bms_page_set_title (BMS_PAGE (self), _("Enter the Values into BizMagic"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
