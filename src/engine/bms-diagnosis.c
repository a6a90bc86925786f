/* bms-diagnosis.c: what went wrong with a mail server, and what to do.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The server's words come first: Gmail says precisely what is wrong
 * ("534-5.7.9 Application-specific password required") where libcurl only
 * knows that the login failed. The libcurl result decides the rest. */

#include "config.h"

#include <string.h>

#include <curl/curl.h>
#include <glib/gi18n.h>

#include "bms-diagnosis.h"

G_DEFINE_QUARK (bms-mail-error-quark, bms_mail_error)

/* How a reply is recognised: SMTP replies by the reply and enhanced status
 * codes at the start of a line ("534-5.7.14" and "534 5.7.14" alike), IMAP
 * replies by the words of Gmail's alerts anywhere in the reply. */
typedef struct {
  const char *line_prefix;   /* NULL, or a line starting so, with '-' or ' ' after the code */
  const char *phrase;        /* NULL, or words found anywhere, case ignored */
  BmsProblem  problem;
} ReplyRule;

static const ReplyRule reply_rules[] = {
  { "534?5.7.14", NULL, BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN },
  { NULL, "Please log in via your web browser", BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN },
  { "534?5.7.9", NULL, BMS_PROBLEM_APP_PASSWORD_REQUIRED },
  { NULL, "Application-specific password required", BMS_PROBLEM_APP_PASSWORD_REQUIRED },
  { NULL, "not enabled for IMAP use", BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT },
  { NULL, "IMAP access is disabled for your domain", BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN },
  { NULL, "Too many simultaneous connections", BMS_PROBLEM_TOO_MANY_CONNECTIONS },
  { NULL, "Must issue a STARTTLS command first", BMS_PROBLEM_STARTTLS_REQUIRED },
  { "530?5.7.0", NULL, BMS_PROBLEM_STARTTLS_REQUIRED },
  { "454?4.7.0", NULL, BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS },
  { NULL, "Too many login attempts", BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS },
  { "550?5.4.5", NULL, BMS_PROBLEM_SENDING_LIMIT },
  { NULL, "Daily user sending limit exceeded", BMS_PROBLEM_SENDING_LIMIT },
  { NULL, "[AUTHENTICATIONFAILED]", BMS_PROBLEM_WRONG_PASSWORD },
  { "535", NULL, BMS_PROBLEM_WRONG_PASSWORD },
};

/* Whether @line starts with @prefix, where '?' stands for the '-' or ' '
 * after a reply code, and the prefix ends a word. */
static gboolean
line_has_prefix (const char *line,
                 const char *prefix)
{
  gsize i;

  for (i = 0; prefix[i] != '\0'; i++)
    {
      if (prefix[i] == '?')
        {
          if (line[i] != '-' && line[i] != ' ')
            return FALSE;
        }
      else if (line[i] != prefix[i])
        return FALSE;
    }

  return line[i] == '\0' || line[i] == ' ' || line[i] == '-';
}

static gboolean
reply_has_line_prefix (const char *reply,
                       const char *prefix)
{
  for (const char *line = reply; line != NULL; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (line_has_prefix (line, prefix))
        return TRUE;
    }

  return FALSE;
}

static gboolean
contains_phrase (const char *text,
                 const char *phrase)
{
  g_autofree char *text_lower = g_ascii_strdown (text, -1);
  g_autofree char *phrase_lower = g_ascii_strdown (phrase, -1);

  return strstr (text_lower, phrase_lower) != NULL;
}

static gboolean
diagnose_reply (const char *reply,
                BmsProblem *problem)
{
  if (reply == NULL)
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (reply_rules); i++)
    {
      const ReplyRule *rule = &reply_rules[i];

      if ((rule->line_prefix != NULL && reply_has_line_prefix (reply, rule->line_prefix))
          || (rule->phrase != NULL && contains_phrase (reply, rule->phrase)))
        {
          *problem = rule->problem;
          return TRUE;
        }
    }

  return FALSE;
}

/* The code of the last line of an SMTP reply, or 0. */
static int
smtp_reply_code (const char *reply)
{
  const char *last;

  if (reply == NULL)
    return 0;

  last = strrchr (reply, '\n');
  last = last != NULL ? last + 1 : reply;
  if (!g_ascii_isdigit (last[0]) || !g_ascii_isdigit (last[1]) || !g_ascii_isdigit (last[2])
      || (last[3] != ' ' && last[3] != '-' && last[3] != '\0'))
    return 0;

  return (last[0] - '0') * 100 + (last[1] - '0') * 10 + (last[2] - '0');
}

