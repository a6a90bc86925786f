#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bizmagic-mail-setup --provider ADDRESS, as scripts and people read it.

Run by tests/run-with-dns.sh, so that the program's own resolver asks a real
DNS server (dnsmasq) that knows the test domains. In C and in Japanese: the
first line of standard output is the same in both (never translated), the
explanation on standard error is in the user's language, and the exit
status is 0 for a kind found, 1 for "could not check", 2 for a malformed
address. TAP output.

usage: test-provider-cli.py PROGRAM LOCALEDIR INSTALLED-LOCALEDIR
"""

import os
import subprocess
import sys

PROGRAM, BUILD_LOCALEDIR, INSTALLED_LOCALEDIR = sys.argv[1:4]

results = []


def check(name, condition, detail=""):
    results.append((bool(condition), name, detail))


def use_build_translations():
    """The program reads its catalogue from the installed locale directory;
    inside this test's private mount namespace the build's catalogue is put
    there, so that the Japanese tested is the one of these sources."""
    os.makedirs(INSTALLED_LOCALEDIR, exist_ok=True)
    subprocess.run(["mount", "--bind", BUILD_LOCALEDIR, INSTALLED_LOCALEDIR], check=True)


def run(address, lang):
    env = dict(os.environ, LANG=lang, LANGUAGE="", LC_ALL="")
    return subprocess.run([PROGRAM, "--provider", address], env=env, capture_output=True,
                          text=True, timeout=30)


CASES = [
    # name, address, stdout, exit status
    ("gmail", "taro@gmail.com", "gmail\n", 0),
    ("googlemail", "taro@googlemail.com", "gmail\n", 0),
    ("workspace", "taro@workspace.test", "workspace\taspmx.l.google.com\talt1.aspmx.l.google.com\n", 0),
    ("full-width", "ｔａｒｏ＠ｗｏｒｋｓｐａｃｅ．ｔｅｓｔ",
     "workspace\taspmx.l.google.com\talt1.aspmx.l.google.com\n", 0),
    ("idn", "taro@例え.test", "workspace\taspmx.l.google.com\n", 0),
    ("other", "taro@hosting.test", "other\tmx01.hosting.example.ne.jp\n", 0),
    ("lookalike", "taro@lookalike.test", "other\taspmx.l.google.com.example.net\n", 0),
    ("nxdomain", "taro@nosuch.test", "unknown\n", 1),
    ("malformed", "taro", "", 2),
]

STDERR = {
    # name: (C, Japanese)
    "nxdomain": ("could not check the provider", "メールの提供元を確認できませんでした"),
    "malformed": ("is not an e-mail address with a valid domain", "有効なドメインのメールアドレスではありません"),
}


def main():
    use_build_translations()
    for lang, tag, column in (("C.UTF-8", "C", 0), ("ja_JP.UTF-8", "ja", 1)):
        for name, address, stdout, status in CASES:
            process = run(address, lang)
            check(f"{tag}/{name}: exit status {status}", process.returncode == status,
                  f"got {process.returncode}; stderr: {process.stderr!r}")
            check(f"{tag}/{name}: standard output", process.stdout == stdout,
                  f"got {process.stdout!r}")
            if name in STDERR:
                check(f"{tag}/{name}: the reason on standard error",
                      STDERR[name][column] in process.stderr, f"got {process.stderr!r}")
            else:
                check(f"{tag}/{name}: nothing on standard error", process.stderr == "",
                      f"got {process.stderr!r}")

    # A name server that never answers: "could not check" within the
    # program's timeout, not the resolver's retries.
    process = run("taro@silent.test", "ja_JP.UTF-8")
    check("ja/silent: exit status 1", process.returncode == 1, f"got {process.returncode}")
    check("ja/silent: standard output", process.stdout == "unknown\n", f"got {process.stdout!r}")
    check("ja/silent: the timeout said in Japanese", "秒以内に応答しませんでした" in process.stderr,
          f"got {process.stderr!r}")

    print(f"1..{len(results)}")
    for number, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} {name}")
        if not ok and detail:
            print(f"# {detail}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
