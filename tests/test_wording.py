"""The claim's side of the evidence (evidence/wording.py, content/validate.py's appearance
rules, the scan of content/claims/<claim>/appearances/): where a claim was made, and its
words as said, checked against the stored copy of each place."""

from __future__ import annotations

import shutil
from pathlib import Path

from factsite.build import Options, build
from factsite.content.documents import parse_document
from factsite.content.validate import convert

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "sites" / "minimal"
CLAIM = "content/claims/flight.yaml"
TRANSCRIPT = ("Transcript of the briefing.\n\nThe spokesman said: “We put 120 Cubans on a "
              "single flight to Havana — and more will follow.”\n")
SAID = "We put 120 Cubans on a single flight to Havana"


def site_with(tmp_path: Path, block: str, copies: dict[str, str] | None = None) -> Path:
    """The minimal site, with `block` (said/appearances fields) added to its flight claim
    and these files in the claim's appearances/ folder."""
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    path = site / CLAIM
    path.write_text(path.read_text().replace("rating: accurate\n",
                                             block + "rating: accurate\n", 1))
    for name, text in (copies or {}).items():
        target = site / "content/claims/flight/appearances" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return site


def run(site: Path) -> tuple[list[str], str]:
    """`check`'s problems, as `path:line:col: severity: message` relative to the site, and
    its count line's wording part."""
    result = build(Options(site_dir=site, write=False, cache=False))
    lines = [str(d).replace(str(site) + "/", "") for d in result.diagnostics]
    return lines, str(result.quotes)


def test_the_words_said_are_verified_against_the_appearances_own_stored_copy(tmp_path):
    site = site_with(tmp_path, f"said: {SAID}\nappearances:\n  - where: A briefing\n",
                     {"1.txt": TRANSCRIPT})
    problems, tally = run(site)
    assert problems == []
    assert tally.endswith("; 1 of 1 claims' wordings verified against where they were made")


def test_a_saved_page_can_be_the_stored_copy_and_a_named_copy_need_not_be_numbered(tmp_path):
    page = f"<html><body><nav>Menu</nav><p>{TRANSCRIPT}</p></body></html>"
    site = site_with(tmp_path, f"said: {SAID}\nappearances:\n  - where: A post\n"
                     "  - where: A briefing\n    copy: briefing.html\n", {"briefing.html": page})
    problems, tally = run(site)
    assert problems == []
    assert "1 of 1 claims' wordings verified" in tally


def test_words_not_in_the_copy_are_an_error_with_the_closest_passage(tmp_path):
    site = site_with(tmp_path, "said: We put 120 Cubans on two flights to Havana\n"
                     "appearances:\n  - where: A briefing\n", {"1.txt": TRANSCRIPT})
    problems, tally = run(site)
    assert problems == [
        f"{CLAIM}:3:7: error: the claim's wording is not in the stored copy of appearance 1 "
        "(content/claims/flight/appearances/1.txt); the closest passage is \"“We put 120 "
        "Cubans on a single flight to Havana\": the copy has \"a single flight\" where the "
        "quote has \"two flights\""]
    assert "0 of 1 claims' wordings verified" in tally


def test_a_source_that_records_the_appearance_lends_its_stored_copy(tmp_path):
    site = site_with(tmp_path, "said: Cuba has 90 days to decide whether to accept a "
                     "deportee\nappearances:\n  - where: The report\n    source: report\n")
    problems, tally = run(site)
    assert problems == []
    assert "1 of 1 claims' wordings verified" in tally
    site = site_with(tmp_path / "b", "said: Cuba has 60 days to decide\n"
                     "appearances:\n  - where: The report\n    source: report\n")
    problems, _ = run(site)
    assert len(problems) == 1 and "the stored copy of 'report', which records appearance 1 " \
        "(content/sources/report.txt)" in problems[0] and '"90" where the quote has "60"' \
        in problems[0]


def test_someone_else_repeating_the_claim_is_checked_for_their_own_words_only(tmp_path):
    # The claimant's words are in the first copy; the second place is another person's,
    # whose copy does not have them: that is not a mistake.
    site = site_with(tmp_path, f"said: {SAID}\nappearances:\n  - where: A briefing\n"
                     "  - where: A radio show\n    claimant: A radio host\n",
                     {"1.txt": TRANSCRIPT, "2.txt": "The host talked about the weather.\n"})
    problems, tally = run(site)
    assert problems == []
    site = site_with(tmp_path / "b", f"said: {SAID}\nappearances:\n  - where: A briefing\n"
                     "  - where: A radio show\n    claimant: A radio host\n"
                     "    said: They flew 120 people out\n",
                     {"1.txt": TRANSCRIPT, "2.txt": "The host talked about the weather.\n"})
    problems, tally = run(site)
    assert [p.split(": error: ")[0] for p in problems] == [f"{CLAIM}:8:11"]
    assert "0 of 1 claims' wordings verified" in tally  # (one wording failed)


