/* bms-server.h: where and how to reach one mail server.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bms-security.h"

G_BEGIN_DECLS

/* How long a connection may take to be made, and how long the server may
 * stay silent after each command, unless the caller says otherwise. */
#define BMS_SERVER_DEFAULT_CONNECT_TIMEOUT_MS  15000
#define BMS_SERVER_DEFAULT_COMMAND_TIMEOUT_MS  30000

/**
 * BmsServer:
 * @host: the host name (IDN allowed) or IP address
 * @port: 1–65535
 * @security: how the connection is protected
 * @user: the login name
 * @ca_file: (nullable): an extra trusted CA file; the system's CAs are trusted too
 * @connect_timeout_ms: the limit for making the connection, TLS included
 * @command_timeout_ms: the limit for each reply of the server
 *
 * A plain value: no password. The password travels separately, as an
 * argument of each operation, which copies it and wipes its copy when done.
 */
typedef struct
{
  char        *host;
  guint        port;
  BmsSecurity  security;
  char        *user;
  char        *ca_file;
  guint        connect_timeout_ms;
  guint        command_timeout_ms;
} BmsServer;

#define BMS_TYPE_SERVER (bms_server_get_type ())
GType       bms_server_get_type (void) G_GNUC_CONST;

BmsServer  *bms_server_new      (const char      *host,
                                 guint            port,
                                 BmsSecurity      security,
                                 const char      *user);
BmsServer  *bms_server_copy     (const BmsServer *server);
void        bms_server_free     (BmsServer       *server);
gboolean    bms_server_is_gmail (const BmsServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmsServer, bms_server_free)

G_END_DECLS
