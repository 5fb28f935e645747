"""Where each piece of a YAML scalar's value was written in the file.

A literal block (`|`) keeps its lines as they are: its value's line k is the file's line
first + k, at the block's indent (`Text.locate`'s cheap rule). Every other scalar that
spans lines changes its text on the way: folding (`>`, plain and quoted scalars) joins
lines with a space and turns a blank line into a line break; plain and quoted scalars
drop each line's leading and trailing spaces; quoted scalars turn an escape (`\\t`,
`''`) into one character. For those, `anchors` lines the value up with the raw lines and
returns a few places (offset in the value, file line, file column): one where each run of
characters written as they are starts. From one anchor to the next, the value and the
file advance together.

Pure: the value, the document's lines and the scalar's marks in, the places out.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator

# A double-quoted scalar's escapes: each makes one character, except a backslash that ends
# the line, which joins the next line on without a space.
_DOUBLE_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.|$)")
_SINGLE_ESCAPE = re.compile(r"''")


def needs_anchors(value: str, style: str, start, end) -> bool:
    """Whether the cheap rule would be wrong for a scalar written from PyYAML's mark `start`
    to `end`: a folded block, a plain or quoted scalar over more than one line, a quoted one
    with an escape in it (the value is shorter than what is written), or a literal block
    that starts with blank lines. (Called for every scalar: it only compares numbers.)"""
    if style == ">":
        return True
    if style == "|":
        return value.startswith("\n")
    quotes = 2 if style else 0
    return start.line != end.line or end.column - start.column - quotes != len(value)


def anchors(value: str, lines: list[str], style: str, start: tuple[int, int],
            end: tuple[int, int], *, indent: int = 1, first_line: int = 1) -> bytes:
    """The places of `value`, a scalar of `style` ("" plain, "'", '"', ">" or "|") written from
    `start` to `end` in `lines` (PyYAML's marks: line and column from 0). `indent` is a
    block's indent (from 1); `first_line` is the file line `lines` starts on.
    Packed as unsigned ints, (offset, line, col) × n: a big site has millions of texts."""
    places: list[int] = []
    at = 0  # how far the value has been read
    joined = False  # the line before ended with an escaped line break
    escape = _DOUBLE_ESCAPE if style == '"' else _SINGLE_ESCAPE if style == "'" else None

    def place(offset: int, line: int, col: int) -> None:
        """An anchor, unless the one before already puts `offset` there."""
        if not places or (line, col - offset) != (places[-2], places[-1] - places[-3]):
            places.extend((offset, line, col))

    for i, (number, col, raw) in enumerate(_lines(lines, style, start, end, indent)):
        if i > 0 or style in ("|", ">"):
            at = _past_break(value, at, fold=i > 0, joined=joined)
        for run_col, run, made in _runs(col, raw, escape):
            if run:
                found = at if value.startswith(run, at) else value.find(run, at)
                if found < 0:
                    return array("I", places).tobytes()  # (not expected: keep what is known)
                place(found, number + first_line, run_col)
                at = found + len(run)
            if made:  # (the character an escape makes is placed on its backslash)
                place(at, number + first_line, run_col + len(run))
                at += made
        joined = style == '"' and _ends_escaped(raw)
    return array("I", places).tobytes()


def _past_break(value: str, at: int, *, fold: bool, joined: bool) -> int:
    """Past what a line break became: nothing after an escaped break; else a line break
    per blank line, or, when there was none, the one space of a fold."""
    if joined:
        return at
    start = at
    while at < len(value) and value[at] == "\n":
        at += 1
    if fold and at == start and value.startswith(" ", at):
        at += 1
    return at


def _lines(lines: list[str], style: str, start: tuple[int, int], end: tuple[int, int],
           indent: int) -> Iterator[tuple[int, int, str]]:
    """Each raw line that holds some of the value: (line from 0, col from 1, its text as
    written). A flow scalar's first line always counts, even when its text starts on the
    next (`"` alone at the end of a line)."""
    if style in ("|", ">"):
        last = end[0] - 1 if end[1] == 0 else end[0]
        for number in range(start[0] + 1, min(last, len(lines) - 1) + 1):
            if lines[number].strip(" "):
                yield number, indent, lines[number][indent - 1:]
        return
    quote = 1 if style else 0
    for number in range(start[0], min(end[0], len(lines) - 1) + 1):
        text = lines[number]
        begin = start[1] + quote if number == start[0] else len(text) - len(text.lstrip(" \t"))
        stop = end[1] - quote if number == end[0] else _trimmed(text, style)
        if number == start[0] or text[begin:stop].strip(" \t"):
            yield number, begin + 1, text[begin:stop]


def _trimmed(text: str, style: str) -> int:
    """Where a flow scalar's line ends: before its trailing spaces, but after a space or
    tab that a backslash escapes."""
    stop = len(text.rstrip(" \t"))
    if style == '"' and stop < len(text) and _ends_escaped(text[:stop]):
        stop += 1
    return stop


def _ends_escaped(raw: str) -> bool:
    """Whether a double-quoted line's text ends with a backslash that escapes what follows."""
    return (len(raw) - len(raw.rstrip("\\"))) % 2 == 1


def _runs(col: int, raw: str, escape: re.Pattern | None) -> Iterator[tuple[int, str, int]]:
    """A line's text as runs written as they are: (col, run, how many characters of the
    value the escape after it makes)."""
    at = 0
    if escape is not None:
        for m in escape.finditer(raw):
            yield col + at, raw[at:m.start()], 0 if m.group() == "\\" else 1
            at = m.end()
    if at < len(raw):
        yield col + at, raw[at:], 0


def locate(places: bytes, offset: int) -> tuple[int, int]:
    """The file line and column of the value's character at `offset` (the first piece's
    start for the line breaks a block starts with)."""
    view = memoryview(places).cast("I")
    i = 0
    while i + 3 < len(view) and view[i + 3] <= offset:
        i += 3
    return view[i + 1], view[i + 2] + max(offset - view[i], 0)
