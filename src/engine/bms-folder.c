/* bms-folder.c: one folder (mailbox) of an IMAP server, as LIST names it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-folder-private.h"
#include "bms-mutf7.h"

/* Room in the object for a folder's names (see keep_names()): enough for
 * the names of 80 % of the benchmark's deep Japanese folders and of
 * nearly every folder of a usual server, so that a folder is nearly
 * always one allocation instead of two. In the benchmark, whose folders
 * are made again in memory that the last reading freed and that has left
 * the cache since, reading 10,000 folders took a median of 8.4 ms instead
 * of 10.0 ms (five runs interleaved with the names always allocated
 * apart, 11 readings each); a folder takes about as much memory as
 * before, 272 bytes instead of 112 and an allocation of about 150. */
#define NAMES_ROOM 160

struct _BmsFolder
{
  GObject              parent_instance;

  /* What the tree reads of every folder (bms_folder_get_levels()) comes
   * first, near the object's header, and the level ends and the wire name
   * first among the names: the folders of a long list have left the cache
   * by the time their tree is built. */
  guint32             *level_ends;      /* where each level of the wire name ends */
  char                *wire_name;
  const char          *leaf_name;       /* the last level, in display_name or display_path */
  guint                depth;
  gunichar             delimiter;

  /* The level ends, the wire name, the decoded name, the attribute vector
   * and the attributes not known by heart lie together (see keep_names()),
   * in names_room or, for a name too long for it, in an allocation of
   * their own: @level_ends is their start. */
  char                *display_name;    /* the wire name itself when decoding changes nothing;
                                         * its own allocation when the name is not valid */
  const char         **attributes;
  /* Made when first asked for; the display path at once for a name that
   * is not modified UTF-7, whose levels are made valid one by one. */
  GStrv                wire_path;
  GStrv                display_path;
  guint                delimiter_length;  /* on the wire: 2 when "&" is written "&-" */
  gboolean             name_is_valid;
  gboolean             selectable;
  BmsFolderSpecialUse  special_use;
  guint64              names_room[NAMES_ROOM / sizeof (guint64)];
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

#define KNOWN(name, special_use, unselectable) \
  { name, sizeof (name) - 1, special_use, unselectable }

/* The attributes a folder's special use and selectability depend on, and
 * those that come with nearly every folder, whose text is then shared
 * instead of copied. The special uses come first, in the order in which
 * one wins over another when a server sends two: RFC 6154's attributes
 * and the names Gmail's XLIST used for the same folders before
 * SPECIAL-USE existed. */
static const struct {
  const char          *name;
  gsize                length;
  BmsFolderSpecialUse  special_use;
  gboolean             unselectable;
} known_attributes[] = {
  /* On nearly every line of a LIST answer, so looked for first. Only the
   * order of the special uses among themselves matters (see
   * read_attributes()). */
  KNOWN ("\\HasNoChildren", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
  KNOWN ("\\HasChildren", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
  KNOWN ("\\All", BMS_FOLDER_SPECIAL_USE_ALL, FALSE),
  KNOWN ("\\AllMail", BMS_FOLDER_SPECIAL_USE_ALL, FALSE),
  KNOWN ("\\Archive", BMS_FOLDER_SPECIAL_USE_ARCHIVE, FALSE),
  KNOWN ("\\Drafts", BMS_FOLDER_SPECIAL_USE_DRAFTS, FALSE),
  KNOWN ("\\Flagged", BMS_FOLDER_SPECIAL_USE_FLAGGED, FALSE),
  KNOWN ("\\Starred", BMS_FOLDER_SPECIAL_USE_FLAGGED, FALSE),
  KNOWN ("\\Junk", BMS_FOLDER_SPECIAL_USE_JUNK, FALSE),
  KNOWN ("\\Spam", BMS_FOLDER_SPECIAL_USE_JUNK, FALSE),
  KNOWN ("\\Sent", BMS_FOLDER_SPECIAL_USE_SENT, FALSE),
  KNOWN ("\\Trash", BMS_FOLDER_SPECIAL_USE_TRASH, FALSE),
  KNOWN ("\\Important", BMS_FOLDER_SPECIAL_USE_IMPORTANT, FALSE),
  KNOWN ("\\Noselect", BMS_FOLDER_SPECIAL_USE_NONE, TRUE),
  KNOWN ("\\NonExistent", BMS_FOLDER_SPECIAL_USE_NONE, TRUE),
  KNOWN ("\\NoInferiors", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
  KNOWN ("\\Marked", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
  KNOWN ("\\Unmarked", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
  KNOWN ("\\Subscribed", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
  KNOWN ("\\Remote", BMS_FOLDER_SPECIAL_USE_NONE, FALSE),
};

#undef KNOWN

/* An attribute of a folder being made, looked up once in the table for
 * both keep_names() and read_attributes(). */
typedef struct {
  int         index;        /* in known_attributes, or -1 */
  const char *shared_text;  /* the table's text when the server wrote it so, else NULL */
} KnownAttribute;

/* Servers write attributes as the RFCs do, so that is tried first, and
 * only then, since IMAP attributes are case-insensitive ("\NoSelect" is
 * "\Noselect"), without case; the server's spelling is then kept. */
static void
find_known_attribute (const BmsFolderSlice *attribute,
                      KnownAttribute       *known)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_attributes); i++)
    {
      if (known_attributes[i].length == attribute->length &&
          memcmp (known_attributes[i].name, attribute->text, attribute->length) == 0)
        {
          known->index = i;
          known->shared_text = known_attributes[i].name;
          return;
        }
    }

  known->shared_text = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (known_attributes); i++)
    {
      if (known_attributes[i].length == attribute->length &&
          g_ascii_strncasecmp (known_attributes[i].name, attribute->text, attribute->length) == 0)
        {
          known->index = i;
          return;
        }
    }

  known->index = -1;
}

/* Selectability and special use, read once: the tree and the chooser ask
 * for them again and again. */
static void
read_attributes (BmsFolder            *self,
                 const KnownAttribute *known_ones,
                 guint                 n_attributes)
{
  int special = G_N_ELEMENTS (known_attributes);

  self->selectable = TRUE;
  for (guint i = 0; i < n_attributes; i++)
    {
      int known = known_ones[i].index;

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

/* ------------------------------------------------------------ reading a name */

/* A name is decoded and split into levels before the folder's one
 * allocation is made, into room on the stack that any usual name fits:
 * the allocation is then exactly as large as it needs to be, and nothing
 * is read twice. Counting the levels first, then finding them, and
 * decoding into an allocation of its own (freed again with the folder)
 * cost about 500 instructions a folder more in the benchmark's
 * 10,000-folder list (callgrind). */
typedef struct {
  gboolean  decodes_to_itself;  /* printable ASCII without "&": no copy needed */
  gboolean  valid;              /* modified UTF-7 as the encoder writes it */
  char     *display;            /* when decoded: display_room, or allocated */
  gsize     display_length;
  guint32  *level_ends;         /* level_end_room, or allocated for a deep name */
  guint     depth;
  guint     level_capacity;
  guint     delimiter_length;   /* on the wire: 2 when "&" is written "&-" */
  char      display_room[256];
  guint32   level_end_room[32];
} NameReading;

static void
name_reading_clear (NameReading *reading)
{
  if (reading->display != reading->display_room)
    g_free (reading->display);
  if (reading->level_ends != reading->level_end_room)
    g_free (reading->level_ends);
}

static void
grow_level_ends (NameReading *reading)
{
  guint32 *more = g_new (guint32, reading->level_capacity * 2);

  memcpy (more, reading->level_ends, reading->depth * sizeof (guint32));
  if (reading->level_ends != reading->level_end_room)
    g_free (reading->level_ends);
  reading->level_ends = more;
  reading->level_capacity *= 2;
}

static inline void
add_level_end (NameReading *reading,
               gsize        end)
{
  if (G_UNLIKELY (reading->depth == reading->level_capacity))
    grow_level_ends (reading);

  reading->level_ends[reading->depth++] = end;
}

/* Printable US-ASCII without "&" decodes to itself: most names of most
 * servers, which then need no decoding and no copy. */
static gboolean
decodes_to_itself (const BmsFolderSlice *wire_name)
{
  for (gsize i = 0; i < wire_name->length; i++)
    {
      guchar c = wire_name->text[i];

      if (c < 0x20 || c > 0x7e || c == '&')
        return FALSE;
    }

  return TRUE;
}

static void
decode_name (NameReading          *reading,
             const BmsFolderSlice *wire_name)
{
  gsize room;

  reading->decodes_to_itself = decodes_to_itself (wire_name);
  if (reading->decodes_to_itself)
    {
      reading->valid = TRUE;
      return;
    }

  room = bms_mutf7_max_decoded_length (wire_name->length) + 1;
  reading->display = room <= sizeof reading->display_room ? reading->display_room : g_malloc (room);
  reading->valid = bms_mutf7_decode_into (wire_name->text, wire_name->length,
                                          reading->display, &reading->display_length, NULL);
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
find_levels_in_mutf7 (NameReading          *reading,
                      const BmsFolderSlice *wire_name,
                      gunichar              delimiter)
{
  const char *name = wire_name->text;
  gsize length = wire_name->length;
  gboolean in_shift = FALSE;

  reading->delimiter_length = delimiter == '&' ? 2 : 1;
  for (gsize i = 0; i < length; i++)
    {
      if (in_shift)
        {
          in_shift = name[i] != '-';
          continue;
        }

      if (name[i] == '&' && i + 1 < length && name[i + 1] == '-')
        {
          if (delimiter != '&')
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
      else if ((guchar) name[i] != delimiter)
        continue;

      add_level_end (reading, i);
      i += reading->delimiter_length - 1;
    }

  add_level_end (reading, length);
}

/* Byte for byte: a name that is not modified UTF-7, a delimiter that a
 * shift cannot contain (such as "/" and "."), or one that such a name
 * cannot contain at all (anything beyond ASCII). */
static void
find_levels_plainly (NameReading          *reading,
                     const BmsFolderSlice *wire_name,
                     gunichar              delimiter)
{
  char encoded[8] = { (char) delimiter, };
  const char *p = wire_name->text;
  const char *end = wire_name->text + wire_name->length;

  if (delimiter >= 0x80)
    reading->delimiter_length = g_unichar_to_utf8 (delimiter, encoded);

  while ((p = memchr (p, encoded[0], end - p)) != NULL)
    {
      if (reading->delimiter_length == 1 ||
          ((gsize) (end - p) >= reading->delimiter_length &&
           memcmp (p, encoded, reading->delimiter_length) == 0))
        {
          add_level_end (reading, p - wire_name->text);
          p += reading->delimiter_length;
        }
      else
        p++;
    }

  add_level_end (reading, wire_name->length);
}

static void
read_name (NameReading          *reading,
           const BmsFolderSlice *wire_name,
           gunichar              delimiter)
{
  reading->display = NULL;
  reading->display_length = 0;
  reading->level_ends = reading->level_end_room;
  reading->level_capacity = G_N_ELEMENTS (reading->level_end_room);
  reading->depth = 0;
  reading->delimiter_length = 1;

  decode_name (reading, wire_name);

  if (delimiter == 0)
    add_level_end (reading, wire_name->length);
  else if (reading->valid && !reading->decodes_to_itself && may_stand_in_shift (delimiter))
    find_levels_in_mutf7 (reading, wire_name, delimiter);
  else
    find_levels_plainly (reading, wire_name, delimiter);
}

/* ------------------------------------------------------------ making a folder */

/* The level ends, the wire name and the decoded name (unless it is the
 * wire name itself), in the order the tree reads them, then the attribute
 * vector and the attributes not known by heart, together: in the object's
 * room when they fit, else in one allocation. */
static void
keep_names (BmsFolder            *self,
            const BmsFolderSlice *wire_name,
            const NameReading    *reading,
            const BmsFolderSlice *attributes,
            const KnownAttribute *known,
            guint                 n_attributes)
{
  gboolean keep_display = reading->valid && !reading->decodes_to_itself;
  gsize names_size = reading->depth * sizeof (guint32) + wire_name->length + 1 +
                     (keep_display ? reading->display_length + 1 : 0);
  gsize vector_start = (names_size + sizeof (char *) - 1) / sizeof (char *) * sizeof (char *);
  gsize size = vector_start + (n_attributes + 1) * sizeof (char *);
  char *block;
  char *text;

  for (guint i = 0; i < n_attributes; i++)
    {
      if (known[i].shared_text == NULL)
        size += attributes[i].length + 1;
    }

  block = size <= sizeof self->names_room ? (char *) self->names_room : g_malloc (size);
  self->level_ends = (guint32 *) block;
  memcpy (self->level_ends, reading->level_ends, reading->depth * sizeof (guint32));
  self->depth = reading->depth;
  self->delimiter_length = reading->delimiter_length;

  self->wire_name = (char *) (self->level_ends + reading->depth);
  memcpy (self->wire_name, wire_name->text, wire_name->length);
  self->wire_name[wire_name->length] = '\0';

  if (keep_display)
    {
      self->display_name = self->wire_name + wire_name->length + 1;
      memcpy (self->display_name, reading->display, reading->display_length + 1);
    }

  self->attributes = (const char **) (block + vector_start);
  text = (char *) (self->attributes + n_attributes + 1);
  for (guint i = 0; i < n_attributes; i++)
    {
      if (known[i].shared_text != NULL)
        {
          self->attributes[i] = known[i].shared_text;
          continue;
        }

      memcpy (text, attributes[i].text, attributes[i].length);
      text[attributes[i].length] = '\0';
      self->attributes[i] = text;
      text += attributes[i].length + 1;
    }
  self->attributes[n_attributes] = NULL;
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

/* Where the last level begins in the decoded name @display of a valid
 * name: each "&" and each base64 character of the wire name is inside a
 * shift or stands for itself, and a shift never encodes a printable ASCII
 * character, so an ASCII delimiter occurs in the decoded name exactly
 * where it split the wire name. A delimiter that is not printable, or not
 * ASCII, cannot split a valid name at all. Looked for from the end (the
 * last level is short, the whole name is not: strrchr() read all of it),
 * and in the name as it was read, not in the folder's copy just written:
 * reading bytes that a wide copy has just stored makes the processor wait
 * for the store. Finding the leaf took about 2 % of the time of reading
 * the benchmark's 10,000 folders, now about 1 % (perf). */
static gsize
find_leaf_offset (const char *display,
                  gsize       length,
                  guint       depth,
                  gunichar    delimiter)
{
  gsize offset = length;

  if (depth == 1)
    return 0;

  while (offset > 0 && display[offset - 1] != (char) delimiter)
    offset--;
  g_assert (offset > 0);
  return offset;
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

BmsFolder *
bms_folder_new_from_slices (const BmsFolderSlice *wire_name,
                            gunichar              delimiter,
                            const BmsFolderSlice *attributes,
                            guint                 n_attributes)
{
  BmsFolder *self;
  KnownAttribute known_on_stack[8];
  g_autofree KnownAttribute *known_on_heap = NULL;
  KnownAttribute *known;
  NameReading reading;

  g_return_val_if_fail (wire_name != NULL, NULL);
  g_return_val_if_fail (memchr (wire_name->text, '\0', wire_name->length) == NULL, NULL);

  self = g_object_new (BMS_TYPE_FOLDER, NULL);
  self->delimiter = delimiter;
  /* A LIST line has two or three attributes. */
  known = n_attributes <= G_N_ELEMENTS (known_on_stack)
          ? known_on_stack : (known_on_heap = g_new (KnownAttribute, n_attributes));
  for (guint i = 0; i < n_attributes; i++)
    find_known_attribute (&attributes[i], &known[i]);
  read_attributes (self, known, n_attributes);

  read_name (&reading, wire_name, delimiter);
  keep_names (self, wire_name, &reading, attributes, known, n_attributes);
  self->name_is_valid = reading.valid;

  if (!reading.valid)
    make_names_valid (self);
  else if (reading.decodes_to_itself)
    {
      self->display_name = self->wire_name;
      self->leaf_name = self->display_name +
                        find_leaf_offset (wire_name->text, wire_name->length, self->depth, delimiter);
    }
  else
    self->leaf_name = self->display_name +
                      find_leaf_offset (reading.display, reading.display_length, self->depth, delimiter);

  name_reading_clear (&reading);
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

  if (!self->name_is_valid)
    g_free (self->display_name);
  if (self->level_ends != (guint32 *) self->names_room)
    g_free (self->level_ends);  /* and the other names and the attributes */
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
