# certs.py: the test certificates, made fresh with the openssl command
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the certificates the test servers present.

Two certificate authorities: the trusted one (its certificate is the CA file
that clients are given) and an untrusted one that no client is told about.
The trusted CA signs a certificate for localhost / 127.0.0.1 and one for
another host name (wrong.example), so that a name mismatch is the only thing
wrong with the latter. The untrusted CA signs a certificate for localhost, so
that trust is the only thing wrong with it.

EC P-256 keys: they take milliseconds to make, RSA keys take much longer.

Usage as a program: certs.py DIR  (prints the paths as one JSON line)
"""

import json
import os
import subprocess
import sys

WRONG_NAME = "wrong.example"

_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
_DAYS = ["-days", "3650"]


def _openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _make_ca(directory, name, subject):
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    _openssl("req", "-x509", *_EC, *_DAYS, "-keyout", key, "-out", cert,
             "-subj", subject,
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return cert, key


def _make_leaf(directory, name, ca, host, ip=None):
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    san = "DNS:" + host + (",IP:" + ip if ip else "")
    _openssl("req", "-x509", *_EC, *_DAYS, "-keyout", key, "-out", cert,
             "-CA", ca[0], "-CAkey", ca[1],
             "-subj", "/CN=" + host,
             "-addext", "subjectAltName=" + san,
             "-addext", "basicConstraints=critical,CA:FALSE",
             "-addext", "keyUsage=critical,digitalSignature",
             "-addext", "extendedKeyUsage=serverAuth")
    return cert, key


def make_certs(directory, only_localhost=False):
    """Create the certificates in DIRECTORY (reused when already there).

    Returns a dict of paths. With only_localhost, just the trusted CA and the
    localhost certificate are made (what the scripted server needs).
    """
    os.makedirs(directory, exist_ok=True)
    paths = {
        "ca_file": os.path.join(directory, "ca.pem"),
        "cert_file": os.path.join(directory, "localhost.pem"),
        "key_file": os.path.join(directory, "localhost.key"),
    }
    if not only_localhost:
        paths.update({
            "wrong_name_cert_file": os.path.join(directory, "wrong-name.pem"),
            "wrong_name_key_file": os.path.join(directory, "wrong-name.key"),
            "untrusted_ca_file": os.path.join(directory, "untrusted-ca.pem"),
            "untrusted_cert_file": os.path.join(directory, "untrusted.pem"),
            "untrusted_key_file": os.path.join(directory, "untrusted.key"),
        })
    if all(os.path.exists(p) for p in paths.values()):
        return paths

    ca = _make_ca(directory, "ca", "/O=BizMagic Mail Setup tests/CN=Test CA")
    _make_leaf(directory, "localhost", ca, "localhost", "127.0.0.1")
    if not only_localhost:
        _make_leaf(directory, "wrong-name", ca, WRONG_NAME)
        untrusted_ca = _make_ca(directory, "untrusted-ca",
                                "/O=Nobody trusts this/CN=Untrusted CA")
        _make_leaf(directory, "untrusted", untrusted_ca, "localhost", "127.0.0.1")
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: certs.py DIR")
    print(json.dumps(make_certs(sys.argv[1])))
