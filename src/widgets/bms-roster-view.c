/* bms-roster-view.c: the administrator's list of employees.
 *
 * Every saved account in a GtkListView, which makes rows only for what is
 * on screen, so five hundred employees show as fast as five. A search by
 * name or address narrows the list; checks (the login check, or the mail
 * test after a confirmation) run over the employees shown, or the selected
 * one alone, at most four
 * logins at once (BmsRoster, BmsAccountChecker), each row showing its
 * progress, and end in a summary. Employees come in from a CSV file and
 * the list goes out as one.
 *
 * Whoever holds the view handles what leads elsewhere: the rows' actions
 * account.edit, account.test and account.remove (with the profile's path),
 * account.new (a new employee), welcome.show-introduction, and the signal
 * "accounts-changed" after an import.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-field.h"
#include "bms-roster-csv.h"
#include "bms-roster-row.h"
#include "bms-roster-view.h"

struct _BmsRosterView
{
  AdwBin              parent_instance;

  GtkLabel           *count_label;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkWidget          *no_match_label;
  GtkWidget          *progress_box;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkWidget          *stop_button;
  GtkButton          *new_employee_button;
  GtkButton          *check_button;
  GtkLabel           *slowed_label;
  GtkWidget          *summary_box;
  GtkLabel           *summary_label;
  GtkToggleButton    *failures_button;
  GtkListBox         *extra_box;

  BmsRoster          *roster;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  /* The profiles that failed the last run, for "Show Only Failures". */
  GHashTable         *failed_paths;
  GCancellable       *check_cancellable;
  GCancellable       *cancellable;
  char               *account_to_show;
  guint               focus_ticks;
  guint               focus_frames_held;
};

G_DEFINE_FINAL_TYPE (BmsRosterView, bms_roster_view, ADW_TYPE_BIN)

enum {
  SIGNAL_ACCOUNTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (BmsRosterView *self,
            const char    *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "(su)", text, 10);
}

static gboolean
entry_shown (gpointer item,
             gpointer user_data)
{
  BmsRosterView *self = user_data;
  BmsRosterEntry *entry = item;

  if (gtk_toggle_button_get_active (self->failures_button) &&
      !g_hash_table_contains (self->failed_paths, bms_roster_entry_get_path (entry)))
    return FALSE;

  return bms_roster_entry_matches (entry, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
update_count (BmsRosterView *self)
{
  guint total = self->roster != NULL ? g_list_model_get_n_items (bms_roster_get_entries (self->roster)) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u employee", "%u employees", total), total);
  else
    /* Translators: how many employees the search shows, of how many: "3 of 40 employees". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u employee", "%u of %u employees", total),
                            shown, total);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (self->no_match_label, shown == 0 && total > 0);
}

static void
search_changed_cb (BmsRosterView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BmsRosterView            *self)
{
  gtk_list_item_set_child (item, bms_roster_row_new ());
}

static void
item_selected_cb (GtkListItem *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL)
    bms_roster_row_set_selected (BMS_ROSTER_ROW (row), gtk_list_item_get_selected (item));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             BmsRosterView            *self)
{
  BmsRosterRow *row = BMS_ROSTER_ROW (gtk_list_item_get_child (item));

  bms_roster_row_set_entry (row, gtk_list_item_get_item (item));
  bms_roster_row_set_selected (row, gtk_list_item_get_selected (item));
  g_signal_connect (item, "notify::selected", G_CALLBACK (item_selected_cb), NULL);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BmsRosterView            *self)
{
  g_signal_handlers_disconnect_by_func (item, item_selected_cb, NULL);
  bms_roster_row_set_entry (BMS_ROSTER_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Enter or a double click on a row edits that employee. */
static void
row_activated_cb (BmsRosterView *self,
                  guint          position)
{
  g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (entry != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "account.edit", "s", bms_roster_entry_get_path (entry));
}

static gboolean
find_shown (BmsRosterView *self,
            const char    *path,
            guint         *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_strcmp0 (bms_roster_entry_get_path (entry), path) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
select_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BmsRosterView *self = BMS_ROSTER_VIEW (widget);
  guint position;

  if (find_shown (self, g_variant_get_string (parameter, NULL), &position))
    gtk_single_selection_set_selected (self->selection, position);
}

/* The row of @entry on screen, once the list has made it. */
static GtkWidget *
find_row (GtkWidget      *widget,
          BmsRosterEntry *entry)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (BMS_IS_ROSTER_ROW (child) && bms_roster_row_get_entry (BMS_ROSTER_ROW (child)) == entry)
        return child;

      found = find_row (child, entry);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether the focus is on @row's place in the list or inside it (GTK gives
 * it to the row's first button). */
static gboolean
holds_focus (GtkWidget *row)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (row));
  GtkWidget *item = gtk_widget_get_parent (row);

  return focus != NULL && (focus == item || gtk_widget_is_ancestor (focus, item));
}

/* The selected row gets the focus once the list, scrolled to it, has made
 * it: that takes a frame or two, and the list may make the row again as
 * it settles, so the focus is given until the row has kept it for a few
 * frames. */
static gboolean
focus_shown_account_cb (GtkWidget     *list_view,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  BmsRosterView *self = user_data;
  gpointer entry = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *row = entry != NULL ? find_row (list_view, entry) : NULL;

  if (row != NULL && holds_focus (row))
    self->focus_frames_held++;
  else if (row != NULL && gtk_widget_grab_focus (gtk_widget_get_parent (row)))
    self->focus_frames_held = 0;

  if (self->focus_frames_held >= 3 || ++self->focus_ticks >= 120)
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

/* Selects the account, scrolls to it and puts the focus on its row; an
 * account that the search hides is shown by clearing the search. */
static void
show_pending_account (BmsRosterView *self)
{
  guint position;

  if (self->account_to_show == NULL || self->roster == NULL ||
      bms_roster_find (self->roster, self->account_to_show, NULL) == NULL)
    return;

  if (!find_shown (self, self->account_to_show, &position))
    {
      gtk_toggle_button_set_active (self->failures_button, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self);
      if (!find_shown (self, self->account_to_show, &position))
        return;
    }

  g_clear_pointer (&self->account_to_show, g_free);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  /* The row exists once the list has been laid out at its new place. */
  self->focus_ticks = 0;
  self->focus_frames_held = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), focus_shown_account_cb, self, NULL);
}

