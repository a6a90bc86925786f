/* bms-secret.c: wiping passwords before their memory is given back.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-secret.h"

/* Overwrites @secret with zeros, keeping its memory. explicit_bzero(),
 * unlike memset(), is never left out by the compiler as a dead store. */
void
bms_secret_wipe (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
}

/* Wipes and frees a g_malloc()ed @secret; NULL is allowed. */
void
bms_secret_free (char *secret)
{
  bms_secret_wipe (secret);
  g_free (secret);
}

/* Wipes and frees *@secret and sets it to NULL. */
void
bms_secret_clear (char **secret)
{
  g_return_if_fail (secret != NULL);

  bms_secret_free (g_steal_pointer (secret));
}
