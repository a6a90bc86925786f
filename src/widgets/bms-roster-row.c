/* bms-roster-row.c: one employee in the roster's list.
 *
 * The name with the provider beside it, the address, the last check (or
 * what the check running now does), and, on the selected row, the buttons
 * Edit, Test and Remove. GtkListView gives a row another entry as the list
 * scrolls, so everything it shows comes from its entry and follows the
 * entry's notifications.
 *
 * The buttons are actionable: account.edit, account.test and
 * account.remove with the profile's path, for whoever holds the list. A
 * failed check has "What to Do" under it: the advice and the server's
 * words, one click away.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-field.h"
#include "bms-roster-row.h"
#include "bms-roster-status.h"

struct _BmsRosterRow
{
  GtkWidget       parent_instance;

  /* The name, and the provider beside it. */
  GtkInscription *name_label;
  GtkInscription *email_label;
  GtkImage       *status_icon;
  GtkInscription *status_label;
  GtkInscription *when_label;
  /* Made when first needed: most rows never check or fail. */
  GtkSpinner     *spinner;
  GtkMenuButton  *advice_button;
  GtkButton      *edit_button;
  GtkButton      *test_button;
  GtkButton      *remove_button;

  BmsRosterEntry *entry;
  /* What "What to Do" says; its popover is made only when it is opened:
   * GTK 4.8's list view makes about 200 rows at once. */
  char           *advice;
  /* Edit, or Set Up for an account imported from a list. */
  const char     *edit_label;
  gboolean        selected;
};

G_DEFINE_FINAL_TYPE (BmsRosterRow, bms_roster_row, GTK_TYPE_WIDGET)

/* The row is one grid, without boxes inside, and built in code rather than
 * from a template: GTK 4.8's list view makes about 200 rows at once, and
 * every widget and every template's parsing counts before the first frame. */
#define ROW_MARGIN_END 6

enum {
  NAME_COLUMN,
  STATUS_ICON_COLUMN,
  STATUS_COLUMN,
  FIRST_BUTTON_COLUMN,
};

static void
place (BmsRosterRow *self,
       GtkWidget    *child,
       int           column,
       int           row,
       int           width,
       int           height)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkGridLayoutChild *cell;

  gtk_widget_set_parent (child, GTK_WIDGET (self));
  cell = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, child));
  gtk_grid_layout_child_set_column (cell, column);
  gtk_grid_layout_child_set_row (cell, row);
  gtk_grid_layout_child_set_column_span (cell, width);
  gtk_grid_layout_child_set_row_span (cell, height);
}

/* A line of the row: one line, cut at its end when it does not fit, never
 * wrapped. A GtkInscription rather than a label: its size comes from a
 * number of characters, not from its text, so that measuring 200 rows
 * lays out no text, and all the rows are of one size. */
static GtkInscription *
create_label (const char *name,
              guint       min_chars,
              guint       nat_chars,
              const char *style,
              const char *other_style)
{
  GtkInscription *label = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_widget_set_name (GTK_WIDGET (label), name);
  gtk_inscription_set_xalign (label, 0);
  gtk_inscription_set_text_overflow (label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (label, min_chars);
  gtk_inscription_set_nat_chars (label, nat_chars);
  gtk_inscription_set_min_lines (label, 1);
  gtk_inscription_set_nat_lines (label, 1);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), style);
  if (other_style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), other_style);

  return label;
}

static GtkButton *
create_row_button (BmsRosterRow *self,
                   const char   *name,
                   int           column)
{
  GtkWidget *button = gtk_button_new ();

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  place (self, button, column, 0, 1, 2);

  return GTK_BUTTON (button);
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
show_spinner (BmsRosterRow *self,
              gboolean      shown)
{
  if (self->spinner == NULL && !shown)
    return;

  if (self->spinner == NULL)
    {
      self->spinner = GTK_SPINNER (gtk_spinner_new ());
      gtk_widget_set_name (GTK_WIDGET (self->spinner), "spinner");
      gtk_widget_set_size_request (GTK_WIDGET (self->spinner), 16, -1);
      place (self, GTK_WIDGET (self->spinner), STATUS_ICON_COLUMN, 0, 1, 1);
    }

  gtk_spinner_set_spinning (self->spinner, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), shown);
}