/**
 * bms_roster_view_show_account:
 * @path: a saved account's profile
 *
 * Brings that employee into view, selected and focused, now or once the
 * roster has it.
 */
void
bms_roster_view_show_account (BmsRosterView *self,
                              const char    *path)
{
  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));
  g_return_if_fail (path != NULL);

  g_free (self->account_to_show);
  self->account_to_show = g_strdup (path);
  show_pending_account (self);
}

/* The row the focus is in becomes the selected one, and so gets the
 * buttons and their mnemonics: GTK selects a row clicked or reached with
 * the arrow keys, not one the focus is given to otherwise (Tab, a
 * notification's account). */
static void
focus_moved_cb (BmsRosterView *self,
                GParamSpec    *pspec,
                GtkWindow     *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkWidget *row;
  BmsRosterEntry *entry;
  guint position;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return;

  row = BMS_IS_ROSTER_ROW (gtk_widget_get_first_child (focus)) ? gtk_widget_get_first_child (focus)
                                                               : gtk_widget_get_ancestor (focus, BMS_TYPE_ROSTER_ROW);
  entry = row != NULL ? bms_roster_row_get_entry (BMS_ROSTER_ROW (row)) : NULL;
  if (entry != NULL && find_shown (self, bms_roster_entry_get_path (entry), &position))
    gtk_single_selection_set_selected (self->selection, position);
}

static void
bms_roster_view_root (GtkWidget *widget)
{
  BmsRosterView *self = BMS_ROSTER_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (bms_roster_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::focus-widget", G_CALLBACK (focus_moved_cb), self, G_CONNECT_SWAPPED);
}

static void
bms_roster_view_unroot (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_root (widget), focus_moved_cb, widget);

  GTK_WIDGET_CLASS (bms_roster_view_parent_class)->unroot (widget);
}

static void
entries_changed_cb (BmsRosterView *self)
{
  update_count (self);
  show_pending_account (self);
}

/* The paths of the employees shown: what a check goes over. */
static GStrv
shown_paths (BmsRosterView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsRosterEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      g_strv_builder_add (builder, bms_roster_entry_get_path (entry));
    }

  return g_strv_builder_end (builder);
}

