/* test-diagnosis.c: every problem the diagnosis tells apart, in each form
 * the servers word it, and every libcurl result the engine meets.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <curl/curl.h>

#include "bms-diagnosis.h"

#define SID "bms1-20020a170902e5c200b00test0pjb.7 - gsmtp"

typedef struct {
  const char   *name;
  BmsOperation  operation;
  int           curl_result;
  const char   *reply;
  const char   *detail;
  BmsProblem    expected;
} DiagnosisCase;

static const DiagnosisCase diagnosis_cases[] = {
  /* Gmail's refusals and the usual server errors, IMAP forms, as Gmail
   * words them. */
  { "imap-web-login", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [ALERT] Please log in via your web browser: "
    "https://support.google.com/mail/accounts/answer/78754 (Failure)",
    NULL, BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN },
  { "imap-app-password", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [ALERT] Application-specific password required: "
    "https://support.google.com/accounts/answer/185833 (Failure)",
    NULL, BMS_PROBLEM_APP_PASSWORD_REQUIRED },
  { "imap-invalid-credentials", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)", NULL,
    BMS_PROBLEM_WRONG_PASSWORD },
  { "imap-dovecot-wrong-password", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [AUTHENTICATIONFAILED] Authentication failed.", NULL, BMS_PROBLEM_WRONG_PASSWORD },
  { "imap-not-enabled", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [ALERT] Your account is not enabled for IMAP use. Please visit your "
    "Gmail settings page and enable your account for IMAP access. (Failure)", NULL,
    BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT },
  { "imap-domain-disabled", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [ALERT] IMAP access is disabled for your domain. Please contact your "
    "domain administrator for questions about this feature. (Failure)", NULL,
    BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN },
  { "imap-too-many-connections", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO [ALERT] Too many simultaneous connections. (Failure)", NULL,
    BMS_PROBLEM_TOO_MANY_CONNECTIONS },
  { "imap-untagged-alert-before-tagged", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "* CAPABILITY IMAP4rev1\nA001 NO [ALERT] please LOG IN VIA YOUR WEB BROWSER", NULL,
    BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN },
  { "imap-other-refusal", BMS_OPERATION_IMAP_LOGIN, CURLE_LOGIN_DENIED,
    "A001 NO Something else", NULL, BMS_PROBLEM_WRONG_PASSWORD },
  { "imap-folder-nonexistent", BMS_OPERATION_IMAP_FILE, CURLE_QUOTE_ERROR,
    "A005 NO [NONEXISTENT] Unknown Mailbox: x (Failure)", NULL, BMS_PROBLEM_FOLDER_NOT_FOUND },
  { "imap-append-trycreate", BMS_OPERATION_IMAP_FILE, CURLE_UPLOAD_FAILED,
    "A006 NO [TRYCREATE] Mailbox doesn't exist: x", NULL, BMS_PROBLEM_FOLDER_NOT_FOUND },

  /* The same, SMTP forms, multi-line as Gmail sends them. */
  { "smtp-web-login", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1> Please log in\n"
    "534-5.7.14 via your web browser and then try again.\n"
    "534-5.7.14  Learn more at\n"
    "534 5.7.14  https://support.google.com/mail/answer/78754 " SID, NULL,
    BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN },
  { "smtp-web-login-one-line", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "534 5.7.14 Please log in", NULL, BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN },
  { "smtp-app-password", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "534-5.7.9 Application-specific password required. For more information, go to\n"
    "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor " SID, NULL,
    BMS_PROBLEM_APP_PASSWORD_REQUIRED },
  { "smtp-bad-credentials", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "535-5.7.8 Username and Password not accepted. For more information, go to\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials " SID, NULL,
    BMS_PROBLEM_WRONG_PASSWORD },
  { "smtp-aiosmtpd-wrong-password", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "535 5.7.8 Authentication credentials invalid", NULL, BMS_PROBLEM_WRONG_PASSWORD },
  { "smtp-plain-535", BMS_OPERATION_SMTP_SEND, CURLE_LOGIN_DENIED,
    "535 Authentication failed", NULL, BMS_PROBLEM_WRONG_PASSWORD },
  { "smtp-starttls-required-multi", BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR,
    "530-5.7.0 Must issue a STARTTLS command first. For more information, go to\n"
    "530-5.7.0  https://support.google.com/a/answer/3221692 and review RFC 3207\n"
    "530 5.7.0 specifications. " SID, NULL, BMS_PROBLEM_STARTTLS_REQUIRED },
  { "smtp-starttls-required-one-line", BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR,
    "530 5.7.0 Must issue a STARTTLS command first. " SID, NULL, BMS_PROBLEM_STARTTLS_REQUIRED },
  { "smtp-starttls-required-aiosmtpd", BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR,
    "530 Must issue a STARTTLS command first", NULL, BMS_PROBLEM_STARTTLS_REQUIRED },
  { "smtp-too-many-logins", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "454-4.7.0 Too many login attempts, please try again later. For more\n"
    "454-4.7.0 information, go to\n"
    "454 4.7.0  https://support.google.com/mail/answer/7126229 " SID, NULL,
    BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS },
  { "smtp-daily-limit-mail", BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR,
    "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail\n"
    "550-5.4.5 sending limits go to\n"
    "550 5.4.5  https://support.google.com/a/answer/166852 " SID, NULL,
    BMS_PROBLEM_SENDING_LIMIT },
  { "smtp-daily-limit-data", BMS_OPERATION_SMTP_SEND, CURLE_WEIRD_SERVER_REPLY,
    "550 5.4.5 Daily user sending limit exceeded.", NULL, BMS_PROBLEM_SENDING_LIMIT },
  { "smtp-recipient-refused", BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR,
    "550 5.1.1 The email account that you tried to reach does not exist.", NULL,
    BMS_PROBLEM_MESSAGE_REFUSED },
  { "smtp-data-refused", BMS_OPERATION_SMTP_SEND, CURLE_WEIRD_SERVER_REPLY,
    "554 5.6.0 Message refused", NULL, BMS_PROBLEM_MESSAGE_REFUSED },
  /* A code that only looks like one of the table's is not one. */
  { "smtp-5350-is-not-535", BMS_OPERATION_SMTP_LOGIN, CURLE_WEIRD_SERVER_REPLY,
    "5350 nonsense", NULL, BMS_PROBLEM_PROTOCOL_ERROR },
  { "smtp-534-other", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED,
    "534 5.7.140 nothing", NULL, BMS_PROBLEM_WRONG_PASSWORD },

  /* libcurl's results, with no reply that says more. */
  { "dns", BMS_OPERATION_SMTP_LOGIN, CURLE_COULDNT_RESOLVE_HOST, NULL, NULL,
    BMS_PROBLEM_HOST_NOT_FOUND },
  { "refused", BMS_OPERATION_IMAP_LOGIN, CURLE_COULDNT_CONNECT, NULL, NULL,
    BMS_PROBLEM_CONNECTION_REFUSED },
  { "timeout", BMS_OPERATION_SMTP_SEND, CURLE_OPERATION_TIMEDOUT, "220 hello", NULL,
    BMS_PROBLEM_TIMED_OUT },
  { "tls-handshake", BMS_OPERATION_SMTP_LOGIN, CURLE_SSL_CONNECT_ERROR, NULL,
    "OpenSSL/3.0.11: error:0A00010B:SSL routines::wrong version number",
    BMS_PROBLEM_TLS_FAILED },
  { "certificate-untrusted", BMS_OPERATION_SMTP_LOGIN, CURLE_PEER_FAILED_VERIFICATION, NULL,
    "SSL certificate problem: unable to get local issuer certificate",
    BMS_PROBLEM_CERTIFICATE_UNTRUSTED },
  { "certificate-self-signed", BMS_OPERATION_IMAP_LOGIN, CURLE_PEER_FAILED_VERIFICATION, NULL,
    "SSL certificate problem: self-signed certificate", BMS_PROBLEM_CERTIFICATE_UNTRUSTED },
  { "certificate-no-detail", BMS_OPERATION_IMAP_LOGIN, CURLE_PEER_FAILED_VERIFICATION, NULL,
    NULL, BMS_PROBLEM_CERTIFICATE_UNTRUSTED },
  { "certificate-name", BMS_OPERATION_SMTP_LOGIN, CURLE_PEER_FAILED_VERIFICATION, NULL,
    "SSL: no alternative certificate subject name matches target host name 'localhost'",
    BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH },
  { "starttls-not-offered", BMS_OPERATION_SMTP_LOGIN, CURLE_USE_SSL_FAILED, "250 SIZE 100", NULL,
    BMS_PROBLEM_STARTTLS_NOT_OFFERED },
  { "login-denied", BMS_OPERATION_SMTP_LOGIN, CURLE_LOGIN_DENIED, NULL, NULL,
    BMS_PROBLEM_WRONG_PASSWORD },
  { "got-nothing", BMS_OPERATION_SMTP_LOGIN, CURLE_GOT_NOTHING, NULL, NULL,
    BMS_PROBLEM_CONNECTION_LOST },
  { "recv-error", BMS_OPERATION_IMAP_LIST, CURLE_RECV_ERROR, NULL, NULL,
    BMS_PROBLEM_CONNECTION_LOST },
  { "send-error-login", BMS_OPERATION_SMTP_LOGIN, CURLE_SEND_ERROR, "250 OK", NULL,
    BMS_PROBLEM_CONNECTION_LOST },
  { "send-error-no-reply", BMS_OPERATION_SMTP_SEND, CURLE_SEND_ERROR, NULL, NULL,
    BMS_PROBLEM_CONNECTION_LOST },
  { "partial", BMS_OPERATION_IMAP_FILE, CURLE_PARTIAL_FILE, NULL, NULL,
    BMS_PROBLEM_CONNECTION_LOST },
  { "weird", BMS_OPERATION_SMTP_LOGIN, CURLE_WEIRD_SERVER_REPLY, "\x01\x02garbage", NULL,
    BMS_PROBLEM_PROTOCOL_ERROR },
  /* Words that are not the protocol's, then silence or a closed connection. */
  { "garbage-closed", BMS_OPERATION_SMTP_LOGIN, CURLE_RECV_ERROR, "??\xef\xbf\xbd HTTP/1.1 400", NULL,
    BMS_PROBLEM_PROTOCOL_ERROR },
  { "garbage-silent", BMS_OPERATION_IMAP_LOGIN, CURLE_OPERATION_TIMEDOUT, "SSH-2.0-OpenSSH_9.2", NULL,
    BMS_PROBLEM_PROTOCOL_ERROR },
  { "imap-greeting-then-silent", BMS_OPERATION_IMAP_LOGIN, CURLE_OPERATION_TIMEDOUT,
    "* OK Gimap ready", NULL, BMS_PROBLEM_TIMED_OUT },
  { "imap-tagged-then-closed", BMS_OPERATION_IMAP_LIST, CURLE_RECV_ERROR,
    "A002 OK Success", NULL, BMS_PROBLEM_CONNECTION_LOST },
  { "smtp-greeting-then-closed", BMS_OPERATION_SMTP_LOGIN, CURLE_RECV_ERROR,
    "220 smtp.gmail.com ESMTP", NULL, BMS_PROBLEM_CONNECTION_LOST },
  { "cancelled", BMS_OPERATION_SMTP_SEND, CURLE_ABORTED_BY_CALLBACK, "535 5.7.8 no", NULL,
    BMS_PROBLEM_CANCELLED },
  { "folder-access-denied", BMS_OPERATION_IMAP_FILE, CURLE_REMOTE_ACCESS_DENIED, NULL, NULL,
    BMS_PROBLEM_FOLDER_NOT_FOUND },
  { "bad-url", BMS_OPERATION_IMAP_LIST, CURLE_URL_MALFORMAT, NULL, NULL,
    BMS_PROBLEM_INVALID_INPUT },
  { "unknown", BMS_OPERATION_IMAP_LIST, CURLE_OUT_OF_MEMORY, NULL, NULL, BMS_PROBLEM_OTHER },
};

