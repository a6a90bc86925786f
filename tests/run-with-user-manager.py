#!/usr/bin/python3
# run-with-user-manager.py: runs a test program beside a real systemd user
# manager of its own, on a session bus of its own.
#
#   run-with-user-manager.py PROGRAM [ARGUMENTS...]
#
# The manager is systemd itself (`systemd --user`), started with HOME, the
# XDG directories and XDG_RUNTIME_DIR in a temporary directory, so that no
# real user's units are touched. Its session bus is the one a desktop has:
# dbus.socket of dbus-user-session, started by the manager, on which the
# manager owns org.freedesktop.systemd1. The program gets that bus in
# DBUS_SESSION_BUS_ADDRESS, and systemctl --user reaches the same manager.
#
# systemd runs as a user manager only on a machine booted with systemd
# (it looks for /run/systemd/system). In a container it is not, so the
# manager runs in a mount namespace of its own in which /run/systemd is a
# fresh tmpfs with that folder. It needs writable cgroups, and moves every
# process of the cgroup it starts in into one of its own: it is started in
# a new, empty cgroup (in each hierarchy it uses), which is removed
# afterwards, so no other process on the machine is moved.
#
# The manager's units are the test's own (in its HOME) and the system's,
# never this program's as installed on the machine, nor the machine's
# administrator's (/etc/systemd/user).
#
# Where that cannot be done (not root, no mount namespace, no systemd, no
# dbus-user-session, cgroups not writable), the program runs all the same,
# on a private bus without a user manager, with
# BMS_TEST_USER_MANAGER_SKIP set to the reason: its cases that need the
# manager skip with that reason, the others run.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SYSTEMD = "/lib/systemd/systemd"
SYSTEM_USER_UNIT_DIR = "/usr/lib/systemd/user"
USER_BUS_SOCKET_UNIT = os.path.join(SYSTEM_USER_UNIT_DIR, "dbus.socket")
# The same name in the outer process and in the namespace.
CGROUP_NAME = os.environ.get("BMS_TEST_USER_MANAGER_CGROUP", "bms-test-user-manager-%d" % os.getpid())


def cgroup_hierarchies():
    """(mount point, this process's path in it) of the hierarchies systemd
    tracks processes in: the unified one (cgroup2) and name=systemd."""
    paths = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            number, controllers, path = line.rstrip("\n").split(":", 2)
            paths["" if number == "0" else controllers] = path
    found = []
    with open("/proc/self/mounts") as f:
        for line in f:
            _, mount_point, fs_type, options = line.split()[:4]
            if fs_type == "cgroup2" and "" in paths:
                found.append((mount_point, paths[""]))
            elif fs_type == "cgroup" and "name=systemd" in options.split(","):
                found.append((mount_point, paths.get("name=systemd", "/")))
    return found


def all_cgroup_mounts():
    with open("/proc/self/mounts") as f:
        return [line.split()[1] for line in f if line.split()[2] in ("cgroup", "cgroup2")]


def remove_cgroup_trees(hierarchies):
    """Kills what is left in the test's cgroups and removes them, in every
    hierarchy (systemd adds its own beneath ours in the v1 controllers too)."""
    prefixes = {path for _, path in hierarchies}
    for mount_point in all_cgroup_mounts():
        for prefix in prefixes:
            top = os.path.join(mount_point, prefix.lstrip("/"), CGROUP_NAME)
            if not os.path.isdir(top):
                continue
            for _ in range(50):
                pids = []
                for folder, _, _ in os.walk(top):
                    try:
                        with open(os.path.join(folder, "cgroup.procs")) as f:
                            pids += [int(p) for p in f.read().split()]
                    except OSError:
                        pass
                if not pids:
                    break
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(0.1)
            for folder, _, _ in sorted(os.walk(top), key=lambda w: -w[0].count("/")):
                try:
                    os.rmdir(folder)
                except OSError as e:
                    print(f"run-with-user-manager: {folder} not removed: {e}", file=sys.stderr)


def why_no_user_manager():
    if os.geteuid() != 0:
        return "a user manager of the test's own needs root (a mount namespace and cgroups)"
    if not os.access(SYSTEMD, os.X_OK):
        return "systemd is not installed (Debian package systemd)"
    if not os.path.exists(USER_BUS_SOCKET_UNIT):
        return "the user manager's session bus is not installed (Debian package dbus-user-session)"
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"],
                                                        capture_output=True).returncode != 0:
        return "no mount namespace can be made here (unshare -m)"
    hierarchies = cgroup_hierarchies()
    if not hierarchies:
        return "no cgroup hierarchy is mounted"
    for mount_point, path in hierarchies:
        if not os.access(os.path.join(mount_point, path.lstrip("/")), os.W_OK):
            return f"the cgroups are not writable here ({mount_point})"
    return None


