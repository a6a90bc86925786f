/* test-text-warmup.c: what the start-up text warm-up reads, and that it draws it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bms-test-utils.h"
#include "bms-text-warmup.h"

#define LONG_WORD_COUNT 300

typedef struct
{
  GtkWidget *window;
  GtkWidget *plain;
  GtkWidget *title;
} Fixture;

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_box_append (GTK_BOX (box), label);
  return label;
}

/* A window as the wizard's pages are made: labels styled by the theme, one
 * hidden, one in a hidden box, an empty one, a button with a mnemonic, a
 * stack with two pages. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *hidden_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *stack;

  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);

  fixture->plain = add_label (box, "Plain words");
  fixture->title = add_label (box, "A Title");
  gtk_widget_add_css_class (fixture->title, "title-2");
  gtk_widget_set_visible (add_label (box, "Hidden words"), FALSE);
  add_label (box, "");
  gtk_box_append (GTK_BOX (box), gtk_button_new_with_mnemonic ("_Press Me"));

  gtk_box_append (GTK_BOX (box), hidden_box);
  add_label (hidden_box, "Inside a hidden box");
  gtk_widget_set_visible (hidden_box, FALSE);

  stack = gtk_stack_new ();
  gtk_box_append (GTK_BOX (box), stack);
  gtk_stack_add_child (GTK_STACK (stack), gtk_label_new ("Shown page"));
  gtk_stack_add_child (GTK_STACK (stack), gtk_label_new ("Other page"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

/* The index of @text among what @warmup read, or -1. */
static int
find_text (BmsTextWarmup *warmup,
           const char    *text)
{
  for (guint i = 0; i < bms_text_warmup_get_n_texts (warmup); i++)
    if (g_strcmp0 (bms_text_warmup_get_text (warmup, i), text) == 0)
      return i;

  return -1;
}

static gboolean
has_text (BmsTextWarmup *warmup,
          const char    *text)
{
  return find_text (warmup, text) >= 0;
}

static void
test_text_warmup_reads_visible_labels (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr(BmsTextWarmup) warmup = bms_text_warmup_new (fixture->window);

  g_assert_cmpuint (bms_text_warmup_get_n_texts (warmup), ==, 4);
  g_assert_true (has_text (warmup, "Plain words"));
  g_assert_true (has_text (warmup, "A Title"));
  /* The label's text, as drawn: without the mnemonic's underscore. */
  g_assert_true (has_text (warmup, "Press Me"));
  g_assert_false (has_text (warmup, "Hidden words"));
  g_assert_false (has_text (warmup, "Inside a hidden box"));
  g_assert_true (has_text (warmup, "Shown page"));
  g_assert_false (has_text (warmup, "Other page"));
}

static const PangoFontDescription *
font_of (BmsTextWarmup *warmup,
         const char    *text)
{
  int index = find_text (warmup, text);

  g_assert_cmpint (index, >=, 0);
  return bms_text_warmup_get_font (warmup, index);
}

/* The fonts are those the theme gives the labels, so that the glyphs drawn
 * are those GTK will ask for: libadwaita's .title-2 is larger and bolder. */
static void
test_text_warmup_reads_the_theme_fonts (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autoptr(BmsTextWarmup) warmup = bms_text_warmup_new (fixture->window);
  const PangoFontDescription *title = font_of (warmup, "A Title");
  const PangoFontDescription *plain = font_of (warmup, "Plain words");

  g_assert_cmpint (pango_font_description_get_size (title), >, pango_font_description_get_size (plain));
  g_assert_cmpint (pango_font_description_get_weight (title), >=, PANGO_WEIGHT_BOLD);
  g_assert_cmpint (pango_font_description_get_weight (plain), ==, PANGO_WEIGHT_NORMAL);
}

static gpointer
run_warmup_thread (gpointer data)
{
  return GUINT_TO_POINTER (bms_text_warmup_run (data));
}

/* The thread draws while GTK measures and draws the same text with the same
 * fonts on the main thread, as at the wizard's start. */
static void
test_text_warmup_runs_beside_gtk (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(BmsTextWarmup) warmup = NULL;
  GThread *thread;
  guint n_lines;

  for (guint i = 0; i < LONG_WORD_COUNT; i++)
    g_string_append (long_text, "warm ");
  gtk_label_set_text (GTK_LABEL (fixture->plain), long_text->str);
  gtk_label_set_wrap (GTK_LABEL (fixture->plain), TRUE);

  warmup = bms_text_warmup_new (fixture->window);
  thread = g_thread_new ("test-text-warmup", run_warmup_thread, warmup);

  gtk_window_present (GTK_WINDOW (fixture->window));
  bms_test_process_events ();
  for (guint i = 0; i < 3; i++)
    g_object_unref (bms_test_render (fixture->window));

  n_lines = GPOINTER_TO_UINT (g_thread_join (thread));

  /* 1,500 characters do not fit the scratch surface's width: the long text
   * was wrapped, every line of it drawn, and the two others drawn too. */
  g_assert_cmpuint (n_lines, >, bms_text_warmup_get_n_texts (warmup));
}

/* The wizard starts its warm-up when its window is made (bms-window.c), on
 * the first page: what it reads there is that page's text. */
static void
test_text_warmup_on_the_wizard (void)
{
  BmsTestWizard wizard;
  g_autoptr(BmsTextWarmup) warmup = NULL;

  bms_test_wizard_start (&wizard, NULL);

  warmup = bms_text_warmup_new (GTK_WIDGET (wizard.window));
  g_assert_true (has_text (warmup, _("Set Up Gmail for BizMagic")));
  g_assert_true (has_text (warmup, _("What You Need")));
  g_assert_cmpuint (bms_text_warmup_run (warmup), >=, bms_text_warmup_get_n_texts (warmup));

  g_object_unref (bms_test_render (GTK_WIDGET (wizard.window)));
  bms_test_wizard_stop (&wizard);
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add ("/text-warmup/reads-visible-labels", Fixture, NULL,
              fixture_set_up, test_text_warmup_reads_visible_labels, fixture_tear_down);
  g_test_add ("/text-warmup/reads-the-theme-fonts", Fixture, NULL,
              fixture_set_up, test_text_warmup_reads_the_theme_fonts, fixture_tear_down);
  g_test_add ("/text-warmup/runs-beside-gtk", Fixture, NULL,
              fixture_set_up, test_text_warmup_runs_beside_gtk, fixture_tear_down);
  g_test_add_func ("/text-warmup/on-the-wizard", test_text_warmup_on_the_wizard);

  return g_test_run ();
}
