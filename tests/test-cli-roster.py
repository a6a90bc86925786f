#!/usr/bin/python3
# test-cli-roster.py: --check, --check-all, --test-all, --json, --quiet,
# --import-csv and --export-csv against the private mail servers.
#
#   test-cli-roster.py PROGRAM
#
# Meant to run under run-with-keyring.sh (a throw-away HOME and an unlocked
# keyring): passwords come from the keyring, as in a daily check. Each case
# has its own configuration folder of saved accounts. TAP output.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = "io.github.bizmagic_mail_setup.MailSetup"
SENT_WIRE = "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"
ALICE = ("alice@example.com", "pa55w0rd")
BOB_WRONG = ("bob@example.com", "wr0ng-passw0rd")

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def start(args):
    process = subprocess.Popen(["/usr/bin/python3"] + args, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    return process, json.loads(process.stdout.readline())


def new_config():
    config = tempfile.mkdtemp(dir=os.environ.get("XDG_CONFIG_HOME"))
    os.makedirs(accounts_dir(config), mode=0o700)
    return config


def accounts_dir(config):
    return os.path.join(config, "bizmagic-mail-setup", "accounts")


def profile_path(config, address):
    name = "".join(c if c.isalnum() and c.isascii() or c in ".-" else "_%02x" % ord(c)
                   for c in address.lower())
    return os.path.join(accounts_dir(config), name + ".ini")


def save_account(config, address, name, smtp_port, security="starttls", save_sent=False, imap_port=0,
                 password=None):
    with open(profile_path(config, address), "w", encoding="utf-8") as profile:
        profile.write(f"""[Profile]
format=1

[Account]
employee-name={name}
email={address}

[SMTP]
user={address}
host=localhost
port={smtp_port}
security={security}

[IMAP]
save-sent={"true" if save_sent else "false"}
same-as-smtp=true
host=localhost
port={imap_port or 993}
security=ssl-tls
sent-folder={SENT_WIRE}
""")
    if password is not None:
        subprocess.run(["secret-tool", "store", "--label=test", "xdg:schema", SCHEMA,
                        "protocol", "smtp", "server", "localhost", "port", str(smtp_port), "user", address],
                       input=password, text=True, check=True, timeout=30)
        if save_sent:
            subprocess.run(["secret-tool", "store", "--label=test", "xdg:schema", SCHEMA,
                            "protocol", "imap", "server", "localhost", "port", str(imap_port),
                            "user", address],
                           input=password, text=True, check=True, timeout=30)


def env_for(config):
    env = dict(os.environ, LANG="C.UTF-8", LANGUAGE="", XDG_CONFIG_HOME=config)
    env.pop("G_DEBUG", None)
    return env


def run(program, args, config, ca_file=None):
    extra = ["--ca-file", ca_file] if ca_file else []
    return subprocess.run([program] + args + extra, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=env_for(config), timeout=120)


def json_lines(name, text):
    try:
        return [json.loads(line) for line in text.splitlines()]
    except ValueError as e:
        check(name + ": every line is JSON", False, f"{e}\n{text}")
        return []


def no_secret(name, process, *secrets):
    check(name + ": no password in the output",
          not any(s in process.stdout or s in process.stderr for s in secrets))


def test_check_all(program, info, ca):
    config = new_config()
    save_account(config, ALICE[0], "有栖 アリス", info["smtp_starttls_port"], save_sent=True,
                 imap_port=info["imaps_port"], password=ALICE[1])
    save_account(config, BOB_WRONG[0], "ボブ", info["smtps_port"], security="ssl-tls", password=BOB_WRONG[1])

    p = run(program, ["--check-all", "--json"], config, ca)
    name = "--check-all --json"
    check(name + ": exit status 1 when one failed", p.returncode == 1, p.stdout + p.stderr)
    lines = json_lines(name, p.stdout)
    by_address = {line.get("address"): line for line in lines}
    check(name + ": one line per account", len(lines) == 2 and set(by_address) == {ALICE[0], BOB_WRONG[0]},
          p.stdout)
    alice, bob = by_address.get(ALICE[0], {}), by_address.get(BOB_WRONG[0], {})
    check(name + ": the keys", all(set(line) >= {"address", "kind", "result", "problem", "time"} for line in lines),
          p.stdout)
    check(name + ": alice passed", alice.get("result") == "passed" and alice.get("problem") is None, p.stdout)
    check(name + ": bob failed, wrong password", bob.get("result") == "failed" and
          bob.get("problem") == "wrong-password", p.stdout)
    check(name + ": a login check", all(line.get("kind") == "login-check" for line in lines), p.stdout)
    try:
        when = datetime.datetime.fromisoformat(alice.get("time", "").replace("Z", "+00:00"))
        recent = abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) < 120
    except ValueError:
        recent = False
    check(name + ": the time, ISO 8601, just now", recent, p.stdout)
    check(name + ": the summary on standard error", "1 passed, 1 failed" in p.stderr, p.stderr)
    no_secret(name, p, ALICE[1], BOB_WRONG[1])

    with open(profile_path(config, BOB_WRONG[0]), encoding="utf-8") as f:
        kept = f.read()
    check("--check-all: the result is kept in the profile",
          "[Status]" in kept and "result=failed" in kept and "problem=wrong-password" in kept
          and "kind=login-check" in kept, kept)
    check("--check-all: no password in the profile", BOB_WRONG[1] not in kept)

    p = run(program, ["--check-all"], config, ca)
    rows = [line.split("\t") for line in p.stdout.splitlines()]
    check("--check-all: status, address, reason, tab-separated",
          sorted(r[0] + " " + r[1] for r in rows) == ["failed " + BOB_WRONG[0], "passed " + ALICE[0]]
          and all(len(r) == 3 and r[2] for r in rows), p.stdout)

    p = run(program, ["--check-all", "--quiet"], config, ca)
    check("--check-all --quiet: only the account that failed",
          p.stdout.startswith("failed\t" + BOB_WRONG[0] + "\t") and len(p.stdout.splitlines()) == 1
          and p.stderr == "", p.stdout + p.stderr)

    p = run(program, ["--check", ALICE[0]], config, ca)
    check("--check ADDRESS: exit status 0", p.returncode == 0, p.stdout + p.stderr)
    check("--check ADDRESS: one line, passed", p.stdout.startswith("passed\t" + ALICE[0] + "\t")
          and len(p.stdout.splitlines()) == 1, p.stdout)

    p = run(program, ["--check", profile_path(config, ALICE[0]), "--json"], config, ca)
    check("--check PROFILE: exit status 0", p.returncode == 0, p.stdout + p.stderr)

    p = run(program, ["--check", "nobody@example.com"], config, ca)
    check("--check with an address not saved here: exit status 2", p.returncode == 2, p.stderr)
    check("--check with an address not saved here: said", "--list-accounts" in p.stderr, p.stderr)

    p = run(program, ["--json"], config, ca)
    check("--json alone: exit status 2", p.returncode == 2, p.stderr)

    # The mail test of every account, for the one that works.
    p = run(program, ["--test-all", "--json"], config, ca)
    lines = json_lines("--test-all", p.stdout)
    check("--test-all: the mail test of each account",
          len(lines) == 2 and all(line.get("kind") == "mail-test" for line in lines), p.stdout)
    check("--test-all: alice's test passed",
          any(line.get("address") == ALICE[0] and line.get("result") == "passed" for line in lines), p.stdout)

    # An employee imported but not set up: no password, a usage problem.
    csv = os.path.join(config, "new.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("社員名,メールアドレス\n新人 一郎,ichiro@example.com\n")
    p = run(program, ["--import-csv", csv], config)
    check("--import-csv: exit status 0", p.returncode == 0, p.stdout + p.stderr)
    p = run(program, ["--check", "ichiro@example.com"], config, ca)
    check("--check without a saved password: exit status 2", p.returncode == 2, p.stdout + p.stderr)
    check("--check without a saved password: skipped, and why",
          p.stdout.startswith("skipped\tichiro@example.com\t") and "keyring" in p.stdout, p.stdout)


def test_cancel(program, ca):
    stall, stall_info = start([os.path.join(HERE, "servers", "scripted-server.py"), "--scenario", "smtp-stall"])
    try:
        config = new_config()
        for i in range(6):
            save_account(config, f"stalled{i}@example.com", "社員", stall_info["port"], security="none",
                         password="abcdefghijklmnop")
        for signum in (signal.SIGINT, signal.SIGTERM):
            name = f"{signal.Signals(signum).name} during --check-all"
            process = subprocess.Popen([program, "--check-all", "--json"], stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                       env=env_for(config))
            time.sleep(1.0)
            sent = time.monotonic()
            process.send_signal(signum)
            out, err = process.communicate(timeout=30)
            elapsed = time.monotonic() - sent
            lines = json_lines(name, out)
            check(name + ": exit status 1", process.returncode == 1, out + err)
            check(name + ": ends within 2 s", elapsed < 2, f"{elapsed:.2f} s")
            check(name + ": every account has a line, cancelled",
                  len(lines) == 6 and all(line.get("result") == "cancelled" for line in lines), out)
        with open(profile_path(config, "stalled0@example.com"), encoding="utf-8") as f:
            check("a cancelled check keeps no status", "[Status]" not in f.read())
    finally:
        stall.stdin.close()
        stall.wait(timeout=30)


def test_csv(program):
    config = new_config()
    work = tempfile.mkdtemp()
    rows = "社員名,メールアドレス\r\n山田 太郎,taro@example.co.jp\r\n\"鈴木, 花子\",hanako@example.co.jp\r\n"

    bad = os.path.join(work, "bad.csv")
    with open(bad, "wb") as f:
        f.write((rows + "佐藤 一郎,not-an-address\r\n,nobody@example.co.jp\r\n").encode("cp932"))
    p = run(program, ["--import-csv", bad], config)
    check("--import-csv with bad rows (CP932): exit status 2", p.returncode == 2, p.stdout + p.stderr)
    check("--import-csv with bad rows: each by its line",
          f"{bad}:4:" in p.stderr and f"{bad}:5:" in p.stderr, p.stderr)
    check("--import-csv with bad rows: nothing imported", os.listdir(accounts_dir(config)) == [],
          " ".join(os.listdir(accounts_dir(config))))

    for label, data in (("UTF-8", rows.encode()), ("UTF-8 with BOM", b"\xef\xbb\xbf" + rows.encode()),
                        ("CP932", rows.encode("cp932"))):
        config = new_config()
        good = os.path.join(work, "good.csv")
        with open(good, "wb") as f:
            f.write(data)
        p = run(program, ["--import-csv", good], config)
        name = f"--import-csv ({label})"
        check(name + ": exit status 0", p.returncode == 0, p.stdout + p.stderr)
        check(name + ": says how many", p.stdout.startswith("2 employees imported."), p.stdout)
        p = run(program, ["--list-accounts"], config)
        listed = sorted(line.split("\t")[1] for line in p.stdout.splitlines())
        check(name + ": the employees are saved accounts", listed == ["山田 太郎", "鈴木, 花子"], p.stdout)

    out = os.path.join(work, "roster.csv")
    p = run(program, ["--export-csv", out], config)
    check("--export-csv: exit status 0", p.returncode == 0, p.stdout + p.stderr)
    with open(out, "rb") as f:
        data = f.read()
    check("--export-csv: UTF-8 with a BOM", data.startswith(b"\xef\xbb\xbf"), repr(data[:20]))
    check("--export-csv: CRLF line ends", data.count(b"\r\n") == 3 and data.count(b"\n") == 3, repr(data))
    import csv as csv_module
    table = list(csv_module.reader(data.decode("utf-8-sig").splitlines()))
    check("--export-csv: the columns", table[0] == ["社員名", "メールアドレス", "最終確認日時", "確認の種類", "結果", "問題"],
          repr(table[0]))
    check("--export-csv: a row per account, never checked",
          sorted(r[1] for r in table[1:]) == ["hanako@example.co.jp", "taro@example.co.jp"]
          and all(r[4] == "never" for r in table[1:]), repr(table))
    p = subprocess.run([program, "--export-csv", "-"], capture_output=True, env=env_for(config), timeout=60)
    check("--export-csv -: the same on standard output", p.stdout == data, repr(p.stdout))


def main():
    program = sys.argv[-1]
    servers, info = start([os.path.join(HERE, "servers", "mail-servers.py")])
    try:
        test_check_all(program, info, info["ca_file"])
        test_cancel(program, info["ca_file"])
        test_csv(program)
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
