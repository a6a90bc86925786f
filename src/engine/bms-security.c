/* bms-security.c
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-security.h"

/* The stable name kept in profiles: "none", "ssl-tls" or "starttls". */
const char *
bms_security_to_string (BmsSecurity security)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BMS_TYPE_SECURITY);
  GEnumValue *value = g_enum_get_value (klass, security);

  g_return_val_if_fail (value != NULL, NULL);

  return value->value_nick;
}

gboolean
bms_security_from_string (const char  *text,
                          BmsSecurity *security)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_return_val_if_fail (security != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  klass = g_type_class_ref (BMS_TYPE_SECURITY);
  value = g_enum_get_value_by_nick (klass, text);
  if (value == NULL)
    return FALSE;

  *security = value->value;
  return TRUE;
}

/* The words BizMagic's own list shows, so the administrator can pick the same entry there. */
const char *
bms_security_get_label (BmsSecurity security)
{
  switch (security)
    {
    case BMS_SECURITY_NONE:
      /* Translators: the "no encryption" entry of BizMagic's 暗号化通信 list. */
      return _("None");
    case BMS_SECURITY_SSL_TLS:
      return "SSL/TLS";
    case BMS_SECURITY_STARTTLS:
      return "STARTTLS";
    default:
      g_return_val_if_reached (NULL);
    }
}
