"""One input file, compiled: the per-file half of the build.

`compile_file` is a pure function of a file's bytes (and its name): the positioned YAML,
the typed record and the checks it can make on its own, Markdown phase 1 of its texts, and
its facts for the index. The engine remembers each unit by the file's digest, so a file is
compiled once however many builds see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import markdown, model
from ..content.documents import parse_bytes
from ..content.markdown import Fragment
from ..content.validate import check, convert, ids_of
from ..diagnostics import Diagnostic, error, has_errors
from ..evidence.stored import parse_stored_copy
from .facts import Facts, broken, facts_of


@dataclass(frozen=True, slots=True)
class Unit:
    """What one file gave: its record (None when it failed; a StoredCopy for a source's
    stored copy), its facts (content files), its problems, and Markdown phase 1 of its
    texts, by each text's key."""

    kind: str
    rel: str
    record: model.Record | model.StoredCopy | None
    facts: Facts | None
    problems: tuple[Diagnostic, ...]
    fragments: tuple[tuple[tuple[str, bool], Fragment], ...] = ()


def compile_file(kind: str, rel: str, path: str, data: bytes) -> Unit:
    """One file, from its bytes. `kind` is what its folder holds ("site" for site.yaml,
    "stored" for a stored copy); `path` is the file as messages show it."""
    if kind == "stored":
        copy, problems = parse_stored_copy(data, rel, path)
        return Unit(kind, rel, copy, None, tuple(problems))
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    doc, problems = parse_bytes(data, kind=kind, rel=rel, path=path, stem=stem)
    record, found = convert(doc) if doc is not None else (None, [])
    problems += found
    if record is not None:
        own = check(record)
        problems += own
        if isinstance(record, model.Page) and has_errors(own):
            record = None  # (a page that would take the site's own address is left out)
    if kind == "site" or record is None:
        failed = None if kind == "site" else broken(kind, rel, path, ids_of(doc, stem))
        return Unit(kind, rel, record, failed, tuple(problems))
    fragments = {text.key: markdown.parse(text.source, inline=text.inline)
                 for text in texts(record)}
    for text in texts(record):
        for offset, message in fragments[text.key].problems:
            problems.append(_malformed(text, offset, message))
    return Unit(kind, rel, record, facts_of(record, fragments), tuple(problems),
                tuple(fragments.items()))


def texts(record: model.Record) -> tuple[model.Text, ...]:
    """A record's Markdown texts."""
    if isinstance(record, model.Claim):
        return record.texts
    if isinstance(record, model.Article | model.Page):
        return (record.body,)
    return ()


def _malformed(text: model.Text, offset: int, message: str) -> Diagnostic:
    return error(text.locate(offset) if offset >= 0 else text.pos, message)
