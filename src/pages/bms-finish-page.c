/* bms-finish-page.c: the values to enter into BizMagic.
 *
 * Every value of BizMagic's form, under BizMagic's label (and, in another
 * language, beside BizMagic's Japanese one), each with a copy button, or for
 * a check box what to do with it; then the steps in BizMagic at the end.
 * Passwords are shown as dots; their copy button reads them from the
 * account only when pressed, so the page keeps no copy of a secret, and a
 * copied password leaves the clipboard after a minute, as password managers
 * do, unless something else was copied since.
 *
 * Only settings that passed the mail test, or that the administrator chose
 * to save anyway, are saved; the latter are said to be untested, with a
 * warning and not a green tick. Settings that are neither (the page shown
 * some other way) are not saved at all, so nothing reaches the keyring.
 *
 * Arriving here saves the account through the account store: the settings
 * as a profile, the passwords in the keyring. It is saved once: going Back
 * and Next again saves it again only when something changed since, as what
 * the page says was saved is then still true. When the keyring cannot take
 * the passwords, the page says so, keeps the profile without passwords, and
 * offers to try again; nothing falls back to a file.
 *
 * Once saved, tested or not, the page leads on: to the next employee of the
 * same office, or back to the list of saved accounts. Either way the
 * account becomes the start of a next employee (the office's values kept,
 * the employee's own gone), so that the account just saved is never
 * overwritten by what is typed next.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-account-store.h"
#include "bms-field.h"
#include "bms-fields.h"
#include "bms-finish-page.h"
#include "bms-keyring.h"
#include "bms-mutf7.h"
#include "bms-secret.h"

struct _BmsFinishPage
{
  BmsPage               parent_instance;

  AdwPreferencesGroup  *values_group;
  GtkStack             *save_status;
  GtkLabel             *save_label;
  GtkWidget            *save_again_button;
  GtkWidget            *next_employee_box;
  GPtrArray            *value_rows;
  BmsAccountStore      *store;
  GCancellable         *save_cancellable;
  gboolean              changed_since_saved;

  /* The clipboard's content while it holds a copied password. */
  GdkContentProvider   *copied_secret;
  guint                 clear_clipboard_id;
  guint                 clear_clipboard_seconds;
};

#define CLEAR_CLIPBOARD_SECONDS 60

/* Where the page leads once the account is saved, by the names the window
 * gives the pages: a next employee starts with the address and the app
 * password, after the list of saved accounts. */
#define NEXT_EMPLOYEE_PAGE "google"
#define EMPLOYEE_LIST_PAGE "welcome"

G_DEFINE_FINAL_TYPE (BmsFinishPage, bms_finish_page, BMS_TYPE_PAGE)

/* BizMagic's form, top to bottom, as the table of its fields has it: each
 * field where it matters for this account. */
static gboolean
is_shown (BmsAccount     *account,
          const BmsField *field)
{
  return bms_field_in_scope (field,
                             bms_account_get_save_sent (account),
                             bms_account_get_imap_same_as_smtp (account));
}

/* The value as the administrator types or picks it in BizMagic. */
static char *
value_to_text (BmsAccount     *account,
               const BmsField *field)
{
  g_auto(GValue) property = G_VALUE_INIT;

  if (field->kind == BMS_FIELD_KIND_PASSWORD)
    /* In four groups, as Google shows an app password: the row can wrap
     * between them. */
    return g_strdup ("•••• •••• •••• ••••");

  g_object_get_property (G_OBJECT (account), field->property, &property);

  if (field->kind == BMS_FIELD_KIND_PORT)
    return g_strdup_printf ("%u", g_value_get_uint (&property));
  if (field->kind == BMS_FIELD_KIND_SECURITY)
    return g_strdup (bms_security_get_label (g_value_get_enum (&property)));
  if (field->kind == BMS_FIELD_KIND_FLAG)
    /* Translators: what to do with a check box in BizMagic's form. */
    return g_strdup (g_value_get_boolean (&property) ? _("Check it") : _("Leave it unchecked"));
  if (field->kind == BMS_FIELD_KIND_FOLDER)
    {
      char *decoded = bms_mutf7_decode (g_value_get_string (&property), NULL);

      return decoded != NULL ? decoded : g_value_dup_string (&property);
    }

  return g_value_dup_string (&property);
}

