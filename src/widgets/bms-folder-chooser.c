/* bms-folder-chooser.c: choosing the sent folder from the server's folder tree.
 *
 * The folders are shown as a tree (GtkListView over a GtkTreeListModel, so
 * rows are made only for what is on screen, even for 10,000 folders). A
 * folder that cannot hold mail (\Noselect, \NonExistent, or a level the
 * server did not list) is shown but cannot be chosen. The folder chosen so
 * far, or else the server's \Sent folder, is selected and scrolled into view.
 * Typing in the search field shows the matching folders as a flat list of
 * whole names.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-folder-chooser.h"
#include "bms-folder-node.h"

struct _BmsFolderChooser
{
  AdwWindow           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkButton          *select_button;
  GtkLabel           *choice_label;

  GListModel         *tree;          /* the top-level nodes */
  GtkTreeListModel   *tree_rows;     /* the tree as rows, expanded on demand */
  GtkFilterListModel *matches;       /* every node, filtered by the search */
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  char               *folded_query;
  guint               initial_position;
  /* The folder chosen last: it stays chosen while a search hides it, and
   * is selected again when it shows. */
  BmsFolderNode      *chosen;
};

G_DEFINE_FINAL_TYPE (BmsFolderChooser, bms_folder_chooser, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FOLDER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static BmsFolderNode *
node_of_item (gpointer item)
{
  if (GTK_IS_TREE_LIST_ROW (item))
    return gtk_tree_list_row_get_item (item);  /* transfer full */

  return g_object_ref (item);
}

static BmsFolderNode *
dup_selected_node (BmsFolderChooser *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? node_of_item (item) : NULL;
}

/* The selected folder, or the one chosen before, when a search hides it. */
static BmsFolderNode *
dup_chosen_node (BmsFolderChooser *self)
{
  BmsFolderNode *node = dup_selected_node (self);

  if (node == NULL && self->chosen != NULL)
    node = g_object_ref (self->chosen);

  return node;
}

static const char *
special_use_icon (BmsFolderSpecialUse special_use)
{
  switch (special_use)
    {
    case BMS_FOLDER_SPECIAL_USE_SENT:
      return "mail-send-symbolic";
    case BMS_FOLDER_SPECIAL_USE_DRAFTS:
      return "document-edit-symbolic";
    case BMS_FOLDER_SPECIAL_USE_TRASH:
      return "user-trash-symbolic";
    case BMS_FOLDER_SPECIAL_USE_JUNK:
      return "mail-mark-junk-symbolic";
    case BMS_FOLDER_SPECIAL_USE_FLAGGED:
      return "starred-symbolic";
    case BMS_FOLDER_SPECIAL_USE_IMPORTANT:
      return "mail-mark-important-symbolic";
    case BMS_FOLDER_SPECIAL_USE_ALL:
    case BMS_FOLDER_SPECIAL_USE_ARCHIVE:
      /* Adwaita 43 has no mail-archive icon. */
      return "folder-documents-symbolic";
    case BMS_FOLDER_SPECIAL_USE_NONE:
    default:
      return "folder-symbolic";
    }
}

/* What the icon means, for a screen reader and a tooltip. */
static const char *
special_use_description (BmsFolderSpecialUse special_use)
{
  switch (special_use)
    {
    case BMS_FOLDER_SPECIAL_USE_SENT:
      return _("Sent mail folder");
    case BMS_FOLDER_SPECIAL_USE_DRAFTS:
      return _("Drafts folder");
    case BMS_FOLDER_SPECIAL_USE_TRASH:
      return _("Trash folder");
    case BMS_FOLDER_SPECIAL_USE_JUNK:
      return _("Spam folder");
    case BMS_FOLDER_SPECIAL_USE_FLAGGED:
      return _("Starred mail");
    case BMS_FOLDER_SPECIAL_USE_IMPORTANT:
      return _("Important mail");
    case BMS_FOLDER_SPECIAL_USE_ALL:
      return _("All mail");
    case BMS_FOLDER_SPECIAL_USE_ARCHIVE:
      return _("Archive folder");
    case BMS_FOLDER_SPECIAL_USE_NONE:
    default:
      return _("Folder");
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BmsFolderChooser         *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *tag = gtk_label_new (_("Sent"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (tag, "caption");
  gtk_widget_add_css_class (tag, "accent");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), tag);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
  g_object_set_data (G_OBJECT (expander), "bms-list-item", list_item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BmsFolderChooser         *self)
{
  gpointer item = gtk_list_item_get_item (list_item);
  g_autoptr(BmsFolderNode) node = node_of_item (item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  GtkWidget *tag = gtk_widget_get_next_sibling (label);
  BmsFolderSpecialUse special_use = bms_folder_node_get_special_use (node);
  gboolean selectable = bms_folder_node_is_selectable (node);

  /* In the tree a row shows its own level; in search results the whole name. */
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander),
                                  GTK_IS_TREE_LIST_ROW (item) ? item : NULL);
  gtk_label_set_text (GTK_LABEL (label),
                      GTK_IS_TREE_LIST_ROW (item) ? bms_folder_node_get_name (node)
                                                  : bms_folder_node_get_display_path (node));

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), special_use_icon (special_use));
  gtk_widget_set_tooltip_text (icon, special_use_description (special_use));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, special_use_description (special_use),
                                  -1);
  gtk_widget_set_visible (tag, special_use == BMS_FOLDER_SPECIAL_USE_SENT);

  /* GTK 4.8 does not name a list row after what it shows, so a screen
   * reader would say only "list item": the row, the expander's parent,
   * is named after the folder and described by its kind. */
  if (gtk_widget_get_parent (expander) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (expander)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (label)),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, special_use_description (special_use),
                                    -1);

  gtk_list_item_set_selectable (list_item, selectable);
  gtk_list_item_set_activatable (list_item, selectable);
  if (selectable)
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  if (bms_folder_node_get_n_children (BMS_FOLDER_NODE (item)) == 0)
    return NULL;

  return bms_folder_node_dup_children (BMS_FOLDER_NODE (item));
}

