/* test-transcript.c: what a transcript keeps, and what it never keeps.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-transcript.h"

#define SECRET "pa55w0rd"

typedef struct {
  BmsTranscriptKind kind;
  const char       *line;
} Step;

#define S(text) { BMS_TRANSCRIPT_SERVER, text }
#define C(text) { BMS_TRANSCRIPT_CLIENT, text }
#define I(text) { BMS_TRANSCRIPT_INFO, text }
#define END { BMS_TRANSCRIPT_INFO, NULL }

typedef struct {
  const char *name;
  Step        steps[12];
  const char *expected;       /* the whole transcript, as bms_transcript_to_string() */
} RedactionCase;

/* base64 ("\0alice\0pa55w0rd") and base64 ("alice"), base64 ("pa55w0rd"). */
#define PLAIN_IR "AGFsaWNlAHBhNTV3MHJk"
#define LOGIN_USER "YWxpY2U="
#define LOGIN_PASS "cGE1NXcwcmQ="

static const RedactionCase redaction_cases[] = {
  { "smtp-auth-plain-initial-response",
    { S ("220 ready"), C ("EHLO host"), S ("250 AUTH PLAIN"), C ("AUTH PLAIN " PLAIN_IR),
      S ("235 2.7.0 Accepted"), C ("QUIT"), END },
    "S: 220 ready\nC: EHLO host\nS: 250 AUTH PLAIN\nC: AUTH PLAIN ********\n"
    "S: 235 2.7.0 Accepted\nC: QUIT\n" },
  { "smtp-auth-plain-prompt",
    { C ("AUTH PLAIN"), S ("334 "), C (PLAIN_IR), S ("235 ok"), END },
    "C: AUTH PLAIN\nS: 334 \nC: ********\nS: 235 ok\n" },
  { "smtp-auth-login",
    { C ("auth login"), S ("334 VXNlcm5hbWU6"), C (LOGIN_USER), S ("334 UGFzc3dvcmQ6"),
      C (LOGIN_PASS), S ("535 5.7.8 Authentication credentials invalid"), C ("QUIT"), END },
    "C: auth login\nS: 334 VXNlcm5hbWU6\nC: ********\nS: 334 UGFzc3dvcmQ6\nC: ********\n"
    "S: 535 5.7.8 Authentication credentials invalid\nC: QUIT\n" },
  { "imap-login",
    { S ("* OK ready"), C ("A001 LOGIN alice " SECRET), S ("A001 OK done"), END },
    "S: * OK ready\nC: A001 LOGIN alice ********\nS: A001 OK done\n" },
  { "imap-login-quoted",
    { C ("A001 LOGIN \"alice smith\" \"p w\""), C ("A002 login \"a\\\"b\" x"), END },
    "C: A001 LOGIN \"alice smith\" ********\nC: A002 login \"a\\\"b\" ********\n" },
  { "imap-login-literal",
    { C ("A001 LOGIN {5}"), S ("+ OK"), C ("alice {8}"), S ("+ OK"), C (SECRET),
      S ("A001 OK"), C ("A002 LOGOUT"), END },
    "C: A001 LOGIN ********\nS: + OK\nC: ********\nS: + OK\nC: ********\nS: A001 OK\n"
    "C: A002 LOGOUT\n" },
  { "imap-authenticate-initial-response",
    { C ("A001 AUTHENTICATE PLAIN " PLAIN_IR), S ("A001 OK"), END },
    "C: A001 AUTHENTICATE PLAIN ********\nS: A001 OK\n" },
  { "imap-authenticate-continuation",
    { C ("A001 AUTHENTICATE PLAIN"), S ("+ "), C (PLAIN_IR), S ("A001 OK"), C ("A002 LIST \"\" *"), END },
    "C: A001 AUTHENTICATE PLAIN\nS: + \nC: ********\nS: A001 OK\nC: A002 LIST \"\" *\n" },
  { "secret-anywhere",
    { I ("trying " SECRET), S ("500 what is " SECRET "?"), C ("NOOP " SECRET SECRET),
      C ("XTEST " LOGIN_PASS), END },
    "* trying ********\nS: 500 what is ********?\nC: NOOP ****************\nC: XTEST ********=\n" },
  { "line-breaks-never-kept",
    { S ("250 a\r\nb"), END },
    "S: 250 a  b\n" },
  { "garbage-made-printable",
    { S ("\x01\x02\xff garbage\x7f\t!"), END },
    "S: ??\xef\xbf\xbd garbage? !\n" },
};

static void
test_redaction (gconstpointer data)
{
  const RedactionCase *test_case = data;
  g_autoptr(BmsTranscript) transcript = bms_transcript_new ();
  g_autofree char *text = NULL;

  for (guint i = 0; test_case->steps[i].line != NULL; i++)
    bms_transcript_add (transcript, test_case->steps[i].kind, test_case->steps[i].line, SECRET);

  text = bms_transcript_to_string (transcript);
  g_assert_cmpstr (text, ==, test_case->expected);
  g_assert_null (strstr (text, SECRET));
  g_assert_null (strstr (text, PLAIN_IR));
  g_assert_null (strstr (text, "cGE1NXcwcmQ"));
}

