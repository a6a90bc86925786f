#!/usr/bin/python3
# test-cli.py: the command line against the private mail servers.
#
#   test-cli.py [--wiring] PROGRAM
#
# Runs `PROGRAM --test`, `--list-folders` and `--list-accounts` as a script
# or an administrator would, and checks the output, the exit status, that
# passwords come only from standard input or the keyring, and that no
# password is left in any output or file. Meant to run under
# run-with-keyring.sh (a throw-away HOME and an unlocked keyring). TAP output.
#
# PROGRAM is the executable (the command line, without GTK), or the window
# program. With --wiring only a few cases run, enough to show that the window
# program hands each option to the same command line.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "pa55w0rd"
ADDRESS = "alice@example.com"
SENT_WIRE = "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def start_servers():
    servers = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "servers", "mail-servers.py")],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return servers, json.loads(servers.stdout.readline())


def write_profile(path, info, smtp_port, smtp_security, imap_port=None, save_sent=True,
                  imap_security="ssl-tls"):
    imap_port = imap_port or info["imaps_port"]
    with open(path, "w", encoding="utf-8") as profile:
        profile.write(f"""[Profile]
format=1

[Account]
employee-name=山田 太郎
email={ADDRESS}

[SMTP]
user={ADDRESS}
host=localhost
port={smtp_port}
security={smtp_security}

[IMAP]
save-sent={"true" if save_sent else "false"}
same-as-smtp=true
host=localhost
port={imap_port}
security={imap_security}
sent-folder={SENT_WIRE}
""")


def run(program, args, stdin_text, ca_file):
    env = dict(os.environ, LANG="C.UTF-8", LANGUAGE="")
    env.pop("G_DEBUG", None)
    return subprocess.run([program] + args + ["--ca-file", ca_file], input=stdin_text,
                          capture_output=True, text=True, env=env, timeout=120)


def run_japanese(program, args, stdin_text):
    """The program in Japanese, with the catalogue of these sources: in a
    private mount namespace the build's po directory is put where the
    program looks for its catalogue. None where no namespace can be made."""
    build = os.environ.get("BMS_TEST_BUILD_LOCALEDIR")
    installed = os.environ.get("BMS_TEST_INSTALLED_LOCALEDIR")
    if not build or not installed or subprocess.run(["unshare", "--mount", "true"],
                                                    capture_output=True).returncode != 0:
        return None
    os.makedirs(installed, exist_ok=True)
    env = dict(os.environ, LANG="ja_JP.UTF-8", LANGUAGE="", LC_ALL="")
    env.pop("G_DEBUG", None)
    return subprocess.run(["unshare", "--mount", "--", "sh", "-c",
                           'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh", build, installed,
                           program] + args, input=stdin_text, capture_output=True, text=True, env=env,
                          timeout=120)