static gboolean
node_matches_cb (gpointer item,
                 gpointer user_data)
{
  BmsFolderChooser *self = user_data;

  return bms_folder_node_matches (BMS_FOLDER_NODE (item), self->folded_query);
}

static void
update_choice (BmsFolderChooser *self)
{
  g_autoptr(BmsFolderNode) node = dup_chosen_node (self);
  gboolean can_choose = node != NULL && bms_folder_node_is_selectable (node);

  gtk_widget_set_sensitive (GTK_WIDGET (self->select_button), can_choose);

  if (can_choose)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a folder name such as [Gmail]/送信済みメール. */
      text = g_strdup_printf (_("Chosen: %s"), bms_folder_node_get_display_path (node));
      gtk_label_set_text (self->choice_label, text);
    }
  else
    gtk_label_set_text (self->choice_label, _("Choose the folder that keeps sent mail."));
}

static void
selection_changed_cb (BmsFolderChooser *self)
{
  g_autoptr(BmsFolderNode) node = dup_selected_node (self);

  if (node != NULL && bms_folder_node_is_selectable (node))
    g_set_object (&self->chosen, node);

  update_choice (self);
}

/* Finds @node's row, expanding its parents on the way; G_MAXUINT if none. */
static guint
reveal_node (BmsFolderChooser *self,
             BmsFolderNode    *node)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GListModel *rows = G_LIST_MODEL (self->tree_rows);
  guint position = 0;

  for (BmsFolderNode *level = node; level != NULL; level = bms_folder_node_get_parent (level))
    g_ptr_array_insert (chain, 0, level);

  for (guint depth = 0; depth < chain->len; depth++)
    {
      guint n = g_list_model_get_n_items (rows);
      gboolean found = FALSE;

      for (; position < n && !found; position++)
        {
          g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_rows, position);
          g_autoptr(BmsFolderNode) row_node = gtk_tree_list_row_get_item (row);

          if (row_node != g_ptr_array_index (chain, depth))
            continue;

          found = TRUE;
          if (depth + 1 < chain->len)
            gtk_tree_list_row_set_expanded (row, TRUE);
        }

      if (!found)
        return G_MAXUINT;
    }

  return position - 1;
}

