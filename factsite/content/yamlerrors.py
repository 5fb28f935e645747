"""YAML's own errors, in plain words: what is wrong, on the line to change, and how to fix it.

PyYAML says where its parser gave up, in its own terms ("mapping values are not allowed
in this context"), and often a line late: a field pulled back to column 1 is reported on
the line after it. `explain` looks at the text around PyYAML's marks to recognise the
mistakes people make (a tab, a field indented too far or not enough, a quote or bracket
never closed, ': ' inside a value, a value that starts with '[' or '@', a list item among
fields) and keeps PyYAML's words only for the rest. Pure: the error and the text in, one
`Diagnostic` out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from ..diagnostics import Diagnostic, Pos, error

# A line that is a field: its indent, an optional list dash, the name, and the value.
_FIELD = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\[\]{}-][^:#]*?|\"[^\"]*\""
                    r"|'[^']*'):(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_OPENERS = {"[": "]", "{": "}"}
# A colon followed by a space YAML does not count as one (pasted from a word processor).
_ODD_SPACE = re.compile(r":([\u00a0\u202f\u2007\u200b\u2060\ufeff])")
_SPACE_NAMES = {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space",
                "\u2007": "a figure space", "\u200b": "a zero-width space",
                "\u2060": "a word joiner", "\ufeff": "a zero-width no-break space"}
_BLOCK_HINT = "write it as a block: '{key}: >-', then the text on the next line, indented"


@dataclass(frozen=True)
class _Failure:
    """PyYAML's error, read: its words and marks (lines and columns from 0), and the text."""

    problem: str
    context: str
    line: int  # where the parser gave up
    col: int
    context_line: int | None  # where what it was reading started
    context_col: int
    lines: list[str]
    first_line: int  # the file line the text starts on

    def number(self, line: int) -> int:
        """A line's number in the file."""
        return line + self.first_line

    def text(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""


Found = tuple[int, int, str]  # (line from 0, column from 0, the message)


def explain(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int = 1) -> Diagnostic:
    """The problem PyYAML found in `text` (which starts on the file's `first_line`)."""
    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    failure = _Failure(exc.problem or "", exc.context or "", mark.line if mark else 0,
                       mark.column if mark else 0, context.line if context else None,
                       context.column if context else 0, text.split("\n"), first_line)
    for recognise in RECOGNISED:
        found = recognise(failure)
        if found:
            line, col, message = found
            return error(Pos(path, line + first_line, col + 1), message)
    return error(Pos(path, failure.line + first_line, failure.col + 1),
                 _pyyaml_words(exc, first_line))


def explain_reader(exc: yaml.reader.ReaderError, text: str, path: str, first_line: int = 1
                   ) -> Diagnostic:
    """A character YAML does not accept in a file (a control character, say)."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    at = max(text.find(char), 0)  # (the first one: PyYAML's position may count bytes)
    before = text[:at]
    line, col = before.count("\n"), at - (before.rfind("\n") + 1)
    return error(Pos(path, line + first_line, col + 1), (
        f"an invisible control character (U+{ord(char):04X}) is here: delete it (it often "
        "comes with text pasted from a PDF or a web page)"))


def _pyyaml_words(exc: yaml.MarkedYAMLError, first_line: int) -> str:
    """PyYAML's own words, for a mistake not recognised."""
    problem = exc.problem or exc.context or "this is not valid YAML"
    if exc.context and exc.problem and exc.context not in problem:
        context = exc.context
        mark, start = exc.problem_mark, exc.context_mark
        if start and mark and start.line != mark.line:
            context += f" that starts on line {start.line + first_line}"
        problem = f"{problem} ({context})"
    return f"invalid YAML: {problem}"


# ---- reading lines ---------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _field(line: str) -> re.Match | None:
    return _FIELD.match(line)


def _key_col(m: re.Match) -> int:
    return m.start("key")


def _before(f: _Failure, line: int) -> int | None:
    """The nearest line above `line` with something on it (not blank, not a comment)."""
    for i in range(min(line, len(f.lines)) - 1, -1, -1):
        stripped = f.lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _quoted(key: str, value: str, limit: int = 40) -> str:
    """The field written with its value in quotes (the start of a long one): double quotes,
    or single ones for a value with a double quote or a backslash in it."""
    shown = value if len(value) <= limit else value[:limit].rstrip() + "…"
    if '"' not in value and "\\" not in value:
        return f'{key}: "{shown}"'
    return "{}: '{}'".format(key, shown.replace("'", "''"))


# ---- the mistakes --------------------------------------------------------------------------


def _second_document(f: _Failure) -> Found | None:
    if "another document" in f.problem:
        return f.line, f.col, ("a second YAML document starts here (a '---' line); a content "
                               "file holds exactly one")
    return None


def _tab(f: _Failure) -> Found | None:
    line = f.text(f.line)
    lead = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" in lead:
        return f.line, lead.index("\t"), ("this line is indented with a tab: YAML indents with "
                                          "spaces only. Replace the tab with spaces, as many as "
                                          "the lines around it use")
    if line[f.col:f.col + 1] == "\t":
        return f.line, f.col, "a tab: YAML does not allow one here; use a space instead"
    return None


def _odd_space_after_colon(f: _Failure) -> Found | None:
    """A field whose colon is followed by a non-breaking space: YAML reads no field there,
    and gives up a line or two later."""
    for line in range(max(f.line - 2, 0), f.line + 1):
        m = _ODD_SPACE.search(f.text(line))
        if m:
            return line, m.start(1), (
                f"{_SPACE_NAMES[m.group(1)]} follows the colon, where YAML needs a plain space "
                "(it often comes with pasted text): delete it and type a space")
    return None


def _unclosed_quote(f: _Failure) -> Found | None:
    if "quoted scalar" not in f.context or f.context_line is None:
        return None
    quote = f.text(f.context_line)[f.context_col:f.context_col + 1] or '"'
    return f.context_line, f.context_col, (
        f"this quote ({quote}) is never closed: end the value with another {quote}, on the "
        "line where the value ends")


def _starts_like_syntax(f: _Failure) -> Found | None:
    """A value that starts with a character YAML reads as syntax, followed by text."""
    places = [f.context_line] if f.context_line is not None and "flow" in f.context else []
    for line in [*places, f.line]:
        m = _field(f.text(line))
        value = m and m.group("value")
        if not value:
            continue
        found = _syntax_start(m.group("key"), value)
        if found:
            return line, m.start("value"), found
    return None


def _syntax_start(key: str, value: str) -> str | None:
    first = value[0]
    if first in _OPENERS:
        close = _matching(value)
        rest = value[close + 1:].strip() if close is not None else ""
        if (rest and rest[0] not in "#]},") or value[1:2] in ("@", "#", "["):
            return (f"the value of '{key}' starts with '{first}', so YAML reads it as a "
                    f"{'list' if first == '[' else 'mapping'}, not as text. To start a text "
                    f"with a reference, put the whole text in quotes "
                    f"({_quoted(key, value)}) or {_BLOCK_HINT.format(key=key)}")
    elif first in "@`*&":
        return (f"a value cannot start with '{first}' in YAML: put it in quotes "
                f"({_quoted(key, value)})")
    elif first in "\"'":
        end = value.find(first, 1)
        while end > 0 and first == "'" and value[end + 1:end + 2] == "'":
            end = value.find(first, end + 2)
        if 0 < end < len(value) - 1 and not value[end + 1:].strip().startswith("#"):
            other = "'" if first == '"' else '"'
            return (f"the value of '{key}' is in quotes ({first}) that close before it ends, "
                    f"at the {first} inside it: put the value in {other} quotes instead, or "
                    f"{_BLOCK_HINT.format(key=key)}")
    return None


def _matching(value: str) -> int | None:
    """Where the bracket that opens `value` closes."""
    depth = 0
    for i, char in enumerate(value):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return i
    return None


def _unclosed_bracket(f: _Failure) -> Found | None:
    if f.context_line is None or not ("flow sequence" in f.context or "flow mapping" in f.context):
        return None
    opener = f.text(f.context_line)[f.context_col:f.context_col + 1]
    close = _OPENERS.get(opener)
    if not close:
        return None
    return f.context_line, f.context_col, (
        f"this '{opener}' is never closed: end the {'list' if opener == '[' else 'mapping'} "
        f"with '{close}' ({'like tags: [one, two]' if close == ']' else 'like {a: 1, b: 2}'})")


def _colon_in_value(f: _Failure) -> Found | None:
    if "mapping values" not in f.problem:
        return None
    m = _field(f.text(f.line)[:f.col])  # (the field, up to the colon PyYAML stopped at)
    if not m or not m.group("value"):
        return None
    key, value = m.group("key"), f.text(f.line)[m.start("value"):].rstrip()
    return f.line, f.col, (
        f"': ' inside the value of '{key}' makes YAML read a second field on one line: put "
        f"the whole value in quotes ({_quoted(key, value)}) or {_BLOCK_HINT.format(key=key)}")


def _indented_too_far(f: _Failure) -> Found | None:
    """A field line more indented than the field above it, which already has a value: that
    line is indented too far, or the one above was pulled back (then it is the odd one out
    between two lines at the same indent)."""
    line = f.text(f.line)
    m = _field(line)
    if "mapping values" not in f.problem or not m or f.col != m.end("key"):
        return None
    above = _before(f, f.line)
    if above is None:
        return None
    a = _field(f.text(above))
    if not a or not a.group("value") or _indent(f.text(above)) >= _indent(line):
        return None
    before = _before(f, above)
    if before is not None and _indent(f.text(before)) == _indent(line):
        return above, _key_col(a), (
            f"'{a.group('key')}' starts at column {_key_col(a) + 1}, but the lines around it "
            f"(lines {f.number(before)} and {f.number(f.line)}) start at column "
            f"{_indent(line) + 1}: indent it to match them")
    return f.line, _key_col(m), (
        f"'{m.group('key')}' is indented more than '{a.group('key')}' on line {f.number(above)}, "
        f"which already has a value, so YAML reads this line as part of that value. If "
        f"'{m.group('key')}' is a field, start it at column {_key_col(a) + 1}, like "
        f"'{a.group('key')}'; if the line is text that goes on, put the value of "
        f"'{a.group('key')}' in quotes")


def _list_item_among_fields(f: _Failure) -> Found | None:
    line = f.text(f.line)
    if "block mapping" not in f.context or not re.match(r" *-( |$)", line):
        return None
    items = [i for i in range(f.line) if re.match(r" *- ", f.lines[i])
             and _indent(f.lines[i]) > _indent(line)]
    hint = (f"indent it like the list's items (column {_indent(f.lines[items[-1]]) + 1}, as on "
            f"line {f.number(items[-1])})" if items else
            "put it under the field whose list it is, indented")
    return f.line, _indent(line), (
        "a list item ('- …') among the fields of a mapping: if it belongs to a field's list, "
        f"{hint}; if not, write it as a field (name: value)")


def _field_among_list_items(f: _Failure) -> Found | None:
    m = _field(f.text(f.line))
    if "block collection" not in f.context or not m or m.group("dash") \
            or f.context_line is None:
        return None
    item = _field(f.text(f.context_line))
    fix = (f"if it belongs to the item above, indent it under that item's first field "
           f"(column {_key_col(item) + 1}); " if item else "")
    return f.line, _key_col(m), (
        f"'{m.group('key')}' lines up with the '-' of the list that starts on line "
        f"{f.number(f.context_line)}, but it is not an item of the list: {fix}if it is a new item, "
        "write '- ' in front of it")


def _lines_up_with_nothing(f: _Failure) -> Found | None:
    line = f.text(f.line)
    m = _field(line)
    if "block mapping" not in f.context or not m or m.group("dash") or f.col != _key_col(m):
        return None
    indent = _indent(line)
    levels = sorted({_indent(f.lines[i]) for i in range(f.line) if _field(f.lines[i])})
    deeper = [n for n in levels if n > indent][:1]
    shallower = [n for n in levels if n < indent][-1:]
    choices = " or by ".join(f"{n} spaces" for n in deeper + shallower)
    return f.line, _key_col(m), (
        f"'{m.group('key')}' is indented by {indent} spaces, which lines up with no field "
        f"above it: indent it by {choices or 'as many spaces as the fields it goes with'}")


def _line_without_colon(f: _Failure) -> Found | None:
    if "simple key" not in f.context or f.context_line is None:
        return None
    return f.context_line, f.context_col, (
        "this line is not indented, so YAML reads it as a field, but it has no ': '. If it "
        "goes on with the text above, indent it like that text; if it is a field, write "
        "'name: value'")


RECOGNISED: tuple[Callable[[_Failure], Found | None], ...] = (
    _second_document, _tab, _odd_space_after_colon, _unclosed_quote, _starts_like_syntax,
    _unclosed_bracket, _colon_in_value, _indented_too_far, _list_item_among_fields,
    _field_among_list_items, _lines_up_with_nothing, _line_without_colon,
)