static gboolean
is_imap (BmsOperation operation)
{
  return operation == BMS_OPERATION_IMAP_LOGIN
         || operation == BMS_OPERATION_IMAP_LIST
         || operation == BMS_OPERATION_IMAP_FILE;
}

/* OpenSSL's words for a certificate made out for another host name. */
static gboolean
is_name_mismatch (const char *detail)
{
  return detail != NULL
         && (contains_phrase (detail, "subject name")
             || contains_phrase (detail, "does not match target host")
             || contains_phrase (detail, "hostname mismatch"));
}

static BmsProblem
diagnose_code (BmsOperation  operation,
               int           curl_result,
               const char   *server_reply,
               const char   *detail)
{
  int reply_code = smtp_reply_code (server_reply);

  switch (curl_result)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
      return BMS_PROBLEM_HOST_NOT_FOUND;
    case CURLE_COULDNT_CONNECT:
      return BMS_PROBLEM_CONNECTION_REFUSED;
    case CURLE_OPERATION_TIMEDOUT:
      return BMS_PROBLEM_TIMED_OUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
      return BMS_PROBLEM_TLS_FAILED;
    case CURLE_PEER_FAILED_VERIFICATION:
      return is_name_mismatch (detail) ? BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH
                                       : BMS_PROBLEM_CERTIFICATE_UNTRUSTED;
    case CURLE_SSL_CACERT_BADFILE:
      return BMS_PROBLEM_CERTIFICATE_UNTRUSTED;
    case CURLE_USE_SSL_FAILED:
      return BMS_PROBLEM_STARTTLS_NOT_OFFERED;
    case CURLE_LOGIN_DENIED:
      return BMS_PROBLEM_WRONG_PASSWORD;
    case CURLE_SEND_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
      /* libcurl reports a refused MAIL FROM, RCPT TO, DATA or message as
       * one of these; the refusal is in the server's last reply. */
      if (operation == BMS_OPERATION_SMTP_SEND && reply_code >= 400)
        return BMS_PROBLEM_MESSAGE_REFUSED;
      return curl_result == CURLE_SEND_ERROR ? BMS_PROBLEM_CONNECTION_LOST
                                             : BMS_PROBLEM_PROTOCOL_ERROR;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
      return BMS_PROBLEM_CONNECTION_LOST;
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_REMOTE_FILE_NOT_FOUND:
      return is_imap (operation) ? BMS_PROBLEM_FOLDER_NOT_FOUND : BMS_PROBLEM_MESSAGE_REFUSED;
    case CURLE_ABORTED_BY_CALLBACK:
      return BMS_PROBLEM_CANCELLED;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return BMS_PROBLEM_INVALID_INPUT;
    default:
      return BMS_PROBLEM_OTHER;
    }
}

/* Whether the last line of @reply has the form of the protocol's replies:
 * "250 …" or "250-…" for SMTP; "* …", "+ …" or "tag OK/NO/BAD …" for IMAP. */
static gboolean
looks_like_reply (BmsOperation  operation,
                  const char   *reply)
{
  const char *last = strrchr (reply, '\n');
  g_auto(GStrv) words = NULL;

  if (!is_imap (operation))
    return smtp_reply_code (reply) != 0;

  last = last != NULL ? last + 1 : reply;
  if (g_str_has_prefix (last, "* ") || last[0] == '+')
    return TRUE;

  words = g_strsplit (last, " ", 3);
  return g_strv_length (words) >= 2
         && (g_ascii_strcasecmp (words[1], "OK") == 0 || g_ascii_strcasecmp (words[1], "NO") == 0
             || g_ascii_strcasecmp (words[1], "BAD") == 0 || g_ascii_strcasecmp (words[1], "BYE") == 0);
}

/* A server that said something, but not in the protocol's words, and then
 * closed the connection or went quiet, is not a mail server of that kind. */
static gboolean
is_foreign_server (BmsOperation  operation,
                   int           curl_result,
                   const char   *server_reply)
{
  switch (curl_result)
    {
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_WEIRD_SERVER_REPLY:
      return server_reply != NULL && !looks_like_reply (operation, server_reply);
    default:
      return FALSE;
    }
}

