/* bms-window.c: the wizard's window.
 *
 * The window owns the account being set up and builds the pages around it,
 * in the order of the BizMagic manual's three phases. It names each page;
 * a page that leads to another one asks the assistant for it by that name
 * (the action assistant.show-page) and never knows its type. The toast
 * overlay is the window's too: pages reach it through win.show-toast.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-window.h"
#include "bms-fields.h"
#include "bms-finish-page.h"
#include "bms-form-page.h"
#include "bms-google-page.h"
#include "bms-imap-page.h"
#include "bms-provider-follower.h"
#include "bms-test-page.h"
#include "bms-text-warmup.h"
#include "bms-welcome-page.h"

struct _BmsWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  /* The toast shown last: a new one replaces it rather than queueing
   * behind it, so what the window says is always the latest. */
  AdwToast             *last_toast;
  BmsAssistant         *assistant;

  BmsAccount           *account;
  /* The values the account had when it was last saved or opened, or when
   * the next employee was started: a new account's defaults until then. */
  BmsAccount           *last_saved;
  BmsProviderFollower  *provider_follower;
};

G_DEFINE_FINAL_TYPE (BmsWindow, bms_window, ADW_TYPE_APPLICATION_WINDOW)

static void
add_page (BmsWindow  *self,
          const char *name,
          GType       page_type)
{
  bms_assistant_add_page_type (self->assistant, name, page_type, self->account);
}

/* win.show-toast ("(su)": the text, and how many seconds it stays). */
static void
show_toast_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  BmsWindow *self = BMS_WINDOW (user_data);
  const char *text;
  guint32 timeout_seconds;
  AdwToast *toast;

  g_variant_get (parameter, "(&su)", &text, &timeout_seconds);
  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  g_clear_object (&self->last_toast);

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, timeout_seconds);
  self->last_toast = g_object_ref (toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const GActionEntry window_actions[] = {
  { "show-toast", show_toast_cb, "(su)", NULL, NULL, { 0 } },
};

/* Who runs the mailbox of the address decides which steps apply; it is
 * looked up as the address is typed, and the pages show what it means. */
static void
follow_provider (BmsWindow *self)
{
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (NULL);

  self->provider_follower = bms_provider_follower_new (self->account, detector);
}

static void
assistant_finished_cb (BmsWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
bms_window_dispose (GObject *object)
{
  BmsWindow *self = (BmsWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_WINDOW);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->provider_follower);
  g_clear_object (&self->account);
  g_clear_object (&self->last_saved);

  G_OBJECT_CLASS (bms_window_parent_class)->dispose (object);
}

static void
bms_window_class_init (BmsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_window_dispose;

  g_type_ensure (BMS_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BmsWindow, assistant);
  gtk_widget_class_bind_template_callback (widget_class, assistant_finished_cb);
}

/* The store gives the account its profile's path when it saves it, and
 * the welcome page when it opens one: either way, what it holds now is on
 * this computer. */
static void
profile_path_changed_cb (BmsWindow *self)
{
  bms_account_assign (self->last_saved, self->account, TRUE);
}

/* The office's values a next employee starts with were saved with the
 * previous employee, and nothing else is left: nothing is typed yet. */
static void
next_employee_started_cb (BmsWindow *self)
{
  bms_account_assign (self->last_saved, self->account, TRUE);
}

static gboolean
same_value (BmsAccount     *account,
            BmsAccount     *other,
            const BmsField *field)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) other_value = G_VALUE_INIT;
  g_autofree char *text = NULL;
  g_autofree char *other_text = NULL;

  g_object_get_property (G_OBJECT (account), field->property, &value);
  g_object_get_property (G_OBJECT (other), field->property, &other_value);
  text = bms_field_value_to_text (field, &value);
  other_text = bms_field_value_to_text (field, &other_value);

  return g_strcmp0 (text, other_text) == 0;
}

/**
 * bms_window_has_unsaved_input:
 *
 * Whether quitting would lose something the administrator typed: some field
 * of BizMagic's form (passwords included) differs from what the account had
 * when it was last saved or opened, or when the next employee was started
 * with the office's values, or, for an account never saved, from a new
 * account's defaults.
 */
gboolean
bms_window_has_unsaved_input (BmsWindow *self)
{
  g_return_val_if_fail (BMS_IS_WINDOW (self), FALSE);

  for (guint id = 0; id < BMS_N_FIELDS; id++)
    if (!same_value (self->account, self->last_saved, bms_field_get (id)))
      return TRUE;

  return FALSE;
}

static void
bms_window_init (BmsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->account = bms_account_new ();
  self->last_saved = bms_account_new ();
  g_signal_connect_object (self->account, "notify::profile-path",
                           G_CALLBACK (profile_path_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "next-employee-started",
                           G_CALLBACK (next_employee_started_cb), self, G_CONNECT_SWAPPED);
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);

  follow_provider (self);

  /* The names are what the pages ask for: the welcome page's Edit leads to
   * "form" and its Test to "test", the mail test's fixes to "google" and
   * "imap", the finish page's next employee to "google" and its list of
   * employees to "welcome". */
  add_page (self, "welcome", BMS_TYPE_WELCOME_PAGE);
  add_page (self, "google", BMS_TYPE_GOOGLE_PAGE);
  add_page (self, "imap", BMS_TYPE_IMAP_PAGE);
  add_page (self, "form", BMS_TYPE_FORM_PAGE);
  add_page (self, "test", BMS_TYPE_TEST_PAGE);
  add_page (self, "finish", BMS_TYPE_FINISH_PAGE);

  /* The first page is built; its glyphs can be prepared while GTK sets up
   * the window's drawing, before it measures and draws them. */
  bms_text_warmup_start (GTK_WIDGET (self));
}

BmsWindow *
bms_window_new (GtkApplication *application)
{
  BmsWindow *self = g_object_new (BMS_TYPE_WINDOW, "application", application, NULL);

  /* Settings of the run (--ca-file) are given to the account, which is what
   * the pages have; they never ask the application for them. */
  g_object_bind_property (application, "ca-file", self->account, "ca-file", G_BINDING_SYNC_CREATE);

  return self;
}

BmsAccount *
bms_window_get_account (BmsWindow *self)
{
  g_return_val_if_fail (BMS_IS_WINDOW (self), NULL);

  return self->account;
}

BmsAssistant *
bms_window_get_assistant (BmsWindow *self)
{
  g_return_val_if_fail (BMS_IS_WINDOW (self), NULL);

  return self->assistant;
}

/**
 * bms_window_show_account:
 * @path: a saved account's profile
 *
 * Shows the list of saved accounts with that account in view and focused,
 * as a notification of a failed daily check asks.
 */
void
bms_window_show_account (BmsWindow  *self,
                         const char *path)
{
  g_return_if_fail (BMS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  bms_assistant_show_page (self->assistant, "welcome");
  bms_welcome_page_show_account (BMS_WELCOME_PAGE (bms_assistant_get_current_page (self->assistant)), path);
}
