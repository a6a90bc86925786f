/* bms-welcome-page.c: the first page: what is needed, and the accounts already set up.
 *
 * An administrator sets up many employees, so the accounts saved on this
 * computer are listed here, each with Edit (the assistant opens filled in,
 * passwords from the keyring), Test (straight to the mail test) and Remove
 * (the profile and the keyring's passwords, after a confirmation). All of
 * it goes through the account store, which does the work off the main
 * thread.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-account-store.h"
#include "bms-field.h"
#include "bms-info-row.h"
#include "bms-profile.h"
#include "bms-welcome-page.h"

struct _BmsWelcomePage
{
  BmsPage               parent_instance;

  GtkListBox           *accounts_list;
  GtkWidget            *no_accounts_row;
  GtkLabel             *problems_label;

  GPtrArray            *account_rows;
  /* The accounts listed, each with its profile-path. */
  GPtrArray            *accounts;
  BmsAccountStore      *store;
  GCancellable         *cancellable;
  GCancellable         *list_cancellable;
  /* The account to bring into view once the list has it. */
  char                 *account_to_show;
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
account_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenAccount *open = user_data;
  g_autoptr(BmsWelcomePage) self = open->self;
  g_autoptr(BmsAccount) opened = NULL;
  g_autoptr(GError) passwords_error = NULL;
  g_autoptr(GError) error = NULL;
  const char *page_name = open->page_name;

  g_free (open);

  opened = bms_account_store_open_finish (BMS_ACCOUNT_STORE (source), result, &passwords_error, &error);
  if (opened == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_toast (self, error->message);
      reload_accounts (self);
      return;
    }

  /* Whatever was typed before belongs to another account: the passwords
   * are the keyring's, or empty. */
  bms_account_assign (bms_page_get_account (BMS_PAGE (self)), opened, TRUE);

  /* The settings are still worth opening: the passwords can be typed. */
  if (passwords_error != NULL)
    show_toast (self, passwords_error->message);

  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.show-page", "s", page_name);
}

static void
open_account (BmsWelcomePage *self,
              const char     *path,
              const char     *page_name)
{
  OpenAccount *open = g_new0 (OpenAccount, 1);

  open->self = g_object_ref (self);
  open->page_name = page_name;
  bms_account_store_open_async (self->store, path, TRUE, self->cancellable, account_opened_cb, open);
}

static void
edit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_account (BMS_WELCOME_PAGE (widget), g_variant_get_string (parameter, NULL), EDIT_PAGE);
}

static void
test_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_account (BMS_WELCOME_PAGE (widget), g_variant_get_string (parameter, NULL), TEST_PAGE);
}

static void
account_removed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BmsWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bms_account_store_remove_finish (BMS_ACCOUNT_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_toast (self, error->message);
      /* The profile is still there: the list stays as it is. */
      if (error->domain == G_FILE_ERROR)
        return;
    }

  reload_accounts (self);
}

static BmsAccount *
find_listed_account (BmsWelcomePage *self,
                     const char     *path)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      BmsAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (bms_account_get_profile_path (account), path) == 0)
        return account;
    }

  return NULL;
}

typedef struct
{
  BmsWelcomePage *self;
  char           *path;
} RemoveAccount;

static void
remove_account_free (RemoveAccount *remove)
{
  g_object_unref (remove->self);
  g_free (remove->path);
  g_free (remove);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RemoveAccount    *remove)
{
  if (g_strcmp0 (response, "remove") == 0)
    bms_account_store_remove_async (remove->self->store, remove->path, remove->self->cancellable,
                                    account_removed_cb, g_object_ref (remove->self));
}

/* The question names the employee; the address stands under it on a line
 * of its own. */
static char *
removal_body (BmsAccount *account)
{
  const char *name = bms_account_get_employee_name (account);

  if (name == NULL || *name == '\0')
    name = bms_account_get_email (account);

  /* Translators: %s is the employee's name, or the address when no name was given. */
  return g_strdup_printf (_("The settings and passwords of %s are removed from this computer. "
                            "Nothing changes in BizMagic or in Gmail."),
                          name);
}

/* An address is never wrapped, so never broken or hyphenated inside: the
 * label asks for its whole width, and the dialog grows to give it. */
