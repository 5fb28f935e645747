"""`build.py archive` against a stand-in for the Internet Archive on loopback, and the
round-trip edit of source files and of claims' appearances: only `archived` and
`archived_on` may change."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT
from loopback import serve

from factsite.build import Options, build
from factsite.commands import archive

MINIMAL = Path(__file__).resolve().parent / "sites" / "minimal"
SNAP = archive.Snapshot("https://web.archive.org/web/20261120101010/https://example.org/r",
                        dt.date(2026, 11, 20))

TRICKY = """\
# A source with everything a person might write
title: "ICE Put 120 Cubans on a Flight"   # the headline, quoted
publisher: 'VICE News'
url: https://example.org/r  # the original
# a comment line of its own
kind: news
notes: >-
  Summarises the Miami Herald's reporting and adds a statement an ICE spokesperson
  gave VICE News: a long line that must not be re-wrapped by the tool, whatever its width is.
tags_like: [a, "b c"]
"""
LISTS = {2: "people:\n- one\n- two\n", 4: "people:\n  - one\n  - two\n"}


def copy_unarchived(site: Path) -> None:
    """The minimal site with no archived copies yet: what `archive` is for."""
    shutil.copytree(MINIMAL, site)
    for source in (site / "content/sources").glob("*.yaml"):
        source.write_text("".join(line for line in source.read_text().splitlines(True)
                                  if not line.startswith(("archived:", "archived_on:"))))


def with_appearances(site: Path, base: str = "https://example.org",
                     wayback: str = "https://web.archive.org") -> None:
    """Places where the minimal site's claims were made: in flight.yaml three, of which
    only the second (its url on line 10) has no archived copy; in window.md's front matter
    two with none (their urls on lines 5 and 8). The paths are the loopback server's."""
    flight = site / "content/claims/flight.yaml"
    flight.write_text(flight.read_text().replace("claimant: ice\n", f"""claimant: ice
appearances:
  - where: ICE's post announcing the flight  # the first
    url: {base}/ok/posts/flight
    date: 2026-11-17
    archived: {wayback}/web/20261117120000/https://example.org/posts/flight
    archived_on: 2026-11-17
  - where: A repost by a supporter
    url: {base}/gone-404/posts/repost   # deleted since?
    date: 2026-11-18
    claimant: A supporter
  - where: A televised briefing
    url: {base}/ok/briefing
    archived: {wayback}/web/20261119000000/https://example.org/briefing
""", 1))
    window = site / "content/claims/window.md"
    window.write_text(window.read_text().replace("claimant: VICE News\n", f"""claimant: VICE News
appearances:
  - url: {base}/ok/vice/window
    date: 2026-11-18
  - where: A post quoting it
    url: {base}/gone-410/posts/window
""", 1))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:1] in "+-"]


@pytest.mark.parametrize("text", [TRICKY, TRICKY + LISTS[2], TRICKY + LISTS[4],
                                  *(p.read_text() for p in sorted(
                                      (ROOT / "content/sources").glob("*.yaml")))])
def test_only_the_two_fields_are_added(text):
    if not re.search(r"^url:", text, re.MULTILINE):  # (no_url: is not a url)
        text += "url: https://example.org/r\n"
    after = archive.with_archive(text, SNAP)
    assert after is not None
    assert changed_lines(text, after) == [f"+ archived: {SNAP.url}", "+ archived_on: 2026-11-20"]
    lines = after.splitlines()  # under url (and the comment lines that follow it)
    above = [line for line in lines[:lines.index(f"archived: {SNAP.url}")]
             if not line.startswith("#")]
    assert above[-1].startswith("url:")


def test_an_existing_archived_on_is_replaced_not_repeated():
    text = "title: T\npublisher: P\nurl: https://example.org/r\narchived_on: 2020-01-01\n"
    after = archive.with_archive(text, SNAP)
    assert sorted(changed_lines(text, after)) == [
        f"+ archived: {SNAP.url}", "+ archived_on: 2026-11-20", "- archived_on: 2020-01-01"]


