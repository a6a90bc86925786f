/* bms-mail-test-bench.c: one mail test in a process of its own, for
 * bench/mail-test-benchmark.
 *
 *   bms-mail-test-bench CA_FILE SMTP_STARTTLS_PORT IMAPS_PORT
 *
 * The same engine call as `bizmagic-mail-setup --test` (BmsMailTest, one
 * SMTP and one IMAP connection), in a program that links only GLib and
 * libcurl: timed from outside against the command line, it tells the
 * engine's share from what loading a GTK program costs. Exits 0 when the
 * test passed.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "bms-mail-test.h"
#include "bms-test-servers.h"

#define ADDRESS "alice@example.com"

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *ok = user_data;
  g_autoptr(GError) error = NULL;

  ok[0] = bms_mail_test_run_finish (BMS_MAIL_TEST (source), result, &error);
  ok[1] = TRUE;
  if (error != NULL)
    g_printerr ("%s\n", error->message);
}

int
main (int   argc,
      char *argv[])
{
  const char *recipients[] = { ADDRESS, NULL };
  g_autoptr(BmsServer) smtp = NULL;
  g_autoptr(BmsServer) imap = NULL;
  g_autoptr(BmsMailTest) test = NULL;
  gboolean ok[2] = { FALSE, FALSE };

  if (argc != 4)
    {
      g_printerr ("usage: %s CA_FILE SMTP_STARTTLS_PORT IMAPS_PORT\n", argv[0]);
      return 2;
    }

  smtp = bms_server_new ("localhost", atoi (argv[2]), BMS_SECURITY_STARTTLS, ADDRESS);
  smtp->ca_file = g_strdup (argv[1]);
  imap = bms_server_new ("localhost", atoi (argv[3]), BMS_SECURITY_SSL_TLS, ADDRESS);
  imap->ca_file = g_strdup (argv[1]);

  test = bms_mail_test_new (smtp, BMS_TEST_PASSWORD, imap, BMS_TEST_PASSWORD,
                            "[Gmail]/&kAFP4W4IMH8w4TD8MOs-", ADDRESS, "Bench", recipients);
  bms_mail_test_run_async (test, NULL, done_cb, ok);
  while (!ok[1])
    g_main_context_iteration (NULL, TRUE);

  return ok[0] ? 0 : 1;
}
