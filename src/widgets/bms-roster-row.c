/* bms-roster-row.c: one employee in the roster's list.
 *
 * The name and the address, the provider, the last check (or what the
 * check running now does), and the buttons Edit, Test and Remove. A row
 * is made for the rows on screen only and given another entry as the list
 * scrolls (GtkListView), so everything it shows comes from its entry and
 * follows the entry's notifications.
 *
 * The buttons are actionable: account.edit, account.test and
 * account.remove with the profile's path, for whoever holds the list. A
 * failed check has "What to Do" beside it: the advice and the server's
 * words, one click away.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-diagnosis.h"
#include "bms-field.h"
#include "bms-roster-row.h"

struct _BmsRosterRow
{
  GtkWidget       parent_instance;

  GtkLabel       *name_label;
  GtkLabel       *email_label;
  GtkLabel       *provider_label;
  GtkSpinner     *spinner;
  GtkImage       *status_icon;
  GtkLabel       *status_label;
  GtkLabel       *when_label;
  GtkMenuButton  *advice_button;
  GtkLabel       *advice_label;
  GtkButton      *edit_button;
  GtkButton      *test_button;
  GtkButton      *remove_button;

  BmsRosterEntry *entry;
  /* Edit, or Set Up for an account imported from a list. */
  const char     *edit_label;
  gboolean        has_mnemonics;
};

G_DEFINE_FINAL_TYPE (BmsRosterRow, bms_roster_row, GTK_TYPE_WIDGET)

static const char *
kind_label (BmsCheckKind kind)
{
  return kind == BMS_CHECK_KIND_MAIL_TEST ? _("Mail test") : _("Login check");
}

static const char *
problem_summary (const char *problem)
{
  g_autoptr(GEnumClass) problems = g_type_class_ref (BMS_TYPE_PROBLEM);
  GEnumValue *value = problem != NULL ? g_enum_get_value_by_nick (problems, problem) : NULL;

  return value != NULL ? bms_problem_get_summary (value->value) : NULL;
}

static gboolean
saved_untested (BmsRosterEntry *entry)
{
  return bms_roster_entry_get_status (entry)->result == BMS_CHECK_RESULT_SAVED_WITHOUT_TEST ||
         bms_account_get_test_status (bms_roster_entry_get_account (entry)) == BMS_TEST_STATUS_NOT_PASSED;
}

/**
 * bms_roster_describe_status:
 *
 * The roster's one line about an entry: what a running check does with it,
 * or how its last check ended, with the reason of a failure.
 */
char *
bms_roster_describe_status (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);
  BmsAccount *account = bms_roster_entry_get_account (entry);
  const char *detail = bms_roster_entry_get_detail (entry);

  switch (bms_roster_entry_get_activity (entry))
    {
    case BMS_ROSTER_ACTIVITY_WAITING:
      return g_strdup (_("Waiting to be checked"));
    case BMS_ROSTER_ACTIVITY_CHECKING:
      return g_strdup (_("Checking…"));
    case BMS_ROSTER_ACTIVITY_IDLE:
    default:
      break;
    }

  /* Not checked in this run (no saved password): why, over the last check. */
  if (detail != NULL && status->result != BMS_CHECK_RESULT_FAILED)
    /* Translators: %s says why an account could not be checked. */
    return g_strdup_printf (_("Not checked: %s"), detail);

  switch (status->result)
    {
    case BMS_CHECK_RESULT_PASSED:
      return g_strdup (status->kind == BMS_CHECK_KIND_MAIL_TEST ? _("Mail test passed") : _("Login check passed"));
    case BMS_CHECK_RESULT_FAILED:
      {
        const char *summary = problem_summary (status->problem);

        if (summary == NULL)
          return g_strdup (_("Failed"));
        /* Translators: %s is the reason in a few words, e.g. "The password was refused". */
        return g_strdup_printf (_("Failed: %s"), summary);
      }
    case BMS_CHECK_RESULT_SAVED_WITHOUT_TEST:
      return g_strdup (_("Saved without a passed mail test"));
    case BMS_CHECK_RESULT_NEVER:
    default:
      break;
    }

  if (bms_account_get_test_status (account) == BMS_TEST_STATUS_NOT_SET_UP)
    return g_strdup (_("Not set up yet"));
  if (bms_account_get_test_status (account) == BMS_TEST_STATUS_NOT_PASSED)
    return g_strdup (_("Saved without a passed mail test"));
  return g_strdup (_("Never checked"));
}

