#!/usr/bin/python3
# mail-servers.py: a private Dovecot and aiosmtpd on loopback for the mail tests
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start real IMAP and SMTP servers on free 127.0.0.1 ports, for one test run.

  /usr/bin/python3 mail-servers.py [--dir DIR] [--file-to-sent] [--users N]
                                   [--reuse-processes] [--verbose]

Prints one JSON line on standard output once everything listens (the fields
are described in README.md), then serves until standard input reaches end of
file or SIGTERM / SIGINT / SIGHUP arrives, and then stops everything. Nothing
is left behind: Dovecot runs in its own process group, which is killed, and it
is also told by the kernel (PR_SET_PDEATHSIG) if this program dies first.

Without --dir a temporary directory is made and removed at the end; with
--dir that directory is used (created if needed) and kept.

Servers:
  Dovecot    IMAP with STARTTLS, IMAP over TLS, LMTP; Gmail's folders.
  aiosmtpd   SMTP with STARTTLS required (587-style) and over TLS (465-style),
             AUTH PLAIN and LOGIN; keeps each message in received/NNN.eml.
  TLS faults the same services behind a certificate from an untrusted CA, and
             behind a trusted certificate for another host name: for IMAP a
             small TLS proxy in front of Dovecot, for SMTP more aiosmtpd ports.
"""

import argparse
import asyncio
import ctypes
import json
import threading
import logging
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import certs  # noqa: E402

# Logins and passwords. carol's password has the characters that need quoting
# in IMAP LOGIN and that break naive URL building.
USERS = {
    "alice": "pa55w0rd",
    "bob": "b0bs3cret",
    "carol": 'c@rol "quoted" \\ %41 &+',
}

GMAIL_JA = [
    ("[Gmail]/すべてのメール", "\\All"),
    ("[Gmail]/ゴミ箱", "\\Trash"),
    ("[Gmail]/スター付き", "\\Flagged"),
    ("[Gmail]/下書き", "\\Drafts"),
    ("[Gmail]/迷惑メール", "\\Junk"),
    ("[Gmail]/送信済みメール", "\\Sent"),
    ("[Gmail]/重要", "\\Important"),
]
GMAIL_EN = [
    ("[Gmail]/All Mail", "\\All"),
    ("[Gmail]/Trash", "\\Trash"),
    ("[Gmail]/Starred", "\\Flagged"),
    ("[Gmail]/Drafts", "\\Drafts"),
    ("[Gmail]/Spam", "\\Junk"),
    ("[Gmail]/Sent Mail", "\\Sent"),
    ("[Gmail]/Important", "\\Important"),
]
# Which folders each user has: alice and carol see a Japanese Gmail, bob an
# English one, so that a client has to find the sent folder by \Sent.
FOLDERS = {
    "alice": [name for name, _ in GMAIL_JA] + ["取引先", "取引先/見積書"],
    "bob": [name for name, _ in GMAIL_EN] + ["Clients"],
    "carol": [name for name, _ in GMAIL_JA],
}
SENT_FOLDER = {"alice": "[Gmail]/送信済みメール", "bob": "[Gmail]/Sent Mail",
               "carol": "[Gmail]/送信済みメール"}

log = logging.getLogger("mail-servers")


def add_numbered_users(count):
    """user01 … userNN, password pwNN-secret, for the benchmarks."""
    for n in range(1, count + 1):
        USERS["user%02d" % n] = "pw%02d-secret" % n


class InFlight:
    """Sessions open at once at the SMTP servers and the counted IMAP port
    together, kept in a key file that a benchmark reads. A session ends with
    the client's QUIT or LOGOUT, or when the client closes the connection:
    what the server does after that is not the client's doing."""

    def __init__(self, path):
        self.path = path
        self.now = 0
        self.max = 0
        self.total = 0
        # The sum over time of the sessions open (session-seconds) up to
        # self.since: between two readings, divided by the time between them,
        # the mean number of sessions open.
        self.session_seconds = 0.0
        self.since = time.monotonic()
        self.write()

    def write(self):
        with open(self.path + ".new", "w") as f:
            f.write("[in-flight]\nmax=%d\ntotal=%d\nnow=%d\nsession_seconds=%.6f\n"
                    % (self.max, self.total, self.now, self.session_seconds))
        os.replace(self.path + ".new", self.path)

    def _add_time(self):
        now = time.monotonic()
        self.session_seconds += self.now * (now - self.since)
        self.since = now

    def opened(self):
        self._add_time()
        self.now += 1
        self.total += 1
        self.max = max(self.max, self.now)
        self.write()

    def closed(self):
        self._add_time()
        self.now -= 1
        self.write()