BmsProblem
bms_diagnose_detail (BmsOperation  operation,
                     int           curl_result,
                     const char   *server_reply,
                     const char   *detail)
{
  BmsProblem problem;

  if (curl_result == CURLE_ABORTED_BY_CALLBACK)
    return BMS_PROBLEM_CANCELLED;

  if (diagnose_reply (server_reply, &problem))
    return problem;

  if (is_imap (operation) && server_reply != NULL
      && (contains_phrase (server_reply, "[NONEXISTENT]")
          || contains_phrase (server_reply, "[TRYCREATE]")))
    return BMS_PROBLEM_FOLDER_NOT_FOUND;

  if (is_foreign_server (operation, curl_result, server_reply))
    return BMS_PROBLEM_PROTOCOL_ERROR;

  return diagnose_code (operation, curl_result, server_reply, detail);
}

BmsProblem
bms_diagnose (BmsOperation  operation,
              int           curl_result,
              const char   *server_reply)
{
  return bms_diagnose_detail (operation, curl_result, server_reply, NULL);
}

const char *
bms_problem_get_summary (BmsProblem problem)
{
  switch (problem)
    {
    case BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN:
      return _("Google blocked the sign-in");
    case BMS_PROBLEM_APP_PASSWORD_REQUIRED:
      return _("Google asks for an app password, not the Google password");
    case BMS_PROBLEM_WRONG_PASSWORD:
      return _("The server did not accept the user name or the password");
    case BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT:
      return _("IMAP is turned off for this account");
    case BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN:
      return _("IMAP is turned off for this organisation’s domain");
    case BMS_PROBLEM_TOO_MANY_CONNECTIONS:
      return _("Too many mail programs are connected to this account at the same time");
    case BMS_PROBLEM_STARTTLS_REQUIRED:
      return _("The server requires STARTTLS encryption");
    case BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS:
      return _("Too many login attempts in a short time");
    case BMS_PROBLEM_SENDING_LIMIT:
      return _("The account has reached its daily sending limit");
    case BMS_PROBLEM_HOST_NOT_FOUND:
      return _("The server name was not found");
    case BMS_PROBLEM_CONNECTION_REFUSED:
      return _("The server refused the connection");
    case BMS_PROBLEM_TIMED_OUT:
      return _("The server did not answer in time");
    case BMS_PROBLEM_TLS_FAILED:
      return _("The encrypted connection could not be set up");
    case BMS_PROBLEM_CERTIFICATE_UNTRUSTED:
      return _("The server’s certificate is not trusted");
    case BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH:
      return _("The server’s certificate is made out for another server name");
    case BMS_PROBLEM_STARTTLS_NOT_OFFERED:
      return _("The server does not offer STARTTLS encryption");
    case BMS_PROBLEM_CONNECTION_LOST:
      return _("The server closed the connection unexpectedly");
    case BMS_PROBLEM_PROTOCOL_ERROR:
      return _("The server’s answer could not be understood");
    case BMS_PROBLEM_FOLDER_NOT_FOUND:
      return _("The folder for sent mail was not found");
    case BMS_PROBLEM_MESSAGE_REFUSED:
      return _("The server refused the test message");
    case BMS_PROBLEM_INVALID_INPUT:
      return _("A value entered cannot be used");
    case BMS_PROBLEM_CANCELLED:
      return _("The test was cancelled");
    case BMS_PROBLEM_NO_PASSWORD:
      return _("There is no saved password");
    case BMS_PROBLEM_CA_FILE_UNREADABLE:
      return _("The certificate file cannot be read");
    case BMS_PROBLEM_OTHER:
    default:
      return _("The mail server test failed");
    }
}

