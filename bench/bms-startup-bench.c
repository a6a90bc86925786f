/* bms-startup-bench.c: starts the wizard or a bare window and reports its first frame
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bms-application.h"

/* A different ID, so that the bare window never meets the wizard's name on
 * the bus; both are NON_UNIQUE anyway, so neither waits for the other.
 */
#define BMS_BENCH_BARE_ID APPLICATION_ID ".BenchBare"

/* The size the wizard opens at (ui/bms-window.ui). If the two differ, the
 * script says so: a bigger surface costs more to draw and to keep in memory.
 */
#define BMS_BENCH_BARE_WIDTH  880
#define BMS_BENCH_BARE_HEIGHT 720

/* One process measures one window, so the state of that measurement can
 * live here; the emission hook has no other way to reach it.
 */
typedef struct
{
  GApplication *app;        /* unowned */
  GtkWindow    *window;     /* unowned: the first window the application adds */
  GdkSurface   *surface;    /* unowned: that window's surface, once realized */
  gboolean      rendered;   /* the surface has been drawn while mapped */
  gboolean      reported;
} BmsBench;

static BmsBench bench;

static gboolean
bms_bench_render_hook (GSignalInvocationHint *hint,
                       guint                  n_param_values,
                       const GValue          *param_values,
                       gpointer               user_data)
{
  /* GdkSurface::render is emitted only for a mapped surface with damage,
   * and GTK's own handler stops the emission once it has drawn, so a
   * handler of ours would never run: a hook sees every emission instead.
   */
  if (n_param_values > 0 &&
      bench.surface != NULL &&
      g_value_get_object (&param_values[0]) == (GObject *) bench.surface)
    bench.rendered = TRUE;

  return TRUE;
}

