#!/usr/bin/python3
# scripted-server.py: a loopback server that says what real servers will not
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted IMAP or SMTP server on 127.0.0.1 that answers like Gmail does
when it refuses, or misbehaves on purpose (silence, a dropped connection,
garbage).

  /usr/bin/python3 scripted-server.py --scenario NAME [--tls | --starttls]
        [--dir DIR] [--log FILE] [--cert CERT --key KEY] [--port N]
  /usr/bin/python3 scripted-server.py --script FILE | --script-json TEXT ...
  /usr/bin/python3 scripted-server.py --list

Prints {"port": N, ...} as one JSON line once listening; serves any number of
connections, each on its own, until standard input reaches end of file or
SIGTERM / SIGINT / SIGHUP arrives. DIR/stats.ini (reported as "stats") keeps
counts a test can read at any time: connections, max_in_flight (connections
open at once), max_per_user (connections of one SMTP AUTH PLAIN user open at
once). The key "auth_delay" (seconds) makes every SMTP login take that long. Every line the client sends and every line
the server sends is appended to the transcript ("N C: " and "N S: " before
the raw bytes, N counting connections), DIR/transcript.log unless --log.

--tls makes the whole connection TLS (as on ports 993 and 465); --starttls
offers STARTTLS and starts TLS when the client asks. The certificate is
--cert/--key, or else one for localhost made in DIR/certs by a CA whose
certificate is reported as "ca_file".

Without --dir a temporary directory is made and removed at the end.

A script FILE is a JSON object with the keys of a scenario below; "base"
names a scenario to start from, e.g.
  {"base": "imap-web-login", "login_reply": "NO [ALERT] Something else"}
