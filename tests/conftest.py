import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from factsite.build import Options, build

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


# The shared folder (the seed report, the corpora) every developer and CI run has beside
# the project; FACTSITE_SHARED names another (a clone kept elsewhere).
SHARED = Path(os.environ.get("FACTSITE_SHARED") or ROOT.parent / "shared")


def require(thing: Path | str | None, how: str) -> None:
    """Skip a test whose real tool is missing, saying how to install it; under CI=true a
    missing tool fails the run instead, so CI can never pass by skipping."""
    present = thing is not None and (shutil.which(thing) if isinstance(thing, str)
                                     else Path(thing).exists())
    if present:
        return
    message = f"{thing} is not installed: {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` with `new` in a file; `old` must be there (a test's edit that changes
    nothing would test nothing)."""
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new))


def spanish_only(site: Path) -> None:
    """A copy of the example made a site in Spanish alone: its own language es, and no
    other (its `languages` and the files translating into Spanish gone)."""
    path = site / "site.yaml"
    text = re.sub(r"^languages:.*\n(?:(?:[ -].*)?\n)*", "", path.read_text(), flags=re.M)
    assert "language: en" in text and "languages:" not in text
    path.write_text(text.replace("language: en", "language: es"))
    for translation in (site / "content").glob("*/*.es.*"):
        translation.unlink()


def fill(path: Path, values: list[tuple[str, str]]) -> None:
    """Fill in a scaffolded file: each (old, new) replaced once; each old must be there."""
    text = path.read_text()
    for old, new in values:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text)


def copy_example(dest: Path, base_url: str | None = None) -> Path:
    """The example site (site.yaml, content/, static/) copied to dest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "site.yaml", dest / "site.yaml")
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "static", dest / "static")
    if base_url:
        text = (dest / "site.yaml").read_text()
        (dest / "site.yaml").write_text(text.replace("base_url: https://example.org/",
                                                     f"base_url: {base_url}"))
    return dest


def site_index(site: Path, drafts: bool = False):
    """The index and the plan of a site, made by the stages themselves (no engine)."""
    from factsite.content.files import scan
    from factsite.render.kinds import plan
    from factsite.render.outputs import Scope
    from factsite.site.index import make_index
    from factsite.site.units import compile_file

    files = scan(site)
    units = {rel: compile_file(f.kind, rel, f.path, f.read()) for rel, f in files.inputs.items()}
    facts = {rel: u.facts for rel, u in units.items() if u.facts is not None}
    stored = {rel: f.path for rel, f in files.inputs.items() if f.kind == "stored"}
    index = make_index(units["site.yaml"].record, facts, stored, drafts)
    return index, plan(Scope(index, frozenset(files.assets), site))


def build_site(site: Path, out: Path, **kw):
    result = build(Options(site_dir=site, out_dir=out, **kw))
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return result


@pytest.fixture(scope="session")
def example_public(tmp_path_factory) -> Path:
    """The bundled example site, built once for the session."""
    out = tmp_path_factory.mktemp("example") / "public"
    build_site(ROOT, out)
    return out


class Links(HTMLParser):
    """Every href and src of a page, and every id in it."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def page_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def internal_target(out: Path, base_path: str, url: str) -> tuple[Path | None, str]:
    """The file a root-relative URL lands on (None when it leaves base_path), and its
    fragment."""
    parts = urlsplit(url)
    if not parts.path.startswith(base_path):
        return None, parts.fragment
    rel = parts.path[len(base_path):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return out / rel, parts.fragment


def broken_links(out: Path, base_path: str = "/") -> list[str]:
    """Every internal link in out/ that does not resolve to a file (and id)."""
    problems = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(out.rglob("*.html")):
        links = page_links(page)
        ids[page] = links.ids
    for page in sorted(ids):
        for url in page_links(page).links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            if not url.startswith("/") and not url.startswith("#"):
                problems.append(f"{page.relative_to(out)}: relative link {url!r}")
                continue
            if url.startswith("#"):
                target, fragment = page, url[1:]
            else:
                target, fragment = internal_target(out, base_path, url)
            if target is None or not target.is_file():
                problems.append(f"{page.relative_to(out)}: {url} -> no such file")
            elif fragment and target.suffix == ".html" and fragment not in ids[target]:
                problems.append(f"{page.relative_to(out)}: {url} -> no id {fragment!r}")
    return problems