def session_env(tmp):
    env = dict(os.environ)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = os.path.join(tmp, name.lower())
        os.makedirs(env[name], exist_ok=True)
    env["XDG_RUNTIME_DIR"] = os.path.join(tmp, "runtime")
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    # The manager and the bus must not inherit fatal warnings: only the
    # program under test gets them.
    env.pop("G_DEBUG", None)
    return env


def run_without_manager(reason, argv):
    tmp = tempfile.mkdtemp(prefix="bms-no-user-manager-")
    try:
        env = session_env(tmp)
        env["BMS_TEST_USER_MANAGER_SKIP"] = reason
        env["G_DEBUG"] = os.environ.get("G_DEBUG", "")
        return subprocess.run(["dbus-run-session", "--"] + argv, env=env).returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def wait_for_manager_on_bus(env, manager, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if manager.poll() is not None:
            return False
        if os.path.exists(os.path.join(env["XDG_RUNTIME_DIR"], "bus")):
            reply = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                                    "--object-path", "/org/freedesktop/DBus",
                                    "--method", "org.freedesktop.DBus.NameHasOwner",
                                    "org.freedesktop.systemd1"],
                                   env=env, capture_output=True, text=True)
            if reply.stdout.strip() == "(true,)":
                return True
        time.sleep(0.1)
    return False


def unit_path(env, tmp):
    """Where the manager looks for units: the test's user's own, and the
    system's without the program's, so that an installed copy of the
    program does not make "not installed" untrue."""
    system_units = os.path.join(tmp, "system-units")
    os.makedirs(system_units)
    for name in os.listdir(SYSTEM_USER_UNIT_DIR):
        if not name.startswith("bizmagic-mail-setup"):
            os.symlink(os.path.join(SYSTEM_USER_UNIT_DIR, name), os.path.join(system_units, name))
    return ":".join([os.path.join(env["XDG_CONFIG_HOME"], "systemd", "user"),
                     os.path.join(env["XDG_DATA_HOME"], "systemd", "user"),
                     system_units])


def inner(argv):
    """In the mount namespace: the manager, then the program."""
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)
    os.makedirs("/run/systemd", exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755", "tmpfs", "/run/systemd"], check=True)
    os.mkdir("/run/systemd/system")

    for mount_point, path in cgroup_hierarchies():
        with open(os.path.join(mount_point, path.lstrip("/"), CGROUP_NAME, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    tmp = os.environ["BMS_TEST_USER_MANAGER_TMP"]
    env = session_env(tmp)
    env["SYSTEMD_UNIT_PATH"] = unit_path(env, tmp)
    log = open(os.path.join(tmp, "user-manager.log"), "w")
    # Only the session bus: the default target would start every socket and
    # service the machine's packages enable for their users.
    manager = subprocess.Popen([SYSTEMD, "--user", "--unit=dbus.socket", "--log-target=console"],
                               env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(env["XDG_RUNTIME_DIR"], "bus")
    try:
        if not wait_for_manager_on_bus(env, manager):
            log.flush()
            with open(log.name) as f:
                sys.stderr.write(f.read())
            env["BMS_TEST_USER_MANAGER_SKIP"] = "the user manager did not come up on its bus"
        env["G_DEBUG"] = os.environ.get("G_DEBUG", "")
        return subprocess.run(argv, env=env).returncode
    finally:
        manager.send_signal(signal.SIGTERM)
        try:
            manager.wait(timeout=15)
        except subprocess.TimeoutExpired:
            manager.kill()
            manager.wait()


def stop_on_sigterm(signum, frame):
    # A test run that times out ends with SIGTERM: the manager is stopped
    # and the cgroups removed all the same (the finally clauses).
    sys.exit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    if len(sys.argv) > 2 and sys.argv[1] == "--inner":
        return inner(sys.argv[2:])
    if len(sys.argv) < 2:
        print("usage: run-with-user-manager.py PROGRAM [ARGUMENTS...]", file=sys.stderr)
        return 2

    reason = why_no_user_manager()
    if reason is not None:
        return run_without_manager(reason, sys.argv[1:])

    hierarchies = cgroup_hierarchies()
    tmp = tempfile.mkdtemp(prefix="bms-user-manager-")
    try:
        for mount_point, path in hierarchies:
            os.mkdir(os.path.join(mount_point, path.lstrip("/"), CGROUP_NAME))
        env = dict(os.environ, BMS_TEST_USER_MANAGER_TMP=tmp, BMS_TEST_USER_MANAGER_CGROUP=CGROUP_NAME)
        return subprocess.run(["unshare", "-m", sys.executable, os.path.abspath(__file__), "--inner"]
                              + sys.argv[1:], env=env).returncode
    finally:
        remove_cgroup_trees(hierarchies)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