static void create_advice_popover_cb (GtkMenuButton *button,
                                      gpointer       user_data);

static void
show_advice_button (BmsRosterRow *self,
                    gboolean      shown)
{
  if (self->advice_button == NULL && !shown)
    return;

  if (self->advice_button == NULL)
    {
      self->advice_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
      gtk_widget_set_name (GTK_WIDGET (self->advice_button), "advice");
      gtk_menu_button_set_label (self->advice_button, _("What to Do"));
      gtk_widget_set_valign (GTK_WIDGET (self->advice_button), GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (GTK_WIDGET (self->advice_button), "flat");
      gtk_widget_add_css_class (GTK_WIDGET (self->advice_button), "caption");
      gtk_menu_button_set_create_popup_func (self->advice_button, create_advice_popover_cb, self, NULL);
      /* Beside the time, which is short, in the status's column. */
      gtk_widget_set_halign (GTK_WIDGET (self->advice_button), GTK_ALIGN_END);
      place (self, GTK_WIDGET (self->advice_button), STATUS_COLUMN, 1, 1, 1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->advice_button), shown);
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
  when = bms_roster_describe_when (entry);
  icon = activity == BMS_ROSTER_ACTIVITY_IDLE ? bms_roster_status_icon_name (entry) : NULL;
  advice = bms_roster_describe_advice (entry);

  gtk_inscription_set_text (self->status_label, status);
  gtk_inscription_set_text (self->when_label, when);
  gtk_widget_set_visible (GTK_WIDGET (self->when_label), *when != '\0' && activity == BMS_ROSTER_ACTIVITY_IDLE);
  show_spinner (self, activity == BMS_ROSTER_ACTIVITY_CHECKING);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), activity != BMS_ROSTER_ACTIVITY_CHECKING);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (activity == BMS_ROSTER_ACTIVITY_IDLE && bms_roster_entry_get_status (entry)->result == BMS_CHECK_RESULT_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");

  g_free (self->advice);
  self->advice = g_steal_pointer (&advice);
  show_advice_button (self, *self->advice != '\0' && activity == BMS_ROSTER_ACTIVITY_IDLE);
  /* The whole line for screen readers, however little of it fits. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status, -1);
  name_list_item (self, status);
}

static void
create_advice_popover_cb (GtkMenuButton *button,
                          gpointer       user_data)
{
  BmsRosterRow *self = BMS_ROSTER_ROW (user_data);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkWidget *label;

  if (popover == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      popover = gtk_popover_new ();
      gtk_popover_set_child (GTK_POPOVER (popover), label);
      gtk_menu_button_set_popover (button, popover);
    }

  label = gtk_popover_get_child (GTK_POPOVER (popover));
  gtk_label_set_text (GTK_LABEL (label), self->advice);
}

/* What "What to Do" says: the advice, then the words the check failed
 * with; empty when the last check did not fail. */
const char *
bms_roster_row_get_advice (BmsRosterRow *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ROW (self), NULL);

  return self->advice != NULL ? self->advice : "";
}

/* The name, and the provider beside it in small letters: one line of text
 * rather than two widgets, as every widget of 200 rows counts. */
static void
update_name (BmsRosterRow *self)
{
  BmsAccount *account;
  const char *name;
  g_autofree char *markup = NULL;

  if (self->entry == NULL)
    return;

  account = bms_roster_entry_get_account (self->entry);
  name = bms_account_get_employee_name (account);
  markup = g_markup_printf_escaped ("%s  <span size=\"small\" weight=\"normal\" alpha=\"60%%\">%s</span>",
                                    *name != '\0' ? name : bms_account_get_email (account),
                                    bms_roster_describe_provider (account));
  gtk_inscription_set_markup (self->name_label, markup);
}


static void update_buttons (BmsRosterRow *self);

