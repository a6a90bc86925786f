/* bms-diagnosis.h: what went wrong with a mail server, and what to do.
 *
 * One place maps (operation, libcurl result, the server's own reply) to a
 * problem, and a problem to words an office administrator can act on. The
 * engine's operations fail with an error in the BMS_MAIL_ERROR domain whose
 * code is the problem and whose message is the problem's summary.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BMS_MAIL_ERROR (bms_mail_error_quark ())
GQuark bms_mail_error_quark (void);

/* The step of the mail test that failed. */
typedef enum {
  BMS_OPERATION_SMTP_LOGIN,
  BMS_OPERATION_SMTP_SEND,
  BMS_OPERATION_IMAP_LOGIN,
  BMS_OPERATION_IMAP_LIST,
  BMS_OPERATION_IMAP_FILE,        /* find or APPEND the test message in the sent folder */
} BmsOperation;

/* What a server's refusal or a failed connection means: Google's own refusals,
 * the common mistakes of security and port, and what else can happen. */
typedef enum {
  BMS_PROBLEM_GOOGLE_BLOCKED_SIGN_IN,     /* IMAP [ALERT] Please log in via your web browser / SMTP 534-5.7.14 */
  BMS_PROBLEM_APP_PASSWORD_REQUIRED,      /* [ALERT] Application-specific password required / 534-5.7.9 */
  BMS_PROBLEM_WRONG_PASSWORD,             /* [AUTHENTICATIONFAILED] / 535 / any other login refusal */
  BMS_PROBLEM_IMAP_DISABLED_FOR_ACCOUNT,  /* [ALERT] Your account is not enabled for IMAP use */
  BMS_PROBLEM_IMAP_DISABLED_FOR_DOMAIN,   /* [ALERT] IMAP access is disabled for your domain */
  BMS_PROBLEM_TOO_MANY_CONNECTIONS,       /* [ALERT] Too many simultaneous connections */
  BMS_PROBLEM_STARTTLS_REQUIRED,          /* 530-5.7.0 Must issue a STARTTLS command first */
  BMS_PROBLEM_TOO_MANY_LOGIN_ATTEMPTS,    /* 454 4.7.0 Too many login attempts */
  BMS_PROBLEM_SENDING_LIMIT,              /* 550-5.4.5 Daily user sending limit exceeded */
  BMS_PROBLEM_HOST_NOT_FOUND,             /* DNS failure */
  BMS_PROBLEM_CONNECTION_REFUSED,         /* nothing listens on that port */
  BMS_PROBLEM_TIMED_OUT,                  /* no connection, or no reply, in time */
  BMS_PROBLEM_TLS_FAILED,                 /* handshake failed: often the wrong security for the port */
  BMS_PROBLEM_CERTIFICATE_UNTRUSTED,      /* not signed by a trusted authority */
  BMS_PROBLEM_CERTIFICATE_NAME_MISMATCH,  /* made out for another host name */
  BMS_PROBLEM_STARTTLS_NOT_OFFERED,       /* STARTTLS chosen, the server does not offer it */
  BMS_PROBLEM_CONNECTION_LOST,            /* the server closed the connection mid-way */
  BMS_PROBLEM_PROTOCOL_ERROR,             /* the server's words make no sense */
  BMS_PROBLEM_FOLDER_NOT_FOUND,           /* the sent folder does not exist */
  BMS_PROBLEM_MESSAGE_REFUSED,            /* the message or a recipient was refused */
  BMS_PROBLEM_INVALID_INPUT,              /* a value the user typed cannot be sent (CR, LF) */
  BMS_PROBLEM_CANCELLED,                  /* the user pressed Cancel */
  BMS_PROBLEM_NO_PASSWORD,                /* no password to sign in with: nothing was sent */
  BMS_PROBLEM_CA_FILE_UNREADABLE,         /* the certificate file given does not exist or cannot be read */
  BMS_PROBLEM_OTHER,
} BmsProblem;

/* @server_reply: the server's last reply, all its lines (see
 * bms_transcript_dup_last_reply()), or NULL. Its words win over the libcurl
 * result: "535 5.7.8 …" says more than CURLE_LOGIN_DENIED. */
BmsProblem   bms_diagnose                 (BmsOperation  operation,
                                           int           curl_result,
                                           const char   *server_reply);
/* The same, with libcurl's own remarks (its error text), which tell an
 * untrusted certificate from one made out for another host name. */
BmsProblem   bms_diagnose_detail          (BmsOperation  operation,
                                           int           curl_result,
                                           const char   *server_reply,
                                           const char   *detail);
const char  *bms_problem_get_summary      (BmsProblem    problem);
/* The problem's name as profiles and scripts read it ("wrong-password"),
 * never translated; NULL for a value that is not a problem. */
const char  *bms_problem_to_nick         (BmsProblem    problem);
gboolean     bms_problem_from_nick       (const char   *nick,
                                          BmsProblem   *problem);
const char  *bms_problem_get_advice       (BmsProblem    problem,
                                           gboolean      is_gmail);

/* Where the advice is read: the assistant can send the reader to one of
 * its steps; the command line cannot. */
typedef enum {
  BMS_ADVICE_IN_ASSISTANT,
  BMS_ADVICE_ON_COMMAND_LINE,
} BmsAdviceContext;

/* The advice for @problem where @operation failed, in @context: a
 * connection problem of the IMAP server is given the IMAP ports, not the
 * ports for sending. bms_problem_get_advice() is the assistant's advice for
 * either server. */
const char  *bms_problem_get_advice_for   (BmsProblem        problem,
                                           gboolean          is_gmail,
                                           BmsOperation      operation,
                                           BmsAdviceContext  context);

G_END_DECLS

#include "bms-engine-enums.h"
