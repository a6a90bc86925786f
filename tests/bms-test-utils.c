/* bms-test-utils.c: driving the real widgets from a test.
 *
 * The tests start the real application, find widgets by the ids their
 * templates give them, and press buttons the way a user would: a button that
 * is hidden or insensitive cannot be pressed, and the test fails instead.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bms-test-resolver.h"
#include "bms-test-utils.h"

/* The window looks up the provider of every address typed: in the tests a
 * resolver of their own answers, so that nothing asks the machine's name
 * servers. */
static void
use_test_resolver (void)
{
  g_autoptr(BmsTestResolver) resolver = bms_test_resolver_new ();

  g_resolver_set_default (G_RESOLVER (resolver));
}

void
bms_test_init (int    *argc,
               char ***argv)
{
  const char *localedir = g_getenv ("BMS_TEST_LOCALEDIR");

  /* The translations of the build tree, not of an installed copy. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() switches to en_US.UTF-8 where that locale exists (it
   * does with locales-all, as on a Debian build machine); the tests choose
   * their language through LANG instead. */
  setlocale (LC_ALL, "");
  adw_init ();

  /* Pages slide in; without animations a page is in place at once, for
   * the assertions and for the screenshots. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  use_test_resolver ();
}

/* One application per test program, registered once, as a user's session
 * has it; every test activates it anew and so gets a window of its own. */
static BmsApplication *
get_application (void)
{
  static BmsApplication *application;

  if (application == NULL)
    {
      g_autoptr(GError) error = NULL;

      application = bms_application_new ();
      /* Tests run side by side with each other and with a user's copy. */
      g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (application), NULL, &error);
      g_assert_no_error (error);
    }

  return application;
}

/* The application without a window: for what starts one by itself. */
BmsApplication *
bms_test_get_application (void)
{
  return get_application ();
}

BmsWindow *
bms_test_start_application (BmsApplication **application)
{
  GtkWindow *window;

  *application = get_application ();
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (*application)));
  g_application_activate (G_APPLICATION (*application));

  window = gtk_application_get_active_window (GTK_APPLICATION (*application));
  g_assert_true (BMS_IS_WINDOW (window));
  bms_test_process_events ();

  return BMS_WINDOW (window);
}

/* Closes every window and checks that the windows, with their pages and
 * the account, are really freed. */
void
bms_test_stop_application (BmsApplication *application)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    {
      GtkWindow *window = g_object_ref (windows->data);

      gtk_window_destroy (window);
      bms_test_process_events ();
      g_assert_finalize_object (window);
    }
}

/* Starts the application, trusting @ca_file (the private servers' CA), and
 * finds the assistant's buttons. */
void
bms_test_wizard_start (BmsTestWizard *wizard,
                       const char    *ca_file)
{
  wizard->window = bms_test_start_application (&wizard->application);
  bms_application_set_ca_file (wizard->application, ca_file);
  wizard->assistant = bms_window_get_assistant (wizard->window);
  wizard->back_button = bms_test_find_widget (GTK_WIDGET (wizard->window), "back_button");
  wizard->next_button = bms_test_find_widget (GTK_WIDGET (wizard->window), "next_button");
  g_assert_nonnull (wizard->back_button);
  g_assert_nonnull (wizard->next_button);
}

void
bms_test_wizard_stop (BmsTestWizard *wizard)
{
  bms_test_stop_application (wizard->application);
}

/* For g_test_add(), with the private servers' CA file as the test data. */
void
bms_test_wizard_setup (BmsTestWizard *wizard,
                       gconstpointer  ca_file)
{
  bms_test_wizard_start (wizard, ca_file);
}

void
bms_test_wizard_teardown (BmsTestWizard *wizard,
                          gconstpointer  data)
{
  bms_test_wizard_stop (wizard);
}

/* The names the window gives the pages, in the order of PAGE_WELCOME...:
 * the names the pages ask the assistant for. */
const char *
bms_test_wizard_page_name (guint index)
{
  static const char * const names[N_PAGES] = { "welcome", "google", "imap", "form", "test", "finish" };

  g_assert_cmpuint (index, <, N_PAGES);
  return names[index];
}

guint
bms_test_wizard_current_index (BmsTestWizard *wizard)
{
  return bms_assistant_get_current_index (wizard->assistant);
}

/* Page @index is shown, under its name, with a title. */
void
bms_test_wizard_assert_on_page (BmsTestWizard *wizard,
                                guint          index)
{
  BmsPage *page = bms_assistant_get_current_page (wizard->assistant);

  g_assert_cmpuint (bms_assistant_get_current_index (wizard->assistant), ==, index);
  g_assert_cmpstr (bms_assistant_get_current_name (wizard->assistant), ==, bms_test_wizard_page_name (index));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (bms_page_get_title (page), !=, "");
}