static void
update_progress (BmsRosterView *self)
{
  guint done = bms_roster_get_n_checked (self->roster);
  guint total = bms_roster_get_n_to_check (self->roster);
  g_autofree char *text = NULL;

  /* Translators: the progress of a check of many accounts: "Checked 12 of 40". */
  text = g_strdup_printf (_("Checked %u of %u"), done, total);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->slowed_label), bms_roster_get_slowed (self->roster));
}

static void
set_checking (BmsRosterView *self,
              gboolean       checking)
{
  gtk_widget_set_visible (self->progress_box, checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.check-logins", !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.test-all", !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.check-selected", !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.import", !checking);
  if (checking)
    {
      gtk_widget_set_visible (self->summary_box, FALSE);
      update_progress (self);
    }
}

static guint
count_outcomes (GPtrArray             *outcomes,
                BmsCheckOutcomeResult  result)
{
  guint n = 0;

  for (guint i = 0; i < outcomes->len; i++)
    if (((BmsCheckOutcome *) g_ptr_array_index (outcomes, i))->result == result)
      n++;

  return n;
}

static char *
describe_summary (GPtrArray *outcomes)
{
  guint passed = count_outcomes (outcomes, BMS_CHECK_OUTCOME_PASSED);
  guint failed = count_outcomes (outcomes, BMS_CHECK_OUTCOME_FAILED);
  guint skipped = count_outcomes (outcomes, BMS_CHECK_OUTCOME_SKIPPED);
  guint cancelled = count_outcomes (outcomes, BMS_CHECK_OUTCOME_CANCELLED);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: the summary of a check of many accounts: "38 passed, 2 failed". */
  g_string_append_printf (text, _("%u passed, %u failed"), passed, failed);
  if (skipped > 0)
    /* Translators: follows "38 passed, 2 failed". */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u could not be checked",
                                               ", %u could not be checked", skipped), skipped);
  if (cancelled > 0)
    /* Translators: follows "38 passed, 2 failed". */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u not checked: stopped",
                                               ", %u not checked: stopped", cancelled), cancelled);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_summary (BmsRosterView *self,
              GPtrArray     *outcomes)
{
  g_autofree char *summary = describe_summary (outcomes);

  g_hash_table_remove_all (self->failed_paths);
  for (guint i = 0; i < outcomes->len; i++)
    {
      BmsCheckOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->result == BMS_CHECK_OUTCOME_FAILED || outcome->result == BMS_CHECK_OUTCOME_SKIPPED)
        g_hash_table_add (self->failed_paths, g_strdup (outcome->path));
    }

  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->failures_button), g_hash_table_size (self->failed_paths) > 0);
  gtk_toggle_button_set_active (self->failures_button, FALSE);
  gtk_widget_set_visible (self->summary_box, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->summary_label));
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BmsRosterView) self = user_data;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;

  outcomes = bms_roster_check_finish (BMS_ROSTER (source), result, &error);
  g_clear_object (&self->check_cancellable);
  if (self->roster == NULL)
    return;

  set_checking (self, FALSE);
  if (outcomes == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  show_summary (self, outcomes);
}

static void
check_paths (BmsRosterView      *self,
             BmsCheckKind        kind,
             const char * const *paths)
{
  if (self->roster == NULL || bms_roster_get_checking (self->roster) || paths[0] == NULL)
    return;

  self->check_cancellable = g_cancellable_new ();
  bms_roster_check_async (self->roster, kind, paths, self->check_cancellable, checked_cb, g_object_ref (self));
  set_checking (self, TRUE);
  gtk_widget_grab_focus (self->stop_button);
}

/**
 * bms_roster_view_check:
 * @kind: the login check, or the whole mail test
 *
 * Checks the employees shown (all of them when nothing is searched for).
 */
void
bms_roster_view_check (BmsRosterView *self,
                       BmsCheckKind   kind)
{
  g_auto(GStrv) paths = NULL;

  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));

  paths = shown_paths (self);
  check_paths (self, kind, (const char * const *) paths);
}

/* The login check of the selected employee alone. */
static void
check_selected_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BmsRosterView *self = BMS_ROSTER_VIEW (widget);
  BmsRosterEntry *entry = gtk_single_selection_get_selected_item (self->selection);
  const char *paths[] = { entry != NULL ? bms_roster_entry_get_path (entry) : NULL, NULL };

  check_paths (self, BMS_CHECK_KIND_LOGIN, paths);
}

