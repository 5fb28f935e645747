"""Each check's public history, read from git ("Corrections nobody can hide"), as readers
meet it. A desk's repository is made step by step with fixed dates (a draft, its
publication, a commit that breaks the file and one that mends it, a reflowed summary, a
typo fixed, the article revised, a figure corrected, the verdict changed with a
corrections entry and then without one), built, and read back: the history page,
history.json against the schema the site publishes, the claim page's "Updated" line, the
corrections page and feed. Then what a CI checkout or a desk meets: a rebuild of the same
commit, a shallow clone, a folder outside git, an edit not committed yet, a renamed file,
a merged branch, `history: false`, incremental builds; and the pages in the Nu Html Checker
and axe-core. The expected values are written here from the steps, not read from
factsite."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import lxml.html
import pytest
from conftest import ROOT, broken_links, build_site, edit, require
from lxml import etree
from readers import serve
from test_cli import run
from test_html_validity import CANARY, VNU
from test_incremental import assert_same_as_cold, snapshot
from test_opendata import errors
from test_theme import need_browser, node

from factsite.build import Options, build

MINIMAL = ROOT / "tests/sites/minimal"
CLAIM = "content/claims/flight.yaml"
ARTICLE = "content/articles/the-flight.md"
REPORT = "content/sources/report.txt"  # the stored copy the figure's quote is checked in
HISTORY = "claims/flight/history/"
ARTICLE_HISTORY = "articles/the-flight/history/"
HISTORY_HREF = "/" + HISTORY
ATOM = "{http://www.w3.org/2005/Atom}"

# ---- the desk's repository --------------------------------------------------------------

WHO = "Desk Editor"
EMAIL = "desk@example.org"
# (the machine's git configuration must not matter: no global or system file, no signing)
IDENTITY = ("-c", f"user.name={WHO}", "-c", f"user.email={EMAIL}", "-c", "commit.gpgsign=false",
            "-c", "core.autocrlf=false")
# (a hook or an outer repository must not lend the tests its repository either)
GIT_PLACES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
              "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES")


def git(repo: Path, *args: str, when: str | None = None, authored: str | None = None) -> str:
    """Run git in `repo` as the desk, at a fixed time (committer `when`, author `authored`
    or the same)."""
    require("git", "install git: apt-get install git")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME=WHO,
               GIT_AUTHOR_EMAIL=EMAIL, GIT_COMMITTER_NAME=WHO, GIT_COMMITTER_EMAIL=EMAIL)
    if when:
        env.update(GIT_COMMITTER_DATE=when, GIT_AUTHOR_DATE=authored or when)
    done = subprocess.run(["git", *IDENTITY, *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout.strip()


def commit(repo: Path, message: str, when: str, authored: str | None = None) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when, authored=authored)
    return git(repo, "rev-parse", "HEAD")


def log_entry(site: Path, day: str, kind: str, text: str, rating_before: str = "") -> None:
    """Add an entry to the claim's corrections log (the first makes the log)."""
    path = site / CLAIM
    body = path.read_text()
    if "\ncorrections:\n" not in body:
        body += "corrections:\n"
    body += f"  - date: {day}\n    kind: {kind}\n"
    if rating_before:
        body += f"    rating_before: {rating_before}\n"
    path.write_text(body + f"    text: {text}\n")


def draft(site: Path) -> None:
    """(a) The check as a draft, its summary words that were never published."""
    edit(site / CLAIM, "rating: accurate\n", "rating: accurate\ndraft: true\n")
    edit(site / CLAIM, "summary: The report gives [#deportees] on one flight [@report].",
         "summary: Numbers still to confirm with the desk.")


def publish(site: Path) -> None:
    """(b) Published (with a typo in its summary)."""
    edit(site / CLAIM, "draft: true\n", "")
    edit(site / CLAIM, "summary: Numbers still to confirm with the desk.",
         "summary: The report gives [#deportees] on one fligth [@report].")


def break_it(site: Path) -> None:
    edit(site / CLAIM, "rating: accurate", "rating: [accurate")  # (not YAML: it fails)


def mend_it(site: Path) -> None:
    edit(site / CLAIM, "rating: [accurate", "rating: accurate")


