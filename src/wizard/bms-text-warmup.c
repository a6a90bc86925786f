/* bms-text-warmup.c: a window's text rendered once on another thread, before GTK draws it.
 *
 * Before its first frame, GTK 4.8 asks FreeType for every glyph of the
 * window twice, on the main thread: once for its size while measuring the
 * labels, once for its picture when drawing them. With the TrueType hinting
 * that desktops turn on, that is about 15 ms of the wizard's start, while the
 * other processor waits for GTK to set up OpenGL.
 *
 * Both answers are kept by cairo, process-wide: a cairo scaled font is shared
 * by everyone who asks for the same font file, size and options, and it keeps
 * the metrics and pictures of its glyphs. Pango, on the other hand, must not
 * be shared between threads, but a font map of one's own is allowed. So the
 * window's labels are read here on the main thread (their text, their font,
 * the font options of their display) and drawn on a thread of our own with
 * its own font map into a scratch surface: GTK then finds the glyphs ready.
 * If anything differs (say another scale on a HiDPI screen), GTK loads the
 * glyphs itself, as it would have anyway; the drawing is never affected.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* SCHED_IDLE */

#include "config.h"

#include <pango/pangocairo.h>
#include <pthread.h>
#include <sched.h>

#include "bms-text-warmup.h"

/* The scratch surface: lines are wrapped to its width and drawn one after
 * another on the same baseline, low enough for a 20 pt title's ascent. A8,
 * since only the glyphs' coverage is drawn: 128 KiB for the thread's life.
 */
#define SCRATCH_WIDTH    1024
#define SCRATCH_HEIGHT   128
#define SCRATCH_BASELINE 96

typedef struct
{
  char                 *text;
  PangoFontDescription *font;
  PangoAttrList        *attributes;   /* nullable */
  cairo_font_options_t *options;
  double                resolution;
  PangoLanguage        *language;     /* interned by Pango, for every thread */
} WarmupText;

struct _BmsTextWarmup
{
  GPtrArray *texts;   /* of WarmupText */
};

static void
warmup_text_free (gpointer data)
{
  WarmupText *text = data;

  g_free (text->text);
  pango_font_description_free (text->font);
  g_clear_pointer (&text->attributes, pango_attr_list_unref);
  cairo_font_options_destroy (text->options);
  g_free (text);
}

/* Everything the thread needs is copied: it must not touch the label. */
static WarmupText *
warmup_text_new_for_label (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  PangoContext *context = pango_layout_get_context (layout);
  const PangoFontDescription *layout_font = pango_layout_get_font_description (layout);
  PangoAttrList *attributes = pango_layout_get_attributes (layout);
  WarmupText *text;

  text = g_new0 (WarmupText, 1);
  text->text = g_strdup (pango_layout_get_text (layout));
  text->font = pango_font_description_copy (pango_context_get_font_description (context));
  if (layout_font != NULL)
    pango_font_description_merge (text->font, layout_font, TRUE);
  text->attributes = attributes != NULL ? pango_attr_list_copy (attributes) : NULL;
  text->options = cairo_font_options_copy (pango_cairo_context_get_font_options (context));
  text->resolution = pango_cairo_context_get_resolution (context);
  text->language = pango_context_get_language (context);

  return text;
}

static void
collect_labels (BmsTextWarmup *self,
                GtkWidget     *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* What is hidden is not drawn in the first frame, nor is a stack's
       * page that is not shown. */
      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;

      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        g_ptr_array_add (self->texts, warmup_text_new_for_label (GTK_LABEL (child)));

      collect_labels (self, child);
    }
}

/**
 * bms_text_warmup_new:
 * @root: the widget whose visible labels are to be read (usually a window)
 *
 * Reads the text of @root's visible labels, their fonts and their font
 * options. Must be called on the main thread, as every GTK call; the result
 * belongs to the caller and may be used on any one thread.
 */
BmsTextWarmup *
bms_text_warmup_new (GtkWidget *root)
{
  BmsTextWarmup *self;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  self = g_new0 (BmsTextWarmup, 1);
  self->texts = g_ptr_array_new_with_free_func (warmup_text_free);
  collect_labels (self, root);

  return self;
}

