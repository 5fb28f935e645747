"""One input file, compiled: the per-file half of the build.

`compile_file` is a pure function of a file's bytes (and its name): the positioned YAML,
the typed record and the checks it can make on its own, Markdown phase 1 of its texts, and
its facts for the index. The engine remembers each unit by the file's digest, so a file is
compiled once however many builds see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import markdown, model
from ..content.documents import Document, parse_bytes
from ..content.markdown import Fragment
from ..content.validate import check, convert, ids_of
from ..diagnostics import Diagnostic, error, has_errors, warning
from ..evidence.stored import parse_stored_copy
from .facts import Facts, broken, facts_of

UNFINISHED = "unfinished draft: "  # what an unfinished draft's problems start with
# The kinds of file that may be drafts: those whose table has a `draft` field.
DRAFTABLE = frozenset(kind for kind, table in model.TABLES.items() if table.field("draft"))


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
    "stored" or "appearance" for a stored copy); `path` is the file as messages show it. A
    draft with errors of its own is an unfinished draft: its errors are warnings, and it is
    left out of the site (as a file that failed is) until they are fixed."""
    if kind in ("stored", "appearance"):
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
    fragments = {text.key: markdown.parse(text.source, inline=text.inline)
                 for text in texts(record)} if record is not None and kind != "site" else {}
    for text in texts(record) if fragments else ():
        for offset, message in fragments[text.key].problems:
            problems.append(_malformed(text, offset, message))
    unfinished = has_errors(problems) and is_draft(doc)
    if unfinished:
        problems, record = [unfinished_draft(d) for d in problems], None
    if kind == "site" or record is None:
        failed = None if kind == "site" else broken(kind, rel, path, ids_of(doc, stem),
                                                    draft=unfinished)
        return Unit(kind, rel, record, failed, tuple(problems))
    return Unit(kind, rel, record, facts_of(record, fragments), tuple(problems),
                tuple(fragments.items()))


def read_record(kind: str, rel: str, data: bytes, path: str = "") -> model.Record | None:
    """Only a file's typed record (None when it does not convert): for comparing versions
    of a file, which needs neither its Markdown nor its checks."""
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    doc, _ = parse_bytes(data, kind=kind, rel=rel, path=path or rel, stem=stem)
    return convert(doc)[0] if doc is not None else None


def is_draft(doc: Document | None) -> bool:
    """Does the file say `draft: true` (read from the YAML itself, so that a draft whose
    other fields are unfinished is still known as one)?"""
    if doc is None or doc.kind not in DRAFTABLE or doc.node is None or doc.node.kind != "map":
        return False
    draft = doc.node.get("draft")
    return draft is not None and draft.as_bool() is True


def unfinished_draft(d: Diagnostic) -> Diagnostic:
    """An unfinished draft's error, as the warning it is until the draft is published."""
    return warning(d.pos, UNFINISHED + d.message) if d.is_error else d


def texts(record: model.Record | None) -> tuple[model.Text, ...]:
    """A record's Markdown texts."""
    if isinstance(record, model.Claim | model.ClaimTranslation):
        return record.texts
    if isinstance(record, model.Article | model.Page | model.ArticleTranslation
                  | model.PageTranslation | model.Person):
        return (record.body,)
    return ()


def _malformed(text: model.Text, offset: int, message: str) -> Diagnostic:
    return error(text.locate(offset) if offset >= 0 else text.pos, message)
