/* bms-form-page.c: BizMagic's employee mail account form, field by field.
 *
 * The fields are BizMagic's own, in its order and under its labels, so that
 * the administrator can copy them across. Their labels, hints and kinds are
 * those of the table of BizMagic's fields (bms-fields.h); tests/test-fields.c
 * fails when the template and the table disagree. Each field is bound to the
 * account; each has a rule from bms-validate.c, and its problem is shown
 * under it. Next is enabled only when every field that matters is valid:
 * the IMAP fields matter only when sent mail is saved.
 *
 * What the administrator typed is never thrown away: a port such as "12a"
 * stays in its field with a message, and only valid ports reach the account.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-diagnosis.h"
#include "bms-field.h"
#include "bms-fields.h"
#include "bms-folder-chooser.h"
#include "bms-form-page.h"
#include "bms-provider-notice.h"
#include "bms-imap.h"
#include "bms-mutf7.h"
#include "bms-validate.h"

/* Problems are shown a moment after typing stops, not at every key. */
#define SHOW_PROBLEMS_DELAY_MS 400

typedef gboolean (*BmsTextRule) (const char  *text,
                                 GError     **error);

/* A typed field of the form: the entry the administrator types into and
 * the message under it, as template children of the page. */
typedef struct
{
  BmsFieldId   field;
  gsize        entry_offset;
  gsize        message_offset;
  BmsTextRule  rule;
} FormField;

typedef struct
{
  BmsFieldId  field;
  BmsFieldId  host_field;      /* whose host decides what is allowed */
  gsize       dropdown_offset;
  gsize       message_offset;
} SecurityField;

typedef struct
{
  BmsFieldId  field;
  gsize       check_offset;
} CheckField;

struct _BmsFormPage
{
  BmsPage    parent_instance;

  BmsProviderNotice *provider_notice;
  GtkLabel  *summary_label;
  GtkWidget *fetch_folders_button;
  GtkWidget *fetch_folders_spinner;
  GCancellable *fetch_cancellable;
  GtkWidget *imap_box;
  GtkWidget *imap_user_row;
  GtkWidget *imap_password_row;
  GtkWidget *imap_same_row;

  /* Each field's widgets, named as in the template. */
  GtkWidget *employee_name_entry;
  GtkWidget *employee_name_message;
  GtkWidget *email_entry;
  GtkWidget *email_message;
  GtkWidget *smtp_user_entry;
  GtkWidget *smtp_user_message;
  GtkWidget *smtp_password_entry;
  GtkWidget *smtp_password_message;
  GtkWidget *smtp_host_entry;
  GtkWidget *smtp_host_message;
  GtkWidget *smtp_port_entry;
  GtkWidget *smtp_port_message;
  GtkWidget *smtp_security_dropdown;
  GtkWidget *smtp_security_message;
  GtkWidget *sender_name_entry;
  GtkWidget *sender_name_message;
  GtkWidget *save_sent_check;
  GtkWidget *imap_same_check;
  GtkWidget *imap_user_entry;
  GtkWidget *imap_user_message;
  GtkWidget *imap_password_entry;
  GtkWidget *imap_password_message;
  GtkWidget *imap_host_entry;
  GtkWidget *imap_host_message;
  GtkWidget *imap_port_entry;
  GtkWidget *imap_port_message;
  GtkWidget *imap_security_dropdown;
  GtkWidget *imap_security_message;
  GtkWidget *sent_folder_entry;
  GtkWidget *sent_folder_message;
  GtkLabel  *fetch_folders_message;
  GtkWidget *bcc_self_check;
  GtkWidget *notify_employee_check;