/* When the last check was, and what it was; empty for an entry never
 * checked. An account saved untested says so here too, whatever was
 * checked since. */
static char *
describe_when (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);
  g_autoptr(GString) text = g_string_new (NULL);

  if (status->checked != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (status->checked);
      g_autofree char *time = g_date_time_format (local, "%Y-%m-%d %H:%M");

      /* The login check is the usual one; the mail test is named. */
      if (status->kind == BMS_CHECK_KIND_MAIL_TEST)
        /* Translators: when and what the last check was: "2026-12-01 09:30 · Mail test". */
        g_string_append_printf (text, C_("last check", "%1$s · %2$s"), time, kind_label (status->kind));
      else
        g_string_append (text, time);
    }

  if (status->result != BMS_CHECK_RESULT_SAVED_WITHOUT_TEST && status->result != BMS_CHECK_RESULT_NEVER &&
      saved_untested (entry))
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, _("saved without a passed mail test"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bms_roster_describe_provider:
 *
 * The provider column: who runs the mailbox of the account's address.
 */
const char *
bms_roster_describe_provider (BmsAccount *account)
{
  if (bms_account_get_checking_provider (account))
    return _("Checking…");

  switch (bms_account_get_provider_kind (account))
    {
    case BMS_PROVIDER_GMAIL:
      return _("Gmail");
    case BMS_PROVIDER_WORKSPACE:
      return _("Google Workspace");
    case BMS_PROVIDER_OTHER:
      return _("Not Google");
    case BMS_PROVIDER_UNKNOWN:
    default:
      return bms_account_get_provider (account) != NULL ? _("Provider unknown") : "";
    }
}

static const char *
status_icon_name (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);

  if (bms_roster_entry_get_detail (entry) != NULL && status->result != BMS_CHECK_RESULT_FAILED)
    return "dialog-warning-symbolic";

  switch (status->result)
    {
    case BMS_CHECK_RESULT_PASSED:
      return saved_untested (entry) ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
    case BMS_CHECK_RESULT_FAILED:
      return "dialog-error-symbolic";
    case BMS_CHECK_RESULT_SAVED_WITHOUT_TEST:
      return "dialog-warning-symbolic";
    case BMS_CHECK_RESULT_NEVER:
    default:
      return saved_untested (entry) ? "dialog-warning-symbolic" : NULL;
    }
}

/* The advice for a failure: what to do, then the words it failed with. */
static char *
describe_advice (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);
  BmsAccount *account = bms_roster_entry_get_account (entry);
  const char *detail = bms_roster_entry_get_detail (entry);
  g_autoptr(GEnumClass) problems = g_type_class_ref (BMS_TYPE_PROBLEM);
  GEnumValue *value = status->problem != NULL ? g_enum_get_value_by_nick (problems, status->problem) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (value != NULL && status->result == BMS_CHECK_RESULT_FAILED)
    g_string_append (text, bms_problem_get_advice (value->value,
                                                   bms_account_get_provider_kind (account) != BMS_PROVIDER_OTHER));
  if (detail != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n\n" : "", detail);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* GTK 4.8 does not name a list row after what it shows, so a screen
 * reader would say only "list item": the row, this widget's parent, is
 * named after the employee and described by the last check. */
static void
name_list_item (BmsRosterRow *self,
                const char   *status)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  BmsAccount *account = bms_roster_entry_get_account (self->entry);
  g_autofree char *name = NULL;

  if (item == NULL)
    return;

  if (*bms_account_get_employee_name (account) != '\0')
    /* Translators: an employee in the roster, for screen readers: "山田 太郎 (taro@example.co.jp)". */
    name = g_strdup_printf (C_("employee", "%1$s (%2$s)"), bms_account_get_employee_name (account),
                            bms_account_get_email (account));
  else
    name = g_strdup (bms_account_get_email (account));

  gtk_accessible_update_property (GTK_ACCESSIBLE (item),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status,
                                  -1);
}