guint
bms_text_warmup_get_n_texts (BmsTextWarmup *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->texts->len;
}

const char *
bms_text_warmup_get_text (BmsTextWarmup *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->texts->len, NULL);

  return ((WarmupText *) g_ptr_array_index (self->texts, index))->text;
}

const PangoFontDescription *
bms_text_warmup_get_font (BmsTextWarmup *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->texts->len, NULL);

  return ((WarmupText *) g_ptr_array_index (self->texts, index))->font;
}

static guint
draw_text (cairo_t      *cr,
           PangoContext *context,
           WarmupText   *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  guint n_lines = 0;

  pango_cairo_context_set_font_options (context, text->options);
  pango_cairo_context_set_resolution (context, text->resolution);
  pango_context_set_language (context, text->language);

  /* A wrapping label asks for the font's metrics, which Pango measures on a
   * sample sentence of the language: in Japanese, glyphs that are not in
   * the label's text. */
  pango_font_metrics_unref (pango_context_get_metrics (context, text->font, text->language));

  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, text->font);
  pango_layout_set_attributes (layout, text->attributes);
  pango_layout_set_text (layout, text->text, -1);
  /* Every glyph must land on the surface, or cairo skips it. */
  pango_layout_set_width (layout, SCRATCH_WIDTH * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

  for (GSList *line = pango_layout_get_lines_readonly (layout); line != NULL; line = line->next)
    {
      cairo_move_to (cr, 0, SCRATCH_BASELINE);
      pango_cairo_show_layout_line (cr, line->data);
      n_lines++;
    }

  return n_lines;
}

/**
 * bms_text_warmup_run:
 *
 * Draws the texts with a Pango font map of its own into a scratch surface,
 * which leaves their glyphs in cairo's caches. May be called on any thread,
 * but on one thread at a time.
 *
 * Returns: the number of lines drawn
 */
guint
bms_text_warmup_run (BmsTextWarmup *self)
{
  PangoFontMap *font_map;
  PangoContext *context;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_lines = 0;

  g_return_val_if_fail (self != NULL, 0);

  font_map = pango_cairo_font_map_new ();
  context = pango_font_map_create_context (font_map);
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, SCRATCH_WIDTH, SCRATCH_HEIGHT);
  cr = cairo_create (surface);

  for (guint i = 0; i < self->texts->len; i++)
    n_lines += draw_text (cr, context, g_ptr_array_index (self->texts, i));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  g_object_unref (font_map);

  return n_lines;
}

void
bms_text_warmup_free (BmsTextWarmup *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->texts);
  g_free (self);
}

/* The warm-up is worth doing only on a processor that would otherwise be
 * idle: on a busy machine it would take time from the main thread, which
 * then draws the glyphs itself. Linux runs a SCHED_IDLE thread only then. */
static void
lower_thread_priority (void)
{
#ifdef SCHED_IDLE
  struct sched_param param = { .sched_priority = 0 };

  pthread_setschedparam (pthread_self (), SCHED_IDLE, &param);
#endif
}

static gpointer
warmup_thread (gpointer data)
{
  g_autoptr(BmsTextWarmup) self = data;

  lower_thread_priority ();
  bms_text_warmup_run (self);

  return NULL;
}

/**
 * bms_text_warmup_start:
 * @root: a window that is about to be shown for the first time
 *
 * Reads the text of @root's visible labels and draws it on a thread of its
 * own, so that the glyphs are ready when GTK measures and draws them. On a
 * machine with one processor the thread would only compete with the main
 * thread, so nothing is done there.
 */
void
bms_text_warmup_start (GtkWidget *root)
{
  BmsTextWarmup *self;
  GThread *thread;

  g_return_if_fail (GTK_IS_WIDGET (root));

  if (g_get_num_processors () < 2)
    return;

  self = bms_text_warmup_new (root);
  thread = g_thread_try_new ("bms-text-warmup", warmup_thread, self, NULL);

  /* Without a thread the window is merely drawn as it always was. */
  if (thread == NULL)
    {
      bms_text_warmup_free (self);
      return;
    }

  g_thread_unref (thread);
}
