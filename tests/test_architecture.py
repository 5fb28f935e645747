"""docs/architecture.md stays true: the stages it lists are `_build`'s steps in that order,
every file and function its walkthroughs name exists, and imports run the way it says."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from factsite import build

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text("utf-8")
NAMED = sorted(set(re.findall(r"`(factsite/[\w/]+\.\w+)(?::([\w.]+))?`", DOC)))

# Which of the engine's packages each may import (besides itself and `diagnostics`): the
# stages run one way, content → evidence → site → render; the engine sits beside them.
ALLOWED = {
    "content": set(),
    "evidence": {"content"},
    "site": {"content", "evidence"},
    "render": {"content", "evidence", "site", "engine.parallel"},
    "publish": set(),
    "engine": {"content", "evidence", "site", "render"},
    "commands": {"build", "content", "evidence", "site", "render", "publish", "engine"},
}


def defined(path: Path, name: str) -> bool:
    """Whether `name` (or `Class.attribute`) is defined at the top of the module."""
    scope: list[ast.stmt] = ast.parse(path.read_text("utf-8")).body
    for part in name.split("."):
        found = None
        for node in scope:
            names = [node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else \
                [t.id for t in getattr(node, "targets", [getattr(node, "target", None)])
                 if isinstance(t, ast.Name)]
            if part in names:
                found = node
        if found is None:
            return False
        scope = getattr(found, "body", [])
    return True


def test_the_doc_names_things_at_all():
    assert len(NAMED) > 20
    assert sum(1 for _, name in NAMED if name) > 15


@pytest.mark.parametrize(("path", "name"), NAMED, ids=[f"{p}:{n}" for p, n in NAMED])
def test_each_file_and_function_the_doc_names_exists(path, name):
    file = ROOT / path
    assert file.exists(), f"docs/architecture.md names {path}, which is not there"
    if name:
        assert defined(file, name), f"docs/architecture.md names {path}:{name}"


def test_the_stages_table_is_build_in_order():
    rows = re.findall(r"^\| (\d+) \| `([\w.]+)` \|", DOC, re.M)
    assert [int(n) for n, _ in rows] == list(range(1, len(rows) + 1))
    source = inspect.getsource(build._build)
    places = [source.find(call + "(") for _, call in rows]
    assert -1 not in places, [call for (_, call), at in zip(rows, places, strict=True)
                             if at == -1]
    assert places == sorted(places), "the table's order is not _build's"


def test_build_reads_as_a_table_of_contents():
    lines = inspect.getsource(build._build).splitlines()
    assert len(lines) <= 40
    assert not any(line.strip().startswith("del ") for line in lines)


def imports(path: Path) -> set[str]:
    """The factsite modules a module imports (relative imports made absolute)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                found.add(".".join([*base, *(node.module or "").split(".")]).rstrip("."))
            elif (node.module or "").startswith("factsite"):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("factsite"))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_one_way(package):
    allowed = {f"factsite.{p}" for p in ALLOWED[package] | {package}} | {"factsite.diagnostics"}
    wrong = {}
    for path in sorted((ROOT / "factsite" / package).glob("*.py")):
        bad = {m for m in imports(path) if not any(m == a or m.startswith(a + ".")
                                                   for a in allowed)}
        bad = {m for m in bad if m != "factsite"}
        if bad:
            wrong[path.name] = sorted(bad)
    assert not wrong
