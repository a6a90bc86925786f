/* bms-validate.c: the rules every value of the BizMagic form must follow.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Decisions the header leaves open, made here once for every caller:
 *
 * - E-mail addresses: the local part is an RFC 5322 dot-atom. UTF-8 letters
 *   are allowed in it (RFC 6531), so 社員@会社.jp is accepted, but the
 *   full-width forms of ASCII (ｔａｒｏ, ＠, ．) are refused: on a Japanese
 *   desktop they are nearly always the input method left in full-width mode,
 *   and BizMagic would store them as typed. Quoted local parts and IP
 *   literals ([192.0.2.1]) are refused; nobody sets up Gmail with them.
 *   Lengths are counted in bytes as typed: local part ≤ 64, whole address
 *   ≤ 254 (an address too long overall is reported as BAD_DOMAIN, because
 *   with a local part of at most 64 bytes the domain is what is too long).
 * - Host names: IDN is allowed, but dots must be ASCII dots, for the same
 *   reason as above. An IPv6 address is typed without brackets.
 * - Ports: decimal digits only. Leading zeros are accepted ("0587" is 587,
 *   never octal), because the value, not the text, is what gets stored.
 * - App passwords: every kind of white space is removed first. A wrong
 *   number of characters is reported before wrong characters, so someone
 *   who pasted their ordinary Google password learns that it is not an app
 *   password at all.
 * - Required fields: a value of nothing but white space counts as empty,
 *   passwords included; a password may still begin or end with a space.
 * - Text that is not valid UTF-8 is reported as LINE_BREAK, the code for
 *   characters that cannot be part of a one-line value.
 * - No message ever contains what was typed into a password field.
 * - The rules judge the text as it stands; bms_normalize_input() is what
 *   the form applies to each piece of typed or pasted text first, so that
 *   full-width input and the line break of a copied line never reach them.
 *   The rules still refuse full-width text that arrives another way.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bms-validate.h"

/* RFC 5321 §4.5.3.1 and RFC 1035 §2.3.4. */
#define MAX_LOCAL_PART_LENGTH  64
#define MAX_ADDRESS_LENGTH     254
#define MAX_HOST_NAME_LENGTH   253
#define MAX_LABEL_LENGTH       63
#define MAX_PORT               65535
#define APP_PASSWORD_LENGTH    16

/* RFC 5322 §3.2.3: the printable ASCII characters an atom may hold besides
 * letters and digits. */
#define ATEXT_SYMBOLS "!#$%&'*+-/=?^_`{|}~"

G_DEFINE_QUARK (bms-validate-error-quark, bms_validate_error)

static gboolean
fail (GError           **error,
      BmsValidateError   code,
      const char        *message)
{
  g_set_error_literal (error, BMS_VALIDATE_ERROR, code, message);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  /* Text that is not UTF-8 cannot be walked by characters; its ASCII
   * white space is still enough to tell an empty field. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
      return TRUE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
check_required (const char  *text,
                const char  *message,
                GError     **error)
{
  if (is_blank (text))
    return fail (error, BMS_VALIDATE_ERROR_EMPTY, message);

  return TRUE;
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\r' || c == '\n' || c == 0x2028 || c == 0x2029;
}

static gboolean
check_single_line (const char  *text,
                   GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, BMS_VALIDATE_ERROR_LINE_BREAK,
                 _("This value contains characters that cannot be read. "
                   "Type it again instead of pasting it."));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_break (c))
        return fail (error, BMS_VALIDATE_ERROR_LINE_BREAK,
                     _("Remove the line break: this value must fit on one line."));

      if (c == '\t')
        return fail (error, BMS_VALIDATE_ERROR_LINE_BREAK,
                     _("Remove the tab: this value cannot contain tabs."));

      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        return fail (error, BMS_VALIDATE_ERROR_LINE_BREAK,
                     _("Remove the invisible control character, "
                       "for example by typing the value again instead of pasting it."));
    }

  return TRUE;
}

/* Expects valid UTF-8. */
static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* The full-width forms of ASCII characters, and the ideographic full stops
 * that input methods type for ".". Expects valid UTF-8. */
static const char *
find_full_width_character (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0xFF01 && c <= 0xFF5E) || c == 0x3002 || c == 0xFF61)
        return p;
    }

  return NULL;
}