/* Stops the check; the accounts checked so far keep their results. */
void
bms_roster_view_cancel_check (BmsRosterView *self)
{
  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));

  g_cancellable_cancel (self->check_cancellable);
}

static void
check_logins_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  bms_roster_view_check (BMS_ROSTER_VIEW (widget), BMS_CHECK_KIND_LOGIN);
}

static void
confirm_test_all_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BmsRosterView    *self)
{
  if (g_strcmp0 (response, "test") == 0)
    bms_roster_view_check (self, BMS_CHECK_KIND_MAIL_TEST);
}

/* A mail test mails every employee checked: asked first, with the count. */
static void
test_all_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BmsRosterView *self = BMS_ROSTER_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (n == 0)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Send a Test Message to Each Employee?"), NULL));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The full mail test of %u employee: a test message is sent from the account "
                                       "to itself and saved in its sent mail folder. To find a changed or revoked "
                                       "app password, the login check is enough and sends nothing.",
                                       "The full mail test of %u employees: a test message is sent from each account "
                                       "to itself and saved in its sent mail folder. To find a changed or revoked "
                                       "app password, the login check is enough and sends nothing.", n), n);
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "test", _("_Send Test Messages"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "test", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_test_all_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stop_clicked_cb (BmsRosterView *self)
{
  bms_roster_view_cancel_check (self);
}

static void
failures_toggled_cb (BmsRosterView *self)
{
  search_changed_cb (self);
}

/* Bad rows are listed by their line, so that they can be found in Excel. */
static char *
describe_import_problems (GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      BmsRosterCsvProblem *problem = g_ptr_array_index (problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a bad row of an imported file: "Line 4: the address is not valid". */
      g_string_append_printf (text, _("Line %u: %s"), problem->line, problem->message);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_import_failure (BmsRosterView *self,
                     const GError  *error,
                     GPtrArray     *problems)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *lines = describe_import_problems (problems);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = *lines != '\0' ? g_strdup_printf ("%s\n\n%s", error->message, lines) : g_strdup (error->message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Nothing Was Imported"), body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "import-problems");
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BmsRosterView) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gssize n;

  n = bms_roster_csv_import_finish (BMS_ACCOUNT_STORE (source), result, &problems, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (n < 0)
    {
      show_import_failure (self, error, problems);
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zd employee imported, not set up yet",
                                       "%zd employees imported, not set up yet", n), n);
  show_toast (self, text);
  g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
}

/**
 * bms_roster_view_import_file:
 *
 * Imports the employees of a CSV file (社員名, メールアドレス) as accounts
 * not set up yet, or nothing at all, with the bad rows by line.
 */
void
bms_roster_view_import_file (BmsRosterView *self,
                             GFile         *file)
{
  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->roster != NULL);

  bms_roster_csv_import_async (bms_roster_get_store (self->roster), file, self->cancellable,
                               imported_cb, g_object_ref (self));
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BmsRosterView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gssize n;

  n = bms_roster_csv_export_finish (BMS_ACCOUNT_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (n < 0)
    /* Translators: %s says why the file could not be written. */
    text = g_strdup_printf (_("The list could not be saved: %s"), error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The list of %zd employee was saved",
                                         "The list of %zd employees was saved", n), n);
  show_toast (self, text);
}

/**
 * bms_roster_view_export_file:
 *
 * Writes the roster to a CSV file for Excel: no password, no secret.
 */
void
bms_roster_view_export_file (BmsRosterView *self,
                             GFile         *file)
{
  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->roster != NULL);

  bms_roster_csv_export_async (bms_roster_get_store (self->roster), file, self->cancellable,
                               exported_cb, g_object_ref (self));
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");

  return filter;
}

/* What a file chooser's file is for: import or export. */
typedef void (*UseFile) (BmsRosterView *self,
                         GFile         *file);

typedef struct
{
  BmsRosterView *self;
  UseFile        use_file;
} CsvChoice;

static void
csv_choice_free (CsvChoice *choice)
{
  g_object_unref (choice->self);
  g_free (choice);
}

static void
csv_chosen_cb (GtkNativeDialog *chooser,
               int              response,
               CsvChoice       *choice)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    choice->use_file (choice->self, file);
  g_object_unref (chooser);
}