static gboolean
decodes_to_secret (const char *word)
{
  gsize length = 0;
  g_autofree guchar *decoded = g_base64_decode (word, &length);

  for (gsize i = 0; i + strlen (SECRET) <= length; i++)
    if (memcmp (decoded + i, SECRET, strlen (SECRET)) == 0)
      return TRUE;
  return FALSE;
}

/* Whether any substring of any word of @text, read as base64 from any
 * place, gives the secret back. */
static gboolean
holds_decodable_secret (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n()", -1);

  if (strstr (text, SECRET) != NULL)
    return TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    for (gsize start = 0; words[i][start] != '\0'; start++)
      for (gsize end = strlen (words[i]); end > start + 3; end--)
        {
          g_autofree char *part = g_strndup (words[i] + start, end - start);

          if (decodes_to_secret (part))
            return TRUE;
        }

  return FALSE;
}

/* A server that repeats the client's AUTH PLAIN blob, or the secret in
 * base64 at any place of a longer blob, in any of its lines: whatever the
 * user name's length (which moves the secret across base64's groups of
 * three bytes), nothing kept decodes to the secret. */
static void
test_redaction_echoed (void)
{
  static const char * const users[] = { "", "a", "al", "ali", "alic", "alice" };

  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    for (guint junk = 0; junk < 4; junk++)
      {
        g_autoptr(BmsTranscript) transcript = bms_transcript_new ();
        g_autoptr(GString) blob = g_string_new (NULL);
        g_autofree char *encoded = NULL;
        g_autofree char *line = NULL;
        g_autofree char *glued = NULL;
        g_autofree char *text = NULL;

        g_string_append_len (blob, "\0", 1);
        g_string_append (blob, users[u]);
        g_string_append_len (blob, "\0", 1);
        g_string_append (blob, SECRET);
        /* Bytes after the secret change its last base64 characters. */
        g_string_append_len (blob, "xyz", junk);
        encoded = g_base64_encode ((const guchar *) blob->str, blob->len);

        line = g_strdup_printf ("535-5.7.8 You sent AUTH PLAIN %s (rejected)", encoded);
        bms_transcript_add (transcript, BMS_TRANSCRIPT_SERVER, line, SECRET);
        /* Glued to other base64 characters, so that the word as a whole
         * decodes to nonsense, and only the groups tell. */
        glued = g_strdup_printf ("535 5.7.8 QQ%s", encoded);
        bms_transcript_add (transcript, BMS_TRANSCRIPT_SERVER, glued, SECRET);

        text = bms_transcript_to_string (transcript);
        if (holds_decodable_secret (text))
          g_error ("user \"%s\", %u bytes after: %s", users[u], junk, text);
      }
}

typedef struct {
  const char *line;
  gboolean    gmail;
} GmailCase;

static const GmailCase gmail_cases[] = {
  { "220 smtp.gmail.com ESMTP a1-20020a.123 - gsmtp", TRUE },
  { "535-5.7.8 Username and Password not accepted. For more information, go to", FALSE },
  { "535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1 - gsmtp", TRUE },
  { "* OK Gimap ready for requests from 127.0.0.1 a1mb123", TRUE },
  { "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY", TRUE },
  { "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+] Dovecot ready.", FALSE },
  { "220 localhost Python SMTP 1.4.3", FALSE },
  { "250 gsmtp", FALSE },    /* not a Gmail reply: no " - gsmtp" ending a reply of its */
};

static void
test_says_gmail (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (gmail_cases); i++)
    {
      g_autoptr(BmsTranscript) transcript = bms_transcript_new ();
      g_autoptr(BmsTranscript) from_client = bms_transcript_new ();

      bms_transcript_add (transcript, BMS_TRANSCRIPT_INFO, "Connected", NULL);
      bms_transcript_add (transcript, BMS_TRANSCRIPT_SERVER, gmail_cases[i].line, NULL);
      g_assert_cmpint (bms_transcript_says_gmail (transcript), ==, gmail_cases[i].gmail);

      /* Only the server's words count. */
      bms_transcript_add (from_client, BMS_TRANSCRIPT_CLIENT, gmail_cases[i].line, NULL);
      g_assert_false (bms_transcript_says_gmail (from_client));
    }
}

typedef struct {
  const char *name;
  Step        steps[12];
  const char *expected;   /* NULL: no reply */
} ReplyCase;