static void
test_diagnose (gconstpointer data)
{
  const DiagnosisCase *test_case = data;

  g_assert_cmpint (bms_diagnose_detail (test_case->operation, test_case->curl_result,
                                        test_case->reply, test_case->detail),
                   ==, test_case->expected);
  /* Without the detail, only the certificate cases may differ. */
  if (test_case->detail == NULL)
    g_assert_cmpint (bms_diagnose (test_case->operation, test_case->curl_result, test_case->reply),
                     ==, test_case->expected);
}

/* Every problem has its own summary and its own advice. */
static void
test_words (void)
{
  g_autoptr(GHashTable) summaries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) advice = g_hash_table_new (g_str_hash, g_str_equal);
  guint shared_advice = 0;

  for (int problem = BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN; problem <= BMS_PROBLEM_OTHER; problem++)
    {
      const char *summary = bms_problem_get_summary (problem);

      g_assert_nonnull (summary);
      g_assert_cmpuint (strlen (summary), >, 10);
      g_assert_false (g_hash_table_contains (summaries, summary));
      g_hash_table_add (summaries, (gpointer) summary);

      for (int gmail = 0; gmail <= 1; gmail++)
        {
          const char *text = bms_problem_get_advice (problem, gmail);

          g_assert_nonnull (text);
          g_assert_cmpuint (strlen (text), >, 20);
          if (gmail)
            {
              if (g_hash_table_contains (advice, text))
                shared_advice++;
              g_hash_table_add (advice, (gpointer) text);
            }
        }
    }

  g_assert_cmpuint (shared_advice, ==, 0);
}

