"""`build.py links` against a real HTTP server on loopback (tests/loopback.py)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from loopback import serve
from test_archive import copy_unarchived

from factsite.commands import links as linkcheck

MINIMAL = Path(__file__).resolve().parent / "sites" / "minimal"
FAST = linkcheck.Settings(delay=0.05, timeout=1.0, max_redirects=3, max_wait=0.2)


@pytest.fixture(scope="module")
def server():
    with serve() as running:
        yield running


@pytest.mark.parametrize(("path", "status", "code", "note"), [
    ("/ok", "ok", 200, ""),
    ("/moved", "redirected", 200, "1 redirect(s) (301) to {base}/ok/after-move"),
    ("/moved-to-gone", "dead", 404, "404 Not Found after 1 redirect(s) (302) to "
     "{base}/gone-404"),
    ("/gone-404", "dead", 404, "404 Not Found"),
    ("/gone-410", "dead", 410, "410 Gone"),
    ("/busy", "error", 429, "429 Too Many Requests"),
    ("/slow", "timed out", None, "no answer in 1 s"),
    ("/loop", "error", 302, "too many redirects"),
])
def test_each_answer_is_classified(server, path, status, code, note):
    result = linkcheck.fetch(server.base + path, FAST)
    assert (result.status, result.code, result.note) == (status, code,
                                                         note.format(base=server.base))


def test_a_429_is_asked_again_once_after_retry_after(server):
    waits: list[float] = []
    before = len(server.hits("/busy"))
    linkcheck.fetch(server.base + "/busy", linkcheck.Settings(max_wait=5), sleep=waits.append)
    assert waits == [1.0]  # the server's Retry-After
    assert len(server.hits("/busy")) - before == 2


def test_hosts_are_asked_at_once_but_each_host_politely(server):
    other = server.base.replace("127.0.0.1", "localhost")
    urls = [f"{base}/ok/{name}-{i}" for name, base in (("a", server.base), ("b", other))
            for i in range(3)]
    settings = linkcheck.Settings(delay=0.4, timeout=5)
    started = time.monotonic()
    results = linkcheck.check(urls, settings)
    elapsed = time.monotonic() - started
    assert [r.status for r in results] == ["ok"] * 6
    assert [r.url for r in results] == urls  # in the order asked
    for name in ("a", "b"):
        times = sorted(server.hits(f"/ok/{name}-"))[-3:]
        assert all(later - earlier >= 0.39 for earlier, later in itertools.pairwise(times))
    assert elapsed < 6 * 0.4  # the two hosts were asked side by side, not one after the other


def test_answers_are_cached_for_a_day(server, tmp_path):
    cache = tmp_path / ".cache" / "links.json"
    urls = [server.base + "/ok/cached", server.base + "/gone-410"]
    first = linkcheck.check(urls, FAST, cache)
    asked = len(server.requests)
    again = linkcheck.check(urls, FAST, cache)
    assert len(server.requests) == asked  # nothing asked
    assert [(r.status, r.cached) for r in again] == [("ok", True), ("dead", True)]
    assert [r.checked for r in again] == [r.checked for r in first]
    assert "answered from the cache" in linkcheck.table(again)
    later = linkcheck.check(urls, FAST, cache, now=lambda: time.time() + 25 * 3600)
    assert len(server.requests) == asked + 2 and not any(r.cached for r in later)


def test_a_damaged_cache_is_asked_again(server, tmp_path):
    cache = tmp_path / "links.json"
    cache.write_text("{not json")
    (result,) = linkcheck.check([server.base + "/ok/damaged"], FAST, cache)
    assert result.status == "ok" and not result.cached


def site_linking_to(tmp_path: Path, base: str) -> Path:
    """The minimal site with its sources pointing at the loopback server: the report gone
    but archived, the statement gone for good, and one new source alive."""
    site = tmp_path / "site"
    copy_unarchived(site)
    report = site / "content/sources/report.yaml"
    report.write_text(report.read_text().replace(
        "url: https://example.org/report", f"url: {base}/gone-404/report\n"
        f"archived: {base}/ok/web/20261120000000/report\narchived_on: 2026-11-20"))
    statement = site / "content/sources/statement.yaml"
    statement.write_text(statement.read_text().replace("https://example.org/statement",
                                                       f"{base}/gone-410/statement"))
    (site / "content/sources/moved.yaml").write_text(
        f"title: A page that moved\npublisher: Example\nurl: {base}/moved\n")
    return site


def run_links(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "links", "--delay", "0.05",
                           "--timeout", "2", *args], cwd=site, capture_output=True, text=True,
                          timeout=60)


def test_the_links_command_prints_a_table_and_says_what_to_change(server, tmp_path):
    site = site_linking_to(tmp_path, server.base)
    run = run_links(site)
    assert run.returncode == 1, run.stderr  # the statement is dead with no archived copy
    table = run.stdout.splitlines()
    assert table[0].split() == ["status", "code", "url", "note"]
    rows = {line.split()[2]: line.split()[:2] for line in table[1:-1]}
    assert rows[f"{server.base}/gone-404/report"] == ["dead", "404"]
    assert rows[f"{server.base}/gone-410/statement"] == ["dead", "410"]
    assert rows[f"{server.base}/ok/web/20261120000000/report"] == ["ok", "200"]
    assert rows[f"{server.base}/moved"] == ["redirected", "200"]
    assert table[-1] == "4 links: 1 ok, 1 redirected, 2 dead, 0 timed out, 0 error"
    assert ("content/sources/report.yaml:3:6: warning: the original is gone (404 Not Found) "
            "but the archived copy answers: set 'status: dead' so readers are sent to the "
            "archived copy first") in run.stderr
    assert ("content/sources/statement.yaml:3:6: error: dead link (410 Gone): find an "
            "archived copy (build.py archive) or another address") in run.stderr
    assert (site / ".cache/links.json").is_file()

    asked = len(server.requests)
    again = run_links(site)  # within the day: from the cache, nothing asked
    assert len(server.requests) == asked
    assert again.returncode == 1 and "4 answered from the cache" in again.stdout
    fresh = run_links(site, "--fresh")
    assert len(server.requests) == asked + 5  # four links, one of them redirected once
    assert "from the cache" not in fresh.stdout


def test_a_source_marked_dead_that_answers_again(server, tmp_path):
    site = tmp_path / "site"
    copy_unarchived(site)
    (site / "content/sources/statement.yaml").write_text(
        f"title: Back again\npublisher: Example\nurl: {server.base}/ok/back\nstatus: dead\n"
        f"archived: {server.base}/ok/web/1/back\n")
    run = run_links(site, "--format", "github")
    assert run.returncode == 0, run.stdout + run.stderr
    assert ("::warning file=content/sources/statement.yaml,line=4,col=9::the original answers "
            "again: remove 'status: dead'") in run.stdout


def test_a_build_asks_the_web_nothing(server, tmp_path):
    site = site_linking_to(tmp_path, server.base)
    asked = len(server.requests)
    build_site(site, tmp_path / "public")
    assert len(server.requests) == asked
