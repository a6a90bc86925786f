/* bms-folder.c: one folder (mailbox) of an IMAP server, as LIST names it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-private.h"
#include "bms-mutf7.h"

struct _BmsFolder
{
  GObject              parent_instance;

  char                *wire_name;
  char                *display_name;    /* decoded, or made valid UTF-8 when the name is not valid */
  GStrv                attributes;
  gunichar             delimiter;
  gboolean             name_is_valid;
  gboolean             selectable;
  BmsFolderSpecialUse  special_use;

  /* The levels of the wire name, as the tree reads them
   * (bms_folder_get_levels()). */
  guint32             *level_ends;      /* where each level of the wire name ends */
  guint                depth;
  guint                delimiter_length;  /* on the wire: 2 when "&" is written "&-" */
  const char          *leaf_name;       /* the last level, in display_name or display_path */

  /* Made when first asked for; the display path at once for a name that
   * is not modified UTF-7, whose levels are made valid one by one. */
  GStrv                wire_path;
  GStrv                display_path;
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

/* ------------------------------------------------------------ attributes */

/* The attributes that a folder's special use and selectability depend on.
 * The special uses come in the order in which one wins over another when
 * a server sends two: RFC 6154's attributes and the names Gmail's XLIST
 * used for the same folders before SPECIAL-USE existed. */
static const struct {
  const char          *name;
  BmsFolderSpecialUse  special_use;
  gboolean             unselectable;
} known_attributes[] = {
  /* On nearly every line of a LIST answer: looked for first, so that the
   * search for them ends at once. */
  { "\\HasNoChildren", BMS_FOLDER_SPECIAL_USE_NONE, FALSE },
  { "\\HasChildren", BMS_FOLDER_SPECIAL_USE_NONE, FALSE },
  { "\\All", BMS_FOLDER_SPECIAL_USE_ALL, FALSE },
  { "\\AllMail", BMS_FOLDER_SPECIAL_USE_ALL, FALSE },
  { "\\Archive", BMS_FOLDER_SPECIAL_USE_ARCHIVE, FALSE },
  { "\\Drafts", BMS_FOLDER_SPECIAL_USE_DRAFTS, FALSE },
  { "\\Flagged", BMS_FOLDER_SPECIAL_USE_FLAGGED, FALSE },
  { "\\Starred", BMS_FOLDER_SPECIAL_USE_FLAGGED, FALSE },
  { "\\Junk", BMS_FOLDER_SPECIAL_USE_JUNK, FALSE },
  { "\\Spam", BMS_FOLDER_SPECIAL_USE_JUNK, FALSE },
  { "\\Sent", BMS_FOLDER_SPECIAL_USE_SENT, FALSE },
  { "\\Trash", BMS_FOLDER_SPECIAL_USE_TRASH, FALSE },
  { "\\Important", BMS_FOLDER_SPECIAL_USE_IMPORTANT, FALSE },
  { "\\Noselect", BMS_FOLDER_SPECIAL_USE_NONE, TRUE },
  { "\\NonExistent", BMS_FOLDER_SPECIAL_USE_NONE, TRUE },
};

/* Servers write attributes as the RFCs do, so that is tried first, and
 * only then, since IMAP attributes are case-insensitive ("\NoSelect" is
 * "\Noselect"), without case: looking without case alone cost 3.6 M of
 * the 55 M instructions of reading a 10,000-folder answer (callgrind).
 * Returns the index in known_attributes, or -1. */
static int
find_known_attribute (const char *attribute)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_attributes); i++)
    {
      if (strcmp (known_attributes[i].name, attribute) == 0)
        return i;
    }

  for (guint i = 0; i < G_N_ELEMENTS (known_attributes); i++)
    {
      if (g_ascii_strcasecmp (known_attributes[i].name, attribute) == 0)
        return i;
    }

  return -1;
}

/* Selectability and special use, read once: the tree and the chooser ask
 * for them again and again. */
static void
read_attributes (BmsFolder *self)
{
  int special = G_N_ELEMENTS (known_attributes);

  self->selectable = TRUE;
  for (guint i = 0; self->attributes[i] != NULL; i++)
    {
      int known = find_known_attribute (self->attributes[i]);

      if (known < 0)
        continue;
      if (known_attributes[known].unselectable)
        self->selectable = FALSE;
      if (known_attributes[known].special_use != BMS_FOLDER_SPECIAL_USE_NONE)
        special = MIN (special, known);
    }

  self->special_use = special < (int) G_N_ELEMENTS (known_attributes)
                      ? known_attributes[special].special_use : BMS_FOLDER_SPECIAL_USE_NONE;
}