static void
update_account (BmsRosterRow *self)
{
  BmsAccount *account = bms_roster_entry_get_account (self->entry);
  const char *name = bms_account_get_employee_name (account);
  const char *email = bms_account_get_email (account);
  gboolean named = name != NULL && *name != '\0';

  update_name (self);
  gtk_inscription_set_text (self->email_label, email);
  gtk_widget_set_visible (GTK_WIDGET (self->email_label), named);

  /* An account imported from a list is set up from the start. */
  self->edit_label = bms_account_get_test_status (account) == BMS_TEST_STATUS_NOT_SET_UP ? _("_Set Up") : _("_Edit");
  update_buttons (self);
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
                            G_CALLBACK (update_name), self);
  g_signal_connect_swapped (bms_roster_entry_get_account (entry), "notify::checking-provider",
                            G_CALLBACK (update_name), self);

  update_account (self);
  update_status (self);
}

BmsRosterEntry *
bms_roster_row_get_entry (BmsRosterRow *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ROW (self), NULL);

  return self->entry;
}

/* The width @button needs for the widest of its labels, with the mnemonic
 * shown ("編集(E)" is wider than "編集"), so that the selected row's buttons
 * are as wide as the others' and the columns stay in line. */
static int
measure_button_width (GtkButton          *button,
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

  return widest;
}

/* The buttons' widths, measured by the first row rooted with the fonts of
 * the moment: a list view makes about 200 rows at once, and measuring
 * every one of them again would cost more than all the rest of it. */
typedef struct
{
  char *fonts;
  int   edit;
  int   test;
  int   remove;
} ButtonWidths;

static ButtonWidths button_widths;

/* What the widths depend on: the font and its resolution. */
static char *
describe_fonts (GtkWidget *widget)
{
  GtkSettings *settings = gtk_widget_get_settings (widget);
  g_autofree char *font_name = NULL;
  int dpi = 0;

  g_object_get (settings, "gtk-font-name", &font_name, "gtk-xft-dpi", &dpi, NULL);
  return g_strdup_printf ("%s %d %d", font_name, dpi, gtk_widget_get_scale_factor (widget));
}

/* The buttons are made for the selected row only (and for the first row,
 * to measure them): only one row at a time has alt+E, alt+T and alt+R,
 * and 200 rows of buttons would cost more than all the rest of the list.
 * The other rows keep their place free, so that the columns line up. */
static void
ensure_buttons (BmsRosterRow *self)
{
  if (self->edit_button != NULL)
    return;

  self->edit_button = create_row_button (self, "edit", FIRST_BUTTON_COLUMN);
  self->test_button = create_row_button (self, "test", FIRST_BUTTON_COLUMN + 1);
  self->remove_button = create_row_button (self, "remove", FIRST_BUTTON_COLUMN + 2);
}

static void
show_button (BmsRosterRow *self,
             GtkButton    *button,
             const char   *action_name,
             const char   *mnemonic_label,
             int           width)
{
  g_autofree char *plain = bms_label_without_mnemonic (mnemonic_label);
  g_autofree char *accessible_label = NULL;

  gtk_button_set_use_underline (button, TRUE);
  gtk_button_set_label (button, mnemonic_label);
  gtk_widget_set_size_request (GTK_WIDGET (button), width, -1);
  /* Translators: the accessible name of a button of an account row: "Edit taro@example.co.jp". */
  accessible_label = g_strdup_printf (C_("account button", "%s %s"), plain,
                                      bms_account_get_email (bms_roster_entry_get_account (self->entry)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bms_roster_entry_get_path (self->entry));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_visible (GTK_WIDGET (button), TRUE);
}

static void
update_buttons (BmsRosterRow *self)
{
  GtkGridLayout *grid = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  int spacing = gtk_grid_layout_get_column_spacing (grid);
  int reserved = button_widths.edit + button_widths.test + button_widths.remove + 3 * spacing;
  gboolean shown = self->selected && self->entry != NULL;

  if (shown)
    {
      ensure_buttons (self);
      show_button (self, self->edit_button, "account.edit", self->edit_label, button_widths.edit);
      show_button (self, self->test_button, "account.test", _("_Test"), button_widths.test);
      show_button (self, self->remove_button, "account.remove", _("_Remove"), button_widths.remove);
    }
  else if (self->edit_button != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->edit_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->test_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->remove_button), FALSE);
    }

  gtk_widget_set_margin_end (GTK_WIDGET (self), ROW_MARGIN_END + (shown ? 0 : reserved));
}

