"""`build.py serve`: the live preview, run as a real server on loopback."""

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import NODE_MODULES, ROOT, copy_example, require, spanish_only

from factsite.build import Options, build
from factsite.commands.serve import error_page

CLAIM = "content/claims/paperwork-glitch.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


class Server:
    def __init__(self, site, *args):
        self.site = site
        self.port = free_port()
        self.log = site.parent / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(self.port), *args],
            cwd=site, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(lambda: self._up())

    def _up(self):
        assert self.process.poll() is None, self.log.read_text()
        try:
            return fetch(self.base + "/")[0] == 200
        except OSError:
            return False

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=15)


@pytest.fixture
def served(tmp_path):
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    server = Server(site)
    yield server
    if server.process.poll() is None:
        server.stop()


def test_serves_under_the_base_path_with_drafts_and_reload_script(served):
    claim = served.site / CLAIM
    claim.write_text(claim.read_text() + "draft: true\n")
    page = wait_for(lambda: (lambda r: r[1] if "This is a draft" in r[1] else None)(
        fetch(served.base + "/cuba/claims/paperwork-glitch/")))
    assert "livereload.js" in page
    assert fetch(served.base + "/cuba/nowhere/")[0] == 404
    assert not (served.site / "public").exists(), "serve never writes public/"


def test_edit_break_fix_and_the_server_survives(served):
    url = served.base + "/cuba/claims/paperwork-glitch/"
    claim = served.site / CLAIM
    good = claim.read_text()
    claim.write_text(good.replace("Neither names the person", "Nobody names the person"))
    wait_for(lambda: "Nobody names the person" in fetch(url)[1])
    claim.write_text(good.replace("rating: unverifiable", "rating: unverifiabel"))
    status, body = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(fetch(url)))
    assert "content/claims/paperwork-glitch.yaml:13:9" in body
    assert "did you mean &#39;unverifiable&#39;?" in body and "rating: unverifiabel" in body
    (served.site / "templates").mkdir()
    (served.site / "templates/claim.html").write_text("{% if %}")
    claim.write_text(good)
    status, body = wait_for(lambda: (lambda r: r if "templates/claim.html:1" in r[1] else None)(
        fetch(url)))
    assert status == 500
    (served.site / "templates/claim.html").unlink()
    wait_for(lambda: fetch(url)[0] == 200)
    assert served.process.poll() is None
    for made_at_start in ("/cuba/feed.xml", "/cuba/claims.json", "/cuba/pagefind/pagefind.js"):
        assert fetch(served.base + made_at_start)[0] == 200, made_at_start


def test_a_mistake_stays_on_screen_while_other_files_are_saved(served):
    url = served.base + "/cuba/claims/paperwork-glitch/"
    claim = served.site / CLAIM
    good = claim.read_text()
    claim.write_text(good.replace("rating: unverifiable", "rating: unverifiabel"))
    wait_for(lambda: fetch(url)[0] == 500)
    other = served.site / "content/claims/wet-foot-dry-foot.yaml"
    other.write_text(other.read_text().replace("cites no document", "cites no record"))
    wait_for(lambda: "changed content/claims/wet-foot-dry-foot.yaml: 1 error(s)"
             in served.log.read_text())
    status, body = fetch(url)
    assert status == 500 and "content/claims/paperwork-glitch.yaml:13:9" in body
    claim.write_text(good)
    wait_for(lambda: fetch(url)[0] == 200)
    assert "cites no record" in fetch(served.base + "/cuba/claims/wet-foot-dry-foot/")[1]


def test_a_burst_of_saves_is_one_rebuild(served):
    log = served.log
    before = log.read_text().count("rendered ")
    for name in ("paperwork-glitch", "check-in-arrests", "wet-foot-dry-foot"):
        path = served.site / f"content/claims/{name}.yaml"
        path.write_text(path.read_text().replace("published: 2026", "published: 2026"))
        path.write_text(path.read_text() + "\n")
    wait_for(lambda: log.read_text().count("rendered ") > before)
    time.sleep(0.5)
    assert log.read_text().count("rendered ") == before + 1, log.read_text()


def test_one_claim_edit_renders_only_what_shows_it(served):
    claim = served.site / "content/claims/wet-foot-dry-foot.yaml"
    claim.write_text(claim.read_text().replace("cites no document", "cites no record"))
    line = wait_for(lambda: [x for x in served.log.read_text().splitlines()
                             if "wet-foot-dry-foot.yaml" in x and "rendered" in x])[0]
    rendered, total = (int(n) for n in line.split("rendered ")[1].split(" pages")[0]
                       .split(" of "))
    assert rendered < total / 2, line


def test_ctrl_c_stops_it_and_leaves_nothing_behind(tmp_path):
    site = copy_example(tmp_path / "site")
    server = Server(site)
    assert (site / ".cache/serve").is_dir()
    assert server.stop() == 0
    assert not (site / ".cache").exists()
    assert "stopped" in server.log.read_text()


def test_it_says_when_it_listens_beyond_this_machine(tmp_path):
    site = copy_example(tmp_path / "site")
    server = Server(site, "--host", "0.0.0.0")
    try:
        assert "other machines on your network" in server.log.read_text()
    finally:
        server.stop()