static GStrv
copy_attributes (const BmsFolderSlice *attributes,
                 guint                 n_attributes)
{
  GStrv copy = g_new (char *, n_attributes + 1);

  for (guint i = 0; i < n_attributes; i++)
    copy[i] = g_strndup (attributes[i].text, attributes[i].length);
  copy[n_attributes] = NULL;

  return copy;
}

/* ------------------------------------------------------------ levels */

/* The level ends of a name being read, grown as they are found: one
 * allocation for a usual name. (A GArray cost three, and 9 M of the 55 M
 * instructions of reading a 10,000-folder answer.) */
typedef struct {
  guint32 *ends;
  guint    n;
  guint    room;
} LevelEnds;

static void
add_level_end (LevelEnds *level_ends,
               gsize      end)
{
  if (level_ends->n == level_ends->room)
    {
      level_ends->room = MAX (8, level_ends->room * 2);
      level_ends->ends = g_renew (guint32, level_ends->ends, level_ends->room);
    }

  level_ends->ends[level_ends->n++] = end;
}

/* Whether @delimiter may stand inside a shift of a valid name ("&", base64
 * characters, the closing "-") without meaning a new level. */
static gboolean
may_stand_in_shift (gunichar delimiter)
{
  return delimiter < 0x80 &&
         (g_ascii_isalnum (delimiter) || delimiter == '+' || delimiter == ',' ||
          delimiter == '-' || delimiter == '&');
}

/* Splits the wire name at the delimiter, but never inside a modified UTF-7
 * shift ("&...-"): should the delimiter be a base64 character, a shift could
 * contain it without it meaning a new level. A delimiter "&" is written
 * "&-", and every other "&-" is a plain "&" within a level. */
static void
find_levels_in_mutf7 (BmsFolder *self,
                      gsize      length,
                      LevelEnds *level_ends)
{
  const char *name = self->wire_name;
  gboolean in_shift = FALSE;

  self->delimiter_length = self->delimiter == '&' ? 2 : 1;
  for (gsize i = 0; i < length; i++)
    {
      if (in_shift)
        {
          in_shift = name[i] != '-';
          continue;
        }

      if (name[i] == '&' && name[i + 1] == '-')
        {
          if (self->delimiter != '&')
            {
              i++;
              continue;
            }
        }
      else if (name[i] == '&')
        {
          in_shift = TRUE;
          continue;
        }
      else if ((guchar) name[i] != self->delimiter)
        continue;

      add_level_end (level_ends, i);
      i += self->delimiter_length - 1;
    }

  add_level_end (level_ends, length);
}

/* Byte for byte: a name that is not modified UTF-7, a delimiter that a
 * shift cannot contain (such as "/" and "."), or one that such a name
 * cannot contain at all (anything beyond ASCII). */
static void
find_levels_plainly (BmsFolder *self,
                     gsize      length,
                     LevelEnds *level_ends)
{
  char encoded[8] = { 0, };
  const char *name = self->wire_name;
  const char *p = name;

  self->delimiter_length = g_unichar_to_utf8 (self->delimiter, encoded);
  while ((p = strstr (p, encoded)) != NULL)
    {
      add_level_end (level_ends, p - name);
      p += self->delimiter_length;
    }

  add_level_end (level_ends, length);
}

/* @length: of the wire name */
static void
find_levels (BmsFolder *self,
             gsize      length)
{
  LevelEnds level_ends = { NULL, 0, 0 };

  self->delimiter_length = 1;
  if (self->delimiter == 0)
    add_level_end (&level_ends, length);
  else if (self->name_is_valid && may_stand_in_shift (self->delimiter))
    find_levels_in_mutf7 (self, length, &level_ends);
  else
    find_levels_plainly (self, length, &level_ends);

  self->level_ends = level_ends.ends;
  self->depth = level_ends.n;
}

static gsize
level_start (BmsFolder *self,
             guint      level)
{
  return level == 0 ? 0 : self->level_ends[level - 1] + self->delimiter_length;
}

static GStrv
split_wire_name (BmsFolder *self)
{
  GStrv levels = g_new (char *, self->depth + 1);

  for (guint i = 0; i < self->depth; i++)
    {
      gsize start = level_start (self, i);

      levels[i] = g_strndup (self->wire_name + start, self->level_ends[i] - start);
    }
  levels[self->depth] = NULL;

  return levels;
}

/* ------------------------------------------------------------ names */

/* The last level of a valid name, in its decoded name: each "&" and each
 * base64 character of the wire name is inside a shift or stands for
 * itself, and a shift never encodes a printable ASCII character, so an
 * ASCII delimiter occurs in the decoded name exactly where it split the
 * wire name. A delimiter that is not printable, or not ASCII, cannot
 * split a valid name at all. */
static const char *
find_leaf_name (BmsFolder *self)
{
  if (self->depth == 1)
    return self->display_name;

  return strrchr (self->display_name, (char) self->delimiter) + 1;
}

