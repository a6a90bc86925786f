/* test-imap-list.c: the LIST parser, every form a server writes, and worse
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "bms-folder.h"
#include "bms-imap-list.h"
#include "bms-mutf7.h"

/* One response and the one folder it must give. The attributes are the
 * expected ones joined by "|". */
typedef struct {
  const char          *test_name;
  const char          *response;
  gsize                length;       /* 0: strlen (response) */
  const char          *wire_name;
  const char          *display_name;
  gboolean             name_is_valid;
  gunichar             delimiter;
  const char          *attributes;
  gboolean             selectable;
  BmsFolderSpecialUse  special_use;
} GoodCase;

static const GoodCase good_cases[] = {
  /* Dovecot, names as atoms (from a real Dovecot 2.3.19 with Gmail's folders). */
  { "dovecot-inbox", "* LIST (\\HasNoChildren) \"/\" INBOX\r\n", 0,
    "INBOX", "INBOX", TRUE, '/', "\\HasNoChildren", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "dovecot-gmail-parent", "* LIST (\\Noselect \\HasChildren) \"/\" [Gmail]\r\n", 0,
    "[Gmail]", "[Gmail]", TRUE, '/', "\\Noselect|\\HasChildren", FALSE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "dovecot-sent", "* LIST (\\HasNoChildren \\Sent) \"/\" [Gmail]/&kAFP4W4IMH8w4TD8MOs-\r\n", 0,
    "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", "[Gmail]/送信済みメール", TRUE, '/',
    "\\HasNoChildren|\\Sent", TRUE, BMS_FOLDER_SPECIAL_USE_SENT },
  { "dovecot-drafts-plus", "* LIST (\\HasNoChildren \\Drafts) \"/\" [Gmail]/&Tgtm+DBN-\r\n", 0,
    "[Gmail]/&Tgtm+DBN-", "[Gmail]/下書き", TRUE, '/', "\\HasNoChildren|\\Drafts", TRUE,
    BMS_FOLDER_SPECIAL_USE_DRAFTS },
  { "dovecot-junk-comma", "* LIST (\\HasNoChildren \\Junk) \"/\" [Gmail]/&j,dg0TDhMPww6w-\r\n", 0,
    "[Gmail]/&j,dg0TDhMPww6w-", "[Gmail]/迷惑メール", TRUE, '/', "\\HasNoChildren|\\Junk", TRUE,
    BMS_FOLDER_SPECIAL_USE_JUNK },
  { "dovecot-all", "* LIST (\\HasNoChildren \\All) \"/\" [Gmail]/&MFkweTBmMG4w4TD8MOs-\r\n", 0,
    "[Gmail]/&MFkweTBmMG4w4TD8MOs-", "[Gmail]/すべてのメール", TRUE, '/', "\\HasNoChildren|\\All", TRUE,
    BMS_FOLDER_SPECIAL_USE_ALL },
  { "dovecot-trash", "* LIST (\\HasNoChildren \\Trash) \"/\" [Gmail]/&MLQw33ux-\r\n", 0,
    "[Gmail]/&MLQw33ux-", "[Gmail]/ゴミ箱", TRUE, '/', "\\HasNoChildren|\\Trash", TRUE,
    BMS_FOLDER_SPECIAL_USE_TRASH },
  { "dovecot-flagged", "* LIST (\\HasNoChildren \\Flagged) \"/\" [Gmail]/&MLkwvzD8TtgwTQ-\r\n", 0,
    "[Gmail]/&MLkwvzD8TtgwTQ-", "[Gmail]/スター付き", TRUE, '/', "\\HasNoChildren|\\Flagged", TRUE,
    BMS_FOLDER_SPECIAL_USE_FLAGGED },
  { "dovecot-important", "* LIST (\\HasNoChildren \\Important) \"/\" [Gmail]/&kc2JgQ-\r\n", 0,
    "[Gmail]/&kc2JgQ-", "[Gmail]/重要", TRUE, '/', "\\HasNoChildren|\\Important", TRUE,
    BMS_FOLDER_SPECIAL_USE_IMPORTANT },
  { "dovecot-ampersand", "* LIST (\\HasNoChildren) \"/\" R&-D\r\n", 0,
    "R&-D", "R&D", TRUE, '/', "\\HasNoChildren", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  /* Gmail, names quoted. */
  { "gmail-sent", "* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/&kAFP4W4IMH8w4TD8MOs-\"\r\n", 0,
    "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", "[Gmail]/送信済みメール", TRUE, '/',
    "\\HasNoChildren|\\Sent", TRUE, BMS_FOLDER_SPECIAL_USE_SENT },
  { "gmail-inbox", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n", 0,
    "INBOX", "INBOX", TRUE, '/', "\\HasNoChildren", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "gmail-parent", "* LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"\r\n", 0,
    "[Gmail]", "[Gmail]", TRUE, '/', "\\HasChildren|\\Noselect", FALSE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "quoted-space", "* LIST () \"/\" \"My Folder\"\r\n", 0,
    "My Folder", "My Folder", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "quoted-escapes", "* LIST () \"/\" \"a\\\"b\\\\c\"\r\n", 0,
    "a\"b\\c", "a\"b\\c", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "quoted-empty-attributes-spaces", "* LIST ( ) \"/\" \"x\"\r\n", 0,
    "x", "x", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  /* Delimiters. */
  { "nil-delimiter", "* LIST (\\HasNoChildren) NIL \"a/b\"\r\n", 0,
    "a/b", "a/b", TRUE, 0, "\\HasNoChildren", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "nil-lowercase", "* LIST () nil x\r\n", 0,
    "x", "x", TRUE, 0, "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "dot-delimiter", "* LIST () \".\" INBOX.Sent\r\n", 0,
    "INBOX.Sent", "INBOX.Sent", TRUE, '.', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "escaped-backslash-delimiter-quoted", "* LIST () \"\\\\\" \"a\\\\b\"\r\n", 0,
    "a\\b", "a\\b", TRUE, '\\', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "escaped-quote-delimiter", "* LIST () \"\\\"\" x\r\n", 0,
    "x", "x", TRUE, '"', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  /* Literals. */
  { "literal", "* LIST (\\HasNoChildren) \"/\" {9}\r\nMy Folder\r\n", 0,
    "My Folder", "My Folder", TRUE, '/', "\\HasNoChildren", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "literal-quotes-and-specials", "* LIST () \"/\" {11}\r\na \"b\" (c) *\r\n", 0,
    "a \"b\" (c) *", "a \"b\" (c) *", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "literal-crlf-inside", "* LIST () \"/\" {4}\r\na\r\nb\r\n", 0,
    "a\r\nb", "a\r\nb", FALSE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "literal-lf-only", "* LIST () \"/\" {3}\nabc\n", 0,
    "abc", "abc", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "literal-japanese-mutf7", "* LIST (\\Sent) \"/\" {29}\r\n[Gmail]/&kAFP4W4IMH8w4TD8MOs-\r\n", 0,
    "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", "[Gmail]/送信済みメール", TRUE, '/', "\\Sent", TRUE,
    BMS_FOLDER_SPECIAL_USE_SENT },
  { "literal-empty", "* LIST (\\Noselect) \"/\" {0}\r\n\r\n", 0,
    "", "", TRUE, '/', "\\Noselect", FALSE, BMS_FOLDER_SPECIAL_USE_NONE },
  /* Attributes. */
  { "unknown-attributes-kept", "* LIST (\\HasNoChildren \\X-Whatever $Custom \\Subscribed) \"/\" x\r\n", 0,
    "x", "x", TRUE, '/', "\\HasNoChildren|\\X-Whatever|$Custom|\\Subscribed", TRUE,
    BMS_FOLDER_SPECIAL_USE_NONE },
  { "attribute-case", "* LIST (\\NOSELECT \\sent) \"/\" x\r\n", 0,
    "x", "x", TRUE, '/', "\\NOSELECT|\\sent", FALSE, BMS_FOLDER_SPECIAL_USE_SENT },
  { "nonexistent", "* LIST (\\NonExistent) \"/\" gone\r\n", 0,
    "gone", "gone", TRUE, '/', "\\NonExistent", FALSE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "archive", "* LIST (\\Archive) \"/\" Archive\r\n", 0,
    "Archive", "Archive", TRUE, '/', "\\Archive", TRUE, BMS_FOLDER_SPECIAL_USE_ARCHIVE },
  /* Other verbs and forms. */
  { "lsub", "* LSUB () \"/\" INBOX\r\n", 0,
    "INBOX", "INBOX", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "xlist-gmail", "* XLIST (\\HasNoChildren \\AllMail) \"/\" \"[Gmail]/All Mail\"\r\n", 0,
    "[Gmail]/All Mail", "[Gmail]/All Mail", TRUE, '/', "\\HasNoChildren|\\AllMail", TRUE,
    BMS_FOLDER_SPECIAL_USE_ALL },
  { "xlist-spam", "* XLIST (\\Spam) \"/\" \"[Gmail]/Spam\"\r\n", 0,
    "[Gmail]/Spam", "[Gmail]/Spam", TRUE, '/', "\\Spam", TRUE, BMS_FOLDER_SPECIAL_USE_JUNK },
  { "lowercase-verb", "* list () \"/\" x\r\n", 0,
    "x", "x", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "extended-data", "* LIST (\\Subscribed) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n", 0,
    "Foo", "Foo", TRUE, '/', "\\Subscribed", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "extended-oldname", "* LIST () \"/\" \"New\" (\"OLDNAME\" (\"Old\"))\r\n", 0,
    "New", "New", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "extra-spaces", "* LIST  (\\Sent)  \"/\"  x  \r\n", 0,
    "x", "x", TRUE, '/', "\\Sent", TRUE, BMS_FOLDER_SPECIAL_USE_SENT },
  { "no-line-end", "* LIST () \"/\" x", 0,
    "x", "x", TRUE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  /* Names that are not valid modified UTF-7: kept, shown as they came. */
  { "invalid-mutf7-lone-ampersand", "* LIST () \"/\" \"R&D\"\r\n", 0,
    "R&D", "R&D", FALSE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "invalid-mutf7-raw-utf8", "* LIST () \"/\" \"送信済み\"\r\n", 0,
    "送信済み", "送信済み", FALSE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
  { "invalid-8bit-atom", "* LIST () \"/\" a\xff\xfe\r\n", 0,
    "a\xff\xfe", "a\xef\xbf\xbd\xef\xbf\xbd", FALSE, '/', "", TRUE, BMS_FOLDER_SPECIAL_USE_NONE },
};

static void
test_good_case (gconstpointer data)
{
  const GoodCase *c = data;
  gsize length = c->length != 0 ? c->length : strlen (c->response);
  g_autoptr(BmsFolder) folder = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *attributes = NULL;
  BmsImapListResponse result;

  result = bms_imap_list_parse_response (c->response, length, &folder, &problem);

  g_assert_cmpstr (problem, ==, NULL);
  g_assert_cmpint (result, ==, BMS_IMAP_LIST_RESPONSE_FOLDER);
  g_assert_nonnull (folder);
  g_assert_cmpstr (bms_folder_get_wire_name (folder), ==, c->wire_name);
  g_assert_cmpstr (bms_folder_get_display_name (folder), ==, c->display_name);
  g_assert_cmpint (bms_folder_get_name_is_valid (folder), ==, c->name_is_valid);
  g_assert_cmpuint (bms_folder_get_delimiter (folder), ==, c->delimiter);
  attributes = g_strjoinv ("|", (char **) bms_folder_get_attributes (folder));
  g_assert_cmpstr (attributes, ==, c->attributes);
  g_assert_cmpint (bms_folder_is_selectable (folder), ==, c->selectable);
  g_assert_cmpint (bms_folder_get_special_use (folder), ==, c->special_use);
  g_assert_true (g_utf8_validate (bms_folder_get_display_name (folder), -1, NULL));
}

/* Responses that are not folders and are no problem either. */
static const char * const other_responses[] = {
  "A0003 OK List completed (0.001 + 0.000 secs).\r\n",
  "a1 NO [CANNOT] whatever\r\n",
  "A2 BAD Error in IMAP command\r\n",
  "* OK [ALERT] hello\r\n",
  "* CAPABILITY IMAP4rev1 LITERAL+\r\n",
  "* BYE Logging out\r\n",
  "* 3 EXISTS\r\n",
  "+ go ahead\r\n",
  "+\r\n",
};

static void
test_other_responses (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (other_responses); i++)
    {
      g_autoptr(BmsFolder) folder = NULL;
      g_autofree char *problem = NULL;
      const char *response = other_responses[i];

      g_test_message ("response: %s", response);
      g_assert_cmpint (bms_imap_list_parse_response (response, strlen (response), &folder, &problem),
                       ==, BMS_IMAP_LIST_RESPONSE_OTHER);
      g_assert_null (folder);
      g_assert_null (problem);
    }
}

typedef struct {
  const char *test_name;
  const char *response;
  gsize       length;         /* 0: strlen (response) */
  const char *reason;         /* the start of the problem's sentence */
} BadCase;

/* A response with a NUL inside, and its true length. */
#define WITH_NUL(text) text, sizeof (text) - 1

static const BadCase bad_cases[] = {
  { "missing-open-paren", "* LIST \\HasNoChildren) \"/\" x\r\n", 0, "missing attribute list" },
  { "missing-close-paren", "* LIST (\\HasNoChildren \"/\" x\r\n", 0, "bad attribute" },
  { "unterminated-attributes", "* LIST (\\HasNoChildren", 0, "unterminated attribute list" },
  { "bad-attribute", "* LIST (\\) \"/\" x\r\n", 0, "bad attribute" },
  { "unterminated-quote", "* LIST () \"/\" \"abc\r\n", 0, "unterminated quoted string" },
  { "unterminated-quote-escape-at-end", "* LIST () \"/\" \"abc\\", 0, "unterminated quoted string" },
  { "bad-escape", "* LIST () \"/\" \"a\\nb\"\r\n", 0, "bad escape in a quoted string" },
  { "bad-delimiter-two-chars", "* LIST () \"//\" x\r\n", 0, "bad delimiter" },
  { "bad-delimiter-empty", "* LIST () \"\" x\r\n", 0, "bad delimiter" },
  { "bad-delimiter-atom", "* LIST () / x\r\n", 0, "bad delimiter" },
  { "missing-name", "* LIST () \"/\"\r\n", 0, "missing space" },
  { "missing-name-after-space", "* LIST () \"/\" \r\n", 0, "missing name" },
  { "name-with-percent", "* LIST () \"/\" %\r\n", 0, "bad character in name" },
  { "name-with-paren", "* LIST () \"/\" (x)\r\n", 0, "bad character in name" },
  { "name-with-backslash-atom", "* LIST () \"\\\\\" a\\b\r\n", 0, "unexpected text after the name" },
  { "text-after-name", "* LIST () \"/\" a b\r\n", 0, "unexpected text after the name" },
  { "literal-not-a-number", "* LIST () \"/\" {abc}\r\nabc\r\n", 0, "bad literal" },
  { "literal-empty-braces", "* LIST () \"/\" {}\r\n", 0, "bad literal" },
  { "literal-not-at-line-end", "* LIST () \"/\" {3} abc\r\n", 0, "bad literal" },
  { "literal-too-long", "* LIST () \"/\" {99999999999999999999999}\r\nabc\r\n", 0, "literal too long" },
  { "literal-truncated", "* LIST () \"/\" {10}\r\nabc\r\n", 0, "truncated literal" },
  { "literal-with-nul", WITH_NUL ("* LIST () \"/\" {3}\r\na\0b\r\n"), "NUL in name" },
  { "quoted-with-nul", WITH_NUL ("* LIST () \"/\" \"a\0b\"\r\n"), "line break or NUL in a quoted string" },
  { "unterminated-extended", "* LIST () \"/\" x (\"CHILDINFO\"\r\n", 0, "unterminated extended data" },
  { "list-alone", "* LIST\r\n", 0, "missing space" },
  { "garbage", "hello world\r\n", 0, "not an IMAP response" },
  { "garbage-binary", "\x01\x02\x03\r\n", 0, "not an IMAP response" },
  { "star-without-space", "*LIST () \"/\" x\r\n", 0, "not an IMAP response" },
  { "empty-line", "\r\n", 0, "empty line" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *c = data;
  gsize length = c->length != 0 ? c->length : strlen (c->response);
  g_autoptr(BmsFolder) folder = NULL;
  g_autofree char *problem = NULL;

  g_assert_cmpint (bms_imap_list_parse_response (c->response, length, &folder, &problem),
                   ==, BMS_IMAP_LIST_RESPONSE_MALFORMED);
  g_assert_null (folder);
  g_assert_nonnull (problem);
  g_test_message ("problem: %s", problem);
  g_assert_true (g_str_has_prefix (problem, c->reason));
  g_assert_true (g_utf8_validate (problem, -1, NULL));
}

/* Paths split at the delimiter, never inside a modified UTF-7 shift. */
typedef struct {
  const char *test_name;
  const char *wire_name;
  gunichar    delimiter;
  const char *wire_path;      /* levels joined by "|" */
  const char *display_path;
  const char *parent;         /* NULL at the top */
} PathCase;

static const PathCase path_cases[] = {
  { "top", "INBOX", '/', "INBOX", "INBOX", NULL },
  { "gmail-sent", "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", '/', "[Gmail]|&kAFP4W4IMH8w4TD8MOs-",
    "[Gmail]|送信済みメール", "[Gmail]" },
  { "three-levels", "a/&ZeVnLIqe-/c", '/', "a|&ZeVnLIqe-|c", "a|日本語|c", "a/&ZeVnLIqe-" },
  { "nil", "a/b", 0, "a/b", "a/b", NULL },
  { "dot", "INBOX.Sent.2026", '.', "INBOX|Sent|2026", "INBOX|Sent|2026", "INBOX.Sent" },
  { "empty-levels", "a//b", '/', "a||b", "a||b", "a/" },
  { "leading-delimiter", "/a", '/', "|a", "|a", "" },
  /* "+" as delimiter: the "+" inside the shift of 下書き is base64, not a level. */
  { "plus-delimiter-inside-shift", "x+&Tgtm+DBN-", '+', "x|&Tgtm+DBN-", "x|下書き", "x" },
  { "comma-delimiter-inside-shift", "&j,dg0TDhMPww6w-,y", ',', "&j,dg0TDhMPww6w-|y", "迷惑メール|y",
    "&j,dg0TDhMPww6w-" },
  { "ampersand-literal-not-a-level", "R&-D/x", '/', "R&-D|x", "R&D|x", "R&-D" },
  { "ampersand-delimiter", "a&-b", '&', "a|b", "a|b", "a" },
  { "invalid-name", "R&D/x", '/', "R&D|x", "R&D|x", "R&D" },
  { "non-ascii-delimiter", "a・b", 0x30fb /* ・ */, "a|b", "a|b", "a" },
  { "dash-delimiter-after-shift", "&ZeVnLIqe--x", '-', "&ZeVnLIqe-|x", "日本語|x", "&ZeVnLIqe-" },
  { "invalid-name-non-ascii-delimiter", "R&D・x", 0x30fb /* ・ */, "R&D|x", "R&D|x", "R&D" },
};

static void
test_path_case (gconstpointer data)
{
  const PathCase *c = data;
  g_autoptr(BmsFolder) folder = bms_folder_new (c->wire_name, c->delimiter, NULL);
  g_autofree char *wire_path = g_strjoinv ("|", (char **) bms_folder_get_wire_path (folder));
  g_autofree char *display_path = g_strjoinv ("|", (char **) bms_folder_get_display_path (folder));
  g_autofree char *parent = bms_folder_dup_parent_wire_name (folder);

  g_assert_cmpstr (wire_path, ==, c->wire_path);
  g_assert_cmpstr (display_path, ==, c->display_path);
  g_assert_cmpstr (parent, ==, c->parent);
  g_assert_cmpuint (bms_folder_get_depth (folder), ==,
                    g_strv_length ((char **) bms_folder_get_wire_path (folder)));
}

static void
test_folder_properties (void)
{
  const char * const attributes[] = { "\\HasNoChildren", "\\Sent", NULL };
  g_autoptr(BmsFolder) folder = bms_folder_new ("[Gmail]/&kAFP4W4IMH8w4TD8MOs-", '/', attributes);
  g_autofree char *wire_name = NULL;
  g_autofree char *display_name = NULL;
  g_auto(GStrv) attrs = NULL;
  gboolean selectable = FALSE;
  gboolean valid = FALSE;
  guint delimiter = 0;
  BmsFolderSpecialUse special_use = BMS_FOLDER_SPECIAL_USE_NONE;

  g_object_get (folder,
                "wire-name", &wire_name,
                "display-name", &display_name,
                "attributes", &attrs,
                "selectable", &selectable,
                "name-is-valid", &valid,
                "delimiter", &delimiter,
                "special-use", &special_use,
                NULL);
  g_assert_cmpstr (wire_name, ==, "[Gmail]/&kAFP4W4IMH8w4TD8MOs-");
  g_assert_cmpstr (display_name, ==, "[Gmail]/送信済みメール");
  g_assert_cmpuint (g_strv_length (attrs), ==, 2);
  g_assert_true (selectable);
  g_assert_true (valid);
  g_assert_cmpuint (delimiter, ==, '/');
  g_assert_cmpint (special_use, ==, BMS_FOLDER_SPECIAL_USE_SENT);
  g_assert_true (bms_folder_has_attribute (folder, "\\hasnochildren"));
  g_assert_false (bms_folder_has_attribute (folder, "\\HasChildren"));
}

/* Names far beyond the usual: 100 levels (the level ends grow more than
 * once), one level of 300 kanji, and that one made invalid. */
static void
test_deep_and_long_names (void)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  g_autoptr(GString) display = g_string_new (NULL);
  g_autoptr(BmsFolder) deep = NULL;
  g_autoptr(BmsFolder) long_one = NULL;
  g_autoptr(BmsFolder) long_invalid = NULL;
  g_autofree char *parent = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_string_append (wire, i == 0 ? "&ZeVnLIqe-" : "/&ZeVnLIqe-");
      g_string_append (display, i == 0 ? "日本語" : "/日本語");
    }
  deep = bms_folder_new (wire->str, '/', NULL);
  g_assert_true (bms_folder_get_name_is_valid (deep));
  g_assert_cmpuint (bms_folder_get_depth (deep), ==, 100);
  g_assert_cmpuint (g_strv_length ((char **) bms_folder_get_display_path (deep)), ==, 100);
  g_assert_cmpstr (bms_folder_get_display_name (deep), ==, display->str);
  parent = bms_folder_dup_parent_wire_name (deep);
  g_assert_cmpuint (strlen (parent), ==, wire->len - strlen ("/&ZeVnLIqe-"));

  /* One level of 300 kanji. */
  g_string_truncate (wire, 0);
  g_string_truncate (display, 0);
  g_string_append_c (wire, '&');
  for (guint i = 0; i < 100; i++)
    {
      g_string_append (wire, "ZeVnLIqe");
      g_string_append (display, "日本語");
    }
  g_string_append_c (wire, '-');
  long_one = bms_folder_new (wire->str, '/', NULL);
  g_assert_true (bms_folder_get_name_is_valid (long_one));
  g_assert_cmpstr (bms_folder_get_display_name (long_one), ==, display->str);

  g_string_append (wire, "&");
  long_invalid = bms_folder_new (wire->str, '/', NULL);
  g_assert_false (bms_folder_get_name_is_valid (long_invalid));
  g_assert_cmpstr (bms_folder_get_display_name (long_invalid), ==, wire->str);
}

/* A whole answer, as Dovecot gave it for the test servers' Gmail folders,
 * with a broken line of each kind in between: the good ones all come
 * through, in order, and each bad one is reported once with its line. */
static void
test_whole_answer (void)
{
  static const char answer[] =
    "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"                          /* 1 */
    "* LIST (\\Noselect \\HasChildren) \"/\" [Gmail]\r\n"               /* 2 */
    "* LIST (\\HasNoChildren \\Sent) \"/\" [Gmail]/&kAFP4W4IMH8w4TD8MOs-\r\n"
    "* LIST (\\HasNoChildren \"/\" broken-paren\r\n"                   /* 4 */
    "* LIST () \"/\" \"unterminated\r\n"                                /* 5 */
    "* LIST () \"/\" {9}\r\nMy Folder\r\n"                              /* 6, 7 */
    "garbage line\r\n"                                                  /* 8 */
    "* LIST () \"/\" {999999}\r\n"                                      /* 9: too long */
    "* LIST (\\HasNoChildren \\Important) \"/\" \"[Gmail]/&kc2JgQ-\"\r\n" /* 10 */
    "A0002 OK List completed.\r\n";                                     /* 11 */
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) folders = bms_imap_list_parse (answer, strlen (answer), &problems);
  static const char * const expected_names[] = {
    "INBOX", "[Gmail]", "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", "My Folder", "[Gmail]/&kc2JgQ-",
  };
  static const char * const expected_problems[] = {
    "line 4: bad attribute", "line 5: unterminated quoted string",
    "line 8: not an IMAP response", "line 9: literal too long",
  };

  g_assert_cmpuint (folders->len, ==, G_N_ELEMENTS (expected_names));
  for (guint i = 0; i < folders->len; i++)
    g_assert_cmpstr (bms_folder_get_wire_name (folders->pdata[i]), ==, expected_names[i]);

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected_problems));
  for (guint i = 0; i < problems->len; i++)
    {
      g_test_message ("%s", (char *) problems->pdata[i]);
      g_assert_true (g_str_has_prefix (problems->pdata[i], expected_problems[i]));
    }
}

