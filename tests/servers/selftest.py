#!/usr/bin/python3
# selftest.py: proves that the test servers behave as README.md says
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start mail-servers.py and scripted-server.py and check them with Python's
own imaplib, smtplib and ssl (no project code), printing what it sees.
Exit status 0 when every check passed. Usage: /usr/bin/python3 selftest.py
"""

import imaplib
import json
import os
import smtplib
import socket
import ssl
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
failures = []


def check(what, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", what, (": " + detail) if detail else ""))
    if not ok:
        failures.append(what)


def start(script, *args):
    t0 = time.monotonic()
    proc = subprocess.Popen([PYTHON, os.path.join(HERE, script), *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    info = json.loads(proc.stdout.readline())
    return proc, info, time.monotonic() - t0


def stop(proc):
    t0 = time.monotonic()
    proc.stdin.close()  # end of file: the servers stop
    proc.wait(10)
    return time.monotonic() - t0


def message(subject, to="alice@example.com"):
    return ("From: =?UTF-8?B?5bGx55Sw?= <alice@example.com>\r\nTo: %s\r\n"
            "Subject: %s\r\nMessage-ID: <%s@bms.test>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\nテスト\r\n.dot line\r\n"
            % (to, subject, subject)).encode()


def wait_file(path, timeout=5):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.01)
    return os.path.exists(path)


def doveadm(info, *args):
    return subprocess.run(["doveadm", "-c", info["dovecot_conf"], *args],
                          capture_output=True, text=True).stdout


def tls_error(port, ctx, host="localhost"):
    try:
        with socket.create_connection(("127.0.0.1", port), 5) as s:
            with ctx.wrap_socket(s, server_hostname=host):
                return None
    except ssl.SSLCertVerificationError as e:
        return e.verify_message


def test_mail_servers():
    proc, info, started = start("mail-servers.py")
    print("mail-servers.py ready after %.3f s" % started)
    ctx = ssl.create_default_context(cafile=info["ca_file"])
    ports = {k: v for k, v in info.items() if k.endswith("_port")}
    print(json.dumps(ports, sort_keys=True))

    # IMAP over TLS and with STARTTLS; Gmail's Japanese folders.
    imap = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
    check("IMAPS login", imap.login("alice", "pa55w0rd")[0] == "OK")
    listing = [line.decode() for line in imap.list('""', "*")[1]]
    for line in listing:
        print("    * LIST " + line)
    check("[Gmail] is \\Noselect", '(\\Noselect \\HasChildren) "/" [Gmail]' in listing)
    check("送信済みメール is \\Sent",
          '(\\HasNoChildren \\Sent) "/" [Gmail]/&kAFP4W4IMH8w4TD8MOs-' in listing)
    imap.logout()
    imap = imaplib.IMAP4("localhost", info["imap_starttls_port"])
    imap.starttls(ctx)
    check("IMAP STARTTLS login with the full address",
          imap.login("Alice@example.com", "pa55w0rd")[0] == "OK")
    imap.logout()
    imap = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
    check("carol's awkward password", imap.login("carol", 'c@rol "quoted" \\ %41 &+')[0] == "OK")
    imap.logout()
    imap = imaplib.IMAP4_SSL("localhost", info["imaps_port"], ssl_context=ctx)
    t0 = time.monotonic()
    try:
        imap.login("alice", "wrong")
        check("IMAP wrong password refused", False)
    except imaplib.IMAP4.error as e:
        check("IMAP wrong password refused", "AUTHENTICATIONFAILED" in str(e),
              "%s in %.2f s" % (e, time.monotonic() - t0))

    # SMTP on both ports: AUTH, the message kept byte for byte, delivery.
    for n, (name, port) in enumerate((("587 STARTTLS", info["smtp_starttls_port"]),
                                      ("465 TLS", info["smtps_port"])), 1):
        if name.startswith("465"):
            smtp = smtplib.SMTP_SSL("localhost", port, context=ctx)
        else:
            smtp = smtplib.SMTP("localhost", port)
            code, text = smtp.mail("alice@example.com")
            check("587 refuses MAIL before STARTTLS", code == 530, "%d %s" % (code, text.decode()))
            smtp.starttls(context=ctx)
        smtp.ehlo()
        check(name + " offers AUTH PLAIN LOGIN", {"PLAIN", "LOGIN"} <= set(smtp.esmtp_features.get("auth", "").split()), smtp.esmtp_features.get("auth"))
        smtp.login("alice@example.com", "pa55w0rd")
        body = message("test-%d" % n)
        smtp.sendmail("alice@example.com", ["alice@example.com"], body)
        smtp.quit()
        eml = os.path.join(info["received_dir"], "%03d.eml" % n)
        check(name + " message kept", wait_file(eml))
        with open(eml, "rb") as f:
            check(name + " bytes identical", f.read() == body)
        with open(eml[:-4] + ".json") as f:
            print("    " + f.read().replace("\n", ""))
        found = doveadm(info, "search", "-u", "alice", "mailbox", "INBOX",
                        "header", "Message-ID", "<test-%d@bms.test>" % n)
        check(name + " delivered to INBOX by LMTP", len(found.splitlines()) == 1)

    for name, port, implicit in (("465", info["smtps_port"], True),
                                 ("587", info["smtp_starttls_port"], False)):
        smtp = smtplib.SMTP_SSL("localhost", port, context=ctx) if implicit else \
            smtplib.SMTP("localhost", port)
        if not implicit:
            smtp.starttls(context=ctx)
        try:
            smtp.login("alice", "nope")
            check(name + " wrong password refused", False)
        except smtplib.SMTPAuthenticationError as e:
            check(name + " wrong password refused", e.smtp_code == 535,
                  "%d %s" % (e.smtp_code, e.smtp_error.decode()))
        smtp.quit()

    # Gmail filing the sent message itself.
    open(info["file_to_sent_flag"], "w").close()
    smtp = smtplib.SMTP_SSL("localhost", info["smtps_port"], context=ctx)
    smtp.login("alice", "pa55w0rd")
    smtp.sendmail("alice@example.com", ["someone@example.org"], message("filed"))
    smtp.quit()
    os.unlink(info["file_to_sent_flag"])
    out = doveadm(info, "fetch", "-u", "alice", "flags hdr.message-id",
                  "mailbox", "[Gmail]/送信済みメール", "all")
    print("    " + out.strip().replace("\n", " | "))
    check("filed once in 送信済みメール, \\Seen",
          out.count("<filed@bms.test>") == 1 and "\\Seen" in out)

    # The certificate faults: both protocols, both TLS styles.
    for kind, expected in (("untrusted", "unable to get local issuer certificate"),
                           ("wrong_name", "Hostname mismatch")):
        for proto in ("imaps", "smtps"):
            port = info["%s_%s_port" % (kind, proto)]
            err = tls_error(port, ctx)
            check("%s %s refused by the client" % (kind, proto),
                  err is not None and expected in err, str(err))
        try:
            imap = imaplib.IMAP4("localhost", info[kind + "_imap_starttls_port"])
            imap.starttls(ctx)
            check(kind + " IMAP STARTTLS refused", False)
        except ssl.SSLCertVerificationError as e:
            check(kind + " IMAP STARTTLS refused", expected in e.verify_message,
                  e.verify_message)
        try:
            smtp = smtplib.SMTP("localhost", info[kind + "_smtp_starttls_port"])
            smtp.starttls(context=ctx)
            check(kind + " SMTP STARTTLS refused", False)
        except ssl.SSLCertVerificationError as e:
            check(kind + " SMTP STARTTLS refused", expected in e.verify_message,
                  e.verify_message)
    # Behind the faulty certificates are working servers.
    other = ssl.create_default_context(cafile=info["untrusted_ca_file"])
    imap = imaplib.IMAP4("localhost", info["untrusted_imap_starttls_port"])
    imap.starttls(other)
    check("untrusted IMAP STARTTLS works when its CA is trusted",
          imap.login("bob", "b0bs3cret")[0] == "OK")
    imap.logout()
    # wrong.example does not resolve: connect to 127.0.0.1, verify that name.
    with socket.create_connection(("127.0.0.1", info["wrong_name_imaps_port"]), 5) as s:
        with ctx.wrap_socket(s, server_hostname="wrong.example") as t:
            err = t.recv(100)
    check("wrong-name IMAPS works under its own name", err.startswith(b"* OK"), err.decode().strip())

    try:
        socket.create_connection(("127.0.0.1", info["refused_port"]), 5)
        check("refused_port refuses", False)
    except ConnectionRefusedError:
        check("refused_port refuses", True)

    dovecot_pids = subprocess.run(["pgrep", "-f", info["dovecot_conf"]],
                                  capture_output=True, text=True).stdout.split()
    stopped = stop(proc)
    print("mail-servers.py stopped %.3f s after end of input" % stopped)
    left = [p for p in dovecot_pids if os.path.exists("/proc/" + p)]
    check("no Dovecot process left", not left, " ".join(left))
    check("temporary directory removed", not os.path.exists(info["dir"]))


def test_scripted():
    proc, info, started = start("scripted-server.py", "--scenario", "imap-app-password",
                                "--tls")
    log = info["log"]
    print("scripted-server.py ready after %.3f s (with certificates)" % started)
    ctx = ssl.create_default_context(cafile=info["ca_file"])
    imap = imaplib.IMAP4_SSL("localhost", info["port"], ssl_context=ctx)
    check("scripted IMAP has X-GM-EXT-1", "X-GM-EXT-1" in imap.capabilities)
    try:
        imap.login("alice@gmail.com", "secret")
    except imaplib.IMAP4.error as e:
        check("scripted IMAP refuses", "Application-specific password required" in str(e),
              str(e))
    imap.logout()
    with open(log, "rb") as f:
        print(f.read().decode())
    stop(proc)

    proc, info, _ = start("scripted-server.py", "--scenario", "smtp-daily-limit")
    smtp = smtplib.SMTP("localhost", info["port"])
    smtp.login("alice@gmail.com", "secret")
    code, text = smtp.mail("alice@gmail.com")
    check("scripted SMTP 550 5.4.5 at MAIL, multi-line",
          code == 550 and text.count(b"\n") == 2, repr(text))
    smtp.quit()
    stop(proc)

    proc, info, _ = start("scripted-server.py", "--scenario", "silent")
    s = socket.create_connection(("127.0.0.1", info["port"]))
    s.settimeout(0.3)
    try:
        s.recv(10)
        check("silent says nothing", False)
    except socket.timeout:
        check("silent says nothing", True)
    s.close()
    stop(proc)


if __name__ == "__main__":
    test_mail_servers()
    test_scripted()
    print("%d failure(s)" % len(failures))
    sys.exit(1 if failures else 0)
