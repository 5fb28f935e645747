"""`check --since REF`: a claim published at REF may not change its rating, a figure or its
words without the corrections entry that says so, and the log only grows. Run as CI runs
it (`build.py check --since main` in a git repository made from the example site), with
the guard's pure rules (`site.guard`) tried directly where that is clearer."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, copy_example, edit

from factsite.site import guard
from factsite.site.history import edit_size, substance
from factsite.site.units import compile_file

CUBANS = "content/claims/120-cubans-one-flight.yaml"
ORDERS = "content/claims/37000-cubans-with-deportation-orders.yaml"
WINDOW = "content/claims/ninety-day-window.md"
GLITCH = "content/claims/paperwork-glitch.yaml"
DAY = "2026-11-25"  # the day of the commit `main` names: a new entry is dated on or after it
WHERE = f"a `corrections` entry dated {DAY} or later"

# git as the test makes it, whatever the machine's configuration: no global or system
# config, a fixed author and dates, no GIT_DIR or the like inherited from a hook
GIT_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": f"{DAY}T12:00:00+00:00",
           "GIT_COMMITTER_DATE": f"{DAY}T12:00:00+00:00"}
RUN_ENV = {**GIT_ENV, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
ERROR = re.compile(r"^(?P<where>\S+:\d+:\d+): error: (?P<message>.*)$", re.M)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test Desk", "-c",
                           "user.email=desk@example.org", "-c", "commit.gpgsign=false",
                           "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, env=GIT_ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"git {' '.join(args)}\n{done.stderr}"
    return done.stdout


def commit(site: Path, message: str = "edit") -> None:
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", message)


@pytest.fixture
def site(tmp_path) -> Path:
    """The example site committed on `main`, then a branch to edit it on (a pull
    request's)."""
    site = copy_example(tmp_path / "site")
    git(site, "init", "-q", "-b", "main")
    commit(site, "published")
    git(site, "switch", "-q", "-c", "edits")
    return site


def check(site: Path, *args: str, since: str = "main", cwd: Path | None = None,
          env: dict | None = None) -> subprocess.CompletedProcess:
    """`build.py --site SITE check --since main`, run from the site's folder (as CI does)."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--site", str(site),
                           "check", "--since", since, *args], cwd=cwd or site,
                          env=env or RUN_ENV, capture_output=True, text=True, timeout=120)


def errors(done: subprocess.CompletedProcess) -> list[str]:
    """Each error as `path:line:col: message`, in the order printed."""
    assert "Traceback" not in done.stderr, done.stderr
    return [f"{m['where']}: {m['message']}" for m in ERROR.finditer(done.stderr)]


def at(site: Path, rel: str, text: str, nth: int = 1, skip: int = 0) -> str:
    """`rel:line:col` of the nth line holding `text`, at `text` (`skip` characters into
    it): where the changed value is written."""
    found = [(i, line.index(text)) for i, line in enumerate(
        (site / rel).read_text().splitlines(), 1) if text in line]
    assert len(found) >= nth, f"{text!r} is not in {rel}"
    line, col = found[nth - 1]
    return f"{rel}:{line}:{col + 1 + skip}"


def passes(done: subprocess.CompletedProcess) -> None:
    assert errors(done) == [] and done.returncode == 0, done.stderr
    assert "0 errors" in done.stderr


def fails(done: subprocess.CompletedProcess, *expected: str) -> None:
    """The check fails with exactly these errors (in any order)."""
    assert done.returncode == 1, done.stderr
    assert sorted(errors(done)) == sorted(expected), done.stderr


def add_entry(site: Path, rel: str, kind: str, date: str = DAY,
              rating_before: str | None = None,
              text: str = "The rating was changed after new reporting.") -> None:
    """A new entry at the end of the claim's corrections log (the log made if it has none)."""
    path = site / rel
    entry = f"  - date: {date}\n    kind: {kind}\n    text: {text}\n"
    if rating_before:
        entry += f"    rating_before: {rating_before}\n"
    body = path.read_text()
    if "\ncorrections:\n" in body:
        edit(path, "\nanalysis: |\n", f"\n{entry}analysis: |\n")
    else:
        edit(path, "\nanalysis: |\n", f"\ncorrections:\n{entry}analysis: |\n")


# --- nothing to report ---------------------------------------------------------------


def test_an_untouched_site_passes(site):
    passes(check(site))


def test_a_new_claim_and_a_draft_at_ref_are_not_guarded(site):
    glitch = site / GLITCH
    edit(glitch, "rating: unverifiable", "rating: unverifiable\ndraft: true")
    commit(site)
    git(site, "branch", "-q", "-f", "main")  # main: the check is a draft there
    edit(glitch, "rating: unverifiable\ndraft: true", "rating: false")
    shutil.copy(site / CUBANS, site / "content/claims/a-new-one.yaml")
    edit(site / "content/claims/a-new-one.yaml", "rating: accurate", "rating: misleading")
    passes(check(site))


# --- the rating -----------------------------------------------------------------------


def test_a_rating_changed_with_no_correction_fails_on_the_rating_line(site):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    fails(check(site), f"{at(site, CUBANS, 'misleading')}: the rating changed from 'accurate' "
          f"to 'misleading' since main with no correction saying so: add {WHERE} with kind: "
          "correction, rating_before: accurate, and why")


def test_a_rating_changed_with_its_correction_passes(site):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    add_entry(site, CUBANS, "correction", rating_before="accurate")
    passes(check(site))
    commit(site)  # committed on the branch, as a pull request has it: the same
    passes(check(site))


@pytest.mark.parametrize("kind", ["update", "retraction"])
def test_an_update_or_a_retraction_may_change_the_rating(site, kind):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    add_entry(site, CUBANS, kind, rating_before="accurate")
    passes(check(site))


def test_a_correction_without_rating_before_is_told_to_add_it_at_the_entry(site):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    add_entry(site, CUBANS, "correction")
    fails(check(site), f"{at(site, CUBANS, f'date: {DAY}')}: this correction comes with the "
          "rating's change from 'accurate' to 'misleading': add `rating_before: accurate` "
          "to it")


def test_a_wrong_rating_before_is_an_error_at_that_field(site):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    add_entry(site, CUBANS, "correction", rating_before="mostly-accurate")
    fails(check(site), f"{at(site, CUBANS, 'mostly-accurate')}: rating_before is "
          "'mostly-accurate', but at main the rating was 'accurate'")


def test_an_entry_dated_before_ref_does_not_cover_the_change(site):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    add_entry(site, CUBANS, "correction", date="2026-11-24", rating_before="accurate")
    fails(check(site), f"{at(site, CUBANS, 'misleading')}: the rating changed from 'accurate' "
          f"to 'misleading' since main with no correction saying so: add {WHERE} with kind: "
          "correction, rating_before: accurate, and why")


@pytest.mark.parametrize("kind", ["typo", "clarification"])
def test_a_typo_or_clarification_does_not_cover_a_rating_change(site, kind):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    add_entry(site, CUBANS, kind, rating_before="accurate")
    fails(check(site), f"{at(site, CUBANS, f'kind: {kind}', skip=6)}: this {kind} changes "
          "the rating from 'accurate' to 'misleading': a change of verdict is a correction, "
          "an update or a retraction; make its kind one of those")


def test_a_markdown_claims_rating_is_placed_in_its_front_matter(site):
    edit(site / WINDOW, "rating: unverifiable", "rating: false")
    assert at(site, WINDOW, "rating: false") == f"{WINDOW}:8:1", "(---, then line 8)"
    fails(check(site), f"{WINDOW}:8:9: the rating changed from 'unverifiable' to 'false' "
          f"since main with no correction saying so: add {WHERE} with kind: correction, "
          "rating_before: unverifiable, and why")


# --- figures --------------------------------------------------------------------------


def test_a_figures_value_changed_with_no_correction_fails_on_the_value(site):
    edit(site / CUBANS, "value: 120", "value: 130")
    fails(check(site), f"{at(site, CUBANS, '130')}: the figure 'deportees' changed from "
          f"120 people to 130 people since main with no correction saying so: add {WHERE} "
          "with kind: correction or update")


@pytest.mark.parametrize("kind", ["correction", "update"])
def test_a_figures_value_changed_with_a_correction_passes(site, kind):
    edit(site / CUBANS, "value: 120", "value: 130")
    add_entry(site, CUBANS, kind, text="The count was 130, not 120.")
    passes(check(site))


def test_a_typo_entry_covers_a_wording_fix_but_not_a_figure(site):
    edit(site / CUBANS, "from New Orleans to Havana.", "from New Orleans to Havana, Cuba.")
    add_entry(site, CUBANS, "typo", text="Named the country.")
    passes(check(site))
    edit(site / CUBANS, "value: 120", "value: 130")
    fails(check(site), f"{at(site, CUBANS, '130')}: the figure 'deportees' changed from "
          f"120 people to 130 people since main with no correction saying so: add {WHERE} "
          "with kind: correction or update (a typo or clarification does not cover a figure)")


def test_a_figures_qualifier_or_unit_changed_is_a_change(site):
    edit(site / ORDERS, "qualifier: more than", "qualifier: about")
    edit(site / CUBANS, "unit: people", "unit: Cubans")
    fails(check(site),
          f"{at(site, ORDERS, '37000')}: the figure 'removal-orders' changed from more than "
          f"37000 Cubans to about 37000 Cubans since main with no correction saying so: add "
          f"{WHERE} with kind: correction or update",
          f"{at(site, CUBANS, 'value: 120', skip=7)}: the figure 'deportees' changed from 120 "
          f"people to 120 Cubans since main with no correction saying so: add {WHERE} with "
          "kind: correction or update")


FLIGHTS = ("\n  flights:\n    value: 1\n    unit: flight\n    label: Flights\n"
           "    source: vice-report\n    quote: a single flight\nsources:\n")


def test_a_figure_added_is_not_a_change_but_a_figure_gone_is(site):
    edit(site / CUBANS, "\nsources:\n", FLIGHTS)
    passes(check(site))
    commit(site)
    git(site, "branch", "-q", "-f", "main")  # published with the figure 'flights'
    edit(site / CUBANS, FLIGHTS, "\nsources:\n")
    fails(check(site), f"{at(site, CUBANS, 'deportees:')}: the figure 'flights' (1 flight) was "
          f"published at main and is gone, with no correction saying so: add {WHERE} with "
          "kind: correction or update")
    add_entry(site, CUBANS, "update", text="The count of flights was taken out.")
    passes(check(site))


# --- the words ------------------------------------------------------------------------


def test_the_claims_wording_changed_needs_an_entry_of_any_kind(site):
    edit(site / CUBANS, "claim: ICE put 120", "claim: ICE sent 120")
    fails(check(site), f"{at(site, CUBANS, 'ICE sent')}: the claim's wording changed since "
          f"main (3 characters) with no corrections entry: add {WHERE} (kind: typo or "
          "clarification for a small fix)")
    add_entry(site, CUBANS, "clarification", text="The wording now says sent.")
    passes(check(site))


def test_the_words_as_said_changed_need_an_entry(site):
    edit(site / CUBANS, "said: All 120 people", "said: All the 120 people")
    done = check(site)
    assert f"{at(site, CUBANS, 'All the')}: the claim's words as said changed since main (4 " \
        f"characters) with no corrections entry: add {WHERE} (kind: typo or clarification " \
        "for a small fix)" in errors(done)
    assert done.returncode == 1


def test_words_as_said_added_where_there_were_none_are_not_an_edit(site):
    edit(site / GLITCH, "\nappearances:\n", "\nsaid: Some paperwork glitch\nappearances:\n")
    done = check(site)
    assert not [e for e in errors(done) if "as said changed" in e], done.stderr


def test_the_summary_changed_fails_on_the_changed_line(site):
    edit(site / CUBANS, 'the large removal charter"', 'the big removal charter"')
    fails(check(site), f"{at(site, CUBANS, 'big removal')}: the summary changed since main "
          f"(4 characters) with no corrections entry: add {WHERE} (kind: typo or "
          "clarification for a small fix)")


def test_the_summarys_spacing_emphasis_and_quotes_are_not_its_substance(site):
    path = site / CUBANS
    text = path.read_text()
    start, end = text.index("summary: >-\n") + len("summary: >-\n"), text.index("published:")
    words = " ".join(text[start:end].split())
    reflowed = textwrap.fill(words, 60, initial_indent="  ", subsequent_indent="  ")
    reflowed = reflowed.replace("one flight", "*one* flight").replace(
        '"the large removal charter"', "\u201cthe large removal charter\u201d")
    path.write_text(text[:start] + reflowed + "\n" + text[end:])
    assert path.read_text() != text
    passes(check(site))


def test_small_edit_lets_a_short_typo_fix_through_but_not_a_rewrite(site):
    edit(site / "site.yaml", "\nratings:\n", "\nsmall_edit: 10\nratings:\n")
    commit(site, "small_edit")  # (site.yaml as it is now counts)
    edit(site / CUBANS, "claim: ICE put 120 Cubans on a single flight",
         "claim: ICE puts 120 Cubans on a singel flight")  # 3 characters
    passes(check(site))
    edit(site / CUBANS, "claim: ICE puts 120 Cubans on a singel flight",
         "claim: Immigration officers flew 120 Cubans home on one chartered flight")
    done = check(site)
    size = edit_size(substance("ICE put 120 Cubans on a single flight"),
                     substance("Immigration officers flew 120 Cubans home on one chartered "
                               "flight"))
    assert size > 10
    fails(done, f"{at(site, CUBANS, 'Immigration')}: the claim's wording changed since main "
          f"({size} characters; site.yaml's small_edit lets 10 through) with no corrections "
          f"entry: add {WHERE} (kind: typo or clarification for a small fix)")


# --- the log, drafts, files -----------------------------------------------------------


def test_an_entry_published_at_ref_may_not_be_removed(site):
    edit(site / ORDERS, "corrections:\n  - date: 2026-11-20\n    kind: clarification\n"
         "    text: Added that the report does not say when the figure was counted.\n",
         "corrections: []\n")
    fails(check(site), f"{at(site, ORDERS, '[]')}: the clarification of 2026-11-20 "
          "was published at main and has been removed or rewritten: the corrections log only "
          "grows; restore it, and add a new entry for what changed since")


def test_an_entry_published_at_ref_may_not_be_rewritten_but_may_be_reflowed(site):
    edit(site / ORDERS, "    text: Added that the report does not say when the figure was "
         "counted.", "    text: >-\n      Added that the report does not say\n"
         "      when the figure was counted.")
    passes(check(site))
    edit(site / ORDERS, "when the figure was counted.", "when the figure was checked.")
    done = check(site)
    assert f"{at(site, ORDERS, 'checked.')}: the clarification of 2026-11-20 was " \
        "published at main and has been removed or rewritten: the corrections log only " \
        "grows; restore it, and add a new entry for what changed since" in errors(done)


def test_a_published_check_made_a_draft_again_fails_at_draft(site):
    edit(site / CUBANS, "rating: accurate", "rating: accurate\ndraft: true")
    done = check(site)
    assert f"{at(site, CUBANS, 'true')}: this check was published at main: a published " \
        "check is not made a draft again; retract it instead (a `corrections` entry with " \
        "kind: retraction saying why)" in errors(done), done.stderr
    assert done.returncode == 1


def test_a_published_check_deleted_fails_naming_its_old_path(site):
    article = site / "content/articles/what-we-know-about-the-havana-flight.md"
    text = article.read_text()
    article.write_text(re.sub(r"The report adds that .*?\[\[paperwork-glitch\]\]\.", "", text,
                              flags=re.S))
    git(site, "rm", "-q", GLITCH)
    fails(check(site), f"{GLITCH}:1:1: the check 'paperwork-glitch' was published at main "
          "and is gone: a published check is retracted, not removed; put the file back and "
          "add a `corrections` entry with kind: retraction saying why (to move it, keep its id "
          "and list the old address in `aliases`)")


def test_a_check_moved_with_its_id_is_compared_not_gone(site):
    moved = "content/claims/paperwork-glitch-2026.yaml"
    git(site, "mv", GLITCH, moved)
    edit(site / moved, "rating: unverifiable", "id: paperwork-glitch\nrating: unverifiable")
    passes(check(site))
    edit(site / moved, "rating: unverifiable", "rating: false")
    fails(check(site), f"{at(site, moved, 'rating: false', skip=8)}: the rating changed from "
          f"'unverifiable' to 'false' since main with no correction saying so: add {WHERE} "
          "with kind: correction, rating_before: unverifiable, and why")


def test_a_check_moved_to_a_new_id_is_gone_from_its_old_path(site):
    git(site, "mv", GLITCH, "content/claims/glitch.yaml")
    article = site / "content/articles/what-we-know-about-the-havana-flight.md"
    article.write_text(article.read_text().replace("paperwork-glitch", "glitch"))
    fails(check(site), f"{GLITCH}:1:1: the check 'paperwork-glitch' was published at main "
          "and is gone: a published check is retracted, not removed; put the file back and "
          "add a `corrections` entry with kind: retraction saying why (to move it, keep its id "
          "and list the old address in `aliases`)")


def test_a_check_that_no_longer_compiles_is_reported_once_not_compared(site):
    edit(site / GLITCH, "rating: unverifiable", "rating: [unverifiable")
    done = check(site)
    assert done.returncode == 1
    assert errors(done) == [f"{at(site, GLITCH, '[', skip=0)}: this '[' is never closed: end "
                            "the list with ']' (like tags: [one, two])"], done.stderr


# --- CI: annotations, shallow clones, refs it does not have ----------------------------


def test_github_annotations_land_on_the_changed_line(site):
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    edit(site / CUBANS, 'the large removal charter"', 'the big removal charter"')
    done = check(site, "--format", "github")
    assert done.returncode == 1
    rating = at(site, CUBANS, "misleading").split(":")
    summary = at(site, CUBANS, "big removal").split(":")
    lines = done.stdout.splitlines()
    assert (f"::error file={CUBANS},line={rating[1]},col={rating[2]}::the rating changed "
            "from 'accurate' to 'misleading' since main with no correction saying so: add "
            f"{WHERE} with kind: correction, rating_before: accurate, and why") in lines
    assert any(line.startswith(f"::error file={CUBANS},line={summary[1]},col={summary[2]}::"
                               "the summary changed since main") for line in lines), lines
    assert len([line for line in lines if line.startswith("::error")]) == 2


def test_a_shallow_clone_is_told_to_fetch_the_whole_history(site, tmp_path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site}", str(shallow))
    done = check(shallow, since="origin/main")
    assert done.returncode == 1
    [problem] = errors(done)
    assert problem.startswith("site.yaml:1:1: check --since origin/main: the clone is "
                              "shallow, so its history is cut short: "), problem
    assert "git fetch --unshallow" in problem and "`fetch-depth: 0`" in problem


def test_a_ref_git_does_not_have_is_named_with_how_to_fetch_it(site):
    done = check(site, since="origin/main")  # (no remote: as a CI checkout of one branch)
    assert done.returncode == 1
    [problem] = errors(done)
    assert problem.startswith("site.yaml:1:1: check --since: git has no commit "
                              "'origin/main' "), problem
    assert "`fetch-depth: 0` on actions/checkout" in problem


def test_a_site_outside_git_is_told_so(tmp_path):
    site = copy_example(tmp_path / "site")
    env = {**RUN_ENV, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    done = check(site, env=env)
    assert done.returncode == 1
    assert errors(done) == ["site.yaml:1:1: check --since main: the site is not in a git "
                            "repository"]


def test_the_site_in_a_folder_of_a_bigger_repository(tmp_path):
    """A site kept in a subfolder of the desk's repository, checked from the top."""
    top = tmp_path / "desk"
    site = copy_example(top / "web")
    git(top, "init", "-q", "-b", "main")
    commit(top, "published")
    edit(site / CUBANS, "rating: accurate", "rating: misleading")
    rel = f"web/{CUBANS}"
    fails(check(site, cwd=top), f"{at(top, rel, 'misleading')}: the rating changed from "
          f"'accurate' to 'misleading' since main with no correction saying so: add {WHERE} "
          "with kind: correction, rating_before: accurate, and why")
    unknown = check(site, "--format", "github", since="nope", cwd=top)
    assert unknown.returncode == 1
    assert "::error file=web/site.yaml,line=1,col=1::check --since: git has no commit " \
        "'nope'" in unknown.stdout, "the site's site.yaml, not one in the folder it is run from"


# --- the pure rules -------------------------------------------------------------------


def claim(text: str, rel: str = "content/claims/x.yaml"):
    return compile_file("claim", rel, rel, textwrap.dedent(text).encode()).record


BASE = """\
claim: The list grew by a third.
claimant: A Mayor
rating: accurate
summary: It *did*, says the council's "report".
published: 2026-11-01
figures:
  growth:
    value: 33
    unit: per cent
    label: Growth
    source: report
sources: [report]
"""


def test_substance_drops_spacing_emphasis_and_quote_styles():
    assert substance('It *did*, says the council\u2019s \u201creport\u201d.') == \
        substance("It did, says   the\ncouncil's \"report\".") == \
        "It did, says the council's \"report\"."
    assert substance("a **big** one") == "a big one"
    assert substance("a big one") != substance("a bigger one")


def test_edit_size_counts_the_changed_characters():
    assert edit_size("the cat sat", "the cat sat") == 0
    assert edit_size("the cat sat", "the bat sat") == 1
    assert edit_size("the cat sat", "the cat sat down") == 5


def test_silent_edits_directly():
    import datetime as dt

    since = dt.date(2026, 11, 25)
    before = claim(BASE)
    assert guard.silent_edits(before, claim(BASE), since, "main", 0) == []
    spaced = claim(BASE.replace("It *did*, says", "It did,\n  says"))
    assert guard.silent_edits(before, spaced, since, "main", 0) == []
    changed = claim(BASE.replace("accurate", "misleading").replace("value: 33", "value: 30"))
    [rating, figure] = guard.silent_edits(before, changed, since, "main", 0)
    assert (rating.pos.line, rating.pos.col) == (3, 9)
    assert "rating_before: accurate" in rating.message
    assert (figure.pos.line, figure.pos.col) == (8, 12)
    assert "from 33 per cent to 30 per cent" in figure.message
    fixed = claim(BASE.replace("accurate", "misleading").replace("value: 33", "value: 30")
                  + "corrections:\n  - date: 2026-11-25\n    kind: update\n"
                    "    text: New figures.\n    rating_before: accurate\n")
    assert guard.silent_edits(before, fixed, since, "main", 0) == []
    draft = claim(BASE.replace("accurate", "misleading"))
    assert guard.silent_edits(claim(BASE + "draft: true\n"), draft, since, "main", 0) == []


def test_reordering_the_log_is_not_rewriting_it():
    import datetime as dt

    log = ("corrections:\n  - date: 2026-11-02\n    kind: typo\n    text: A.\n"
           "  - date: 2026-11-03\n    kind: clarification\n    text: B.\n")
    swapped = ("corrections:\n  - date: 2026-11-03\n    kind: clarification\n    text: B.\n"
               "  - date: 2026-11-02\n    kind: typo\n    text: A.\n")
    assert guard.silent_edits(claim(BASE + log), claim(BASE + swapped),
                              dt.date(2026, 11, 25), "main", 0) == []


def test_gone_names_the_path_and_the_id():
    d = guard.gone("content/claims/x.yaml", claim(BASE), "origin/main")
    assert (d.pos.path, d.pos.line) == ("content/claims/x.yaml", 1)
    assert d.message.startswith("the check 'x' was published at origin/main and is gone")


def test_a_change_in_a_long_summary_is_placed_on_its_line():
    import datetime as dt

    long = BASE.replace('summary: It *did*, says the council\'s "report".',
                        "summary: >-\n  It did, says the council's report,\n"
                        "  which counted every household\n  on the list in March.")
    since = dt.date(2026, 11, 25)
    for old, new, where in (("every household", "each household", (6, 17)),
                            ("  on the list in March.", "  on the list.", (7, 10)),
                            ("It did,", "It did not,", (5, 6))):
        [d] = guard.silent_edits(claim(long), claim(long.replace(old, new)), since, "main", 0)
        assert d.message.startswith("the summary changed since main"), d.message
        assert (d.pos.line, d.pos.col) == where, (new, d.pos)


def test_a_branch_behind_main_answers_for_its_own_edits_only(site):
    """main moves on after the branch left it (a rating changed there, with its entry):
    the branch, checked --since main, is not blamed for main's edits, only for its own."""
    git(site, "switch", "-q", "main")
    edit(site / CUBANS, "rating: accurate", "rating: mostly-accurate")
    add_entry(site, CUBANS, "correction", rating_before="accurate")
    commit(site, "main: a correction")
    git(site, "switch", "-q", "edits")  # (still at the commit main had when it left)
    passes(check(site))
    edit(site / ORDERS, "    value: 37000", "    value: 38000")
    fails(check(site), f"{at(site, ORDERS, '38000')}: the figure 'removal-orders' changed "
          f"from more than 37000 Cubans to more than 38000 Cubans since main with no "
          f"correction saying so: add {WHERE} with kind: correction or update")