typedef struct {
  BmsProblem  problem;
  gboolean    is_gmail;
  const char *words;
} AdviceCase;

/* The advice tells the user what to do: the words of Google's own screens
 * to look for, the setting or port to change, whom to ask. */
static const AdviceCase advice_cases[] = {
  { BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN, TRUE, "重大なセキュリティの問題が見つかりました" },
  { BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN, TRUE, "最近のセキュリティ イベント" },
  { BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN, TRUE, "「はい」" },
  { BMS_PROBLEM_APP_PASSWORD_REQUIRED, TRUE, "app password" },
  { BMS_PROBLEM_WRONG_PASSWORD, TRUE, "app password" },
  { BMS_PROBLEM_WRONG_PASSWORD, FALSE, "password" },
  { BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT, TRUE, "step 2" },
  { BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN, TRUE, "administrator" },
  { BMS_PROBLEM_TOO_MANY_CONNECTIONS, TRUE, "Close other mail programs" },
  { BMS_PROBLEM_STARTTLS_REQUIRED, TRUE, "STARTTLS" },
  { BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS, TRUE, "Wait" },
  { BMS_PROBLEM_SENDING_LIMIT, TRUE, "24 hours" },
  { BMS_PROBLEM_CONNECTION_REFUSED, TRUE, "465" },
  { BMS_PROBLEM_CONNECTION_REFUSED, TRUE, "587" },
  { BMS_PROBLEM_TIMED_OUT, FALSE, "firewall" },
  { BMS_PROBLEM_TLS_FAILED, TRUE, "port 465 needs SSL/TLS" },
  { BMS_PROBLEM_CERTIFICATE_UNTRUSTED, TRUE, "never ignore" },
  { BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH, TRUE, "smtp.gmail.com" },
};