/**
 * bms_roster_row_set_selected:
 *
 * The selected row has the buttons Edit, Test and Remove, with their
 * mnemonics.
 */
void
bms_roster_row_set_selected (BmsRosterRow *self,
                             gboolean      selected)
{
  g_return_if_fail (BMS_IS_ROSTER_ROW (self));

  self->selected = selected;
  update_buttons (self);
}

/* Measured once the row has its style, in its window. */
static void
bms_roster_row_root (GtkWidget *widget)
{
  BmsRosterRow *self = BMS_ROSTER_ROW (widget);
  g_autofree char *fonts = NULL;

  GTK_WIDGET_CLASS (bms_roster_row_parent_class)->root (widget);

  fonts = describe_fonts (widget);
  if (g_strcmp0 (fonts, button_widths.fonts) != 0)
    {
      const char *edit_labels[] = { _("_Edit"), _("_Set Up"), NULL };

      ensure_buttons (self);
      const char *test_labels[] = { _("_Test"), NULL };
      const char *remove_labels[] = { _("_Remove"), NULL };

      button_widths.edit = measure_button_width (self->edit_button, edit_labels);
      button_widths.test = measure_button_width (self->test_button, test_labels);
      button_widths.remove = measure_button_width (self->remove_button, remove_labels);
      g_free (button_widths.fonts);
      button_widths.fonts = g_steal_pointer (&fonts);
    }

  update_buttons (self);
}

static void
bms_roster_row_dispose (GObject *object)
{
  BmsRosterRow *self = BMS_ROSTER_ROW (object);

  GtkWidget *child;

  disconnect_entry (self);
  g_clear_pointer (&self->advice, g_free);
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rosterrow");
}

static void
bms_roster_row_init (BmsRosterRow *self)
{
  GtkGridLayout *grid = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_grid_layout_set_column_spacing (grid, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), ROW_MARGIN_END);

  self->name_label = create_label ("name", 8, 30, "heading", NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->name_label), TRUE);
  place (self, GTK_WIDGET (self->name_label), NAME_COLUMN, 0, 1, 1);
  /* An address stays on one line: cut at its end, never broken inside. */
  self->email_label = create_label ("email", 8, 30, "dim-label", NULL);
  place (self, GTK_WIDGET (self->email_label), NAME_COLUMN, 1, 1, 1);

  /* Always there, empty when there is nothing to show, and of the
   * spinner's width: the statuses of all rows line up. */
  self->status_icon = g_object_new (GTK_TYPE_IMAGE, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_set_name (GTK_WIDGET (self->status_icon), "status-icon");
  gtk_widget_set_size_request (GTK_WIDGET (self->status_icon), 16, -1);
  place (self, GTK_WIDGET (self->status_icon), STATUS_ICON_COLUMN, 0, 1, 1);
  /* Of one width in every row, whatever it says: the columns line up. */
  self->status_label = create_label ("status", 28, 28, NULL, NULL);
  place (self, GTK_WIDGET (self->status_label), STATUS_COLUMN, 0, 1, 1);
  self->when_label = create_label ("when", 16, 16, "caption", "dim-label");
  gtk_widget_set_halign (GTK_WIDGET (self->when_label), GTK_ALIGN_START);
  place (self, GTK_WIDGET (self->when_label), STATUS_COLUMN, 1, 1, 1);

  self->edit_label = _("_Edit");
}

GtkWidget *
bms_roster_row_new (void)
{
  return g_object_new (BMS_TYPE_ROSTER_ROW, NULL);
}
