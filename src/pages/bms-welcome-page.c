/* bms-welcome-page.c: the first page: the roster, or the introduction.
 *
 * With no account saved yet, the page says what the assistant does and
 * what it needs. With accounts saved, it is the administrator's roster
 * (BmsRosterView): every employee with the last check, Set Up a New
 * Employee, checks of all, import and export; the introduction is a menu
 * item away. Each employee has Edit (the assistant opens filled in,
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
#include "bms-daily-check-row.h"
#include "bms-field.h"
#include "bms-info-row.h"
#include "bms-profile.h"
#include "bms-roster-view.h"
#include "bms-welcome-page.h"

struct _BmsWelcomePage
{
  BmsPage               parent_instance;

  GtkStack             *faces;
  BmsRosterView        *roster_view;
  GtkWidget            *show_roster_button;
  GtkLabel             *problems_label;

  BmsAccountStore      *store;
  BmsRoster            *roster;
  GCancellable         *cancellable;
  GCancellable         *list_cancellable;
  /* The introduction was asked for: a new reading of the accounts does not
   * turn the page back to the roster. */
  gboolean              introduction_asked;
  /* The saved accounts are being read: an account to show waits for them,
   * as they replace the roster's entries. */
  gboolean              listing;
  char                 *account_to_show;
};

G_DEFINE_FINAL_TYPE (BmsWelcomePage, bms_welcome_page, BMS_TYPE_PAGE)

/* Where an account row's buttons lead once the account is loaded: the
 * names the window gives the form and the mail test page; an account
 * imported from a list, and a new employee, start at the first step. */
#define EDIT_PAGE "form"
#define TEST_PAGE "test"
#define FIRST_STEP_PAGE "google"

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
  BmsWelcomePage *self = BMS_WELCOME_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  BmsRosterEntry *entry = bms_roster_find (self->roster, path, NULL);
  gboolean set_up = entry == NULL ||
                    bms_account_get_test_status (bms_roster_entry_get_account (entry)) != BMS_TEST_STATUS_NOT_SET_UP;

  open_account (self, path, set_up ? EDIT_PAGE : FIRST_STEP_PAGE);
}

/* A new employee starts from a new account's values: what the assistant
 * held of the last one opened is not carried over. */
static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(BmsAccount) fresh = bms_account_new ();

  bms_account_assign (bms_page_get_account (BMS_PAGE (widget)), fresh, TRUE);
  gtk_widget_activate_action (widget, "assistant.show-page", "s", FIRST_STEP_PAGE);
}

static void
show_introduction_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (widget);

  self->introduction_asked = TRUE;
  gtk_stack_set_visible_child_name (self->faces, "introduction");
  gtk_widget_grab_focus (self->show_roster_button);
}

static void
show_roster_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (widget);

  self->introduction_asked = FALSE;
  gtk_stack_set_visible_child_name (self->faces, "roster");
  gtk_widget_grab_focus (GTK_WIDGET (bms_roster_view_get_list_view (self->roster_view)));
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
  BmsRosterEntry *entry = bms_roster_find (self->roster, path, NULL);

  return entry != NULL ? bms_roster_entry_get_account (entry) : NULL;
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

static void
show_pending_account (BmsWelcomePage *self)
{
  g_autofree char *path = g_steal_pointer (&self->account_to_show);

  if (path == NULL)
    return;

  g_free (self->account_to_show);
  self->account_to_show = g_strdup (path);
  if (!self->listing)
    show_pending_account (self);
}

/* The roster when there is anyone on it, unless the introduction was asked
 * for. */
static void
show_face (BmsWelcomePage *self)
{
  gboolean has_accounts = g_list_model_get_n_items (bms_roster_get_entries (self->roster)) > 0;

  gtk_widget_set_visible (self->show_roster_button, has_accounts);
  if (!has_accounts)
    self->introduction_asked = FALSE;
  gtk_stack_set_visible_child_name (self->faces, has_accounts && !self->introduction_asked ? "roster" : "introduction");
}

static void
accounts_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BmsWelcomePage) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  if (!bms_roster_reload_finish (BMS_ROSTER (source), result, &problems, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->listing = FALSE;
      g_info ("Could not list the saved accounts: %s", error->message);
      gtk_stack_set_visible_child_name (self->faces, "introduction");
      gtk_label_set_text (self->problems_label,
                          _("The accounts saved on this computer could not be read. "
                            "New accounts can still be set up: press Next."));
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
      return;
    }

  self->listing = FALSE;
  show_face (self);
  show_problems (self, problems);
  show_pending_account (self);
}