static gboolean
fail_full_width (GError           **error,
                 BmsValidateError   code,
                 const char        *character)
{
  g_autofree char *shown = g_strndup (character, g_utf8_next_char (character) - character);

  g_set_error (error, BMS_VALIDATE_ERROR, code,
               /* Translators: %s is one full-width character the user typed, such as “＠” or “．” */
               _("“%s” is a full-width character. Switch the input method to "
                 "half-width characters and type it again."),
               shown);
  return FALSE;
}

static gboolean
is_dns_name_character (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.';
}

static gboolean
is_all_digits (const char *text,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Checks the labels of an ASCII (already IDNA-encoded) name without its
 * trailing dot. */
static gboolean
check_labels (const char  *name,
              gsize        length,
              GError     **error)
{
  const char *end = name + length;
  const char *label = name;

  for (;;)
    {
      const char *dot = memchr (label, '.', end - label);
      const char *label_end = dot != NULL ? dot : end;
      gsize label_length = label_end - label;

      if (label_length == 0)
        return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                     _("Remove the extra dot: a name cannot start with a dot "
                       "or have two dots in a row."));

      if (label_length > MAX_LABEL_LENGTH)
        return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                     _("One part between the dots is too long: each part can "
                       "have at most 63 characters."));

      if (label[0] == '-' || label_end[-1] == '-')
        return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                     _("A part between the dots cannot start or end with a hyphen (“-”)."));

      if (dot == NULL)
        break;

      label = dot + 1;
    }

  /* No top-level domain is all digits (RFC 3696 §2), so a name like this is
   * a mistyped IP address. */
  if (is_all_digits (label, end - label))
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("This is neither a valid name nor a valid IP address. "
                   "Check it for typing mistakes."));

  return TRUE;
}

/* Checks a host name or mail domain, IDN allowed. On success *ascii_out
 * (when not NULL) receives its ASCII form, without a trailing dot. */
static gboolean
check_dns_name (const char  *name,
                char       **ascii_out,
                GError     **error)
{
  g_autofree char *ascii = g_hostname_to_ascii (name);
  g_autofree char *unicode = NULL;
  gsize length;

  /* Converting back catches "xn--" labels that are not valid punycode. */
  if (ascii != NULL)
    unicode = g_hostname_to_unicode (ascii);

  if (ascii == NULL || unicode == NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("This name contains characters that cannot be used in a "
                   "name on the internet. Check it for typing mistakes."));

  for (const char *p = ascii; *p != '\0'; p++)
    {
      char shown[2] = { *p, '\0' };

      if (is_dns_name_character (*p))
        continue;

      g_set_error (error, BMS_VALIDATE_ERROR, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                   /* Translators: %s is one character such as “_” or “,” */
                   _("Remove “%s”: a name on the internet can contain only "
                     "letters, digits, hyphens (“-”) and dots."),
                   shown);
      return FALSE;
    }

  length = strlen (ascii);
  if (length > 0 && ascii[length - 1] == '.')
    ascii[--length] = '\0';

  if (length > MAX_HOST_NAME_LENGTH)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("This name is too long: it can have at most 253 characters."));

  if (!check_labels (ascii, length, error))
    return FALSE;

  if (ascii_out != NULL)
    *ascii_out = g_steal_pointer (&ascii);

  return TRUE;
}

gboolean
bms_validate_required_text (const char  *text,
                            GError     **error)
{
  return check_required (text, _("This field cannot be empty. Type a value."), error);
}

gboolean
bms_validate_single_line (const char  *text,
                          GError     **error)
{
  return check_single_line (text, error);
}

static gboolean
is_atext (char c)
{
  /* Bytes of multi-byte UTF-8 characters: RFC 6531 allows them. */
  if ((guchar) c >= 0x80)
    return TRUE;

  return g_ascii_isalnum (c) || strchr (ATEXT_SYMBOLS, c) != NULL;
}

