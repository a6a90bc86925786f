/* test-validate.c: every rule of the BizMagic form, case by case.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-validate.h"

/* The expected result of a case that must be accepted. */
#define VALID (-1)

/* Long names are built from these so that the tables show their lengths. */
#define A10 "aaaaaaaaaa"
#define A63 A10 A10 A10 A10 A10 A10 "aaa"
#define A64 A63 "a"
#define A65 A64 "a"
/* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters. */
#define NAME_253 A63 "." A63 "." A63 "." A10 A10 A10 A10 A10 A10 "a"
#define NAME_254 NAME_253 "a"

typedef gboolean (*TextRule) (const char  *text,
                              GError     **error);

typedef struct {
  const char *text;
  int         expected;   /* VALID or a BmsValidateError */
} TextCase;

typedef struct {
  TextRule        rule;
  const TextCase *test_case;
} TextCaseData;

static const TextCase required_text_cases[] = {
  { "a", VALID },
  { " a ", VALID },
  { "山田", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { "   ", BMS_VALIDATE_ERROR_EMPTY },
  { "\t\r\n", BMS_VALIDATE_ERROR_EMPTY },
  { "\u3000", BMS_VALIDATE_ERROR_EMPTY },
};

/* The sender name (差出人名) is the field this rule exists for. */
static const TextCase single_line_cases[] = {
  { NULL, VALID },
  { "", VALID },
  { "山田 太郎", VALID },
  { "Taro Yamada", VALID },
  { "O'Brien, \"Sales\" <Tokyo>", VALID },
  { "Taro\rYamada", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\nYamada", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\r\nYamada", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro Yamada\n", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "\rTaro", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\u2028Yamada", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\u2029", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\tYamada", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "\x1b[31mTaro", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\x7f", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\xc2\x85", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Taro\xc3\x28", BMS_VALIDATE_ERROR_LINE_BREAK },
};

static const TextCase email_address_cases[] = {
  { "taro@example.co.jp", VALID },
  { "taro.yamada@example.jp", VALID },
  { "Taro+news@Example.COM", VALID },
  { "o'brien@example.ie", VALID },
  { "user_name-1@mail.example.co.jp", VALID },
  { "!#$%&'*+-/=?^_`{|}~@example.com", VALID },
  { "a@b.cd", VALID },
  { "社員@会社.jp", VALID },
  { "taro@例え.jp", VALID },
  { "taro@xn--r8jz45g.jp", VALID },
  { A64 "@example.jp", VALID },
  { "taro@" A63 ".jp", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { "   ", BMS_VALIDATE_ERROR_EMPTY },
  { "taro@example.jp\n", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "taro\r@example.jp", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "taro@exa\x01mple.jp", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "taro\xff@example.jp", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "taro @example.jp", BMS_VALIDATE_ERROR_SPACE },
  { " taro@example.jp", BMS_VALIDATE_ERROR_SPACE },
  { "taro@example.jp ", BMS_VALIDATE_ERROR_SPACE },
  { "taro@example\u3000jp", BMS_VALIDATE_ERROR_SPACE },
  { "taro@\u00a0example.jp", BMS_VALIDATE_ERROR_SPACE },
  { "taro", BMS_VALIDATE_ERROR_NO_AT_SIGN },
  { "taro.example.jp", BMS_VALIDATE_ERROR_NO_AT_SIGN },
  { "taro＠example.jp", BMS_VALIDATE_ERROR_NO_AT_SIGN },
  { "@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { ".taro@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "taro.@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "ta..ro@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "ta,ro@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "ta(ro)@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "\"taro\"@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "taro@mail@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "ｔａｒｏ@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { A65 "@example.jp", BMS_VALIDATE_ERROR_BAD_LOCAL_PART },
  { "taro@", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@localhost", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@example", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@example.jp.", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@.example.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@example..jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@-example.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@example-.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@exa_mple.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@example.jp,", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@[192.0.2.1]", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@192.0.2.1", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@example.123", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@ｅｘａｍｐｌｅ.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@例え。jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@xn--zz.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@" A64 ".jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@" NAME_254, BMS_VALIDATE_ERROR_BAD_DOMAIN },
  /* Each part within its limit, the whole address over 254. */
  { A64 "@" NAME_253, BMS_VALIDATE_ERROR_BAD_DOMAIN },
};

static const TextCase host_cases[] = {
  { "smtp.gmail.com", VALID },
  { "imap.gmail.com", VALID },
  { "SMTP.Gmail.COM", VALID },
  { "mail.example.co.jp.", VALID },
  { "mx-1.example.com", VALID },
  { "localhost", VALID },
  { "メール.例え.jp", VALID },
  { "xn--r8jz45g.jp", VALID },
  { "127.0.0.1", VALID },
  { "::1", VALID },
  { "2001:db8::25", VALID },
  { A63 ".example.jp", VALID },
  { NAME_253, VALID },
  { NAME_253 ".", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { " ", BMS_VALIDATE_ERROR_EMPTY },
  { "smtp.gmail.com\n", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "smtp.gmail.com\r", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "smtp\t.gmail.com", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "smtp gmail.com", BMS_VALIDATE_ERROR_SPACE },
  { " smtp.gmail.com", BMS_VALIDATE_ERROR_SPACE },
  { "smtp.gmail.com ", BMS_VALIDATE_ERROR_SPACE },
  { "smtp.gmail\u3000com", BMS_VALIDATE_ERROR_SPACE },
  { "smtp_gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtp.gmail.com:587", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtps://smtp.gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtp.gmail.com/", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "taro@gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "[::1]", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { ".", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { ".gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtp..gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtp.gmail.com..", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "-smtp.gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtp-.gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "192.168.1.300", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "ｓｍｔｐ.gmail.com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "smtp。gmail。com", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { "xn--zz.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { A64 ".example.jp", BMS_VALIDATE_ERROR_BAD_DOMAIN },
  { NAME_254, BMS_VALIDATE_ERROR_BAD_DOMAIN },
};

static const TextCase user_name_cases[] = {
  { "taro@example.co.jp", VALID },
  { "taro yamada", VALID },
  { "社員", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { "  ", BMS_VALIDATE_ERROR_EMPTY },
  { "taro\n", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "ta\r\nro", BMS_VALIDATE_ERROR_LINE_BREAK },
  { " taro@example.co.jp", BMS_VALIDATE_ERROR_SPACE },
  { "taro@example.co.jp ", BMS_VALIDATE_ERROR_SPACE },
  { "社員\u3000", BMS_VALIDATE_ERROR_SPACE },
};

static const TextCase password_cases[] = {
  { "pa55w0rd", VALID },
  { " spaces are fine ", VALID },
  { "パスワード", VALID },
  { "abcd efgh ijkl mnop", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { "  ", BMS_VALIDATE_ERROR_EMPTY },
  { "secret\n", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "sec\rret", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "sec\x7fret", BMS_VALIDATE_ERROR_LINE_BREAK },
};

static const TextCase folder_name_cases[] = {
  { "[Gmail]/送信済みメール", VALID },
  { "INBOX.Sent", VALID },
  { "Sent Items", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { " ", BMS_VALIDATE_ERROR_EMPTY },
  { "Sent\n", BMS_VALIDATE_ERROR_LINE_BREAK },
  { "Sent\u2028Items", BMS_VALIDATE_ERROR_LINE_BREAK },
};

static const TextCase app_password_cases[] = {
  { "abcd efgh ijkl mnop", VALID },
  { "abcdefghijklmnop", VALID },
  { "ABCD EFGH IJKL MNOP", VALID },
  { "aBcD eFgH iJkL mNoP", VALID },
  { "abcd\u00a0efgh\u00a0ijkl\u00a0mnop", VALID },
  { "abcd\u3000efgh\u3000ijkl\u3000mnop", VALID },
  { " abcd\tefgh ijkl mnop \n", VALID },
  { NULL, BMS_VALIDATE_ERROR_EMPTY },
  { "", BMS_VALIDATE_ERROR_EMPTY },
  { "    ", BMS_VALIDATE_ERROR_EMPTY },
  { "\u3000", BMS_VALIDATE_ERROR_EMPTY },
  { "a", BMS_VALIDATE_ERROR_WRONG_LENGTH },
  { "abcd efgh ijkl mno", BMS_VALIDATE_ERROR_WRONG_LENGTH },
  { "abcd efgh ijkl mnopq", BMS_VALIDATE_ERROR_WRONG_LENGTH },
  { "abcd-efgh-ijkl-mnop", BMS_VALIDATE_ERROR_WRONG_LENGTH },
  { "Tokyo2024!", BMS_VALIDATE_ERROR_WRONG_LENGTH },
  { "abcd efgh ijkl mno1", BMS_VALIDATE_ERROR_NOT_LETTERS },
  { "abcd.efgh.ijklmn", BMS_VALIDATE_ERROR_NOT_LETTERS },
  { "abcdefghijklmnoé", BMS_VALIDATE_ERROR_NOT_LETTERS },
  { "ａｂｃｄ ｅｆｇｈ ｉｊｋｌ ｍｎｏｐ", BMS_VALIDATE_ERROR_NOT_LETTERS },
  { "abcdefghijklmno\xff", BMS_VALIDATE_ERROR_NOT_LETTERS },
};

static void
test_text_case (gconstpointer user_data)
{
  const TextCaseData *data = user_data;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  valid = data->rule (data->test_case->text, &error);

  if (data->test_case->expected == VALID)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
    }
  else
    {
      g_assert_error (error, BMS_VALIDATE_ERROR, data->test_case->expected);
      g_assert_false (valid);
      /* The message is shown under the field: it must be readable text. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
add_text_cases (const char     *rule_name,
                TextRule        rule,
                const TextCase *cases,
                gsize           n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("/validate/%s/%" G_GSIZE_FORMAT, rule_name, i);
      TextCaseData *data = g_new0 (TextCaseData, 1);

      data->rule = rule;
      data->test_case = &cases[i];
      g_test_add_data_func_full (path, data, test_text_case, g_free);
    }
}

typedef struct {
  const char *text;
  int         expected;
  guint       port;       /* the value stored when valid */
} PortCase;

static const PortCase port_cases[] = {
  { "1", VALID, 1 },
  { "25", VALID, 25 },
  { "465", VALID, 465 },
  { "587", VALID, 587 },
  { "993", VALID, 993 },
  { "65535", VALID, 65535 },
  /* Leading zeros are decimal, never octal. */
  { "0587", VALID, 587 },
  { "010", VALID, 10 },
  { NULL, BMS_VALIDATE_ERROR_EMPTY, 0 },
  { "", BMS_VALIDATE_ERROR_EMPTY, 0 },
  { "  ", BMS_VALIDATE_ERROR_EMPTY, 0 },
  { "12a", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "+25", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { " 25", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "25 ", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "5 87", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "-1", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "0x1F", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "1e3", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "587\n", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "５８７", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "58\xff", BMS_VALIDATE_ERROR_NOT_A_NUMBER, 0 },
  { "0", BMS_VALIDATE_ERROR_OUT_OF_RANGE, 0 },
  { "00000", BMS_VALIDATE_ERROR_OUT_OF_RANGE, 0 },
  { "65536", BMS_VALIDATE_ERROR_OUT_OF_RANGE, 0 },
  { "99999", BMS_VALIDATE_ERROR_OUT_OF_RANGE, 0 },
  { "4294967297", BMS_VALIDATE_ERROR_OUT_OF_RANGE, 0 },
  { "99999999999999999999", BMS_VALIDATE_ERROR_OUT_OF_RANGE, 0 },
};

#define UNTOUCHED_PORT 4242

static void
test_port_case (gconstpointer user_data)
{
  const PortCase *test_case = user_data;
  g_autoptr(GError) error = NULL;
  guint port = UNTOUCHED_PORT;
  gboolean valid;

  valid = bms_validate_port (test_case->text, &port, &error);

  if (test_case->expected == VALID)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
      g_assert_cmpuint (port, ==, test_case->port);
    }
  else
    {
      g_assert_error (error, BMS_VALIDATE_ERROR, test_case->expected);
      g_assert_false (valid);
      g_assert_cmpuint (port, ==, UNTOUCHED_PORT);
    }
}

/* The caller may not want the value, only the verdict. */
static void
test_port_without_result (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bms_validate_port ("587", NULL, NULL));
  g_assert_false (bms_validate_port ("65536", NULL, &error));
  g_assert_error (error, BMS_VALIDATE_ERROR, BMS_VALIDATE_ERROR_OUT_OF_RANGE);
}

typedef struct {
  const char *text;
  const char *normalized;
} NormalizeCase;

static const NormalizeCase normalize_cases[] = {
  { NULL, "" },
  { "", "" },
  { "abcdefghijklmnop", "abcdefghijklmnop" },
  { "abcd efgh ijkl mnop", "abcdefghijklmnop" },
  { "abcd\tefgh", "abcdefgh" },
  { "abcd\u00a0efgh", "abcdefgh" },
  { "abcd\u3000efgh", "abcdefgh" },
  { " \u3000 abcd \u00a0 ", "abcd" },
  { "ab1d-é", "ab1d-é" },
};

static void
test_normalize_app_password (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      g_autofree char *normalized = bms_normalize_app_password (normalize_cases[i].text);

      g_assert_cmpstr (normalized, ==, normalize_cases[i].normalized);
    }
}

typedef struct {
  const char    *text;
  BmsInputFlags  flags;
  const char    *normalized;
} InputCase;

static const InputCase input_cases[] = {
  { NULL, BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS, "" },
  { "smtp.gmail.com", BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS, "smtp.gmail.com" },
  /* An app password typed with the input method in full-width mode. */
  { "ａｂｃｄ\u3000ｅｆｇｈ\u3000ｉｊｋｌ\u3000ｍｎｏｐ", BMS_INPUT_HALF_WIDTH, "abcd efgh ijkl mnop" },
  { "５８７", BMS_INPUT_HALF_WIDTH, "587" },
  { "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", BMS_INPUT_HALF_WIDTH, "taro@example.jp" },
  { "smtp。gmail｡com", BMS_INPUT_HALF_WIDTH, "smtp.gmail.com" },
  { "ＳＭＴＰ.ＧＭＡＩＬ.ＣＯＭ", BMS_INPUT_HALF_WIDTH, "SMTP.GMAIL.COM" },
  /* Japanese text that is not a full-width form of ASCII stays. */
  { "社員@会社.jp", BMS_INPUT_HALF_WIDTH, "社員@会社.jp" },
  /* Without the flag, nothing is folded. */
  { "５８７", BMS_INPUT_TRIM_LINE_BREAKS, "５８７" },
  /* The line break a copied line brings along goes; one inside stays. */
  { "abcd efgh ijkl mnop\n", BMS_INPUT_TRIM_LINE_BREAKS, "abcd efgh ijkl mnop" },
  { "\r\nsmtp.gmail.com\r\n", BMS_INPUT_TRIM_LINE_BREAKS, "smtp.gmail.com" },
  { "smtp.gmail.com\u2028", BMS_INPUT_TRIM_LINE_BREAKS, "smtp.gmail.com" },
  { "smtp.gmail\n.com\n", BMS_INPUT_TRIM_LINE_BREAKS, "smtp.gmail\n.com" },
  { "\n", BMS_INPUT_TRIM_LINE_BREAKS, "" },
  { "smtp.gmail.com\n", BMS_INPUT_HALF_WIDTH, "smtp.gmail.com\n" },
  /* Spaces are not line breaks: their own rules speak of them. */
  { " taro \n", BMS_INPUT_TRIM_LINE_BREAKS, " taro " },
  /* Text that is not UTF-8 is left as it is, for the rules to report. */
  { "ab\xff\n", BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS, "ab\xff\n" },
};

static void
test_normalize_input (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (input_cases); i++)
    {
      g_autofree char *normalized = bms_normalize_input (input_cases[i].text, input_cases[i].flags);

      g_assert_cmpstr (normalized, ==, input_cases[i].normalized);
    }
}

/* What the form makes of full-width typing passes the rules that refuse
 * the full-width text itself. */
static void
test_normalized_input_is_valid (void)
{
  static const BmsInputFlags flags = BMS_INPUT_HALF_WIDTH | BMS_INPUT_TRIM_LINE_BREAKS;
  g_autofree char *app_password = bms_normalize_input ("ａｂｃｄ\u3000ｅｆｇｈ\u3000ｉｊｋｌ\u3000ｍｎｏｐ\n", flags);
  g_autofree char *port = bms_normalize_input ("４６５", flags);
  g_autofree char *host = bms_normalize_input ("ｓｍｔｐ。ｇｍａｉｌ。ｃｏｍ", flags);
  g_autofree char *address = bms_normalize_input ("ｔａｒｏ．ｙａｍａｄａ＠ｇｍａｉｌ．ｃｏｍ\r\n", flags);
  guint value = 0;

  g_assert_false (bms_validate_app_password ("ａｂｃｄ\u3000ｅｆｇｈ\u3000ｉｊｋｌ\u3000ｍｎｏｐ", NULL));
  g_assert_true (bms_validate_app_password (app_password, NULL));
  g_assert_false (bms_validate_port ("４６５", NULL, NULL));
  g_assert_true (bms_validate_port (port, &value, NULL));
  g_assert_cmpuint (value, ==, 465);
  g_assert_false (bms_validate_host ("ｓｍｔｐ。ｇｍａｉｌ。ｃｏｍ", NULL));
  g_assert_true (bms_validate_host (host, NULL));
  g_assert_true (bms_validate_email_address (address, NULL));
  g_assert_true (bms_validate_user_name (address, NULL));
}

typedef struct {
  const char *host;
  gboolean    is_gmail;
} GmailCase;

static const GmailCase gmail_cases[] = {
  { "gmail.com", TRUE },
  { "googlemail.com", TRUE },
  { "smtp.gmail.com", TRUE },
  { "imap.gmail.com", TRUE },
  { "imap.googlemail.com", TRUE },
  { "SMTP.GMAIL.COM", TRUE },
  { "Imap.Gmail.Com.", TRUE },
  { "gmail.com.", TRUE },
  { "a.b.gmail.com", TRUE },
  { "ｓｍｔｐ.ｇｍａｉｌ.ｃｏｍ", TRUE },
  { NULL, FALSE },
  { "", FALSE },
  { "notgmail.com", FALSE },
  { "gmail.com.evil.jp", FALSE },
  { "smtp.gmail.co", FALSE },
  { "gmail", FALSE },
  { ".gmail.com", FALSE },
  { "smtp.gmail.com..", FALSE },
  { "smtp.example.jp", FALSE },
  { "127.0.0.1", FALSE },
};

static void
test_host_is_gmail_case (gconstpointer user_data)
{
  const GmailCase *test_case = user_data;

  if (test_case->is_gmail)
    g_assert_true (bms_host_is_gmail (test_case->host));
  else
    g_assert_false (bms_host_is_gmail (test_case->host));
}

typedef struct {
  BmsSecurity  security;
  const char  *host;
  gboolean     plain_text_confirmed;
  int          expected;
} SecurityCase;

static const SecurityCase security_cases[] = {
  { BMS_SECURITY_SSL_TLS, "smtp.gmail.com", FALSE, VALID },
  { BMS_SECURITY_STARTTLS, "smtp.gmail.com", FALSE, VALID },
  { BMS_SECURITY_SSL_TLS, "mail.example.jp", TRUE, VALID },
  { BMS_SECURITY_STARTTLS, NULL, FALSE, VALID },
  { BMS_SECURITY_NONE, "mail.example.jp", TRUE, VALID },
  { BMS_SECURITY_NONE, NULL, TRUE, VALID },
  { BMS_SECURITY_NONE, "mail.example.jp", FALSE, BMS_VALIDATE_ERROR_NO_ENCRYPTION },
  { BMS_SECURITY_NONE, "smtp.gmail.com", FALSE, BMS_VALIDATE_ERROR_NO_ENCRYPTION },
  /* Confirming does not help: Gmail refuses plain text anyway. */
  { BMS_SECURITY_NONE, "smtp.gmail.com", TRUE, BMS_VALIDATE_ERROR_NO_ENCRYPTION },
  { BMS_SECURITY_NONE, "IMAP.GMAIL.COM.", TRUE, BMS_VALIDATE_ERROR_NO_ENCRYPTION },
  { BMS_SECURITY_NONE, "imap.googlemail.com", TRUE, BMS_VALIDATE_ERROR_NO_ENCRYPTION },
};

static void
test_security_case (gconstpointer user_data)
{
  const SecurityCase *test_case = user_data;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  valid = bms_validate_security (test_case->security, test_case->host,
                                 test_case->plain_text_confirmed, &error);

  if (test_case->expected == VALID)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
    }
  else
    {
      g_assert_error (error, BMS_VALIDATE_ERROR, test_case->expected);
      g_assert_false (valid);
    }
}

/* The Gmail message and the confirmation message tell different stories. */
static void
test_security_messages_differ (void)
{
  g_autoptr(GError) gmail_error = NULL;
  g_autoptr(GError) other_error = NULL;

  g_assert_false (bms_validate_security (BMS_SECURITY_NONE, "smtp.gmail.com", FALSE, &gmail_error));
  g_assert_false (bms_validate_security (BMS_SECURITY_NONE, "mail.example.jp", FALSE, &other_error));
  g_assert_nonnull (gmail_error);
  g_assert_nonnull (other_error);
  g_assert_cmpstr (gmail_error->message, !=, other_error->message);
}

/* Each of these is refused, and its error must not repeat any of it. The
 * secret parts are distinctive so that a message cannot contain them by
 * chance. */
typedef struct {
  TextRule    rule;
  const char *password;
  const char *secret_parts[4];
} SecretCase;

static const SecretCase secret_cases[] = {
  { bms_validate_password, "Zq7pWx\nKv3", { "Zq7pWx", "Kv3" } },
  { bms_validate_password, "Zq7pWx\rKv3", { "Zq7pWx", "Kv3" } },
  { bms_validate_password, "Zq7pWx\tKv3", { "Zq7pWx", "Kv3" } },
  { bms_validate_password, "Zq7pWx\x01Kv3", { "Zq7pWx", "Kv3" } },
  { bms_validate_password, "Zq7pWx\xffKv3", { "Zq7pWx", "Kv3" } },
  { bms_validate_app_password, "qwxz qwxz qwxz qwx1", { "qwxz", "qwx1" } },
  { bms_validate_app_password, "qwxz qwxz qwxz qwx", { "qwxz", "qwx" } },
  { bms_validate_app_password, "qwxz qwxz qwxz qwxzq", { "qwxz", "qwxzq" } },
  { bms_validate_app_password, "qwxz.qwxz.qwxz.q", { "qwxz", "q.qwxz" } },
  { bms_validate_app_password, "Zq7pWx!", { "Zq7pWx" } },
};

static void
test_password_not_in_message (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (secret_cases); i++)
    {
      const SecretCase *test_case = &secret_cases[i];
      g_autoptr(GError) error = NULL;

      g_assert_false (test_case->rule (test_case->password, &error));
      g_assert_nonnull (error);

      for (gsize j = 0; j < G_N_ELEMENTS (test_case->secret_parts); j++)
        {
          const char *part = test_case->secret_parts[j];

          if (part != NULL)
            g_assert_null (strstr (error->message, part));
        }
    }
}

/* Every rule honours a NULL error, as GError callers expect. */
static void
test_null_error (void)
{
  g_assert_false (bms_validate_required_text ("", NULL));
  g_assert_false (bms_validate_single_line ("a\nb", NULL));
  g_assert_false (bms_validate_email_address ("taro@", NULL));
  g_assert_false (bms_validate_host ("smtp gmail.com", NULL));
  g_assert_false (bms_validate_port ("12a", NULL, NULL));
  g_assert_false (bms_validate_user_name (" taro", NULL));
  g_assert_false (bms_validate_password ("", NULL));
  g_assert_false (bms_validate_folder_name ("", NULL));
  g_assert_false (bms_validate_app_password ("abc", NULL));
  g_assert_false (bms_validate_security (BMS_SECURITY_NONE, "smtp.gmail.com", TRUE, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_text_cases ("required-text", bms_validate_required_text,
                  required_text_cases, G_N_ELEMENTS (required_text_cases));
  add_text_cases ("single-line", bms_validate_single_line,
                  single_line_cases, G_N_ELEMENTS (single_line_cases));
  add_text_cases ("email-address", bms_validate_email_address,
                  email_address_cases, G_N_ELEMENTS (email_address_cases));
  add_text_cases ("host", bms_validate_host,
                  host_cases, G_N_ELEMENTS (host_cases));
  add_text_cases ("user-name", bms_validate_user_name,
                  user_name_cases, G_N_ELEMENTS (user_name_cases));
  add_text_cases ("password", bms_validate_password,
                  password_cases, G_N_ELEMENTS (password_cases));
  add_text_cases ("folder-name", bms_validate_folder_name,
                  folder_name_cases, G_N_ELEMENTS (folder_name_cases));
  add_text_cases ("app-password", bms_validate_app_password,
                  app_password_cases, G_N_ELEMENTS (app_password_cases));

  for (gsize i = 0; i < G_N_ELEMENTS (port_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validate/port/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &port_cases[i], test_port_case);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (gmail_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validate/host-is-gmail/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &gmail_cases[i], test_host_is_gmail_case);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (security_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validate/security/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &security_cases[i], test_security_case);
    }

  g_test_add_func ("/validate/port/without-result", test_port_without_result);
  g_test_add_func ("/validate/app-password/normalize", test_normalize_app_password);
  g_test_add_func ("/validate/input/normalize", test_normalize_input);
  g_test_add_func ("/validate/input/normalized-is-valid", test_normalized_input_is_valid);
  g_test_add_func ("/validate/security/messages-differ", test_security_messages_differ);
  g_test_add_func ("/validate/password-not-in-message", test_password_not_in_message);
  g_test_add_func ("/validate/null-error", test_null_error);

  return g_test_run ();
}