static char *
value_to_clipboard (BmsAccount     *account,
                    const BmsField *field)
{
  if (field->kind == BMS_FIELD_KIND_PASSWORD)
    {
      g_autofree char *secret = NULL;

      g_object_get (account, field->property, &secret, NULL);
      return g_steal_pointer (&secret);
    }

  return value_to_text (account, field);
}

static gboolean
clear_clipboard_cb (gpointer user_data)
{
  BmsFinishPage *self = BMS_FINISH_PAGE (user_data);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  self->clear_clipboard_id = 0;
  /* Only the password this page put there: anything copied since stays. */
  if (self->copied_secret != NULL && gdk_clipboard_get_content (clipboard) == self->copied_secret)
    gdk_clipboard_set_content (clipboard, NULL);
  g_clear_object (&self->copied_secret);

  return G_SOURCE_REMOVE;
}

/* The copy button of a row; the parameter is the field's BmsFieldId. */
static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BmsFinishPage *self = BMS_FINISH_PAGE (widget);
  const BmsField *field = bms_field_get (g_variant_get_uint32 (parameter));
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autofree char *text = value_to_clipboard (account, field);
  g_autofree char *title = bms_label_without_mnemonic (_(field->label));
  g_autofree char *toast = NULL;

  gdk_clipboard_set_text (clipboard, text);
  g_clear_handle_id (&self->clear_clipboard_id, g_source_remove);
  g_clear_object (&self->copied_secret);

  if (field->kind == BMS_FIELD_KIND_PASSWORD)
    {
      bms_secret_wipe (text);
      self->copied_secret = g_object_ref (gdk_clipboard_get_content (clipboard));
      self->clear_clipboard_id = g_timeout_add_seconds (self->clear_clipboard_seconds, clear_clipboard_cb, self);
      /* Translators: %s is a field of BizMagic's form. */
      toast = g_strdup_printf (_("Copied “%s”: it is removed from the clipboard in a minute"), title);
    }
  else
    /* Translators: %s is a field of BizMagic's form. */
    toast = g_strdup_printf (_("Copied “%s”"), title);

  bms_page_show_toast (BMS_PAGE (self), toast, 5);
}

/* What the mail test saw of the sent copy, beside BizMagic's option. */
static const char *
save_sent_note (BmsAccount *account)
{
  if (bms_account_get_test_status (account) != BMS_TEST_STATUS_PASSED)
    return NULL;
  if (bms_account_get_server_files_sent (account))
    return _("The test saw Gmail keep the copy itself: leaving this unchecked avoids duplicates, and the "
             "IMAP fields are then not needed. Checked, as BizMagic's manual says, a sent message may "
             "show twice.");
  if (bms_account_get_save_sent (account))
    return _("The server does not keep a copy itself: this option is what keeps one in the sent mail folder.");

  return NULL;
}

/* Values up to this many characters are never wrapped. */
#define SHORT_VALUE_CHARS 24

