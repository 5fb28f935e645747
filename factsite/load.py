"""Stage 1, load: find the site's files and parse each one into positioned YAML.

`read_site` is the only part that touches the disk; `parse_document` is pure (text in,
document out), so tests and the live preview can feed it text directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import htmltext
from .diagnostics import Diagnostic, Pos, did_you_mean, display_path, error, warning
from .model import Asset, StoredCopy, Text
from .yamlnodes import Node, parse_yaml

THEME_DIR = Path(__file__).parent / "theme"

# content folder → (kind, the file endings it holds)
FOLDERS = {
    "claims": ("claim", (".yaml", ".yml", ".md")),
    "sources": ("source", (".yaml", ".yml")),
    "claimants": ("claimant", (".yaml", ".yml")),
    "articles": ("article", (".md",)),
    "pages": ("page", (".md",)),
}
# Files a folder may hold that are not content: a source's stored copy (evidence for
# `check`, read by `read_stored_copy`, never published).
QUIET = {"sources": (".txt", ".html", ".htm")}


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed input file."""

    kind: str  # "site", "claim", "source", "claimant", "article" or "page"
    rel: str  # path relative to the site folder, with '/' (the dependency graph's key)
    path: str  # path as shown in messages (relative to the working directory)
    stem: str  # the file name without its ending: the default id
    node: Node | None  # the YAML (front matter for .md); None when it was empty
    body: Text | None = None  # the Markdown body of a .md file


@dataclass(frozen=True, slots=True)
class Inputs:
    site_dir: Path
    documents: tuple[Document, ...]
    assets: tuple[Asset, ...]
    template_dirs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    failed: frozenset[tuple[str, str]] = frozenset()  # (kind, file stem) of unreadable files
    stored: tuple[StoredCopy, ...] = ()  # the sources' stored copies (evidence, not content)


def read_site(site_dir: Path) -> Inputs:
    """Read site.yaml, content/, static/ and the theme's assets."""
    diagnostics: list[Diagnostic] = []
    documents: list[Document] = []
    failed: set[tuple[str, str]] = set()
    stored: list[StoredCopy] = []

    site_file = site_dir / "site.yaml"
    if not site_file.is_file():
        diagnostics.append(error(Pos(display_path(site_file)),
                                 "site.yaml not found: is --site pointing at the site's folder?"))
    else:
        doc, problems = read_document(site_file, site_dir, "site")
        diagnostics += problems
        if doc:
            documents.append(doc)

    content = site_dir / "content"
    if content.is_dir():
        for entry in sorted(content.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.name not in FOLDERS:
                diagnostics.append(warning(
                    Pos(display_path(entry)),
                    f"'{entry.name}' is not a content folder, so it is ignored"
                    + (did_you_mean(entry.name, FOLDERS) or
                       f"; the folders are: {', '.join(FOLDERS)}"),
                ))
                continue
            kind, endings = FOLDERS[entry.name]
            for path in _files(entry):
                if path.suffix in endings:
                    doc, problems = read_document(path, site_dir, kind)
                    diagnostics += problems
                    if doc:
                        documents.append(doc)
                    else:
                        failed.add((kind, path.stem))
                elif path.suffix in QUIET.get(entry.name, ()):
                    copy, problems = read_stored_copy(path, site_dir)
                    diagnostics += problems
                    stored += [copy] if copy else []
                elif path.name != ".gitkeep":
                    diagnostics.append(warning(
                        Pos(display_path(path)),
                        f"ignored: {entry.name}/ holds {' or '.join(endings)} files"))

    diagnostics += check_stored_copies(stored, documents, failed)
    assets, problems = read_assets(site_dir)
    diagnostics += problems
    template_dirs = (site_dir / "templates", THEME_DIR)
    return Inputs(site_dir, tuple(documents), assets, template_dirs, tuple(diagnostics),
                  frozenset(failed), tuple(stored))


def read_stored_copy(path: Path, site_dir: Path) -> tuple[StoredCopy | None, list[Diagnostic]]:
    """A source's stored copy: plain text, or a saved page whose readable text is taken."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(Pos(shown), f"cannot read the stored copy: {exc.strerror}")]
    if path.suffix == ".txt":
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = None
    else:
        decoded = htmltext.decode(data)
        text = htmltext.extract(decoded) if decoded is not None else None
    if text is None:
        return None, [error(Pos(shown), "the stored copy is not UTF-8 text: save it as UTF-8")]
    return StoredCopy(path.relative_to(site_dir).as_posix(), shown, text), []


def check_stored_copies(stored: list[StoredCopy], documents: list[Document],
                        failed: set[tuple[str, str]]) -> list[Diagnostic]:
    """Each stored copy sits next to its source's file, and a source has at most one."""
    sources = {doc.rel.rsplit(".", 1)[0] for doc in documents if doc.kind == "source"}
    out = []
    for i, copy in enumerate(stored):
        stem = copy.key.rsplit("/", 1)[-1]
        if any(other.key == copy.key for other in stored[:i]):
            out.append(error(Pos(copy.path), f"source '{stem}' has two stored copies; keep "
                             "one, .txt or .html"))
        elif copy.key not in sources and ("source", stem) not in failed:
            out.append(warning(Pos(copy.path), f"a stored copy with no source file: add "
                               f"{stem}.yaml next to it, or remove it"))
    return out


def _files(folder: Path) -> list[Path]:
    """Every file below `folder`, sorted, skipping hidden files and editor backups."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(root) / f for f in files
                if not f.startswith(".") and not f.endswith(("~", ".swp", ".tmp"))]
    return sorted(out)


def read_document(path: Path, site_dir: Path,
                  kind: str) -> tuple[Document | None, list[Diagnostic]]:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(Pos(shown), f"cannot read the file: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [error(Pos(shown, line, col),
                            "the file is not UTF-8 text: save it as UTF-8 in your editor")]
    rel = path.relative_to(site_dir).as_posix()
    return parse_document(text, kind=kind, rel=rel, path=shown, stem=path.stem,
                          markdown=path.suffix == ".md")


def parse_document(text: str, *, kind: str, rel: str, path: str, stem: str,
                   markdown: bool = False) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a file's text: YAML, or Markdown with YAML front matter. Pure."""
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


def read_assets(site_dir: Path) -> tuple[tuple[Asset, ...], list[Diagnostic]]:
    """The theme's assets/ (a site's templates/assets/ overrides a file of the same name),
    then the site's static/ folder, copied as they are."""
    found: dict[str, Path] = {}
    diagnostics: list[Diagnostic] = []
    for theme_assets in (THEME_DIR / "assets", site_dir / "templates" / "assets"):
        if theme_assets.is_dir():
            for path in _files(theme_assets):
                found["assets/" + path.relative_to(theme_assets).as_posix()] = path
    static = site_dir / "static"
    if static.is_dir():
        allowed = (site_dir.resolve(),)
        for path in _files(static):
            real = path.resolve()
            if not any(real.is_relative_to(root) for root in allowed):
                diagnostics.append(error(Pos(display_path(path)),
                                         "this link points outside the site; it is not copied"))
                continue
            found[path.relative_to(static).as_posix()] = path
    assets = []
    for out_path, path in sorted(found.items()):
        try:
            assets.append(Asset(out_path, path.read_bytes()))
        except OSError as exc:
            diagnostics.append(error(Pos(display_path(path)), f"cannot read: {exc.strerror}"))
    return tuple(assets), diagnostics
