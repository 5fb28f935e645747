"""Setting a few fields of one mapping in a content file (a source's own fields, or an item
of a claim's `appearances`) and changing nothing else in the file.

The file is read and written back with ruamel.yaml's round trip, which keeps comments,
quotes, key order and folded text. A file it would not give back byte for byte (unusual
indentation, Windows line endings), or whose edit would change any line but the fields
set, is left alone: the caller gets None and says what to add by hand. A Markdown file's
front matter is edited the same way, its body untouched.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError


def _yaml(sequence_indent: int) -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=sequence_indent, offset=sequence_indent - 2)
    return yaml


def _load(text: str) -> tuple[YAML, Any] | None:
    """The YAML reader that gives `text` back unchanged, and what it read; None when no
    reader does, or the text is not a mapping."""
    for indent in (2, 4):
        yaml = _yaml(indent)
        try:
            data = yaml.load(text)
            out = io.StringIO()
            yaml.dump(data, out)
        except YAMLError:
            return None
        if out.getvalue() == text and hasattr(data, "insert"):
            return yaml, data
    return None


def _find(data: Any, at: tuple[str | int, ...]) -> Any:
    """The mapping at `at` (keys and list indexes from the top), or None."""
    for step in at:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data if hasattr(data, "insert") else None


def front_matter(text: str) -> tuple[str, str, str] | None:
    """A Markdown file's text as (the opening '---' line, the YAML, the rest from the
    closing '---' line on), or None when it has no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    return lines[0], "".join(lines[1:end]), "".join(lines[end:])


def set_fields(text: str, values: Mapping[str, Any], *, after: str,
               at: tuple[str | int, ...] = (), expect: Mapping[str, Any] | None = None,
               markdown: bool = False) -> str | None:
    """The text with `values` set in the mapping at `at` (a new field goes after `after`,
    the next after it, and so on; one already there keeps its place), or None when the
    mapping is not there, does not hold the `expect`ed values, or the edit cannot be made
    without changing anything else in the file. With `markdown`, in its front matter."""
    if markdown:
        parts = front_matter(text)
        if parts is None:
            return None
        head, yaml_text, tail = parts
        edited = set_fields(yaml_text, values, after=after, at=at, expect=expect)
        return None if edited is None else head + edited + tail
    loaded = _load(text)
    if loaded is None:
        return None
    yaml, data = loaded
    target = _find(data, at)
    if target is None or any(target.get(k) != v for k, v in (expect or {}).items()):
        return None
    previous = after
    for key, value in values.items():
        if key in target:
            target[key] = value
        else:
            keys = list(target)
            target.insert(keys.index(previous) + 1 if previous in keys else len(keys), key,
                          value)
        previous = key
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue() if _only(text, out.getvalue(), tuple(values)) else None


def _only(before: str, after: str, keys: tuple[str, ...]) -> bool:
    """Did only the lines of `keys` change, and is each new line where a reader would look
    for it: not after a comment line that belongs to something less indented (the end of
    a list, say)?"""
    old, new = before.splitlines(), after.splitlines()
    fields = tuple(f"{key}:" for key in keys)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if any(not line.lstrip(" -").startswith(fields) for line in old[i1:i2] + new[j1:j2]):
            return False
        above = new[j1 - 1] if 0 < j1 < j2 else ""
        if above.lstrip().startswith("#") and _indent(above) < _indent(new[j1]):
            return False
    return True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
