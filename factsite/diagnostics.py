"""Problems are data: every stage returns `Diagnostic`s; only the command line prints them."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Pos(NamedTuple):
    """A place in an input file. `path` is as shown to the user; line and col count from 1.
    (A named tuple: every loaded value has one, so they must be cheap to make.)"""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    pos: Pos
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value}: {self.message}"


def error(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, Severity.ERROR, message)


def warning(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, Severity.WARNING, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple:
    return (d.pos.path, d.pos.line, d.pos.col, d.severity.value, d.message)


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as messages show it: relative to the working directory when it is below it."""
    cwd = cwd or Path.cwd()
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close choice exists, else ''."""
    import difflib

    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# ---- formats used by the command line -------------------------------------------------


# Characters an excerpt shows as a sign: they are invisible, or look like a plain space,
# and each one counts as a column of its own. (A byte order mark at the very start of a
# file is accepted, and not counted: it is left out.)
SIGNS = {
    "\t": ("→", "a tab"),
    "\u00a0": ("␣", "a non-breaking space"),
    "\u202f": ("␣", "a narrow non-breaking space"),
    "\u2007": ("␣", "a figure space"),
    "\u00ad": ("¬", "a soft hyphen"),
    "\u200b": ("◊", "a zero-width space"),
    "\u200c": ("◊", "a zero-width non-joiner"),
    "\u200d": ("◊", "a zero-width joiner"),
    "\u2060": ("◊", "a word joiner"),
    "\ufeff": ("◊", "a byte order mark"),
}
TRAILING = ("·", "a space at the end of the line")


def visible(line: str, *, trailing: bool = False) -> tuple[list[str], dict[str, str]]:
    """A line as an excerpt shows it, one piece per character, and what the signs in it
    stand for. `trailing`: show the spaces that end the line too."""
    end = len(line.rstrip(" ")) if trailing else len(line)
    pieces, legend = [], {}
    for i, char in enumerate(line):
        sign, meaning = SIGNS.get(char, (None, ""))
        if sign is None and (ord(char) < 32 or ord(char) == 127):
            sign, meaning = chr(0x2400 + ord(char)) if ord(char) < 32 else "␡", \
                "a control character"
        elif sign is None and i >= end:
            sign, meaning = TRAILING
        if sign is not None:
            legend.setdefault(sign, meaning)
        pieces.append(sign or char)
    return pieces, legend


def _width(piece: str) -> int:
    """Columns a character takes in a terminal: wide letters two, combining marks none."""
    if unicodedata.combining(piece):
        return 0
    return 2 if unicodedata.east_asian_width(piece) in ("W", "F") else 1


def excerpt(d: Diagnostic, read_line) -> str:
    """The offending line of the file with a caret under the column, compiler style. Tabs,
    non-breaking and zero-width spaces and control characters show as signs, said below."""
    text = read_line(d.pos.path, d.pos.line)
    if text is None:
        return ""
    text = text.rstrip("\n").rstrip("\r")
    if d.pos.line == 1:
        text = text.removeprefix("\ufeff")
    pieces, legend = visible(text, trailing=d.pos.col > len(text.rstrip(" ")))
    before = sum(_width(p) for p in pieces[:d.pos.col - 1]) + max(d.pos.col - 1 - len(text), 0)
    gutter = f"{d.pos.line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * before + "^"
    if legend:
        caret += "  (" + ", ".join(f"{s} is {m}" for s, m in legend.items()) + ")"
    return f"{gutter}{''.join(pieces)}\n{caret}"


def format_text(diagnostics: Sequence[Diagnostic], read_line=None) -> str:
    lines = []
    for d in diagnostics:
        lines.append(str(d))
        if read_line is not None:
            shown = excerpt(d, read_line)
            if shown:
                lines.append(shown)
    return "\n".join(lines)


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    out = []
    for d in diagnostics:
        kind = "error" if d.is_error else "warning"
        props = (
            f"file={_github_escape(d.pos.path, prop=True)},line={d.pos.line},col={d.pos.col}"
        )
        out.append(f"::{kind} {props}::{_github_escape(d.message)}")
    return "\n".join(out)


def as_json(diagnostics: Sequence[Diagnostic]) -> list[dict[str, str | int]]:
    """The problems as JSON values: path, line, col, severity, message."""
    return [
        {
            "path": d.pos.path,
            "line": d.pos.line,
            "col": d.pos.col,
            "severity": d.severity.value,
            "message": d.message,
        }
        for d in diagnostics
    ]


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(as_json(diagnostics), indent=2, ensure_ascii=False)