/* Presses Next, which must lead to the next page. */
void
bms_test_wizard_press_next (BmsTestWizard *wizard)
{
  guint index = bms_assistant_get_current_index (wizard->assistant);

  bms_test_click (wizard->next_button);
  g_assert_cmpuint (bms_assistant_get_current_index (wizard->assistant), ==, index + 1);
}

void
bms_test_wizard_press_back (BmsTestWizard *wizard)
{
  guint index = bms_assistant_get_current_index (wizard->assistant);

  bms_test_click (wizard->back_button);
  g_assert_cmpuint (bms_assistant_get_current_index (wizard->assistant), ==, index - 1);
}

/* Types @text into the entry of @field ("smtp_port": smtp_port_entry) of
 * the page shown now. */
void
bms_test_wizard_type_into (BmsTestWizard *wizard,
                           const char    *field,
                           const char    *text)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);

  bms_test_set_text (bms_test_wizard_page_widget (wizard, entry_id), text);
}

/* The form page, shown now, filled in for the private servers. */
void
bms_test_wizard_fill_form (BmsTestWizard  *wizard,
                           BmsTestServers *servers,
                           const char     *address)
{
  bms_test_fill_form_for_servers (GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant)),
                                  servers, address);
}

/* For bms_test_wait_until(): the page shown now is complete (the mail test
 * has ended, on the mail test page). */
gboolean
bms_test_wizard_page_complete_cb (gpointer wizard)
{
  return bms_page_get_complete (bms_assistant_get_current_page (((BmsTestWizard *) wizard)->assistant));
}

/* For bms_test_wait_until(), on the mail test page: the test has ended,
 * passed or not (Test Again is offered). */
gboolean
bms_test_wizard_mail_test_ended_cb (gpointer wizard)
{
  return gtk_widget_get_visible (bms_test_wizard_page_widget (wizard, "test_again_button"));
}

/* How many buttons under @root a user can see and press that are styled
 * as the suggested (blue) action: a page state should have exactly one. */
guint
bms_test_count_suggested (GtkWidget *root)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_BUTTON (root) && gtk_widget_is_sensitive (root) &&
      gtk_widget_has_css_class (root, "suggested-action"))
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += bms_test_count_suggested (child);

  return n;
}

/* For bms_test_wait_until(), on the finish page: saving has ended. */
gboolean
bms_test_wizard_saved_cb (gpointer wizard)
{
  GtkStack *status = GTK_STACK (bms_test_wizard_page_widget (wizard, "save_status"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (status), "saving") != 0;
}

/* The widget with template id @id on the page shown now; the test fails
 * when there is none. */
GtkWidget *
bms_test_wizard_page_widget (BmsTestWizard *wizard,
                             const char    *id)
{
  GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant));
  GtkWidget *widget = bms_test_find_widget (page, id);

  if (widget == NULL)
    g_error ("No widget “%s” on page %s", id, G_OBJECT_TYPE_NAME (page));

  return widget;
}

