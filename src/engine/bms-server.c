/* bms-server.c: where and how to reach one mail server.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bms-server.h"
#include "bms-validate.h"

G_DEFINE_BOXED_TYPE (BmsServer, bms_server, bms_server_copy, bms_server_free)

BmsServer *
bms_server_new (const char  *host,
                guint        port,
                BmsSecurity  security,
                const char  *user)
{
  BmsServer *server = g_new0 (BmsServer, 1);

  server->host = g_strdup (host);
  server->port = port;
  server->security = security;
  server->user = g_strdup (user);
  server->connect_timeout_ms = BMS_SERVER_DEFAULT_CONNECT_TIMEOUT_MS;
  server->command_timeout_ms = BMS_SERVER_DEFAULT_COMMAND_TIMEOUT_MS;

  return server;
}

BmsServer *
bms_server_copy (const BmsServer *server)
{
  BmsServer *copy;

  g_return_val_if_fail (server != NULL, NULL);

  copy = bms_server_new (server->host, server->port, server->security, server->user);
  copy->ca_file = g_strdup (server->ca_file);
  copy->connect_timeout_ms = server->connect_timeout_ms;
  copy->command_timeout_ms = server->command_timeout_ms;

  return copy;
}

void
bms_server_free (BmsServer *server)
{
  if (server == NULL)
    return;

  g_free (server->host);
  g_free (server->user);
  g_free (server->ca_file);
  g_free (server);
}

/* By host name only; the IMAP session also knows Gmail by its X-GM-EXT-1
 * capability, which needs a connection. */
gboolean
bms_server_is_gmail (const BmsServer *server)
{
  g_return_val_if_fail (server != NULL, FALSE);

  return bms_host_is_gmail (server->host);
}
