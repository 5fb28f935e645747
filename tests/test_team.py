"""The team's pages (issue 20, "Transparency as data"): content/team/<slug>.md gives a member
of site.yaml's team a page, /team/<slug>/; /team/ lists the whole team; every check's
credits link each name that has a page, and each page lists the checks its person checked
or edited. What is expected is read from the YAML independently of factsite (PyYAML's
BaseLoader), and the pages are read as readers and machines read them: the HTML, the
JSON-LD through extruct, the Nu Html Checker, axe-core in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import extruct
import jsonschema
import pytest
from conftest import ROOT, build_site, copy_example, edit, fill, require
from readers import claims_yaml, read_yaml, serve, site_yaml
from test_bad_content import diagnostics, run_cli
from test_html_validity import CANARY, VNU
from test_incremental_property import differing, snapshot
from test_scaffold import new
from test_theme import need_browser, node

from factsite.build import Options, build
from factsite.content.documents import parse_bytes
from factsite.content.yamlnodes import to_data

TEAM = "content/team"
VOCAB = Path(__file__).parent / "vocab" / "schemaorg-12.0.json"


# ---- what the YAML says, read without factsite ---------------------------------------------


def team_files(site: Path) -> dict[str, tuple[str, dict]]:
    """name → (slug, front matter) of each published team file."""
    out = {}
    for path in sorted((site / TEAM).glob("*.md")):
        data = read_yaml(path)
        if data.get("draft") != "true":
            out[data["name"]] = (path.stem, data)
    return out


def credited(claim: dict) -> list[str]:
    return [*claim.get("checked_by", []), *claim.get("edited_by", [])]


def newest_first(claims: dict[str, dict]) -> list[str]:
    """Claim ids as listings order them: the newest published first, then by id."""
    by_id = sorted(claims)
    return sorted(by_id, key=lambda c: claims[c]["published"], reverse=True)


def between(html: str, start: str, end: str) -> str:
    """The HTML from the first `start` to the `end` after it."""
    at = html.index(start)
    return html[at:html.index(end, at)]


def plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def anchors(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link."""
    return [(href, plain(text)) for href, text in
            re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)]


def page(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text("utf-8")


def json_ld(html: str, url: str) -> list[dict]:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]


# ---- the example: pages that link both ways ------------------------------------------------


def test_the_example_has_a_page_for_each_member(example_public):
    team = site_yaml(ROOT)["team"]
    files = team_files(ROOT)
    assert {m["name"] for m in team} == set(files) == {"Alex Example", "Sam Example"}
    for name, (slug, data) in files.items():
        html = page(example_public, f"team/{slug}")
        main = between(html, '<main id="main"', "</main>")
        assert f"<h1>{name}</h1>" in main
        assert plain(between(main, '<p class="lede">', "</p>")) == data["role"]
        conflicts = between(main, '<h2 id="conflicts-heading">', "</section>")
        assert plain(conflicts) == f"Conflicts of interest {data['conflicts']}"
        for link in data.get("links", []):
            assert (link, link.split("://")[1]) in anchors(main)
        bio = (ROOT / TEAM / f"{slug}.md").read_text().split("---\n", 2)[2]
        first_words = " ".join(bio.split()[:6]).replace("'", "’")
        assert first_words in plain(between(main, '<div class="prose">', "</div>"))


def test_the_masthead_lists_every_member_with_their_role(example_public):
    files = team_files(ROOT)
    html = page(example_public, "team")
    items = re.findall(r"<li>(.*?)</li>", between(html, '<ul class="team-index">', "</ul>"))
    team = site_yaml(ROOT)["team"]
    assert len(items) == len(team)
    for member, item in zip(team, items, strict=True):
        name = member["name"]
        slug, data = files[name]
        assert plain(item) == f"{name}, {data.get('role') or member['role']}"
        assert anchors(item) == [(f"/team/{slug}/", name)]
    assert ("/team/", "our team") in anchors(page(example_public, "about"))


