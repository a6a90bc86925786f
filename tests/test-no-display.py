#!/usr/bin/python3
# test-no-display.py: the UI and keyring tests on a packager's machine.
#
#   test-no-display.py WRAPPER UI-TEST KEYRING-TEST
#
# WRAPPER is run-with-keyring.sh, UI-TEST a UI test program, KEYRING-TEST
# the keyring test program. With no DISPLAY and no session bus the wrapper
# starts a private Xvfb and bus itself, and the UI test runs; where Xvfb,
# dbus-run-session or gnome-keyring-daemon is missing, the test is skipped
# (a TAP "1..0 # SKIP" plan, or exit status 77), never an error. A missing
# tool is made by a PATH that holds every other program the wrapper needs.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import subprocess
import sys
import tempfile

# What run-with-keyring.sh and the programs it starts call by name.
TOOLS = ['bash', 'env', 'mktemp', 'rm', 'mkdir', 'chmod', 'dirname', 'mkfifo', 'cat',
         'Xvfb', 'xkbcomp', 'dbus-run-session', 'dbus-daemon', 'gnome-keyring-daemon']

number = 0
failed = 0


def check(name, ok, detail=''):
    global number, failed
    number += 1
    if ok:
        print(f'ok {number} - {name}')
    else:
        failed += 1
        print(f'not ok {number} - {name}')
        for line in detail.splitlines():
            print(f'# {line}')
    sys.stdout.flush()


def skip(name, reason):
    global number
    number += 1
    print(f'ok {number} - {name} # SKIP {reason}')


def path_without(tmp, missing):
    """A directory of links to every tool but those in MISSING."""
    bin_dir = tempfile.mkdtemp(dir=tmp)
    for tool in TOOLS:
        found = shutil.which(tool)
        if found and tool not in missing:
            os.symlink(found, os.path.join(bin_dir, tool))
    return bin_dir


def run(wrapper, mode, program, missing, tmp, protocol='tap', keep_display=True):
    env = {k: v for k, v in os.environ.items()
           if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS')}
    env['PATH'] = path_without(tmp, missing)
    env['BMS_TEST_PROTOCOL'] = protocol
    if keep_display:
        env['BMS_TEST_KEEP_DISPLAY'] = '1'
    else:
        env.pop('BMS_TEST_KEEP_DISPLAY', None)
    return subprocess.run(['/bin/bash', wrapper, mode, program, '--tap'],
                          env=env, capture_output=True, text=True, timeout=300)


def skipped_tap(result, reason):
    return (result.returncode == 0 and result.stdout.startswith('1..0 # SKIP ')
            and reason in result.stdout)


def describe(result):
    return f'status {result.returncode}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}'


def main():
    wrapper, ui_test, keyring_test = sys.argv[1:4]

    with tempfile.TemporaryDirectory() as tmp:
        if shutil.which('Xvfb') and shutil.which('dbus-run-session') \
           and shutil.which('gnome-keyring-daemon'):
            result = run(wrapper, 'unlocked', ui_test, set(), tmp)
            check('a UI test without DISPLAY runs in an Xvfb of its own',
                  result.returncode == 0 and '\nok ' in result.stdout
                  and 'not ok' not in result.stdout and '# SKIP' not in result.stdout,
                  describe(result))
        else:
            skip('a UI test without DISPLAY runs in an Xvfb of its own',
                 'Xvfb, dbus-run-session or gnome-keyring-daemon is not installed')

        result = run(wrapper, 'unlocked', ui_test, {'Xvfb'}, tmp)
        check('a UI test without DISPLAY and without Xvfb is skipped',
              skipped_tap(result, 'Xvfb'), describe(result))

        result = run(wrapper, 'unlocked', ui_test, {'dbus-run-session'}, tmp)
        check('a UI test without dbus-run-session is skipped',
              skipped_tap(result, 'dbus-run-session'), describe(result))

        result = run(wrapper, 'unlocked', keyring_test, {'gnome-keyring-daemon'}, tmp,
                     keep_display=False)
        check('a keyring test without gnome-keyring-daemon is skipped',
              skipped_tap(result, 'gnome-keyring-daemon'), describe(result))

        result = run(wrapper, 'no-service', keyring_test, {'dbus-run-session'}, tmp,
                     protocol='', keep_display=False)
        check('a test that is not TAP is skipped with exit status 77',
              result.returncode == 77 and result.stdout == '', describe(result))

        # The keyring test that needs no tool at all still runs.
        result = run(wrapper, 'no-bus', keyring_test,
                     {'Xvfb', 'dbus-run-session', 'gnome-keyring-daemon'}, tmp, keep_display=False)
        check('the no-bus keyring test needs none of these tools',
              result.returncode == 0 and '\nok ' in '\n' + result.stdout
              and 'not ok' not in result.stdout and '# SKIP' not in result.stdout,
              describe(result))

    print(f'1..{number}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
