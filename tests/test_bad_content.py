"""The bad-content suite: one folder in tests/bad/ per kind of mistake a person can make.

Each case folder holds only the files that differ from the valid site in
tests/sites/minimal/, laid over a copy of it (a file named `<name>.delete` deletes
`<name>`), and `expect.txt`: the diagnostic lines the command line must print, exactly,
each `path:line:col: severity: message` with paths relative to the site folder. A case
whose mistake is only a warning holds `args.txt` with `--strict`, so that it must still be
refused (its lines then print as errors).

For each case: build the good site, keep a snapshot of public/, lay the overlay on, then
`build` and `check` must both exit 1, print exactly the expected diagnostics, never a
traceback, finish quickly, and leave public/ byte-for-byte and mtime-for-mtime as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
BUILD_PY = TESTS.parent / "build.py"
MINIMAL = TESTS / "sites" / "minimal"
BAD = TESTS / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir()) if BAD.is_dir() else []

EXPECT = "expect.txt"
ARGS = "args.txt"  # extra command-line arguments for the case, like --strict
DELETE = ".delete"
TIME_LIMIT = 10.0  # seconds for one run; the billion-laughs case must be refused well within
DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (error|warning): ")
COMMANDS = ("build", "check")

Snapshot = dict[str, tuple[bytes | None, int]]


def run_cli(command: str, site: Path, *args: str) -> tuple[int, str, str, float]:
    """`build.py COMMAND --site .` in the site folder: (exit code, stdout, stderr, seconds)."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(BUILD_PY), command, "--site", ".", *args],
        cwd=site, capture_output=True, text=True, encoding="utf-8", errors="replace",
        timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started


def apply_overlay(overlay: Path, site: Path) -> None:
    """Copy every file of the case over the site; `<name>.delete` deletes `<name>`."""
    for path in sorted(overlay.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(overlay)
        if rel.as_posix() in (EXPECT, ARGS):
            continue
        if rel.name.endswith(DELETE):
            target = site / rel.parent / rel.name.removesuffix(DELETE)
            assert target.is_file(), f"{rel}: there is no {target.relative_to(site)} to delete"
            target.unlink()
            continue
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())  # bytes as they are: some cases are not UTF-8


def snapshot(folder: Path) -> Snapshot:
    """Every file and folder below `folder`: (its bytes, or None for a folder; mtime_ns)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        data = None if path.is_dir() else path.read_bytes()
        out[path.relative_to(folder).as_posix()] = (data, stat.st_mtime_ns)
    return out


def expected_lines(case: str) -> list[str]:
    text = (BAD / case / EXPECT).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip()]


def diagnostics(stderr: str) -> list[str]:
    """The first line of each problem the command line printed (excerpts left out)."""
    return [line for line in stderr.splitlines() if DIAGNOSTIC.match(line)]


@dataclass
class Outcome:
    """One case, run once and shared by the tests that judge it."""

    case: str
    before: Snapshot  # public/ from the good build
    runs: dict[str, tuple[int, str, str, float]]  # command → exit code, stdout, stderr, seconds
    after: dict[str, Snapshot]  # command → public/ after it ran

    def shown(self, command: str) -> str:
        _, out, err, _ = self.runs[command]
        return f"--- {command} stdout ---\n{out}\n--- {command} stderr ---\n{err}"


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal site, built once: each case starts from a copy of it, public/ included."""
    site = tmp_path_factory.mktemp("minimal") / "site"
    shutil.copytree(MINIMAL, site)
    code, _, err, _ = run_cli("build", site)
    assert code == 0, f"the minimal site does not build:\n{err}"
    assert diagnostics(err) == [], err
    return site


_outcomes: dict[str, Outcome] = {}


@pytest.fixture
def outcome(request: pytest.FixtureRequest, built_minimal: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    case = request.param
    if case not in _outcomes:
        site = tmp_path_factory.mktemp(case) / "site"
        shutil.copytree(built_minimal, site)
        public = site / "public"
        before = snapshot(public)
        assert "index.html" in before
        apply_overlay(BAD / case, site)
        args_file = BAD / case / ARGS
        args = args_file.read_text("utf-8").split() if args_file.is_file() else []
        runs, after = {}, {}
        for command in COMMANDS:
            runs[command] = run_cli(command, site, *args)
            after[command] = snapshot(public)
        _outcomes[case] = Outcome(case, before, runs, after)
    return _outcomes[case]


def test_minimal_site_is_clean(built_minimal: Path) -> None:
    code, _, err, _ = run_cli("check", built_minimal)
    assert code == 0, err
    assert diagnostics(err) == [], err
    assert "0 errors, 0 warnings" in err
    assert (built_minimal / "public" / "index.html").is_file()


def test_every_case_has_an_expectation() -> None:
    assert len(CASES) >= 25
    for case in CASES:
        assert expected_lines(case), f"tests/bad/{case}/{EXPECT} is empty"
        for line in expected_lines(case):
            assert DIAGNOSTIC.match(line), f"tests/bad/{case}/{EXPECT}: not a diagnostic: {line}"
        files = [p for p in (BAD / case).rglob("*") if p.is_file() and p.name not in (EXPECT,
                                                                                    ARGS)]
        assert files, f"tests/bad/{case} changes nothing"


@pytest.mark.parametrize("outcome", CASES, indirect=True)
def test_refused_with_the_expected_problems(outcome: Outcome) -> None:
    """Exit 1, every expected line, no traceback, quickly, and public/ untouched."""
    expected = expected_lines(outcome.case)
    for command in COMMANDS:
        code, out, err, seconds = outcome.runs[command]
        shown = outcome.shown(command)
        assert outcome.after[command] == outcome.before, f"{command} changed public/\n{shown}"
        assert "Traceback" not in out + err, shown
        assert "internal error" not in err, shown
        assert seconds < TIME_LIMIT, f"{command} took {seconds:.1f} s\n{shown}"
        assert code == 1, shown
        missing = [line for line in expected if line not in diagnostics(err)]
        assert not missing, "not printed:\n" + "\n".join(missing) + "\n" + shown


@pytest.mark.parametrize("outcome", CASES, indirect=True)
def test_reports_nothing_else(outcome: Outcome) -> None:
    """No follow-on errors: a broken file's mistake is reported once, where it is, and not
    again as 'unknown' wherever the file is referenced."""
    expected = expected_lines(outcome.case)
    for command in COMMANDS:
        got = diagnostics(outcome.runs[command][2])
        extra = [line for line in got if line not in expected]
        assert not extra, "also printed:\n" + "\n".join(extra) + "\n" + outcome.shown(command)
        assert got == expected, outcome.shown(command)
