"""`build.py links` against a real HTTP server on loopback (tests/loopback.py)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, build_site, edit
from loopback import serve
from test_archive import copy_unarchived, with_appearances

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
    ("/slow", "unreachable", None, "timed out: no answer in 1 s"),
    ("/server-error", "error", 500, "500 Internal Server Error"),
    ("/loop", "error", 302, "too many redirects"),
])
def test_each_answer_is_classified(server, path, status, code, note):
    result = linkcheck.fetch(server.base + path, FAST)
    assert (result.status, result.code, result.note) == (status, code,
                                                         note.format(base=server.base))


def closed_port() -> str:
    """An address on loopback where nothing listens: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(("url", "note"), [
    (closed_port() + "/report", "connection refused"),
    ("http://no-such-host.invalid/report", "name not resolved ("),  # .invalid never resolves
])
def test_no_answer_is_told_apart_from_an_answer(url, note):
    result = linkcheck.fetch(url, FAST)
    assert (result.status, result.code, result.answered) == ("unreachable", None, False)
    assert result.note.startswith(note)


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
    assert table[-1] == "4 links: 1 ok, 1 redirected, 2 dead, 0 error, 0 unreachable"
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
    cached = next(line for line in again.stdout.splitlines() if "/gone-410/" in line)
    assert re.search(r"410 Gone \(cached, asked \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$", cached)
    assert re.search(r"statement.yaml:3:6: error: dead link \(410 Gone; cached, asked "
                     r"\d{4}-\d\d-\d\dT[\d:]+Z\)", again.stderr)
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


def site_offline(tmp_path: Path, base: str) -> Path:
    """The minimal site as a machine without the network sees it: the report's host does
    not resolve, its archived copy's port refuses; the statement is gone (a real 404) and
    its archived copy answers 500."""
    site = tmp_path / "site"
    copy_unarchived(site)
    report = site / "content/sources/report.yaml"
    report.write_text(report.read_text().replace(
        "url: https://example.org/report", "url: http://news.invalid/report\n"
        f"archived: {closed_port()}/web/20261120000000/report\narchived_on: 2026-11-20"))
    statement = site / "content/sources/statement.yaml"
    statement.write_text(statement.read_text().replace(
        "url: https://example.org/statement", f"url: {base}/gone-404/statement\n"
        f"archived: {base}/server-error/statement"))
    return site


def test_links_that_could_not_be_checked_are_warnings_and_asked_again(server, tmp_path):
    site = site_offline(tmp_path, server.base)
    run = run_links(site)
    assert run.returncode == 1, run.stderr  # the 404 with no live archived copy
    assert ("content/sources/report.yaml:3:6: warning: could not check the link, no answer: "
            "name not resolved (") in run.stderr
    assert ("content/sources/report.yaml:4:11: warning: could not check the archived copy, "
            "no answer: connection refused; is this machine offline?") in run.stderr
    assert ("content/sources/statement.yaml:3:6: error: dead link (404 Not Found)"
            in run.stderr)
    assert ("content/sources/statement.yaml:4:11: warning: the archived copy answered with "
            "an error (500 Internal Server Error)") in run.stderr
    assert "0 dead" not in run.stdout and "2 unreachable" in run.stdout.splitlines()[-1]
    cache = json.loads((site / ".cache/links.json").read_text())
    assert sorted(cache) == [f"{server.base}/gone-404/statement",
                             f"{server.base}/server-error/statement"]  # answers only

    again = run_links(site)  # the unreachable are asked again, the answers come from cache
    assert "2 answered from the cache" in again.stdout
    rows = [line for line in again.stdout.splitlines() if line.startswith("unreachable")]
    assert len(rows) == 2 and not any("cached" in row for row in rows)


def test_a_link_that_could_not_be_checked_fails_under_strict(server, tmp_path):
    site = tmp_path / "site"
    copy_unarchived(site)
    for source in (site / "content/sources").glob("*.yaml"):
        source.write_text(source.read_text().replace("https://example.org/",
                                                     "http://nowhere.invalid/"))
    assert run_links(site).returncode == 0  # warnings only
    strict = run_links(site, "--strict")
    assert strict.returncode == 1
    assert ("content/sources/report.yaml:3:6: error: could not check the link, no answer: "
            "name not resolved") in strict.stderr


def test_links_as_json_is_json_alone(server, tmp_path):
    site = site_offline(tmp_path, server.base)
    run = run_links(site, "--format", "json")
    assert run.returncode == 1
    data = json.loads(run.stdout)  # nothing else on stdout
    links = {link["url"]: link for link in data["links"]}
    dead = links[f"{server.base}/gone-404/statement"]
    assert (dead["status"], dead["code"], dead["cached"]) == ("dead", 404, False)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", dead["checked_at"])
    assert dead["sources"] == [{"source": "statement", "field": "url",
                                "path": "content/sources/statement.yaml", "line": 3,
                                "col": 6}]
    assert links["http://news.invalid/report"]["status"] == "unreachable"
    problems = {(p["path"], p["line"], p["severity"]) for p in data["problems"]}
    assert problems == {("content/sources/report.yaml", 3, "warning"),
                        ("content/sources/report.yaml", 4, "warning"),
                        ("content/sources/statement.yaml", 3, "error"),
                        ("content/sources/statement.yaml", 4, "warning")}
    again = run_links(site, "--format", "json", "--strict")
    assert {p["severity"] for p in json.loads(again.stdout)["problems"]} == {"error"}
    assert next(link for link in json.loads(again.stdout)["links"]
                if link["url"] == dead["url"])["cached"] is True


