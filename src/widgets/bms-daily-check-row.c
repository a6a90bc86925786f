/* bms-daily-check-row.c: the daily login check's switch, as a list row.
 *
 * The switch shows what systemd has, never what was last asked for: the
 * state is read each time the row is shown, a change is made through the
 * user manager (bms-daily-check.h), and the switch moves only once the
 * manager has done it. When a change fails, the switch goes back to the
 * state read afresh and the row says why. Where the daily check cannot be
 * set up at all (no systemd user manager, the units not installed), the
 * switch cannot be used and the row says so in plain words.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-daily-check-row.h"

struct _BmsDailyCheckRow
{
  AdwActionRow   parent_instance;

  BmsDailyCheck *daily_check;
  GtkSwitch     *toggle;
  GCancellable  *cancellable;
  /* The failure of the last change, said until the next one works. */
  char          *failure;
  /* A read or a change is under way: the switch waits for it. */
  gboolean       busy;
  /* The switch is being moved to the state read, not by the user. */
  gboolean       following;
};

G_DEFINE_FINAL_TYPE (BmsDailyCheckRow, bms_daily_check_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_DAILY_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
usual_subtitle (void)
{
  return _("Once a day, signs in to every saved account to check that it still works. "
           "No mail is sent. A notification tells you when a login fails.");
}

/* The row's subtitle is the switch's description too: a screen reader on
 * the switch says why it cannot be used, or why a change failed. */
static void
set_subtitle (BmsDailyCheckRow *self,
              const char       *text)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
follow_state (BmsDailyCheckRow *self,
              gboolean          enabled)
{
  self->following = TRUE;
  gtk_switch_set_active (self->toggle, enabled);
  gtk_switch_set_state (self->toggle, enabled);
  self->following = FALSE;
}

/* The daily check cannot be set up here: said as what it means. */
static gboolean
show_unavailable (BmsDailyCheckRow *self,
                  const GError     *error)
{
  const char *why;

  if (g_error_matches (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER))
    why = _("The daily check cannot be set up here: this computer’s session has no systemd user manager.");
  else if (g_error_matches (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NOT_INSTALLED))
    why = _("The daily check cannot be set up here: it is not installed on this computer "
            "(it comes with the program’s package).");
  else
    return FALSE;

  follow_state (self, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), FALSE);
  set_subtitle (self, why);
  return TRUE;
}

static void
state_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BmsDailyCheckRow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean enabled = FALSE;

  if (!bms_daily_check_get_enabled_finish (BMS_DAILY_CHECK (source), result, &enabled, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      if (show_unavailable (self, error))
        return;

      /* Translators: %s says why (a whole sentence). */
      message = g_strdup_printf (_("Whether the daily check is on could not be read: %s"), error->message);
      follow_state (self, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), FALSE);
      set_subtitle (self, message);
      return;
    }

  follow_state (self, enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), TRUE);
  set_subtitle (self, self->failure != NULL ? self->failure : usual_subtitle ());
}

static void
read_state (BmsDailyCheckRow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), FALSE);
  bms_daily_check_get_enabled_async (self->daily_check, self->cancellable, state_read_cb, g_object_ref (self));
}

static void
state_changed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BmsDailyCheckRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bms_daily_check_set_enabled_finish (BMS_DAILY_CHECK (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->failure, g_free);
  if (error != NULL && !g_error_matches (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NO_USER_MANAGER) &&
      !g_error_matches (error, BMS_DAILY_CHECK_ERROR, BMS_DAILY_CHECK_ERROR_NOT_INSTALLED))
    /* Translators: %s says why (a whole sentence). */
    self->failure = g_strdup_printf (_("The daily check could not be changed: %s"), error->message);

  /* Done or not, the switch shows what systemd has now. */
  read_state (self);
}

static gboolean
state_set_cb (GtkSwitch        *toggle,
              gboolean          state,
              BmsDailyCheckRow *self)
{
  if (self->following)
    return FALSE;

  if (self->busy)
    return TRUE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The switch's handle has moved; its state follows once systemd has
   * made the change (state_changed_cb). */
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), FALSE);
  bms_daily_check_set_enabled_async (self->daily_check, state, self->cancellable,
                                     state_changed_cb, g_object_ref (self));
  return TRUE;
}

static void
bms_daily_check_row_map (GtkWidget *widget)
{
  BmsDailyCheckRow *self = BMS_DAILY_CHECK_ROW (widget);

  GTK_WIDGET_CLASS (bms_daily_check_row_parent_class)->map (widget);

  /* Someone may have changed it with systemctl since it was last shown. */
  if (!self->busy)
    read_state (self);
}

static void
bms_daily_check_row_constructed (GObject *object)
{
  BmsDailyCheckRow *self = BMS_DAILY_CHECK_ROW (object);

  G_OBJECT_CLASS (bms_daily_check_row_parent_class)->constructed (object);

  if (self->daily_check == NULL)
    self->daily_check = bms_daily_check_new (NULL);
}

static void
bms_daily_check_row_dispose (GObject *object)
{
  BmsDailyCheckRow *self = BMS_DAILY_CHECK_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->daily_check);

  G_OBJECT_CLASS (bms_daily_check_row_parent_class)->dispose (object);
}

static void
bms_daily_check_row_finalize (GObject *object)
{
  BmsDailyCheckRow *self = BMS_DAILY_CHECK_ROW (object);

  g_free (self->failure);

  G_OBJECT_CLASS (bms_daily_check_row_parent_class)->finalize (object);
}

static void
bms_daily_check_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BmsDailyCheckRow *self = BMS_DAILY_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_DAILY_CHECK:
      g_value_set_object (value, self->daily_check);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_daily_check_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BmsDailyCheckRow *self = BMS_DAILY_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_DAILY_CHECK:
      self->daily_check = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_daily_check_row_class_init (BmsDailyCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bms_daily_check_row_constructed;
  object_class->dispose = bms_daily_check_row_dispose;
  object_class->finalize = bms_daily_check_row_finalize;
  object_class->get_property = bms_daily_check_row_get_property;
  object_class->set_property = bms_daily_check_row_set_property;
  widget_class->map = bms_daily_check_row_map;

  /* What the switch reads and changes; the session's user manager when
   * none is given. */
  properties[PROP_DAILY_CHECK] =
    g_param_spec_object ("daily-check", NULL, NULL, BMS_TYPE_DAILY_CHECK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_daily_check_row_init (BmsDailyCheckRow *self)
{
  self->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->toggle), GTK_ALIGN_CENTER);
  /* Until the state is read, nothing is known to switch. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), FALSE);
  g_signal_connect (self->toggle, "state-set", G_CALLBACK (state_set_cb), self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Daily Login Check"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Daily Login Check"),
                                  -1);
  set_subtitle (self, usual_subtitle ());
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->toggle));
  /* The whole row toggles the switch. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->toggle));
}

GtkWidget *
bms_daily_check_row_new (BmsDailyCheck *daily_check)
{
  g_return_val_if_fail (daily_check == NULL || BMS_IS_DAILY_CHECK (daily_check), NULL);

  return g_object_new (BMS_TYPE_DAILY_CHECK_ROW, "daily-check", daily_check, NULL);
}

BmsDailyCheck *
bms_daily_check_row_get_daily_check (BmsDailyCheckRow *self)
{
  g_return_val_if_fail (BMS_IS_DAILY_CHECK_ROW (self), NULL);

  return self->daily_check;
}