def test_in_a_real_browser_the_page_follows_the_yaml(served):
    require("node", "install Node.js")
    require(NODE_MODULES / "playwright-core", "run `make test` (npm ci) to install it")
    require("/usr/bin/chromium", "sudo apt-get install chromium")
    run = subprocess.run(
        ["node", str(ROOT / "tests/browser/preview.mjs"),
         served.base + "/cuba/claims/paperwork-glitch/", str(served.site / CLAIM)],
        capture_output=True, text=True, timeout=120)
    result = json.loads(run.stdout.strip().splitlines()[-1]) if run.stdout.strip() else {}
    assert run.returncode == 0 and result.get("ok"), (run.stdout, run.stderr,
                                                      served.log.read_text())
    assert [s["step"] for s in result["steps"]] == ["edit", "break", "fix"]
    print("save to page, ms:", {s["step"]: s["ms"] for s in result["steps"]})
    assert served.process.poll() is None, "the server survived"


def _two_mistakes(site, long_line: bool = False):
    """Break the claim once; `then()` breaks a second file too."""
    claim = site / CLAIM
    tail = "  # " + "a very long comment " * 30 if long_line else ""
    claim.write_text(claim.read_text().replace("rating: unverifiable",
                                               "rating: unverifiabel" + tail))

    def then():
        other = site / "content/claims/wet-foot-dry-foot.yaml"
        other.write_text(other.read_text().replace("rating: ", "rating: nonsense-", 1))
    return then


def test_the_error_page_counts_problems_in_the_sites_language(tmp_path):
    site = copy_example(tmp_path / "site", base_url="https://example.org/cuba/")
    spanish_only(site)
    server = Server(site)
    try:
        url = server.base + "/cuba/claims/paperwork-glitch/"
        then = _two_mistakes(site)
        _, body = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(fetch(url)))
        assert '<html lang="es">' in body
        assert "<title>1 problema por corregir</title>" in body
        assert "<h1>1 problema por corregir</h1>" in body and "Corríjalo y guarde" in body
        then()
        body = wait_for(lambda: (lambda r: r[1] if "2 problemas" in r[1] else None)(fetch(url)))
        assert "<h1>2 problemas por corregir</h1>" in body and "Corríjalos y guarde" in body
    finally:
        server.stop()


def test_the_error_page_says_one_or_two_problems_and_wraps_long_lines(tmp_path):
    site = copy_example(tmp_path / "site")
    then = _two_mistakes(site, long_line=True)
    one = build(Options(site, tmp_path / "out"))
    page = error_page([d for d in one.diagnostics if d.is_error], site, one.language).decode()
    assert "<title>1 problem to fix</title>" in page and "<h1>1 problem to fix</h1>" in page
    assert "Fix it and save" in page and '<html lang="en">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    (long,) = re.findall(r"<pre>(.*?)</pre>", page, re.S)
    assert "a very long comment " * 30 in long, "the whole line, not clipped"
    assert "<mark>   13 | rating: unverifiabel" in long and "|         ^</mark>" in long
    rules = dict(re.findall(r"(\w+)\{([^}]*)\}", re.search(r"<style>(.*?)</style>",
                                                           page).group(1)))
    assert {"white-space:pre-wrap", "overflow-wrap:anywhere"} <= set(rules["pre"].split(";"))
    then()
    two = build(Options(site, tmp_path / "out"))
    page = error_page([d for d in two.diagnostics if d.is_error], site, two.language).decode()
    assert "<h1>2 problems to fix</h1>" in page and "Fix them and save" in page


def test_new_source_with_the_preview_open_leaves_the_preview_working(served):
    """docs/editing.md's walkthrough: `new source x` with the preview open writes a draft
    whose title and publisher are empty; the pages stay as they were, and the source
    appears once it is filled in."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "new", "source",
                           "herald-flight", "--site", str(served.site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    new = served.site / "content/sources/herald-flight.yaml"
    scaffolded = new.read_text()
    assert "draft: true" in scaffolded
    wait_for(lambda: "unfinished draft: 'title' is empty" in served.log.read_text())
    status, body = fetch(served.base + "/cuba/claims/paperwork-glitch/")
    assert status == 200 and "to fix</h1>" not in body
    assert fetch(served.base + "/cuba/sources/herald-flight/")[0] == 404
    new.write_text(scaffolded.replace("title:", "title: The Herald's report on the flight", 1)
                   .replace("publisher:", "publisher: Miami Herald", 1))
    page = wait_for(lambda: (lambda r: r[1] if r[0] == 200 else None)(
        fetch(served.base + "/cuba/sources/herald-flight/")))
    assert "The Herald’s report on the flight" in page and "This is a draft" in page


def test_a_translation_saved_while_serving_gets_its_page(served):
    """A check translated with the preview open: its Spanish page is served, and the
    English page links it (hreflang, the language switcher); deleted, the Spanish page is
    gone and the English one links it no more."""
    english = served.base + "/cuba/claims/paperwork-glitch/"
    spanish = served.base + "/cuba/es/claims/paperwork-glitch/"
    assert fetch(spanish)[0] == 404
    translation = served.site / "content/claims/paperwork-glitch.es.yaml"
    translation.write_text("claim: Otro inmigrante fue retirado de la lista por un «error de "
                           "papeleo».\nsummary: Según el Herald [@miami-herald-report].\n"
                           "translated: 2026-11-21\n")
    page = wait_for(lambda: (lambda r: r[1] if r[0] == 200 else None)(fetch(spanish)))
    assert '<html lang="es"' in page and "error de papeleo" in page
    alternate = ('<link rel="alternate" hreflang="es" href="https://example.org/cuba/es/claims/'
                 'paperwork-glitch/">')
    page = wait_for(lambda: (lambda r: r[1] if alternate in r[1] else None)(fetch(english)))
    assert 'href="/cuba/es/claims/paperwork-glitch/" hreflang="es"' in page  # the switcher
    translation.unlink()
    wait_for(lambda: fetch(spanish)[0] == 404)
    wait_for(lambda: 'hreflang="es"' not in fetch(english)[1])
    assert served.process.poll() is None
