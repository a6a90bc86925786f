#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pages report, the window navigates: checked on the sources, as TAP.

  tests/test-pages-report.py --source-root DIR

A page under src/pages/ never names the assistant, the window, the
application or another page: it includes no other page's header, nor
bms-assistant.h, bms-window.h or bms-application.h, and reaches neither the
assistant, the toast overlay nor the application by walking the widget tree
or through g_application_get_default(). It steers the assistant through the
assistant's actions and shows toasts through bms_page_show_toast(). Below
src/app/, nothing reads g_application_get_default(): settings are passed in.

The layers' include directories already stop an include of src/app/ from a
page; what they cannot stop is one page including another's header, which
lives in the same folder.
"""

import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)

# What a page may not include besides another page's header.
FORBIDDEN_HEADERS = {'bms-assistant.h', 'bms-window.h', 'bms-application.h'}

# Ways to reach past the page's contract.
FORBIDDEN_CALLS = [
    (re.compile(r'\bg_application_get_default\s*\('), 'reads g_application_get_default()'),
    (re.compile(r'\bBMS_TYPE_ASSISTANT\b|\bBmsAssistant\b|\bbms_assistant_'), 'names the assistant'),
    (re.compile(r'\bADW_TYPE_TOAST_OVERLAY\b|\badw_toast_overlay_'), 'finds a toast overlay itself'),
    (re.compile(r'\bBMS_TYPE_WINDOW\b|\bBmsWindow\b'), 'names the window'),
]

_results = []


def report(ok, description, details=()):
    _results.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(_results), description))
    for line in details:
        print('#   ' + line)
    sys.stdout.flush()


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.DOTALL)
    return re.sub(r'//[^\n]*', '', text)


def page_problems(name, text, page_headers):
    """What is wrong with the page file NAME whose source is TEXT."""
    own_header = re.sub(r'\.c$', '.h', name)
    problems = []
    for header in INCLUDE.findall(text):
        if header in FORBIDDEN_HEADERS:
            problems.append('%s includes %s' % (name, header))
        elif header in page_headers and header != own_header:
            problems.append("%s includes another page's header, %s" % (name, header))
    code = strip_comments(text)
    for pattern, what in FORBIDDEN_CALLS:
        for match in pattern.finditer(code):
            line = code.count('\n', 0, match.start()) + 1
            problems.append('%s:%d %s' % (name, line, what))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--source-root', required=True)
    args = parser.parse_args()

    pages_dir = os.path.join(args.source_root, 'src', 'pages')
    files = sorted(f for f in os.listdir(pages_dir) if f.endswith(('.c', '.h')))
    page_headers = {f for f in files if f.endswith('.h')}
    pages = [f for f in files if re.match(r'bms-.*-page\.c$', f)]

    report(len(pages) >= 6, 'the pages are found (%d)' % len(pages), pages)

    # The check itself finds what it looks for.
    sample = ('#include "bms-assistant.h"\n#include "bms-google-page.h"\n'
              'static void f (void) { g_application_get_default (); '
              'gtk_widget_get_ancestor (w, ADW_TYPE_TOAST_OVERLAY); }\n'
              '/* bms_assistant_next_page () in a comment is fine */\n')
    found = page_problems('bms-test-page.c', sample, {'bms-google-page.h', 'bms-test-page.h'})
    report(len(found) == 4, 'the check catches a page that names the assistant, another page, '
           'the application and the toast overlay', found)

    for name in files:
        with open(os.path.join(pages_dir, name), encoding='utf-8') as source:
            problems = page_problems(name, source.read(), page_headers)
        report(not problems, '%s names no other page, no assistant, window or application' % name,
               problems)

    below_app = []
    for layer in ('pages', 'wizard', 'widgets', 'accounts', 'cli', 'engine'):
        layer_dir = os.path.join(args.source_root, 'src', layer)
        for name in sorted(os.listdir(layer_dir)):
            if not name.endswith(('.c', '.h')):
                continue
            with open(os.path.join(layer_dir, name), encoding='utf-8') as source:
                code = strip_comments(source.read())
            if re.search(r'\bg_application_get_default\s*\(', code):
                below_app.append('src/%s/%s' % (layer, name))
    report(not below_app, 'nothing below src/app/ reads g_application_get_default()', below_app)

    print('1..%d' % len(_results))
    return 0 if all(_results) else 1


if __name__ == '__main__':
    sys.exit(main())
