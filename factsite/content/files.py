"""Stage 1, load: find the site's files and parse each one into positioned YAML.

`scan` is the only part that touches the disk: it reads every file's bytes and hashes
them (enough for a build to see that nothing changed); `parse` and `parse_document` are
pure (text in, document out), so tests and the live preview can feed them text directly.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..diagnostics import Diagnostic, Pos, did_you_mean, display_path, error, warning
from ..evidence import htmltext
from .model import Asset, StoredCopy, Text
from .yamlnodes import Node, parse_yaml

THEME_DIR = Path(__file__).parent.parent / "theme"

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


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """One parsed input file. (Compared and hashed by identity: a file whose bytes did not
    change is parsed once per process, so later stages can remember their work by it.)"""

    kind: str  # "site", "claim", "source", "claimant", "article" or "page"
    rel: str  # path relative to the site folder, with '/' (the dependency graph's key)
    path: str  # path as shown in messages (relative to the working directory)
    stem: str  # the file name without its ending: the default id
    node: Node | None  # the YAML (front matter for .md); None when it was empty
    body: Text | None = None  # the Markdown body of a .md file


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file as read from disk, before parsing."""

    kind: str
    rel: str  # path relative to the site folder, with '/'
    path: str  # path as shown in messages
    stem: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Files:
    """Every input file's bytes and hash: enough to tell whether anything changed."""

    site_dir: Path
    sources: tuple[SourceFile, ...]
    assets: tuple[Asset, ...]
    template_dirs: tuple[Path, ...]
    digests: dict[str, str]  # input file (or asset:path) → hash of its bytes
    diagnostics: tuple[Diagnostic, ...] = ()


class Parsed(NamedTuple):
    """One content file, parsed (or not: `document` is None and `problems` say why)."""

    kind: str
    stem: str
    document: Document | None
    problems: list[Diagnostic]


@dataclass(frozen=True, slots=True)
class Inputs:
    site_dir: Path
    # Parsed one at a time as they are taken (so a big site's YAML trees are never all in
    # memory at once, only each one until its record is made): go through them once.
    documents: Iterator[Parsed]
    assets: tuple[Asset, ...]
    template_dirs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())  # reading, and stored copies
    digests: dict[str, str] = field(default_factory=dict)  # input file → hash of its bytes
    stored: tuple[StoredCopy, ...] = ()  # the sources' stored copies (evidence, not content)


def read_site(site_dir: Path) -> Inputs:
    """Read site.yaml, content/, static/ and the theme's assets, and parse them."""
    return parse(scan(site_dir))


def scan(site_dir: Path) -> Files:
    """Read every input file's bytes (site.yaml, content/, static/, the theme's assets)."""
    diagnostics: list[Diagnostic] = []
    sources: list[SourceFile] = []
    shown_dir = display_path(site_dir)
    prefix = "" if shown_dir == "." else shown_dir.rstrip("/") + "/"

    real_site = os.path.realpath(site_dir)

    def add(rel: str, kind: str) -> None:
        path = os.path.join(site_dir, rel)
        if os.path.islink(path) and os.path.commonpath(
                [real_site, os.path.realpath(path)]) != real_site:
            # content arrives in pull requests: a link to ~/.ssh or /etc is not published
            diagnostics.append(error(Pos(prefix + rel),
                                     "this link points outside the site; it is not read"))
            return
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            diagnostics.append(error(Pos(prefix + rel), f"cannot read the file: {exc.strerror}"))
            return
        stem = os.path.splitext(os.path.basename(rel))[0]
        sources.append(SourceFile(kind, rel, prefix + rel, stem, data))

    site_file = site_dir / "site.yaml"
    if not site_file.is_file():
        diagnostics.append(error(Pos(display_path(site_file)),
                                 "site.yaml not found: is --site pointing at the site's folder?"))
    else:
        add("site.yaml", "site")
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
            for rel in (f"content/{entry.name}/{f}" for f in _relative_files(entry)):
                ending = os.path.splitext(rel)[1]
                if ending in endings:
                    add(rel, kind)
                elif ending in QUIET.get(entry.name, ()):
                    add(rel, "stored")
                elif not rel.endswith("/.gitkeep"):
                    diagnostics.append(warning(
                        Pos(prefix + rel),
                        f"ignored: {entry.name}/ holds {' or '.join(endings)} files"))
    assets, problems = read_assets(site_dir)
    diagnostics += problems
    digests = {f.rel: hashlib.sha1(f.data).hexdigest() for f in sources}
    digests.update({f"asset:{a.path}": hashlib.sha1(a.data).hexdigest() for a in assets})
    return Files(site_dir, tuple(sources), assets, (site_dir / "templates", THEME_DIR),
                 digests, tuple(diagnostics))