static GtkWidget *
create_value_row (BmsFinishPage  *self,
                  const BmsField *field)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autofree char *text = value_to_text (account, field);
  g_autofree char *copy_label = NULL;
  g_autofree char *label = bms_label_without_mnemonic (_(field->label));
  const char *japanese = bms_field_get_japanese_label (field);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (text[0] != '\0' ? text : _("(empty)"));

  /* The administrator reads BizMagic's Japanese screens whatever this
   * program's language. */
  if (g_str_equal (label, japanese))
    title = g_strdup (label);
  else
    /* Translators: a field's label, then BizMagic's own Japanese label of it. */
    title = g_strdup_printf (_("%s (%s)"), label, japanese);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  /* The value is what is read and typed: set as prominently as the label,
   * not as a dimmed subtitle. */
  gtk_label_set_selectable (GTK_LABEL (value), field->kind != BMS_FIELD_KIND_PASSWORD);
  /* Wrapped between words only, never inside one: an address, a host or a
   * port is never broken or hyphenated; the row gives the value at least
   * the width of its longest word. */
  /* A short value (a name, most addresses) stays on one line. */
  gtk_label_set_wrap (GTK_LABEL (value), g_utf8_strlen (text, -1) > SHORT_VALUE_CHARS);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD);
  {
    g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

    pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
    gtk_label_set_attributes (GTK_LABEL (value), attributes);
  }
  gtk_label_set_xalign (GTK_LABEL (value), 1.0);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 28);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);

  if (field->id == BMS_FIELD_SAVE_SENT && save_sent_note (account) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), save_sent_note (account));
  if (field->kind == BMS_FIELD_KIND_PASSWORD)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("A copied password is removed from the clipboard after a minute."));

  /* A check box is ticked or not: there is nothing to copy. */
  if (field->kind != BMS_FIELD_KIND_FLAG)
    {
      GtkWidget *copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      /* Translators: the tooltip and accessible name of a copy button; %s is a field of the form. */
      copy_label = g_strdup_printf (_("Copy “%s”"), label);
      gtk_widget_set_tooltip_text (copy_button, copy_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                      -1);
      gtk_widget_set_valign (copy_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy_button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (copy_button), "finish.copy");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (copy_button), "u", (guint32) field->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button);
    }

  return row;
}

/**
 * bms_finish_page_set_clear_clipboard_seconds:
 *
 * How long a copied password stays on the clipboard: a minute, unless a
 * test wants to see it go sooner.
 */
void
bms_finish_page_set_clear_clipboard_seconds (BmsFinishPage *self,
                                             guint          seconds)
{
  g_return_if_fail (BMS_IS_FINISH_PAGE (self));

  self->clear_clipboard_seconds = seconds;
}

static void
rebuild_value_rows (BmsFinishPage *self)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));

  for (guint i = 0; i < self->value_rows->len; i++)
    adw_preferences_group_remove (self->values_group, g_ptr_array_index (self->value_rows, i));
  g_ptr_array_set_size (self->value_rows, 0);

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    {
      const BmsField *field = bms_field_get (id);
      GtkWidget *row;

      if (!is_shown (account, field))
        continue;

      row = create_value_row (self, field);
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
  /* Only what is saved can be left behind. */
  gtk_widget_set_visible (self->next_employee_box, FALSE);
}

static void
show_saved (BmsFinishPage *self,
            const char    *status,
            const char    *text)
{
  show_save_result (self, status, text);
  gtk_widget_set_visible (self->next_employee_box, TRUE);
}

static void
leave_for_next_employee (BmsFinishPage *self,
                         const char    *page_name)
{
  bms_account_start_next_employee (bms_page_get_account (BMS_PAGE (self)));
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-page", "s", page_name);
}

static void
next_employee_cb (BmsFinishPage *self)
{
  leave_for_next_employee (self, NEXT_EMPLOYEE_PAGE);
}

/* The list shows the account just saved; Next there starts the next
 * employee with the office's values. */
static void
employee_list_cb (BmsFinishPage *self)
{
  leave_for_next_employee (self, EMPLOYEE_LIST_PAGE);
}