/* The widget of @root built from the template object @id, or NULL. */
static GtkWidget *
bms_bench_find_widget (GtkWidget  *root,
                       const char *id)
{
  if (GTK_IS_BUILDABLE (root) &&
      g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bms_bench_find_widget (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether the window shows what it opens for. The wizard's first page waits
 * for the saved accounts (read on a worker thread) before it shows the
 * introduction, or the roster with its rows: a frame before that is not the
 * first one the administrator can read. The bare windows have no such page.
 */
static gboolean
bms_bench_content_shown (void)
{
  GtkWidget *faces = bms_bench_find_widget (GTK_WIDGET (bench.window), "faces");
  const char *face;

  if (faces == NULL)
    return TRUE;

  face = gtk_stack_get_visible_child_name (GTK_STACK (faces));
  if (g_strcmp0 (face, "loading") == 0)
    return FALSE;
  if (g_strcmp0 (face, "roster") == 0)
    {
      GtkWidget *list = bms_bench_find_widget (faces, "list_view");

      return list != NULL && gtk_widget_get_first_child (list) != NULL;
    }

  return TRUE;
}

static void
bms_bench_after_paint_cb (GdkFrameClock *clock,
                          gpointer       user_data)
{
  GskRenderer *renderer;

  /* A frame clock cycle may paint nothing (before the map, or while the
   * toplevel is frozen); only the end of a cycle that rendered the window
   * with its content is its first frame.
   */
  if (!bench.rendered || bench.reported)
    return;

  if (!bms_bench_content_shown ())
    {
      bench.rendered = FALSE;
      return;
    }

  bench.reported = TRUE;

  /* The drawing has been sent; wait until the X server has done it, so
   * that "first frame" means pixels on the screen, not requests in a buffer.
   */
  gdk_display_sync (gdk_surface_get_display (bench.surface));

  renderer = gtk_native_get_renderer (GTK_NATIVE (bench.window));
  g_print ("first-frame %dx%d %s\n",
           gdk_surface_get_width (bench.surface),
           gdk_surface_get_height (bench.surface),
           renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  fflush (stdout);

  g_application_quit (bench.app);
}

static void
bms_bench_window_realize_cb (GtkWidget *widget,
                             gpointer   user_data)
{
  GdkFrameClock *clock;

  bench.surface = gtk_native_get_surface (GTK_NATIVE (widget));
  clock = gdk_surface_get_frame_clock (bench.surface);

  g_signal_connect (clock, "after-paint",
                    G_CALLBACK (bms_bench_after_paint_cb), NULL);
}

static void
bms_bench_window_added_cb (GtkApplication *app,
                           GtkWindow      *window,
                           gpointer        user_data)
{
  /* Only the main window counts; a dialog opened later is not start-up. */
  if (bench.window != NULL)
    return;

  bench.window = window;

  /* Connected after GTK's own handler, so that the surface exists. */
  g_signal_connect_after (window, "realize",
                          G_CALLBACK (bms_bench_window_realize_cb), NULL);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    bms_bench_window_realize_cb (GTK_WIDGET (window), NULL);
}

static GtkWidget *
bms_bench_new_bare_window (GApplication *app)
{
  GtkWidget *window;

  window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_title (GTK_WINDOW (window), "Bare");
  gtk_window_set_default_size (GTK_WINDOW (window),
                               BMS_BENCH_BARE_WIDTH, BMS_BENCH_BARE_HEIGHT);
  return window;
}

static void
bms_bench_bare_activate_cb (GApplication *app,
                            gpointer      user_data)
{
  gtk_window_present (GTK_WINDOW (bms_bench_new_bare_window (app)));
}

/* The least a usable window has: a header bar (title and window controls)
 * and a line of text. Not the goal's baseline; it shows how much of the
 * wizard's cost any such window pays in GTK before its own content. */
static void
bms_bench_titled_activate_cb (GApplication *app,
                              gpointer      user_data)
{
  GtkWidget *window = bms_bench_new_bare_window (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("BizMagic"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GTypeClass) surface_class = NULL;
  const char *mode = argc == 2 ? argv[1] : "";
  int status;

  if (strcmp (mode, "--bare") != 0 && strcmp (mode, "--titled") != 0 &&
      strcmp (mode, "--wizard") != 0)
    {
      g_printerr ("Usage: %s --bare | --titled | --wizard\n"
                  "Shows one window and prints \"first-frame WIDTHxHEIGHT RENDERER\"\n"
                  "when its first frame is on the screen, then quits.\n"
                  "--titled is the bare window with a header bar and a label.\n",
                  argv[0]);
      return 2;
    }

  /* Everything the executable does before its application runs, done
   * for both windows alike, so that the window is the only difference.
   */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BMS_BENCH_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (strcmp (mode, "--wizard") == 0)
    {
      app = G_APPLICATION (bms_application_new ());
    }
  else
    {
      gboolean titled = strcmp (mode, "--titled") == 0;

      app = G_APPLICATION (adw_application_new (BMS_BENCH_BARE_ID,
                                                G_APPLICATION_DEFAULT_FLAGS));
      g_signal_connect (app, "activate",
                        titled ? G_CALLBACK (bms_bench_titled_activate_cb)
                               : G_CALLBACK (bms_bench_bare_activate_cb),
                        NULL);
    }

  /* A wizard the user left open must not take the activation away from
   * the one being measured.
   */
  g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  bench.app = app;
  g_signal_connect (app, "window-added",
                    G_CALLBACK (bms_bench_window_added_cb), NULL);

  /* The class must exist before its signal can be looked up. */
  surface_class = g_type_class_ref (GDK_TYPE_SURFACE);
  g_signal_add_emission_hook (g_signal_lookup ("render", GDK_TYPE_SURFACE), 0,
                              bms_bench_render_hook, NULL, NULL);

  /* Our option is not the application's: it sees the program name alone. */
  status = g_application_run (app, 1, argv);

  if (!bench.reported)
    {
      g_printerr ("%s: the application quit before its first frame\n", argv[0]);
      return status != 0 ? status : 1;
    }

  return status;
}