@pytest.mark.parametrize("text", [
    "title: T\npublisher: P\nurl: https://example.org/r\nlist:\n   - three spaces\n",
    "title:   spaced   out\nurl: https://example.org/r\n",
    "title: T\r\npublisher: P\r\nurl: https://example.org/r\r\n",
])
def test_a_file_whose_layout_would_change_is_left_alone(text):
    assert archive.with_archive(text, SNAP) is None


FLIGHT = (ROOT / "tests/sites/minimal/content/claims/flight.yaml").read_text().replace(
    "claimant: ice\n", """claimant: ice
appearances:
  - where: A post  # the first
    url: https://example.org/a
    archived: https://web.archive.org/web/2026/https://example.org/a
  - where: A repost
    url: https://example.org/r   # the second
    date: 2026-11-18
  - where: A briefing
    url: https://example.org/c
    archived_on: 2026-11-01
    archived: https://web.archive.org/web/2026/https://example.org/c
""")
WINDOW = (ROOT / "tests/sites/minimal/content/claims/window.md").read_text().replace(
    "claimant: VICE News\n", "claimant: VICE News\nappeared:\n  where: A post\n"
    "  url: https://example.org/r\n")
ADDED = [f"archived: {SNAP.url}", "archived_on: 2026-11-20"]


@pytest.mark.parametrize(("text", "at", "markdown", "url_line"), [
    (FLIGHT, ("appearances", 1), False, 8),
    ("claim: C\nappearances:\n- where: A post\n  url: https://example.org/a\n- where: A repost\n"
     "  url: https://example.org/r\n  date: 2026-11-18\nrating: accurate\n", ("appearances", 1),
     False, 6),
    ("---\n" + FLIGHT.replace("\nanalysis: |", "\n---\nThe body.\nanalysis: |"),
     ("appearances", 1), True, 9),
    (WINDOW, ("appeared",), True, 6),
])
def test_an_appearance_gets_the_two_fields_under_its_url(text, at, markdown, url_line):
    after = archive.with_archive(text, SNAP, at, "https://example.org/r", markdown)
    assert after is not None
    lines, url = after.splitlines(True), after.splitlines()[url_line - 1]
    assert url.lstrip(" -").startswith("url: https://example.org/r")
    indent = " " * url.index("url:")  # as its sibling fields are
    assert lines[url_line:url_line + 2] == [f"{indent}{line}\n" for line in ADDED]
    assert "".join(lines[:url_line] + lines[url_line + 2:]) == text  # nothing else changed


@pytest.mark.parametrize(("text", "at", "url"), [
    (FLIGHT, ("appearances", 1), "https://example.org/a"),  # not the url of that place
    (FLIGHT, ("appearances", 5), "https://example.org/r"),  # no such place
    ("claim: C\nappearances:\n- where: w\n  url: https://example.org/r\n# the end\n",
     ("appearances", 0), "https://example.org/r"),  # they would go under that comment
    ("claim: C\nappearances: [{url: 'https://example.org/r'}]\n", ("appearances", 0),
     "https://example.org/r"),
])
def test_an_appearance_that_cannot_be_edited_in_place_is_left_alone(text, at, url):
    assert archive.with_archive(text, SNAP, at, url) is None


@pytest.fixture(scope="module")
def server():
    with serve() as running:
        yield running


def site_for_archive(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    copy_unarchived(site)
    report = site / "content/sources/report.yaml"
    report.write_text(report.read_text().replace("published: 2026-11-18",
                                                 "published: 2026-11-18\naccessed: 2026-11-19"))
    (site / "content/sources/kept.yaml").write_text(
        "title: Already archived\npublisher: Example\nurl: https://example.org/kept\n"
        "archived: https://web.archive.org/web/2020/https://example.org/kept\n")
    return site


def run_archive(site: Path, server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "archive",
         "--available-endpoint", f"{server.base}/wayback/available",
         "--save-endpoint", f"{server.base}/save/", "--save-interval", "0.5", *args],
        cwd=site, capture_output=True, text=True, timeout=60)


