/* test-wizard.c: the real application, walked through page by page.
 *
 * Every step presses the real buttons and types into the real fields, under
 * Xvfb; each page is also rendered to a PNG for a reviewer.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-form-page.h"
#include "bms-test-utils.h"

#define MESSAGE_TIMEOUT_MS 3000

enum {
  PAGE_WELCOME,
  PAGE_GOOGLE,
  PAGE_IMAP,
  PAGE_FORM,
  PAGE_TEST,
  PAGE_FINISH,
  N_PAGES
};

typedef struct
{
  BmsApplication *application;
  BmsWindow      *window;
  BmsAssistant   *assistant;
  GtkWidget      *back_button;
  GtkWidget      *next_button;
} Wizard;

static void
wizard_setup (Wizard        *wizard,
              gconstpointer  data)
{
  wizard->window = bms_test_start_application (&wizard->application);
  wizard->assistant = bms_window_get_assistant (wizard->window);
  wizard->back_button = bms_test_find_widget (GTK_WIDGET (wizard->window), "back_button");
  wizard->next_button = bms_test_find_widget (GTK_WIDGET (wizard->window), "next_button");
  g_assert_nonnull (wizard->back_button);
  g_assert_nonnull (wizard->next_button);
}

static void
wizard_teardown (Wizard        *wizard,
                 gconstpointer  data)
{
  bms_test_stop_application (g_steal_pointer (&wizard->application));
}

static GtkWidget *
page_widget (Wizard     *wizard,
             const char *id)
{
  GtkWidget *page = GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant));
  GtkWidget *widget = bms_test_find_widget (page, id);

  if (widget == NULL)
    g_error ("No widget “%s” on page %s", id, G_OBJECT_TYPE_NAME (page));

  return widget;
}

static void
assert_on_page (Wizard *wizard,
                guint   index)
{
  BmsPage *page = bms_assistant_get_current_page (wizard->assistant);

  g_assert_cmpuint (bms_assistant_get_current_index (wizard->assistant), ==, index);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (bms_page_get_title (page), !=, "");
}

static gboolean
is_on_page (Wizard *wizard,
            guint   index)
{
  return bms_assistant_get_current_index (wizard->assistant) == index &&
         gtk_widget_get_mapped (GTK_WIDGET (bms_assistant_get_current_page (wizard->assistant)));
}

static gboolean
next_enabled (Wizard *wizard)
{
  return gtk_widget_is_sensitive (wizard->next_button);
}

static void
press_next (Wizard *wizard)
{
  guint index = bms_assistant_get_current_index (wizard->assistant);

  bms_test_click (wizard->next_button);
  g_assert_cmpuint (bms_assistant_get_current_index (wizard->assistant), ==, index + 1);
}

static void
press_back (Wizard *wizard)
{
  guint index = bms_assistant_get_current_index (wizard->assistant);

  bms_test_click (wizard->back_button);
  g_assert_cmpuint (bms_assistant_get_current_index (wizard->assistant), ==, index - 1);
}

static gboolean
message_shown_cb (gpointer user_data)
{
  GtkWidget *message = user_data;

  return gtk_widget_get_visible (message) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (message)), "") != 0;
}

static gboolean
message_hidden_cb (gpointer user_data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (user_data));
}

/* A field's problem is shown under the field, in words, after typing stops. */
static void
assert_field_problem (Wizard     *wizard,
                      const char *field)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);
  g_autofree char *message_id = g_strconcat (field, "_message", NULL);
  GtkWidget *message = page_widget (wizard, message_id);

  g_assert_true (bms_test_wait_until (message_shown_cb, message, MESSAGE_TIMEOUT_MS));
  g_assert_true (gtk_widget_has_css_class (page_widget (wizard, entry_id), "error"));
}

static void
assert_field_fine (Wizard     *wizard,
                   const char *field)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);
  g_autofree char *message_id = g_strconcat (field, "_message", NULL);
  GtkWidget *message = page_widget (wizard, message_id);

  g_assert_true (bms_test_wait_until (message_hidden_cb, message, MESSAGE_TIMEOUT_MS));
  g_assert_false (gtk_widget_has_css_class (page_widget (wizard, entry_id), "error"));
}

static void
type_into (Wizard     *wizard,
           const char *field,
           const char *text)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);

  bms_test_set_text (page_widget (wizard, entry_id), text);
}

static const char *
field_text (Wizard     *wizard,
            const char *field)
{
  g_autofree char *entry_id = g_strconcat (field, "_entry", NULL);

  return gtk_editable_get_text (GTK_EDITABLE (page_widget (wizard, entry_id)));
}

static void
go_to_form (Wizard *wizard)
{
  press_next (wizard);
  type_into (wizard, "app_password", "abcd efgh ijkl mnop");
  press_next (wizard);
  press_next (wizard);
  assert_on_page (wizard, PAGE_FORM);
}

static void
fill_form (Wizard *wizard)
{
  type_into (wizard, "employee_name", "山田 太郎");
  type_into (wizard, "email", "taro.yamada@example.co.jp");
}

/* Forwards through every page, then back to the first, then forwards again:
 * the buttons are where they should be and every page is shown. */
static void
test_wizard_walk (Wizard        *wizard,
                  gconstpointer  data)
{
  static const char *names[N_PAGES] = { "welcome", "google", "imap", "form", "test", "finish" };

  assert_on_page (wizard, PAGE_WELCOME);
  g_assert_false (gtk_widget_get_visible (wizard->back_button));
  g_assert_cmpuint (bms_assistant_get_n_pages (wizard->assistant), ==, N_PAGES);
  bms_test_save_screenshot (GTK_WIDGET (wizard->window), "0-welcome");

  for (guint i = PAGE_GOOGLE; i < N_PAGES; i++)
    {
      if (i == PAGE_IMAP)
        type_into (wizard, "app_password", "abcd efgh ijkl mnop");
      if (i == PAGE_TEST)
        fill_form (wizard);

      g_assert_true (next_enabled (wizard));
      press_next (wizard);
      assert_on_page (wizard, i);
      g_assert_true (gtk_widget_get_visible (wizard->back_button));

      {
        g_autofree char *name = g_strdup_printf ("%u-%s", i, names[i]);
        bms_test_save_screenshot (GTK_WIDGET (wizard->window), name);
      }
    }

  for (guint i = PAGE_FINISH; i > PAGE_WELCOME; i--)
    press_back (wizard);
  assert_on_page (wizard, PAGE_WELCOME);

  for (guint i = PAGE_GOOGLE; i < N_PAGES; i++)
    press_next (wizard);
  assert_on_page (wizard, PAGE_FINISH);
}

int
main (int   argc,
      char *argv[])
{
  bms_test_init (&argc, &argv);

  g_test_add ("/wizard/walk", Wizard, NULL, wizard_setup, test_wizard_walk, wizard_teardown);

  return g_test_run ();
}
