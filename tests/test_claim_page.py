"""The claim page as a reader first meets it, usually from a shared link on a phone: the claim,
who made it and the verdict with its explanation on the first screen; citations and figures
in one style of mark, each big enough to tap and named in words; a site menu that fits a
320 px screen; the wide screen used (the verdict beside the rest, in view as one reads).
Real Chromium, on every claim page of the example. The first screens it photographs land in
test-artifacts/screenshots/first-screen/ (docs/screenshots/ are copied from there)."""

import re

import pytest
from conftest import ROOT, build_site, copy_example
from readers import claims_yaml, serve, text_of
from test_theme import need_browser, node

SHOTS = ROOT / "test-artifacts/screenshots/first-screen"
SCREEN = 800  # px: the height of the first screen, on a phone and on a desktop
TARGET = 24  # px: WCAG 2.2 target size (minimum), 2.5.8


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("claimpage")
    out = root / "public"
    build_site(copy_example(root / "site"), out)
    return out


@pytest.fixture(scope="module")
def pages(example):
    """Each claim page (and the home page) measured at 320, 375 and 1280 px wide."""
    need_browser()
    claims = [f"claims/{claim_id}/" for claim_id in claims_yaml(ROOT)]
    with serve(example) as url:
        result = node("claimpage.mjs", url, str(SHOTS), "", *claims)
    measured = result["pages"]
    assert {p["path"] for p in measured if p["verdict"]} == set(claims)
    return measured


def at(pages, width, scheme="light", claims=True):
    return [p for p in pages if p["width"] == width and p["scheme"] == scheme
            and (bool(p["verdict"]) or not claims)]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_verdict_and_its_explanation_are_on_the_first_screen(pages, width):
    for page in at(pages, width):
        where = (page["path"], width)
        assert page["word"]["bottom"] <= SCREEN, where
        assert page["firstLine"]["bottom"] <= SCREEN and page["firstLine"]["text"], where
        assert page["summary"]["bottom"] <= SCREEN, (where, "the whole explanation")
        assert page["verdict"]["top"] >= page["claimHeader"]["top"], where  # claim first
        if width == 1280:  # beside the claim: the whole box, and it stays in view
            assert page["verdict"]["bottom"] <= SCREEN, where
            assert page["verdict"]["left"] >= page["claimHeader"]["right"], where
            assert page["verdict"]["right"] > 0.8 * width, "the right third is used"
            scrolled = page["scrolled"]
            assert scrolled["y"] > SCREEN and 0 <= scrolled["top"] < scrolled["bottom"] \
                <= SCREEN, (where, scrolled)
        else:  # on a phone: under the claim and who made it
            assert page["verdict"]["top"] >= page["claimHeader"]["bottom"], where


def test_every_citation_and_figure_is_a_mark_big_enough_to_tap_and_named(pages):
    marks = [(p["path"], p["width"], m) for w in (375, 1280) for p in at(pages, w)
             for m in p["marks"]]
    assert {m["kind"] for _, _, m in marks} == {"cite", "figure"}
    for path, width, mark in marks:
        where = (path, width, mark["href"], mark["text"])
        assert mark["width"] >= TARGET and mark["height"] >= TARGET, (where, mark)
        if mark["kind"] == "cite":  # a number, linked to its entry, named in words
            assert re.fullmatch(r"\d+", mark["text"]), where
            assert re.fullmatch(rf"Source {mark['text']}: \S.*", mark["name"]), mark["name"]
            assert mark["href"] == f"#source-{mark['text']}" and mark["target"], where
        else:  # a figure's value, linked to its row in "The numbers" (here or on its page)
            assert "#figure-" in mark["href"] and mark["target"] in (True, None), where


def test_the_menu_is_one_row_at_320_px_and_no_page_scrolls_sideways(pages):
    for page in at(pages, 320, claims=False):
        nav = page["nav"]
        assert len(nav) >= 4 and len({round(item["top"]) for item in nav}) == 1, nav
        assert all(item["lines"] == 1 for item in nav), nav  # no item broken in two
        assert page["navScroll"]["overflowX"] == "auto", "the menu scrolls, the page does not"
        assert page["overflow"] <= 0, page["path"]
    for page in at(pages, 1280, claims=False):  # on a desktop it all fits, nothing hidden
        assert page["navScroll"]["scrollWidth"] <= page["navScroll"]["clientWidth"]


def test_the_title_breathes_under_the_header(pages):
    for width in (375, 1280):
        for page in at(pages, width):
            assert page["titleGap"] >= 16, (page["path"], width, page["titleGap"])


def test_the_first_screens_are_photographed(pages):
    shots = [p["screenshot"] for p in pages if "screenshot" in p]
    assert len(shots) == 3 * len(at(pages, 375, claims=False))
    assert all((SHOTS / name).stat().st_size > 5000 for name in
               ("home-375-light.png", "120-cubans-one-flight-1280-dark.png"))


def test_the_source_list_gives_the_locators_the_marks_leave_out(example):
    html = (example / "claims/120-cubans-one-flight/index.html").read_text()
    main = html[html.index("<main"):]
    assert "<sup" not in main and "[1" not in main, "no superscripts, no [1; 2]"
    assert ('<a class="mark" href="#source-2" aria-label="Source 2: ICE Put 120 Cubans on a '
            'Flight to Havana in Major Deportation Ramp-Up, paragraphs 1 and 3"') in main
    entry = text_of(main, r'<li id="source-2">(.*?)</li>')
    assert "(paragraph 1; paragraphs 1 and 3)" in entry, entry
    assert '<a class="figure" href="#figure-deportees"' in main  # its own row, no "(VICE News)"
    assert 'id="figure-deportees"' in main
