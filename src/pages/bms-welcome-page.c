/* bms-welcome-page.c: the first page: what is needed, and the accounts already set up.
 *
 * An administrator sets up many employees, so the accounts saved on this
 * computer are listed here, each with Edit (the assistant opens filled in,
 * passwords from the keyring), Test (straight to the mail test) and Remove
 * (the profile and the keyring's passwords, after a confirmation).
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-field.h"
#include "bms-info-row.h"
#include "bms-keyring.h"
#include "bms-profile.h"
#include "bms-welcome-page.h"

struct _BmsWelcomePage
{
  BmsPage               parent_instance;

  GtkListBox           *accounts_list;
  GtkWidget            *no_accounts_row;
  GtkLabel             *problems_label;

  GPtrArray            *account_rows;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (BmsWelcomePage, bms_welcome_page, BMS_TYPE_PAGE)

/* Where an account row's buttons lead once the account is loaded: the
 * names the window gives the form and the mail test page. */
#define EDIT_PAGE "form"
#define TEST_PAGE "test"

typedef struct
{
  BmsWelcomePage *self;
  const char     *page_name;
} OpenAccount;

static void reload_accounts (BmsWelcomePage *self);

/* A problem stays long enough to be read. */
static void
show_toast (BmsWelcomePage *self,
            const char     *text)
{
  bms_page_show_toast (BMS_PAGE (self), text, 10);
}

static void
passwords_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OpenAccount *open = user_data;
  g_autoptr(BmsWelcomePage) self = open->self;
  g_autoptr(GError) error = NULL;

  if (!bms_keyring_load_account_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (open);
          return;
        }

      /* The settings are still worth opening: the passwords can be typed. */
      show_toast (self, error->message);
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-page", "s", open->page_name);

  g_free (open);
}

static void
open_account (BmsWelcomePage *self,
              const char     *path,
              const char     *page_name)
{
  BmsAccount *account = bms_page_get_account (BMS_PAGE (self));
  g_autoptr(GError) error = NULL;
  OpenAccount *open;

  if (!bms_profile_load (path, account, &error))
    {
      show_toast (self, error->message);
      reload_accounts (self);
      return;
    }

  /* Whatever was typed before belongs to another account. */
  g_object_set (account, "smtp-password", "", "imap-password", "", NULL);

  open = g_new0 (OpenAccount, 1);
  open->self = g_object_ref (self);
  open->page_name = page_name;
  bms_keyring_load_account_async (account, self->cancellable, passwords_loaded_cb, open);
}

static void
edit_clicked_cb (GtkButton      *button,
                 BmsWelcomePage *self)
{
  open_account (self, g_object_get_data (G_OBJECT (button), "bms-profile-path"), EDIT_PAGE);
}

static void
test_clicked_cb (GtkButton      *button,
                 BmsWelcomePage *self)
{
  open_account (self, g_object_get_data (G_OBJECT (button), "bms-profile-path"), TEST_PAGE);
}

static void
passwords_cleared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(BmsWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bms_keyring_clear_account_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_toast (self, error->message);
    }

  reload_accounts (self);
}

static void
remove_account (BmsWelcomePage *self,
                const char     *path)
{
  g_autoptr(BmsAccount) account = bms_account_new ();
  g_autoptr(GError) error = NULL;
  gboolean loaded = bms_profile_load (path, account, NULL);

  if (!bms_profile_remove (path, &error))
    {
      show_toast (self, error->message);
      return;
    }

  if (!loaded)
    {
      reload_accounts (self);
      return;
    }

  bms_keyring_clear_account_async (account, self->cancellable, passwords_cleared_cb, g_object_ref (self));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BmsWelcomePage   *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    remove_account (self, g_object_get_data (G_OBJECT (dialog), "bms-profile-path"));
}