def test_words_with_no_copy_to_check_them_against_are_a_warning(tmp_path):
    site = site_with(tmp_path, f"said: {SAID}\nappearances:\n  - where: A briefing\n")
    problems, tally = run(site)
    assert problems == [
        f"{CLAIM}:3:7: warning: the claim's wording is not verified: no appearance has a "
        "stored copy to check it against; store the page or transcript as "
        "content/claims/flight/appearances/1.txt (or .html), or name the source that records "
        "it with 'source:' on the appearance"]
    assert "0 of 1 claims' wordings verified" in tally


def test_a_source_the_desk_holds_no_copy_of_is_not_a_warning(tmp_path):
    # the statement source says why the desk holds no copy (no_copy)
    site = site_with(tmp_path, f"said: {SAID}\nappearances:\n  - where: The statement\n"
                     "    source: statement\n")
    (site / "content/sources/statement.yaml").write_text(
        (site / "content/sources/statement.yaml").read_text()
        + "no_copy: it was read out at the briefing\n")
    problems, tally = run(site)
    assert [p for p in problems if "wording" in p] == []
    assert "0 of 1 claims' wordings verified" in tally


def test_a_stored_copy_no_appearance_reads_is_a_warning(tmp_path):
    site = site_with(tmp_path, f"said: {SAID}\nappearances:\n  - where: A briefing\n",
                     {"1.txt": TRANSCRIPT, "3.txt": TRANSCRIPT})
    problems, _ = run(site)
    assert problems == [
        "content/claims/flight/appearances/3.txt:1:1: warning: no appearance of 'flight' "
        "reads this stored copy: name it <n>.txt for the n-th appearance, or give an "
        "appearance 'copy: 3.txt', or remove it"]


def test_copies_outside_an_appearances_folder_or_without_a_claim_are_reported(tmp_path):
    site = site_with(tmp_path, "appearances:\n  - where: A briefing\n")
    (site / "content/claims/notes.txt").write_text("notes")
    orphan = site / "content/claims/gone/appearances/1.txt"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("text")
    problems, _ = run(site)
    assert "content/claims/notes.txt:1:1: warning: ignored: a stored copy of where a claim " \
        "was made goes in the claim's appearances/ folder: " \
        "content/claims/<claim>/appearances/<n>.txt" in problems
    assert "content/claims/gone/appearances/1.txt:1:1: warning: a stored copy of an " \
        "appearance with no claim file: content/claims/gone.yaml (or .md) would be its " \
        "claim" in problems


def test_the_old_appeared_reads_as_one_appearance_and_says_how_to_move_it(tmp_path):
    site = site_with(tmp_path, f"said: {SAID}\nappeared:\n  where: A briefing\n",
                     {"1.txt": TRANSCRIPT})
    problems, tally = run(site)
    assert problems == [
        f"{CLAIM}:5:3: warning: 'appeared' is the old form of a single appearance: write "
        "'appearances:' instead, with its fields as the first item ('- where: ...', the "
        "others indented under it)"]
    assert "1 of 1 claims' wordings verified" in tally


def claim_from(text: str):
    doc, problems = parse_document(text, kind="claim", rel=CLAIM, path=CLAIM, stem="flight")
    assert doc is not None and not problems
    record, problems = convert(doc)
    assert record is not None, problems
    return record


BASE = ("claim: A claim.\nclaimant: ice\nrating: accurate\nsummary: Text.\n"
        "published: 2026-11-20\nsources: [report]\n")


def test_the_first_appearance_is_the_earliest_dated_else_the_first_listed():
    claim = claim_from(BASE + "appearances:\n  - where: A\n  - where: B\n    date: 2026-11-02\n"
                       "  - where: C\n    date: 2026-11-01\n")
    assert claim.first_appearance.where == "C"
    claim = claim_from(BASE + "appearances:\n  - where: A\n  - where: B\n")
    assert claim.first_appearance.where == "A"
    assert claim_from(BASE).first_appearance is None