/* @suggested_name: (nullable): the file's name, for a file to be written */
static void
choose_csv_file (BmsRosterView        *self,
                 const char           *title,
                 GtkFileChooserAction  action,
                 const char           *accept_label,
                 const char           *suggested_name,
                 UseFile               use_file)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = csv_filter ();
  GtkFileChooserNative *chooser;
  CsvChoice *choice;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept_label, _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  choice = g_new0 (CsvChoice, 1);
  choice->self = g_object_ref (self);
  choice->use_file = use_file;
  g_signal_connect_data (chooser, "response", G_CALLBACK (csv_chosen_cb),
                         choice, (GClosureNotify) csv_choice_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_csv_file (BMS_ROSTER_VIEW (widget), _("Import Employees"), GTK_FILE_CHOOSER_ACTION_OPEN,
                   _("_Import"), NULL, bms_roster_view_import_file);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* Translators: the suggested name of an exported list; keep the .csv. */
  choose_csv_file (BMS_ROSTER_VIEW (widget), _("Export the List of Employees"), GTK_FILE_CHOOSER_ACTION_SAVE,
                   _("_Save"), _("employees.csv"), bms_roster_view_export_file);
}

void
bms_roster_view_set_roster (BmsRosterView *self,
                            BmsRoster     *roster)
{
  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));
  g_return_if_fail (BMS_IS_ROSTER (roster));

  g_set_object (&self->roster, roster);
  gtk_filter_list_model_set_model (self->filtered, bms_roster_get_entries (roster));
  g_signal_connect_object (bms_roster_get_entries (roster), "items-changed",
                           G_CALLBACK (entries_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (roster, "notify::n-checked", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (roster, "notify::slowed", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  update_count (self);
}

BmsRoster *
bms_roster_view_get_roster (BmsRosterView *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_VIEW (self), NULL);

  return self->roster;
}

GtkListView *
bms_roster_view_get_list_view (BmsRosterView *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_VIEW (self), NULL);

  return self->list_view;
}

/* A row of whoever holds the view (the daily check's switch) under the
 * list's controls. */
void
bms_roster_view_set_extra_row (BmsRosterView *self,
                               GtkWidget     *row)
{
  g_return_if_fail (BMS_IS_ROSTER_VIEW (self));

  gtk_list_box_append (self->extra_box, row);
  gtk_widget_set_visible (GTK_WIDGET (self->extra_box), TRUE);
}

static void
bms_roster_view_dispose (GObject *object)
{
  BmsRosterView *self = BMS_ROSTER_VIEW (object);

  g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_ROSTER_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->roster);

  G_OBJECT_CLASS (bms_roster_view_parent_class)->dispose (object);
}

static void
bms_roster_view_finalize (GObject *object)
{
  BmsRosterView *self = BMS_ROSTER_VIEW (object);

  g_hash_table_unref (self->failed_paths);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->account_to_show);

  G_OBJECT_CLASS (bms_roster_view_parent_class)->finalize (object);
}

static void
bms_roster_view_class_init (BmsRosterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_roster_view_dispose;
  object_class->finalize = bms_roster_view_finalize;
  widget_class->root = bms_roster_view_root;
  widget_class->unroot = bms_roster_view_unroot;

  /**
   * BmsRosterView::accounts-changed:
   *
   * Accounts were added to the folder (an import): the roster is to be
   * read again.
   */
  signals[SIGNAL_ACCOUNTS_CHANGED] =
    g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-roster-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, count_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, list_view);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, new_employee_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, check_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, slowed_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, summary_box);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, failures_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterView, extra_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, failures_toggled_cb);

  gtk_widget_class_install_action (widget_class, "roster.select", "s", select_action_cb);
  gtk_widget_class_install_action (widget_class, "roster.check-logins", NULL, check_logins_action_cb);
  gtk_widget_class_install_action (widget_class, "roster.test-all", NULL, test_all_action_cb);
  gtk_widget_class_install_action (widget_class, "roster.check-selected", NULL, check_selected_action_cb);
  gtk_widget_class_install_action (widget_class, "roster.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "roster.export", NULL, export_action_cb);
}

static void
bms_roster_view_init (BmsRosterView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->failed_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bms_button_name_plainly (self->new_employee_button);
  bms_button_name_plainly (self->check_button);
  bms_button_name_plainly (GTK_BUTTON (self->stop_button));
  bms_button_name_plainly (GTK_BUTTON (self->failures_button));

  self->filter = gtk_custom_filter_new (entry_shown, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (factory);
}