static void
remove_clicked_cb (GtkButton      *button,
                   BmsWelcomePage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "bms-profile-path");
  const char *email = g_object_get_data (G_OBJECT (button), "bms-email");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is an e-mail address. */
  heading = g_strdup_printf (_("Remove the Account of %s?"), email);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       _("Its settings and its passwords are removed from this computer. "
                                                         "Nothing changes in BizMagic or in Gmail.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bms-profile-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_row_button (BmsAccount     *account,
                   const char     *label,
                   const char     *name,
                   GCallback       callback,
                   BmsWelcomePage *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *accessible_label = NULL;
  g_autofree char *plain_label = bms_label_without_mnemonic (label);

  /* Translators: the accessible name of a button of an account row: "Edit taro@example.co.jp". */
  accessible_label = g_strdup_printf (C_("account button", "%s %s"), plain_label, bms_account_get_email (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "bms-profile-path",
                          g_strdup (bms_profile_get_path (account)), g_free);
  g_object_set_data_full (G_OBJECT (button), "bms-email",
                          g_strdup (bms_account_get_email (account)), g_free);
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static GtkWidget *
create_account_row (BmsWelcomePage *self,
                    BmsAccount     *account)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = bms_account_get_employee_name (account);
  const char *email = bms_account_get_email (account);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name[0] != '\0' ? name : email);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (name[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button (account, _("_Edit"), "edit", G_CALLBACK (edit_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button (account, _("_Test"), "test", G_CALLBACK (test_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button (account, _("_Remove"), "remove", G_CALLBACK (remove_clicked_cb), self));

  return row;
}

static void
show_problems (BmsWelcomePage *self,
               GPtrArray      *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      BmsProfileProblem *problem = g_ptr_array_index (problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');

      if (problem->kept_as != NULL)
        /* Translators: the first %s is a file name, the second what is wrong with it. */
        g_string_append_printf (text, _("A damaged account file was set aside as %s: %s"),
                                problem->kept_as, problem->error->message);
      else
        g_string_append (text, problem->error->message);
    }

  gtk_label_set_text (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text->len > 0);
}

static void
reload_accounts (BmsWelcomePage *self)
{
  g_autofree char *dir = bms_profile_default_dir ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->account_rows->len; i++)
    gtk_list_box_remove (self->accounts_list, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  accounts = bms_profile_list (dir, &problems, &error);
  if (accounts == NULL)
    {
      g_autoptr(GPtrArray) listing_problem = g_ptr_array_new_with_free_func ((GDestroyNotify) bms_profile_problem_free);
      BmsProfileProblem *problem = g_new0 (BmsProfileProblem, 1);

      problem->path = g_strdup (dir);
      problem->error = g_steal_pointer (&error);
      g_ptr_array_add (listing_problem, problem);
      show_problems (self, listing_problem);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      GtkWidget *row = create_account_row (self, g_ptr_array_index (accounts, i));

      gtk_list_box_append (self->accounts_list, row);
      g_ptr_array_add (self->account_rows, row);
    }

  gtk_widget_set_visible (self->no_accounts_row, accounts->len == 0);
  show_problems (self, problems);
}

static void
bms_welcome_page_shown (BmsPage *page)
{
  reload_accounts (BMS_WELCOME_PAGE (page));
}

static void
bms_welcome_page_dispose (GObject *object)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (bms_welcome_page_parent_class)->dispose (object);
}

static void
bms_welcome_page_finalize (GObject *object)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (object);

  g_ptr_array_unref (self->account_rows);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bms_welcome_page_parent_class)->finalize (object);
}

static void
bms_welcome_page_class_init (BmsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_welcome_page_dispose;
  object_class->finalize = bms_welcome_page_finalize;
  BMS_PAGE_CLASS (klass)->shown = bms_welcome_page_shown;

  g_type_ensure (BMS_TYPE_INFO_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, no_accounts_row);
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, problems_label);
}

static void
bms_welcome_page_init (BmsWelcomePage *self)
{
  self->account_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  bms_page_set_title (BMS_PAGE (self), _("Welcome"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}
