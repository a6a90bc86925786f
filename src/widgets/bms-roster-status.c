/* bms-roster-status.c: what the roster says of an employee's last check.
 *
 * The words of the roster's rows, apart from the widgets that show them:
 * the status line, when the last check was, the provider, the advice for
 * a failure and the icon that goes with the status.
 *
 * Copyright 2026 The BizMagic Mail Setup authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bms-diagnosis.h"
#include "bms-roster-status.h"

static const char *
kind_label (BmsCheckKind kind)
{
  return kind == BMS_CHECK_KIND_MAIL_TEST ? _("Mail test") : _("Login check");
}

static const char *
problem_summary (const char *nick)
{
  BmsProblem problem;

  return bms_problem_from_nick (nick, &problem) ? bms_problem_get_summary (problem) : NULL;
}

static gboolean
saved_untested (BmsRosterEntry *entry)
{
  return bms_roster_entry_get_status (entry)->result == BMS_CHECK_RESULT_SAVED_WITHOUT_TEST ||
         bms_account_get_test_status (bms_roster_entry_get_account (entry)) == BMS_TEST_STATUS_NOT_PASSED;
}

/**
 * bms_roster_describe_status:
 *
 * The roster's one line about an entry: what a running check does with it,
 * or how its last check ended, with the reason of a failure.
 */
char *
bms_roster_describe_status (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);
  BmsAccount *account = bms_roster_entry_get_account (entry);
  const char *detail = bms_roster_entry_get_detail (entry);

  switch (bms_roster_entry_get_activity (entry))
    {
    case BMS_ROSTER_ACTIVITY_WAITING:
      return g_strdup (_("Waiting to be checked"));
    case BMS_ROSTER_ACTIVITY_CHECKING:
      return g_strdup (_("Checking…"));
    case BMS_ROSTER_ACTIVITY_IDLE:
    default:
      break;
    }

  /* Not checked in this run (no saved password): why, over the last check. */
  if (detail != NULL && status->result != BMS_CHECK_RESULT_FAILED)
    /* Translators: %s says why an account could not be checked. */
    return g_strdup_printf (_("Not checked: %s"), detail);

  switch (status->result)
    {
    case BMS_CHECK_RESULT_PASSED:
      return g_strdup (status->kind == BMS_CHECK_KIND_MAIL_TEST ? _("Mail test passed") : _("Login check passed"));
    case BMS_CHECK_RESULT_FAILED:
      {
        const char *summary = problem_summary (status->problem);

        if (summary == NULL)
          return g_strdup (_("Failed"));
        /* Translators: %s is the reason in a few words, e.g. "The password was refused". */
        return g_strdup_printf (_("Failed: %s"), summary);
      }
    case BMS_CHECK_RESULT_SAVED_WITHOUT_TEST:
      return g_strdup (_("Saved without a passed mail test"));
    case BMS_CHECK_RESULT_NEVER:
    default:
      break;
    }

  if (bms_account_get_test_status (account) == BMS_TEST_STATUS_NOT_SET_UP)
    return g_strdup (_("Not set up yet"));
  if (bms_account_get_test_status (account) == BMS_TEST_STATUS_NOT_PASSED)
    return g_strdup (_("Saved without a passed mail test"));
  return g_strdup (_("Never checked"));
}

/* When the last check was, and what it was; empty for an entry never
 * checked. An account saved untested says so here too, whatever was
 * checked since. */
char *
bms_roster_describe_when (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);
  g_autoptr(GString) text = g_string_new (NULL);

  if (status->checked != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (status->checked);
      g_autofree char *time = g_date_time_format (local, "%Y-%m-%d %H:%M");

      /* The login check is the usual one; the mail test is named. */
      if (status->kind == BMS_CHECK_KIND_MAIL_TEST)
        /* Translators: when and what the last check was: "2026-12-01 09:30 · Mail test". */
        g_string_append_printf (text, C_("last check", "%1$s · %2$s"), time, kind_label (status->kind));
      else
        g_string_append (text, time);
    }

  if (status->result != BMS_CHECK_RESULT_SAVED_WITHOUT_TEST && status->result != BMS_CHECK_RESULT_NEVER &&
      saved_untested (entry))
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, _("saved without a passed mail test"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bms_roster_describe_provider:
 *
 * The provider column: who runs the mailbox of the account's address.
 */
const char *
bms_roster_describe_provider (BmsAccount *account)
{
  if (bms_account_get_checking_provider (account))
    return _("Checking…");

  switch (bms_account_get_provider_kind (account))
    {
    case BMS_PROVIDER_GMAIL:
      return _("Gmail");
    case BMS_PROVIDER_WORKSPACE:
      return _("Google Workspace");
    case BMS_PROVIDER_OTHER:
      return _("Not Google");
    case BMS_PROVIDER_UNKNOWN:
    default:
      return bms_account_get_provider (account) != NULL ? _("Provider unknown") : "";
    }
}

const char *
bms_roster_status_icon_name (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);

  if (bms_roster_entry_get_detail (entry) != NULL && status->result != BMS_CHECK_RESULT_FAILED)
    return "dialog-warning-symbolic";

  switch (status->result)
    {
    case BMS_CHECK_RESULT_PASSED:
      return saved_untested (entry) ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
    case BMS_CHECK_RESULT_FAILED:
      return "dialog-error-symbolic";
    case BMS_CHECK_RESULT_SAVED_WITHOUT_TEST:
      return "dialog-warning-symbolic";
    case BMS_CHECK_RESULT_NEVER:
    default:
      return saved_untested (entry) ? "dialog-warning-symbolic" : NULL;
    }
}

/* The advice for a failure: what to do, then the words it failed with. */
char *
bms_roster_describe_advice (BmsRosterEntry *entry)
{
  const BmsCheckStatus *status = bms_roster_entry_get_status (entry);
  BmsAccount *account = bms_roster_entry_get_account (entry);
  const char *detail = bms_roster_entry_get_detail (entry);
  g_autoptr(GString) text = g_string_new (NULL);
  BmsProblem problem;

  if (status->result == BMS_CHECK_RESULT_FAILED && bms_problem_from_nick (status->problem, &problem))
    g_string_append (text, bms_problem_get_advice (problem,
                                                   bms_account_get_provider_kind (account) != BMS_PROVIDER_OTHER));
  if (detail != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n\n" : "", detail);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