def reflow(site: Path) -> None:
    """(c) The summary reflowed and emphasised: the same words for readers."""
    edit(site / CLAIM, "summary: The report gives [#deportees] on one fligth [@report].",
         "summary: >-\n  The report gives *[#deportees]*\n  on one   fligth [@report].")


def fix_typo(site: Path) -> None:
    """(d) The typo fixed, with a `typo` entry."""
    edit(site / CLAIM, "on one   fligth", "on one   flight")
    log_entry(site, "2026-11-23", "typo", "Fixed a misspelling of flight.")


def revise_article(site: Path) -> None:
    edit(site / ARTICLE, "on one flight [@report].", "on one charter flight [@report].")
    edit(site / ARTICLE, "date: 2026-11-21\n", "date: 2026-11-21\nupdated: 2026-11-23\n")


def correct_figure(site: Path) -> None:
    """(e) A figure's value corrected, with a `correction` entry (its quote and the stored
    copy follow, so the build has nothing to warn about)."""
    edit(site / CLAIM, "    value: 120\n", "    value: 121\n")
    edit(site / CLAIM, "    quote: 120 Cubans were put on a single flight\nsources:",
         "    quote: 121 Cubans on the flight\nsources:")
    (site / REPORT).write_text((site / REPORT).read_text() +
                               "\nA later recount found 121 Cubans on the flight.\n")
    log_entry(site, "2026-11-24", "correction", "The flight carried 121 Cubans, not 120.")


def change_rating(site: Path) -> None:
    """(f) The verdict changed, with an entry saying what it was."""
    edit(site / CLAIM, "rating: accurate", "rating: misleading")
    log_entry(site, "2026-11-26", "correction", "The count was off, so the claim misleads.",
              rating_before="accurate")


def change_rating_quietly(site: Path) -> None:
    """(g) The verdict changed again, with no corrections entry."""
    edit(site / CLAIM, "rating: misleading", 'rating: "false"')


# (name, what it does, committer date, author date): the desk's history, oldest first
STEPS = [
    ("draft", draft, "2026-11-19T09:00:00Z", None),
    ("published", publish, "2026-11-21T08:00:00Z", None),  # (its `published`: November 20)
    ("broken", break_it, "2026-11-21T10:00:00Z", None),
    ("mended", mend_it, "2026-11-21T11:00:00Z", None),
    ("reflowed", reflow, "2026-11-22T09:00:00Z", None),
    ("typo", fix_typo, "2026-11-23T09:00:00Z", "2026-11-22T18:00:00Z"),  # (rebased)
    ("article", revise_article, "2026-11-23T12:00:00Z", None),
    ("figure", correct_figure, "2026-11-24T22:30:00-05:00", None),  # (UTC: November 25)
    ("rating", change_rating, "2026-11-26T09:00:00Z", None),
    ("unrecorded", change_rating_quietly, "2026-11-27T09:00:00Z", None),
]


@dataclass
class Desk:
    site: Path
    commits: dict[str, str]  # step → commit

    def short(self, step: str) -> str:
        return self.commits[step][:10]


def make_desk(site: Path) -> Desk:
    """A repository holding a copy of tests/sites/minimal, committed step by step."""
    shutil.copytree(MINIMAL, site)
    (site / ".gitignore").write_text(".cache/\n")
    git(site, "init", "-q", "-b", "main")
    commits = {}
    for name, step, when, authored in STEPS:
        step(site)
        commits[name] = commit(site, f"The flight: {name}", when, authored)
    return Desk(site, commits)


def clone_desk(desk: Desk, dest: Path) -> Desk:
    """A copy of the desk's folder, its .git and its cache with it."""
    shutil.copytree(desk.site, dest)
    return Desk(dest, dict(desk.commits))


@pytest.fixture(scope="module", autouse=True)
def own_repositories():
    """git as the build runs it must find the tests' repositories, not one a hook or an
    outer folder names."""
    with pytest.MonkeyPatch.context() as patch:
        for name in GIT_PLACES:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Desk:
    return make_desk(tmp_path_factory.mktemp("desk") / "site")