  /* Fields the administrator has changed: only their problems are shown,
   * so that an empty form does not greet them in red. */
  GHashTable *touched;
  /* Each security field's choices, all three in BmsSecurity's order, and
   * the filter that leaves "None" out for Gmail's servers. */
  GListModel *security_choices[2];
  GtkFilter  *security_filter[2];
  /* The security fields for which "None" was confirmed. */
  gboolean    plain_text_confirmed[2];
  guint       show_problems_source;
  gboolean    updating_security;
  /* The security field "None" is being confirmed for, and its value before. */
  guint       confirming_index;
  BmsSecurity security_before_confirming;
};

static gboolean validate_port_text (const char  *text,
                                    GError     **error);

#define WIDGET(member) G_STRUCT_OFFSET (BmsFormPage, member)

/* The form's part of each field; the rest (kind, when it matters, label,
 * hint) is in the table of BizMagic's fields. */
static const FormField text_fields[] = {
  { BMS_FIELD_EMPLOYEE_NAME, WIDGET (employee_name_entry), WIDGET (employee_name_message), bms_validate_single_line },
  { BMS_FIELD_EMAIL, WIDGET (email_entry), WIDGET (email_message), bms_validate_email_address },
  { BMS_FIELD_SMTP_USER, WIDGET (smtp_user_entry), WIDGET (smtp_user_message), bms_validate_user_name },
  { BMS_FIELD_SMTP_PASSWORD, WIDGET (smtp_password_entry), WIDGET (smtp_password_message), bms_validate_password },
  { BMS_FIELD_SMTP_HOST, WIDGET (smtp_host_entry), WIDGET (smtp_host_message), bms_validate_host },
  { BMS_FIELD_SMTP_PORT, WIDGET (smtp_port_entry), WIDGET (smtp_port_message), validate_port_text },
  { BMS_FIELD_SENDER_NAME, WIDGET (sender_name_entry), WIDGET (sender_name_message), bms_validate_single_line },
  { BMS_FIELD_IMAP_USER, WIDGET (imap_user_entry), WIDGET (imap_user_message), bms_validate_user_name },
  { BMS_FIELD_IMAP_PASSWORD, WIDGET (imap_password_entry), WIDGET (imap_password_message), bms_validate_password },
  { BMS_FIELD_IMAP_HOST, WIDGET (imap_host_entry), WIDGET (imap_host_message), bms_validate_host },
  { BMS_FIELD_IMAP_PORT, WIDGET (imap_port_entry), WIDGET (imap_port_message), validate_port_text },
  { BMS_FIELD_SENT_FOLDER, WIDGET (sent_folder_entry), WIDGET (sent_folder_message), bms_validate_folder_name },
};

static const SecurityField security_fields[] = {
  { BMS_FIELD_SMTP_SECURITY, BMS_FIELD_SMTP_HOST, WIDGET (smtp_security_dropdown), WIDGET (smtp_security_message) },
  { BMS_FIELD_IMAP_SECURITY, BMS_FIELD_IMAP_HOST, WIDGET (imap_security_dropdown), WIDGET (imap_security_message) },
};

static const CheckField check_fields[] = {
  { BMS_FIELD_SAVE_SENT, WIDGET (save_sent_check) },
  { BMS_FIELD_IMAP_SAME_AS_SMTP, WIDGET (imap_same_check) },
  { BMS_FIELD_BCC_SELF, WIDGET (bcc_self_check) },
  { BMS_FIELD_NOTIFY_EMPLOYEE, WIDGET (notify_employee_check) },
};

#undef WIDGET

G_DEFINE_FINAL_TYPE (BmsFormPage, bms_form_page, BMS_TYPE_PAGE)

static gboolean
validate_port_text (const char  *text,
                    GError     **error)
{
  return bms_validate_port (text, NULL, error);
}

static GtkWidget *
widget_at (BmsFormPage *self,
           gsize        offset)
{
  return G_STRUCT_MEMBER (GtkWidget *, self, offset);
}

static const char *
property_of (BmsFieldId id)
{
  return bms_field_get (id)->property;
}

/* Checked only when sent mail is saved over IMAP. */
static gboolean
is_for_saving (BmsFieldId id)
{
  return bms_field_get (id)->scope != BMS_FIELD_SCOPE_ALWAYS;
}