static void
update_status (BmsRosterRow *self)
{
  BmsRosterEntry *entry = self->entry;
  g_autofree char *status = NULL;
  g_autofree char *when = NULL;
  g_autofree char *advice = NULL;
  BmsRosterActivity activity;
  const char *icon;

  if (entry == NULL)
    return;

  activity = bms_roster_entry_get_activity (entry);
  status = bms_roster_describe_status (entry);
  when = describe_when (entry);
  icon = activity == BMS_ROSTER_ACTIVITY_IDLE ? status_icon_name (entry) : NULL;
  advice = describe_advice (entry);

  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->when_label, when);
  gtk_widget_set_visible (GTK_WIDGET (self->when_label), *when != '\0' && activity == BMS_ROSTER_ACTIVITY_IDLE);
  gtk_spinner_set_spinning (self->spinner, activity == BMS_ROSTER_ACTIVITY_CHECKING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), activity == BMS_ROSTER_ACTIVITY_CHECKING);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), activity != BMS_ROSTER_ACTIVITY_CHECKING);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (activity == BMS_ROSTER_ACTIVITY_IDLE && bms_roster_entry_get_status (entry)->result == BMS_CHECK_RESULT_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");

  gtk_label_set_text (self->advice_label, advice);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_button), *advice != '\0' && activity == BMS_ROSTER_ACTIVITY_IDLE);
  /* The whole line for screen readers, however little of it fits. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status, -1);
  name_list_item (self, status);
}

static void
update_provider (BmsRosterRow *self)
{
  if (self->entry != NULL)
    gtk_label_set_text (self->provider_label,
                        bms_roster_describe_provider (bms_roster_entry_get_account (self->entry)));
}

/* The action is given with its target: without one, GTK would complain
 * of a row made before it was given an entry. */
static void
set_button_target (BmsRosterRow *self,
                   GtkButton    *button,
                   const char   *action_name,
                   const char   *label)
{
  BmsAccount *account = bms_roster_entry_get_account (self->entry);
  g_autofree char *plain = bms_label_without_mnemonic (label);
  g_autofree char *accessible_label = NULL;

  /* Translators: the accessible name of a button of an account row: "Edit taro@example.co.jp". */
  accessible_label = g_strdup_printf (C_("account button", "%s %s"), plain, bms_account_get_email (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bms_roster_entry_get_path (self->entry));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
}

static void
update_account (BmsRosterRow *self)
{
  BmsAccount *account = bms_roster_entry_get_account (self->entry);
  const char *name = bms_account_get_employee_name (account);
  const char *email = bms_account_get_email (account);
  gboolean named = name != NULL && *name != '\0';

  gtk_label_set_text (self->name_label, named ? name : email);
  gtk_label_set_text (self->email_label, email);
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), named);

  /* An account imported from a list is set up from the start. */
  self->edit_label = bms_account_get_test_status (account) == BMS_TEST_STATUS_NOT_SET_UP ? _("_Set Up") : _("_Edit");
  set_button_target (self, self->edit_button, "account.edit", self->edit_label);
  set_button_target (self, self->test_button, "account.test", _("_Test"));
  set_button_target (self, self->remove_button, "account.remove", _("_Remove"));
  bms_roster_row_set_has_mnemonics (self, self->has_mnemonics);
}

static void
disconnect_entry (BmsRosterRow *self)
{
  if (self->entry == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->entry, self);
  g_signal_handlers_disconnect_by_data (bms_roster_entry_get_account (self->entry), self);
  g_clear_object (&self->entry);
}

