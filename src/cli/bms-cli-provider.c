/* bms-cli-provider.c: --provider ADDRESS.
 *
 * Prints one line for scripts: the kind ("gmail", "workspace", "other",
 * "unknown"), then the domain's MX hosts in order of preference, separated
 * by tabs. Why a domain could not be checked goes to standard error.
 * Exit status: 0 when the kind was found, 1 when it could not be checked,
 * 2 for an address without a valid domain.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-cli.h"
#include "bms-cli-provider.h"
#include "bms-provider.h"

typedef struct {
  GMainLoop         *loop;
  BmsProviderResult *result;
  GError            *error;
} ProviderWait;

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProviderWait *wait = user_data;

  wait->result = bms_provider_detector_lookup_finish (BMS_PROVIDER_DETECTOR (source), result,
                                                      &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
print_result (const BmsProviderResult *result)
{
  g_autoptr(GString) line = g_string_new (bms_provider_kind_to_string (bms_provider_result_get_kind (result)));
  const char *const *hosts = bms_provider_result_get_mx_hosts (result);

  for (guint i = 0; hosts[i] != NULL; i++)
    g_string_append_printf (line, "\t%s", hosts[i]);
  g_print ("%s\n", line->str);
}

int
bms_cli_provider (const char *address)
{
  g_autoptr(BmsProviderDetector) detector = bms_provider_detector_new (NULL);
  ProviderWait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  int status;

  bms_provider_detector_lookup_async (detector, address, NULL, looked_up_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);

  if (wait.error != NULL)
    {
      /* Translators: on the command line; %s is what was typed. */
      g_printerr (_("“%s” is not an e-mail address with a valid domain.\n"), address);
      g_error_free (wait.error);
      return BMS_CLI_USAGE_ERROR;
    }

  print_result (wait.result);
  if (bms_provider_result_get_kind (wait.result) == BMS_PROVIDER_UNKNOWN)
    {
      /* Translators: on the command line: "domain: why it could not be checked". */
      g_printerr (_("%s: could not check the provider: %s\n"),
                  bms_provider_result_get_domain (wait.result),
                  bms_provider_result_get_problem (wait.result));
      status = BMS_CLI_TEST_FAILED;
    }
  else
    {
      status = BMS_CLI_OK;
    }

  bms_provider_result_unref (wait.result);
  return status;
}