static void
test_advice (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (advice_cases); i++)
    {
      const AdviceCase *test_case = &advice_cases[i];
      const char *text = bms_problem_get_advice (test_case->problem, test_case->is_gmail);

      if (strstr (text, test_case->words) == NULL)
        g_error ("advice for problem %d lacks “%s”: %s", test_case->problem, test_case->words, text);
    }

  /* Gmail changes the words where it matters. */
  g_assert_cmpstr (bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, TRUE), !=,
                   bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, FALSE));
  g_assert_cmpstr (bms_problem_get_advice (BMS_PROBLEM_CERTIFICATE_UNTRUSTED, TRUE), !=,
                   bms_problem_get_advice (BMS_PROBLEM_CERTIFICATE_UNTRUSTED, FALSE));
}

/* The command line never sends the reader to a step of the assistant, and
 * a problem of the IMAP server gets the IMAP ports, not those for sending. */
static void
test_advice_fits_where_shown (void)
{
  static const BmsOperation operations[] = {
    BMS_OPERATION_SMTP_LOGIN, BMS_OPERATION_SMTP_SEND, BMS_OPERATION_IMAP_LOGIN,
    BMS_OPERATION_IMAP_LIST, BMS_OPERATION_IMAP_FILE,
  };

  for (int problem = BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN; problem <= BMS_PROBLEM_OTHER; problem++)
    for (int gmail = 0; gmail <= 1; gmail++)
      for (gsize i = 0; i < G_N_ELEMENTS (operations); i++)
        {
          const char *text = bms_problem_get_advice_for (problem, gmail, operations[i], BMS_ADVICE_ON_COMMAND_LINE);

          g_assert_nonnull (text);
          if (strstr (text, "assistant") != NULL || strstr (text, "step 1") != NULL ||
              strstr (text, "step 2") != NULL || strstr (text, "the form") != NULL)
            g_error ("command line advice for problem %d sends the reader into the assistant: %s", problem, text);
        }

  for (int gmail = 0; gmail <= 1; gmail++)
    {
      const BmsProblem connection[] = { BMS_PROBLEM_CONNECTION_REFUSED, BMS_PROBLEM_TIMED_OUT };

      for (gsize i = 0; i < G_N_ELEMENTS (connection); i++)
        {
          const char *imap = bms_problem_get_advice_for (connection[i], gmail, BMS_OPERATION_IMAP_LOGIN,
                                                         BMS_ADVICE_ON_COMMAND_LINE);
          const char *smtp = bms_problem_get_advice_for (connection[i], gmail, BMS_OPERATION_SMTP_LOGIN,
                                                         BMS_ADVICE_IN_ASSISTANT);

          g_assert_null (strstr (imap, "465"));
          g_assert_nonnull (strstr (imap, "993"));
          g_assert_nonnull (strstr (smtp, "465"));
        }
    }

  /* In the assistant the steps are named, as before. */
  g_assert_cmpstr (bms_problem_get_advice_for (BMS_PROBLEM_WRONG_PASSWORD, TRUE, BMS_OPERATION_SMTP_LOGIN,
                                               BMS_ADVICE_IN_ASSISTANT), ==,
                   bms_problem_get_advice (BMS_PROBLEM_WRONG_PASSWORD, TRUE));
}