static BmsFolderNode *
find_node (GListModel *flat,
           const char *wire_name,
           gboolean    sent)
{
  guint n = g_list_model_get_n_items (flat);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsFolderNode) node = g_list_model_get_item (flat, i);

      if (!bms_folder_node_is_selectable (node))
        continue;
      if (wire_name != NULL && g_strcmp0 (bms_folder_node_get_wire_name (node), wire_name) == 0)
        return g_steal_pointer (&node);
      if (sent && bms_folder_node_get_special_use (node) == BMS_FOLDER_SPECIAL_USE_SENT)
        return g_steal_pointer (&node);
    }

  return NULL;
}

static void
select_initial_folder (BmsFolderChooser *self,
                       const char       *current_wire_name)
{
  GListModel *flat = gtk_filter_list_model_get_model (self->matches);
  g_autoptr(BmsFolderNode) node = NULL;
  guint position;

  node = find_node (flat, current_wire_name, FALSE);
  if (node == NULL)
    node = find_node (flat, NULL, TRUE);
  if (node == NULL)
    return;

  position = reveal_node (self, node);
  if (position == G_MAXUINT)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  self->initial_position = position;
}

/* GTK 4.8 has no call to put the list's keyboard cursor on a row; focusing
 * the row's widget does it. */
static gboolean
focus_row (GtkWidget *list_view,
           guint      position)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *expander = gtk_widget_get_first_child (row);
      GtkListItem *list_item = expander != NULL ? g_object_get_data (G_OBJECT (expander), "bms-list-item") : NULL;

      if (list_item != NULL && gtk_list_item_get_position (list_item) == position)
        return gtk_widget_grab_focus (row);
    }

  return FALSE;
}

/* The keyboard cursor can be put on a row only once the rows exist, that is
 * once the list has been laid out on screen: at its first frame. */
static gboolean
put_cursor_on_initial_folder (GtkWidget     *list_view,
                              GdkFrameClock *frame_clock,
                              gpointer       user_data)
{
  BmsFolderChooser *self = BMS_FOLDER_CHOOSER (user_data);

  if (!focus_row (list_view, self->initial_position))
    {
      /* Not laid out yet: scroll there, and try again at the next frame. */
      gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", self->initial_position);
      return G_SOURCE_CONTINUE;
    }

  gtk_single_selection_set_selected (self->selection, self->initial_position);
  self->initial_position = GTK_INVALID_LIST_POSITION;

  return G_SOURCE_REMOVE;
}

static void
bms_folder_chooser_map (GtkWidget *widget)
{
  BmsFolderChooser *self = BMS_FOLDER_CHOOSER (widget);

  GTK_WIDGET_CLASS (bms_folder_chooser_parent_class)->map (widget);

  if (self->initial_position != GTK_INVALID_LIST_POSITION)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), put_cursor_on_initial_folder, self, NULL);
}

/* Where the chosen folder is among the search's matches. */
static guint
find_chosen_match (BmsFolderChooser *self)
{
  GListModel *matches = G_LIST_MODEL (self->matches);
  guint n = g_list_model_get_n_items (matches);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BmsFolderNode) node = g_list_model_get_item (matches, i);

      if (g_strcmp0 (bms_folder_node_get_wire_name (node), bms_folder_node_get_wire_name (self->chosen)) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Selects the chosen folder in the list now shown, if it is there. */
static void
reselect_chosen (BmsFolderChooser *self,
                 gboolean          searching)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->chosen != NULL)
    {
      if (searching)
        position = find_chosen_match (self);
      else
        position = reveal_node (self, self->chosen);
    }

  if (position == G_MAXUINT)
    position = GTK_INVALID_LIST_POSITION;

  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