def test_script_stable(program, info, work, ca):
    """What scripts read does not change with the language: the first column
    of each step, and the exit status (2 for every usage problem)."""
    profile = os.path.join(work, "alice-ja.ini")
    write_profile(profile, info, info["smtp_starttls_port"], "starttls")
    p = run_japanese(program, ["--test", profile, "--ca-file", ca], "wr0ng-passw0rd\n")
    if p is None:
        check("Japanese: # SKIP no mount namespace here", True)
        return
    lines = p.stdout.splitlines()
    check("Japanese wrong password: exit status 1", p.returncode == 1, p.stdout + p.stderr)
    check("Japanese: the first column is never translated",
          len(lines) >= 4 and lines[0].startswith("failed\t") and
          all(line.split("\t")[0] in ("ok", "failed", "skipped", "cancelled") for line in lines[:4]), p.stdout)
    check("Japanese: the step after it is translated", any(ord(c) > 0x3000 for c in lines[0]), p.stdout)

    p = run_japanese(program, ["--no-such-option"], "")
    check("Japanese unknown option: exit status 2", p.returncode == 2, p.stderr)
    p = run_japanese(program, ["--test"], "")
    check("Japanese option without its value: exit status 2", p.returncode == 2, p.stderr)
    p = run_japanese(program, ["--test", profile, "stray"], "")
    check("Japanese stray argument: exit status 2", p.returncode == 2, p.stderr)

    missing = os.path.join(work, "no-such-ca.pem")
    p = run_japanese(program, ["--test", profile, "--ca-file", missing], PASSWORD + "\n")
    check("Japanese missing --ca-file: exit status 2", p.returncode == 2, p.stderr)
    check("Japanese missing --ca-file: says the file does not exist",
          "存在しません" in p.stderr and "改行" not in p.stderr, p.stderr)

    p = run_japanese(program, ["--test", profile, "--ca-file", ca], "\n")
    check("Japanese empty password line: exit status 2, nothing sent",
          p.returncode == 2 and p.stdout == "", p.stdout + p.stderr)

    # A saved account whose keyring has no item: said, and nothing is sent.
    accounts = os.path.join(os.environ["XDG_CONFIG_HOME"], "bizmagic-mail-setup", "accounts")
    os.makedirs(accounts, mode=0o700, exist_ok=True)
    saved = os.path.join(accounts, "bob_40example.com.ini")
    write_profile(saved, info, info["smtp_starttls_port"], "starttls")
    with open(saved, encoding="utf-8") as f:
        text = f.read().replace(ADDRESS, "bob@example.com")
    with open(saved, "w", encoding="utf-8") as f:
        f.write(text)
    p = run_japanese(program, ["--test", "bob@example.com", "--ca-file", ca], "")
    check("Japanese saved account without a password: exit status 2", p.returncode == 2, p.stdout + p.stderr)
    check("Japanese saved account without a password: said so",
          "保存されたパスワードがありません" in p.stderr, p.stderr)
    p = run(program, ["--test", "bob@example.com"], "", ca)
    check("saved account without a password: exit status 2", p.returncode == 2, p.stdout + p.stderr)
    check("saved account without a password: said so", "There is no saved password" in p.stderr, p.stderr)
    check("saved account without a password: no step was run", p.stdout == "", p.stdout)
    os.unlink(saved)


def start_scripted(scenario):
    server = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "servers", "scripted-server.py"),
                               "--scenario", scenario],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return server, json.loads(server.stdout.readline())