static const char *
get_connection_advice (BmsProblem problem,
                       gboolean   is_gmail)
{
  switch (problem)
    {
    case BMS_PROBLEM_HOST_NOT_FOUND:
      return is_gmail
        ? _("Check the server name: smtp.gmail.com for sending, imap.gmail.com for IMAP. "
            "Also check that this computer is connected to the Internet.")
        : _("Check the spelling of the server name, and that this computer is connected to the Internet.");
    case BMS_PROBLEM_CONNECTION_REFUSED:
      return is_gmail
        ? _("Check the server name, the port and the encryption: for sending, port 465 with SSL/TLS "
            "or port 587 with STARTTLS; for IMAP, port 993 with SSL/TLS.")
        : _("Check the server name, the port and the encryption with your mail provider. "
            "For sending, try port 465 with SSL/TLS or port 587 with STARTTLS.");
    case BMS_PROBLEM_TIMED_OUT:
      return is_gmail
        ? _("Check the port and the encryption: for sending, port 465 with SSL/TLS or port 587 "
            "with STARTTLS; for IMAP, port 993 with SSL/TLS. If they are right, a firewall may "
            "block the port: try the other sending port, or ask your network administrator.")
        : _("Check the server name, the port and the encryption with your mail provider, and try "
            "port 465 with SSL/TLS or port 587 with STARTTLS for sending. A firewall may also "
            "block the port: ask your network administrator.");
    case BMS_PROBLEM_TLS_FAILED:
      return _("The encryption probably does not match the port: port 465 needs SSL/TLS, "
               "port 587 needs STARTTLS, port 993 needs SSL/TLS and port 143 needs STARTTLS. "
               "Change the port or the encryption and test again.");
    case BMS_PROBLEM_CERTIFICATE_UNTRUSTED:
      return is_gmail
        ? _("Gmail’s certificates are always trusted, so something between this computer and Google "
            "is intercepting the connection. Do not continue and never ignore this: ask your "
            "network administrator.")
        : _("Ask your mail provider or network administrator about the server’s certificate; "
            "never send a password to a server whose certificate is not trusted.");
    case BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH:
      return is_gmail
        ? _("Check that the server name is exactly smtp.gmail.com or imap.gmail.com. If it is, "
            "something is intercepting the connection: do not continue, and ask your network "
            "administrator.")
        : _("Check that the server name is exactly the one your mail provider gives, "
            "not another name of the same server.");
    case BMS_PROBLEM_STARTTLS_NOT_OFFERED:
      return _("The server does not offer STARTTLS on this port. Choose SSL/TLS with its port "
               "(465 for sending, 993 for IMAP), or ask your mail provider.");
    case BMS_PROBLEM_CONNECTION_LOST:
      return _("Test again. If it happens again, check the port and the encryption; "
               "a firewall or antivirus program may also cut the connection.");
    case BMS_PROBLEM_PROTOCOL_ERROR:
      return _("The port probably belongs to another service. Check the port and the encryption: "
               "465 or 587 for sending, 993 or 143 for IMAP.");
    case BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN:
    case BMS_PROBLEM_APP_PASSWORD_REQUIRED:
    case BMS_PROBLEM_WRONG_PASSWORD:
    case BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT:
    case BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN:
    case BMS_PROBLEM_TOO_MANY_CONNECTIONS:
    case BMS_PROBLEM_STARTTLS_REQUIRED:
    case BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS:
    case BMS_PROBLEM_SENDING_LIMIT:
    case BMS_PROBLEM_FOLDER_NOT_FOUND:
    case BMS_PROBLEM_MESSAGE_REFUSED:
    case BMS_PROBLEM_INVALID_INPUT:
    case BMS_PROBLEM_CANCELLED:
    case BMS_PROBLEM_NO_PASSWORD:
    case BMS_PROBLEM_CA_FILE_UNREADABLE:
    case BMS_PROBLEM_OTHER:
    default:
      return NULL;  /* not a problem of the connection */
    }
}

