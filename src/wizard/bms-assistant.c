/* bms-assistant.c: the step-by-step assistant that holds the pages.
 *
 * A GtkStack of BmsPage with Back, Next and Cancel in the header bar. Next
 * follows the current page's "complete"; pressing it lets the page check its
 * values (possibly asynchronously, with a spinner and Cancel) and moves on
 * only when the page says the values are good. On the last page Next becomes
 * Close and emits "finished".
 *
 * Pages may be added as types: such a page is made only when it is first
 * shown, so that the pages after the first cost nothing at start-up.
 *
 * This is our own widget rather than GtkAssistant, which is deprecated, is a
 * window of its own, and knows no asynchronous check before Next.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-assistant.h"
#include "bms-field.h"

struct _BmsAssistant
{
  GtkWidget       parent_instance;

  GtkWidget      *header_bar;
  AdwWindowTitle *window_title;
  GtkButton      *back_button;
  GtkButton      *next_button;
  GtkButton      *cancel_button;
  GtkSpinner     *spinner;
  GtkStack       *stack;

  GPtrArray      *slots;
  guint           current;
};

/* A place in the order of pages; the page itself may not be made yet. */
typedef struct
{
  GType       page_type;
  BmsAccount *account;
  BmsPage    *page;
} PageSlot;

static void
page_slot_free (PageSlot *slot)
{
  g_clear_object (&slot->account);
  g_free (slot);
}

G_DEFINE_FINAL_TYPE (BmsAssistant, bms_assistant, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_last_page (BmsAssistant *self)
{
  return self->current + 1 >= self->slots->len;
}

/* GTK 4.8 names a button with a mnemonic after its raw label as well
 * ("_Next Next"); a screen reader should hear the word once. */
static void
set_button_label (GtkButton  *button,
                  const char *label)
{
  g_autofree char *text = g_strdup (label);  /* @label may be the button's own */
  g_autofree char *plain = bms_label_without_mnemonic (text);

  gtk_button_set_label (button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                  -1);
}

static void
update_navigation (BmsAssistant *self)
{
  BmsPage *page = bms_assistant_get_current_page (self);
  gboolean applying;
  g_autofree char *step = NULL;

  if (page == NULL)
    return;

  applying = bms_page_get_applying (page);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->current > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !applying);

  set_button_label (self->next_button, is_last_page (self) ? _("_Close") : _("_Next"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            bms_page_get_complete (page) && !applying);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), applying);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), applying);
  gtk_spinner_set_spinning (self->spinner, applying);

  adw_window_title_set_title (self->window_title, bms_page_get_title (page));
  /* Translators: the subtitle of the window: which page of how many is shown. */
  step = g_strdup_printf (_("Step %u of %u"), self->current + 1, self->slots->len);
  adw_window_title_set_subtitle (self->window_title, step);
}

static void
page_notify_cb (BmsAssistant *self,
                GParamSpec   *pspec,
                BmsPage      *page)
{
  if (page == bms_assistant_get_current_page (self))
    update_navigation (self);
}

static void
take_page (BmsAssistant *self,
           PageSlot     *slot,
           BmsPage      *page)
{
  slot->page = page;
  gtk_stack_add_child (self->stack, GTK_WIDGET (page));

  g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::applying", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
}

static BmsPage *
ensure_page (BmsAssistant *self,
             guint         index)
{
  PageSlot *slot = g_ptr_array_index (self->slots, index);

  if (slot->page == NULL)
    take_page (self, slot, g_object_new (slot->page_type, "account", slot->account, NULL));

  return slot->page;
}

static void
show_page (BmsAssistant *self,
           guint         index)
{
  BmsPage *page = ensure_page (self, index);

  self->current = index;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  update_navigation (self);
  bms_page_shown (page);
}

static void
apply_done_cb (BmsPage  *page,
               gboolean  valid,
               gpointer  user_data)
{
  BmsAssistant *self = BMS_ASSISTANT (user_data);

  /* The page may have been left or the assistant torn down meanwhile. */
  if (valid && page == bms_assistant_get_current_page (self))
    {
      if (is_last_page (self))
        g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
      else
        show_page (self, self->current + 1);
    }

  g_object_unref (self);
}

void
bms_assistant_next_page (BmsAssistant *self)
{
  BmsPage *page;

  g_return_if_fail (BMS_IS_ASSISTANT (self));

  page = bms_assistant_get_current_page (self);
  if (page == NULL || !bms_page_get_complete (page) || bms_page_get_applying (page))
    return;

  bms_page_apply_begin (page, apply_done_cb, g_object_ref (self));
}

void
bms_assistant_previous_page (BmsAssistant *self)
{
  BmsPage *page;

  g_return_if_fail (BMS_IS_ASSISTANT (self));

  page = bms_assistant_get_current_page (self);
  if (self->current == 0 || page == NULL || bms_page_get_applying (page))
    return;

  show_page (self, self->current - 1);
}