"""

import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import ssl
import sys
import tempfile

# Gmail's session ids at the end of its replies, kept constant here.
SID = "bms1-20020a170902e5c200b00test0pjb.7"

IMAP_CAPS = ("IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 "
             "XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN "
             "AUTH=OAUTHBEARER AUTH=XOAUTH")
IMAP_CAPS_AFTER_LOGIN = ("IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN "
                         "X-GM-EXT-1 UIDPLUS COMPRESS=DEFLATE ENABLE MOVE CONDSTORE "
                         "ESEARCH UTF8=ACCEPT LIST-EXTENDED LIST-STATUS LITERAL- "
                         "SPECIAL-USE APPENDLIMIT=35651584")

# What Gmail answers to LIST "" "*" for a Japanese account: names quoted.
GMAIL_LIST = [
    '* LIST (\\HasNoChildren) "/" "INBOX"',
    '* LIST (\\HasChildren \\Noselect) "/" "[Gmail]"',
    '* LIST (\\All \\HasNoChildren) "/" "[Gmail]/&MFkweTBmMG4w4TD8MOs-"',
    '* LIST (\\HasNoChildren \\Trash) "/" "[Gmail]/&MLQw33ux-"',
    '* LIST (\\Flagged \\HasNoChildren) "/" "[Gmail]/&MLkwvzD8TtgwTQ-"',
    '* LIST (\\Drafts \\HasNoChildren) "/" "[Gmail]/&Tgtm+DBN-"',
    '* LIST (\\HasNoChildren \\Junk) "/" "[Gmail]/&j,dg0TDhMPww6w-"',
    '* LIST (\\HasNoChildren \\Sent) "/" "[Gmail]/&kAFP4W4IMH8w4TD8MOs-"',
    '* LIST (\\HasNoChildren \\Important) "/" "[Gmail]/&kc2JgQ-"',
    '* LIST (\\HasNoChildren) "/" "&U9ZfFVFI-"',
]

SMTP_EHLO_PLAIN = [  # before STARTTLS: no AUTH, as on Gmail's port 587
    "smtp.gmail.com at your service, [127.0.0.1]", "SIZE 35882577", "8BITMIME",
    "STARTTLS", "ENHANCEDSTATUSCODES", "PIPELINING", "CHUNKING", "SMTPUTF8"]
SMTP_EHLO_AUTH = [
    "smtp.gmail.com at your service, [127.0.0.1]", "SIZE 35882577", "8BITMIME",
    "AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
    "ENHANCEDSTATUSCODES", "PIPELINING", "CHUNKING", "SMTPUTF8"]


def imap_refusal(text):
    return {"protocol": "imap", "login_reply": "NO " + text}


def smtp_at(stage, *lines):
    return {"protocol": "smtp", stage + "_reply": list(lines)}


SCENARIOS = {
    # IMAP: Gmail's refusals of LOGIN and AUTHENTICATE.
    "imap-web-login": imap_refusal(
        "[ALERT] Please log in via your web browser: "
        "https://support.google.com/mail/accounts/answer/78754 (Failure)"),
    "imap-app-password": imap_refusal(
        "[ALERT] Application-specific password required: "
        "https://support.google.com/accounts/answer/185833 (Failure)"),
    "imap-invalid-credentials": imap_refusal(
        "[AUTHENTICATIONFAILED] Invalid credentials (Failure)"),
    "imap-not-enabled": imap_refusal(
        "[ALERT] Your account is not enabled for IMAP use. Please visit your "
        "Gmail settings page and enable your account for IMAP access. (Failure)"),
    "imap-domain-disabled": imap_refusal(
        "[ALERT] IMAP access is disabled for your domain. Please contact your "
        "domain administrator for questions about this feature. (Failure)"),
    "imap-too-many-connections": imap_refusal(
        "[ALERT] Too many simultaneous connections. (Failure)"),
    # A Gmail that lets the user in and lists Japanese folders, quoted.
    "imap-gmail": {"protocol": "imap", "login_reply": None},
    # A hostile server: refuses the login with the client's own words.
    "imap-echo": {"protocol": "imap", "echo": True},

    # SMTP: Gmail's refusals, multi-line as Gmail sends them.
    "smtp-web-login": smtp_at(
        "auth",
        "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1"
        "&plt=AKgnsbtBMSTESTONLY> Please log in",
        "534-5.7.14 via your web browser and then try again.",
        "534-5.7.14  Learn more at",
        "534 5.7.14  https://support.google.com/mail/answer/78754 " + SID + " - gsmtp"),
    "smtp-app-password": smtp_at(
        "auth",
        "534-5.7.9 Application-specific password required. For more information, go to",
        "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor "
        + SID + " - gsmtp"),
    "smtp-bad-credentials": smtp_at(
        "auth",
        "535-5.7.8 Username and Password not accepted. For more information, go to",
        "535 5.7.8  https://support.google.com/mail/?p=BadCredentials " + SID + " - gsmtp"),
    "smtp-too-many-logins": smtp_at(
        "auth",
        "454-4.7.0 Too many login attempts, please try again later. For more",
        "454-4.7.0 information, go to",
        "454 4.7.0  https://support.google.com/mail/answer/7126229 " + SID + " - gsmtp"),
    # Port 587 without STARTTLS: AUTH is not offered, and MAIL is refused.
    "smtp-starttls-required": {
        "protocol": "smtp", "ehlo": SMTP_EHLO_PLAIN,
        "auth_reply": ["530 5.7.0 Must issue a STARTTLS command first. " + SID + " - gsmtp"],
        "auth_at_once": True,
        "mail_reply": [
            "530-5.7.0 Must issue a STARTTLS command first. For more information, go to",
            "530-5.7.0  https://support.google.com/a/answer/3221692 and review RFC 3207",
            "530 5.7.0 specifications. " + SID + " - gsmtp"]},
    "smtp-daily-limit": smtp_at(
        "mail",
        "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail",
        "550-5.4.5 sending limits go to",
        "550 5.4.5  https://support.google.com/a/answer/166852 " + SID + " - gsmtp"),
    "smtp-daily-limit-data": smtp_at(
        "data",
        "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail",
        "550-5.4.5 sending limits go to",
        "550 5.4.5  https://support.google.com/a/answer/166852 " + SID + " - gsmtp"),
    # A Gmail that accepts the message.
    "smtp-echo": {"protocol": "smtp", "echo": True},
    "smtp-gmail": {"protocol": "smtp"},

    # Misbehaviour.
    "silent": {"protocol": "silent"},          # accepts, never says a thing
    "imap-stall": {"protocol": "imap", "stall": True},  # greets, then silence
    "smtp-stall": {"protocol": "smtp", "stall": True},
    "imap-drop": {"protocol": "imap", "drop": True},  # closes after 1st command
    "smtp-drop": {"protocol": "smtp", "drop": True},
    # Binary junk instead of a greeting, then the connection is closed;
    # with garbage-stay it stays open (libcurl then waits for a greeting).
    "garbage": {"protocol": "garbage"},
    "garbage-stay": {"protocol": "garbage", "stay": True},
}

GARBAGE = bytes(range(256)).replace(b"\n", b"") * 2 + b"\r\n"


class Stats:
    """Connections open at once, over all and per SMTP user."""

    def __init__(self, path):
        self.path = path
        self.connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.per_user = {}
        self.max_per_user = 0
        self.write()

    def write(self):
        data = ("[stats]\nconnections=%d\nmax_in_flight=%d\nmax_per_user=%d\n"
                % (self.connections, self.max_in_flight, self.max_per_user))
        with open(self.path + ".new", "w") as f:
            f.write(data)
        os.replace(self.path + ".new", self.path)

    def opened(self):
        self.connections += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.write()

    def user_seen(self, user):
        self.per_user[user] = self.per_user.get(user, 0) + 1
        self.max_per_user = max(self.max_per_user, self.per_user[user])
        self.write()

    def closed(self, user):
        self.in_flight -= 1
        if user is not None:
            self.per_user[user] -= 1
        self.write()


class Session:
    def __init__(self, scenario, reader, writer, logfile, number, tls_ctx, starttls):
        self.sc = scenario
        self.user = None
        self.reader, self.writer = reader, writer
        self.logfile = logfile
        self.number = number
        self.tls_ctx = tls_ctx
        self.starttls = starttls  # TLS not yet started, offered on request
        self.authenticated = False
        self.stats = None

    def log(self, prefix, data):
        if self.logfile:
            self.logfile.write(b"%d %s: " % (self.number, prefix.encode()) + data
                               + (b"" if data.endswith(b"\n") else b"\n"))
            self.logfile.flush()

    async def send(self, *lines):
        data = b"".join(line.encode() + b"\r\n" for line in lines)
        for line in lines:
            self.log("S", line.encode() + b"\r\n")
        self.writer.write(data)
        await self.writer.drain()

    async def receive(self):
        line = await self.reader.readline()
        if line:
            self.log("C", line)
        return line

    async def start_tls(self):
        await self.writer.start_tls(self.tls_ctx)
        self.starttls = False
        self.log("-", b"TLS started")

    # ------------------------------------------------------------ IMAP

    def imap_caps(self):
        caps = IMAP_CAPS_AFTER_LOGIN if self.authenticated else IMAP_CAPS
        return caps + (" STARTTLS" if self.starttls else "")

    async def imap_literal(self, line):
        """Read a literal announced at the end of LINE, as LOGIN may use."""
        text = line.rstrip(b"\r\n")
        while text.endswith(b"}") and b"{" in text:
            size = text[text.rindex(b"{") + 1:-1]
            if not size.endswith(b"+"):
                await self.send("+ go ahead")
            data = await self.reader.readexactly(int(size.rstrip(b"+")))
            self.log("C", data)
            rest = await self.receive()
            text = text + b"\r\n" + data + rest.rstrip(b"\r\n")
        return text

    def echoed(self, heard):
        """A hostile server's refusal: the client's words, as sent and in base64."""
        return "You sent %s (%s)" % (heard, base64.b64encode(heard.encode()).decode())

    async def imap_login_reply(self, tag, heard=""):
        reply = self.sc.get("login_reply")
        if self.sc.get("echo"):
            await self.send("%s NO [AUTHENTICATIONFAILED] %s" % (tag, self.echoed(heard)))
        elif reply is None:
            self.authenticated = True
            await self.send("* CAPABILITY " + self.imap_caps(),
                            "%s OK alice@gmail.com authenticated (Success)" % tag)
        else:
            await self.send("%s %s" % (tag, reply))

    async def imap(self):
        await self.send(self.sc.get("greeting", "* OK Gimap ready for requests from "
                                    "127.0.0.1 " + SID))
        if self.sc.get("stall"):
            while await self.receive():
                pass
            return
        while True:
            line = await self.receive()
            if not line:
                return
            if self.sc.get("drop"):
                return
            line = await self.imap_literal(line)
            words = line.decode("utf-8", "replace").split()
            tag = words[0] if words else "*"
            command = words[1].upper() if len(words) > 1 else ""
            if command == "CAPABILITY":
                await self.send("* CAPABILITY " + self.imap_caps(),
                                "%s OK Thats all she wrote! %s" % (tag, SID))
            elif command == "NOOP":
                await self.send("%s OK Success" % tag)
            elif command == "ID":
                await self.send('* ID ("name" "GImap" "vendor" "Google, Inc.")',
                                "%s OK Success" % tag)
            elif command == "LOGOUT":
                await self.send("* BYE LOGOUT Requested", "%s OK 73 good day (Success)" % tag)
                return
            elif command == "STARTTLS" and self.starttls:
                await self.send("%s OK Begin TLS negotiation now." % tag)
                await self.start_tls()
            elif self.authenticated and command == "LIST":
                await self.send(*GMAIL_LIST, "%s OK Success" % tag)
            elif command == "LOGIN" and not self.authenticated:
                await self.imap_login_reply(tag, line.decode("utf-8", "replace").strip())
            elif command == "AUTHENTICATE" and not self.authenticated:
                mechanism = words[2].upper() if len(words) > 2 else ""
                if mechanism != "PLAIN":
                    await self.send("%s NO [CANNOT] Unsupported mechanism %s" % (tag, SID))
                    continue
                if len(words) < 4:  # no SASL-IR: ask for the credentials
                    await self.send("+ ")
                    response = await self.receive()
                    if not response or response.strip() == b"*":
                        await self.send("%s BAD Authentication cancelled" % tag)
                        continue
                await self.imap_login_reply(tag)
            else:
                await self.send("%s BAD Unknown command %s" % (tag, SID))

    # ------------------------------------------------------------ SMTP

    def smtp_reply(self, stage, default):
        reply = self.sc.get(stage + "_reply")
        return list(reply) if reply else [default]

    async def smtp(self):
        await self.send(self.sc.get("greeting", "220 smtp.gmail.com ESMTP %s - gsmtp" % SID))
        if self.sc.get("stall"):
            while await self.receive():
                pass
            return
        greeted = False
        while True:
            line = await self.receive()
            if not line:
                return
            if self.sc.get("drop"):
                return
            words = line.decode("utf-8", "replace").split()
            verb = words[0].upper() if words else ""
            if verb == "EHLO":
                greeted = True
                ehlo = self.sc.get("ehlo") or (SMTP_EHLO_PLAIN if self.starttls
                                               else SMTP_EHLO_AUTH)
                await self.send(*["250-" + e for e in ehlo[:-1]], "250 " + ehlo[-1])
            elif verb == "HELO":
                greeted = True
                await self.send("250 smtp.gmail.com at your service")
            elif verb == "STARTTLS" and self.starttls:
                await self.send("220 2.0.0 Ready to start TLS")
                await self.start_tls()
                greeted = False
            elif verb == "QUIT":
                await self.send("221 2.0.0 closing connection " + SID + " - gsmtp")
                return
            elif verb == "NOOP":
                await self.send("250 2.0.0 OK  " + SID + " - gsmtp")
            elif verb == "RSET":
                await self.send("250 2.1.5 Flushed " + SID + " - gsmtp")
            elif not greeted:
                await self.send("503 5.5.1 EHLO/HELO first. " + SID + " - gsmtp")
            elif verb == "AUTH":
                await self.smtp_auth(words)
            elif verb == "MAIL":
                await self.send(*self.smtp_reply("mail", "250 2.1.0 OK " + SID + " - gsmtp"))
            elif verb == "RCPT":
                await self.send(*self.smtp_reply("rcpt", "250 2.1.5 OK " + SID + " - gsmtp"))
            elif verb == "DATA":
                await self.send("354 Go ahead " + SID + " - gsmtp")
                while True:
                    data = await self.receive()
                    if not data or data == b".\r\n":
                        break
                if not data:
                    return
                await self.send(*self.smtp_reply(
                    "data", "250 2.0.0 OK  1767225600 " + SID + " - gsmtp"))
            else:
                await self.send("502 5.5.1 Unrecognized command. " + SID + " - gsmtp")

    async def smtp_auth(self, words):
        mechanism = words[1].upper() if len(words) > 1 else ""
        self.heard = [" ".join(words)]
        if not self.sc.get("auth_at_once"):
            # Read the credentials as a real server would, then answer.
            if mechanism == "PLAIN" and len(words) < 3:
                await self.send("334 ")
                if not await self.smtp_auth_line():
                    return
            elif mechanism == "LOGIN":
                if len(words) < 3:
                    await self.send("334 " + base64.b64encode(b"Username:").decode())
                    if not await self.smtp_auth_line():
                        return
                await self.send("334 " + base64.b64encode(b"Password:").decode())
                if not await self.smtp_auth_line():
                    return
            elif mechanism != "PLAIN":
                await self.send("504 5.7.4 Unrecognized authentication type. "
                                + SID + " - gsmtp")
                return
        if self.sc.get("echo"):
            await self.send(*["535-5.7.8 " + self.echoed(h) for h in self.heard],
                            "535 5.7.8 Not accepted")
            return
        if mechanism == "PLAIN" and self.stats is not None:
            try:
                token = self.heard[-1].split()[-1]
                self.user = base64.b64decode(token).split(b"\0")[1].decode("utf-8", "replace")
                self.stats.user_seen(self.user)
            except (ValueError, IndexError):
                pass
        if self.sc.get("auth_delay"):
            await asyncio.sleep(self.sc["auth_delay"])
        await self.send(*self.smtp_reply("auth", "235 2.7.0 Accepted"))

    async def smtp_auth_line(self):
        line = await self.receive()
        self.heard.append(line.decode("utf-8", "replace").strip())
        if line.strip() == b"*":
            await self.send("501 5.7.0 Authentication aborted")
            return False
        return bool(line)

    # ------------------------------------------------------------ run

    async def run(self):
        protocol = self.sc["protocol"]
        if protocol == "silent":
            # Accepts, reads and never answers: the client's timeout and
            # Cancel are what end the session.
            while await self.receive():
                pass
        elif protocol == "garbage":
            self.writer.write(GARBAGE)
            self.log("S", GARBAGE)
            await self.writer.drain()
            while self.sc.get("stay") and await self.receive():
                self.writer.write(GARBAGE)
                self.log("S", GARBAGE)
        elif protocol == "imap":
            await self.imap()
        elif protocol == "smtp":
            await self.smtp()
        else:
            raise ValueError("unknown protocol " + protocol)


def load_scenario(args):
    if args.script or args.script_json:
        if args.script:
            with open(args.script, encoding="utf-8") as f:
                script = json.load(f)
        else:
            script = json.loads(args.script_json)
        scenario = dict(SCENARIOS[script.pop("base")]) if "base" in script else {}
        scenario.update(script)
        if "protocol" not in scenario:
            sys.exit("scripted-server: the script names no protocol and no base")
        return scenario
    if args.scenario not in SCENARIOS:
        sys.exit("scripted-server: no scenario %r; --list shows them" % args.scenario)
    return dict(SCENARIOS[args.scenario])


async def serve(args, scenario, info):
    loop = asyncio.get_running_loop()
    tls_ctx = None
    if args.tls or args.starttls:
        tls_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_ctx.load_cert_chain(args.cert, args.key)
    logfile = open(info["log"], "ab")
    count = 0
    stats = Stats(info["stats"])

    def quiet_handler(loop, context):
        # Failed handshakes are what some tests are about.
        if not isinstance(context.get("exception"), (ssl.SSLError, ConnectionError)):
            loop.default_exception_handler(context)

    loop.set_exception_handler(quiet_handler)

    async def connection(reader, writer):
        nonlocal count
        count += 1
        session = Session(scenario, reader, writer, logfile, count, tls_ctx,
                          args.starttls)
        session.stats = stats
        stats.opened()
        session.log("-", b"connected")
        try:
            await session.run()
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError, ValueError) as e:
            session.log("-", str(e).encode())
        finally:
            session.log("-", b"closed")
            stats.closed(session.user)
            writer.close()

    server = await asyncio.start_server(connection, "127.0.0.1", args.port,
                                        ssl=tls_ctx if args.tls else None)
    info["port"] = server.sockets[0].getsockname()[1]

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
    print(json.dumps(info, ensure_ascii=False), flush=True)
    await stop.wait()
    server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--scenario", help="a built-in scenario (see --list)")
    what.add_argument("--script", help="a JSON scenario file")
    what.add_argument("--script-json", help="the same JSON as text")
    what.add_argument("--list", action="store_true", help="list the scenarios")
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--tls", action="store_true", help="TLS from the first byte")
    tls.add_argument("--starttls", action="store_true", help="TLS after STARTTLS")
    parser.add_argument("--cert", help="certificate (default: made in DIR/certs)")
    parser.add_argument("--key", help="its private key")
    parser.add_argument("--dir", help="work directory (kept); default: a temporary one")
    parser.add_argument("--log", help="transcript file (default: DIR/transcript.log)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not stop at end of standard input (for use by hand)")
    args = parser.parse_args()

    if args.list:
        for name, sc in SCENARIOS.items():
            print("%-26s %s" % (name, sc["protocol"]))
        return
    if bool(args.cert) != bool(args.key):
        sys.exit("scripted-server: --cert and --key go together")
    scenario = load_scenario(args)

    own_dir = args.dir is None
    if own_dir:
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        directory = tempfile.mkdtemp(prefix="bms-scripted-server-", dir=shm)
    else:
        directory = os.path.abspath(args.dir)
        os.makedirs(directory, exist_ok=True)
    try:
        info = {"scenario": args.scenario or args.script or "script",
                "protocol": scenario["protocol"],
                "tls": "implicit" if args.tls else ("starttls" if args.starttls else "none"),
                "dir": directory,
                "log": os.path.abspath(args.log or os.path.join(directory, "transcript.log")),
                "stats": os.path.join(directory, "stats.ini"),
                "pid": os.getpid()}
        if (args.tls or args.starttls) and not args.cert:
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            import certs
            paths = certs.make_certs(os.path.join(directory, "certs"), only_localhost=True)
            args.cert, args.key = paths["cert_file"], paths["key_file"]
            info["ca_file"] = paths["ca_file"]
        asyncio.run(serve(args, scenario, info))
    finally:
        if own_dir and not os.environ.get("BMS_TEST_KEEP_SERVERS"):
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