static gboolean
saves_sent_mail (BmsFormPage *self)
{
  return bms_account_get_save_sent (bms_page_get_account (BMS_PAGE (self)));
}

static gboolean
check_text_field (BmsFormPage     *self,
                  const FormField *field,
                  GError         **error)
{
  GtkEditable *entry = GTK_EDITABLE (widget_at (self, field->entry_offset));

  if (is_for_saving (field->field) && !saves_sent_mail (self))
    return TRUE;

  return field->rule (gtk_editable_get_text (entry), error);
}

static gboolean
check_security_field (BmsFormPage *self,
                      guint        index,
                      GError     **error)
{
  const SecurityField *field = &security_fields[index];
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *host = NULL;
  BmsSecurity security;

  if (is_for_saving (field->field) && !saves_sent_mail (self))
    return TRUE;

  g_object_get (account, property_of (field->field), &security, property_of (field->host_field), &host, NULL);

  return bms_validate_security (security, host, self->plain_text_confirmed[index], error);
}

static void
show_field_problem (BmsFormPage  *self,
                    GtkWidget    *field,
                    GtkLabel     *message,
                    const GError *problem,
                    gboolean      show)
{
  if (problem != NULL && show)
    bms_field_show_problem (field, message, problem);
  else
    bms_field_clear_problem (field, message);
}

/* Checks every field; shows the problems of the touched ones when asked to,
 * and tells the assistant whether the form is complete. */
static void
revalidate (BmsFormPage *self,
            gboolean     show_problems)
{
  guint n_problems = 0;
  guint n_shown = 0;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const FormField *field = &text_fields[i];
      GtkWidget *entry = widget_at (self, field->entry_offset);
      GtkLabel *message = GTK_LABEL (widget_at (self, field->message_offset));
      g_autoptr(GError) problem = NULL;
      gboolean touched = g_hash_table_contains (self->touched, field);

      if (check_text_field (self, field, &problem))
        {
          bms_field_clear_problem (entry, message);
          continue;
        }

      n_problems++;
      if (show_problems || gtk_widget_get_visible (GTK_WIDGET (message)))
        {
          show_field_problem (self, entry, message, problem, touched);
          n_shown += touched;
        }
    }

  /* Encryption is a choice, not typing: its problem is shown at once. */
  for (guint i = 0; i < G_N_ELEMENTS (security_fields); i++)
    {
      GtkWidget *dropdown = widget_at (self, security_fields[i].dropdown_offset);
      GtkLabel *message = GTK_LABEL (widget_at (self, security_fields[i].message_offset));
      g_autoptr(GError) problem = NULL;

      if (!check_security_field (self, i, &problem))
        {
          n_problems++;
          n_shown++;
        }
      show_field_problem (self, dropdown, message, problem, TRUE);
    }

  if (n_shown > 0)
    {
      /* Translators: shown above the form while fields have problems. */
      gtk_label_set_text (self->summary_label,
                          _("Some fields need attention: see the messages in red below."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), n_shown > 0);

  bms_page_set_complete (BMS_PAGE (self), n_problems == 0);
}

static gboolean
show_problems_cb (gpointer user_data)
{
  BmsFormPage *self = BMS_FORM_PAGE (user_data);

  self->show_problems_source = 0;
  revalidate (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
schedule_revalidate (BmsFormPage *self)
{
  /* Completeness follows every key, so Next is never enabled too late... */
  revalidate (self, FALSE);

  /* ...while new messages wait until typing pauses. */
  g_clear_handle_id (&self->show_problems_source, g_source_remove);
  self->show_problems_source = g_timeout_add (SHOW_PROBLEMS_DELAY_MS, show_problems_cb, self);
}

static void
entry_changed_cb (GtkEditable     *entry,
                  const FormField *field)
{
  BmsFormPage *self = BMS_FORM_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (entry), BMS_TYPE_FORM_PAGE));

  g_hash_table_add (self->touched, (gpointer) field);
  schedule_revalidate (self);
}