/* A name that did not decode is shown as it came, but always as valid
 * UTF-8, each level made valid alone. */
static void
make_names_valid (BmsFolder *self)
{
  self->display_name = g_utf8_make_valid (self->wire_name, -1);

  self->wire_path = split_wire_name (self);
  self->display_path = g_new (char *, self->depth + 1);
  for (guint i = 0; i < self->depth; i++)
    self->display_path[i] = g_utf8_make_valid (self->wire_path[i], -1);
  self->display_path[self->depth] = NULL;
  self->leaf_name = self->display_path[self->depth - 1];
}

/* ------------------------------------------------------------ making a folder */

BmsFolder *
bms_folder_new_from_slices (const BmsFolderSlice *wire_name,
                            gunichar              delimiter,
                            const BmsFolderSlice *attributes,
                            guint                 n_attributes)
{
  BmsFolder *self;

  g_return_val_if_fail (wire_name != NULL, NULL);
  g_return_val_if_fail (memchr (wire_name->text, '\0', wire_name->length) == NULL, NULL);

  self = g_object_new (BMS_TYPE_FOLDER, NULL);
  self->wire_name = g_strndup (wire_name->text, wire_name->length);
  self->delimiter = delimiter;
  self->attributes = copy_attributes (attributes, n_attributes);
  read_attributes (self);

  self->display_name = bms_mutf7_decode (self->wire_name, NULL);
  self->name_is_valid = self->display_name != NULL;
  find_levels (self, wire_name->length);

  if (self->name_is_valid)
    self->leaf_name = find_leaf_name (self);
  else
    make_names_valid (self);

  return self;
}

BmsFolder *
bms_folder_new (const char         *wire_name,
                gunichar            delimiter,
                const char * const *attributes)
{
  BmsFolderSlice name;
  g_autofree BmsFolderSlice *slices = NULL;
  guint n_attributes = attributes != NULL ? g_strv_length ((char **) attributes) : 0;

  g_return_val_if_fail (wire_name != NULL, NULL);

  name.text = wire_name;
  name.length = strlen (wire_name);
  slices = g_new (BmsFolderSlice, MAX (n_attributes, 1));
  for (guint i = 0; i < n_attributes; i++)
    {
      slices[i].text = attributes[i];
      slices[i].length = strlen (attributes[i]);
    }

  return bms_folder_new_from_slices (&name, delimiter, slices, n_attributes);
}

static void
bms_folder_finalize (GObject *object)
{
  BmsFolder *self = (BmsFolder *) object;

  g_free (self->wire_name);
  g_free (self->display_name);
  g_strfreev (self->attributes);
  g_free (self->level_ends);
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
      g_value_set_boolean (value, self->selectable);
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

/* A folder that can be chosen: one that may hold messages, neither
 * \Noselect nor \NonExistent. */
gboolean
bms_folder_is_selectable (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), FALSE);

  return self->selectable;
}

BmsFolderSpecialUse
bms_folder_get_special_use (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), BMS_FOLDER_SPECIAL_USE_NONE);

  return self->special_use;
}

/* The paths are made when first asked for: the tree reads the levels
 * from offsets, and only tests and the command line want the vectors. */
const char * const *
bms_folder_get_wire_path (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  if (self->wire_path == NULL)
    self->wire_path = split_wire_name (self);

  return (const char * const *) self->wire_path;
}

const char * const *
bms_folder_get_display_path (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  /* Only a valid name comes here (see make_names_valid()), whose levels
   * the delimiter separates in the decoded name as on the wire. */
  if (self->display_path == NULL && self->depth == 1)
    {
      self->display_path = g_new0 (char *, 2);
      self->display_path[0] = g_strdup (self->display_name);
    }
  else if (self->display_path == NULL)
    {
      char delimiter[2] = { (char) self->delimiter, '\0' };

      self->display_path = g_strsplit (self->display_name, delimiter, -1);
    }

  return (const char * const *) self->display_path;
}

guint
bms_folder_get_depth (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), 0);

  return self->depth;
}

char *
bms_folder_dup_parent_wire_name (BmsFolder *self)
{
  g_return_val_if_fail (BMS_IS_FOLDER (self), NULL);

  if (self->depth < 2)
    return NULL;

  return g_strndup (self->wire_name, self->level_ends[self->depth - 2]);
}

void
bms_folder_get_levels (BmsFolder       *self,
                       BmsFolderLevels *levels)
{
  g_return_if_fail (BMS_IS_FOLDER (self));

  levels->wire_name = self->wire_name;
  levels->level_ends = self->level_ends;
  levels->depth = self->depth;
  levels->leaf_name = self->leaf_name;
}