/**
 * bms_assistant_go_to_page_type:
 * @page_type: the type of a page added before
 *
 * Shows the page of that type straight away, as the welcome page's Edit and
 * Test do; Back then goes through the pages in their order.
 */
void
bms_assistant_go_to_page_type (BmsAssistant *self,
                               GType         page_type)
{
  BmsPage *page;

  g_return_if_fail (BMS_IS_ASSISTANT (self));

  page = bms_assistant_get_current_page (self);
  if (page != NULL && bms_page_get_applying (page))
    return;

  for (guint i = 0; i < self->slots->len; i++)
    {
      PageSlot *slot = g_ptr_array_index (self->slots, i);

      if (slot->page_type == page_type)
        {
          show_page (self, i);
          return;
        }
    }

  g_return_if_reached ();
}

void
bms_assistant_cancel (BmsAssistant *self)
{
  BmsPage *page;

  g_return_if_fail (BMS_IS_ASSISTANT (self));

  page = bms_assistant_get_current_page (self);
  if (page != NULL)
    bms_page_apply_cancel (page);
}

static void
bms_assistant_root (GtkWidget *widget)
{
  BmsAssistant *self = BMS_ASSISTANT (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (bms_assistant_parent_class)->root (widget);

  /* Enter in a field presses Next, when Next may be pressed. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->next_button));
}

static void
bms_assistant_dispose (GObject *object)
{
  BmsAssistant *self = (BmsAssistant *)object;

  g_ptr_array_set_size (self->slots, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_ASSISTANT);

  G_OBJECT_CLASS (bms_assistant_parent_class)->dispose (object);
}

static void
bms_assistant_finalize (GObject *object)
{
  BmsAssistant *self = (BmsAssistant *)object;

  g_ptr_array_unref (self->slots);

  G_OBJECT_CLASS (bms_assistant_parent_class)->finalize (object);
}

static void
bms_assistant_class_init (BmsAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_assistant_dispose;
  object_class->finalize = bms_assistant_finalize;
  widget_class->root = bms_assistant_root;

  /**
   * BmsAssistant::finished:
   *
   * Emitted when Close is pressed on the last page.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, header_bar);
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, stack);
  gtk_widget_class_bind_template_callback (widget_class, bms_assistant_next_page);
  gtk_widget_class_bind_template_callback (widget_class, bms_assistant_previous_page);
  gtk_widget_class_bind_template_callback (widget_class, bms_assistant_cancel);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "assistant");
}

static void
bms_assistant_init (BmsAssistant *self)
{
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) page_slot_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  set_button_label (self->back_button, gtk_button_get_label (self->back_button));
  set_button_label (self->cancel_button, gtk_button_get_label (self->cancel_button));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

static void
add_slot (BmsAssistant *self,
          PageSlot     *slot)
{
  g_ptr_array_add (self->slots, slot);

  if (self->slots->len == 1)
    show_page (self, 0);
  else
    update_navigation (self);
}

void
bms_assistant_add_page (BmsAssistant *self,
                        BmsPage      *page)
{
  PageSlot *slot;

  g_return_if_fail (BMS_IS_ASSISTANT (self));
  g_return_if_fail (BMS_IS_PAGE (page));

  slot = g_new0 (PageSlot, 1);
  slot->page_type = G_OBJECT_TYPE (page);
  take_page (self, slot, page);
  add_slot (self, slot);
}

/**
 * bms_assistant_add_page_type:
 * @page_type: a #BmsPage type
 * @account: the account the page works on
 *
 * Adds a page that is made only when it is first shown.
 */
void
bms_assistant_add_page_type (BmsAssistant *self,
                             GType         page_type,
                             BmsAccount   *account)
{
  PageSlot *slot;

  g_return_if_fail (BMS_IS_ASSISTANT (self));
  g_return_if_fail (g_type_is_a (page_type, BMS_TYPE_PAGE));

  slot = g_new0 (PageSlot, 1);
  slot->page_type = page_type;
  slot->account = g_object_ref (account);
  add_slot (self, slot);
}

BmsPage *
bms_assistant_get_current_page (BmsAssistant *self)
{
  g_return_val_if_fail (BMS_IS_ASSISTANT (self), NULL);

  if (self->current >= self->slots->len)
    return NULL;

  return ((PageSlot *) g_ptr_array_index (self->slots, self->current))->page;
}

guint
bms_assistant_get_current_index (BmsAssistant *self)
{
  g_return_val_if_fail (BMS_IS_ASSISTANT (self), 0);

  return self->current;
}

guint
bms_assistant_get_n_pages (BmsAssistant *self)
{
  g_return_val_if_fail (BMS_IS_ASSISTANT (self), 0);

  return self->slots->len;
}
