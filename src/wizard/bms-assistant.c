/* bms-assistant.c: the step-by-step assistant that holds the pages.
 *
 * A GtkStack of BmsPage with Back and Next in the header bar. Next follows
 * the current page's "complete"; on the last page it becomes Close and
 * emits "finished".
 *
 * Every page has a name, given by whoever adds it (the window). Pages never
 * call the assistant: they steer it through its actions, which any widget
 * inside it can activate with gtk_widget_activate_action():
 *
 *   assistant.next           Next, when the current page is complete
 *   assistant.previous       Back
 *   assistant.show-page (s)  the page of that name, straight away
 *
 * Pages may be added as types: such a page is made only when it is first
 * shown, so that the pages after the first cost nothing at start-up.
 *
 * A page's slow work (the mail test, saving) starts when the page is shown
 * and shows its progress on the page itself, where its result and its way
 * out (Cancel, Try Again) are; Next waits for it through "complete".
 *
 * This is our own widget rather than GtkAssistant, which is deprecated and
 * is a window of its own, so it has no place for toasts.
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
  GtkStack       *stack;

  GPtrArray      *slots;
  guint           current;
};

/* A place in the order of pages; the page itself may not be made yet. */
typedef struct
{
  char       *name;
  GType       page_type;
  BmsAccount *account;
  BmsPage    *page;
} PageSlot;

static void
page_slot_free (PageSlot *slot)
{
  g_clear_object (&slot->account);
  g_free (slot->name);
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
  g_autofree char *step = NULL;

  if (page == NULL)
    return;

  /* The buttons follow their actions' enabled state. */
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.previous", self->current > 0);

  set_button_label (self->next_button, is_last_page (self) ? _("_Close") : _("_Next"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", bms_page_get_complete (page));

  adw_window_title_set_title (self->window_title, bms_page_get_title (page));
  /* Translators: the subtitle of the window: which page of how many is
   * shown. Not "Step": the pages call the manual's three phases steps. */
  step = g_strdup_printf (_("Page %u of %u"), self->current + 1, self->slots->len);
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
  gtk_stack_add_named (self->stack, GTK_WIDGET (page), slot->name);

  g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
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
  /* The focus goes into the new page, never stays on Next: a second Enter
   * must not go past a page before it was read. A page that moves the focus
   * itself when shown (to a result) does so after this. */
  bms_page_focus (page);
  bms_page_shown (page);
}

void
bms_assistant_next_page (BmsAssistant *self)
{
  BmsPage *page;

  g_return_if_fail (BMS_IS_ASSISTANT (self));

  page = bms_assistant_get_current_page (self);
  if (page == NULL || !bms_page_get_complete (page))
    return;

  if (is_last_page (self))
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  else
    show_page (self, self->current + 1);
}

void
bms_assistant_previous_page (BmsAssistant *self)
{
  g_return_if_fail (BMS_IS_ASSISTANT (self));

  if (self->current == 0 || self->current >= self->slots->len)
    return;

  show_page (self, self->current - 1);
}

/**
 * bms_assistant_show_page:
 * @name: the name a page was added with
 *
 * Shows that page straight away, as the welcome page's Edit and Test do;
 * Back then goes through the pages in their order.
 */
void
bms_assistant_show_page (BmsAssistant *self,
                         const char   *name)
{
  g_return_if_fail (BMS_IS_ASSISTANT (self));
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < self->slots->len; i++)
    {
      PageSlot *slot = g_ptr_array_index (self->slots, i);

      if (g_str_equal (slot->name, name))
        {
          show_page (self, i);
          return;
        }
    }

  g_critical ("The assistant has no page called “%s”", name);
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bms_assistant_next_page (BMS_ASSISTANT (widget));
}

static void
previous_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  bms_assistant_previous_page (BMS_ASSISTANT (widget));
}

static void
show_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  bms_assistant_show_page (BMS_ASSISTANT (widget), g_variant_get_string (parameter, NULL));
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
  gtk_widget_class_bind_template_child (widget_class, BmsAssistant, stack);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "assistant.previous", NULL, previous_action_cb);
  gtk_widget_class_install_action (widget_class, "assistant.show-page", "s", show_page_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "assistant");
}

static void
bms_assistant_init (BmsAssistant *self)
{
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) page_slot_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  set_button_label (self->back_button, gtk_button_get_label (self->back_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", FALSE);
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

static PageSlot *
page_slot_new (const char *name,
               GType       page_type)
{
  PageSlot *slot = g_new0 (PageSlot, 1);

  slot->name = g_strdup (name);
  slot->page_type = page_type;

  return slot;
}

/**
 * bms_assistant_add_page:
 * @name: the page's name, for the action assistant.show-page
 * @page: (transfer floating): the page
 */
void
bms_assistant_add_page (BmsAssistant *self,
                        const char   *name,
                        BmsPage      *page)
{
  PageSlot *slot;

  g_return_if_fail (BMS_IS_ASSISTANT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (BMS_IS_PAGE (page));

  slot = page_slot_new (name, G_OBJECT_TYPE (page));
  take_page (self, slot, page);
  add_slot (self, slot);
}

/**
 * bms_assistant_add_page_type:
 * @name: the page's name, for the action assistant.show-page
 * @page_type: a #BmsPage type
 * @account: the account the page works on
 *
 * Adds a page that is made only when it is first shown.
 */
void
bms_assistant_add_page_type (BmsAssistant *self,
                             const char   *name,
                             GType         page_type,
                             BmsAccount   *account)
{
  PageSlot *slot;

  g_return_if_fail (BMS_IS_ASSISTANT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (g_type_is_a (page_type, BMS_TYPE_PAGE));

  slot = page_slot_new (name, page_type);
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

const char *
bms_assistant_get_current_name (BmsAssistant *self)
{
  g_return_val_if_fail (BMS_IS_ASSISTANT (self), NULL);

  if (self->current >= self->slots->len)
    return NULL;

  return ((PageSlot *) g_ptr_array_index (self->slots, self->current))->name;
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