IN_FLIGHT = None


def canonical_user(login):
    """Map a login or address to a user, as Dovecot's %Ln does: the local
    part, lower case. Gmail users log in with their full address."""
    if isinstance(login, bytes):
        login = login.decode("utf-8", "replace")
    user = login.split("@", 1)[0].lower()
    return user if user in USERS else None


def fast_tmp():
    # On tmpfs, removing Dovecot's few hundred files takes 5 ms, not 0.3 s.
    return "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


# ---------------------------------------------------------------- Dovecot

class Dovecot:
    """A private Dovecot: its configuration, state and mail all in DIR."""

    def __init__(self, directory, cert, key, reuse_processes=False):
        self.dir = os.path.join(directory, "dovecot")
        self.conf = os.path.join(self.dir, "dovecot.conf")
        self.log_path = os.path.join(self.dir, "dovecot.log")
        self.base_dir = os.path.join(self.dir, "run")
        self.cert, self.key = cert, key
        self.reuse_processes = reuse_processes
        self.proc = None

    def _write_config(self):
        mail_dir = os.path.join(self.dir, "mail")
        passwd = os.path.join(self.dir, "passwd")
        for sub in ("run", "state", "mail"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        with open(passwd, "w") as f:
            for user, password in USERS.items():
                f.write("%s:{PLAIN}%s::::%s::\n"
                        % (user, password, os.path.join(mail_dir, user)))
        # Dovecot's processes run as nobody and must reach the passwd file
        # and the mail: a mkdtemp directory is 0700.
        for path in (os.path.dirname(self.dir), self.dir, mail_dir):
            os.chmod(path, 0o755)
        os.chmod(passwd, 0o644)
        shutil.chown(mail_dir, "nobody", "nogroup")

        mailboxes = "".join('  mailbox "%s" {\n    special_use = %s\n  }\n'
                            % (name, use) for name, use in GMAIL_JA + GMAIL_EN)
        # Dovecot's default starts two processes for each IMAP login (the
        # login process, then the mail process), each exec'd and configured
        # anew. With --reuse-processes they are started ahead and serve one
        # connection after another, as on a busy production server: for a
        # benchmark on the client's own cores, so that it measures the client
        # rather than Dovecot's process start (a third of the machine's CPU
        # during a check of 40 accounts).
        login_reuse = imap_reuse = ""
        if self.reuse_processes:
            login_reuse = "  service_count = 0\n  process_min_avail = 2\n"
            imap_reuse = "service imap {\n  service_count = 0\n  process_min_avail = 4\n}\n"
        config = f"""# Written by mail-servers.py; reads nothing from /etc/dovecot.
instance_name = bms-test-{self.imap_port}
base_dir = {self.base_dir}
state_dir = {self.dir}/state
log_path = {self.log_path}
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{self.key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
# The tests try wrong passwords on purpose: answer them at once.
auth_failure_delay = 0
auth_username_format = %Ln
default_login_user = nobody
default_internal_user = nobody
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir:LAYOUT=fs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {passwd}
}}
userdb {{
  driver = passwd-file
  args = username_format=%n {passwd}
}}
namespace inbox {{
  inbox = yes
  separator = /
  prefix =
{mailboxes}}}
service imap-login {{
  chroot =
{login_reuse}  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
    ssl = yes
  }}
}}
{imap_reuse}service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {self.lmtp_port}
  }}
}}
service anvil {{
  chroot =
  # Without this, repeated failures from 127.0.0.1 are delayed up to 8 s.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        with open(self.conf, "w") as f:
            f.write(config)

    def _wait_listening(self, deadline):
        ports = (self.imap_port, self.imaps_port, self.lmtp_port)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                for port in ports:
                    socket.create_connection(("127.0.0.1", port), 0.5).close()
                return True
            except OSError:
                time.sleep(0.005)
        return False

    def start(self):
        libc = ctypes.CDLL(None, use_errno=True)

        def in_child():
            # If this launcher dies without stopping Dovecot, the kernel
            # kills Dovecot, and its children see their master gone and
            # exit. (On SIGTERM Dovecot takes 3 s to shut down.)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

        # A port picked as free may be taken before Dovecot binds it.
        for _ in range(5):
            self.imap_port, self.imaps_port, self.lmtp_port = (
                free_port(), free_port(), free_port())
            self._write_config()
            self.proc = subprocess.Popen(
                ["dovecot", "-F", "-c", self.conf],
                stdin=subprocess.DEVNULL,
                stdout=open(os.path.join(self.dir, "dovecot.out"), "ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=in_child)
            if self._wait_listening(time.monotonic() + 10):
                return
            self.stop()
        raise RuntimeError("Dovecot did not start; see " + self.log_path)

    def doveadm(self, *args, stdin=None):
        return subprocess.run(["doveadm", "-c", self.conf, *args], input=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              check=True)

    def create_folders(self):
        # The folders must exist on disk for [Gmail] to show as \Noselect.
        # One doveadm per user, side by side: each takes 0.2 s just after
        # Dovecot's start.
        running = [(user, subprocess.Popen(
            ["doveadm", "-c", self.conf, "mailbox", "create", "-s", "-u", user,
             *folders], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            for user, folders in FOLDERS.items()]
        for user, proc in running:
            _, err = proc.communicate()
            if proc.returncode != 0:
                raise RuntimeError("doveadm mailbox create -u %s: %s"
                                   % (user, err.decode(errors="replace")))

    def stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc = None
        # Left behind, it makes the next start in this directory say
        # "Dovecot is already running".
        try:
            os.unlink(os.path.join(self.base_dir, "master.pid"))
        except FileNotFoundError:
            pass


# ---------------------------------------------------------------- SMTP

class MessageKeeper:
    """aiosmtpd handler: keeps, files and delivers each message it gets."""

    def __init__(self, dovecot, received_dir, file_to_sent_flag):
        self.dovecot = dovecot
        self.received_dir = received_dir
        self.file_to_sent_flag = file_to_sent_flag
        self.count = 0

    def _file_to_sent(self, user, content):
        # What Gmail does by itself: a copy of what the user sent, read.
        folder = SENT_FOLDER[user]
        self.dovecot.doveadm("save", "-u", user, "-m", folder, stdin=content)
        # doveadm save sets no flags. Unseen mail in the sent folder can only
        # be this copy: what a client appends later comes after this call.
        self.dovecot.doveadm("flags", "add", "-u", user, "\\Seen",
                             "mailbox", folder, "unseen")
        return folder

    def _file_to_sent_later(self, user, content):
        time.sleep(0.1)
        self._file_to_sent(user, content)

    def _deliver(self, mail_from, users, content):
        import smtplib
        with smtplib.LMTP("127.0.0.1", self.dovecot.lmtp_port) as lmtp:
            lmtp.sendmail(mail_from or "<>", [u + "@localhost" for u in users],
                          content)

    def _process(self, number, session, envelope, port_name, tls):
        content = envelope.original_content
        user = session.auth_data if isinstance(session.auth_data, str) else None
        filed_to = None
        if user and os.path.exists(self.file_to_sent_flag):
            with open(self.file_to_sent_flag) as flag:
                late = flag.read().strip() == "late"
            if late:
                # Filed after the server's 250, as a slow server might: a
                # client that looks at once does not see it yet.
                threading.Thread(target=self._file_to_sent_later,
                                 args=(user, content), daemon=True).start()
                filed_to = SENT_FOLDER[user]
            else:
                filed_to = self._file_to_sent(user, content)
        local = sorted({u for u in map(canonical_user, envelope.rcpt_tos) if u})
        if local:
            self._deliver(envelope.mail_from, local, content)
        base = os.path.join(self.received_dir, "%03d" % number)
        meta = {
            "number": number,
            "port": port_name,
            "tls": tls,
            "login": user,
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "rcpt_options": envelope.rcpt_options,
            "size": len(content),
            "filed_to_sent": filed_to,
            "delivered_to_inbox": local,
        }
        # The JSON first and the message last, each written then renamed:
        # a test that sees NNN.eml can read both.
        write_atomically(base + ".json",
                         json.dumps(meta, ensure_ascii=False, indent=1).encode())
        write_atomically(base + ".eml", content)

    def handler_for(self, port_name):
        keeper = self

        class Handler:
            async def handle_QUIT(self, server, session, envelope):
                # So that a test can tell a polite goodbye from a dropped line.
                with open(os.path.join(keeper.received_dir, "connections.log"), "a") as f:
                    f.write("QUIT " + port_name + "\n")
                return "221 Bye"

            async def handle_DATA(self, server, session, envelope):
                keeper.count += 1
                number = keeper.count
                loop = asyncio.get_running_loop()
                # session.ssl is only set after STARTTLS, not on port 465.
                tls = server.transport.get_extra_info("ssl_object") is not None
                try:
                    await loop.run_in_executor(None, keeper._process, number,
                                               session, envelope, port_name, tls)
                except Exception as e:  # the test should see it, not hang
                    log.error("message %d: %s", number, e)
                    return "451 4.3.0 Test server failed: %s" % e
                return "250 2.0.0 OK queued as %03d" % number

        return Handler()


def authenticate(server, session, envelope, mechanism, auth_data):
    user = canonical_user(auth_data.login)
    if user and auth_data.password.decode("utf-8", "replace") == USERS[user]:
        return AuthResult(success=True, auth_data=user)
    # Not handled: aiosmtpd answers "535 5.7.8 Authentication credentials invalid".
    return AuthResult(success=False, handled=False)


def server_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


async def start_smtp(keeper, port_name, ctx, implicit_tls):
    loop = asyncio.get_running_loop()
    handler = keeper.handler_for(port_name)
    if implicit_tls:
        # With the default auth_require_tls=True aiosmtpd never offers AUTH
        # here: it does not know the socket itself is TLS.
        kwargs = dict(auth_require_tls=False)
    else:
        kwargs = dict(tls_context=ctx, require_starttls=True)

    connections_log = os.path.join(keeper.received_dir, "connections.log")

    class CountingSMTP(SMTP):
        """Notes each connection, so that a test can count them."""

        def connection_made(self, transport):
            # Called again, on the same object, once STARTTLS is done.
            if not getattr(self, "counted", False):
                self.counted = True
                with open(connections_log, "a") as f:
                    f.write(port_name + "\n")
                if IN_FLIGHT is not None:
                    IN_FLIGHT.opened()
            super().connection_made(transport)

        def client_done(self):
            if getattr(self, "counted", False) and not getattr(self, "lost", False):
                self.lost = True
                if IN_FLIGHT is not None:
                    IN_FLIGHT.closed()

        async def smtp_QUIT(self, arg):
            # The client's QUIT ends its session; closing is the server's.
            self.client_done()
            return await super().smtp_QUIT(arg)

        def connection_lost(self, exc):
            self.client_done()
            super().connection_lost(exc)

    def factory():
        return CountingSMTP(handler, hostname="localhost", loop=loop,
                            authenticator=authenticate, auth_required=True, **kwargs)

    server = await loop.create_server(factory, "127.0.0.1", 0,
                                      ssl=ctx if implicit_tls else None)
    return server, server.sockets[0].getsockname()[1]


# ---------------------------------------------------------------- TLS proxy

PROXY_CAPABILITY = ("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
                    "STARTTLS LOGINDISABLED")


async def _pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (OSError, ssl.SSLError):
        pass
    finally:
        writer.close()


async def _imap_before_starttls(reader, writer, ctx):
    """Speak IMAP up to STARTTLS as Dovecot does; True once TLS is up."""
    writer.write(b"* OK [CAPABILITY " + PROXY_CAPABILITY.encode()
                 + b"] Dovecot ready.\r\n")
    while True:
        line = await reader.readline()
        if not line:
            return False
        words = line.decode("utf-8", "replace").split()
        tag = words[0] if words else "*"
        command = words[1].upper() if len(words) > 1 else ""
        if command == "CAPABILITY":
            reply = "* CAPABILITY %s\r\n%s OK Pre-login capabilities listed.\r\n" % (
                PROXY_CAPABILITY, tag)
        elif command == "NOOP":
            reply = "%s OK NOOP completed.\r\n" % tag
        elif command == "LOGOUT":
            writer.write(("* BYE Logging out\r\n%s OK Logout completed.\r\n"
                          % tag).encode())
            await writer.drain()
            return False
        elif command in ("LOGIN", "AUTHENTICATE"):
            reply = ("%s NO [PRIVACYREQUIRED] Plaintext authentication "
                     "disallowed on non-secure (SSL/TLS) connections.\r\n" % tag)
        elif command == "STARTTLS":
            writer.write(("%s OK Begin TLS negotiation now.\r\n" % tag).encode())
            await writer.drain()
            await writer.start_tls(ctx)
            return True
        else:
            reply = "%s BAD Error in IMAP command received by server.\r\n" % tag
        writer.write(reply.encode())
        await writer.drain()


async def start_imap_proxy(dovecot, ctx, implicit_tls, counted=False):
    """An IMAP endpoint with certificate CTX in front of Dovecot's plain port.

    Dovecot takes the plain connection from 127.0.0.1 as secure, so a client
    that accepts the certificate can log in and work as usual."""

    async def connection(reader, writer):
        open_here = [counted]
        if counted:
            IN_FLIGHT.opened()

        def client_gone():
            # The client's end of the connection counts, not Dovecot's.
            if open_here[0]:
                open_here[0] = False
                IN_FLIGHT.closed()

        async def from_client(up_writer):
            # As _pipe(), and the client's LOGOUT ends its session.
            try:
                while True:
                    data = await reader.read(65536)
                    if not data:
                        break
                    if b" LOGOUT" in data.upper():
                        client_gone()
                    up_writer.write(data)
                    await up_writer.drain()
            except (OSError, ssl.SSLError):
                pass
            finally:
                up_writer.close()
                client_gone()

        try:
            if not implicit_tls and not await _imap_before_starttls(reader, writer, ctx):
                return
            up_reader, up_writer = await asyncio.open_connection(
                "127.0.0.1", dovecot.imap_port)
            greeting = await up_reader.readline()
            if implicit_tls:
                writer.write(greeting)
            await asyncio.gather(from_client(up_writer), _pipe(up_reader, writer))
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError) as e:
            # The expected end: the client refused the certificate.
            log.info("TLS proxy: %s", e)
        finally:
            writer.close()
            client_gone()

    server = await asyncio.start_server(connection, "127.0.0.1", 0,
                                        ssl=ctx if implicit_tls else None)
    return server, server.sockets[0].getsockname()[1]


# ---------------------------------------------------------------- main

async def serve(args, directory, paths, dovecot):
    loop = asyncio.get_running_loop()

    def quiet_handler(loop, context):
        # A client refusing a certificate makes asyncio log the failed
        # handshake; that is the tests' point, not an error.
        exc = context.get("exception")
        if isinstance(exc, (ssl.SSLError, ConnectionError)):
            log.info("%s", context.get("message"))
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(quiet_handler)

    received_dir = os.path.join(directory, "received")
    os.makedirs(received_dir, exist_ok=True)
    flag = os.path.join(directory, "file-to-sent")
    if args.file_to_sent:
        open(flag, "w").close()
    keeper = MessageKeeper(dovecot, received_dir, flag)

    good = server_context(paths["cert_file"], paths["key_file"])
    untrusted = server_context(paths["untrusted_cert_file"], paths["untrusted_key_file"])
    wrong = server_context(paths["wrong_name_cert_file"], paths["wrong_name_key_file"])

    servers, info = [], {}

    async def add(key, starter):
        server, port = await starter
        servers.append(server)
        info[key] = port

    # Connections open at once, at both SMTP ports and at an IMAPS port in
    # front of Dovecot that counts them (counted_imaps_port).
    global IN_FLIGHT
    IN_FLIGHT = InFlight(os.path.join(directory, "in-flight.ini"))
    info["in_flight"] = IN_FLIGHT.path
    await add("counted_imaps_port", start_imap_proxy(dovecot, good, True, counted=True))
    await add("smtp_starttls_port", start_smtp(keeper, "smtp_starttls", good, False))
    await add("smtps_port", start_smtp(keeper, "smtps", good, True))
    for prefix, ctx in (("untrusted_", untrusted), ("wrong_name_", wrong)):
        await add(prefix + "imap_starttls_port", start_imap_proxy(dovecot, ctx, False))
        await add(prefix + "imaps_port", start_imap_proxy(dovecot, ctx, True))
        await add(prefix + "smtp_starttls_port",
                  start_smtp(keeper, prefix + "smtp_starttls", ctx, False))
        await add(prefix + "smtps_port", start_smtp(keeper, prefix + "smtps", ctx, True))

    # A port that refuses connections: bound, never listening, and held so
    # that nobody else takes it while the tests run.
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))

    info.update({
        "host": "localhost",
        "imap_starttls_port": dovecot.imap_port,
        "imaps_port": dovecot.imaps_port,
        "lmtp_port": dovecot.lmtp_port,
        "refused_port": refused.getsockname()[1],
        "wrong_name": certs.WRONG_NAME,
        "dir": directory,
        "received_dir": received_dir,
        "file_to_sent_flag": flag,
        "dovecot_conf": dovecot.conf,
        "dovecot_log": dovecot.log_path,
        "pid": os.getpid(),
    })
    info.update(paths)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)

    def stdin_readable():
        try:
            data = os.read(0, 4096)
        except OSError:
            data = b""
        if not data:
            loop.remove_reader(0)
            stop.set()

    if not args.ignore_stdin:
        loop.add_reader(0, stdin_readable)

    print(json.dumps(info, ensure_ascii=False, sort_keys=True), flush=True)
    await stop.wait()
    log.info("stopping")
    refused.close()
    for server in servers:
        server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", help="work directory (kept); default: a temporary one")
    parser.add_argument("--file-to-sent", action="store_true",
                        help="file each sent message in the sender's sent folder, as Gmail does")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not stop at end of standard input (for use by hand)")
    parser.add_argument("--users", type=int, default=0,
                        help="also user01 … userNN (password pwNN-secret), for the benchmarks")
    parser.add_argument("--reuse-processes", action="store_true",
                        help="keep Dovecot's login and IMAP processes for one connection after "
                             "another instead of one pair per login, for the benchmarks")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    add_numbered_users(args.users)

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="mail-servers: %(message)s")
    if not args.verbose:
        # aiosmtpd warns that AUTH is allowed without STARTTLS on the 465
        # port, which is the point of that port, and logs a traceback for
        # each refused certificate, which is the point of other ports.
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        warnings.filterwarnings("ignore", module="aiosmtpd")
        # asyncio warns that aiosmtpd's eof_received() means nothing on TLS.
        logging.getLogger("asyncio").setLevel(logging.ERROR)

    own_dir = args.dir is None
    directory = tempfile.mkdtemp(prefix="bms-mail-servers-", dir=fast_tmp()) if own_dir else args.dir
    directory = os.path.abspath(directory)
    os.makedirs(directory, exist_ok=True)
    dovecot = None
    try:
        t0 = time.monotonic()
        paths = certs.make_certs(os.path.join(directory, "certs"))
        log.info("certificates ready after %.3f s", time.monotonic() - t0)
        dovecot = Dovecot(directory, paths["cert_file"], paths["key_file"], args.reuse_processes)
        dovecot.start()
        log.info("Dovecot listening after %.3f s", time.monotonic() - t0)
        dovecot.create_folders()
        log.info("folders created after %.3f s", time.monotonic() - t0)
        asyncio.run(serve(args, directory, paths, dovecot))
    except subprocess.CalledProcessError as e:
        sys.exit("mail-servers: %s failed: %s" % (e.cmd, e.stderr.decode(errors="replace")))
    except RuntimeError as e:
        sys.exit("mail-servers: %s" % e)
    finally:
        t0 = time.monotonic()
        if dovecot:
            dovecot.stop()
        log.info("Dovecot stopped in %.3f s", time.monotonic() - t0)
        if own_dir and not os.environ.get("BMS_TEST_KEEP_SERVERS"):
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