def site_with_appearances(tmp_path: Path, base: str) -> Path:
    """The minimal site, every address on the loopback server: its sources and their
    archived copies answer; its claims' appearances (test_archive.with_appearances) are
    the flight's post (archived), a repost that is gone (404, line 10, no archived copy) and
    a briefing whose archived copy is gone (410, line 15); the window's report, and a post
    that is gone (410, line 8, no archived copy)."""
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    for source in (site / "content/sources").glob("*.yaml"):
        source.write_text(source.read_text().replace("https://example.org/", f"{base}/ok/")
                          .replace("https://web.archive.org/", f"{base}/"))
    with_appearances(site, base, base)
    edit(site / "content/claims/flight.yaml", f"{base}/web/20261119000000/",
         f"{base}/gone-410/web/20261119000000/")
    return site


def test_an_appearance_whose_page_is_gone_is_a_warning_at_its_line(server, tmp_path):
    site = site_with_appearances(tmp_path, server.base)
    run = run_links(site)
    assert run.returncode == 1, run.stderr  # the briefing's archived copy is gone
    rows = {line.split()[2]: line.split()[:2] for line in run.stdout.splitlines()[1:-1]}
    assert rows[f"{server.base}/gone-404/posts/repost"] == ["dead", "404"]
    assert rows[f"{server.base}/web/20261117120000/https://example.org/posts/flight"] == [
        "ok", "200"]
    assert run.stdout.splitlines()[-1] == ("11 links: 8 ok, 0 redirected, 3 dead, 0 error, "
                                           "0 unreachable")
    problems = sorted(line for line in run.stderr.splitlines() if line.startswith("content/"))
    assert problems == [
        "content/claims/flight.yaml:10:10: warning: appearance 2's page is gone (404 Not "
        "Found): that is common with misinformation, and readers get its archived copy "
        "instead; this appearance has none: run build.py archive to find one (the Wayback "
        "Machine may hold a copy made before the page went)",
        "content/claims/flight.yaml:15:15: error: the archived copy of appearance 3 is gone "
        "(410 Gone): remove it and run build.py archive to find another, or write another "
        "copy's address",
        "content/claims/window.md:8:10: warning: appearance 2's page is gone (410 Gone): that "
        "is common with misinformation, and readers get its archived copy instead; this "
        "appearance has none: run build.py archive to find one (the Wayback Machine may hold "
        "a copy made before the page went)"]

    edit(site / "content/claims/flight.yaml", f"{server.base}/gone-410/web/", f"{server.base}/web/")
    edit(site / "content/claims/window.md", "    url: " + f"{server.base}/gone-410/posts/window",
         "    url: " + f"{server.base}/gone-410/posts/window\n"
         f"    archived: {server.base}/web/20261118000000/posts/window")
    again = run_links(site)  # warnings only: the dead pages' copies answer
    assert again.returncode == 0, again.stderr
    assert ("content/claims/window.md:8:10: warning: appearance 2's page is gone (410 Gone; "
            "cached, asked ") in again.stderr
    assert again.stderr.count("readers get its archived copy instead, which answers") == 1
    assert run_links(site, "--strict").returncode == 1


def test_links_as_json_lists_where_appearances_write_each_link(server, tmp_path):
    site = site_with_appearances(tmp_path, server.base)
    run = run_links(site, "--format", "json")
    data = json.loads(run.stdout)  # nothing else on stdout
    links = {link["url"]: link for link in data["links"]}
    repost = links[f"{server.base}/gone-404/posts/repost"]
    assert (repost["status"], repost["code"], repost["sources"]) == ("dead", 404, [])
    assert repost["appearances"] == [{"claim": "flight", "appearance": 2, "field": "url",
                                      "path": "content/claims/flight.yaml", "line": 10,
                                      "col": 10}]
    gone = links[f"{server.base}/gone-410/web/20261119000000/https://example.org/briefing"]
    assert gone["appearances"] == [{"claim": "flight", "appearance": 3, "field": "archived",
                                    "path": "content/claims/flight.yaml", "line": 15,
                                    "col": 15}]
    report = links[f"{server.base}/ok/report"]
    assert report["appearances"] == [] and report["sources"][0]["source"] == "report"
    assert {(p["path"], p["line"], p["severity"]) for p in data["problems"]} == {
        ("content/claims/flight.yaml", 10, "warning"), ("content/claims/flight.yaml", 15, "error"),
        ("content/claims/window.md", 8, "warning")}
