#!/usr/bin/python3
# test-metadata.py: what the package says about itself agrees with the program.
#
#   test-metadata.py --source-root DIR --version VERSION
#                    --program PROGRAM --man-page FILE --desktop-file FILE
#
# Every file the README and the AppStream metainfo name (screenshots, docs)
# exists in the repository; the one version (meson's project version) is the
# one of --version, the metainfo's newest release, the manual page and
# debian/changelog; every option of --help-all is in the manual page, which
# man formats without a warning; the desktop file is in one main category.
# TAP output, one test per check.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

# The address the metainfo's screenshots are published under: the
# repository's main branch, so a path after it is a path in the repository.
RAW_PREFIX = 'https://raw.githubusercontent.com/bizmagic-mail-setup/bizmagic-mail-setup/main/'

# The desktop menu specification's main categories.
MAIN_CATEGORIES = {
    'AudioVideo', 'Audio', 'Video', 'Development', 'Education', 'Game',
    'Graphics', 'Network', 'Office', 'Science', 'Settings', 'System', 'Utility',
}

METAINFO_NAME = 'io.github.bizmagic_mail_setup.MailSetup.metainfo.xml.in'


class Tap:
    def __init__(self):
        self.number = 0
        self.failed = 0

    def check(self, name, problems):
        self.number += 1
        if problems:
            self.failed += 1
            print(f'not ok {self.number} - {name}')
            for problem in problems:
                print(f'# {problem}')
        else:
            print(f'ok {self.number} - {name}')
        sys.stdout.flush()

    def skip(self, name, reason):
        self.number += 1
        print(f'ok {self.number} - {name} # SKIP {reason}')

    def finish(self):
        print(f'1..{self.number}')
        return 1 if self.failed else 0


def readme_paths(source_root):
    """The repository paths the README links to or shows."""
    with open(os.path.join(source_root, 'README.md'), encoding='utf-8') as f:
        text = f.read()
    paths = []
    for target in re.findall(r'\]\(([^)\s]+)\)', text):
        if re.match(r'[a-z]+:', target) or target.startswith('#'):
            continue
        paths.append(target.split('#', 1)[0])
    return paths


def metainfo_root(source_root):
    return ET.parse(os.path.join(source_root, 'data', METAINFO_NAME)).getroot()


def metainfo_paths(root):
    """The repository paths behind the metainfo's screenshot images."""
    paths = []
    problems = []
    for image in root.iter('image'):
        url = (image.text or '').strip()
        if url.startswith(RAW_PREFIX):
            paths.append(url[len(RAW_PREFIX):])
        else:
            problems.append(f'screenshot {url!r} is not under {RAW_PREFIX}')
    return paths, problems


def missing(source_root, paths):
    return [f'{path} does not exist' for path in paths
            if not os.path.exists(os.path.join(source_root, path))]


def changelog_version(source_root):
    path = os.path.join(source_root, 'debian', 'changelog')
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as f:
        first = f.readline()
    m = re.match(r'\S+ \(([^)]+)\)', first)
    return m.group(1) if m else first.strip()


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)


def main():
    parser = argparse.ArgumentParser()
    for option in ('source-root', 'version', 'program', 'man-page', 'desktop-file'):
        parser.add_argument('--' + option, required=True)
    args = parser.parse_args()
    tap = Tap()
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')

    paths = readme_paths(args.source_root)
    tap.check('the README names files that exist',
              missing(args.source_root, paths) or ([] if paths else ['the README names no file']))

    root = metainfo_root(args.source_root)
    paths, problems = metainfo_paths(root)
    tap.check('the metainfo\'s screenshots exist',
              problems + missing(args.source_root, paths)
              + ([] if paths else ['the metainfo has no screenshot']))

    releases = [r.get('version') for r in root.iter('release')]
    tap.check('the metainfo\'s newest release is the project version',
              [] if releases[:1] == [args.version]
              else [f'releases {releases}, project version {args.version}'])

    version = changelog_version(args.source_root)
    if version is None:
        tap.skip('debian/changelog has the project version', 'no debian/changelog')
    else:
        tap.check('debian/changelog has the project version',
                  [] if version == args.version
                  else [f'debian/changelog says {version}, meson says {args.version}'])

    result = run([args.program, '--version'], env=env)
    expected = f'bizmagic-mail-setup {args.version}\n'
    tap.check('--version prints the name and the project version',
              [] if (result.returncode, result.stdout, result.stderr) == (0, expected, '')
              else [f'status {result.returncode}, stdout {result.stdout!r}, stderr {result.stderr!r}'])

    with open(args.man_page, encoding='utf-8') as f:
        man = f.read()
    th = re.search(r'^\.TH \S+ 1 "[^"]*" "bizmagic-mail-setup ([^"]+)"', man, re.M)
    tap.check('the manual page has the project version',
              [] if th and th.group(1) == args.version else [f'.TH line: {th and th.group(0)}'])

    result = run([args.program, '--help-all'], env=env)
    options = sorted(set(re.findall(r'^\s+(?:-\w, )?(--[a-z-]+)', result.stdout, re.M))
                     - {'--gapplication-service', '--help-gapplication'})
    # The manual writes a dash in an option as \-.
    man_text = man.replace('\\-', '-')
    tap.check('every option of --help-all is in the manual page',
              ([f'{o} is not in the manual page' for o in options if o not in man_text]
               + ([] if '--test' in options else [f'--help-all lists no --test: {result.stdout!r}'])))

    if shutil.which('man') is None:
        tap.skip('man formats the manual page without a warning', 'man is not installed (man-db)')
    else:
        result = run(['man', '--warnings', '-E', 'UTF-8', '-l', '-Tutf8', '-Z', args.man_page],
                     env=dict(env, MANROFFSEQ='', MANWIDTH='80'))
        tap.check('man formats the manual page without a warning',
                  [] if result.returncode == 0 and result.stderr == ''
                  else [f'status {result.returncode}'] + result.stderr.splitlines())

    with open(args.desktop_file, encoding='utf-8') as f:
        categories = re.search(r'^Categories=(.*)$', f.read(), re.M)
    main_categories = [c for c in (categories.group(1) if categories else '').split(';')
                       if c in MAIN_CATEGORIES]
    tap.check('the desktop file is in one main category',
              [] if len(main_categories) == 1 else [f'main categories: {main_categories}'])

    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