def test_every_check_credits_link_to_the_pages_and_the_pages_list_the_checks(example_public):
    files = team_files(ROOT)
    claims = claims_yaml(ROOT)
    linked = 0
    for cid, claim in claims.items():
        for edition in ("", "es/"):
            path = example_public / edition / "claims" / cid / "index.html"
            if not path.is_file():
                continue
            credits = between(path.read_text("utf-8"), '<p id="credits">', "</p>")
            links = anchors(credits)
            for name in credited(claim):
                assert (f"/team/{files[name][0]}/", name) in links, (cid, edition)
                linked += 1
    assert linked >= 2 * len(claims) + 2 * 3, "both names on every check, in both languages"
    for name, (slug, _) in files.items():
        html = page(example_public, f"team/{slug}")
        shown = re.findall(r'<h3 class="card-title"><a href="/claims/([^/"]+)/"',
                           between(html, 'id="checks-heading"', "</main>"))
        expected = newest_first({c: v for c, v in claims.items() if name in credited(v)})
        assert shown == expected and len(shown) == len(claims), name
        for cid in shown:  # and back again: each check's credits link this page
            assert (f"/team/{slug}/", name) in anchors(page(example_public, f"claims/{cid}"))


def test_a_person_page_says_who_they_work_for_in_json_ld(example_public):
    base = site_yaml(ROOT)["base_url"]
    organization = base.rstrip("/") + "/#organization"
    review = next(i for i in json_ld(page(example_public, "claims/paperwork-glitch"), base)
                  if i["@type"] == "ClaimReview")
    assert review["publisher"]["@id"] == organization
    vocab = json.loads(VOCAB.read_text())["properties"]
    for name, (slug, data) in team_files(ROOT).items():
        url = f"{base}team/{slug}/"
        html = page(example_public, f"team/{slug}")
        (person,) = [i for i in json_ld(html, url) if i.get("@type") == "Person"]
        assert html.count('<script type="application/ld+json">') == 1
        assert person["@context"] == "https://schema.org"
        assert person["worksFor"]["@id"] == organization
        assert person["name"] == name and person["url"] == url
        assert person["jobTitle"] == data["role"]
        assert person["sameAs"] == data["links"]
        assert 20 < len(person["description"]) <= 200
        assert person["description"] in plain(between(html, '<div class="prose">', "</div>"))
        meta = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert meta and unescape(meta.group(1)) == person["description"]
        for prop in person:
            if not prop.startswith("@"):
                assert {"Person", "Thing"} & set(vocab[prop]["domainIncludes"]), prop