def read_until(fd, text, timeout):
    """Reads the terminal until @text appears; gives all that was read."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen.decode("utf-8", "replace")


def signal_on_terminal(program, args, signum, at_prompt, ca_file):
    """Runs PROGRAM on a pseudo-terminal and sends @signum at the password
    prompt, or once the check is under way. Gives (exit status or -signal,
    seconds from the signal to the end, the terminal's output, whether the
    terminal echoes afterwards)."""
    env = dict(os.environ, LANG="C.UTF-8", LANGUAGE="")
    env.pop("G_DEBUG", None)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(program, [program] + args + ["--ca-file", ca_file], env)
    output = read_until(fd, "assword", 10)
    # The prompt comes just before the echo goes off, and a line typed in
    # between would be flushed: wait for the terminal to be quiet.
    deadline = time.monotonic() + 10
    while termios.tcgetattr(fd)[3] & termios.ECHO and time.monotonic() < deadline:
        time.sleep(0.005)
    check("the password prompt turns the echo off", not termios.tcgetattr(fd)[3] & termios.ECHO)
    if not at_prompt:
        os.write(fd, (PASSWORD + "\n").encode())
        # The servers never answer: the check waits until the signal.
        time.sleep(0.5)
    started = time.monotonic()
    os.kill(pid, signum)
    _, status = os.waitpid(pid, 0)
    elapsed = time.monotonic() - started
    output += read_until(fd, "\0", 0.2)
    echo = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    os.close(fd)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    return code, elapsed, output, echo


def test_signals(program, info, work, ca):
    smtp, smtp_info = start_scripted("smtp-stall")
    imap, imap_info = start_scripted("imap-stall")
    try:
        profile = os.path.join(work, "stall.ini")
        write_profile(profile, info, smtp_info["port"], "none", imap_port=imap_info["port"],
                      imap_security="none")
        for signum in (signal.SIGINT, signal.SIGTERM):
            name = f"{signal.Signals(signum).name} during --test"
            code, elapsed, output, _ = signal_on_terminal(program, ["--test", profile], signum, False, ca)
            check(name + ": a non-zero exit status", code > 0, output)
            check(name + ": ends within 200 ms", elapsed < 0.2, f"{elapsed * 1000:.0f} ms")
            check(name + ": the running steps are cancelled", "cancelled\t" in output, output)
            heard = open(smtp_info["log"], encoding="utf-8", errors="replace").read()
            check(name + ": nothing secret was sent to the stalled server", PASSWORD not in heard, heard)

            name = f"{signal.Signals(signum).name} during --list-folders"
            code, elapsed, output, _ = signal_on_terminal(program, ["--list-folders", profile], signum,
                                                          False, ca)
            check(name + ": a non-zero exit status", code > 0, output)
            check(name + ": ends within 200 ms", elapsed < 0.2, f"{elapsed * 1000:.0f} ms")

            name = f"{signal.Signals(signum).name} at the password prompt"
            code, elapsed, output, echo = signal_on_terminal(program, ["--test", profile], signum, True, ca)
            check(name + ": the program ends", code != 0, output)
            check(name + ": the terminal echoes again", echo, output)
    finally:
        for server in (smtp, imap):
            server.stdin.close()
            server.wait(timeout=30)


def no_password_in(name, process, password=PASSWORD):
    check(name + ": the password is in no output",
          password not in process.stdout and password not in process.stderr)


def files_without(directory, secret):
    found = []
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    if secret.encode() in f.read():
                        found.append(path)
            except OSError:
                pass
    return found


def store_in_keyring(protocol, port, password):
    subprocess.run(["secret-tool", "store", "--label=test",
                    "xdg:schema", "io.github.bizmagic_mail_setup.MailSetup",
                    "protocol", protocol, "server", "localhost", "port", str(port), "user", ADDRESS],
                   input=password, text=True, check=True, timeout=30)


def main():
    wiring_only = sys.argv[1] == "--wiring"
    program = sys.argv[-1]
    servers, info = start_servers()
    ca = info["ca_file"]
    work = tempfile.mkdtemp()
    profile = os.path.join(work, "alice.ini")
    try:
        # Success over 587 with STARTTLS, and over 465 with SSL/TLS.
        for port_key, security in (("smtp_starttls_port", "starttls"), ("smtps_port", "ssl-tls")):
            write_profile(profile, info, info[port_key], security)
            p = run(program, ["--test", profile], PASSWORD + "\n", ca)
            name = f"--test over {security}"
            check(name + ": exit status 0", p.returncode == 0, p.stderr)
            lines = p.stdout.splitlines()
            check(name + ": one line per step, all ok",
                  [line.split("\t")[0] for line in lines[:4]] == ["ok"] * 4, p.stdout)
            check(name + ": the manual's messages",
                  "The test message was sent." in lines and "The test message was saved in the mailbox." in lines,
                  p.stdout)
            no_password_in(name, p)

        if wiring_only:
            test_saved_account(program, info, ca)
            return report()

        # A wrong password: non-zero, the diagnosis and the server's words on stderr.
        write_profile(profile, info, info["smtp_starttls_port"], "starttls")
        wrong = "wr0ng-passw0rd"
        p = run(program, ["--test", profile], wrong + "\n", ca)
        check("wrong password: exit status 1", p.returncode == 1, p.stderr)
        check("wrong password: the step failed", p.stdout.startswith("failed\t"), p.stdout)
        check("wrong password: the diagnosis", "did not accept the user name or the password" in p.stderr, p.stderr)
        check("wrong password: the server's words", "535" in p.stderr, p.stderr)
        check("wrong password on both servers: the diagnosis said once, naming both",
              p.stderr.count("did not accept the user name or the password") == 1 and "Both servers" in p.stderr,
              p.stderr)
        check("wrong password: no advice to use a step of the assistant",
              "assistant" not in p.stderr and "step 1" not in p.stderr, p.stderr)
        no_password_in("wrong password", p, wrong)

        # Nothing listens: the diagnosis says so.
        write_profile(profile, info, info["refused_port"], "starttls")
        p = run(program, ["--test", profile], PASSWORD + "\n", ca)
        check("connection refused: exit status 1", p.returncode == 1, p.stderr)
        check("connection refused: said on stderr", "refused" in p.stderr.lower(), p.stderr)

        # No password on standard input: a usage error, nothing sent.
        write_profile(profile, info, info["smtp_starttls_port"], "starttls")
        p = run(program, ["--test", profile], "", ca)
        check("missing password: exit status 2", p.returncode == 2, p.stderr)

        # A profile that does not exist.
        p = run(program, ["--test", os.path.join(work, "nobody.ini")], PASSWORD + "\n", ca)
        check("unknown profile: exit status 2", p.returncode == 2, p.stderr)

        # The folder list: one line per folder, decoded name, wire name, attributes.
        p = run(program, ["--list-folders", profile], PASSWORD + "\n", ca)
        check("--list-folders: exit status 0", p.returncode == 0, p.stderr)
        rows = [line.split("\t") for line in p.stdout.splitlines()]
        check("--list-folders: the sent folder, decoded and as on the wire",
              any(r[0] == "[Gmail]/送信済みメール" and r[1] == SENT_WIRE and "\\Sent" in r[2] for r in rows),
              p.stdout)
        check("--list-folders: [Gmail] cannot hold mail",
              any(r[0] == "[Gmail]" and "\\Noselect" in r[2] for r in rows), p.stdout)
        no_password_in("--list-folders", p)

        test_saved_account(program, info, ca)

        test_script_stable(program, info, work, ca)

        test_signals(program, info, work, ca)

        # After all that, no file under HOME or the configuration holds a password.
        leftovers = files_without(os.environ["HOME"], PASSWORD) + files_without(os.environ["XDG_CONFIG_HOME"], PASSWORD)
        check("no file under HOME or the configuration holds the password", not leftovers, " ".join(leftovers))
    finally:
        servers.stdin.close()
        servers.wait(timeout=30)

    return report()


def test_saved_account(program, info, ca):
    # A saved account: passwords from the keyring, none on standard input.
    accounts = os.path.join(os.environ["XDG_CONFIG_HOME"], "bizmagic-mail-setup", "accounts")
    os.makedirs(accounts, mode=0o700, exist_ok=True)
    write_profile(os.path.join(accounts, "alice_40example.com.ini"), info,
                  info["smtp_starttls_port"], "starttls")
    store_in_keyring("smtp", info["smtp_starttls_port"], PASSWORD)
    p = run(program, ["--list-accounts"], "", ca)
    check("--list-accounts: the saved account", p.returncode == 0 and p.stdout.startswith(ADDRESS + "\t山田 太郎\t"),
          p.stdout + p.stderr)
    p = run(program, ["--test", ADDRESS], "", ca)
    check("--test with a saved account: passwords from the keyring", p.returncode == 0, p.stdout + p.stderr)
    no_password_in("--test with a saved account", p)

    # An address that is not saved here, nor a file: a usage error that says so.
    p = run(program, ["--test", "nobody@example.com"], "", ca)
    check("--test with an unknown address: exit status 2", p.returncode == 2, p.stderr)
    check("--test with an unknown address: said on stderr", "--list-accounts" in p.stderr, p.stderr)


def report():
    print(f"1..{len(results)}")
    for number, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        if not ok and detail:
            for line in detail.splitlines()[:20]:
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