static gboolean
check_local_part (const char  *local,
                  GError     **error)
{
  const char *full_width;
  gsize length = strlen (local);

  if (length == 0)
    return fail (error, BMS_VALIDATE_ERROR_BAD_LOCAL_PART,
                 _("Enter the name before “@”, for example taro in taro@example.co.jp."));

  if (length > MAX_LOCAL_PART_LENGTH)
    return fail (error, BMS_VALIDATE_ERROR_BAD_LOCAL_PART,
                 _("The part before “@” is too long: it can have at most 64 characters."));

  full_width = find_full_width_character (local);
  if (full_width != NULL)
    return fail_full_width (error, BMS_VALIDATE_ERROR_BAD_LOCAL_PART, full_width);

  if (strchr (local, '@') != NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_LOCAL_PART,
                 _("Enter only one address: this one contains “@” more than once."));

  for (const char *p = local; *p != '\0'; p++)
    {
      char shown[2] = { *p, '\0' };

      if (*p == '.' || is_atext (*p))
        continue;

      g_set_error (error, BMS_VALIDATE_ERROR, BMS_VALIDATE_ERROR_BAD_LOCAL_PART,
                   /* Translators: %s is one character such as “,” or “(” */
                   _("The part before “@” cannot contain “%s”. "
                     "Check the address for typing mistakes."),
                   shown);
      return FALSE;
    }

  if (local[0] == '.' || local[length - 1] == '.' || strstr (local, "..") != NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_LOCAL_PART,
                 _("The part before “@” cannot start or end with a dot "
                   "or have two dots in a row."));

  return TRUE;
}

static gboolean
check_mail_domain (const char  *domain,
                   GError     **error)
{
  g_autofree char *ascii = NULL;
  const char *full_width;

  if (*domain == '\0')
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Enter the domain after “@”, for example taro@example.co.jp."));

  full_width = find_full_width_character (domain);
  if (full_width != NULL)
    return fail_full_width (error, BMS_VALIDATE_ERROR_BAD_DOMAIN, full_width);

  if (domain[0] == '[' || g_hostname_is_ip_address (domain))
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Enter a domain name after “@”, not an IP address, "
                   "for example taro@example.co.jp."));

  if (g_str_has_suffix (domain, "."))
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Remove the dot at the end of the address."));

  if (!check_dns_name (domain, &ascii, error))
    return FALSE;

  /* A name without a dot only works inside one network; mail for the
   * employee has to reach a domain on the internet. */
  if (strchr (ascii, '.') == NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("The domain after “@” is incomplete. Enter the whole domain, "
                   "for example taro@example.co.jp."));

  return TRUE;
}

gboolean
bms_validate_email_address (const char  *text,
                            GError     **error)
{
  g_autofree char *local = NULL;
  const char *at;

  if (!check_required (text,
                       _("Enter the e-mail address, for example taro@example.co.jp."),
                       error))
    return FALSE;

  if (!check_single_line (text, error))
    return FALSE;

  if (has_space (text))
    return fail (error, BMS_VALIDATE_ERROR_SPACE,
                 _("Remove the spaces: an e-mail address cannot contain any."));

  /* The last "@" separates the domain; any earlier one is then a mistake
   * in the local part, which says so. */
  at = strrchr (text, '@');
  if (at == NULL)
    {
      const char *full_width = find_full_width_character (text);

      if (full_width != NULL)
        return fail_full_width (error, BMS_VALIDATE_ERROR_NO_AT_SIGN, full_width);

      return fail (error, BMS_VALIDATE_ERROR_NO_AT_SIGN,
                   _("Enter the whole address with “@”, for example taro@example.co.jp."));
    }

  local = g_strndup (text, at - text);
  if (!check_local_part (local, error))
    return FALSE;

  if (!check_mail_domain (at + 1, error))
    return FALSE;

  if (strlen (text) > MAX_ADDRESS_LENGTH)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("This address is too long: an e-mail address can have at most "
                   "254 characters."));

  return TRUE;
}

gboolean
bms_validate_host (const char  *text,
                   GError     **error)
{
  const char *full_width;

  if (!check_required (text, _("Enter the server name, for example smtp.gmail.com."), error))
    return FALSE;

  if (!check_single_line (text, error))
    return FALSE;

  if (has_space (text))
    return fail (error, BMS_VALIDATE_ERROR_SPACE,
                 _("Remove the spaces: a server name cannot contain any, "
                   "for example smtp.gmail.com."));

  if (g_hostname_is_ip_address (text))
    return TRUE;

  full_width = find_full_width_character (text);
  if (full_width != NULL)
    return fail_full_width (error, BMS_VALIDATE_ERROR_BAD_DOMAIN, full_width);

  /* The usual mistakes get their own advice before the generic rule. */
  if (strstr (text, "://") != NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Type only the server name, without “smtp://” or “imap://” "
                   "in front, for example smtp.gmail.com."));

  if (strchr (text, '@') != NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Type the server’s name here, not an e-mail address, "
                   "for example smtp.gmail.com."));

  if (text[0] == '[')
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Type the IP address without the brackets “[ ]”, for example ::1."));

  if (strchr (text, ':') != NULL)
    return fail (error, BMS_VALIDATE_ERROR_BAD_DOMAIN,
                 _("Type only the server name here; the port number goes in its own field."));

  return check_dns_name (text, NULL, error);
}

