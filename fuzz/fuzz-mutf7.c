/* fuzz-mutf7.c: libFuzzer target for the modified UTF-7 codec
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Besides crashes, this checks the promise the codec makes: any wire name
 * that decodes is exactly what the encoder writes for the decoded name, and
 * any valid UTF-8 name survives encoding and decoding unchanged. A broken
 * promise aborts, and libFuzzer keeps the input that did it. */

#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "bms-mutf7.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_decode (const char *wire_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = bms_mutf7_decode (wire_name, &error);
  g_autofree char *encoded = NULL;

  if (decoded == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == BMS_MUTF7_ERROR);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (decoded, -1, NULL));

  encoded = bms_mutf7_encode (decoded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (encoded, ==, wire_name);
}

static void
check_encode (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = bms_mutf7_encode (name, &error);
  g_autofree char *decoded = NULL;

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_assert_error (error, BMS_MUTF7_ERROR, BMS_MUTF7_ERROR_INVALID_UTF8);
      g_assert_null (encoded);
      return;
    }

  g_assert_no_error (error);
  for (const char *p = encoded; *p != '\0'; p++)
    g_assert_true (*p >= 0x20 && *p <= 0x7e);

  decoded = bms_mutf7_decode (encoded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded, ==, name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The codec takes C strings: a NUL in the input ends the name there. */
  g_autofree char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';

  check_decode (text);
  check_encode (text);

  return 0;
}