static void
entry_focus_leave_cb (GtkEventControllerFocus *controller,
                      BmsFormPage             *self)
{
  g_clear_handle_id (&self->show_problems_source, g_source_remove);
  revalidate (self, TRUE);
}

/* Ports travel as text in the field and as numbers in the account; text
 * that is not a valid port does not reach the account at all. */
static gboolean
port_to_text (GBinding     *binding,
              const GValue *from_value,
              GValue       *to_value,
              gpointer      user_data)
{
  g_value_take_string (to_value, g_strdup_printf ("%u", g_value_get_uint (from_value)));
  return TRUE;
}

static gboolean
text_to_port (GBinding     *binding,
              const GValue *from_value,
              GValue       *to_value,
              gpointer      user_data)
{
  guint port;

  if (!bms_validate_port (g_value_get_string (from_value), &port, NULL))
    return FALSE;

  g_value_set_uint (to_value, port);
  return TRUE;
}

/* The account keeps the folder's name as the server sends it; people read
 * and type the decoded name. */
static gboolean
wire_name_to_text (GBinding     *binding,
                   const GValue *from_value,
                   GValue       *to_value,
                   gpointer      user_data)
{
  const char *wire_name = g_value_get_string (from_value);
  char *decoded = bms_mutf7_decode (wire_name, NULL);

  /* A name no correct server would send is shown as it came. */
  g_value_take_string (to_value, decoded != NULL ? decoded : g_strdup (wire_name));
  return TRUE;
}

static gboolean
text_to_wire_name (GBinding     *binding,
                   const GValue *from_value,
                   GValue       *to_value,
                   gpointer      user_data)
{
  char *encoded = bms_mutf7_encode (g_value_get_string (from_value), NULL);

  if (encoded == NULL)
    return FALSE;

  g_value_take_string (to_value, encoded);
  return TRUE;
}

/* Addresses, logins, server names and ports can only mean ASCII: what
 * the input method types in full width there is folded to it. A password
 * is folded only where it is Gmail's app password, letters a to z; any
 * other server's password is taken exactly as typed. Every field drops
 * the line break that a copied line brings along. */
static BmsInputFlags
input_flags_for (BmsFormPage     *self,
                 const FormField *field)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));

  const char *host = NULL;

  if (field->field == BMS_FIELD_SMTP_PASSWORD)
    host = bms_account_get_smtp_host (account);
  else if (field->field == BMS_FIELD_IMAP_PASSWORD)
    host = bms_account_get_imap_host (account);
  else if (field->field == BMS_FIELD_EMPLOYEE_NAME || field->field == BMS_FIELD_SENDER_NAME ||
           field->field == BMS_FIELD_SENT_FOLDER)
    return BMS_INPUT_TRIM_LINE_BREAKS;
  else
    return BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS;

  return BMS_INPUT_TRIM_LINE_BREAKS | (bms_host_is_gmail (host) ? BMS_INPUT_HALF_WIDTH : 0);
}

static void
update_password_input_cb (BmsFormPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (bms_field_get (text_fields[i].field)->kind == BMS_FIELD_KIND_PASSWORD)
      bms_field_set_input_flags (GTK_EDITABLE (widget_at (self, text_fields[i].entry_offset)),
                                 input_flags_for (self, &text_fields[i]));
}