def test_the_person_schema_takes_the_example_and_refuses_what_it_can_tell(tmp_path):
    schema = json.loads((ROOT / "schemas/person.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    check = jsonschema.Draft7Validator(schema)
    for path in sorted((ROOT / TEAM).glob("*.md")):
        doc, _ = parse_bytes(path.read_bytes(), kind="person", rel=f"{TEAM}/{path.name}",
                             path=str(path), stem=path.stem)
        data = to_data(doc.node)
        assert list(check.iter_errors(data)) == [], path
        for bad in ({"name": "Nobody Example"}, {"email": "alex@example.org"},
                    {"links": "https://example.org/"}, {"bio": "x"}):
            assert list(check.iter_errors({**data, **bad})), bad


# ---- variants: drafts, a member without a page, a role of their own, pagination ------------


@pytest.fixture(scope="module")
def variant(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The example with Sam's page a draft, Alex's role their own, a third member (Kim)
    with a bare page (no role anywhere, no bio, links or conflicts), a fourth (Lee) with
    none, and three checks to a listing page (Alex's list has pages); built as published
    and with drafts (the preview's)."""
    root = tmp_path_factory.mktemp("team")
    site = copy_example(root / "site")
    edit(site / "site.yaml", "    role: Editor\n",
         "    role: Editor\n  - name: Kim Example\n  - name: Lee Example\n    role: Intern\n")
    edit(site / "site.yaml", "per_page: 50", "per_page: 3")
    edit(site / f"{TEAM}/sam-example.md", "name: Sam Example\n", "name: Sam Example\ndraft: true\n")
    edit(site / f"{TEAM}/alex-example.md", "role: Fact-checker", "role: Senior fact-checker")
    (site / f"{TEAM}/kim-example.md").write_text("---\nname: Kim Example\n---\n")
    out, drafts = root / "public", root / "drafts"
    build_site(site, out)
    build_site(site, drafts, drafts=True)
    return site, out, drafts


def test_a_draft_page_is_left_out_and_its_name_reads_as_before(variant, example_public):
    site, out, drafts = variant
    assert not (out / "team/sam-example").exists()
    assert "/team/sam-example/" not in (out / "sitemap.xml").read_text()
    masthead = page(out, "team")
    assert "<li>Sam Example, Editor</li>" in masthead
    for cid in claims_yaml(site):
        now = between(page(out, f"claims/{cid}"), '<p id="credits">', "</p>")
        before = between(page(example_public, f"claims/{cid}"), '<p id="credits">', "</p>")
        assert plain(now) == plain(before), "the same words, linked or not"
        assert "Edited by Sam Example." in plain(now) and "/team/sam-example/" not in now
        assert anchors(now)[0] == ("/team/alex-example/", "Alex Example")
    preview = page(drafts, "team/sam-example")
    assert 'class="draft-notice"' in preview
    assert ("/team/sam-example/", "Sam Example") in anchors(page(drafts, "team"))


def test_a_role_of_their_own_and_a_bare_page(variant):
    _, out, _ = variant
    masthead = page(out, "team")
    assert '<li><a href="/team/alex-example/">Alex Example</a>, Senior fact-checker</li>' \
        in masthead
    assert '<li><a href="/team/kim-example/">Kim Example</a></li>' in masthead
    assert "<li>Lee Example, Intern</li>" in masthead
    alex = page(out, "team/alex-example")
    (person,) = [i for i in json_ld(alex, "https://example.org/") if i["@type"] == "Person"]
    assert person["jobTitle"] == "Senior fact-checker"
    kim = page(out, "team/kim-example")
    (bare,) = [i for i in json_ld(kim, "https://example.org/") if i["@type"] == "Person"]
    assert set(bare) == {"@context", "@type", "name", "url", "description", "worksFor"}
    assert bare["description"] == "Kim Example"
    main = between(kim, '<main id="main"', "</main>")
    assert "Conflicts of interest Not yet declared." in plain(main)
    assert 'class="prose"' not in main and "person-links" not in main
    assert "No fact-checks yet." in plain(main)


def test_a_long_list_of_checks_has_pages(variant):
    site, out, _ = variant
    claims = claims_yaml(site)
    cards = []
    for n in (1, 2, 3):
        html = page(out, "team/alex-example" + ("" if n == 1 else f"/page/{n}"))
        cards += re.findall(r'<h3 class="card-title"><a href="/claims/([^/"]+)/"', html)
        assert (n == 1) == ('"@type": "Person"' in html), "the JSON-LD once, on page 1"
    assert cards == newest_first(claims)
    assert 'content="0; url=/team/alex-example/"' in page(out, "team/alex-example/page/1")


# ---- mistakes, said where they are ----------------------------------------------------------


@pytest.fixture
def desk(tmp_path) -> Path:
    return copy_example(tmp_path / "site")


def test_an_unknown_name_is_an_error_on_its_value_with_a_did_you_mean(desk):
    edit(desk / f"{TEAM}/sam-example.md", "name: Sam Example", "name:  Sam Exmaple")
    code, _, err, _ = run_cli("check", desk)
    assert code == 1
    assert diagnostics(err) == [f"{TEAM}/sam-example.md:2:8: error: 'Sam Exmaple' is not in "
                                "site.yaml's team; did you mean 'Sam Example'?"]


def test_two_files_for_one_person_is_an_error(desk):
    shutil.copy(desk / f"{TEAM}/alex-example.md", desk / f"{TEAM}/alex.md")
    code, _, err, _ = run_cli("check", desk)
    assert code == 1
    assert diagnostics(err) == [f"{TEAM}/alex.md:2:7: error: 'Alex Example' already has a "
                                f"page, {TEAM}/alex-example.md: one file per person (remove "
                                "one, or put another member's name in this one)"]
    edit(desk / f"{TEAM}/alex.md", "---\n", "---\ndraft: true\n")  # (a draft is no page)
    assert run_cli("check", desk)[0] == 0


def test_new_team_makes_a_page_to_fill_in(desk):
    edit(desk / "site.yaml", "    role: Editor\n", "    role: Editor\n  - name: Kim Example\n")
    done = new(desk, "team", "kim-example")
    assert done.returncode == 0, done.stderr
    path = desk / f"{TEAM}/kim-example.md"
    text = path.read_text()
    assert text.startswith("---\n# A new team member's page.")
    assert "Team: Alex Example, Sam Example, Kim Example." in text
    assert "IFCN" in text and "# conflicts: None declared." in text
    assert not (desk / "schemas").exists(), "front matter points at no schema"
    code, _, err, _ = run_cli("check", desk, "--strict")
    assert code == 1 and f"{TEAM}/kim-example.md:10:6: error: unfinished draft: 'name' " \
        "is empty" in err
    fill(path, [("draft: true\n", ""), ("name:\n", "name: Kim Example\n"),
                ("# conflicts: None declared.", "conflicts: None declared.")])
    assert run_cli("check", desk, "--strict")[0] == 0
    assert new(desk, "team", "kim-example").returncode == 1, "never overwritten"
    out = desk / "public"
    build_site(desk, out)
    assert ("/team/kim-example/", "Kim Example") in anchors(page(out, "team"))


# ---- incremental builds make what a cold build makes ----------------------------------------


def test_team_edits_build_incrementally_as_cold(tmp_path):
    site = copy_example(tmp_path / "site")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: false\n")
    alex, sam = site / f"{TEAM}/alex-example.md", site / f"{TEAM}/sam-example.md"
    glitch = site / "content/claims/paperwork-glitch.yaml"
    original = sam.read_text()
    steps = [
        lambda: edit(alex, "role: Fact-checker", "role: Chief fact-checker"),
        lambda: edit(glitch, "short: One more deportee", "short: Another deportee"),  # (cards)
        lambda: edit(sam, "name: Sam Example\n", "name: Sam Example\ndraft: true\n"),
        lambda: glitch.write_text(glitch.read_text().replace("checked_by: [Alex Example]",
                                                             "checked_by: [Sam Example]")),
        lambda: sam.write_text(original),
        lambda: alex.unlink(),
        lambda: edit(sam, "name: Sam Example", "name: Alex Example"),
        lambda: edit(sam, "role: Editor\n", ""),  # (Alex's role: site.yaml's again)
        lambda: edit(site / "site.yaml", "role: Fact-checker", "role: Researcher"),
    ]
    out = tmp_path / "incremental"
    state = build(Options(site_dir=site, out_dir=out)).state
    for n, step in enumerate(steps):
        step()
        incremental = build(Options(site_dir=site, out_dir=out), previous=state)
        cold_out = tmp_path / f"cold-{n}"
        cold = build(Options(site_dir=site, out_dir=cold_out, cache=False))
        assert [str(d) for d in incremental.diagnostics] == [str(d) for d in cold.diagnostics]
        assert cold.ok, [str(d) for d in cold.diagnostics]
        assert differing(snapshot(out), snapshot(cold_out)) == [], n
        state = incremental.state
    assert not (out / "team/alex-example").exists()
    assert '<li><a href="/team/sam-example/">Alex Example</a>, Researcher</li>' \
        in page(out, "team")


# ---- what the validator and readers get -----------------------------------------------------


def test_the_team_pages_are_valid_html(variant, tmp_path):
    require("java", "install a Java runtime (Java 17 or later): apt-get install default-jre")
    require(VNU, "install the test tools: npm ci (see the Makefile's `make test`)")
    _, out, drafts = variant
    www = tmp_path / "www"
    pages = [*(out / "team").rglob("*.html"), *(drafts / "team").rglob("*.html"),
             out / "claims/paperwork-glitch/index.html"]
    for n, path in enumerate(pages):
        (www / str(n)).mkdir(parents=True)
        shutil.copy(path, www / str(n) / "index.html")
    assert len(pages) >= 8
    (www / "canary.html").write_text(CANARY)
    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html",
                          "--errors-only", str(www)], capture_output=True, text=True,
                         timeout=300)
    errors = [m for m in json.loads(run.stderr)["messages"] if m["type"] == "error"]
    shown = "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)
    assert {m["url"].rsplit("/", 1)[1] for m in errors} == {"canary.html"}, shown


def test_no_wcag_violations_on_the_team_pages(variant, tmp_path):
    need_browser()
    _, out, _ = variant
    paths = ["team/", "team/alex-example/", "team/alex-example/page/2/", "team/kim-example/",
             "claims/paperwork-glitch/"]
    with serve(out) as url:
        result = node("readers.mjs", url, str(tmp_path / "shots"), *paths)
    audited = [p for p in result["pages"] if "violations" in p]
    assert len(audited) == 2 * len(paths)
    assert {(p["path"], p["scheme"]): p["violations"] for p in audited if p["violations"]} \
        == {}
