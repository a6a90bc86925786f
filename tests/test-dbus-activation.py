#!/usr/bin/python3
# test-dbus-activation.py: a click on the daily check's notification starts
# the window program over D-Bus, as the desktop does it.
#
#   test-dbus-activation.py SERVICE_FILE
#
# SERVICE_FILE is the window program's D-Bus service file, pointing at the
# program just built. A session bus of the test's own knows only that
# service; ActivateAction("show-account", [profile]) on the application's
# name then has the bus start the program (--gapplication-service), which
# runs the action and shows its window. A second activation goes to the
# same process; app.quit ends it. Activate, as the desktop's menu entry
# does it, starts it the same way. Needs a display (Xvfb). TAP output.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import subprocess
import sys
import tempfile
import time

APPLICATION_ID = "io.github.bizmagic_mail_setup.MailSetup"
OBJECT_PATH = "/io/github/bizmagic_mail_setup/MailSetup"

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

PROFILE = """[Profile]
format=1

[Account]
employee-name=ボブ
email=bob@example.com

[SMTP]
user=bob@example.com
host=localhost
port=465
security=ssl-tls

[IMAP]
save-sent=false
same-as-smtp=true
host=localhost
port=993
security=ssl-tls
"""


def gdbus(env, *args):
    return subprocess.run(["gdbus", "call", "--session", "--timeout", "30"] + list(args),
                          env=env, capture_output=True, text=True, timeout=60)


def owner_pid(env):
    reply = gdbus(env, "--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                  "--method", "org.freedesktop.DBus.GetConnectionUnixProcessID", APPLICATION_ID)
    if reply.returncode != 0:
        return None
    return int(reply.stdout.strip().strip("(),").split()[-1])


# The arguments carry their types: without them gdbus asks the program for
# the method's signature, and a program the bus is only starting has not
# exported it yet (gdbus then sends "{}" as a string).
def activate_action(env, action, target):
    return gdbus(env, "--dest", APPLICATION_ID, "--object-path", OBJECT_PATH,
                 "--method", "org.freedesktop.Application.ActivateAction",
                 f"@s '{action}'", f"@av {target}", "@a{sv} {}")


def visible_windows(pid):
    if shutil.which("xdotool") is None:
        return None
    reply = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                           capture_output=True, text=True)
    return reply.stdout.split()


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


def main():
    service_file = sys.argv[1]
    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no display")
        return 0
    if shutil.which("dbus-daemon") is None:
        print("1..0 # SKIP dbus-daemon is not installed (Debian package dbus-daemon)")
        return 0

    tmp = tempfile.mkdtemp(prefix="bms-dbus-activation-")
    bus = None
    pid = None
    try:
        services = os.path.join(tmp, "services")
        os.makedirs(services)
        shutil.copy(service_file, os.path.join(services, APPLICATION_ID + ".service"))
        config = os.path.join(tmp, "bus.conf")
        with open(config, "w") as f:
            f.write(BUS_CONFIG.format(tmp=tmp, services=services))

        env = dict(os.environ, LANG="C.UTF-8", LANGUAGE="", GSETTINGS_BACKEND="memory",
                   NO_AT_BRIDGE="1", GTK_A11Y="none", GSK_RENDERER="cairo")
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
            env[name] = os.path.join(tmp, name.lower())
            os.makedirs(env[name], mode=0o700)
        accounts = os.path.join(env["XDG_CONFIG_HOME"], "bizmagic-mail-setup", "accounts")
        os.makedirs(accounts, mode=0o700)
        profile = os.path.join(accounts, "bob_40example.com.ini")
        with open(profile, "w", encoding="utf-8") as f:
            f.write(PROFILE)

        # What the bus starts inherits the bus's environment.
        bus = subprocess.Popen(["dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1"],
                               env=env, stdout=subprocess.PIPE, text=True)
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()

        check("not running before the click", owner_pid(env) is None)

        reply = activate_action(env, "show-account", f"[<'{profile}'>]")
        check("ActivateAction show-account is answered", reply.returncode == 0, reply.stderr)
        pid = owner_pid(env)
        check("the bus started a program under the application ID", pid is not None)
        if pid is None:
            return 1
        exe = os.readlink(f"/proc/{pid}/exe")
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().split(b"\0")
        check("it is the window program, as a service",
              exe.endswith("/bizmagic-mail-setup-window") and b"--gapplication-service" in cmdline,
              f"{exe} {cmdline}")
        windows = wait_for(lambda: visible_windows(pid))
        if windows is not None:
            check("the action showed its window", len(windows) >= 1)

        reply = activate_action(env, "show-account", f"[<'{profile}'>]")
        check("a second click goes to the same program",
              reply.returncode == 0 and owner_pid(env) == pid, reply.stderr)

        reply = activate_action(env, "quit", "[]")
        check("app.quit is answered", reply.returncode == 0, reply.stderr)
        gone = wait_for(lambda: not os.path.exists(f"/proc/{pid}") or
                        open(f"/proc/{pid}/stat").read().split()[2] == "Z")
        check("and the program ends", gone)

        # The menu entry (DBusActivatable=true): Activate starts it the same way.
        reply = gdbus(env, "--dest", APPLICATION_ID, "--object-path", OBJECT_PATH,
                      "--method", "org.freedesktop.Application.Activate", "@a{sv} {}")
        check("Activate, as the menu entry does, is answered", reply.returncode == 0, reply.stderr)
        pid = owner_pid(env)
        check("and starts the program again", pid is not None)
        if pid is not None:
            windows = wait_for(lambda: visible_windows(pid))
            if windows is not None:
                check("with its window", len(windows) >= 1)
            activate_action(env, "quit", "[]")
    finally:
        if pid is not None and os.path.exists(f"/proc/{pid}"):
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        if bus is not None:
            bus.terminate()
            bus.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

        print(f"1..{len(results)}")
        for number, (name, ok, detail) in enumerate(results, 1):
            print(f"{'ok' if ok else 'not ok'} {number} - {name}")
            if not ok and detail:
                for line in detail.splitlines()[:20]:
                    print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
