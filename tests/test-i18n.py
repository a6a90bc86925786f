#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The translation checks, as TAP.

  tests/test-i18n.py --source-root DIR [--po LANG]

 1. po/POTFILES.in lists only files that exist, sorted.
 2. Every C or .ui file under src/ and ui/ that marks strings for translation
    is listed in po/POTFILES.in (or its strings never reach the translators).
 3. xgettext extracts the messages of the CURRENT sources, with the same
    arguments as the pot target of po/meson.build (meson's "glib" preset).
 4. Every message has a translation in po/ja.po ...
 5. ... and none is fuzzy.
 6. `msgfmt --check` accepts po/ja.po, and also ja.po merged with the fresh
    template (so that the c-format flags of the current sources are checked:
    every placeholder kept, in order or with %n$).
 7. A mnemonic ("_X") in a message is kept in its translation with the same
    letter, GNOME style: "E-_mail address" -> "メールアドレス(_M)".
 8. The labels of BizMagic's form are exactly the manual's Japanese labels.
 9. No user-visible string literal in a UI call of a C file under src/ lacks
    _( ), N_( ) or a relative (or a comment "untranslated: WHY" on its line).
10. No user-visible property or item of a .ui file lacks translatable="yes".

Only the Python standard library and the gettext tools are used.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------
# TAP

_results = []


def report(ok, description, details=()):
    _results.append(ok)
    n = len(_results)
    print('%s %d - %s' % ('ok' if ok else 'not ok', n, description))
    for line in details:
        for part in str(line).splitlines() or ['']:
            print('#   ' + part)
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# A small PO reader: enough for what msgmerge and xgettext write.

class Entry:
    def __init__(self):
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}          # index -> text; a singular is index 0
        self.flags = set()
        self.obsolete = False
        self.references = []

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    def label(self):
        text = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + '...'
        text = text.replace('\n', '\\n')
        if self.msgctxt is not None:
            return '%s|%s' % (self.msgctxt, text)
        return text

    def translated(self):
        return bool(self.msgstr) and all(s != '' for s in self.msgstr.values())


_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a',
            'b': '\b', 'f': '\f', 'v': '\v'}


def _unquote(text):
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError('not a quoted string: %r' % text)
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    entries = []
    entry = Entry()
    target = None
    seen_anything = False

    def finish():
        nonlocal entry, seen_anything
        if entry.msgid is not None:
            entries.append(entry)
        entry = Entry()
        seen_anything = False

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            obsolete = line.startswith('#~')
            if obsolete:
                line = line[2:].lstrip()
                if not line.startswith(('msg', '"')):
                    continue
            if not line.strip():
                finish()
                target = None
                continue
            if line.startswith('#'):
                if entry.msgid is not None and target is not None:
                    finish()
                if line.startswith('#,'):
                    entry.flags.update(f.strip() for f in line[2:].split(','))
                elif line.startswith('#:'):
                    entry.references.extend(line[2:].split())
                continue
            if obsolete:
                entry.obsolete = True
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                keyword, index, text = m.group(1), m.group(2), _unquote(m.group(3))
                if keyword in ('msgctxt', 'msgid') and entry.msgstr:
                    finish()           # entries not separated by a blank line
                if keyword == 'msgctxt':
                    entry.msgctxt = text
                    target = ('msgctxt', None)
                elif keyword == 'msgid':
                    entry.msgid = text
                    target = ('msgid', None)
                elif keyword == 'msgid_plural':
                    entry.msgid_plural = text
                    target = ('msgid_plural', None)
                else:
                    i = int(index) if index is not None else 0
                    entry.msgstr[i] = text
                    target = ('msgstr', i)
                continue
            if line.startswith('"') and target is not None:
                text = _unquote(line)
                kind, i = target
                if kind == 'msgstr':
                    entry.msgstr[i] += text
                else:
                    setattr(entry, kind, getattr(entry, kind) + text)
                continue
            raise ValueError('%s: cannot read line %r' % (path, raw))
    finish()
    return [e for e in entries if e.msgid != '' or e.msgctxt is not None]