static const ReplyCase reply_cases[] = {
  { "empty", { END }, NULL },
  { "client-only", { C ("EHLO x"), END }, NULL },
  { "greeting", { S ("220 hello"), END }, "220 hello" },
  { "smtp-multi-line",
    { S ("220 hi"), C ("EHLO x"), S ("250-smtp"), S ("250 AUTH PLAIN"), C ("AUTH PLAIN xyz"),
      S ("534-5.7.14 <https://accounts.google.com/> Please log in"),
      S ("534-5.7.14 via your web browser"), S ("534 5.7.14  Learn more"),
      I ("Authentication failed"), I ("Closing connection"), END },
    "534-5.7.14 <https://accounts.google.com/> Please log in\n"
    "534-5.7.14 via your web browser\n534 5.7.14  Learn more" },
  /* Two replies with no command between (pipelining): the last one only. */
  { "smtp-pipelined",
    { C ("MAIL FROM:<a@b>"), S ("250 2.1.0 OK"), S ("550-5.4.5 Daily user sending limit"),
      S ("550 5.4.5 exceeded"), END },
    "550-5.4.5 Daily user sending limit\n550 5.4.5 exceeded" },
  { "smtp-last-reply-after-client",
    { S ("250 a"), C ("NOOP"), S ("250 2.0.0 OK"), END },
    "250 2.0.0 OK" },
  { "smtp-quit-passed-over",
    { C ("MAIL FROM:<a@b>"), S ("530 Must issue a STARTTLS command first"), I ("MAIL failed: 530"),
      C ("QUIT"), S ("221 Bye"), I ("Closing connection 0"), END },
    "530 Must issue a STARTTLS command first" },
  { "imap-logout-passed-over",
    { C ("A001 LOGIN alice x"), S ("A001 NO [ALERT] Too many simultaneous connections. (Failure)"),
      C ("A002 LOGOUT"), S ("* BYE LOGOUT Requested"), S ("A002 OK 73 good day (Success)"), END },
    "A001 NO [ALERT] Too many simultaneous connections. (Failure)" },
  { "only-goodbye", { C ("QUIT"), S ("221 Bye"), END }, NULL },
  { "imap-untagged-and-tagged",
    { C ("A001 LOGIN alice x"), S ("* CAPABILITY IMAP4rev1"),
      S ("A001 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"), END },
    "* CAPABILITY IMAP4rev1\nA001 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)" },
};

static void
test_last_reply (gconstpointer data)
{
  const ReplyCase *test_case = data;
  g_autoptr(BmsTranscript) transcript = bms_transcript_new ();
  g_autofree char *reply = NULL;

  for (guint i = 0; test_case->steps[i].line != NULL; i++)
    bms_transcript_add (transcript, test_case->steps[i].kind, test_case->steps[i].line, NULL);

  reply = bms_transcript_dup_last_reply (transcript);
  g_assert_cmpstr (reply, ==, test_case->expected);
}

static void
test_accessors (void)
{
  g_autoptr(BmsTranscript) transcript = bms_transcript_new ();

  g_assert_cmpuint (bms_transcript_get_n_lines (transcript), ==, 0);
  bms_transcript_add (transcript, BMS_TRANSCRIPT_INFO, "Trying 127.0.0.1", NULL);
  bms_transcript_add (transcript, BMS_TRANSCRIPT_SERVER, "220 hi", NULL);
  bms_transcript_add (transcript, BMS_TRANSCRIPT_CLIENT, "EHLO x", NULL);

  g_assert_cmpuint (bms_transcript_get_n_lines (transcript), ==, 3);
  g_assert_cmpint (bms_transcript_get_kind (transcript, 0), ==, BMS_TRANSCRIPT_INFO);
  g_assert_cmpint (bms_transcript_get_kind (transcript, 1), ==, BMS_TRANSCRIPT_SERVER);
  g_assert_cmpint (bms_transcript_get_kind (transcript, 2), ==, BMS_TRANSCRIPT_CLIENT);
  g_assert_cmpstr (bms_transcript_get_line (transcript, 0), ==, "Trying 127.0.0.1");
  g_assert_cmpstr (bms_transcript_get_line (transcript, 2), ==, "EHLO x");
}

#define N_THREADS 4
#define N_LINES_PER_THREAD 500

static gpointer
add_many_thread (gpointer data)
{
  BmsTranscript *transcript = data;

  for (guint i = 0; i < N_LINES_PER_THREAD; i++)
    bms_transcript_add (transcript, BMS_TRANSCRIPT_SERVER, "250 OK " SECRET, SECRET);

  return NULL;
}

/* Lines added from several threads at once are all kept, all clean. */
static void
test_threads (void)
{
  g_autoptr(BmsTranscript) transcript = bms_transcript_new ();
  g_autofree char *text = NULL;
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("add", add_many_thread, transcript);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (bms_transcript_get_n_lines (transcript), ==, N_THREADS * N_LINES_PER_THREAD);
  text = bms_transcript_to_string (transcript);
  g_assert_null (strstr (text, SECRET));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (redaction_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/transcript/redaction/%s", redaction_cases[i].name);

      g_test_add_data_func (path, &redaction_cases[i], test_redaction);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/transcript/last-reply/%s", reply_cases[i].name);

      g_test_add_data_func (path, &reply_cases[i], test_last_reply);
    }
  g_test_add_func ("/transcript/redaction/echoed-base64", test_redaction_echoed);
  g_test_add_func ("/transcript/says-gmail", test_says_gmail);
  g_test_add_func ("/transcript/accessors", test_accessors);
  g_test_add_func ("/transcript/threads", test_threads);

  return g_test_run ();
}