/* A literal cut off by the end of the data: what came before it stays. */
static void
test_truncated_answer (void)
{
  static const char answer[] =
    "* LIST () \"/\" INBOX\r\n"
    "* LIST () \"/\" {20}\r\nshort\r\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) folders = bms_imap_list_parse (answer, strlen (answer), &problems);

  g_assert_cmpuint (folders->len, ==, 1);
  g_assert_cmpstr (bms_folder_get_wire_name (folders->pdata[0]), ==, "INBOX");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "line 2: truncated literal"));
}

/* A literal that announces more octets than the name has swallows the next
 * line: IMAP has no way to tell, so the response is one broken response,
 * and the parser is in step again after it. */
static void
test_wrong_literal_length (void)
{
  static const char answer[] =
    "* LIST () \"/\" {5}\r\nabc\r\n"
    "* LIST () \"/\" eaten\r\n"
    "* LIST () \"/\" after\r\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) folders = bms_imap_list_parse (answer, strlen (answer), &problems);

  g_assert_cmpuint (folders->len, ==, 1);
  g_assert_cmpstr (bms_folder_get_wire_name (folders->pdata[0]), ==, "after");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "line 1: unexpected text after the name"));
}

static void
test_empty_answer (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) folders = bms_imap_list_parse ("", 0, &problems);

  g_assert_cmpuint (folders->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Japanese level names, cycled so that each level differs. */
static const char * const big_levels[] = {
  "営業部", "送信済みメール", "顧客", "2026年", "案件", "東京", "見積書", "議事録", "Project", "R&D",
};

/* 10,000 folders, the deepest 8 levels down, mixing atoms, quoted strings
 * and literals the way different servers would. */
static void
test_big_answer (void)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GPtrArray) expected_wire = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected_display = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  guint max_depth = 0;
  gint64 start;

  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(GString) display = g_string_new (NULL);
      g_autofree char *wire = NULL;
      guint depth = 1 + i % 8;

      for (guint level = 0; level < depth; level++)
        {
          if (level > 0)
            g_string_append_c (display, '/');
          g_string_append_printf (display, "%s%u", big_levels[(i + level) % G_N_ELEMENTS (big_levels)],
                                  (i / 8 + level) % 100);
        }
      wire = bms_mutf7_encode (display->str, NULL);
      g_assert_nonnull (wire);

      switch (i % 3)
        {
        case 0:
          g_string_append_printf (answer, "* LIST (\\HasNoChildren) \"/\" %s\r\n", wire);
          break;
        case 1:
          g_string_append_printf (answer, "* LIST (\\HasChildren \\X-Unknown) \"/\" \"%s\"\r\n", wire);
          break;
        default:
          g_string_append_printf (answer, "* LIST () \"/\" {%zu}\r\n%s\r\n", strlen (wire), wire);
        }

      g_ptr_array_add (expected_wire, g_steal_pointer (&wire));
      g_ptr_array_add (expected_display, g_string_free (g_steal_pointer (&display), FALSE));
    }
  g_string_append (answer, "A0003 OK List completed.\r\n");

  start = g_get_monotonic_time ();
  folders = bms_imap_list_parse (answer->str, answer->len, &problems);
  g_test_message ("parsed %u folders (%zu bytes) in %.1f ms", folders->len, answer->len,
                  (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (folders->len, ==, 10000);
  for (guint i = 0; i < folders->len; i++)
    {
      BmsFolder *folder = folders->pdata[i];

      g_assert_cmpstr (bms_folder_get_wire_name (folder), ==, expected_wire->pdata[i]);
      g_assert_cmpstr (bms_folder_get_display_name (folder), ==, expected_display->pdata[i]);
      g_assert_true (bms_folder_get_name_is_valid (folder));
      max_depth = MAX (max_depth, bms_folder_get_depth (folder));
    }
  g_assert_cmpuint (max_depth, ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap-list/good/%s", good_cases[i].test_name);
      g_test_add_data_func (path, &good_cases[i], test_good_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap-list/bad/%s", bad_cases[i].test_name);
      g_test_add_data_func (path, &bad_cases[i], test_bad_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (path_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap-list/path/%s", path_cases[i].test_name);
      g_test_add_data_func (path, &path_cases[i], test_path_case);
    }
  g_test_add_func ("/imap-list/other-responses", test_other_responses);
  g_test_add_func ("/imap-list/folder-properties", test_folder_properties);
  g_test_add_func ("/imap-list/whole-answer", test_whole_answer);
  g_test_add_func ("/imap-list/truncated-answer", test_truncated_answer);
  g_test_add_func ("/imap-list/wrong-literal-length", test_wrong_literal_length);
  g_test_add_func ("/imap-list/empty-answer", test_empty_answer);
  g_test_add_func ("/imap-list/big-answer", test_big_answer);
  g_test_add_func ("/imap-list/deep-and-long-names", test_deep_and_long_names);

  return g_test_run ();
}