/* The list is read on a worker thread: the page shows at once, and the
 * accounts arrive a moment later. A newer listing replaces an older one. */
static void
reload_accounts (BmsWelcomePage *self)
{
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->listing = TRUE;

  bms_roster_reload_async (self->roster, self->list_cancellable, accounts_listed_cb, g_object_ref (self));
}

/* While a check runs, nothing else signs in to the employees' servers:
 * their logins stay within the check's limits. */
static void
checking_changed_cb (BmsWelcomePage *self)
{
  gboolean checking = bms_roster_get_checking (self->roster);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.edit", !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.test", !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.remove", !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.new", !checking);
  bms_page_set_complete (BMS_PAGE (self), !checking);
}

static void
ca_file_changed_cb (BmsWelcomePage *self)
{
  bms_roster_set_ca_file (self->roster, bms_account_get_ca_file (bms_page_get_account (BMS_PAGE (self))));
}

static void
bms_welcome_page_shown (BmsPage *page)
{
  reload_accounts (BMS_WELCOME_PAGE (page));
}

static void
bms_welcome_page_constructed (GObject *object)
{
  BmsWelcomePage *self = BMS_WELCOME_PAGE (object);

  G_OBJECT_CLASS (bms_welcome_page_parent_class)->constructed (object);

  g_signal_connect_object (bms_page_get_account (BMS_PAGE (self)), "notify::ca-file",
                           G_CALLBACK (ca_file_changed_cb), self, G_CONNECT_SWAPPED);
  ca_file_changed_cb (self);
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

  g_clear_object (&self->roster);
  g_clear_object (&self->store);
  g_free (self->account_to_show);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list_cancellable);

  G_OBJECT_CLASS (bms_welcome_page_parent_class)->finalize (object);
}

static void
bms_welcome_page_class_init (BmsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_welcome_page_dispose;
  object_class->finalize = bms_welcome_page_finalize;
  object_class->constructed = bms_welcome_page_constructed;
  BMS_PAGE_CLASS (klass)->shown = bms_welcome_page_shown;

  g_type_ensure (BMS_TYPE_INFO_ROW);
  g_type_ensure (BMS_TYPE_ROSTER_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, faces);
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, roster_view);
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, show_roster_button);
  gtk_widget_class_bind_template_callback (widget_class, reload_accounts);
  gtk_widget_class_bind_template_child (widget_class, BmsWelcomePage, problems_label);

  /* The buttons of an account row; the parameter is the account's profile. */
  gtk_widget_class_install_action (widget_class, "account.edit", "s", edit_action_cb);
  gtk_widget_class_install_action (widget_class, "account.test", "s", test_action_cb);
  gtk_widget_class_install_action (widget_class, "account.remove", "s", remove_action_cb);
  gtk_widget_class_install_action (widget_class, "account.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "welcome.show-introduction", NULL, show_introduction_action_cb);
  gtk_widget_class_install_action (widget_class, "welcome.show-roster", NULL, show_roster_action_cb);
}

static void
bms_welcome_page_init (BmsWelcomePage *self)
{
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (NULL);

  self->store = bms_account_store_new (NULL);
  self->roster = bms_roster_new (self->store, detector);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bms_button_name_plainly (GTK_BUTTON (self->show_roster_button));
  bms_roster_view_set_roster (self->roster_view, self->roster);
  bms_roster_view_set_extra_row (self->roster_view, bms_daily_check_row_new (NULL));
  g_signal_connect_object (self->roster, "notify::checking", G_CALLBACK (checking_changed_cb), self,
                           G_CONNECT_SWAPPED);

  bms_page_set_title (BMS_PAGE (self), _("Welcome"));
  bms_page_set_complete (BMS_PAGE (self), TRUE);
}

/**
 * bms_welcome_page_show_account:
 * @path: a saved account's profile
 *
 * Shows the roster with that employee in view, selected and focused, now
 * or as soon as the roster (read again when the page is shown) has it.
 */
void
bms_welcome_page_show_account (BmsWelcomePage *self,
                               const char     *path)
{
  g_return_if_fail (BMS_IS_WELCOME_PAGE (self));
  g_return_if_fail (path != NULL);

  self->introduction_asked = FALSE;
  gtk_stack_set_visible_child_name (self->faces, "roster");
  bms_roster_view_show_account (self->roster_view, path);
}