static void
account_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BmsFinishPage) self = user_data;
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (bms_account_store_save_finish (BMS_ACCOUNT_STORE (source), result, &error))
    {
      if (bms_account_get_test_status (account) == BMS_TEST_STATUS_PASSED)
        show_saved (self, "saved",
                    _("Saved on this computer: the settings in this program's list of accounts, "
                      "the passwords in the keyring."));
      else
        show_saved (self, "untested",
                    _("Saved on this computer, marked as not tested: these settings did not pass "
                      "the mail test. Enter them into BizMagic only if you know why the test "
                      "did not pass."));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The keyring did not take the passwords; the profile is written. */
  if (error->domain == BMS_KEYRING_ERROR)
    /* Translators: %s is a keyring problem. */
    text = g_strdup_printf (_("%s\nThe other settings were saved in this program's list of accounts, "
                              "without the passwords."),
                            error->message);
  else
    /* Translators: %s says why, e.g. that the disk is full. */
    text = g_strdup_printf (_("The settings could not be saved on this computer: %s"), error->message);

  show_save_result (self, "failed", text);
}

/* Saves the account through the store: the passwords in the keyring, the
 * settings as a profile (written and flushed on a worker thread). A save
 * still running is cancelled first. */
void
bms_finish_page_save (BmsFinishPage *self)
{
  g_return_if_fail (BMS_IS_FINISH_PAGE (self));

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  self->changed_since_saved = FALSE;

  show_save_result (self, "saving", _("Saving…"));
  bms_account_store_save_async (self->store, bms_page_get_account (BMS_PAGE (self)), self->save_cancellable,
                                account_saved_cb, g_object_ref (self));
}

static void
bms_finish_page_shown (BmsPage *page)
{
  BmsFinishPage *self = BMS_FINISH_PAGE (page);
  BmsAccount *account = bms_page_get_account (page);

  rebuild_value_rows (self);

  /* Neither passed nor chosen to be saved untested: nothing is saved. */
  if (bms_account_get_test_status (account) == BMS_TEST_STATUS_UNKNOWN)
    {
      if (self->save_cancellable != NULL)
        g_cancellable_cancel (self->save_cancellable);
      self->changed_since_saved = TRUE;
      show_save_result (self, "untested",
                        _("Not saved: these settings have not passed the mail test. Go back to the "
                          "mail test to test them, or to save them marked as not tested."));
      return;
    }

  if (self->changed_since_saved)
    bms_finish_page_save (self);
}

/* What is saved: BizMagic's fields and the mail test's word on them. */
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

  g_signal_connect_object (bms_page_get_account (BMS_PAGE (self)), "field-changed",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bms_page_get_account (BMS_PAGE (self)), "notify::test-status",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bms_finish_page_dispose (GObject *object)
{
  BmsFinishPage *self = (BmsFinishPage *)object;

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  /* A password copied just before the window closes still goes. */
  if (self->clear_clipboard_id != 0)
    {
      g_clear_handle_id (&self->clear_clipboard_id, g_source_remove);
      clear_clipboard_cb (self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_FINISH_PAGE);

  G_OBJECT_CLASS (bms_finish_page_parent_class)->dispose (object);
}

static void
bms_finish_page_finalize (GObject *object)
{
  BmsFinishPage *self = (BmsFinishPage *)object;

  g_ptr_array_unref (self->value_rows);
  g_clear_object (&self->store);

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
  gtk_widget_class_bind_template_child (widget_class, BmsFinishPage, next_employee_box);
  gtk_widget_class_bind_template_callback (widget_class, bms_finish_page_save);
  gtk_widget_class_bind_template_callback (widget_class, next_employee_cb);
  gtk_widget_class_bind_template_callback (widget_class, employee_list_cb);
  gtk_widget_class_install_action (widget_class, "finish.copy", "u", copy_action_cb);
}

static void
bms_finish_page_init (BmsFinishPage *self)
{
  self->value_rows = g_ptr_array_new ();
  self->clear_clipboard_seconds = CLEAR_CLIPBOARD_SECONDS;
  /* Not saved yet: the first arrival saves. */
  self->changed_since_saved = TRUE;
  self->store = bms_account_store_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  bms_page_set_title (BMS_PAGE (self), _("Enter the Values into BizMagic"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
