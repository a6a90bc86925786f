#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# count-tests.py TESTLOG.json...
#
# Counts the tests of one or more `meson test` runs from their JSON logs
# (BUILDDIR/meson-logs/testlog.json: one JSON object per line, one line per
# test program). A TAP test program counts once per subtest:
#
#   ok N ...                  passed
#   ok N ... # SKIP ...       skipped
#   not ok N ...              failed
#   not ok N ... # TODO ...   skipped (an expected failure: g_test_incomplete)
#   ok N ... # TODO ...       failed (an unexpected pass; meson fails it too)
#
# A TAP program that meson reports as FAIL, ERROR or TIMEOUT without any
# "not ok" line (it crashed, bailed out or hung) counts one more failure, so
# that the counts never look green when meson says otherwise. A program with
# the exitcode protocol counts once: OK and EXPECTEDFAIL pass, SKIP skips,
# anything else fails.
#
# Details go to stderr; stdout gets one line: "N passed, N failed, N skipped".

import json
import os
import re
import sys

TAP_RESULT = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(.*)$')
TAP_PLAN = re.compile(r'^1\.\.\d+')
TAP_DIRECTIVE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)
BAD_RESULTS = {'FAIL', 'ERROR', 'TIMEOUT', 'UNEXPECTEDPASS', 'INTERRUPT'}


def load_protocols(testlog_path):
    """Maps test names to their protocol, from the build dir's introspection data."""
    build_dir = os.path.dirname(os.path.dirname(os.path.abspath(testlog_path)))
    intro = os.path.join(build_dir, 'meson-info', 'intro-tests.json')
    protocols = {}
    try:
        with open(intro, encoding='utf-8') as f:
            for test in json.load(f):
                protocol = test.get('protocol', 'exitcode')
                protocols[test['name']] = protocol
                # The log names a test the way `meson test` prints it:
                # "project:suite1+suite2 / name" (mtest's get_pretty_suite).
                suites = [s.split(':', 1) if ':' in s else [s, '']
                          for s in test.get('suite') or []]
                if suites:
                    pretty = suites[0][0]
                    subs = '+'.join(sub for _, sub in suites)
                    if subs:
                        pretty += ':' + subs
                    protocols[pretty + ' / ' + test['name']] = protocol
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return protocols


def looks_like_tap(stdout):
    return any(TAP_PLAN.match(line) or TAP_RESULT.match(line)
               for line in stdout.splitlines())


def count_tap(stdout):
    passed = failed = skipped = 0
    failures = []
    for line in stdout.splitlines():
        # Only top-level lines: indented ones are TAP 14 subtests, already
        # summed up by their parent's line.
        m = TAP_RESULT.match(line)
        if not m:
            continue
        ok = m.group(1) == 'ok'
        directive = TAP_DIRECTIVE.search(m.group(3))
        kind = directive.group(1).upper() if directive else None
        if kind == 'SKIP' and ok:
            skipped += 1
        elif kind == 'TODO':
            if ok:
                failed += 1
                failures.append(line + '   (unexpected pass)')
            else:
                skipped += 1
        elif ok:
            passed += 1
        else:
            failed += 1
            failures.append(line)
    return passed, failed, skipped, failures


def count_log(path, out):
    passed = failed = skipped = 0
    protocols = load_protocols(path)
    with open(path, encoding='utf-8', errors='replace') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                test = json.loads(line)
            except ValueError:
                print(f'{path}:{lineno}: not JSON, counted as a failure', file=out)
                failed += 1
                continue
            name = test.get('name', '?')
            result = str(test.get('result', 'ERROR')).upper()
            stdout = test.get('stdout') or ''
            protocol = test.get('protocol') or protocols.get(name)
            if protocol is None:
                protocol = 'tap' if looks_like_tap(stdout) else 'exitcode'

            if protocol == 'tap':
                p, fl, s, failures = count_tap(stdout)
                for f_line in failures:
                    print(f'  {name}: {f_line}', file=out)
                if result in BAD_RESULTS and fl == 0:
                    fl = 1
                    print(f'  {name}: {result} (returncode {test.get("returncode")})'
                          ' with no failing subtest: crashed, bailed out or timed out',
                          file=out)
                if p + fl + s == 0:
                    # No subtest at all, e.g. "1..0 # SKIP": count the program.
                    if result == 'SKIP':
                        s = 1
                    elif result in ('OK', 'EXPECTEDFAIL'):
                        p = 1
                    else:
                        fl = 1
            else:
                p = fl = s = 0
                if result in ('OK', 'EXPECTEDFAIL'):
                    p = 1
                elif result == 'SKIP':
                    s = 1
                else:
                    fl = 1
                    print(f'  {name}: {result} (returncode {test.get("returncode")})',
                          file=out)
            print(f'{name:<48} {result:<14} {p:4d} passed {fl:4d} failed {s:4d} skipped',
                  file=out)
            passed += p
            failed += fl
            skipped += s
    return passed, failed, skipped


def main(argv):
    if len(argv) < 2 or argv[1] in ('-h', '--help'):
        print('usage: count-tests.py TESTLOG.json...', file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    status = 0
    for path in argv[1:]:
        print(f'== {path}', file=sys.stderr)
        try:
            p, f, s = count_log(path, sys.stderr)
        except OSError as e:
            print(f'{path}: {e.strerror}: counted as one failure', file=sys.stderr)
            p, f, s = 0, 1, 0
        passed += p
        failed += f
        skipped += s
    if failed:
        status = 1
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