static GtkWidget *
create_address_label (BmsAccount *account)
{
  GtkWidget *label = gtk_label_new (bms_account_get_email (account));

  gtk_widget_set_name (label, "remove-address");
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_halign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "heading");

  return label;
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  BmsAccount *account = find_listed_account (self, path);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  RemoveAccount *remove;

  if (account == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Remove This Account?"), NULL));
  body = removal_body (account);
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_extra_child (dialog, create_address_label (account));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  remove = g_new0 (RemoveAccount, 1);
  remove->self = g_object_ref (self);
  remove->path = g_strdup (path);
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb),
                         remove, (GClosureNotify) remove_account_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_row_button (BmsAccount     *account,
                   const char     *label,
                   const char     *name,
                   const char     *action_name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *accessible_label = NULL;

  g_object_set_data_full (G_OBJECT (button), "bms-mnemonic-label", g_strdup (label), g_free);
  g_autofree char *plain_label = bms_label_without_mnemonic (label);

  /* Translators: the accessible name of a button of an account row: "Edit taro@example.co.jp". */
  accessible_label = g_strdup_printf (C_("account button", "%s %s"), plain_label, bms_account_get_email (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bms_account_get_profile_path (account));

  return button;
}

static const char * const row_button_names[] = { "edit", "test", "remove" };

/* The button named @name among @widget's descendants. */
static GtkWidget *
find_named_descendant (GtkWidget  *widget,
                       const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;

      found = find_named_descendant (child, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* One row at a time has alt+E, alt+T and alt+R: the one the focus is in, or
 * the first. With every row's buttons underlined, the keys would be taken
 * by whichever row GTK finds first. */
static void
give_row_mnemonics (BmsWelcomePage *self,
                    GtkWidget      *chosen_row)
{
  for (guint i = 0; i < self->account_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->account_rows, i);

      for (guint j = 0; j < G_N_ELEMENTS (row_button_names); j++)
        {
          GtkWidget *button = find_named_descendant (row, row_button_names[j]);
          const char *label = g_object_get_data (G_OBJECT (button), "bms-mnemonic-label");
          g_autofree char *plain = bms_label_without_mnemonic (label);

          if (row == chosen_row)
            gtk_button_set_label (GTK_BUTTON (button), label);
          else
            gtk_button_set_label (GTK_BUTTON (button), plain);
          gtk_button_set_use_underline (GTK_BUTTON (button), row == chosen_row);
        }
    }
}

static void
row_focus_entered_cb (GtkEventControllerFocus *controller,
                      BmsWelcomePage          *self)
{
  give_row_mnemonics (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static GtkWidget *
create_account_row (BmsWelcomePage *self,
                    BmsAccount     *account)
{
  GtkWidget *row = adw_action_row_new ();
  GtkEventController *focus;
  const char *name = bms_account_get_employee_name (account);
  const char *email = bms_account_get_email (account);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name[0] != '\0' ? name : email);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* An address is never wrapped, so never broken or hyphenated inside: it
   * stays on one line, cut at its end where the row is too narrow (large
   * text); screen readers get it whole, and so do the Remove dialog and the
   * form. No tooltip: GTK 4.8 hides a row's tooltip twice when the page
   * changes under the pointer, a critical warning. */
  if (name[0] != '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
    }
  else
    {
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button (account, _("_Edit"), "edit", "account.edit"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button (account, _("_Test"), "test", "account.test"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button (account, _("_Remove"), "remove", "account.remove"));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (row_focus_entered_cb), self, 0);
  gtk_widget_add_controller (row, focus);

  return row;
}

/* Whom a damaged profile was for, as far as it could be read. */
static char *
problem_owner (const BmsProfileProblem *problem)
{
  if (problem->employee_name != NULL && problem->email != NULL)
    /* Translators: an employee in a notice: "山田 太郎 (taro@example.co.jp)". */
    return g_strdup_printf (C_("employee", "%1$s (%2$s)"), problem->employee_name, problem->email);

  if (problem->employee_name != NULL)
    return g_strdup (problem->employee_name);

  if (problem->email != NULL)
    return g_strdup (problem->email);

  return NULL;
}

/* What the administrator reads about one saved account that could not be
 * opened: whose it was and what to do. The file's path and the parser's
 * words are for support, not for this notice; what is shown of the file
 * has no control characters (bms_profile_printable_text()). */
static char *
describe_problem (const BmsProfileProblem *problem)
{
  g_autofree char *owner = problem_owner (problem);

  if (g_error_matches (problem->error, BMS_PROFILE_ERROR, BMS_PROFILE_ERROR_NEWER_FORMAT))
    {
      if (owner != NULL)
        /* Translators: %s is the employee, e.g. "山田 太郎 (taro@example.co.jp)". */
        return g_strdup_printf (_("The saved settings of %s were saved by a newer version of this "
                                  "program. Open them with that version."), owner);
      return g_strdup (_("The saved settings of one employee were saved by a newer version of this "
                         "program. Open them with that version."));
    }

  if (owner != NULL)
    /* Translators: %s is the employee, e.g. "山田 太郎 (taro@example.co.jp)". */
    return g_strdup_printf (_("The saved settings of %s are damaged and cannot be opened. "
                              "Set up this employee’s account again: press Next."), owner);

  return g_strdup (_("The saved settings of one employee are damaged and cannot be opened. "
                     "Set up that employee’s account again: press Next."));
}

static void
show_problems (BmsWelcomePage *self,
               GPtrArray      *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *description = describe_problem (g_ptr_array_index (problems, i));

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, description);
    }

  gtk_label_set_text (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text->len > 0);
}

/* The row of the account asked for, focused, so that it is in view and its
 * buttons have the mnemonics. */
static void
show_pending_account (BmsWelcomePage *self)
{
  g_autofree char *path = g_steal_pointer (&self->account_to_show);

  if (path == NULL)
    return;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      BmsAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (bms_account_get_profile_path (account), path) == 0)
        {
          gtk_widget_grab_focus (g_ptr_array_index (self->account_rows, i));
          return;
        }
    }
}

