/* bms-application.c: the application: its window, actions and command line.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-application.h"
#include "bms-cli.h"
#include "bms-window.h"

struct _BmsApplication
{
  AdwApplication  parent_instance;

  char           *ca_file;
};

G_DEFINE_FINAL_TYPE (BmsApplication, bms_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CA_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The window, made when there is none yet. */
static GtkWindow *
get_window (GtkApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  if (window == NULL)
    window = GTK_WINDOW (bms_window_new (application));

  return window;
}

static void
bms_application_activate (GApplication *application)
{
  gtk_window_present (get_window (GTK_APPLICATION (application)));
}

#define RESOURCE_PATH "/io/github/bizmagic_mail_setup/MailSetup/"

/* The application's icon is in the resources too, for a program that runs
 * from its build directory; the About window is the only thing that asks the
 * icon theme for it. The path is added when that window is first opened, not
 * at start-up: a new path makes GTK 4.8 read the icon theme again, on the main
 * thread, after it has read it on a thread of its own (about 10 ms). */
static void
add_icon_resource_path (void)
{
  static gboolean added;

  if (added)
    return;

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PATH "icons/");
  added = TRUE;
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (application);

  add_icon_resource_path ();
  adw_show_about_window (parent,
                         "application-name", _("BizMagic Mail Setup"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developer-name", _("The BizMagic Mail Setup authors"),
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The windows go first, so that each lets go of what it runs (a mail
 * test, a folder list) as it does when it is closed. */
static void
quit (GtkApplication *application)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (application)) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));

  g_application_quit (G_APPLICATION (application));
}

static gboolean
quit_cb (gpointer user_data)
{
  quit (GTK_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  GtkApplication   *application)
{
  /* After the dialog has finished its response and closed itself. */
  if (g_strcmp0 (response, "quit") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, quit_cb, g_object_ref (application), g_object_unref);
}

/* Ctrl+Q asks first when what was typed for an employee would be lost. */
static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (application);
  AdwMessageDialog *dialog;

  if (!BMS_IS_WINDOW (window) || !bms_window_has_unsaved_input (BMS_WINDOW (window)))
    {
      quit (application);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Quit Without Saving?"),
                                                       _("The settings typed for this employee have not been saved. "
                                                         "They are lost when the program quits.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), application, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* The assistant's window last used, not a dialog or the About window; made
 * when there is none. */
static BmsWindow *
get_assistant_window (GtkApplication *application)
{
  /* Most recently focused first. */
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (BMS_IS_WINDOW (l->data))
      return l->data;

  return bms_window_new (application);
}

/* The saved accounts with one of them focused: what a click on the daily
 * check's notification asks for (src/cli/bms-cli-notify.c), over D-Bus,
 * starting this program first when it is not running. */
static void
show_account_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  BmsWindow *window = get_assistant_window (GTK_APPLICATION (user_data));

  bms_window_show_account (window, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "quit", quit_action_cb },
  { "show-account", show_account_action_cb, "s" },
};

static void
bms_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

  G_APPLICATION_CLASS (bms_application_parent_class)->startup (application);

  /* Loaded here rather than through a resource base path: see
   * add_icon_resource_path(). */
  gtk_css_provider_load_from_resource (style, RESOURCE_PATH "style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

/* The command line's work runs here, in the process that was started, and
 * ends it: no window, no D-Bus name. Without one of these options the
 * wizard opens. */
static int
bms_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  BmsApplication *self = BMS_APPLICATION (application);

  g_variant_dict_lookup (options, "ca-file", "^ay", &self->ca_file);

  return bms_cli_handle_options (options);
}

static void
bms_application_finalize (GObject *object)
{
  BmsApplication *self = (BmsApplication *)object;

  g_free (self->ca_file);

  G_OBJECT_CLASS (bms_application_parent_class)->finalize (object);
}

static void
bms_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BmsApplication *self = BMS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BmsApplication *self = BMS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CA_FILE:
      bms_application_set_ca_file (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_application_class_init (BmsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bms_application_finalize;
  object_class->get_property = bms_application_get_property;
  object_class->set_property = bms_application_set_property;
  app_class->activate = bms_application_activate;
  app_class->startup = bms_application_startup;
  app_class->handle_local_options = bms_application_handle_local_options;

  /* The file of --ca-file: certificate authorities to trust besides the
   * system's. The window hands it to the account it sets up. */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_application_init (BmsApplication *self)
{
  bms_cli_add_options (G_APPLICATION (self));
}

/**
 * bms_application_get_ca_file:
 *
 * Returns: (nullable): the file of --ca-file: certificate authorities to
 *   trust besides the system's
 */
const char *
bms_application_get_ca_file (BmsApplication *self)
{
  g_return_val_if_fail (BMS_IS_APPLICATION (self), NULL);

  return self->ca_file;
}

void
bms_application_set_ca_file (BmsApplication *self,
                             const char     *ca_file)
{
  g_return_if_fail (BMS_IS_APPLICATION (self));

  if (g_strcmp0 (self->ca_file, ca_file) == 0)
    return;

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

BmsApplication *
bms_application_new (void)
{
  return g_object_new (BMS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* No resource base path: see add_icon_resource_path(). */
                       "resource-base-path", NULL,
                       NULL);
}