static gboolean
has_full_width_digit (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)
        return TRUE;
    }

  return FALSE;
}

gboolean
bms_validate_port (const char  *text,
                   guint       *port,
                   GError     **error)
{
  guint value = 0;

  if (!check_required (text, _("Enter the port number, for example 587."), error))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        continue;

      if (has_full_width_digit (text))
        return fail (error, BMS_VALIDATE_ERROR_NOT_A_NUMBER,
                     _("Type the port number with half-width digits, for example 587."));

      return fail (error, BMS_VALIDATE_ERROR_NOT_A_NUMBER,
                   _("Type the port number with digits only, for example 587."));
    }

  /* Stopping as soon as the value is too big keeps any number of digits
   * from overflowing. */
  for (const char *p = text; *p != '\0' && value <= MAX_PORT; p++)
    value = value * 10 + g_ascii_digit_value (*p);

  if (value < 1 || value > MAX_PORT)
    return fail (error, BMS_VALIDATE_ERROR_OUT_OF_RANGE,
                 _("Enter a port number from 1 to 65535. Gmail uses 465 or 587 "
                   "for sending and 993 for IMAP."));

  if (port != NULL)
    *port = value;

  return TRUE;
}

gboolean
bms_validate_user_name (const char  *text,
                        GError     **error)
{
  const char *last;

  if (!check_required (text,
                       _("Enter the account name; for Gmail it is the whole e-mail address."),
                       error))
    return FALSE;

  if (!check_single_line (text, error))
    return FALSE;

  last = g_utf8_find_prev_char (text, text + strlen (text));
  if (g_unichar_isspace (g_utf8_get_char (text)) ||
      g_unichar_isspace (g_utf8_get_char (last)))
    return fail (error, BMS_VALIDATE_ERROR_SPACE,
                 _("Remove the spaces at the start or the end of the account name."));

  return TRUE;
}

gboolean
bms_validate_password (const char  *text,
                       GError     **error)
{
  /* None of these messages may quote the text: it is a password. */
  if (!check_required (text,
                       _("Enter the password; for Gmail it is the 16-letter app password."),
                       error))
    return FALSE;

  return check_single_line (text, error);
}

gboolean
bms_validate_folder_name (const char  *text,
                          GError     **error)
{
  if (!check_required (text,
                       _("Choose the folder for sent mail, for example “[Gmail]/Sent Mail”."),
                       error))
    return FALSE;

  return check_single_line (text, error);
}

char *
bms_normalize_app_password (const char *text)
{
  GString *normalized;

  if (text == NULL)
    return g_strdup ("");

  normalized = g_string_sized_new (strlen (text));

  /* Google shows the password as four groups of four; copies from its page
   * and Japanese input methods bring every kind of space along. */
  if (g_utf8_validate (text, -1, NULL))
    {
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_len (normalized, p, g_utf8_next_char (p) - p);
    }
  else
    {
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (normalized, *p);
    }

  return g_string_free (normalized, FALSE);
}