search_changed_cb (BmsFolderChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching = text[0] != '\0';

  g_free (self->folded_query);
  self->folded_query = bms_folder_node_fold_query (text);

  /* Unfiltered while nothing is searched for: a filter asks about every
   * node, and nodes are made only when asked for (see bms-folder-node.c),
   * which the chooser would otherwise do for all of them when it opens. */
  if (!searching)
    gtk_filter_list_model_set_filter (self->matches, NULL);
  else if (gtk_filter_list_model_get_filter (self->matches) == NULL)
    gtk_filter_list_model_set_filter (self->matches, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  gtk_single_selection_set_model (self->selection,
                                  searching ? G_LIST_MODEL (self->matches)
                                            : G_LIST_MODEL (self->tree_rows));
  reselect_chosen (self, searching);

  gtk_stack_set_visible_child_name (self->stack,
                                    searching && g_list_model_get_n_items (G_LIST_MODEL (self->matches)) == 0
                                    ? "no-match" : "folders");
  update_choice (self);
}

static void
choose_selected (BmsFolderChooser *self)
{
  g_autoptr(BmsFolderNode) node = dup_chosen_node (self);

  if (node == NULL || !bms_folder_node_is_selectable (node))
    return;

  g_signal_emit (self, signals[SIGNAL_FOLDER_CHOSEN], 0, bms_folder_node_get_wire_name (node));
  gtk_window_close (GTK_WINDOW (self));
}

static void
select_clicked_cb (BmsFolderChooser *self)
{
  choose_selected (self);
}

static void
row_activated_cb (BmsFolderChooser *self,
                  guint             position)
{
  gtk_single_selection_set_selected (self->selection, position);
  choose_selected (self);
}

static void
bms_folder_chooser_dispose (GObject *object)
{
  BmsFolderChooser *self = (BmsFolderChooser *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BMS_TYPE_FOLDER_CHOOSER);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_rows);
  g_clear_object (&self->matches);
  g_clear_object (&self->filter);
  g_clear_object (&self->chosen);
  g_clear_object (&self->tree);

  G_OBJECT_CLASS (bms_folder_chooser_parent_class)->dispose (object);
}

static void
bms_folder_chooser_finalize (GObject *object)
{
  BmsFolderChooser *self = (BmsFolderChooser *)object;

  g_free (self->folded_query);

  G_OBJECT_CLASS (bms_folder_chooser_parent_class)->finalize (object);
}

static void
bms_folder_chooser_class_init (BmsFolderChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bms_folder_chooser_dispose;
  object_class->finalize = bms_folder_chooser_finalize;
  widget_class->map = bms_folder_chooser_map;

  /**
   * BmsFolderChooser::folder-chosen:
   * @wire_name: the folder's name exactly as the server sends it
   */
  signals[SIGNAL_FOLDER_CHOSEN] =
    g_signal_new ("folder-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bizmagic_mail_setup/MailSetup/bms-folder-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, BmsFolderChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BmsFolderChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, BmsFolderChooser, list_view);
  gtk_widget_class_bind_template_child (widget_class, BmsFolderChooser, select_button);
  gtk_widget_class_bind_template_child (widget_class, BmsFolderChooser, choice_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bms_folder_chooser_init (BmsFolderChooser *self)
{
  self->folded_query = g_strdup ("");
  self->initial_position = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_folders (BmsFolderChooser *self,
             GPtrArray        *folders)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->tree = bms_folder_node_build_tree (folders);
  self->tree_rows = gtk_tree_list_model_new (g_object_ref (self->tree), FALSE, FALSE,
                                             create_children_cb, NULL, NULL);

  self->filter = gtk_custom_filter_new (node_matches_cb, self, NULL);
  self->matches = gtk_filter_list_model_new (bms_folder_node_flatten (self->tree), NULL);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree_rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

BmsFolderChooser *
bms_folder_chooser_new (GtkWindow  *parent,
                        GPtrArray  *folders,
                        const char *current_wire_name)
{
  BmsFolderChooser *self;

  g_return_val_if_fail (folders != NULL, NULL);

  self = g_object_new (BMS_TYPE_FOLDER_CHOOSER, "transient-for", parent, NULL);
  set_folders (self, folders);
  select_initial_folder (self, current_wire_name);
  update_choice (self);

  return self;
}

const char *
bms_folder_chooser_get_selected_wire_name (BmsFolderChooser *self)
{
  g_autoptr(BmsFolderNode) node = NULL;

  g_return_val_if_fail (BMS_IS_FOLDER_CHOOSER (self), NULL);

  node = dup_selected_node (self);
  if (node == NULL || !bms_folder_node_is_selectable (node))
    return NULL;

  /* The node lives as long as the tree, which the chooser holds. */
  return bms_folder_node_get_wire_name (node);
}