# ---------------------------------------------------------------------------
# The sources

# The arguments of meson's i18n.gettext(preset: 'glib') in meson 1.0, which
# po/meson.build uses: the test extracts exactly what the pot target extracts.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--keyword=ngettext:1,2',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def read_potfiles(root):
    names = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                names.append(line)
    return names


def source_files(root, extensions, folders=('src', 'ui')):
    found = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(extensions):
                    found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return found


GETTEXT_CALL = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2|ngettext)\s*\(')


def marks_strings(root, name):
    with open(os.path.join(root, name), encoding='utf-8') as f:
        text = f.read()
    if name.endswith('.ui'):
        return 'translatable="yes"' in text
    return GETTEXT_CALL.search(strip_c_comments(text)) is not None


# ---------------------------------------------------------------------------
# C: a tokenizer that knows strings, characters and comments

def strip_c_comments(text):
    return ''.join(tok for kind, tok, _ in c_tokens(text) if kind != 'comment')


_C_TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>(?:u8|[uUL])?"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<punct>.)
''', re.S | re.X)


def c_tokens(text):
    """(kind, text, line) for every token; preprocessor lines are kept as tokens."""
    line = 1
    for m in _C_TOKEN.finditer(text):
        kind = m.lastgroup
        yield kind, m.group(), line
        line += m.group().count('\n')


def c_string_value(token):
    body = token[token.index('"') + 1:-1]
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


# Functions whose string arguments a user sees. The value is the 0-based
# indices of the arguments to check, or a function of the argument count.
def _from(first):
    return lambda n: range(first, n)


def _every_other(first):
    return lambda n: range(first, n, 2)


UI_CALLS = {
    'gtk_label_new': _from(0), 'gtk_label_new_with_mnemonic': _from(0),
    'gtk_label_set_text': _from(1), 'gtk_label_set_label': _from(1),
    'gtk_label_set_markup': _from(1), 'gtk_label_set_text_with_mnemonic': _from(1),
    'gtk_label_set_markup_with_mnemonic': _from(1),
    'gtk_button_new_with_label': _from(0), 'gtk_button_new_with_mnemonic': _from(0),
    'gtk_button_set_label': _from(1),
    'gtk_check_button_new_with_label': _from(0), 'gtk_check_button_new_with_mnemonic': _from(0),
    'gtk_check_button_set_label': _from(1),
    'gtk_toggle_button_new_with_label': _from(0), 'gtk_toggle_button_new_with_mnemonic': _from(0),
    'gtk_link_button_new_with_label': _from(1),
    'gtk_window_set_title': _from(1),
    'gtk_widget_set_tooltip_text': _from(1), 'gtk_widget_set_tooltip_markup': _from(1),
    'gtk_entry_set_placeholder_text': _from(1), 'gtk_text_set_placeholder_text': _from(1),
    'gtk_search_entry_set_placeholder_text': _from(1),
    'gtk_password_entry_set_placeholder_text': _from(1),
    'gtk_frame_new': _from(0), 'gtk_frame_set_label': _from(1),
    'gtk_string_list_append': _from(1),
    'gtk_alert_dialog_new': _from(0), 'gtk_alert_dialog_set_detail': _from(1),
    'gtk_message_dialog_new': _from(4),
    'gtk_message_dialog_format_secondary_text': _from(1),
    'gtk_file_chooser_native_new': lambda n: [0, 3, 4],
    'adw_toast_new': _from(0), 'adw_toast_new_format': _from(0),
    'adw_toast_set_title': _from(1), 'adw_toast_set_button_label': _from(1),
    'adw_message_dialog_new': _from(1),
    'adw_message_dialog_set_heading': _from(1), 'adw_message_dialog_set_body': _from(1),
    'adw_message_dialog_format_heading': _from(1), 'adw_message_dialog_format_body': _from(1),
    'adw_message_dialog_add_response': lambda n: [2],
    'adw_message_dialog_add_responses': _every_other(2),
    'adw_message_dialog_set_response_label': lambda n: [2],
    'adw_window_title_new': _from(0),
    'adw_status_page_set_title': _from(1), 'adw_status_page_set_description': _from(1),
    'adw_about_window_set_application_name': _from(1),
    'adw_about_window_set_developer_name': _from(1),
    'adw_about_window_set_comments': _from(1),
    'adw_about_window_set_translator_credits': _from(1),
    'adw_about_window_add_link': lambda n: [1],
    'adw_about_window_add_credit_section': lambda n: [1],
    'gtk_accessible_update_property': _from(1),
    'gtk_accessible_update_state': _from(1),
    'g_application_add_main_option': lambda n: [5, 6],
    'g_option_context_new': _from(0),
    'g_option_context_set_summary': _from(1),
    'g_option_context_set_description': _from(1),
    'g_application_set_option_context_parameter_string': _from(1),
    'g_application_set_option_context_summary': _from(1),
    'g_application_set_option_context_description': _from(1),
    'g_notification_new': _from(0), 'g_notification_set_body': _from(1),
    # GError messages reach the user through the pages and the command line.
    'g_set_error': _from(3), 'g_set_error_literal': _from(3),
    'g_error_new': _from(2), 'g_error_new_literal': _from(2),
    'g_task_return_new_error': _from(3),
    'g_prefix_error': _from(1), 'g_prefix_error_literal': _from(1),
}
# adw_*_set_title, adw_*_set_subtitle, adw_*_set_description, adw_*_set_body…
UI_CALL_PATTERNS = [
    (re.compile(r'^adw_\w+_set_(?:title|subtitle|description|body|heading|label|tooltip_text|placeholder_text)$'), _from(1)),
    (re.compile(r'^adw_\w+_row_new_with_title$'), _from(0)),
]
# The command line talks to the user through standard output and error.
CLI_CALLS = {'g_print': _from(0), 'g_printerr': _from(0)}
CLI_FILES = re.compile(r'^src/(?:app/bms-application|cli/bms-cli[\w-]*)\.c$')

GETTEXT_FUNCTIONS = {'_', 'N_', 'C_', 'NC_', 'Q_', 'g_dgettext', 'g_dngettext',
                     'g_dpgettext', 'g_dpgettext2', 'ngettext', 'gettext', 'dgettext',
                     'dngettext', 'g_dcgettext'}

# Strings that are the same in every language and stay untranslated. Keep it
# short: everything here is something a Japanese user reads as it is.
ALLOWED_UNTRANSLATED = {
    'SSL/TLS',            # BizMagic's own 暗号化通信 entries are these English words
    'STARTTLS',
    'smtp.gmail.com',     # host names: typed exactly like this
    'imap.gmail.com',
    'INBOX',              # the IMAP name of the inbox (RFC 3501), shown as the server says
    '[Gmail]',            # Gmail's folder prefix, in every language
}
ALLOWED_PATTERNS = [
    re.compile(r'^(?:https?|mailto):\S+$'),           # addresses of web pages
    re.compile(r'^[a-z0-9-]+(?:\.[a-z0-9-]+)+$'),       # host names, example.co.jp
    re.compile(r'^[\w.+-]+@[\w.-]+$'),                 # e-mail addresses in examples
    re.compile(r'^[a-z0-9]+(?:[-_][a-z0-9]+)*-symbolic$'),  # icon names
]
_FORMAT = re.compile(r'%(?:\d+\$)?[-+ #0\']*(?:\d+|\*)?(?:\.(?:\d+|\*))?'
                     r'(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcspn%]'
                     r'|%"\s*G_G?U?INT\d*_FORMAT|%"\s*G_G?SIZE_FORMAT')


def needs_translation(value):
    """Does this literal hold words that a user reads?"""
    stripped = _FORMAT.sub(' ', value).strip()
    if not re.search(r'[^\W\d_]', stripped):
        return False                  # only digits, punctuation, placeholders
    if value.strip() in ALLOWED_UNTRANSLATED:
        return False
    if any(p.match(value.strip()) for p in ALLOWED_PATTERNS):
        return False
    # A GLib or GTK name: a property, a signal, an action, a CSS class, an
    # accessible property constant written as a string. These are one word
    # of lower case ASCII with dashes, dots or colons, never a sentence.
    if re.fullmatch(r'[a-z][a-z0-9]*(?:[-_.:][a-z0-9]+)*', value):
        return False
    return True


def calls_in(tokens):
    """Yield (name, line, [argument token lists]) for every call."""
    code = [t for t in tokens if t[0] not in ('comment', 'space')]
    for i, (kind, text, line) in enumerate(code):
        if kind != 'ident' or i + 1 >= len(code) or code[i + 1][1] != '(':
            continue
        depth = 0
        args = [[]]
        j = i + 1
        while j < len(code):
            tok = code[j]
            if tok[1] in '([{':
                depth += 1
                if depth > 1:
                    args[-1].append(tok)
            elif tok[1] in ')]}':
                depth -= 1
                if depth == 0:
                    break
                args[-1].append(tok)
            elif tok[1] == ',' and depth == 1:
                args.append([])
            else:
                args[-1].append(tok)
            j += 1
        if args == [[]]:
            args = []
        yield text, line, args


def unmarked_literals(argument):
    """The string literals of an argument that no gettext call wraps."""
    found = []
    stack = []                # for each open parenthesis: is it a gettext call?
    previous = None
    for kind, text, line in argument:
        if text in '([{':
            stack.append(text == '(' and previous is not None and previous[0] == 'ident'
                         and previous[1] in GETTEXT_FUNCTIONS)
        elif text in ')]}':
            if stack:
                stack.pop()
        elif kind == 'string' and not any(stack):
            found.append((line, c_string_value(text)))
        previous = (kind, text)
    return found


# A literal that must stay as it is (a word a script parses, a protocol
# keyword) is let through by a comment on its line, or alone on the line before:
#   g_print ("%s\tok\n", name);  /* untranslated: parsed by scripts */
UNTRANSLATED_MARK = re.compile(r'/\*\s*untranslated:\s*\S.*?\*/|//\s*untranslated:\s*\S')


def check_c_file(root, name):
    problems = []
    with open(os.path.join(root, name), encoding='utf-8') as f:
        text = f.read()
    tokens = list(c_tokens(text))
    lines = text.split('\n')

    def marked_untranslated(line):
        """The mark is on the literal's line, or alone on the line before."""
        if 0 < line <= len(lines) and UNTRANSLATED_MARK.search(lines[line - 1]):
            return True
        before = lines[line - 2].strip() if 1 < line <= len(lines) + 1 else ''
        return before.startswith(('/*', '//')) and UNTRANSLATED_MARK.search(before) is not None
    calls = dict(UI_CALLS)
    if CLI_FILES.match(name):
        calls.update(CLI_CALLS)
    for function, line, args in calls_in(tokens):
        which = calls.get(function)
        if which is None:
            for pattern, rule in UI_CALL_PATTERNS:
                if pattern.match(function):
                    which = rule
                    break
        if which is None:
            continue
        for index in which(len(args)):
            if index >= len(args):
                continue
            for literal_line, value in unmarked_literals(args[index]):
                if needs_translation(value) and not marked_untranslated(literal_line):
                    problems.append('%s:%d: %s(): "%s" is not marked for translation'
                                    % (name, literal_line, function, value))
    problems.extend(check_option_entries(root, name, tokens))
    return problems


def check_option_entries(root, name, tokens):
    """GOptionEntry tables: the description and arg_description (fields 6 and 7)."""
    problems = []
    code = [t for t in tokens if t[0] not in ('comment', 'space')]
    for i, (kind, text, line) in enumerate(code):
        if text != 'GOptionEntry':
            continue
        j = i + 1
        while j < len(code) and code[j][1] not in ('{', ';'):
            j += 1
        if j >= len(code) or code[j][1] != '{':
            continue
        depth = 0
        fields = None
        while j < len(code):
            tok = code[j]
            if tok[1] == '{':
                depth += 1
                if depth == 2:
                    fields = [[]]
            elif tok[1] == '}':
                if depth == 2 and fields is not None:
                    for index in (5, 6):
                        if index < len(fields):
                            for literal_line, value in unmarked_literals(fields[index]):
                                if needs_translation(value):
                                    problems.append('%s:%d: GOptionEntry: "%s" is not marked '
                                                    'for translation (N_)' % (name, literal_line, value))
                depth -= 1
                if depth == 0:
                    break
            elif tok[1] == ',' and depth == 2:
                fields.append([])
            elif depth >= 2:
                fields[-1].append(tok)
            j += 1
    return problems


# ---------------------------------------------------------------------------
# GtkBuilder

UI_PROPERTIES = {'label', 'title', 'subtitle', 'description', 'tooltip-text',
                 'tooltip-markup', 'placeholder-text', 'heading', 'body', 'text',
                 'secondary-text', 'button-label', 'comments', 'application-name',
                 'developer-name', 'translator-credits'}
# "text" is the value of an editable (typed by the user), not a label, in
# these classes; the test looks at it only in others.
EDITABLE_CLASSES = {'GtkEntry', 'GtkText', 'GtkPasswordEntry', 'GtkSearchEntry',
                    'GtkEditableLabel', 'AdwEntryRow', 'AdwPasswordEntryRow',
                    'GtkSpinButton', 'GtkEntryBuffer', 'GtkTextBuffer'}


def check_ui_file(root, name):
    problems = []
    path = os.path.join(root, name)
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        return ['%s: not well-formed XML: %s' % (name, e)]
    # ElementTree has no line numbers: find each text's first line by search.
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')

    def where(value):
        needle = value.split('\n')[0][:40]
        for n, text in enumerate(lines, 1):
            if needle and needle in text:
                return n
        return 0

    def visit(element, owner_class):
        if element.tag in ('object', 'template'):
            owner_class = element.get('class') or element.get('parent') or owner_class
        checked = False
        if element.tag == 'property' and element.get('name') in UI_PROPERTIES:
            if not (element.get('name') == 'text' and owner_class in EDITABLE_CLASSES):
                checked = True
        elif element.tag in ('item', 'response', 'attribute'):
            checked = element.tag != 'attribute' or element.get('name') == 'label'
        if checked and element.get('translatable') != 'yes':
            value = element.text or ''
            if needs_translation(value):
                problems.append('%s:%d: <%s%s> "%s" lacks translatable="yes"'
                                % (name, where(value), element.tag,
                                   ' name="%s"' % element.get('name') if element.get('name') else '',
                                   value.strip()))
        for child in element:
            visit(child, owner_class)

    visit(tree.getroot(), None)
    return problems


# ---------------------------------------------------------------------------
# The manual's vocabulary

def strip_mnemonic(text):
    text = re.sub(r'\(_[A-Za-z0-9]\)', '', text)
    return text.replace('_', '')


# English message -> the label or text of BizMagic's manual, exactly.
MANUAL_TERMS = {
    '_Employee name': '社員名',
    'E-ma_il address': 'メールアドレス',
    'Outgoing mail a_ccount name': '送信メールアカウント名',
    'Outgoing mail account _password': '送信メールアカウントパスワード',
    'Outgoin_g mail server': '送信メールサーバー',
    'Outgoing mail server p_ort number': '送信メールサーバーポート番号',
    'Encr_yption': '暗号化通信',
    'Encryp_tion': '暗号化通信',
    'Sender na_me': '差出人名',
    'Save sent mail': '送信済みメール保存',
    '_Save': '保存する',
    'Mailbox account settings': '保存メールボックスアカウント設定',
    'Same settings as t_he outgoing mail server': '送信メールサーバーと同じ設定',
    'IMAP mail acco_unt name': 'IMAPメールアカウント名',
    'IMAP mail account pass_word': 'IMAPメールアカウントパスワード',
    'IMAP mail ser_ver': 'IMAPメールサーバー',
    'IMAP mail server po_rt number': 'IMAPメールサーバーポート番号',
    'Sent mail _folder': '送信済みメール保存フォルダ',
    'Add own address as BCC': 'BCCに自メールアドレス追加',
    '_Add': '追加する',
    'Send e-mail to the employee': '社員へEメール送信',
    'Sen_d': '送信する',
    'None': 'なし',
    'Fetch Folder _List': 'フォルダー一覧取得',
    'Mail Test': 'メールテスト',
    'BizMagic Mail Setup': 'BizMagic メール設定',
    'The test message was sent.': 'テストメールを送信しました。',
    'The test message was saved in the mailbox.': 'テストメールをメールボックスに保存しました。',
}


# ---------------------------------------------------------------------------

# Words the Japanese translation settles on, from a Japanese reviewer's read:
# (what is written wrongly, why, what to write instead).
JAPANESE_WORDING = [
    ('ですので', 'colloquial in business mail', 'です。'),
    ('開けます', 'colloquial and ambiguous', '開くには…が必要です'),
    ('サインイン', 'the program says ログイン everywhere else', 'ログイン'),
    ('ご確認', 'honorific among plain してください', '確認してください'),
    ('再テスト', 'the button is called メールテスト', 'メールテスト'),
    ('ユーザー名', 'the form calls it アカウント名', 'アカウント名'),
    ('セキュリティイベント', "Google's label has a space", '最近のセキュリティ イベント'),
]

JAPANESE_CHARACTER = r'[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]'


def japanese_style_problems(text):
    """What in one Japanese msgstr breaks the style the rest keeps."""
    problems = []
    if re.search(JAPANESE_CHARACTER + r'[?!]', text):
        problems.append('a half-width "?" or "!" after Japanese; write "？" or "！"')
    for wrong, why, right in JAPANESE_WORDING:
        if wrong in text:
            problems.append('「%s」 (%s); write 「%s」' % (wrong, why, right))
    # Google's page names in the browser steps are all quoted alike, with ［］.
    if 'セキュリティ イベント' in text and '「' in text:
        problems.append("「」 and ［］ mixed for the names on Google's pages; write ［］ for all")
    if re.search(r'［[^］]*$', text):
        problems.append('a ［ without its ］')
    return problems


def run(command, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--po', default='ja', help='the language to check (default: ja)')
    options = parser.parse_args()
    root = os.path.abspath(options.source_root)
    po_path = os.path.join(root, 'po', options.po + '.po')

    print('1..11')

    # 1
    potfiles = read_potfiles(root)
    missing = [n for n in potfiles if not os.path.isfile(os.path.join(root, n))]
    unsorted = [b for a, b in zip(potfiles, potfiles[1:]) if b < a]
    duplicates = sorted({n for n in potfiles if potfiles.count(n) > 1})
    report(not missing and not unsorted and not duplicates,
           'po/POTFILES.in lists %d files that exist, sorted, once each' % len(potfiles),
           ['missing: ' + n for n in missing] + ['out of order: ' + n for n in unsorted]
           + ['listed twice: ' + n for n in duplicates])

    # 2
    candidates = source_files(root, ('.c', '.ui'))
    unlisted = [n for n in candidates if n not in potfiles and marks_strings(root, n)]
    report(not unlisted, 'every C and .ui file with translatable strings is in po/POTFILES.in',
           ['not listed: ' + n for n in unlisted])

    workdir = tempfile.mkdtemp(prefix='bms-i18n-')
    try:
        # 3
        pot = os.path.join(workdir, 'messages.pot')
        present = [n for n in potfiles if os.path.isfile(os.path.join(root, n))]
        listing = os.path.join(workdir, 'POTFILES')
        with open(listing, 'w', encoding='utf-8') as f:
            f.write('\n'.join(present) + '\n')
        result = run(['xgettext', '--package-name=bizmagic-mail-setup', '-D', root,
                      '-o', pot, '--files-from=' + listing] + XGETTEXT_ARGS)
        messages = read_po(pot) if result.returncode == 0 and os.path.exists(pot) else []
        report(result.returncode == 0 and len(messages) > 0,
               'xgettext extracts %d messages from the current sources' % len(messages),
               [result.stdout] if result.returncode != 0 else [])

        translations = {}
        if os.path.exists(po_path):
            translations = {e.key: e for e in read_po(po_path) if not e.obsolete}

        # 4
        untranslated = [m.label() for m in messages
                        if m.key not in translations or not translations[m.key].translated()]
        report(not untranslated and os.path.exists(po_path),
               'every message has a translation in po/%s.po' % options.po,
               ['%d untranslated; run the pot target, msgmerge, and translate:' % len(untranslated)]
               + ['untranslated: ' + u for u in untranslated] if untranslated else [])

        # 5
        fuzzy = sorted({e.label() for e in translations.values() if 'fuzzy' in e.flags})
        report(not fuzzy, 'no translation in po/%s.po is fuzzy' % options.po,
               ['fuzzy: ' + f for f in fuzzy])

        # 6
        details = []
        ok = os.path.exists(po_path)
        result = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po_path])
        if result.returncode != 0:
            ok = False
            details += ['msgfmt --check po/%s.po:' % options.po, result.stdout]
        merged = os.path.join(workdir, 'merged.po')
        result = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po_path, pot])
        if result.returncode != 0:
            ok = False
            details += ['msgmerge with the fresh template:', result.stdout]
        else:
            result = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged])
            if result.returncode != 0:
                ok = False
                details += ['msgfmt --check of po/%s.po merged with the current sources:'
                            % options.po, result.stdout]
        report(ok, 'msgfmt --check accepts po/%s.po (placeholders, plural forms, header)'
               % options.po, details)

        # 7
        problems = []
        for m in messages:
            t = translations.get(m.key)
            if t is None or not t.translated():
                continue
            for source, target in [(m.msgid, s) for s in t.msgstr.values()]:
                keys = re.findall(r'_([A-Za-z0-9])', source)
                if len(keys) != 1 or not re.search(r'\w_\w|^_\w|\W_\w', source):
                    continue
                key = keys[0]
                got = re.findall(r'_([A-Za-z0-9])', target)
                if [k.lower() for k in got] != [key.lower()]:
                    problems.append('"%s" -> "%s": the mnemonic _%s is missing; write "(_%s)"'
                                    % (m.msgid, target, key, key.upper()))
        report(not problems, 'mnemonics are kept in the translations', problems)

        # 8
        problems = []
        if options.po == 'ja':
            ids = {m.msgid for m in messages if m.msgctxt is None}
            for english, japanese in MANUAL_TERMS.items():
                if english not in ids:
                    continue        # not (or no longer) in the sources
                t = translations.get((None, english))
                got = strip_mnemonic(t.msgstr.get(0, '')) if t else ''
                if got != japanese:
                    problems.append('"%s" must be 「%s」 as in the manual, not 「%s」'
                                    % (english, japanese, got))
        report(not problems, "BizMagic's form labels and messages are the manual's words", problems)

        # 11
        problems = []
        if options.po == 'ja':
            for t in translations.values():
                for text in t.msgstr.values():
                    problems.extend('"%s": %s' % (t.label(), p) for p in japanese_style_problems(text))
            # The message of the Google sign-in that was blocked names
            # Google's own label, with its space.
            for t in translations.values():
                if '最近のセキュリティ イベント' in t.msgid and \
                        '最近のセキュリティ イベント' not in t.msgstr.get(0, ''):
                    problems.append('"%s": write 最近のセキュリティ イベント as Google does' % t.label())
        report(not problems, 'the Japanese is in one style (punctuation, words, quoting)', problems)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    # 9
    problems = []
    for name in source_files(root, ('.c',), folders=('src',)):
        problems.extend(check_c_file(root, name))
    report(not problems, 'no user-visible string literal in src/ is left unmarked', problems)

    # 10
    problems = []
    for name in source_files(root, ('.ui',)):
        problems.extend(check_ui_file(root, name))
    report(not problems, 'no user-visible text in the .ui files lacks translatable="yes"', problems)

    return 0 if all(_results) else 1


if __name__ == '__main__':
    sys.exit(main())
