#!/usr/bin/python3
# test-gtk-free.py: the engine, the accounts and the command line never see GTK.
#
#   test-gtk-free.py BUILD_DIR EXECUTABLE
#
# A build fact, read from the build itself: every compile command of the
# GTK-free libraries, of the executable (the command line; the window is a
# program of its own) and of the tests that link only those has no GTK or
# libadwaita include path, and the executable loads no GTK library. TAP
# output.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys

# The targets, as meson names their object directories.
GTK_FREE_TARGETS = [
    "libbms-engine.a.p",
    "libbms-accounts.a.p",
    "libbms-cli.a.p",
    "bizmagic-mail-setup.p",
    "test-account.p",
    "test-account-store.p",
    "test-fields.p",
    "test-keyring.p",
    "test-profile.p",
    "test-daily-check.p",
]

GTK_MARKS = ("gtk-4.0", "libadwaita", "gtk4", "/graphene-1.0")


def main():
    build_dir, driver = sys.argv[1], sys.argv[2]
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)

    results = []
    for target in GTK_FREE_TARGETS:
        mine = [c for c in commands if ("/" + target + "/") in ("/" + c["output"])]
        seeing_gtk = [c["file"] for c in mine if any(mark in c["command"] for mark in GTK_MARKS)]
        results.append((f"{target}: compiled ({len(mine)} files)", len(mine) > 0, ""))
        results.append((f"{target}: no GTK include path", not seeing_gtk, " ".join(seeing_gtk)))

    libraries = subprocess.run(["ldd", driver], capture_output=True, text=True, check=True).stdout
    gtk_libraries = [line.strip() for line in libraries.splitlines()
                     if "libgtk-4" in line or "libadwaita" in line or "libgdk" in line]
    results.append(("the executable loads no GTK library", not gtk_libraries, "\n".join(gtk_libraries)))

    print(f"1..{len(results)}")
    for number, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        if not ok and detail:
            print(f"# {detail}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