gboolean
bms_validate_app_password (const char  *text,
                           GError     **error)
{
  g_autofree char *normalized = bms_normalize_app_password (text);
  glong count;

  /* None of these messages may quote the text: it is a password. */
  if (*normalized == '\0')
    return fail (error, BMS_VALIDATE_ERROR_EMPTY,
                 _("Paste the 16-letter app password that Google showed you."));

  if (g_utf8_validate (normalized, -1, NULL))
    count = g_utf8_strlen (normalized, -1);
  else
    count = strlen (normalized);

  if (count != APP_PASSWORD_LENGTH)
    {
      g_set_error (error, BMS_VALIDATE_ERROR, BMS_VALIDATE_ERROR_WRONG_LENGTH,
                   /* Translators: %ld is how many characters were typed, never 16 */
                   ngettext ("The app password has %ld character; it must have 16 letters.",
                             "The app password has %ld characters; it must have 16 letters.",
                             count),
                   count);
      return FALSE;
    }

  for (const char *p = normalized; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return fail (error, BMS_VALIDATE_ERROR_NOT_LETTERS,
                   _("An app password has only the letters a to z. Copy it again "
                     "from Google’s page, or type it in half-width letters."));

  return TRUE;
}

static gboolean
is_domain_or_subdomain (const char *name,
                        const char *domain)
{
  gsize name_length = strlen (name);
  gsize domain_length = strlen (domain);

  if (name_length == domain_length)
    return strcmp (name, domain) == 0;

  /* At least one character and a dot before the domain itself. */
  return name_length > domain_length + 1 &&
         name[name_length - domain_length - 1] == '.' &&
         strcmp (name + name_length - domain_length, domain) == 0;
}

gboolean
bms_host_is_gmail (const char *host)
{
  g_autofree char *ascii = NULL;
  gsize length;

  if (host == NULL || *host == '\0')
    return FALSE;

  /* Full-width letters become ASCII here, so they cannot hide Gmail. */
  if (g_hostname_is_non_ascii (host))
    {
      g_autofree char *converted = g_hostname_to_ascii (host);

      if (converted == NULL)
        return FALSE;
      ascii = g_ascii_strdown (converted, -1);
    }
  else
    {
      ascii = g_ascii_strdown (host, -1);
    }

  length = strlen (ascii);
  if (length > 0 && ascii[length - 1] == '.')
    ascii[length - 1] = '\0';

  return is_domain_or_subdomain (ascii, "gmail.com") ||
         is_domain_or_subdomain (ascii, "googlemail.com");
}

gboolean
bms_validate_security (BmsSecurity   security,
                       const char   *host,
                       gboolean      plain_text_confirmed,
                       GError      **error)
{
  switch (security)
    {
    case BMS_SECURITY_SSL_TLS:
    case BMS_SECURITY_STARTTLS:
      return TRUE;

    case BMS_SECURITY_NONE:
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  if (bms_host_is_gmail (host))
    return fail (error, BMS_VALIDATE_ERROR_NO_ENCRYPTION,
                 _("Gmail accepts only encrypted connections. Choose SSL/TLS or STARTTLS."));

  if (!plain_text_confirmed)
    return fail (error, BMS_VALIDATE_ERROR_NO_ENCRYPTION,
                 _("Without encryption, the password and every message travel "
                   "readable by anyone on the way. Confirm that this server "
                   "offers nothing else, or choose SSL/TLS or STARTTLS."));

  return TRUE;
}

/* Full-width forms become ASCII under NFKC, the ideographic space U+3000
 * a plain space; the ideographic full stop has no compatibility mapping
 * (and NFKC turns the half-width one, U+FF61, into it), so it is mapped here. */
static char *
fold_to_half_width (const char *text)
{
  g_autofree char *folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autoptr(GString) result = NULL;

  if (folded == NULL)
    return g_strdup (text);

  result = g_string_new (folded);
  g_string_replace (result, "\u3002", ".", 0);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

static char *
trim_line_breaks (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (start < end && is_line_break (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *last = g_utf8_find_prev_char (start, end);

      if (last == NULL || !is_line_break (g_utf8_get_char (last)))
        break;
      end = last;
    }

  return g_strndup (start, end - start);
}

char *
bms_normalize_input (const char    *text,
                     BmsInputFlags  flags)
{
  g_autofree char *result = g_strdup (text != NULL ? text : "");

  /* Text that is not UTF-8 is left for the single-line rule to report. */
  if (!g_utf8_validate (result, -1, NULL))
    return g_steal_pointer (&result);

  if (flags & BMS_INPUT_HALF_WIDTH)
    {
      char *folded = fold_to_half_width (result);

      g_free (result);
      result = folded;
    }

  if (flags & BMS_INPUT_TRIM_LINE_BREAKS)
    {
      char *trimmed = trim_line_breaks (result);

      g_free (result);
      result = trimmed;
    }

  return g_steal_pointer (&result);
}
