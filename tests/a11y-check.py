#!/usr/bin/python3
# a11y-check.py: what a screen reader sees of a running program.
#
#   a11y-check.py --pid PID [--description NAME=TEXT]... [--no-description NAME]...
#
# Reads the program's accessibility tree over AT-SPI, the way Orca does, and
# checks every control that is shown: an input, a button, a check box, a
# link, a list row... must have an accessible name, and a picture (a status
# icon) must have a name or a description. A GType name such as "GtkButton"
# is what GTK 4.8 says when nothing names a widget: that counts as no name.
# --description checks that the control named NAME has TEXT as its
# description (a field's error message); --no-description that it has none.
#
# Prints every control it checked and every problem; the exit status is 0
# only when there is no problem. A name that still shows a mnemonic's
# underscore (GTK 4.8 does that to buttons) is printed as a note.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import re
import sys
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

CONTROL_ROLES = {
    Atspi.Role.PUSH_BUTTON,
    Atspi.Role.TOGGLE_BUTTON,
    Atspi.Role.CHECK_BOX,
    Atspi.Role.RADIO_BUTTON,
    Atspi.Role.ENTRY,
    Atspi.Role.PASSWORD_TEXT,
    Atspi.Role.TEXT,
    Atspi.Role.SPIN_BUTTON,
    Atspi.Role.COMBO_BOX,
    Atspi.Role.LINK,
    Atspi.Role.SLIDER,
    Atspi.Role.LIST_ITEM,
    Atspi.Role.TREE_ITEM,
    Atspi.Role.MENU_ITEM,
}
# Atspi has no SWITCH role of its own in 2.46; GTK maps a GtkSwitch to
# TOGGLE_BUTTON, which is in the list above.
PICTURE_ROLES = {Atspi.Role.IMAGE, Atspi.Role.ICON}

# What GTK 4.8 names an unnamed widget after: its type.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Bms)[A-Z][A-Za-z]*$')


def is_shown(accessible):
    states = accessible.get_state_set()
    return states.contains(Atspi.StateType.VISIBLE)


def has_name(name):
    name = (name or '').strip()
    return name != '' and not TYPE_NAME.match(name)


def walk(accessible, path, found):
    try:
        role = accessible.get_role()
        name = accessible.get_name() or ''
        description = accessible.get_description() or ''
        count = accessible.get_child_count()
    except gi.repository.GLib.Error as error:
        print(f'# {path}: cannot read: {error.message}')
        return
    if not is_shown(accessible):
        return
    here = f'{path}/{accessible.get_role_name()}'
    found.append((here, role, name, description))
    for i in range(count):
        child = accessible.get_child_at_index(i)
        if child is not None:
            walk(child, here, found)


def find_application(pid, timeout):
    deadline = time.monotonic() + timeout
    while True:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == pid:
                return app
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--pid', type=int, required=True)
    parser.add_argument('--description', action='append', default=[],
                        metavar='NAME=TEXT')
    parser.add_argument('--no-description', action='append', default=[],
                        metavar='NAME')
    parser.add_argument('--timeout', type=float, default=10)
    args = parser.parse_args()

    app = find_application(args.pid, args.timeout)
    if app is None:
        print(f'a11y-check: process {args.pid} is not on the accessibility bus')
        return 2

    found = []
    for i in range(app.get_child_count()):
        window = app.get_child_at_index(i)
        if window is not None:
            walk(window, '', found)

    problems = []
    n_controls = 0
    for path, role, name, description in found:
        if role in CONTROL_ROLES:
            n_controls += 1
            print(f'# {Atspi.role_get_name(role)} “{name}” “{description}”')
            if not has_name(name):
                problems.append(f'{path}: a {Atspi.role_get_name(role)} without a name ({name!r})')
            elif re.search(r'(^|\s)_\w|\(_\w\)', name):
                # GTK 4.8 names a button with a mnemonic by its raw label
                # and its text ("_Next Next"); GTK 4.10 fixed it. Noted,
                # not failed: the control has its name.
                print(f'# note: {path}: “{name}”: the mnemonic underscore is in the name')
        elif role in PICTURE_ROLES:
            print(f'# {Atspi.role_get_name(role)} “{name}” “{description}”')
            if not has_name(name) and description.strip() == '':
                problems.append(f'{path}: a picture without a name or description')

    if n_controls == 0:
        problems.append('no control is shown at all')

    by_name = {}
    for path, role, name, description in found:
        if role in CONTROL_ROLES:
            by_name.setdefault(name, []).append(description)
    for pair in args.description:
        name, _, text = pair.partition('=')
        if name not in by_name:
            problems.append(f'no control is named “{name}”')
        elif text not in by_name[name]:
            problems.append(f'“{name}” is described as {by_name[name]}, not “{text}”')
    for name in args.no_description:
        if name not in by_name:
            problems.append(f'no control is named “{name}”')
        elif any(d != '' for d in by_name[name]):
            problems.append(f'“{name}” is still described as {by_name[name]}')

    print(f'# {n_controls} controls shown, {len(problems)} problems')
    for problem in problems:
        print(f'PROBLEM: {problem}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