static void
bind_text_field (BmsFormPage     *self,
                 const FormField *field)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  GtkWidget *entry = widget_at (self, field->entry_offset);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  BmsFieldKind kind = bms_field_get (field->field)->kind;
  const char *property = property_of (field->field);

  bms_field_normalize_input (GTK_EDITABLE (entry), input_flags_for (self, field));

  if (kind == BMS_FIELD_KIND_PORT)
    g_object_bind_property_full (account, property, entry, "text", flags,
                                 port_to_text, text_to_port, NULL, NULL);
  else if (kind == BMS_FIELD_KIND_FOLDER)
    g_object_bind_property_full (account, property, entry, "text", flags,
                                 wire_name_to_text, text_to_wire_name, NULL, NULL);
  else
    g_object_bind_property (account, property, entry, "text", flags);

  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), (gpointer) field);

  g_signal_connect (focus, "leave", G_CALLBACK (entry_focus_leave_cb), self);
  gtk_widget_add_controller (entry, focus);
}

/* The drop-down shows a filtered list: its positions are not BmsSecurity
 * values, its items are the choices' own objects. */
static BmsSecurity
security_at (BmsFormPage *self,
             guint        index,
             guint        position)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (widget_at (self, security_fields[index].dropdown_offset));
  g_autoptr(GObject) item = g_list_model_get_item (gtk_drop_down_get_model (dropdown), position);

  for (guint i = 0; item != NULL && i < g_list_model_get_n_items (self->security_choices[index]); i++)
    {
      g_autoptr(GObject) choice = g_list_model_get_item (self->security_choices[index], i);

      if (choice == item)
        return i;
    }

  return BMS_SECURITY_SSL_TLS;
}

static guint
position_of_security (BmsFormPage *self,
                      guint        index,
                      BmsSecurity  security)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (widget_at (self, security_fields[index].dropdown_offset));
  GListModel *shown = gtk_drop_down_get_model (dropdown);

  for (guint position = 0; position < g_list_model_get_n_items (shown); position++)
    if (security_at (self, index, position) == security)
      return position;

  return GTK_INVALID_LIST_POSITION;
}

/* Gmail refuses plain text outright, so "None" is not offered for its
 * servers; it still shows while it is the chosen value (chosen before the
 * host was changed to Gmail's), so that the field's message has a value
 * to speak of. */
static gboolean
security_choice_offered_cb (gpointer item,
                            gpointer user_data)
{
  BmsFormPage *self = g_object_get_data (G_OBJECT (user_data), "bms-form-page");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (user_data), "bms-security-index"));
  const SecurityField *field = &security_fields[index];
  g_autoptr(GObject) none = g_list_model_get_item (self->security_choices[index], BMS_SECURITY_NONE);
  g_autofree char *host = NULL;
  BmsSecurity security;

  if (item != none)
    return TRUE;

  g_object_get (bms_page_get_account (BMS_PAGE (self)),
                property_of (field->field), &security, property_of (field->host_field), &host, NULL);

  return security == BMS_SECURITY_NONE || !bms_host_is_gmail (host);
}

static void
refilter_security_choices (BmsFormPage *self)
{
  gboolean updating = self->updating_security;

  self->updating_security = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (security_fields); i++)
    {
      GtkDropDown *dropdown = GTK_DROP_DOWN (widget_at (self, security_fields[i].dropdown_offset));
      BmsSecurity security;

      g_object_get (bms_page_get_account (BMS_PAGE (self)), property_of (security_fields[i].field), &security, NULL);
      gtk_filter_changed (self->security_filter[i], GTK_FILTER_CHANGE_DIFFERENT);
      gtk_drop_down_set_selected (dropdown, position_of_security (self, i, security));
    }
  self->updating_security = updating;
}

static void
set_security_quietly (BmsFormPage *self,
                      guint        index,
                      BmsSecurity  security)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (widget_at (self, security_fields[index].dropdown_offset));

  self->updating_security = TRUE;
  gtk_drop_down_set_selected (dropdown, position_of_security (self, index, security));
  g_object_set (bms_page_get_account (BMS_PAGE (self)), property_of (security_fields[index].field), security, NULL);
  self->updating_security = FALSE;
  refilter_security_choices (self);

  revalidate (self, FALSE);
}