static void
show_accounts (BmsWelcomePage *self,
               GPtrArray      *accounts,
               GPtrArray      *problems)
{
  for (guint i = 0; i < self->account_rows->len; i++)
    gtk_list_box_remove (self->accounts_list, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  g_ptr_array_unref (self->accounts);
  self->accounts = g_ptr_array_ref (accounts);

  for (guint i = 0; i < accounts->len; i++)
    {
      GtkWidget *row = create_account_row (self, g_ptr_array_index (accounts, i));

      gtk_list_box_append (self->accounts_list, row);
      g_ptr_array_add (self->account_rows, row);
    }

  if (self->account_rows->len > 0)
    give_row_mnemonics (self, g_ptr_array_index (self->account_rows, 0));

  gtk_widget_set_visible (self->no_accounts_row, accounts->len == 0);
  show_problems (self, problems);
  show_pending_account (self);
}

static void
accounts_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BmsWelcomePage) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = bms_account_store_list_finish (BMS_ACCOUNT_STORE (source), result, &problems, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (accounts == NULL)
    {
      g_info ("Could not list the saved accounts: %s", error->message);
      gtk_label_set_text (self->problems_label,
                          _("The accounts saved on this computer could not be read. "
                            "New accounts can still be set up: press Next."));
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
      return;
    }

  show_accounts (self, accounts, problems);
}

/* The list is read on a worker thread: the page shows at once, and the
 * accounts arrive a moment later. A newer listing replaces an older one. */
static void
reload_accounts (BmsWelcomePage *self)
{
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();

  bms_account_store_list_async (self->store, self->list_cancellable, accounts_listed_cb, g_object_ref (self));
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
  g_cancellable_cancel (self->list_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (bms_welcome_page_parent_class)->dispose (object);
}

static void
bms_welcome_page_finalize (GObject *object)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (object);

  g_ptr_array_unref (self->account_rows);
  g_ptr_array_unref (self->accounts);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list_cancellable);
  g_free (self->account_to_show);

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

  /* The buttons of an account row; the parameter is the account's profile. */
  gtk_widget_class_install_action (widget_class, "account.edit", "s", edit_action_cb);
  gtk_widget_class_install_action (widget_class, "account.test", "s", test_action_cb);
  gtk_widget_class_install_action (widget_class, "account.remove", "s", remove_action_cb);
}

static void
bms_welcome_page_init (BmsWelcomePage *self)
{
  self->account_rows = g_ptr_array_new ();
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->store = bms_account_store_new (NULL);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  bms_page_set_title (BMS_PAGE (self), _("Welcome"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}

/**
 * bms_welcome_page_show_account:
 * @path: a saved account's profile
 *
 * Brings that account's row into view and focuses it, now or as soon as the
 * list (read again when the page is shown) has it.
 */
void
bms_welcome_page_show_account (BmsWelcomePage *self,
                               const char     *path)
{
  g_return_if_fail (BMS_IS_WELCOME_PAGE (self));
  g_return_if_fail (path != NULL);

  g_free (self->account_to_show);
  self->account_to_show = g_strdup (path);
  show_pending_account (self);
}
