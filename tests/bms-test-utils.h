/* bms-test-utils.h: driving the real widgets from a test.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bms-application.h"
#include "bms-test-servers.h"
#include "bms-window.h"

G_BEGIN_DECLS

typedef gboolean (*BmsTestCondition) (gpointer user_data);

/* The wizard's pages in their order. */
enum {
  PAGE_WELCOME,
  PAGE_GOOGLE,
  PAGE_IMAP,
  PAGE_FORM,
  PAGE_TEST,
  PAGE_FINISH,
  N_PAGES
};

/* The real application with its window, as a UI test drives it. */
typedef struct
{
  BmsApplication *application;
  BmsWindow      *window;
  BmsAssistant   *assistant;
  GtkWidget      *back_button;
  GtkWidget      *next_button;
} BmsTestWizard;

void        bms_test_wizard_start        (BmsTestWizard    *wizard,
                                          const char       *ca_file);
void        bms_test_wizard_stop         (BmsTestWizard    *wizard);
void        bms_test_wizard_setup        (BmsTestWizard    *wizard,
                                          gconstpointer     ca_file);
void        bms_test_wizard_teardown     (BmsTestWizard    *wizard,
                                          gconstpointer     data);
const char *bms_test_wizard_page_name    (guint             index);
guint       bms_test_wizard_current_index (BmsTestWizard   *wizard);
void        bms_test_wizard_assert_on_page (BmsTestWizard  *wizard,
                                          guint             index);
GtkWidget  *bms_test_wizard_page_widget  (BmsTestWizard    *wizard,
                                          const char       *id);
void        bms_test_wizard_press_next   (BmsTestWizard    *wizard);
void        bms_test_wizard_press_back   (BmsTestWizard    *wizard);
void        bms_test_wizard_type_into    (BmsTestWizard    *wizard,
                                          const char       *field,
                                          const char       *text);
void        bms_test_wizard_fill_form    (BmsTestWizard    *wizard,
                                          BmsTestServers   *servers,
                                          const char       *address);
gboolean    bms_test_wizard_mail_test_ended_cb (gpointer wizard);
guint       bms_test_count_suggested (GtkWidget *root);
gboolean    bms_test_wizard_page_complete_cb (gpointer      wizard);
gboolean    bms_test_wizard_saved_cb     (gpointer          wizard);

void        bms_test_init                (int              *argc,
                                          char           ***argv);
BmsApplication *bms_test_get_application (void);
BmsWindow  *bms_test_start_application   (BmsApplication  **application);
void        bms_test_stop_application    (BmsApplication   *application);
GtkWidget  *bms_test_find_widget         (GtkWidget        *root,
                                          const char       *buildable_id);
GtkWidget  *bms_test_find_widget_by_name (GtkWidget        *root,
                                          const char       *name);
GtkWidget  *bms_test_find_widget_of_type (GtkWidget        *root,
                                          GType             type);
gboolean    bms_test_wait_until          (BmsTestCondition  condition,
                                          gpointer          user_data,
                                          guint             timeout_ms);
void        bms_test_process_events      (void);
void        bms_test_click               (GtkWidget        *button);
void        bms_test_set_text            (GtkWidget        *editable,
                                          const char       *text);
void        bms_test_press_keys          (const char * const *keys);
void        bms_test_type_text           (const char       *text);
void        bms_test_type_text_with_delay (const char      *text,
                                          guint             delay_ms);
void        bms_test_assert_unique_mnemonics (GtkWidget    *root);
gboolean    bms_test_wait_for_focus      (GtkWindow        *window);
GtkWindow  *bms_test_find_toplevel       (GType             type);
gboolean    bms_test_toplevel_shown_cb   (gpointer          type);
gboolean    bms_test_toplevel_gone_cb    (gpointer          type);
void        bms_test_fill_form_for_servers (GtkWidget      *form_page,
                                          BmsTestServers   *servers,
                                          const char       *address);
GdkTexture *bms_test_render              (GtkWidget        *widget);
void        bms_test_save_screenshot     (GtkWidget        *widget,
                                          const char       *name);

G_END_DECLS