@pytest.fixture(scope="module")
def built(desk, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("desk-out") / "public"
    result = build_site(desk.site, out)
    assert result.diagnostics == [], "the desk's site builds with nothing to warn about"
    return out


# ---- reading the pages back ---------------------------------------------------------------


def visible(element) -> str:
    """An element's text as a sighted reader sees it (without .visually-hidden text)."""
    element = copy.deepcopy(element)
    for hidden in element.xpath(f'.//*[{has_class("visually-hidden")}]'):
        hidden.drop_tree()
    return " ".join(element.text_content().split())


def has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def revisions_shown(page: Path) -> list[dict]:
    """The history page's revisions, as listed (newest first)."""
    doc = lxml.html.parse(str(page)).getroot()
    out = []
    for item in doc.xpath(f'//ol[{has_class("revisions")}]/li'):
        (heading,) = item.xpath("./h2")
        (time,) = heading.xpath("./time")
        code = heading.xpath(".//code")
        out.append({
            "date": time.get("datetime"), "day": time.text_content(),
            "heading": visible(heading), "commit": code[0].text_content() if code else None,
            "changes": [(next(c for c in li.get("class").split() if c.startswith("change-"))
                         .removeprefix("change-"), visible(li))
                        for li in item.xpath(f'.//li[{has_class("change")}]')],
            "deleted": [d.text_content() for d in item.xpath(".//del")],
            "inserted": [i.text_content() for i in item.xpath(".//ins")],
            "corrections": [visible(li) for li in
                            item.xpath(f'.//ul[{has_class("corrections-log")}]/li')],
            "unrecorded": bool(item.xpath(f'.//*[{has_class("unrecorded")}]'))})
    return out


def updated_line(page: Path):
    """The claim page's "Updated" (or "Rating changed") line in its verdict box."""
    doc = lxml.html.parse(str(page)).getroot()
    found = doc.xpath(f'//section[@id="verdict"]//p[{has_class("updated-line")}]')
    return found[0] if found else None


def hrefs(page: Path) -> list[str]:
    return lxml.html.parse(str(page)).getroot().xpath("//a/@href")


def history_doc(out: Path, folder: str = HISTORY) -> dict:
    return json.loads((out / folder / "history.json").read_text("utf-8"))


def history_outputs(out: Path) -> list[str]:
    """Every history page, history.json and the schema a built folder holds."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if "history" in p.parts or p.name.startswith("history"))


def links_to_histories(out: Path) -> list[str]:
    return sorted(f"{p.relative_to(out)}: {h}" for p in out.rglob("*.html")
                  for h in hrefs(p) if "/history/" in h)


# ---- 1. the history page ------------------------------------------------------------------


def test_the_history_page_lists_exactly_the_published_revisions_newest_first(desk, built):
    shown = revisions_shown(built / HISTORY / "index.html")
    # Not the draft, the broken commit or its mending, the reflowed summary, nor the
    # article's commit: only what changed what readers of this check see.
    assert [(r["date"], r["commit"]) for r in shown] == [
        ("2026-11-27", desk.short("unrecorded")),
        ("2026-11-26", desk.short("rating")),
        ("2026-11-25", desk.short("figure")),  # (committed 22:30 in UTC-5: the 25th in UTC)
        ("2026-11-23", desk.short("typo")),  # (the committer's date, not the author's)
        ("2026-11-20", desk.short("published"))]  # (the claim's `published`, not the commit)
    assert [r["day"] for r in shown] == ["November 27, 2026", "November 26, 2026",
                                         "November 25, 2026", "November 23, 2026",
                                         "November 20, 2026"]
    assert shown[-1]["heading"] == \
        f"November 20, 2026: First published (revision {desk.short('published')})"
    assert shown[-1]["changes"] == [] and shown[-1]["corrections"] == []
    page = (built / HISTORY / "index.html").read_text("utf-8")
    assert "Numbers still to confirm" not in page, "the draft's words are never shown"


def test_the_history_pages_link_back_and_to_their_data_and_nothing_is_broken(built):
    page = built / HISTORY / "index.html"
    assert {"/claims/flight/", f"{HISTORY_HREF}history.json"} <= set(hrefs(page))
    assert broken_links(built) == []


def test_each_revision_shows_what_changed_and_the_entry_that_explains_it(built):
    unrecorded, rating, figure, typo, _published = revisions_shown(built / HISTORY /
                                                                   "index.html")
    assert typo["changes"][0][0] == "summary" and len(typo["changes"]) == 1
    # (the citation mark is left out, as the page reads: "flight." ends the sentence)
    assert (typo["deleted"], typo["inserted"]) == (["fligth."], ["flight."])
    assert typo["corrections"] == ["Typo fixed, November 23, 2026: Fixed a misspelling of "
                                   "flight."]
    assert figure["changes"] == [("figure", "Figure: Cubans deported on the flight: "
                                            "120 Cubans → 121 Cubans")]
    assert figure["corrections"] == ["Correction, November 24, 2026: The flight carried 121 "
                                     "Cubans, not 120."]
    assert rating["changes"] == [("rating", "Verdict: Accurate → Misleading")]
    assert rating["corrections"] == ["Correction, November 26, 2026 (the rating was "
                                     "Accurate): The count was off, so the claim misleads."]
    assert unrecorded["changes"] == [("rating", "Verdict: Misleading → False")]
    assert unrecorded["corrections"] == []
    assert [r["unrecorded"] for r in (unrecorded, rating, figure, typo)] == \
        [True, False, False, False], "only the change nobody logged says so"


def test_a_screen_reader_hears_which_side_is_before_and_which_after(built):
    doc = lxml.html.parse(str(built / HISTORY / "index.html")).getroot()
    (change,) = doc.xpath(f'//li[{has_class("change-figure")}]')
    assert " ".join(change.text_content().split()) == \
        "Figure: Cubans deported on the flight: Before: 120 Cubans → After: 121 Cubans"


def test_a_summary_diff_reads_as_the_page_did(built):
    (_, text), = revisions_shown(built / HISTORY / "index.html")[3]["changes"]
    assert "[#" not in text and "[@" not in text, text


def test_the_article_has_its_history_too(desk, built):
    shown = revisions_shown(built / ARTICLE_HISTORY / "index.html")
    assert [(r["date"], r["commit"], r["changes"]) for r in shown] == [
        ("2026-11-23", desk.short("article"), [("body", "The text was revised")]),
        ("2026-11-21", desk.short("draft"), [])]  # (published with the first commit)
    assert f"/{ARTICLE_HISTORY}" in hrefs(built / "articles/the-flight/index.html")


def test_a_check_never_revised_shows_its_publication_alone(desk, built):
    (only,) = revisions_shown(built / "claims/window/history/index.html")
    assert (only["date"], only["commit"]) == ("2026-11-19", desk.short("draft"))
    assert updated_line(built / "claims/window/index.html") is None
    assert "/claims/window/history/" in hrefs(built / "claims/window/index.html")


# ---- 2. history.json and its schema --------------------------------------------------------


def test_history_json_validates_against_the_schema_the_site_publishes(built):
    doc = history_doc(built)
    schema = json.loads((built / "schemas/history.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$schema"] == schema["$id"] == "https://example.org/schemas/history.schema.json"
    assert errors(doc, schema) == []
    assert errors(history_doc(built, ARTICLE_HISTORY), schema) == []


@pytest.mark.parametrize("break_it", [
    lambda d: d["revisions"][0].update(event="edited"),
    lambda d: d["revisions"][0].update(commit="HEAD"),
    lambda d: d["revisions"][1].update(date="23 November 2026"),
    lambda d: d["revisions"][1]["changes"][0].update(field="colour"),
    lambda d: d["revisions"][1]["corrections"][0].pop("text"),
    lambda d: d.update(kind="page"),
    lambda d: d.update(surprise=1),
], ids=["event", "commit", "date", "field", "entry-text", "kind", "extra"])
def test_the_schema_refuses_what_history_json_never_holds(built, break_it):
    doc = history_doc(built)
    schema = json.loads((built / "schemas/history.schema.json").read_text("utf-8"))
    broken = copy.deepcopy(doc)
    break_it(broken)
    assert errors(broken, schema) != []


def test_history_json_has_the_same_revisions_oldest_first(desk, built):
    doc = history_doc(built)
    assert (doc["kind"], doc["id"], doc["url"], doc["history"]) == (
        "claim", "flight", "https://example.org/claims/flight/",
        "https://example.org/claims/flight/history/")
    c = desk.commits
    assert [(r["date"], r["commit"], r["event"]) for r in doc["revisions"]] == [
        ("2026-11-20", c["published"], "published"), ("2026-11-23", c["typo"], "revised"),
        ("2026-11-25", c["figure"], "revised"), ("2026-11-26", c["rating"], "revised"),
        ("2026-11-27", c["unrecorded"], "revised")]
    published, typo, figure, rating, unrecorded = doc["revisions"]
    assert published["changes"] == published["corrections"] == []
    assert typo["changes"] == [{
        "field": "summary", "key": None,
        "before": "The report gives 120 Cubans on one fligth.",
        "after": "The report gives 120 Cubans on one flight."}]
    assert typo["corrections"] == [{"date": "2026-11-23", "kind": "typo", "rating_before": None,
                                    "text": "Fixed a misspelling of flight."}]
    assert figure["changes"] == [{"field": "figure", "key": "deportees",
                                  "before": "120 Cubans", "after": "121 Cubans"}]
    assert rating["changes"] == [{"field": "rating", "key": None, "before": "accurate",
                                  "after": "misleading"}]
    assert [(m["kind"], m["rating_before"]) for m in rating["corrections"]] == \
        [("correction", "accurate")]
    assert unrecorded["changes"] == [{"field": "rating", "key": None, "before": "misleading",
                                      "after": "false"}]
    assert unrecorded["corrections"] == []


# ---- 3. the claim page, the corrections page and feed ------------------------------------


def test_the_claim_page_does_not_pin_a_later_quiet_change_on_an_earlier_entry(built):
    """The verdict went Accurate → Misleading with an entry, then Misleading → False with
    none: the page must not say the entry changed it from Accurate to False."""
    line = updated_line(built / "claims/flight/index.html")
    assert line is not None
    text = visible(line)
    assert "from Accurate to False" not in text, text
    assert text.startswith("Rating changed from Misleading to False November 27, 2026"), text
    assert "The count was off" not in text, "that entry explains the earlier change"
    assert line.xpath("./a/@href") == [HISTORY_HREF]


def test_the_claim_page_says_how_the_rating_changed_and_why(desk, tmp_path):
    """Built at the commit that changed the verdict with an entry."""
    site = clone_desk(desk, tmp_path / "site").site
    git(site, "reset", "-q", "--hard", desk.commits["rating"])
    out = tmp_path / "public"
    build_site(site, out)
    line = updated_line(out / "claims/flight/index.html")
    assert "rating-change" in line.get("class").split()
    assert visible(line) == ("Rating changed from Accurate to Misleading November 26, 2026: "
                             "The count was off, so the claim misleads. See every change")
    (link,) = line.xpath("./a")
    assert (link.get("href"), link.text_content()) == (HISTORY_HREF, "See every change")
    assert (out / HISTORY / "index.html").is_file()


def test_an_entry_committed_after_the_change_it_explains_still_explains_it(desk, tmp_path):
    site = clone_desk(desk, tmp_path / "site").site
    git(site, "reset", "-q", "--hard", desk.commits["figure"])
    edit(site / CLAIM, "rating: accurate", "rating: misleading")
    commit(site, "The flight: rating", "2026-11-26T09:00:00Z")
    log_entry(site, "2026-11-26", "correction", "The count was off, so the claim misleads.",
              rating_before="accurate")
    commit(site, "The flight: the rating's entry", "2026-11-26T10:00:00Z")
    out = tmp_path / "public"
    build_site(site, out)
    assert visible(updated_line(out / "claims/flight/index.html")) == (
        "Rating changed from Accurate to Misleading November 26, 2026: "
        "The count was off, so the claim misleads. See every change")


def test_the_corrections_page_and_feed_still_list_every_entry(built):
    expected = ["The count was off, so the claim misleads.",
                "The flight carried 121 Cubans, not 120.", "Fixed a misspelling of flight."]
    doc = lxml.html.parse(str(built / "corrections/index.html")).getroot()
    first = [visible(li) for li in doc.xpath(f'//ul[{has_class("rating-changes")}]/li')]
    assert first == ["Rating changed from Accurate to Misleading, November 26, 2026, ICE put "
                     "120 Cubans on a single flight to Havana.: The count was off, so the "
                     "claim misleads."]  # (they come first, and say what the entry changed)
    listed = [visible(li) for li in doc.xpath(f'//ul[{has_class("corrections-index")} and '
                                              f'not({has_class("rating-changes")})]/li')]
    assert [t.rsplit(": ", 1)[1] for t in listed] == expected
    assert listed[-1].startswith("Typo fixed, November 23, 2026")
    feed = etree.parse(str(built / "corrections/feed.xml"))
    assert [e.findtext(f"{ATOM}summary") for e in feed.iter(f"{ATOM}entry")] == expected
    claim = lxml.html.parse(str(built / "claims/flight/index.html")).getroot()
    log = [visible(li) for li in claim.xpath('//section[@id="corrections"]//li')]
    assert [t.rsplit(": ", 1)[1] for t in log] == expected[::-1]


# ---- 4. the same commit, built again --------------------------------------------------------


def test_two_builds_of_the_same_commit_are_byte_identical(desk, built, tmp_path):
    """Another clone of the same commit (other paths, other file times), built without a
    cache, and the desk built again into another folder with its cache: the same bytes."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(desk.site), str(clone))
    build(Options(site_dir=clone, out_dir=tmp_path / "cold", cache=False))
    build_site(desk.site, tmp_path / "warm")
    made = snapshot(built)
    assert f"{HISTORY}index.html" in made and f"{HISTORY}history.json" in made
    for other in ("cold", "warm"):
        theirs = snapshot(tmp_path / other)
        assert sorted(theirs) == sorted(made), other
        assert [p for p in made if made[p] != theirs[p]] == [], other


# ---- 5. where there is no history to read -------------------------------------------------


def test_a_shallow_clone_warns_how_to_fetch_the_history_and_builds(desk, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{desk.site}", str(clone))
    out = tmp_path / "public"
    done = run("build", "--out", str(out), "--format", "json", cwd=clone)
    assert done.returncode == 0, done.stderr
    problems = json.loads(done.stdout)
    assert [(p["path"], p["severity"]) for p in problems] == [("site.yaml", "warning")]
    assert "fetch-depth: 0" in problems[0]["message"]
    assert "git fetch --unshallow" in problems[0]["message"]
    assert (out / "claims/flight/index.html").is_file()
    assert history_outputs(out) == [] and links_to_histories(out) == []


def test_a_copy_outside_git_has_no_history_and_no_warning(desk, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # (wherever tmp is)
    site = tmp_path / "site"
    shutil.copytree(desk.site, site, ignore=shutil.ignore_patterns(".git", ".cache"))
    out = tmp_path / "public"
    result = build_site(site, out)
    assert result.diagnostics == []
    assert (out / "claims/flight/index.html").is_file()
    assert history_outputs(out) == [] and links_to_histories(out) == []


def test_history_false_publishes_no_history_and_no_links(desk, tmp_path):
    site = clone_desk(desk, tmp_path / "site").site
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "history: false\n")
    out = tmp_path / "public"
    assert build_site(site, out).diagnostics == []
    assert (out / "claims/flight/index.html").is_file()
    assert history_outputs(out) == [] and links_to_histories(out) == []
    assert "/history/" not in (out / "sitemap.xml").read_text("utf-8")
    assert "See every change" not in (out / "claims/flight/index.html").read_text("utf-8")


# ---- 6. a desk at work: uncommitted edits, renames, merges, rebuilds ----------------------


def edit_summary(site: Path) -> None:
    edit(site / CLAIM, "The report gives", "The report counts")
    edit(site / CLAIM, "updated: 2026-11-21", "updated: 2026-11-30")


def test_an_uncommitted_edit_is_the_newest_revision_until_it_is_committed(desk, tmp_path):
    site = clone_desk(desk, tmp_path / "site").site
    git(site, "reset", "-q", "--hard", desk.commits["figure"])
    edit_summary(site)
    out = tmp_path / "public"
    build_site(site, out)
    newest, before, *_ = revisions_shown(out / HISTORY / "index.html")
    assert newest["heading"] == "November 30, 2026: Changes not yet committed"
    assert newest["commit"] is None and newest["date"] == "2026-11-30"  # (its `updated`)
    assert (newest["deleted"], newest["inserted"]) == (["gives"], ["counts"])
    assert newest["unrecorded"]
    assert before["commit"] == desk.short("figure")
    last = history_doc(out)["revisions"][-1]
    assert (last["commit"], last["event"], last["date"]) == (None, "revised", "2026-11-30")
    assert visible(updated_line(out / "claims/flight/index.html")) == \
        "Updated November 30, 2026: the summary See every change"

    # Committed as it is (not a byte of the site changes): the revision is that commit's,
    # on the history page and in the claim page's Updated line.
    made = commit(site, "The flight: counts", "2026-12-01T09:00:00Z")
    again = build_site(site, out)
    assert {f"{HISTORY}index.html", "claims/flight/index.html"} <= set(again.report.written)
    newest, *_ = revisions_shown(out / HISTORY / "index.html")
    assert newest["heading"] == f"December 1, 2026 (revision {made[:10]})"
    assert [r["commit"] for r in history_doc(out)["revisions"]] == [
        desk.commits["published"], desk.commits["typo"], desk.commits["figure"], made]
    assert visible(updated_line(out / "claims/flight/index.html")) == \
        "Updated December 1, 2026: the summary See every change"


def test_a_renamed_claim_file_keeps_its_earlier_revisions(desk, tmp_path):
    site = clone_desk(desk, tmp_path / "site").site
    git(site, "mv", CLAIM, "content/claims/ice-flight-to-havana.yaml")
    path = site / "content/claims/ice-flight-to-havana.yaml"
    path.write_text("id: flight\n" + path.read_text())  # (its address stays)
    renamed = commit(site, "Name the flight's file for what it checks", "2026-11-28T09:00:00Z")
    edit(path, "The report gives", "The report counts")
    counted = commit(site, "The flight: counts", "2026-11-29T09:00:00Z")
    out = tmp_path / "public"
    build_site(site, out)
    shown = revisions_shown(out / HISTORY / "index.html")
    assert [r["commit"] for r in shown] == [
        counted[:10], desk.short("unrecorded"), desk.short("rating"), desk.short("figure"),
        desk.short("typo"), desk.short("published")]
    assert renamed[:10] not in [r["commit"] for r in shown], "a rename changes nothing read"


def test_a_merged_branch_is_one_revision(desk, tmp_path):
    """Only the main line counts: a pull request merged is one revision, however many
    commits it had on its way."""
    site = clone_desk(desk, tmp_path / "site").site
    git(site, "checkout", "-q", "-b", "recount")
    edit(site / CLAIM, "The report gives", "The report counts")
    commit(site, "Try counts", "2026-11-28T09:00:00Z")
    edit(site / CLAIM, "The report counts", "The report tallies")
    commit(site, "Try tallies", "2026-11-28T10:00:00Z")
    git(site, "checkout", "-q", "main")
    git(site, "merge", "-q", "--no-ff", "-m", "Merge the recount", "recount",
        when="2026-11-29T09:00:00Z")
    merge = git(site, "rev-parse", "HEAD")
    out = tmp_path / "public"
    build_site(site, out)
    newest, previous, *_ = revisions_shown(out / HISTORY / "index.html")
    assert (newest["date"], newest["commit"]) == ("2026-11-29", merge[:10])
    assert (newest["deleted"], newest["inserted"]) == (["gives"], ["tallies"])
    assert previous["commit"] == desk.short("unrecorded")
    assert "counts" not in (out / HISTORY / "index.html").read_text("utf-8")


@pytest.mark.parametrize("remembered", [False, True], ids=["cache on disk", "state kept"])
def test_a_new_commit_updates_the_history_and_the_claim_page(desk, tmp_path, remembered):
    """Built at the figure's correction, then the verdict's change is committed and the
    site built again into the same folder: the pages follow, and are what a cold build of
    that commit makes."""
    site = clone_desk(desk, tmp_path / "site").site
    git(site, "reset", "-q", "--hard", desk.commits["figure"])
    shutil.rmtree(site / ".cache", ignore_errors=True)
    out = tmp_path / "public"
    first = build_site(site, out)
    assert revisions_shown(out / HISTORY / "index.html")[0]["commit"] == desk.short("figure")
    line = updated_line(out / "claims/flight/index.html")
    assert visible(line) == "Updated November 25, 2026: a figure See every change"

    # Nothing changed: nothing is made again.
    same = build(Options(site_dir=site, out_dir=out), first.state if remembered else None)
    assert same.ok and same.rendered == [] and same.report.written == []

    # A commit that touches no check: its pages stay as they are.
    (site / "NOTES.txt").write_text("Desk notes.\n")
    commit(site, "Desk notes", "2026-11-25T12:00:00Z")
    noted = build(Options(site_dir=site, out_dir=out), same.state if remembered else None)
    assert noted.ok and HISTORY + "index.html" not in noted.rendered

    change_rating(site)
    made = commit(site, "The flight: rating", "2026-11-26T09:00:00Z")
    again = build(Options(site_dir=site, out_dir=out), noted.state if remembered else None)
    assert again.ok
    assert {f"{HISTORY}index.html", f"{HISTORY}history.json", "claims/flight/index.html"} <= \
        set(again.report.written)
    newest = revisions_shown(out / HISTORY / "index.html")[0]
    assert (newest["date"], newest["commit"]) == ("2026-11-26", made[:10])
    assert visible(updated_line(out / "claims/flight/index.html")).startswith(
        "Rating changed from Accurate to Misleading November 26, 2026: The count was off")
    assert_same_as_cold(site, out, tmp_path)


# ---- 7. the pages in the Nu Html Checker and axe-core --------------------------------------


@pytest.fixture(scope="module")
def working(desk, tmp_path_factory) -> Path:
    """The desk with an edit not committed yet, built: every kind of revision a history
    page shows."""
    root = tmp_path_factory.mktemp("working")
    site = clone_desk(desk, root / "site").site
    edit_summary(site)
    out = root / "public"
    build_site(site, out)
    return out


HISTORY_PAGES = [HISTORY, ARTICLE_HISTORY, "claims/window/history/"]


def test_the_history_pages_are_valid_html(working, tmp_path):
    require("java", "install a Java runtime (Java 17 or later): apt-get install default-jre")
    require(VNU, "install the test tools: npm ci (see the Makefile's `make test`)")
    pages = [working / p / "index.html" for p in [*HISTORY_PAGES, "claims/flight/"]]
    (tmp_path / "canary.html").write_text(CANARY)
    run_vnu = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only",
                              *map(str, pages), str(tmp_path / "canary.html")],
                             capture_output=True, text=True, timeout=600)
    messages = json.loads(run_vnu.stderr)["messages"]
    found = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages
             if m["type"] == "error"]
    assert found, "the invalid canary page was not reported: did vnu check anything?"
    assert [m for m in found if "canary.html" not in m] == []


def test_the_history_pages_have_no_wcag_a_or_aa_violations(working, tmp_path):
    need_browser()
    with serve(working) as url:
        # (readers.mjs photographs the first claims/ path too: the history page, on a phone)
        result = node("readers.mjs", url, str(tmp_path / "shots"), *HISTORY_PAGES,
                      "claims/flight/")
    audited = [p for p in result["pages"] if "violations" in p]
    assert len(audited) == 2 * (len(HISTORY_PAGES) + 1)
    assert {(p["path"], p["scheme"]): p["violations"] for p in audited if p["violations"]} \
        == {}
    shots = [p for p in result["pages"] if "screenshot" in p and p["path"] == HISTORY]
    assert len(shots) == 4 and all(p["overflow"] <= 0 for p in shots), \
        "no sideways scrolling on a phone"
