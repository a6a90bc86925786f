/* bms-roster-entry.c: one employee of the roster, as the list shows it.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bms-roster-entry.h"

struct _BmsRosterEntry
{
  GObject            parent_instance;

  BmsAccount        *account;
  BmsCheckStatus    *status;
  BmsRosterActivity  activity;
  /* Why the last check of this run did not pass, in the server's or the
   * program's words; not kept in the profile. */
  char              *detail;
};

G_DEFINE_FINAL_TYPE (BmsRosterEntry, bms_roster_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_STATUS,
  PROP_ACTIVITY,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bms_roster_entry_finalize (GObject *object)
{
  BmsRosterEntry *self = BMS_ROSTER_ENTRY (object);

  g_clear_object (&self->account);
  g_clear_pointer (&self->status, bms_check_status_free);
  g_free (self->detail);

  G_OBJECT_CLASS (bms_roster_entry_parent_class)->finalize (object);
}

static void
bms_roster_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BmsRosterEntry *self = BMS_ROSTER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STATUS:
      g_value_set_boxed (value, self->status);
      break;
    case PROP_ACTIVITY:
      g_value_set_int (value, self->activity);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bms_roster_entry_class_init (BmsRosterEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bms_roster_entry_finalize;
  object_class->get_property = bms_roster_entry_get_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, BMS_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_boxed ("status", NULL, NULL, BMS_TYPE_CHECK_STATUS,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVITY] =
    g_param_spec_int ("activity", NULL, NULL,
                      BMS_ROSTER_ACTIVITY_IDLE, BMS_ROSTER_ACTIVITY_CHECKING, BMS_ROSTER_ACTIVITY_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bms_roster_entry_init (BmsRosterEntry *self)
{
}

BmsRosterEntry *
bms_roster_entry_new (BmsAccount *account)
{
  BmsRosterEntry *self;

  g_return_val_if_fail (BMS_IS_ACCOUNT (account), NULL);

  self = g_object_new (BMS_TYPE_ROSTER_ENTRY, NULL);
  self->account = g_object_ref (account);
  self->status = bms_check_status_copy (bms_account_get_check_status (account));

  return self;
}

BmsAccount *
bms_roster_entry_get_account (BmsRosterEntry *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ENTRY (self), NULL);

  return self->account;
}

const char *
bms_roster_entry_get_path (BmsRosterEntry *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ENTRY (self), NULL);

  return bms_account_get_profile_path (self->account);
}

/* Never NULL: an account never checked has a status that says so. */
const BmsCheckStatus *
bms_roster_entry_get_status (BmsRosterEntry *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ENTRY (self), NULL);

  return self->status;
}

void
bms_roster_entry_set_status (BmsRosterEntry       *self,
                             const BmsCheckStatus *status)
{
  g_return_if_fail (BMS_IS_ROSTER_ENTRY (self));
  g_return_if_fail (status != NULL);

  if (bms_check_status_equal (self->status, status))
    return;

  bms_check_status_free (self->status);
  self->status = bms_check_status_copy (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

BmsRosterActivity
bms_roster_entry_get_activity (BmsRosterEntry *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ENTRY (self), BMS_ROSTER_ACTIVITY_IDLE);

  return self->activity;
}

void
bms_roster_entry_set_activity (BmsRosterEntry    *self,
                               BmsRosterActivity  activity)
{
  g_return_if_fail (BMS_IS_ROSTER_ENTRY (self));

  if (self->activity == activity)
    return;

  self->activity = activity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

/* The words of the last failure of this run, or NULL. */
const char *
bms_roster_entry_get_detail (BmsRosterEntry *self)
{
  g_return_val_if_fail (BMS_IS_ROSTER_ENTRY (self), NULL);

  return self->detail;
}

void
bms_roster_entry_set_detail (BmsRosterEntry *self,
                             const char     *detail)
{
  g_return_if_fail (BMS_IS_ROSTER_ENTRY (self));

  if (g_strcmp0 (self->detail, detail) == 0)
    return;

  g_free (self->detail);
  self->detail = g_strdup (detail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

static gboolean
text_contains (const char *text,
               const char *folded_search)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (normalized, -1);

  return strstr (folded, folded_search) != NULL;
}

/**
 * bms_roster_entry_matches:
 * @search: what was typed in the search field
 *
 * Whether the employee's name or address contains @search, whatever the
 * case and the width: "ＹＡＭＡＤＡ" and "yamada" find the same employee.
 */
gboolean
bms_roster_entry_matches (BmsRosterEntry *self,
                          const char     *search)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (BMS_IS_ROSTER_ENTRY (self), FALSE);

  if (search == NULL)
    return TRUE;

  stripped = g_strstrip (g_strdup (search));
  if (*stripped == '\0')
    return TRUE;

  normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (normalized, -1);

  return text_contains (bms_account_get_employee_name (self->account), folded) ||
         text_contains (bms_account_get_email (self->account), folded);
}