const char *
bms_problem_get_advice (BmsProblem problem,
                        gboolean   is_gmail)
{
  const char *advice = get_connection_advice (problem, is_gmail);

  if (advice != NULL)
    return advice;

  switch (problem)
    {
    case BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN:
      return _("Sign in to the Google account in a web browser. Open the message "
               "「重大なセキュリティの問題が見つかりました」 (critical security alert), go to "
               "最近のセキュリティ イベント (recent security events) and answer 「はい」 (yes, it was me). "
               "Then test again.");
    case BMS_PROBLEM_APP_PASSWORD_REQUIRED:
      return _("The account has 2-Step Verification, so the Google password cannot be used here. "
               "Create an app password as shown in step 1 of this assistant, and enter it as the password.");
    case BMS_PROBLEM_WRONG_PASSWORD:
      return is_gmail
        ? _("Check the user name (the full e-mail address) and the app password. An app password "
            "stops working when the Google password is changed: then create a new one in step 1 "
            "of this assistant.")
        : _("Check the user name and the password. Ask your mail provider if they are right.");
    case BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT:
      return _("Turn IMAP on in Gmail’s settings, as shown in step 2 of this assistant: "
               "設定 → すべての設定を表示 → メール転送と POP/IMAP → IMAP を有効にする → 変更を保存. "
               "Then test again.");
    case BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN:
      return _("The administrator of your organisation’s Google Workspace has turned IMAP off. "
               "Ask them to allow IMAP, then test again.");
    case BMS_PROBLEM_TOO_MANY_CONNECTIONS:
      return _("Close other mail programs and phones that use this account, wait a few minutes, "
               "then test again.");
    case BMS_PROBLEM_STARTTLS_REQUIRED:
      return _("Choose STARTTLS as the encryption for this port (587), or SSL/TLS with port 465.");
    case BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS:
      return _("Wait at least a few minutes before testing again.");
    case BMS_PROBLEM_SENDING_LIMIT:
      return is_gmail
        ? _("Gmail limits how many messages an account sends per day. Wait 24 hours, then test again.")
        : _("Wait until the sending limit is reset (often 24 hours), then test again.");
    case BMS_PROBLEM_FOLDER_NOT_FOUND:
      return _("Fetch the folder list again and choose the folder for sent mail from it.");
    case BMS_PROBLEM_MESSAGE_REFUSED:
      return _("Check the e-mail address and the sender. The server’s own words are in the details.");
    case BMS_PROBLEM_INVALID_INPUT:
      return _("Remove line breaks and other special characters from the values entered, then test again.");
    case BMS_PROBLEM_CANCELLED:
      return _("Run the test again when you are ready.");
    case BMS_PROBLEM_NO_PASSWORD:
      return _("Nothing was sent to the server. Enter the password again (for Gmail, the employee’s "
               "app password) and save the account, then test again.");
    case BMS_PROBLEM_CA_FILE_UNREADABLE:
      return _("Check the name of the certificate file: it must be an existing PEM file that this "
               "user can read.");
    case BMS_PROBLEM_HOST_NOT_FOUND:
    case BMS_PROBLEM_CONNECTION_REFUSED:
    case BMS_PROBLEM_TIMED_OUT:
    case BMS_PROBLEM_TLS_FAILED:
    case BMS_PROBLEM_CERTIFICATE_UNTRUSTED:
    case BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH:
    case BMS_PROBLEM_STARTTLS_NOT_OFFERED:
    case BMS_PROBLEM_CONNECTION_LOST:
    case BMS_PROBLEM_PROTOCOL_ERROR:
    case BMS_PROBLEM_OTHER:
    default:
      return _("Check every value against your mail provider’s settings. "
               "The server’s own words are in the details.");
    }
}

/* A connection problem of the IMAP server: its ports, not those for sending. */
static const char *
get_imap_connection_advice (BmsProblem problem,
                            gboolean   is_gmail)
{
  switch (problem)
    {
    case BMS_PROBLEM_HOST_NOT_FOUND:
      return is_gmail
        ? _("Check the IMAP server name: imap.gmail.com. Also check that this computer is connected to the Internet.")
        : NULL;
    case BMS_PROBLEM_CONNECTION_REFUSED:
      return is_gmail
        ? _("Check the IMAP server name, the port and the encryption: for Gmail, port 993 with SSL/TLS.")
        : _("Check the IMAP server name, the port and the encryption with your mail provider. "
            "For IMAP, try port 993 with SSL/TLS or port 143 with STARTTLS.");
    case BMS_PROBLEM_TIMED_OUT:
      return is_gmail
        ? _("Check the IMAP port and the encryption: for Gmail, port 993 with SSL/TLS. If they are right, "
            "a firewall may block the port: ask your network administrator.")
        : _("Check the IMAP server name, the port and the encryption with your mail provider, and try "
            "port 993 with SSL/TLS or port 143 with STARTTLS. A firewall may also block the port: ask "
            "your network administrator.");
    case BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN:
    case BMS_PROBLEM_APP_PASSWORD_REQUIRED:
    case BMS_PROBLEM_WRONG_PASSWORD:
    case BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT:
    case BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN:
    case BMS_PROBLEM_TOO_MANY_CONNECTIONS:
    case BMS_PROBLEM_STARTTLS_REQUIRED:
    case BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS:
    case BMS_PROBLEM_SENDING_LIMIT:
    case BMS_PROBLEM_TLS_FAILED:
    case BMS_PROBLEM_CERTIFICATE_UNTRUSTED:
    case BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH:
    case BMS_PROBLEM_STARTTLS_NOT_OFFERED:
    case BMS_PROBLEM_CONNECTION_LOST:
    case BMS_PROBLEM_PROTOCOL_ERROR:
    case BMS_PROBLEM_FOLDER_NOT_FOUND:
    case BMS_PROBLEM_MESSAGE_REFUSED:
    case BMS_PROBLEM_INVALID_INPUT:
    case BMS_PROBLEM_CANCELLED:
    case BMS_PROBLEM_NO_PASSWORD:
    case BMS_PROBLEM_CA_FILE_UNREADABLE:
    case BMS_PROBLEM_OTHER:
    default:
      return NULL;
    }
}