static void
plain_text_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        BmsFormPage      *self)
{
  guint index = self->confirming_index;
  BmsSecurity previous = self->security_before_confirming;

  if (g_strcmp0 (response, "plain-text") == 0)
    {
      self->plain_text_confirmed[index] = TRUE;
      set_security_quietly (self, index, BMS_SECURITY_NONE);
    }
  else
    set_security_quietly (self, index, previous);
}

static void
ask_plain_text_confirmation (BmsFormPage *self,
                             guint        index,
                             BmsSecurity  previous)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Send Without Encryption?"),
                                                       _("Without encryption, the password and every message cross the network as plain text that anyone on the way can read. Choose this only for a mail server inside your office that offers no encryption.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Encryption"),
                                    "plain-text", _("_Send Without Encryption"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "plain-text", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  /* The dialog is modal: one question at a time. */
  self->confirming_index = index;
  self->security_before_confirming = previous;
  g_signal_connect_object (dialog, "response", G_CALLBACK (plain_text_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
security_selected_cb (GtkDropDown         *dropdown,
                      GParamSpec          *pspec,
                      const SecurityField *field)
{
  BmsFormPage *self = BMS_FORM_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (dropdown), BMS_TYPE_FORM_PAGE));
  guint index = field - security_fields;
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *host = NULL;
  BmsSecurity previous;
  BmsSecurity selected;

  if (self->updating_security)
    return;

  selected = security_at (self, index, gtk_drop_down_get_selected (dropdown));

  g_object_get (account, property_of (field->field), &previous, property_of (field->host_field), &host, NULL);
  if (selected == previous)
    return;

  /* Gmail refuses plain text outright; the field says so, no question asked.
   * Elsewhere, plain text is allowed only after the administrator confirms. */
  if (selected == BMS_SECURITY_NONE && !bms_host_is_gmail (host))
    {
      ask_plain_text_confirmation (self, index, previous);
      return;
    }

  self->plain_text_confirmed[index] = FALSE;
  set_security_quietly (self, index, selected);
}

static void
bind_security_field (BmsFormPage *self,
                     guint        index)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (widget_at (self, security_fields[index].dropdown_offset));
  GtkCustomFilter *filter = gtk_custom_filter_new (NULL, NULL, NULL);
  GtkFilterListModel *shown;

  self->security_choices[index] = g_object_ref (gtk_drop_down_get_model (dropdown));
  g_object_set_data (G_OBJECT (filter), "bms-form-page", self);
  g_object_set_data (G_OBJECT (filter), "bms-security-index", GUINT_TO_POINTER (index));
  gtk_custom_filter_set_filter_func (filter, security_choice_offered_cb, filter, NULL);
  self->security_filter[index] = g_object_ref (GTK_FILTER (filter));

  shown = gtk_filter_list_model_new (g_object_ref (self->security_choices[index]), GTK_FILTER (filter));
  self->updating_security = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (shown));
  self->updating_security = FALSE;
  g_object_unref (shown);

  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (security_selected_cb),
                    (gpointer) &security_fields[index]);
}

static const FormField *
find_text_field (BmsFieldId id)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (text_fields[i].field == id)
      return &text_fields[i];

  g_return_val_if_reached (NULL);
}