def test_archive_writes_the_nearest_snapshot_and_saves_with_save(server, tmp_path):
    site = site_for_archive(tmp_path)
    server.snapshots["https://example.org/report"] = "20261120101010"
    before = {p.name: p.read_text() for p in (site / "content/sources").iterdir()}
    asked = len(server.requests)

    run = run_archive(site, server)
    assert run.returncode == 0, run.stdout + run.stderr
    snapshot = "https://web.archive.org/web/20261120101010/https://example.org/report"
    assert run.stdout.splitlines() == [
        f"content/sources/report.yaml: found {snapshot} (2026-11-20)",
        "content/sources/statement.yaml: no snapshot; run with --save to make one"]
    questions = [parse_qs(urlsplit(path).query) for _, path in server.requests[asked:]
                 if path.startswith("/wayback/available")]
    assert questions == [{"url": ["https://example.org/report"], "timestamp": ["20261119"]},
                         {"url": ["https://example.org/statement"]}]  # nearest to accessed
    report = (site / "content/sources/report.yaml").read_text()
    assert changed_lines(before["report.yaml"], report) == [
        f"+ archived: {snapshot}", "+ archived_on: 2026-11-20"]
    assert (site / "content/sources/statement.yaml").read_text() == before["statement.yaml"]
    assert (site / "content/sources/kept.yaml").read_text() == before["kept.yaml"]

    saved = run_archive(site, server, "--save")
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert server.saved == ["https://example.org/statement"]
    statement = (site / "content/sources/statement.yaml").read_text()
    assert changed_lines(before["statement.yaml"], statement) == [
        f"+ archived: {server.base}/web/20261125093000/https://example.org/statement",
        "+ archived_on: 2026-11-25"]
    result = build(Options(site_dir=site, write=False))
    assert result.ok, result.diagnostics

    again = run_archive(site, server)
    assert again.stdout.strip() == "every source and appearance with a url has an archived copy"


def test_saves_are_spaced_and_a_429_stops_them(server, tmp_path):
    site = tmp_path / "site"
    copy_unarchived(site)
    server.snapshots.clear()
    for i in range(3):
        (site / f"content/sources/extra-{i}.yaml").write_text(
            f"title: Extra {i}\npublisher: Example\nurl: https://example.org/extra-{i}\n")
    before = len(server.hits("/save/"))
    run = run_archive(site, server, "--save")
    assert run.returncode == 0, run.stdout
    times = server.hits("/save/")[before:]
    assert len(times) == 5  # three extras, the report and the statement
    assert all(b - a >= 0.45 for a, b in itertools.pairwise(times))

    site2 = tmp_path / "busy"
    copy_unarchived(site2)
    server.busy_saves = True
    try:
        before = len(server.hits("/save/"))
        busy = run_archive(site2, server, "--save")
    finally:
        server.busy_saves = False
    assert busy.returncode == 1
    assert "content/sources/report.yaml: the Archive asked us to slow down (429); run again " \
        "later" in busy.stdout
    assert len(server.hits("/save/")) - before == 1  # no second save after the 429
    assert "archived" not in (site2 / "content/sources/statement.yaml").read_text()


def test_a_file_that_cannot_keep_its_layout_is_reported_not_changed(server, tmp_path):
    site = tmp_path / "site"
    copy_unarchived(site)
    odd = site / "content/sources/statement.yaml"
    odd.write_text("title:    Statement by an ICE spokesperson\npublisher: ICE\n"
                   "url: https://example.org/statement\n")
    server.snapshots["https://example.org/statement"] = "20261121000000"
    text = odd.read_text()
    run = run_archive(site, server)
    assert run.returncode == 1
    assert ("content/sources/statement.yaml: found https://web.archive.org/web/20261121000000/"
            "https://example.org/statement, but the file cannot be changed without changing its "
            "layout; add by hand: archived: https://web.archive.org/web/20261121000000/"
            "https://example.org/statement and archived_on: 2026-11-21") in run.stdout
    assert odd.read_text() == text