/* The advice that names a step of the assistant, or its form, as the
 * command line says it. */
static const char *
get_command_line_advice (BmsProblem problem,
                         gboolean   is_gmail)
{
  switch (problem)
    {
    case BMS_PROBLEM_APP_PASSWORD_REQUIRED:
      return _("The account has 2-Step Verification, so the Google password cannot be used here. "
               "Create an app password at https://myaccount.google.com/apppasswords (signed in as the "
               "employee) and give it as the password.");
    case BMS_PROBLEM_WRONG_PASSWORD:
      return is_gmail
        ? _("Check the user name (the full e-mail address) and the app password. An app password "
            "stops working when the Google password is changed: then create a new one at "
            "https://myaccount.google.com/apppasswords.")
        : NULL;
    case BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT:
      return _("Turn IMAP on in Gmail’s settings (signed in as the employee): "
               "設定 → すべての設定を表示 → メール転送と POP/IMAP → IMAP を有効にする → 変更を保存. "
               "Then test again.");
    case BMS_PROBLEM_FOLDER_NOT_FOUND:
      return _("List the folders with --list-folders and put the sent mail folder’s name, as the server "
               "sends it (the second column), into sent-folder of the profile.");
    case BMS_PROBLEM_NO_PASSWORD:
      return _("Nothing was sent to the server. Give the password on standard input, or open the "
               "account in BizMagic Mail Setup and save it again with its password.");
    case BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN:
    case BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN:
    case BMS_PROBLEM_TOO_MANY_CONNECTIONS:
    case BMS_PROBLEM_STARTTLS_REQUIRED:
    case BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS:
    case BMS_PROBLEM_SENDING_LIMIT:
    case BMS_PROBLEM_HOST_NOT_FOUND:
    case BMS_PROBLEM_CONNECTION_REFUSED:
    case BMS_PROBLEM_TIMED_OUT:
    case BMS_PROBLEM_TLS_FAILED:
    case BMS_PROBLEM_CERTIFICATE_UNTRUSTED:
    case BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH:
    case BMS_PROBLEM_STARTTLS_NOT_OFFERED:
    case BMS_PROBLEM_CONNECTION_LOST:
    case BMS_PROBLEM_PROTOCOL_ERROR:
    case BMS_PROBLEM_MESSAGE_REFUSED:
    case BMS_PROBLEM_INVALID_INPUT:
    case BMS_PROBLEM_CANCELLED:
    case BMS_PROBLEM_CA_FILE_UNREADABLE:
    case BMS_PROBLEM_OTHER:
    default:
      return NULL;
    }
}

const char *
bms_problem_get_advice_for (BmsProblem        problem,
                            gboolean          is_gmail,
                            BmsOperation      operation,
                            BmsAdviceContext  context)
{
  const char *advice = NULL;

  if (context == BMS_ADVICE_ON_COMMAND_LINE)
    advice = get_command_line_advice (problem, is_gmail);
  if (advice == NULL && is_imap (operation))
    advice = get_imap_connection_advice (problem, is_gmail);

  return advice != NULL ? advice : bms_problem_get_advice (problem, is_gmail);
}

const char *
bms_problem_to_nick (BmsProblem problem)
{
  g_autoptr(GEnumClass) problems = g_type_class_ref (BMS_TYPE_PROBLEM);
  GEnumValue *value = g_enum_get_value (problems, problem);

  return value != NULL ? value->value_nick : NULL;
}

gboolean
bms_problem_from_nick (const char *nick,
                       BmsProblem *problem)
{
  g_autoptr(GEnumClass) problems = NULL;
  GEnumValue *value;

  g_return_val_if_fail (problem != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  problems = g_type_class_ref (BMS_TYPE_PROBLEM);
  value = g_enum_get_value_by_nick (problems, nick);
  if (value == NULL)
    return FALSE;

  *problem = value->value;
  return TRUE;
}