void
bms_roster_row_set_entry (BmsRosterRow   *self,
                          BmsRosterEntry *entry)
{
  g_return_if_fail (BMS_IS_ROSTER_ROW (self));
  g_return_if_fail (entry == NULL || BMS_IS_ROSTER_ENTRY (entry));

  if (self->entry == entry)
    return;

  disconnect_entry (self);
  if (entry == NULL)
    return;

  self->entry = g_object_ref (entry);
  g_signal_connect_swapped (entry, "notify::status", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (entry, "notify::activity", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (entry, "notify::detail", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (bms_roster_entry_get_account (entry), "notify::provider",
                            G_CALLBACK (update_provider), self);
  g_signal_connect_swapped (bms_roster_entry_get_account (entry), "notify::checking-provider",
                            G_CALLBACK (update_provider), self);

  update_account (self);
  update_provider (self);
  update_status (self);
}

BmsRosterEntry *
bms_roster_row_get_entry (BmsRosterRow *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ROW (self), NULL);

  return self->entry;
}

/* Without its mnemonic a label is shown plain: GTK would show the "_". */
static void
show_button_label (GtkButton  *button,
                   const char *mnemonic_label,
                   gboolean    has_mnemonic)
{
  g_autofree char *plain = bms_label_without_mnemonic (mnemonic_label);

  gtk_button_set_use_underline (button, has_mnemonic);
  gtk_button_set_label (button, has_mnemonic ? mnemonic_label : plain);
}

/**
 * bms_roster_row_set_has_mnemonics:
 *
 * One row at a time has alt+E, alt+T and alt+R: the list gives them to the
 * selected row. With every row's buttons underlined, the keys would be
 * taken by whichever row GTK finds first.
 */
void
bms_roster_row_set_has_mnemonics (BmsRosterRow *self,
                                  gboolean      has_mnemonics)
{
  g_return_if_fail (BMS_IS_ROSTER_ROW (self));

  self->has_mnemonics = has_mnemonics;
  show_button_label (self->edit_button, self->edit_label, has_mnemonics);
  show_button_label (self->test_button, _("_Test"), has_mnemonics);
  show_button_label (self->remove_button, _("_Remove"), has_mnemonics);
}

/* The width @button needs for the widest of its labels, with the mnemonic
 * shown ("編集(E)" is wider than "編集"), so that the selected row's buttons
 * are as wide as the others' and the columns stay in line. */
static void
reserve_button_width (GtkButton          *button,
                      const char * const *labels)
{
  g_autofree char *shown = g_strdup (gtk_button_get_label (button));
  gboolean underline = gtk_button_get_use_underline (button);
  int widest = 0;

  gtk_button_set_use_underline (button, TRUE);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      int natural;

      gtk_button_set_label (button, labels[i]);
      gtk_widget_measure (GTK_WIDGET (button), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      widest = MAX (widest, natural);
    }
  gtk_button_set_use_underline (button, underline);
  gtk_button_set_label (button, shown);
  gtk_widget_set_size_request (GTK_WIDGET (button), widest, -1);
}

/* Measured once the row has its style, in its window. */
static void
bms_roster_row_root (GtkWidget *widget)
{
  BmsRosterRow *self = BMS_ROSTER_ROW (widget);
  const char *edit_labels[] = { _("_Edit"), _("_Set Up"), NULL };
  const char *test_labels[] = { _("_Test"), NULL };
  const char *remove_labels[] = { _("_Remove"), NULL };

  GTK_WIDGET_CLASS (bms_roster_row_parent_class)->root (widget);

  reserve_button_width (self->edit_button, edit_labels);
  reserve_button_width (self->test_button, test_labels);
  reserve_button_width (self->remove_button, remove_labels);
}

/* The row that the focus enters becomes the selected one, so its buttons
 * get the mnemonics. */
static void
focus_entered_cb (BmsRosterRow *self)
{
  if (self->entry != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "roster.select", "s", bms_roster_entry_get_path (self->entry));
}

static void
bms_roster_row_dispose (GObject *object)
{
  BmsRosterRow *self = BMS_ROSTER_ROW (object);

  GtkWidget *child;

  disconnect_entry (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_ROSTER_ROW);
  /* The boxes of the template have no name to be disposed by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bms_roster_row_parent_class)->dispose (object);
}

static void
bms_roster_row_class_init (BmsRosterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_roster_row_dispose;
  widget_class->root = bms_roster_row_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-roster-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, email_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, provider_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, advice_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, advice_label);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, test_button);
  gtk_widget_class_bind_template_child (widget_class, BmsRosterRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, focus_entered_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rosterrow");
}

static void
bms_roster_row_init (BmsRosterRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->edit_label = _("_Edit");
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
}

GtkWidget *
bms_roster_row_new (void)
{
  return g_object_new (BMS_TYPE_ROSTER_ROW, NULL);
}