GtkWidget *
bms_test_find_widget (GtkWidget  *root,
                      const char *buildable_id)
{
  if (GTK_IS_BUILDABLE (root) &&
      g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), buildable_id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bms_test_find_widget (child, buildable_id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
bms_test_find_widget_by_name (GtkWidget  *root,
                              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bms_test_find_widget_by_name (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
bms_test_find_widget_of_type (GtkWidget *root,
                              GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bms_test_find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
bms_test_wait_until (BmsTestCondition condition,
                     gpointer         user_data,
                     guint            timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);

  return condition (user_data);
}

void
bms_test_process_events (void)
{
  /* Pending layout and drawing run from the frame clock, not at once. */
  for (guint i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
bms_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* gtk_widget_activate() would emit "clicked" only after a visual press of
   * a quarter second; a click by pointer emits it at once. */
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  bms_test_process_events ();
}

void
bms_test_set_text (GtkWidget  *editable,
                   const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  g_assert_true (gtk_widget_is_sensitive (editable));

  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  bms_test_process_events ();
}

/* The visible toplevel window of @type (a dialog, the folder chooser), or NULL. */
GtkWindow *
bms_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_type_is_a (G_OBJECT_TYPE (l->data), type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

/* For bms_test_wait_until(), with GSIZE_TO_POINTER (type): a window of that
 * type is on screen and has the keyboard, so keys reach it. */
gboolean
bms_test_toplevel_shown_cb (gpointer type)
{
  GtkWindow *window = bms_test_find_toplevel (GPOINTER_TO_SIZE (type));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_window_is_active (window);
}

gboolean
bms_test_toplevel_gone_cb (gpointer type)
{
  return bms_test_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

static void
set_form_field (GtkWidget  *form_page,
                const char *field,
                const char *text)
{
  g_autofree char *id = g_strconcat (field, "_entry", NULL);
  GtkWidget *entry = bms_test_find_widget (form_page, id);

  g_assert_nonnull (entry);
  bms_test_set_text (entry, text);
}

/* The form filled in for the private servers: alice at @address, SMTP with
 * STARTTLS, IMAP over TLS, and the Japanese Gmail sent folder (the default). */
void
bms_test_fill_form_for_servers (GtkWidget      *form_page,
                                BmsTestServers *servers,
                                const char     *address)
{
  g_autofree char *smtp_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "smtp_starttls_port"));
  g_autofree char *imap_port = g_strdup_printf ("%u", bms_test_servers_get_port (servers, "imaps_port"));

  set_form_field (form_page, "employee_name", "山田 太郎");
  set_form_field (form_page, "email", address);
  set_form_field (form_page, "smtp_password", BMS_TEST_PASSWORD);
  set_form_field (form_page, "smtp_host", "localhost");
  set_form_field (form_page, "smtp_port", smtp_port);
  set_form_field (form_page, "imap_password", BMS_TEST_PASSWORD);
  set_form_field (form_page, "imap_host", "localhost");
  set_form_field (form_page, "imap_port", imap_port);
}

/* Renders @widget as it is on screen, with its window's renderer. */
GdkTexture *
bms_test_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  GdkTexture *texture;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  return texture;
}

/* Renders @widget as it is on screen into $BMS_SCREENSHOT_DIR/NAME.png, so
 * that a reviewer can look at every page without running the program. */
void
bms_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  const char *directory = g_getenv ("BMS_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;

  if (directory == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0755), ==, 0);
  bms_test_process_events ();

  texture = bms_test_render (widget);

  filename = g_strconcat (name, ".png", NULL);
  path = g_build_filename (directory, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

static void
keys_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
flag_set_cb (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Runs xdotool with @argv and keeps the main loop running meanwhile, so
 * the program reacts to each key as it would for a person. */
static void
run_xdotool (GPtrArray *argv)
{
  g_autoptr(GSubprocess) xdotool = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_ptr_array_add (argv, NULL);
  xdotool = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (xdotool, NULL, keys_sent_cb, &done);

  g_assert_true (bms_test_wait_until (flag_set_cb, &done, 20000));
  bms_test_process_events ();
}

/* Presses keys for real: xdotool sends them through the X server to the
 * focused window, as a keyboard would. @keys are X key names such as
 * "Tab", "Return", "alt+n", "Down". */
void
bms_test_press_keys (const char * const *keys)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "xdotool");
  g_ptr_array_add (argv, (gpointer) "key");
  g_ptr_array_add (argv, (gpointer) "--delay");
  g_ptr_array_add (argv, (gpointer) "40");
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) keys[i]);
  run_xdotool (argv);
}

/* Types @text for real, key by key, into the focused widget. */
void
bms_test_type_text (const char *text)
{
  bms_test_type_text_with_delay (text, 20);
}

/* The same, @delay_ms apart. Characters that the keyboard map lacks (full
 * width ones) are typed by xdotool remapping a key for each: the program
 * has to see each new map before the key, so they need a longer delay. */
void
bms_test_type_text_with_delay (const char *text,
                               guint       delay_ms)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);

  g_ptr_array_add (argv, (gpointer) "xdotool");
  g_ptr_array_add (argv, (gpointer) "type");
  g_ptr_array_add (argv, (gpointer) "--delay");
  g_ptr_array_add (argv, delay);
  g_ptr_array_add (argv, (gpointer) "--");
  g_ptr_array_add (argv, (gpointer) text);
  run_xdotool (argv);
}

/* Waits until @window has the keyboard focus, so that keys reach it. */
gboolean
bms_test_wait_for_focus (GtkWindow *window)
{
  return bms_test_wait_until ((BmsTestCondition) gtk_window_is_active, window, 5000);
}

static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *seen,
                   GString    *duplicates)
{
  if (!gtk_widget_is_drawable (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)))
    {
      guint keyval = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));

      if (keyval != GDK_KEY_VoidSymbol)
        {
          gpointer key = GUINT_TO_POINTER (gdk_keyval_to_lower (keyval));
          const char *text = gtk_label_get_label (GTK_LABEL (widget));
          const char *other = g_hash_table_lookup (seen, key);

          if (other != NULL)
            g_string_append_printf (duplicates, " alt+%s: “%s” and “%s”;",
                                    gdk_keyval_name (GPOINTER_TO_UINT (key)), other, text);
          else
            g_hash_table_insert (seen, key, (gpointer) text);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen, duplicates);
}

/* Every mnemonic shown in @root's window (the page, the header bar's
 * buttons) is a letter of its own: alt+letter reaches one thing only. */
void
bms_test_assert_unique_mnemonics (GtkWidget *root)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) duplicates = g_string_new (NULL);

  bms_test_process_events ();
  collect_mnemonics (root, seen, duplicates);
  g_test_message ("%u mnemonics in %s", g_hash_table_size (seen), G_OBJECT_TYPE_NAME (root));
  if (duplicates->len > 0)
    g_error ("Mnemonics used twice in %s:%s", G_OBJECT_TYPE_NAME (root), duplicates->str);
}
