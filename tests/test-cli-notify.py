#!/usr/bin/python3
# test-cli-notify.py: --check-all --notify, the daily check's desktop
# notification, as a notification server on the session bus sees it.
#
#   test-cli-notify.py PROGRAM
#
# Meant to run under run-with-keyring.sh (a private session bus, a
# throw-away HOME and an unlocked keyring). servers/notification-server.py
# plays the desktop's notification server; the accounts sign in to the
# private mail servers (servers/mail-servers.py), some with a wrong password.
# TAP output.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

APPLICATION_ID = "io.github.bizmagic_mail_setup.MailSetup"
ALICE = ("alice@example.com", "pa55w0rd", "有栖 アリス")
BOB = ("bob@example.com", "wr0ng-passw0rd", "ボブ")
CAROL = ("carol@example.com", "wr0ng-als0", "キャロル")

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def load_roster_helpers():
    """The accounts are saved as test-cli-roster.py saves them."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("roster", os.path.join(HERE, "test-cli-roster.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


roster = load_roster_helpers()


class NotificationServer:
    def __init__(self, kind):
        handle, self.log = tempfile.mkstemp(suffix=".jsonl")
        os.close(handle)
        self.process = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "servers", "notification-server.py"),
                                         kind, self.log], stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if json.loads(line or "{}").get("ready") is not True:
            raise RuntimeError("the notification server did not start")

    def calls(self, count=0, seconds=5.0):
        """The calls so far, after waiting up to SECONDS for COUNT of them."""
        deadline = time.monotonic() + seconds
        while True:
            with open(self.log, encoding="utf-8") as f:
                calls = [json.loads(line) for line in f if line.strip()]
            if len(calls) >= count or time.monotonic() > deadline:
                return calls
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        os.unlink(self.log)


def save(config, info, who, port_key="smtps_port"):
    roster.save_account(config, who[0], who[2], info[port_key], security="ssl-tls", password=who[1])
    return roster.profile_path(config, who[0])


def run_check(program, config, ca, notify=True):
    return roster.run(program, ["--check-all", "--quiet"] + (["--notify"] if notify else []), config, ca)


def test_one_failed(program, info, ca):
    name = "gtk: one failed"
    config = roster.new_config()
    save(config, info, ALICE)
    bob_path = save(config, info, BOB)
    server = NotificationServer("gtk")
    try:
        p = run_check(program, config, ca)
        check(name + ": exit status 1", p.returncode == 1, p.stdout + p.stderr)
        calls = server.calls(1)
        time.sleep(0.3)
        calls = server.calls(1)
        added = [c for c in calls if c["call"] == "AddNotification"]
        check(name + ": one notification", len(calls) == 1 and len(added) == 1, json.dumps(calls, ensure_ascii=False))
        if not added:
            return
        call = added[0]
        notification = call["notification"]
        check(name + ": under the window program's application ID", call["app_id"] == APPLICATION_ID, call["app_id"])
        check(name + ": its id replaces the day before's", call["id"] == "login-check", call["id"])
        check(name + ": the title names the employee", BOB[2] in notification.get("title", ""),
              notification.get("title", ""))
        check(name + ": the title does not name the one who passed", ALICE[2] not in notification.get("title", ""))
        body = notification.get("body", "")
        check(name + ": the body names the address and the reason",
              BOB[0] in body and "password" in body.lower(), body)
        check(name + ": clicking shows that account",
              notification.get("default-action") == "app.show-account" and
              notification.get("default-action-target") == bob_path, json.dumps(notification, ensure_ascii=False))
        check(name + ": no password in it", BOB[1] not in json.dumps(calls, ensure_ascii=False))
    finally:
        server.stop()


def test_several_failed(program, info, ca):
    name = "gtk: two failed"
    config = roster.new_config()
    save(config, info, ALICE)
    paths = {BOB[2]: save(config, info, BOB), CAROL[2]: save(config, info, CAROL)}
    server = NotificationServer("gtk")
    try:
        p = run_check(program, config, ca)
        check(name + ": exit status 1", p.returncode == 1, p.stdout + p.stderr)
        server.calls(1)
        time.sleep(0.3)
        calls = server.calls(1)
        added = [c for c in calls if c["call"] == "AddNotification"]
        check(name + ": one notification for both", len(calls) == 1 and len(added) == 1,
              json.dumps(calls, ensure_ascii=False))
        if not added:
            return
        notification = added[0]["notification"]
        title, body = notification.get("title", ""), notification.get("body", "")
        check(name + ": the title counts them", "2" in title, title)
        check(name + ": the body names both, and not the one who passed",
              BOB[2] in body and CAROL[2] in body and ALICE[2] not in body, body)
        first = min(paths, key=lambda who: body.find(who))
        check(name + ": clicking shows the first of them",
              notification.get("default-action") == "app.show-account" and
              notification.get("default-action-target") == paths[first],
              json.dumps(notification, ensure_ascii=False))
    finally:
        server.stop()


def test_all_passed(program, info, ca):
    name = "gtk: all passed"
    config = roster.new_config()
    save(config, info, ALICE)
    server = NotificationServer("gtk")
    try:
        p = run_check(program, config, ca)
        check(name + ": exit status 0", p.returncode == 0, p.stdout + p.stderr)
        calls = server.calls(1)
        check(name + ": no notification", not any(c["call"] == "AddNotification" for c in calls),
              json.dumps(calls, ensure_ascii=False))
        check(name + ": the day before's is withdrawn",
              calls == [{"call": "RemoveNotification", "app_id": APPLICATION_ID, "id": "login-check"}],
              json.dumps(calls, ensure_ascii=False))
    finally:
        server.stop()


def test_without_notify(program, info, ca):
    name = "gtk: without --notify"
    config = roster.new_config()
    save(config, info, BOB)
    server = NotificationServer("gtk")
    try:
        p = run_check(program, config, ca, notify=False)
        check(name + ": exit status 1", p.returncode == 1, p.stdout + p.stderr)
        time.sleep(0.5)
        calls = server.calls()
        check(name + ": nothing sent", calls == [], json.dumps(calls, ensure_ascii=False))
    finally:
        server.stop()


def test_mail_test(program, info, ca):
    name = "gtk: --test-all"
    config = roster.new_config()
    bob_path = save(config, info, BOB)
    server = NotificationServer("gtk")
    try:
        p = roster.run(program, ["--test-all", "--quiet", "--notify"], config, ca)
        check(name + ": exit status 1", p.returncode == 1, p.stdout + p.stderr)
        added = [c for c in server.calls(1) if c["call"] == "AddNotification"]
        check(name + ": one notification", len(added) == 1, json.dumps(added, ensure_ascii=False))
        if added:
            notification = added[0]["notification"]
            title = notification.get("title", "")
            check(name + ": the title names the employee and the mail test",
                  BOB[2] in title and "mail test" in title, title)
            check(name + ": clicking shows that account",
                  notification.get("default-action-target") == bob_path, json.dumps(notification))
    finally:
        server.stop()


def test_freedesktop(program, info, ca):
    name = "freedesktop: one failed"
    config = roster.new_config()
    save(config, info, BOB)
    server = NotificationServer("freedesktop")
    try:
        p = run_check(program, config, ca)
        check(name + ": exit status 1", p.returncode == 1, p.stdout + p.stderr)
        calls = [c for c in server.calls(1) if c["call"] == "Notify"]
        check(name + ": one notification", len(calls) == 1, json.dumps(calls, ensure_ascii=False))
        if calls:
            call = calls[0]
            check(name + ": the summary names the employee", BOB[2] in call["summary"], call["summary"])
            check(name + ": the body names the address", BOB[0] in call["body"], call["body"])
            check(name + ": it has a default action", "default" in call["actions"][::2], call["actions"])
            check(name + ": the desktop entry is the window program's",
                  call["hints"].get("desktop-entry") == APPLICATION_ID, json.dumps(call["hints"]))
    finally:
        server.stop()


def test_no_notification_server(program, info, ca):
    """A session bus nobody shows notifications on: the check itself is
    unchanged."""
    name = "no notification server"
    config = roster.new_config()
    save(config, info, BOB)
    p = run_check(program, config, ca)
    check(name + ": exit status 1", p.returncode == 1, p.stdout + p.stderr)
    check(name + ": the failure is still on standard output",
          p.stdout.startswith("failed\t" + BOB[0]), p.stdout)


def main():
    program = sys.argv[-1]
    servers, info = roster.start([os.path.join(HERE, "servers", "mail-servers.py")])
    try:
        ca = info["ca_file"]
        test_one_failed(program, info, ca)
        test_several_failed(program, info, ca)
        test_all_passed(program, info, ca)
        test_without_notify(program, info, ca)
        test_mail_test(program, info, ca)
        test_freedesktop(program, info, ca)
        test_no_notification_server(program, info, ca)
    finally:
        servers.stdin.close()
        servers.wait(timeout=30)

    print(f"1..{len(results)}")
    for number, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        if not ok and detail:
            for line in detail.splitlines()[:20]:
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