/* Fetching the folders needs the IMAP login to be filled in properly. */
static gboolean
imap_login_is_valid (BmsFormPage *self)
{
  static const BmsFieldId needed[] = {
    BMS_FIELD_IMAP_USER, BMS_FIELD_IMAP_PASSWORD, BMS_FIELD_IMAP_HOST, BMS_FIELD_IMAP_PORT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (!check_text_field (self, find_text_field (needed[i]), NULL))
      return FALSE;

  return TRUE;
}

/* Why the folder list could not be fetched, beside the button that
 * fetched it; the folder's own field is not marked, as its value may be
 * right. The button keeps the focus, so that the message is in view. */
static void
show_folder_problem (BmsFormPage *self,
                     const char  *text)
{
  gtk_label_set_text (self->fetch_folders_message, text);
  gtk_widget_set_visible (GTK_WIDGET (self->fetch_folders_message), text != NULL && text[0] != '\0');
  if (text != NULL && text[0] != '\0')
    gtk_widget_grab_focus (self->fetch_folders_button);
}

static void
set_fetching (BmsFormPage *self,
              gboolean     fetching)
{
  gtk_widget_set_sensitive (self->fetch_folders_button, !fetching);
  gtk_widget_set_visible (self->fetch_folders_spinner, fetching);
  gtk_spinner_set_spinning (GTK_SPINNER (self->fetch_folders_spinner), fetching);
}

static void
folder_chosen_cb (BmsFormPage *self,
                  const char  *wire_name)
{
  g_object_set (bms_page_get_account (BMS_PAGE (self)), "sent-folder", wire_name, NULL);
}

static void
folders_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BmsFormPage) self = user_data;
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autoptr(BmsTranscript) transcript = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) error = NULL;
  BmsFolderChooser *chooser;
  GtkRoot *root;

  folders = bms_imap_list_folders_finish (result, &transcript, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->fetch_cancellable);
  set_fetching (self, FALSE);

  if (folders == NULL)
    {
      g_autofree char *text = NULL;
      /* Gmail by its name, or by its own words on the connection. */
      gboolean is_gmail = bms_host_is_gmail (bms_account_get_imap_host (account)) ||
                          (transcript != NULL && bms_transcript_says_gmail (transcript));

      g_autofree char *reply = transcript != NULL ? bms_transcript_dup_last_reply (transcript) : NULL;

      /* The server's own words too: they say what the summary cannot. */
      text = g_strconcat (error->message, "\n",
                          error->domain == BMS_MAIL_ERROR
                          ? bms_problem_get_advice_for (error->code, is_gmail, BMS_OPERATION_IMAP_LIST,
                                                        BMS_ADVICE_IN_ASSISTANT)
                          : "",
                          reply != NULL ? "\n" : "", reply != NULL ? _("The server said:") : "",
                          reply != NULL ? "\n" : "", reply != NULL ? reply : "",
                          NULL);
      show_folder_problem (self, text);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = bms_folder_chooser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    folders, bms_account_get_sent_folder (account));
  g_signal_connect_object (chooser, "folder-chosen", G_CALLBACK (folder_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
fetch_folders_clicked_cb (BmsFormPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autoptr(BmsServer) server = NULL;

  if (!imap_login_is_valid (self))
    {
      show_folder_problem (self, _("Fill in the IMAP fields above first: the folder list is read from the IMAP server."));
      return;
    }

  show_folder_problem (self, NULL);
  server = bms_account_dup_imap_server (account, bms_account_get_ca_file (account));
  self->fetch_cancellable = g_cancellable_new ();
  set_fetching (self, TRUE);
  bms_imap_list_folders_async (server, bms_account_get_imap_password (account),
                               self->fetch_cancellable, folders_fetched_cb, g_object_ref (self));
}

static void
account_changed_cb (BmsFormPage *self)
{
  revalidate (self, FALSE);
}

/* What was typed into belonged to the previous employee: the next one's
 * empty fields are not problems before they are typed into. */
static void
next_employee_started_cb (BmsFormPage *self)
{
  g_hash_table_remove_all (self->touched);
  g_clear_handle_id (&self->show_problems_source, g_source_remove);
  revalidate (self, FALSE);
}

static void
bms_form_page_constructed (GObject *object)
{
  BmsFormPage *self = BMS_FORM_PAGE (object);
  BmsAccount *account;

  G_OBJECT_CLASS (bms_form_page_parent_class)->constructed (object);

  account = bms_page_get_account (BMS_PAGE (self));
  bms_provider_notice_set_account (self->provider_notice, account);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    bind_text_field (self, &text_fields[i]);

  for (guint i = 0; i < G_N_ELEMENTS (security_fields); i++)
    bind_security_field (self, i);
  refilter_security_choices (self);

  for (guint i = 0; i < G_N_ELEMENTS (check_fields); i++)
    g_object_bind_property (account, property_of (check_fields[i].field),
                            widget_at (self, check_fields[i].check_offset), "active",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* The IMAP fields matter only when sent mail is saved, and the IMAP login
   * is the SMTP login when "same settings" is checked. */
  g_object_bind_property (account, "save-sent", self->imap_box, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (account, "save-sent", self->imap_same_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (account, "imap-same-as-smtp", self->imap_user_row, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (account, "imap-same-as-smtp", self->imap_password_row, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  /* A change of host can make the chosen encryption acceptable or not. */
  g_signal_connect_object (account, "notify::save-sent", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::smtp-host", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::imap-host", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::smtp-host", G_CALLBACK (update_password_input_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::smtp-host", G_CALLBACK (refilter_security_choices), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::imap-host", G_CALLBACK (refilter_security_choices), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::imap-host", G_CALLBACK (update_password_input_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "next-employee-started", G_CALLBACK (next_employee_started_cb), self,
                           G_CONNECT_SWAPPED);

  revalidate (self, FALSE);
}

static void
bms_form_page_dispose (GObject *object)
{
  BmsFormPage *self = (BmsFormPage *)object;

  g_clear_handle_id (&self->show_problems_source, g_source_remove);
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_FORM_PAGE);

  G_OBJECT_CLASS (bms_form_page_parent_class)->dispose (object);
}

static void
bms_form_page_finalize (GObject *object)
{
  BmsFormPage *self = (BmsFormPage *)object;

  g_hash_table_unref (self->touched);
  for (guint i = 0; i < G_N_ELEMENTS (security_fields); i++)
    {
      g_clear_object (&self->security_choices[i]);
      g_clear_object (&self->security_filter[i]);
    }

  G_OBJECT_CLASS (bms_form_page_parent_class)->finalize (object);
}

static void
bms_form_page_class_init (BmsFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bms_form_page_constructed;

  g_type_ensure (BMS_TYPE_PROVIDER_NOTICE);
  object_class->dispose = bms_form_page_dispose;
  object_class->finalize = bms_form_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, provider_notice);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, fetch_folders_button);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, fetch_folders_spinner);
  gtk_widget_class_bind_template_callback (widget_class, fetch_folders_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_box);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_user_row);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_password_row);

  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_same_row);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, employee_name_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, employee_name_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, email_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, email_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_user_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_user_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_password_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_password_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_host_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_host_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_port_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_port_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_security_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, smtp_security_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, sender_name_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, sender_name_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, save_sent_check);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_same_check);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_user_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_user_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_password_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_password_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_host_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_host_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_port_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_port_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_security_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, imap_security_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, sent_folder_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, sent_folder_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, fetch_folders_message);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, bcc_self_check);
  gtk_widget_class_bind_template_child (widget_class, BmsFormPage, notify_employee_check);
}

static void
bms_form_page_init (BmsFormPage *self)
{
  self->touched = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 gives a drop-down's focus to a button inside it that has no
   * name of its own: it gets the field's label too, or a screen reader
   * says only "toggle button". */
  for (guint i = 0; i < G_N_ELEMENTS (security_fields); i++)
    {
      GtkWidget *dropdown = widget_at (self, security_fields[i].dropdown_offset);
      g_autoptr(GList) labels = gtk_widget_list_mnemonic_labels (dropdown);

      for (GtkWidget *child = gtk_widget_get_first_child (dropdown);
           child != NULL && labels != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_TOGGLE_BUTTON (child))
          gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, labels->data, NULL,
                                          -1);
    }

  /* Translators: the title of the page about step 3 of the manual. */
  bms_page_set_title (BMS_PAGE (self), _("BizMagic Mail Account"));
  bms_page_set_initial_focus (BMS_PAGE (self), self->employee_name_entry);
}