def test_archive_as_json_is_json_alone(server, tmp_path):
    site = site_for_archive(tmp_path)
    with_appearances(site)
    server.snapshots.clear()
    server.snapshots["https://example.org/report"] = "20261120101010"
    server.snapshots["https://example.org/gone-410/posts/window"] = "20261118090000"
    run = run_archive(site, server, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)  # nothing else on stdout
    snapshot = "https://web.archive.org/web/20261120101010/https://example.org/report"
    window = "https://web.archive.org/web/20261118090000/https://example.org/gone-410/posts/window"
    none = {"outcome": "no snapshot", "how": None, "archived": None, "archived_on": None,
            "message": "no snapshot; run with --save to make one"}
    assert data == {
        "sources": [
            {"file": "content/sources/report.yaml", "url": "https://example.org/report",
             "outcome": "written", "how": "found", "archived": snapshot,
             "archived_on": "2026-11-20", "message": f"found {snapshot} (2026-11-20)"},
            {"file": "content/sources/statement.yaml", "url": "https://example.org/statement",
             **none}],
        "appearances": [
            {"file": "content/claims/flight.yaml", "line": 10, "claim": "flight",
             "appearance": 2, "url": "https://example.org/gone-404/posts/repost", **none},
            {"file": "content/claims/window.md", "line": 5, "claim": "window", "appearance": 1,
             "url": "https://example.org/ok/vice/window", **none},
            {"file": "content/claims/window.md", "line": 8, "claim": "window", "appearance": 2,
             "url": "https://example.org/gone-410/posts/window", "outcome": "written",
             "how": "found", "archived": window, "archived_on": "2026-11-18",
             "message": f"found {window} (2026-11-18)"}],
        "changed": ["content/sources/report.yaml", "content/claims/window.md"],
        "problems": []}

    offline = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "archive", "--format", "json",
         "--available-endpoint", "http://archive.invalid/wayback/available"],
        cwd=site, capture_output=True, text=True, timeout=60)
    assert offline.returncode == 1
    (failed,) = json.loads(offline.stdout)["sources"]  # the statement, still unarchived
    assert failed["outcome"] == "failed"
    assert failed["message"].startswith("could not ask the Archive: ")


def test_archive_writes_into_the_appearances_that_have_no_copy(server, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)  # its sources are archived already
    with_appearances(site)
    for path in ("gone-404/posts/repost", "ok/vice/window", "gone-410/posts/window"):
        server.snapshots[f"https://example.org/{path}"] = "20261118090000"
    claims = site / "content/claims"
    before = {p.name: p.read_text() for p in claims.iterdir()}
    asked = len(server.requests)

    run = run_archive(site, server)
    assert run.returncode == 0, run.stdout + run.stderr
    wayback = "https://web.archive.org/web/20261118090000/https://example.org"
    assert run.stdout.splitlines() == [  # at the url's line (window.md's second moved down)
        f"content/claims/flight.yaml:10: found {wayback}/gone-404/posts/repost (2026-11-18)",
        f"content/claims/window.md:5: found {wayback}/ok/vice/window (2026-11-18)",
        f"content/claims/window.md:10: found {wayback}/gone-410/posts/window (2026-11-18)"]
    questions = [parse_qs(urlsplit(path).query) for _, path in server.requests[asked:]]
    assert [q.get("timestamp") for q in questions] == [["20261118"], ["20261118"], None]

    flight = (claims / "flight.yaml").read_text().splitlines(True)
    assert flight[9:12] == [
        "    url: https://example.org/gone-404/posts/repost   # deleted since?\n",
        f"    archived: {wayback}/gone-404/posts/repost\n", "    archived_on: 2026-11-18\n"]
    assert "".join(flight[:10] + flight[12:]) == before["flight.yaml"]
    window = (claims / "window.md").read_text().splitlines(True)
    assert window[4:7] == ["  - url: https://example.org/ok/vice/window\n",
                           f"    archived: {wayback}/ok/vice/window\n",
                           "    archived_on: 2026-11-18\n"]
    assert window[9:12] == ["    url: https://example.org/gone-410/posts/window\n",
                            f"    archived: {wayback}/gone-410/posts/window\n",
                            "    archived_on: 2026-11-18\n"]
    assert "".join(window[:5] + window[7:10] + window[12:]) == before["window.md"]

    assert build(Options(site_dir=site, write=False)).ok
    check = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=site,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stderr + check.stdout
    again = run_archive(site, server)
    assert again.stdout.strip() == "every source and appearance with a url has an archived copy"
