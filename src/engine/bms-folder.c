/* bms-folder.c: one folder (mailbox) of an IMAP server, as LIST names it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder.h"
#include "bms-mutf7.h"

struct _BmsFolder
{
  GObject              parent_instance;

  char                *wire_name;
  char                *display_name;
  gboolean             name_is_valid;
  gunichar             delimiter;
  GStrv                attributes;
  GStrv                wire_path;
  GStrv                display_path;
  /* Where the last delimiter starts in the wire name, or -1. */
  gssize               parent_end;
  BmsFolderSpecialUse  special_use;
};

G_DEFINE_FINAL_TYPE (BmsFolder, bms_folder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WIRE_NAME,
  PROP_DISPLAY_NAME,
  PROP_NAME_IS_VALID,
  PROP_DELIMITER,
  PROP_ATTRIBUTES,
  PROP_SELECTABLE,
  PROP_SPECIAL_USE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
bms_folder_special_use_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { BMS_FOLDER_SPECIAL_USE_NONE, "BMS_FOLDER_SPECIAL_USE_NONE", "none" },
        { BMS_FOLDER_SPECIAL_USE_ALL, "BMS_FOLDER_SPECIAL_USE_ALL", "all" },
        { BMS_FOLDER_SPECIAL_USE_ARCHIVE, "BMS_FOLDER_SPECIAL_USE_ARCHIVE", "archive" },
        { BMS_FOLDER_SPECIAL_USE_DRAFTS, "BMS_FOLDER_SPECIAL_USE_DRAFTS", "drafts" },
        { BMS_FOLDER_SPECIAL_USE_FLAGGED, "BMS_FOLDER_SPECIAL_USE_FLAGGED", "flagged" },
        { BMS_FOLDER_SPECIAL_USE_JUNK, "BMS_FOLDER_SPECIAL_USE_JUNK", "junk" },
        { BMS_FOLDER_SPECIAL_USE_SENT, "BMS_FOLDER_SPECIAL_USE_SENT", "sent" },
        { BMS_FOLDER_SPECIAL_USE_TRASH, "BMS_FOLDER_SPECIAL_USE_TRASH", "trash" },
        { BMS_FOLDER_SPECIAL_USE_IMPORTANT, "BMS_FOLDER_SPECIAL_USE_IMPORTANT", "important" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("BmsFolderSpecialUse", values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* RFC 6154's attributes, and the names Gmail's XLIST used for the same
 * folders before SPECIAL-USE existed. */
static const struct {
  const char          *attribute;
  BmsFolderSpecialUse  special_use;
} special_use_attributes[] = {
  { "\\All", BMS_FOLDER_SPECIAL_USE_ALL },
  { "\\AllMail", BMS_FOLDER_SPECIAL_USE_ALL },
  { "\\Archive", BMS_FOLDER_SPECIAL_USE_ARCHIVE },
  { "\\Drafts", BMS_FOLDER_SPECIAL_USE_DRAFTS },
  { "\\Flagged", BMS_FOLDER_SPECIAL_USE_FLAGGED },
  { "\\Starred", BMS_FOLDER_SPECIAL_USE_FLAGGED },
  { "\\Junk", BMS_FOLDER_SPECIAL_USE_JUNK },
  { "\\Spam", BMS_FOLDER_SPECIAL_USE_JUNK },
  { "\\Sent", BMS_FOLDER_SPECIAL_USE_SENT },
  { "\\Trash", BMS_FOLDER_SPECIAL_USE_TRASH },
  { "\\Important", BMS_FOLDER_SPECIAL_USE_IMPORTANT },
};

static BmsFolderSpecialUse
find_special_use (BmsFolder *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (special_use_attributes); i++)
    {
      if (bms_folder_has_attribute (self, special_use_attributes[i].attribute))
        return special_use_attributes[i].special_use;
    }

  return BMS_FOLDER_SPECIAL_USE_NONE;
}

/* The whole name as one level: no delimiter, or one that a modified UTF-7
 * name cannot contain (anything beyond ASCII), and that is split as is. */
static void
split_plainly (BmsFolder *self)
{
  char delimiter[8] = { 0 };
  const char *found = NULL;

  if (self->delimiter != 0)
    {
      g_unichar_to_utf8 (self->delimiter, delimiter);
      found = g_strrstr (self->wire_name, delimiter);
    }

  if (found == NULL)
    {
      self->wire_path = g_new0 (char *, 2);
      self->wire_path[0] = g_strdup (self->wire_name);
      return;
    }

  self->wire_path = g_strsplit (self->wire_name, delimiter, -1);
  self->parent_end = found - self->wire_name;
}

/* Splits the wire name at the delimiter, but never inside a modified UTF-7
 * shift ("&...-"): should the delimiter be a base64 character, a shift could
 * contain it without it meaning a new level. */
static void
split_wire_name (BmsFolder *self)
{
  GPtrArray *levels;
  const char *name = self->wire_name;
  gsize length = strlen (name);
  gsize start = 0;
  gboolean in_shift = FALSE;

  self->parent_end = -1;

  /* A name that is not modified UTF-7 has no shifts to respect. */
  if (self->delimiter == 0 || self->delimiter > 0x7f || !self->name_is_valid)
    {
      split_plainly (self);
      return;
    }

  levels = g_ptr_array_new ();
  for (gsize i = 0; i < length; i++)
    {
      gsize delimiter_length;

      if (in_shift)
        {
          in_shift = name[i] != '-';
          continue;
        }

      if (name[i] == '&' && name[i + 1] == '-')
        {
          /* "&-" is a plain "&", which is a level only when it is the
           * delimiter itself. */
          if (self->delimiter != '&')
            {
              i++;
              continue;
            }
          delimiter_length = 2;
        }
      else if (name[i] == '&')
        {
          in_shift = TRUE;
          continue;
        }
      else if ((guchar) name[i] == self->delimiter)
        delimiter_length = 1;
      else
        continue;

      g_ptr_array_add (levels, g_strndup (name + start, i - start));
      self->parent_end = i;
      i += delimiter_length - 1;
      start = i + 1;
    }

  g_ptr_array_add (levels, g_strndup (name + start, length - start));
  g_ptr_array_add (levels, NULL);
  self->wire_path = (GStrv) g_ptr_array_free (levels, FALSE);
}

static char *
decode_or_keep (const char *wire_name,
                gboolean   *is_valid)
{
  g_autoptr(GError) error = NULL;
  char *decoded = bms_mutf7_decode (wire_name, &error);

  if (is_valid != NULL)
    *is_valid = decoded != NULL;

  /* Shown to people as it came, but always as valid UTF-8. */
  if (decoded == NULL)
    decoded = g_utf8_make_valid (wire_name, -1);

  return decoded;
}

static void
decode_path (BmsFolder *self)
{
  guint n = g_strv_length (self->wire_path);

  self->display_path = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      if (self->name_is_valid)
        self->display_path[i] = decode_or_keep (self->wire_path[i], NULL);
      else
        self->display_path[i] = g_utf8_make_valid (self->wire_path[i], -1);
    }
}

BmsFolder *
bms_folder_new (const char         *wire_name,
                gunichar            delimiter,
                const char * const *attributes)
{
  BmsFolder *self;

  g_return_val_if_fail (wire_name != NULL, NULL);

  self = g_object_new (BMS_TYPE_FOLDER, NULL);
  self->wire_name = g_strdup (wire_name);
  self->delimiter = delimiter;
  self->attributes = attributes != NULL ? g_strdupv ((char **) attributes) : g_new0 (char *, 1);
  self->display_name = decode_or_keep (self->wire_name, &self->name_is_valid);
  split_wire_name (self);
  decode_path (self);
  self->special_use = find_special_use (self);

  return self;
}

static void
bms_folder_finalize (GObject *object)
{
  BmsFolder *self = (BmsFolder *) object;

  g_free (self->wire_name);
  g_free (self->display_name);
  g_strfreev (self->attributes);
  g_strfreev (self->wire_path);
  g_strfreev (self->display_path);

  G_OBJECT_CLASS (bms_folder_parent_class)->finalize (object);
}

static void
bms_folder_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BmsFolder *self = BMS_FOLDER (object);

  switch (prop_id)
    {
    case PROP_WIRE_NAME:
      g_value_set_string (value, self->wire_name);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_NAME_IS_VALID:
      g_value_set_boolean (value, self->name_is_valid);
      break;

    case PROP_DELIMITER:
      g_value_set_uint (value, self->delimiter);
      break;

    case PROP_ATTRIBUTES:
      g_value_set_boxed (value, self->attributes);
      break;

    case PROP_SELECTABLE:
      g_value_set_boolean (value, bms_folder_is_selectable (self));
      break;

    case PROP_SPECIAL_USE:
      g_value_set_enum (value, self->special_use);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_folder_class_init (BmsFolderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_folder_finalize;
  object_class->get_property = bms_folder_get_property;

  properties[PROP_WIRE_NAME] =
    g_param_spec_string ("wire-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME_IS_VALID] =
    g_param_spec_boolean ("name-is-valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELIMITER] =
    g_param_spec_uint ("delimiter", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTRIBUTES] =
    g_param_spec_boxed ("attributes", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTABLE] =
    g_param_spec_boolean ("selectable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPECIAL_USE] =
    g_param_spec_enum ("special-use", NULL, NULL,
                       BMS_TYPE_FOLDER_SPECIAL_USE, BMS_FOLDER_SPECIAL_USE_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_folder_init (BmsFolder *self)
{
  self->parent_end = -1;
}

const char *
bms_folder_get_wire_name (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  return self->wire_name;
}

const char *
bms_folder_get_display_name (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  return self->display_name;
}

/* FALSE when the wire name is not valid modified UTF-7: the display name is
 * then the wire name itself, and the user interface may say so. */
gboolean
bms_folder_get_name_is_valid (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), FALSE);

  return self->name_is_valid;
}

gunichar
bms_folder_get_delimiter (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), 0);

  return self->delimiter;
}

const char * const *
bms_folder_get_attributes (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  return (const char * const *) self->attributes;
}

/* IMAP attributes are case-insensitive: "\NoSelect" is "\Noselect". */
gboolean
bms_folder_has_attribute (BmsFolder  *self,
                          const char *attribute)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), FALSE);
  g_return_val_if_fail (attribute != NULL, FALSE);

  for (guint i = 0; self->attributes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (self->attributes[i], attribute) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A folder that can be chosen: one that may hold messages. */
gboolean
bms_folder_is_selectable (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), FALSE);

  return !bms_folder_has_attribute (self, "\\Noselect") &&
         !bms_folder_has_attribute (self, "\\NonExistent");
}

BmsFolderSpecialUse
bms_folder_get_special_use (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), BMS_FOLDER_SPECIAL_USE_NONE);

  return self->special_use;
}

const char * const *
bms_folder_get_wire_path (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  return (const char * const *) self->wire_path;
}

const char * const *
bms_folder_get_display_path (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  return (const char * const *) self->display_path;
}

guint
bms_folder_get_depth (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), 0);

  return g_strv_length (self->wire_path);
}

char *
bms_folder_dup_parent_wire_name (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  if (self->parent_end < 0)
    return NULL;

  return g_strndup (self->wire_name, self->parent_end);
}
