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
# screen; they use the unlocked keyring, which never prompts. Where there is
# no DISPLAY (a packager's build, an ssh session) it starts a private Xvfb of
# its own for the program, and stops it afterwards.
# The program learns the mode from BMS_TEST_KEYRING_MODE.
#
# A tool the situation needs and this machine lacks (Xvfb, dbus-run-session,
# gnome-keyring-daemon) skips the test instead of failing it: exit status 77,
# the skip status of meson and automake; or, with BMS_TEST_PROTOCOL=tap, a TAP
# plan "1..0 # SKIP ..." and status 0, because meson takes any other status of
# a TAP test as an error.
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

skip() { # REASON
  if [ "${BMS_TEST_PROTOCOL:-}" = tap ]; then
    echo "1..0 # SKIP $1"
    exit 0
  fi
  echo "$0: skipped: $1" >&2
  exit 77
}

need() { # PROGRAM PACKAGE
  command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (Debian package $2)"
}

case $mode in
  unlocked|locked|missing)
    need dbus-run-session dbus-daemon
    need gnome-keyring-daemon gnome-keyring
    ;;
  no-service)
    need dbus-run-session dbus-daemon
    ;;
esac

keep_display=false
if [ "${BMS_TEST_KEEP_DISPLAY:-}" = 1 ]; then
  keep_display=true
  if [ -z "${DISPLAY:-}" ]; then
    need Xvfb xvfb
  fi
fi

xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bms-keyring-XXXXXX") || exit 1
trap cleanup EXIT

# A private X server on the first free display: Xvfb writes the display's
# number to the pipe once it accepts connections (-displayfd), so there is
# no guessing of numbers and no race with another test run.
start_xvfb() {
  local number=

  mkfifo "$tmp/displayfd" || exit 1
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/displayfd" \
    >"$tmp/xvfb.log" 2>&1 &
  xvfb_pid=$!
  read -r -t 30 number <"$tmp/displayfd"
  if [ -z "$number" ]; then
    echo "$0: Xvfb did not start:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 1
  fi
  export DISPLAY=:$number
}

export HOME=$tmp/home
export XDG_CONFIG_HOME=$tmp/config
export XDG_DATA_HOME=$tmp/data
export XDG_CACHE_HOME=$tmp/cache
export XDG_RUNTIME_DIR=$tmp/runtime
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

if ! $keep_display; then
  unset DISPLAY
elif [ -z "${DISPLAY:-}" ]; then
  start_xvfb
fi
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL
export BMS_TEST_KEYRING_MODE=$mode

# The tests make GLib warnings fatal (G_DEBUG=fatal-warnings); the keyring
# daemon and the prompter must not inherit that, or a harmless warning of
# theirs kills them in the middle of a test. Only the test program gets it.
export BMS_TEST_G_DEBUG=${G_DEBUG-}
unset G_DEBUG

# Standard output is the test's report (TAP), and only the test program
# writes to it: the session bus and what it starts on demand (such as the
# accessibility registry, which announces itself there) write to standard
# error. The program gets the real standard output back from descriptor 3.
case $mode in
  unlocked|locked)
    # The password must not be empty: an empty one makes gnome-keyring ask
    # for one with a prompt, which fails here.
    dbus-run-session -- bash -c '
      eval "$(printf test | gnome-keyring-daemon --unlock --components=secrets)"
      export GNOME_KEYRING_CONTROL G_DEBUG=$BMS_TEST_G_DEBUG
      "$@" >&3 3>&-' bash "$@" 3>&1 >&2
    ;;
  missing)
    dbus-run-session -- bash -c '
      eval "$(gnome-keyring-daemon --start --components=secrets </dev/null)"
      export GNOME_KEYRING_CONTROL G_DEBUG=$BMS_TEST_G_DEBUG
      "$@" >&3 3>&-' bash "$@" 3>&1 >&2
    ;;
  no-service)
    dbus-run-session --config-file="$here/dbus-no-secrets.conf" -- \
      bash -c 'G_DEBUG=$BMS_TEST_G_DEBUG "$@" >&3 3>&-' bash "$@" 3>&1 >&2
    ;;
  no-bus)
    G_DEBUG=$BMS_TEST_G_DEBUG "$@"
    ;;
  *)
    echo "$0: unknown mode $mode" >&2
    exit 2
    ;;
esac