static void
test_error_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (BMS_MAIL_ERROR), ==, "bms-mail-error-quark");
}

/* Every problem has a name that reads back as itself, as profiles keep it;
 * a name that is not a problem's is refused. */
static void
test_nicks (void)
{
  BmsProblem problem;

  for (BmsProblem p = 0; p <= BMS_PROBLEM_OTHER; p++)
    {
      const char *nick = bms_problem_to_nick (p);

      g_assert_nonnull (nick);
      g_assert_true (bms_problem_from_nick (nick, &problem));
      g_assert_cmpint (problem, ==, p);
    }
  g_assert_cmpstr (bms_problem_to_nick (BMS_PROBLEM_WRONG_PASSWORD), ==, "wrong-password");
  g_assert_null (bms_problem_to_nick (BMS_PROBLEM_OTHER + 1));
  g_assert_false (bms_problem_from_nick ("no-such-problem", &problem));
  g_assert_false (bms_problem_from_nick (NULL, &problem));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (diagnosis_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/diagnosis/%s", diagnosis_cases[i].name);

      g_test_add_data_func (path, &diagnosis_cases[i], test_diagnose);
    }
  g_test_add_func ("/diagnosis/advice-fits-where-shown", test_advice_fits_where_shown);
  g_test_add_func ("/diagnosis/words", test_words);
  g_test_add_func ("/diagnosis/advice", test_advice);
  g_test_add_func ("/diagnosis/error-quark", test_error_quark);
  g_test_add_func ("/diagnosis/nicks", test_nicks);

  return g_test_run ();
}
