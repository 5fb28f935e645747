"""Evidence: quotes against the stored copies of their sources, figures against their quotes,
dated figures against stale_after. The stored copies are made-up texts in tests/evidence/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, build_site, require
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.build import Options, build, read_content, today
from factsite.content.model import Period, StoredCopy
from factsite.diagnostics import Diagnostic
from factsite.evidence import numberforms
from factsite.evidence import quotes as evidence

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "evidence"
MINIMAL = TESTS / "sites" / "minimal"
CLAIM = "content/claims/council-vote.yaml"
FIRST_QUOTE_LINE = 8  # the line of the first quote in the claim file `site_with` writes


def site_with(tmp_path: Path, quotes: list[str], copy: str | None = "council.txt",
              stored_on: str | None = "2026-11-19", figures: str = "",
              site_extra: str = "", source_extra: str = "") -> Path:
    """The minimal site plus a source `council` (with the stored copy `copy`) and a claim
    quoting it; quote i is on line FIRST_QUOTE_LINE + 2 i, column 12."""
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    source = "title: Minutes of the council\npublisher: Lakeside Town Council\n" \
             "url: https://example.org/minutes\n"
    if stored_on:
        source += f"stored_on: {stored_on}\n"
    source += "archived: https://web.archive.org/web/2026/https://example.org/minutes\n"
    source += source_extra
    (site / "content/sources/council.yaml").write_text(source)
    if copy:
        shutil.copy(FIXTURES / copy, site / "content/sources" / ("council" + Path(copy).suffix))
    lines = ["claim: The bridge will open in the spring.", "claimant: ice", "rating: accurate",
             "summary: The minutes say so [@council].", "published: 2026-11-20", "sources:"]
    for quote in quotes:
        lines += ["  - source: council", f"    quote: {json.dumps(quote, ensure_ascii=False)}"]
    if not quotes:
        lines += ["  - council"]
    (site / CLAIM).write_text("\n".join(lines) + "\n" + figures)
    if site_extra:
        with open(site / "site.yaml", "a") as f:
            f.write(site_extra)
    return site


def problems(site: Path) -> list[Diagnostic]:
    return build(Options(site_dir=site, write=False)).diagnostics


def about(diagnostics: list[Diagnostic], path: str = CLAIM) -> list[Diagnostic]:
    return [d for d in diagnostics if d.pos.path.endswith(path)]


def check_cli(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *args],
                          cwd=site, capture_output=True, text=True, timeout=60)


# ---- quotes -------------------------------------------------------------------------------

MATCHING = [
    # straight quotes and a spaced hyphen for the copy's curly quotes and em dash
    'The mayor said the new bridge "will open in the spring - not a day later"',
    # a line break in the copy, an apostrophe, trailing punctuation left off
    "its cost had risen to 4.2 million dollars",
    # the first letter's case may differ from the copy's
    "Will open in the spring",
    # an ellipsis for words left out, and the copy's own ... matched by …
    "We closed three branches… and we will not reopen them this year.",
    "the treasurer answered: [...] we will not reopen them",
    # the desk's own words in square brackets
    "[The treasurer said] we will not reopen them this year",
]


@pytest.mark.parametrize("quote", MATCHING)
def test_a_quote_in_the_stored_copy_is_verified(tmp_path, quote):
    site = site_with(tmp_path, [quote])
    assert about(problems(site)) == []


NOT_MATCHING = [
    ("The mayor said the new bridge will open in the summer", '"spring" where the quote has '
     '"summer"'),
    ("its cost had risen to 4.2 million euros", '"dollars" where the quote has "euros"'),
    ("Council members voted 7 to 3 to publish the audit", '"2" where the quote has "3"'),
    ("Council members voted to publish the audit", 'the quote leaves out "7 to 2"'),
    ("Council members unanimously voted 7 to 2 to publish", 'the copy does not have '
     '"unanimously"'),
    ("council Members voted 7 to 2", '"members" where the quote has "Members"'),
]


@pytest.mark.parametrize(("quote", "difference"), NOT_MATCHING)
def test_a_near_miss_is_an_error_at_the_quote_with_the_closest_passage(tmp_path, quote,
                                                                      difference):
    site = site_with(tmp_path, ["We closed three branches", quote])
    found = about(problems(site))
    assert len(found) == 1, found
    d = found[0]
    assert d.is_error
    assert (d.pos.line, d.pos.col) == (FIRST_QUOTE_LINE + 2, 12)
    assert "quote not found in the stored copy of 'council'" in d.message
    assert "the closest passage is" in d.message
    assert difference in d.message


def test_the_closest_passage_is_shown_as_the_copy_writes_it(tmp_path):
    site = site_with(tmp_path, ["the new bridge will open in spring - not a day later"])
    (d,) = about(problems(site))
    assert 'the closest passage is "the new bridge “will open in the spring — not a day ' \
        'later”"' in d.message
    assert 'the quote leaves out "the"' in d.message


def test_an_unrelated_quote_says_no_passage_comes_close(tmp_path):
    site = site_with(tmp_path, ["Parking fees will double from January"])
    (d,) = about(problems(site))
    assert d.is_error and "no passage of it comes close" in d.message


def test_letter_case_inside_a_quote_and_merged_words_are_differences(tmp_path):
    site = site_with(tmp_path, ["the Mayor said", "bridgewill open"])
    assert [d.pos.line for d in about(problems(site))] == [8, 10]


def test_figure_quotes_are_checked_too(tmp_path):
    figures = ("figures:\n  cost:\n    value: 4.2\n    label: Cost\n    source: council\n"
               "    quote: its cost had risen to 4.2 billion dollars\n")
    site = site_with(tmp_path, [], figures=figures)
    (d,) = about(problems(site))
    assert d.is_error and (d.pos.line, d.pos.col) == (13, 12)
    assert '"million" where the quote has "billion"' in d.message


def test_a_quote_without_a_stored_copy_is_a_warning_and_strict_makes_it_fail(tmp_path):
    site = site_with(tmp_path, ["its cost had risen"], copy=None, stored_on=None)
    (d,) = about(problems(site))
    assert not d.is_error
    assert d.message == ("quote not verified: source 'council' has no stored copy "
                         "(content/sources/council.txt or .html) to check it against; if the "
                         "desk holds none, say why with 'no_copy: <reason>' in the source's "
                         "file")
    assert check_cli(site).returncode == 0
    strict = check_cli(site, "--strict")
    assert strict.returncode == 1 and f"{CLAIM}:8:12: error: quote not verified" in strict.stderr


def test_check_prints_how_many_quotes_it_verified(tmp_path):
    site = site_with(tmp_path, [MATCHING[0], MATCHING[1], "a quote not in it at all, no"])
    run = check_cli(site)
    # the minimal site's three quotes from its own stored copy, plus these three
    assert "5 of 6 quotes verified against stored copies" in run.stderr, run.stderr


# ---- stored copies: .html, and the files that go with them --------------------------------

def test_an_html_copy_is_read_for_its_visible_text_only(tmp_path):
    quotes = ["The mayor said the new bridge “will open in the spring — not a day later”",
              "Turnout was 37 000 voters, or 61 % of the roll",
              "the bridge is cancelled", "The bridge is closed for good",
              "the bridge is closed", "the council was dissolved", "p { color: red; }",
              "and the treasurer agreed", "not a day later”and the treasurer"]
    site = site_with(tmp_path, quotes, copy="council.html")
    lines = {d.pos.line for d in about(problems(site)) if d.is_error}
    line = {q: FIRST_QUOTE_LINE + 2 * i for i, q in enumerate(quotes)}
    assert line[quotes[0]] not in lines and line[quotes[1]] not in lines
    for hidden in quotes[2:7]:  # script, noscript, comment and style text is not the page's
        assert line[hidden] in lines, hidden
    assert line[quotes[7]] not in lines  # a line break inside a paragraph is a space
    assert line[quotes[8]] in lines  # the words of two blocks never run together


def test_an_html_copy_in_another_charset(tmp_path):
    site = site_with(tmp_path, ["the café opened"], copy=None)
    html = '<html><head><meta charset="windows-1252"></head><body><p>Then the café opened.'
    (site / "content/sources/council.html").write_bytes(html.encode("cp1252"))
    assert about(problems(site)) == []


def test_stored_copy_and_stored_on_go_together(tmp_path):
    site = site_with(tmp_path, ["its cost had risen"], stored_on=None)
    (d,) = about(problems(site), "content/sources/council.yaml")
    assert not d.is_error and "content/sources/council.txt is the stored copy" in d.message
    assert "add 'stored_on'" in d.message
    site = site_with(tmp_path / "two", ["its cost had risen"], copy=None)
    (d,) = about(problems(site), "content/sources/council.yaml")
    assert (d.pos.line, not d.is_error) == (4, True)
    assert "stored_on is set but there is no stored copy: add council.txt or council.html" \
        in d.message


def test_a_stored_copy_without_a_source_and_two_copies(tmp_path):
    site = site_with(tmp_path, ["its cost had risen"])
    shutil.copy(FIXTURES / "council.txt", site / "content/sources/orphan.txt")
    shutil.copy(FIXTURES / "council.html", site / "content/sources/council.html")
    found = problems(site)
    (orphan,) = about(found, "content/sources/orphan.txt")
    assert not orphan.is_error and "a stored copy with no source file" in orphan.message
    twice = [d for d in found if "two stored copies" in d.message]
    assert len(twice) == 1 and twice[0].is_error


def test_a_stored_copy_is_never_published(tmp_path):
    site = site_with(tmp_path, ["its cost had risen"])
    out = tmp_path / "public"
    build_site(site, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".txt" and p.name != "robots.txt"]
    for path in files:
        text = path.read_bytes()
        assert b"Lakeside Town Council, made up" not in text, path
        assert b"Twenty-one staff members" not in text, path


def test_pages_mark_verified_quotes_and_count_them(tmp_path):
    figures = ("figures:\n  branches:\n    value: 3\n    label: Branches closed\n"
               "    source: council\n    quote: We closed three branches\n")
    site = site_with(tmp_path, [MATCHING[1]], figures=figures)
    out = tmp_path / "public"
    build_site(site, out)
    claim = (out / "claims/council-vote/index.html").read_text()
    mark = "Verified against the copy we stored on November 19, 2026"
    assert f'<p class="verified">{mark}</p>' in claim
    assert f'<q>We closed three branches</q><br><small class="verified">{mark}</small>' in claim
    source = (out / "sources/council/index.html").read_text()
    assert ("2 of 2 quotes from this source are verified against the copy we stored on "
            "November 19, 2026.") in source
    statement = (out / "sources/statement/index.html").read_text()
    assert "We hold no stored copy of this source." in statement


def test_an_unverified_quote_is_not_marked(tmp_path):
    site = site_with(tmp_path, [MATCHING[1]], copy=None, stored_on=None)
    out = tmp_path / "public"
    build_site(site, out)
    assert "verified" not in (out / "claims/council-vote/index.html").read_text()
    source = (out / "sources/council/index.html").read_text()
    assert ("We hold no stored copy of this source, so the quotes from it are not verified "
            "against one.") in source


NO_COPY = "no_copy: the minutes were read out at the meeting and never printed\n"


def test_a_source_the_desk_holds_no_copy_of_says_why_and_check_does_not_warn(tmp_path):
    figures = ("figures:\n  branches:\n    value: 3\n    label: Branches closed\n"
               "    source: council\n    quote: We closed three branches\n")
    site = site_with(tmp_path, [MATCHING[1]], copy=None, stored_on=None, figures=figures,
                     source_extra=NO_COPY)
    assert problems(site) == []
    run = check_cli(site, "--strict")
    assert run.returncode == 0, run.stderr
    # (the minimal site's own claims quote 3 passages of its report, which are verified)
    assert ("0 errors, 0 warnings; 3 of 5 quotes verified against stored copies; 2 from "
            "sources the desk holds no copy of") in run.stderr
    out = tmp_path / "public"
    build_site(site, out)
    claim = (out / "claims/council-vote/index.html").read_text()
    mark = ("Not checked against a stored copy: the minutes were read out at the meeting and "
            "never printed")
    assert f'<p class="unchecked">{mark}</p>' in claim
    assert f'<q>We closed three branches</q><br><small class="unchecked">{mark}</small>' \
        in claim
    assert 'class="verified"' not in claim
    source = (out / "sources/council/index.html").read_text()
    assert ("We hold no copy of this source: the minutes were read out at the meeting and "
            "never printed. The quotes from it are not checked against one.") in source


def test_the_counter_line_counts_verified_and_unheld_quotes_apart(tmp_path):
    site = site_with(tmp_path, [MATCHING[1], MATCHING[2]])
    (site / "content/sources/statement.yaml").write_text(
        "title: A statement\npublisher: The mayor\nno_url: given to our reporter by phone\n"
        + NO_COPY)
    with open(site / CLAIM, "a") as f:
        f.write("  - source: statement\n    quote: the bridge opens in spring\n")
    run = check_cli(site)
    assert run.returncode == 0, run.stderr
    assert ("0 errors, 0 warnings; 5 of 6 quotes verified against stored copies; 1 from "
            "sources the desk holds no copy of") in run.stderr


def test_no_copy_beside_a_stored_copy_or_stored_on_is_an_error(tmp_path):
    site = site_with(tmp_path, [MATCHING[1]], stored_on=None, source_extra=NO_COPY)
    found = [d for d in about(problems(site), "content/sources/council.yaml") if d.is_error]
    assert [(d.pos.line, d.pos.col) for d in found] == [(5, 10)], found
    assert found[0].message == ("no_copy says the desk holds no copy of this source, but "
                                "content/sources/council.txt is its stored copy: remove one")
    site = site_with(tmp_path / "2", [MATCHING[1]], source_extra=NO_COPY)
    found = [d for d in about(problems(site), "content/sources/council.yaml")
             if "stored_on says" in d.message]
    assert [(d.is_error, d.pos.line, d.pos.col) for d in found] == [(True, 6, 10)], found


# ---- figures against their quotes ------------------------------------------------------

@pytest.mark.parametrize(("value", "quote", "language"), [
    (37000, "There are more than 37,000 Cubans", "en"),
    (37000, "some 37000 people", "en"),
    (37000, "roughly 37 thousand people", "en"),
    (37000, "thirty-seven thousand people", "en"),
    (37000, "más de 37.000 cubanos", "es"),
    (37000, "treinta y siete mil cubanos", "es"),
    (90, "a 90-day window", "en"),
    (90, "a ninety-day window", "en"),
    (90, "noventa días", "es"),
    (1, "at least one other immigrant", "en"),
    (21, "Twenty-one staff members", "en"),
    (120, "one hundred and twenty people", "en"),
    (61, "or 61% of the roll", "en"),
    (12.5, "12.5 percent", "en"),
    (12.5, "el 12,5 %", "es"),
    (4200000, "4.2 million dollars", "en"),
    (2000000, "dos millones de personas", "es"),
    (1000000, "un millón de votos", "es"),
])
def test_a_figure_is_found_in_the_forms_people_write(value, quote, language):
    assert numberforms.find(value, quote, language) is not None


@pytest.mark.parametrize(("value", "quote", "language"), [
    (120, "deported 1,120 people", "en"),
    (120, "flight 1205", "en"),
    (1, "twenty-one staff", "en"),
    (37000, "37.000 Cubans", "en"),  # a decimal point in English: 37
    (12.5, "12.5 percent", "es"),  # 12,5 in Spanish
    (90, "nineteen days", "en"),
    (7, "seventy", "en"),
])
def test_a_figure_is_not_found_inside_another_number(value, quote, language):
    assert numberforms.find(value, quote, language) is None


def test_a_figure_missing_from_its_quote_is_a_warning_naming_the_forms_tried(tmp_path):
    figures = ("figures:\n  staff:\n    value: 21\n    label: Staff moved\n    source: council\n"
               "    quote: Twenty-one staff members were moved to the main building\n"
               "  votes:\n    value: 8\n    label: Votes for\n    source: council\n"
               "    quote: Council members voted 7 to 2 to publish the audit\n")
    site = site_with(tmp_path, [], figures=figures)
    (d,) = about(problems(site))
    assert not d.is_error and (d.pos.line, d.pos.col) == (15, 12)
    assert d.message == "figure 'votes': its value 8 is not in its quote (looked for 8, eight)"


# ---- time ---------------------------------------------------------------------------------

def test_a_figure_older_than_stale_after_is_a_warning(tmp_path, monkeypatch):
    figures = ("figures:\n  votes:\n    value: 7\n    label: Votes for\n    source: council\n"
               "    as_of: 2025-11-20\n    quote: Council members voted 7 to 2\n")
    site = site_with(tmp_path, [], figures=figures, site_extra="stale_after: 365d\n")
    day = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
    (d,) = about(problems(site))
    assert not d.is_error and (d.pos.line, d.pos.col) == (13, 12)
    assert d.message == ("figure 'votes' is as of 2025-11-20, more than 365d ago "
                         "(site.yaml's stale_after): look for a newer figure")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp()) - 86400))
    assert about(problems(site)) == []  # exactly 365 days is not older


def test_stale_after_units_and_mistakes(tmp_path):
    assert Period(1, "m").after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Period(1, "y").after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert Period(2, "w").after(dt.date(2026, 1, 1)) == dt.date(2026, 1, 15)
    assert Period(18, "m").after(dt.date(2026, 1, 1)) == dt.date(2027, 7, 1)
    site = site_with(tmp_path, [], site_extra="stale_after: 365\n")
    (d,) = about(problems(site), "site.yaml")
    assert d.is_error and d.message == ("expected a length of time like 365d (d days, w weeks, "
                                        "m months, y years), found '365'")


def test_staleness_is_measured_on_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert today() == dt.date(1970, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today() == dt.datetime.now(dt.UTC).date()


def test_the_output_does_not_depend_on_the_day(tmp_path, monkeypatch):
    figures = ("figures:\n  votes:\n    value: 7\n    label: Votes for\n    source: council\n"
               "    as_of: 2025-11-20\n    quote: Council members voted 7 to 2\n")
    site = site_with(tmp_path, [], figures=figures, site_extra="stale_after: 30d\n")
    outs = []
    for epoch in ("1700000000", "1900000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        outs.append(tmp_path / epoch)
        build_site(site, outs[-1])
    page = "claims/council-vote/index.html"
    first, second = ((o / page).read_bytes() for o in outs)
    assert first == second and b"November 20, 2025" in first


# ---- the example site ------------------------------------------------------------------------

SEED = SHARED / "seed" / "vice-cuba-deportations.txt"


def test_the_example_verifies_every_quote_from_the_report_and_flags_none_falsely():
    content, _ = read_content(ROOT)
    quotes = [(e.source, e.quote) for c in content.claims for e in c.sources if e.quote]
    quotes += [(f.source, f.quote) for c in content.claims for f in c.figures if f.quote]
    from_report = sum(source == "vice-report" for source, _ in quotes)
    run = subprocess.run([sys.executable, "build.py", "check"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    # every other quote is from a source the desk says it holds no copy of (no_copy)
    assert (f"{from_report} of {len(quotes)} quotes verified against stored copies; "
            f"{len(quotes) - from_report} from sources the desk holds no copy of") in run.stderr
    assert from_report >= 10
    assert "quote not found" not in run.stderr
    assert "is not in its quote" not in run.stderr  # every figure is in its quote
    assert "quote not verified" not in run.stderr


def test_the_stored_excerpt_is_copied_exactly_and_is_not_the_whole_report():
    require(SEED, "the shared folder ../shared (the seed report) sits beside the project")
    seed = SEED.read_text("utf-8")
    excerpt = (ROOT / "content/sources/vice-report.txt").read_text("utf-8")
    passages = [p.strip() for p in excerpt.split("[…]")]
    assert len(passages) >= 3
    for passage in passages:
        assert passage in seed, passage[:60]
    paragraphs = [p for p in seed.split("\n\n")[1:] if p.strip()]
    left_out = [p for p in paragraphs if not any(p in passage or passage in p
                                                 for passage in passages)]
    assert len(left_out) >= 2  # the ICE statement to the Herald, the paragraph on the officials


# ---- properties -------------------------------------------------------------------------------

VOCABULARY = ["the", "agreement", "doesn’t", "“wet", "foot,”", "—", "U.S.-Cuba", "90-day",
              "37,000", "Cuba’s", "(ICE)", "says:", "«no»", "a", "Havana;", "–", "it's"]
STRAIGHT = str.maketrans({"’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "—": "-",
                          "–": " - "})


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=30),
       breaks=st.lists(st.sampled_from([" ", "\n", "  ", " \n  ", "\u00a0"]), min_size=30,
                       max_size=30),
       data=st.data())
def test_any_passage_of_a_copy_verifies_however_it_is_typed(words, breaks, data):
    text = "".join(w + b for w, b in zip(words, breaks, strict=False))
    copy = StoredCopy("s.txt", "s.txt", text)
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    quote = " ".join(words[i:j])
    assert evidence.verified(quote, copy)
    assert evidence.verified(quote.translate(STRAIGHT), copy)
    changed = [*words[i:j]]
    changed[data.draw(st.integers(0, len(changed) - 1))] = "zebra"
    assert not evidence.verified(" ".join(changed), copy)


@given(st.text(alphabet=st.sampled_from(list("ab 1-–—‐ \t\n\u00a0…“”‘’'\".,é\u0301ﬁ\u00ad")),
               max_size=40))
def test_the_fast_normalising_agrees_with_the_mapped_one(text):
    from factsite.evidence.quotes import _canonical_text, canonical

    assert _canonical_text(text) == canonical(text)[0]
