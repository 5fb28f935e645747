"""One content file's text, parsed: YAML, or Markdown with YAML front matter, into a
`Document` that keeps every value's position. Pure: bytes or text in, document out, so
tests and the preview can feed it text directly."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic, Pos, error
from .values import Text
from .yamlnodes import Node, parse_yaml


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed input file."""

    kind: str  # "site", "claim", "source", "claimant", "article" or "page"
    rel: str  # path relative to the site folder, with '/' (the dependency graph's key)
    path: str  # path as shown in messages (relative to the working directory)
    stem: str  # the file name without its ending: the default id
    node: Node | None  # the YAML (front matter for .md); None when it was empty
    body: Text | None = None  # the Markdown body of a .md file


def parse_bytes(data: bytes, *, kind: str, rel: str, path: str, stem: str
                ) -> tuple[Document | None, list[Diagnostic]]:
    """Decode one file's bytes as UTF-8 and parse it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [error(Pos(path, line, col),
                            "the file is not UTF-8 text: save it as UTF-8 in your editor")]
    return parse_document(text, kind=kind, rel=rel, path=path, stem=stem,
                          markdown=rel.endswith(".md"))


def parse_document(text: str, *, kind: str, rel: str, path: str, stem: str,
                   markdown: bool = False) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a file's text: YAML, or Markdown with YAML front matter."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    body = None
    first_line = 1
    if markdown:
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            return None, [error(Pos(path), "expected front matter: the file must start with a "
                                "'---' line, then the YAML fields, then another '---' line")]
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            return None, [error(Pos(path), "the front matter has no closing '---' line")]
        yaml_text = "\n".join(lines[1:end])
        first_line = 2
        body = Text("\n".join(lines[end + 1:]), Pos(path, end + 2, 1), 1)
    else:
        yaml_text = text
    node, diagnostics = parse_yaml(yaml_text, path, first_line)
    if diagnostics and any(d.is_error for d in diagnostics) and node is None:
        return None, diagnostics
    if node is not None and node.kind != "map":
        return None, [*diagnostics, error(node.pos, "expected the file to be a mapping of "
                                          "fields (lines like 'title: ...')")]
    return Document(kind, rel, path, stem, node, body), diagnostics
