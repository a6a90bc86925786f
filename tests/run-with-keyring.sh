#!/bin/bash
# run-with-keyring.sh: runs a test program with a keyring situation of its own.
#
#   run-with-keyring.sh MODE PROGRAM [ARGUMENTS...]
#
# MODE is one of
#   unlocked    a private session bus and gnome-keyring with an unlocked
#               login keyring (its password is "test")
#   locked      the same; the test itself locks the keyring
#   missing     a private session bus and gnome-keyring with no login
#               keyring at all: the default collection does not exist
#   no-service  a private session bus on which no keyring can be started
#               (dbus-no-secrets.conf, next to this script)
#   no-bus      no session bus at all
#
# HOME and the XDG directories point into a temporary directory that is
# removed afterwards, so no real keyring or setting is touched. DISPLAY and
# WAYLAND_DISPLAY are unset: a keyring prompt cannot be shown, so
# gnome-keyring dismisses it at once instead of waiting for a person.
# BMS_TEST_KEEP_DISPLAY=1 keeps DISPLAY for the UI tests, which need a
# screen; they use the unlocked keyring, which never prompts.
# The program learns the mode from BMS_TEST_KEYRING_MODE.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 unlocked|locked|missing|no-service|no-bus PROGRAM [ARGUMENTS...]" >&2
  exit 2
fi

mode=$1
shift
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bms-keyring-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

export HOME=$tmp/home
export XDG_CONFIG_HOME=$tmp/config
export XDG_DATA_HOME=$tmp/data
export XDG_CACHE_HOME=$tmp/cache
export XDG_RUNTIME_DIR=$tmp/runtime
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

if [ "${BMS_TEST_KEEP_DISPLAY:-}" != 1 ]; then
  unset DISPLAY
fi
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL
export BMS_TEST_KEYRING_MODE=$mode

# The tests make GLib warnings fatal (G_DEBUG=fatal-warnings); the keyring
# daemon and the prompter must not inherit that, or a harmless warning of
# theirs kills them in the middle of a test. Only the test program gets it.
export BMS_TEST_G_DEBUG=${G_DEBUG-}
unset G_DEBUG

case $mode in
  unlocked|locked)
    # The password must not be empty: an empty one makes gnome-keyring ask
    # for one with a prompt, which fails here.
    dbus-run-session -- bash -c '
      eval "$(printf test | gnome-keyring-daemon --unlock --components=secrets)"
      export GNOME_KEYRING_CONTROL G_DEBUG=$BMS_TEST_G_DEBUG
      "$@"' bash "$@"
    ;;
  missing)
    dbus-run-session -- bash -c '
      eval "$(gnome-keyring-daemon --start --components=secrets </dev/null)"
      export GNOME_KEYRING_CONTROL G_DEBUG=$BMS_TEST_G_DEBUG
      "$@"' bash "$@"
    ;;
  no-service)
    dbus-run-session --config-file="$here/dbus-no-secrets.conf" -- \
      env G_DEBUG="$BMS_TEST_G_DEBUG" "$@"
    ;;
  no-bus)
    G_DEBUG=$BMS_TEST_G_DEBUG "$@"
    ;;
  *)
    echo "$0: unknown mode $mode" >&2
    exit 2
    ;;
esac