def parse(files: Files, memo: dict | None = None) -> Inputs:
    """Parse every file read: YAML, or Markdown with YAML front matter (each one as it is
    taken from `documents`). With `memo` (the live preview's, kept between its rebuilds), a
    file whose bytes did not change is not parsed again: the same Document comes back, so
    later stages can remember by it too."""
    diagnostics = list(files.diagnostics)
    stored: list[StoredCopy] = []
    for source in files.sources:
        if source.kind == "stored":
            copy, problems = _remembered(memo, parse_stored_copy, source)
            stored += [copy] if copy else []
            diagnostics += problems
    diagnostics += check_stored_copies(stored, files.sources)
    pending = [source for source in reversed(files.sources) if source.kind != "stored"]
    return Inputs(files.site_dir, _parse_each(pending, memo), files.assets, files.template_dirs,
                  tuple(diagnostics), files.digests, tuple(stored))


def _parse_each(pending: list[SourceFile], memo: dict | None) -> Iterator[Parsed]:
    """Parse the files in `pending` from its end, letting go of each one's bytes as it is
    parsed (once the caller has let go of the `Files`, a big site's bytes go one by one)."""
    while pending:
        source = pending.pop()
        yield Parsed(source.kind, source.stem, *_remembered(memo, parse_file, source))


def _remembered(memo: dict | None, parse: Callable[[SourceFile], Any],
                source: SourceFile) -> Any:
    """parse(source), or what it gave for the same file and bytes before."""
    if memo is None:
        return parse(source)
    if source not in memo:
        memo[source] = parse(source)
    return memo[source]


def _relative_files(folder: Path | str) -> list[str]:
    """Every file below `folder`, as paths relative to it with '/', sorted, skipping hidden
    files and editor backups. (Strings, not Path objects: a big site has tens of thousands,
    and this runs on every build, even one that finds nothing to do.)"""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = os.path.relpath(root, folder).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        out += [prefix + f for f in files
                if not f.startswith(".") and not f.endswith(("~", ".swp", ".tmp"))]
    return sorted(out)


def _files(folder: Path) -> list[Path]:
    """The same files, as paths."""
    return [folder / rel for rel in _relative_files(folder)]


def parse_stored_copy(source: SourceFile) -> tuple[StoredCopy | None, list[Diagnostic]]:
    """A source's stored copy: plain text, or a saved page whose readable text is taken."""
    if source.rel.endswith(".txt"):
        try:
            text = source.data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = None
    else:
        decoded = htmltext.decode(source.data)
        text = htmltext.extract(decoded) if decoded is not None else None
    if text is None:
        return None, [error(Pos(source.path), "the stored copy is not UTF-8 text: save it as "
                            "UTF-8")]
    return StoredCopy(source.rel, source.path, text), []


def check_stored_copies(stored: list[StoredCopy], sources: Iterable[SourceFile]
                        ) -> list[Diagnostic]:
    """Each stored copy sits next to its source's file, and a source has at most one."""
    files = {source.rel.rsplit(".", 1)[0] for source in sources if source.kind == "source"}
    out = []
    seen: set[str] = set()
    for copy in stored:
        stem = copy.key.rsplit("/", 1)[-1]
        if copy.key in seen:
            out.append(error(Pos(copy.path), f"source '{stem}' has two stored copies; keep "
                             "one, .txt or .html"))
            continue
        seen.add(copy.key)
        if copy.key not in files:
            out.append(warning(Pos(copy.path), f"a stored copy with no source file: add "
                               f"{stem}.yaml next to it, or remove it"))
    return out


def read_document(path: Path, site_dir: Path, kind: str) -> tuple[Document | None,
                                                                  list[Diagnostic]]:
    """Read and parse one file."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(Pos(shown), f"cannot read the file: {exc.strerror}")]
    return parse_file(SourceFile(kind, path.relative_to(site_dir).as_posix(), shown, path.stem,
                                 data))


def parse_file(source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
    """Decode one file's bytes as UTF-8 and parse it."""
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = source.data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [error(Pos(source.path, line, col),
                            "the file is not UTF-8 text: save it as UTF-8 in your editor")]
    return parse_document(text, kind=source.kind, rel=source.rel, path=source.path,
                          stem=source.stem, markdown=source.rel.endswith(".md"))


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
