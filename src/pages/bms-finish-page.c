/* bms-finish-page.c: the values to enter into BizMagic.
 *
 * Every value of BizMagic's form, under BizMagic's label, each with a copy
 * button, and the two buttons to press in BizMagic at the end. Passwords are
 * shown as dots; their copy button reads them from the account only when
 * pressed, so the page keeps no copy of a secret.
 *
 * Arriving here saves the account: the settings as a profile, the passwords
 * in the keyring. It is saved once: going Back and Next again saves it
 * again only when something changed since, as what the page says was saved
 * is then still true. When the keyring cannot take the passwords, the page
 * says so, keeps the profile without passwords, and offers to try again;
 * nothing falls back to a file.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bms-field.h"
#include "bms-finish-page.h"
#include "bms-keyring.h"
#include "bms-mutf7.h"
#include "bms-profile.h"

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
  { N_("E-ma_il address"), "email", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Outgoing mail a_ccount name"), "smtp-user", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Outgoing mail account _password"), "smtp-password", VALUE_SECRET, SHOW_ALWAYS },
  { N_("Outgoin_g mail server"), "smtp-host", VALUE_TEXT, SHOW_ALWAYS },
  { N_("Outgoing mail server p_ort number"), "smtp-port", VALUE_PORT, SHOW_ALWAYS },
  { N_("Encr_yption"), "smtp-security", VALUE_SECURITY, SHOW_ALWAYS },
  { N_("Sender na_me"), "sender-name", VALUE_TEXT, SHOW_ALWAYS },
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
  GtkStack             *save_status;
  GtkLabel             *save_label;
  GtkWidget            *save_again_button;
  GPtrArray            *value_rows;
  GCancellable         *save_cancellable;
  gboolean              changed_since_saved;
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

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  if (value->kind == VALUE_SECRET)
    explicit_bzero (text, strlen (text));

  bms_page_show_toast (BMS_PAGE (self), _("Copied"), 5);
}

static GtkWidget *
create_value_row (BmsFinishPage       *self,
                  const BizMagicValue *value)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *text = value_to_text (account, value);
  g_autofree char *copy_label = NULL;
  g_autofree char *title = bms_label_without_mnemonic (_(value->label));
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
show_save_result (BmsFinishPage *self,
                  const char    *status,
                  const char    *text)
{
  gtk_stack_set_visible_child_name (self->save_status, status);
  gtk_spinner_set_spinning (GTK_SPINNER (gtk_stack_get_child_by_name (self->save_status, "saving")),
                            g_str_equal (status, "saving"));
  gtk_label_set_text (self->save_label, text);
  gtk_widget_set_visible (self->save_again_button, g_str_equal (status, "failed"));
}

static void
passwords_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BmsFinishPage) self = user_data;
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!bms_keyring_store_account_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s is a keyring problem; the second %s a file name. */
      text = g_strdup_printf (_("%s\nThe other settings were saved in %s, without the passwords."),
                              error->message, bms_profile_get_path (account));
      show_save_result (self, "failed", text);
      return;
    }

  /* Translators: %s is the file that keeps the settings. */
  text = g_strdup_printf (_("Saved on this computer: the settings in %s, the passwords in the keyring."),
                          bms_profile_get_path (account));
  show_save_result (self, "saved", text);
}

static void
store_passwords (BmsFinishPage *self)
{
  bms_keyring_store_account_async (bms_page_get_account (BMS_PAGE (self)), self->save_cancellable,
                                   passwords_stored_cb, g_object_ref (self));
}

static void
old_passwords_cleared_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(BmsFinishPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Left-over passwords of the old address are no reason not to save. */
  if (!bms_keyring_clear_account_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  store_passwords (self);
}

/* An account edited to another address is saved under its new address; the
 * old profile and the old passwords go, before the new ones are stored (they
 * may share keyring entries). */
static gboolean
forget_old_account (BmsFinishPage *self,
                    const char    *old_path)
{
  g_autoptr(BmsAccount) old_account = bms_account_new ();

  if (!bms_profile_load (old_path, old_account, NULL))
    return FALSE;

  bms_profile_remove (old_path, NULL);
  bms_keyring_clear_account_async (old_account, self->save_cancellable,
                                   old_passwords_cleared_cb, g_object_ref (self));
  return TRUE;
}

void
bms_finish_page_save (BmsFinishPage *self)
{
  BmsAccount *account;
  g_autofree char *dir = bms_profile_default_dir ();
  g_autofree char *path = NULL;
  g_autofree char *old_path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BMS_IS_FINISH_PAGE (self));

  account = bms_page_get_account (BMS_PAGE (self));
  path = bms_profile_path_for_email (dir, bms_account_get_email (account));
  old_path = g_strdup (bms_profile_get_path (account));

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  self->changed_since_saved = FALSE;

  show_save_result (self, "saving", _("Saving…"));

  if (!bms_profile_save (account, path, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why, e.g. that the disk is full. */
      text = g_strdup_printf (_("The settings could not be saved on this computer: %s"), error->message);
      show_save_result (self, "failed", text);
      return;
    }

  if (old_path != NULL && !g_str_equal (old_path, path) && forget_old_account (self, old_path))
    return;

  store_passwords (self);
}

static void
bms_finish_page_shown (BmsPage *page)
{
  BmsFinishPage *self = BMS_FINISH_PAGE (page);

  rebuild_value_rows (self);
  if (self->changed_since_saved)
    bms_finish_page_save (self);
}

static void
account_changed_cb (BmsFinishPage *self)
{
  self->changed_since_saved = TRUE;
}

static void
bms_finish_page_constructed (GObject *object)
{
  BmsFinishPage *self = BMS_FINISH_PAGE (object);

  G_OBJECT_CLASS (bms_finish_page_parent_class)->constructed (object);

  g_signal_connect_object (bms_page_get_account (BMS_PAGE (self)), "notify",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bms_finish_page_dispose (GObject *object)
{
  BmsFinishPage *self = (BmsFinishPage *)object;

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_FINISH_PAGE);

  G_OBJECT_CLASS (bms_finish_page_parent_class)->dispose (object);
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

  object_class->constructed = bms_finish_page_constructed;
  object_class->dispose = bms_finish_page_dispose;
  object_class->finalize = bms_finish_page_finalize;
  page_class->shown = bms_finish_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-finish-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsFinishPage, values_group);
  gtk_widget_class_bind_template_child (widget_class, BmsFinishPage, save_status);
  gtk_widget_class_bind_template_child (widget_class, BmsFinishPage, save_label);
  gtk_widget_class_bind_template_child (widget_class, BmsFinishPage, save_again_button);
  gtk_widget_class_bind_template_callback (widget_class, bms_finish_page_save);
}

static void
bms_finish_page_init (BmsFinishPage *self)
{
  self->value_rows = g_ptr_array_new ();
  /* Not saved yet: the first arrival saves. */
  self->changed_since_saved = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  bms_page_set_title (BMS_PAGE (self), _("Enter the Values into BizMagic"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
