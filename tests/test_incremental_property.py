"""Correct before fast: after any sequence of edits (claims, sources, articles, templates,
figures, site.yaml, stored copies: added, changed, renamed, swapped, deleted; the places a
claim was made and the stored copies its wording is checked against; translations of checks,
articles and pages, and the languages in site.yaml, with their rating labels; team members'
pages and the checks' credits; the cache deleted, cut short, or from another engine
version), an incremental build makes byte for byte what a cold build of the same input
makes, says the same problems and counts the same quotes and wordings verified.

Three ways of building incrementally: the preview's (everything kept in memory, told which
files changed since its last good build, as its watcher is), the last build's state handed
on (no cache), and the command line's (the state and every compiled file read back from the
site's .cache/)."""

import os
import re
import shutil

import pytest
from conftest import ROOT, copy_example
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factsite.build import Options, build
from factsite.engine import store

CLAIMS = "content/claims"
ENGINE = ["test-engine-0"]  # the engine's fingerprint as the builds see it


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != ".factsite-manifest.json"}


def differing(made, expected):
    """The files whose bytes differ (or that only one build has)."""
    return sorted(p for p in made.keys() | expected.keys() if made.get(p) != expected.get(p))


def sub(site, path, pattern, new):
    """Replace what `pattern` matches (it must match: every edit changes something)."""
    file = site / path
    text, count = re.subn(pattern, new, file.read_text(), count=1)
    assert count == 1, (path, pattern)
    file.write_text(text)


def one_of(folder, pattern):
    return sorted(folder.glob(pattern))[:1]


# Each edit is a function of the site folder and a small number (which item, which value).
def change_summary(site, n):
    sub(site, f"{CLAIMS}/paperwork-glitch.yaml", r"Neither( of \d+)? names",
        f"Neither of {n} names")


def change_figure(site, n):
    sub(site, f"{CLAIMS}/37000-cubans-with-deportation-orders.yaml", r"value: 370\d\d",
        f"value: {37000 + n}")


def add_claim(site, n):
    text = (site / f"{CLAIMS}/wet-foot-dry-foot.yaml").read_text()
    text = re.sub(r"published: \S+", f"published: 2026-11-{10 + n % 15:02d}", text, count=1)
    text = re.sub(r"tags: \[.*\]", f"tags: [Cuba, topic {n}]", text, count=1)
    (site / f"{CLAIMS}/added-{n}.yaml").write_text(text)


def delete_added_claim(site, n):
    """Delete an added claim (add one, when there is none)."""
    for path in one_of(site / CLAIMS, "added-*.yaml") or [None]:
        add_claim(site, n) if path is None else path.unlink()


def rename_claim(site, n):
    for path in one_of(site / CLAIMS, "added-*.yaml") or [None]:
        if path is None:
            add_claim(site, n)
        elif not (path.parent / f"renamed-{n}.yaml").exists():
            path.rename(path.with_name(f"renamed-{n}.yaml"))
        else:
            path.unlink()


def swap_ids(site, n):
    """Two claims trade files: each id now names the other's text."""
    a = site / CLAIMS / "credible-fear-interviews.yaml"
    b = site / CLAIMS / "ice-no-lawful-basis.yaml"
    first, second = a.read_bytes(), b.read_bytes()
    a.write_bytes(second)
    b.write_bytes(first)


def change_source(site, n):
    sub(site, "content/sources/attorneys-herald.yaml", r"quoted by the (Miami )?Herald( \(\d+\))?",
        f"quoted by the Herald ({n})")


def add_article(site, n):
    (site / f"content/articles/note-{n}.md").write_text(
        f"---\ntitle: Note {n}\ndate: 2026-11-2{n % 5}\ntags: [Cuba]\n---\n"
        f"See [[paperwork-glitch]] and [#120-cubans-one-flight.deportees] [@vice-report].\n")


def delete_article(site, n):
    for path in one_of(site / "content/articles", "note-*.md") or [None]:
        add_article(site, n) if path is None else path.unlink()


def change_template(site, n):
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>Lost " + str(n) + "</h1>{% endblock %}")


def change_site(site, n):
    sub(site, "site.yaml", r"per_page: \d+", f"per_page: {2 + n % 5}")
    sub(site, "site.yaml", r"title: Example Fact Desk.*", f"title: Example Fact Desk {n}")


def retag_claim(site, n):
    sub(site, f"{CLAIMS}/check-in-arrests.yaml", r"tags: \[ICE, deportation orders.*\]",
        f"tags: [ICE, deportation orders, Topic {n}]")


def respell_claimant(site, n):
    sub(site, f"{CLAIMS}/check-in-arrests.yaml", r"claimant: [Ii]mmigration [Aa]ttorneys",
        "claimant: immigration Attorneys" if n % 2 else "claimant: Immigration Attorneys")


def relate(site, n):
    sub(site, f"{CLAIMS}/ninety-day-window.md",
        r"related: \[cuba-must-accept-all-deportees(, paperwork-glitch)?\]",
        "related: [cuba-must-accept-all-deportees" + (", paperwork-glitch]" if n % 2 else "]"))


def change_stored_copy(site, n):
    """The quotes stop (or start again) being in the source's stored copy."""
    path = site / "content/sources/vice-report.txt"
    text = path.read_text()
    old, new = "with deportation orders, many", "with removal orders, many"
    path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1))


def misquote(site, n):
    sub(site, f"{CLAIMS}/37000-cubans-with-deportation-orders.yaml",
        r"quote: There are more than 37,000 Cuban(s| people) in the U.S.",
        "quote: There are more than 37,000 " + ("Cuban people" if n % 2 else "Cubans")
        + " in the U.S.")


def break_a_claim(site, n):
    sub(site, f"{CLAIMS}/wet-foot-dry-foot.yaml", r"rating: \S+", "rating: nope")


def mend_the_claim(site, n):
    sub(site, f"{CLAIMS}/wet-foot-dry-foot.yaml", r"rating: \S+", "rating: unverifiable")


def unfinished_draft(site, n):
    """A draft source, unfinished (its problems are warnings; it is left out) or finished."""
    title = "" if n % 2 else f" Notes {n}"
    (site / "content/sources/draft-notes.yaml").write_text(
        f"draft: true\ntitle:{title}\npublisher: The desk\nno_url: notes kept by the desk\n")


def import_credit(site, n):
    """The check imported from another publisher, adopted or not: its card, the rating
    pages and the feed show whose verdict it is."""
    path = site / f"{CLAIMS}/wet-foot-dry-foot.yaml"
    text = re.sub(r"\nimported:\n(  .*\n)+", "\n", path.read_text())
    path.write_text(text.rstrip("\n") + f"\nimported:\n  publisher: Desk {n}\n  rating: False\n"
                    f"  adopted: {'true' if n % 2 else 'false'}\n")


# Where a claim was made. wet-foot-dry-foot's one appearance starts with no source (the
# test's first build sees it so), so that its wording is checked against the stored copy in
# its own folder, appearances/1.txt, when there is one.
WET = f"{CLAIMS}/wet-foot-dry-foot.yaml"
COPIES = f"{CLAIMS}/wet-foot-dry-foot/appearances"
SAID = ("a drastic shift from the “wet foot, dry foot” policy that granted legal protections "
        "to virtually all Cuban migrants who set foot on U.S. soil")
VICE = "  - where: VICE News report, paragraph 5\n"
OTHER = re.compile(r"  - where: Repeated online.*\n(?:    .*\n)*")


def unsourced(site):
    sub(site, WET, VICE + "    source: vice-report\n", VICE)


def store_said_copy(site, n):
    """The page's stored copy, written again: with the claim's words (verified), or, one
    time in three, with one word changed (not verified: an error)."""
    folder = site / COPIES
    folder.mkdir(parents=True, exist_ok=True)
    words = SAID.replace("drastic", "sharp") if n % 3 == 0 else SAID
    (folder / "1.txt").write_text(f"Report, version {n}.\n\nThe agreement was {words}.\n")


def delete_said_copy(site, n):
    """The stored copy deleted (the wording not checked: a warning); stored, when there is
    none."""
    for path in one_of(site / COPIES, "*.txt") or [None]:
        store_said_copy(site, n) if path is None else path.unlink()


def renumber_said_copy(site, n):
    """1.txt becomes 2.txt (the second appearance's, when there is one; else no one's: a
    warning), and back."""
    one, two = site / COPIES / "1.txt", site / COPIES / "2.txt"
    if one.exists():
        one.replace(two)
    elif two.exists():
        two.replace(one)
    else:
        store_said_copy(site, n)


def other_place(n):
    """Another place the claim was made: a url, sometimes words of its own, and sometimes
    someone else repeating it (a claimant with a page, whose page lists the repeat, or a
    name)."""
    said = f"    said: Cuban migrants lost their protections ({n})\n" if n % 3 == 0 else ""
    who = {0: "    claimant: miami-herald\n", 2: "    claimant: A radio host\n"}.get(n % 4, "")
    return (f"  - where: Repeated online ({n})\n    url: https://example.org/posts/{n}\n"
            f"{said}{who}")


def add_appearance(site, n):
    """Another appearance, listed first (the stored copies' numbers move) or last."""
    path = site / WET
    text = OTHER.sub("", path.read_text())
    at = text.index("appearances:\n") + len("appearances:\n") if n % 2 else text.index("rating:")
    path.write_text(text[:at] + other_place(n) + text[at:])


def remove_appearance(site, n):
    path = site / WET
    text = path.read_text()
    add_appearance(site, n) if not OTHER.search(text) else path.write_text(OTHER.sub("", text))


def change_appearance(site, n):
    """Its url, where, or words said there changed (added, or removed)."""
    path = site / WET
    text = path.read_text()
    found = OTHER.search(text)
    if found is None:
        return add_appearance(site, n)
    item = found.group()
    if n % 3 == 0:
        new = re.sub(r"url: \S+", f"url: https://example.org/posts/edited-{n}", item)
    elif n % 3 == 1:
        new = re.sub(r"where: .*", f"where: Repeated online (edited {n})", item)
    elif "said:" in item:
        new = re.sub(r"    said: .*\n", "", item)
    else:
        new = item + f"    said: Cuban migrants lost their protections ({n})\n"
    path.write_text(text.replace(item, new))


def record_in_source(site, n):
    """The appearance names the source that records it (its wording is checked against that
    source's stored copy, not its own), or stops naming it."""
    path = site / WET
    text = path.read_text()
    sourced = VICE + "    source: vice-report\n"
    path.write_text(text.replace(sourced, VICE) if sourced in text else
                    text.replace(VICE, sourced))


def change_recording_copy(site, n):
    """The stored copy of the source that records where cuba-must-accept-all-deportees was
    said loses the claim's words (an error), or gets them back."""
    path = site / "content/sources/vice-report.txt"
    text = path.read_text()
    old, new = "requiring Cuba to accept all", "requiring Cuba to take back all"
    path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1))


# Editions (issue 18): translations beside the originals, and site.yaml's `languages`. The
# example has Spanish translations of three claims and the about page.
def example_file(rel):
    return (ROOT / rel).read_text()


LANGS = re.compile(r"languages: .*\n")
SPANISH = re.compile(r"  - code: es\n(?:    .*\n)*")  # the es item of `languages`
OTHER_LANGUAGE = re.compile(r"  - code: pt\n(?:    .*\n)*")


def claim_translation(cid, n):
    """Spanish text for a check the example has not translated. paperwork-glitch's links to
    a check the original does not link, and shows a figure of another (translated) check;
    the Spanish 120-cubans-one-flight links to credible-fear-interviews in its text."""
    if cid == "paperwork-glitch":
        return (f"claim: Al menos otro inmigrante fue retirado de la lista ({n}).\n"
                "short: Otro deportado fue retirado del vuelo\n"
                "summary: >-\n  VICE atribuye el relato de [#pulled] al Herald [@vice-report].\n"
                "figures:\n  pulled:\n    label: Personas retiradas de la lista\n"
                f"    unit: persona\ntranslated: 2026-11-2{n % 10}\nanalysis: |\n"
                "  Véase [[120-cubans-one-flight]] y [[ice-no-lawful-basis]], y la cifra de\n"
                "  [#37000-cubans-with-deportation-orders.removal-orders]; también\n"
                "  [nuestra metodología](/methodology/).\n")
    return (f"claim: Muchos de los cubanos deportados habían superado la entrevista ({n}).\n"
            "summary: El Herald lo dice, según VICE [@vice-report].\n"
            f"translated: 2026-11-2{n % 10}\n")


ADDED_TRANSLATIONS = ("paperwork-glitch.es.yaml", "credible-fear-interviews.es.yaml")


def translate_claim(site, n):
    """A check translated into Spanish, or its translation written again."""
    cid = ("paperwork-glitch", "credible-fear-interviews")[n % 2]
    (site / f"{CLAIMS}/{cid}.es.yaml").write_text(claim_translation(cid, n))


def untranslate_claim(site, n):
    """A translation deleted: one added, else the example's 37000-cubans-… (which comes back
    when it is gone)."""
    added = [site / CLAIMS / name for name in ADDED_TRANSLATIONS]
    for path in [p for p in added if p.exists()][:1] or [None]:
        if path is not None:
            return path.unlink()
    rel = f"{CLAIMS}/37000-cubans-with-deportation-orders.es.yaml"
    path = site / rel
    path.unlink() if path.exists() else path.write_text(example_file(rel))


def retranslate(site, n):
    """A translation's text changed: the Spanish claim, or a figure's Spanish label (which
    the Spanish article's figure links show too)."""
    rel = f"{CLAIMS}/120-cubans-one-flight.es.yaml"
    if not (site / rel).exists():
        return translate_claim(site, n)
    if n % 2:
        sub(site, rel, r"claim: El ICE embarcó a 120 cubanos[^\n]*",
            f"claim: El ICE embarcó a 120 cubanos en un solo vuelo ({n}).")
    else:
        sub(site, rel, r"label: Cubanos deportados en ese único vuelo.*",
            f"label: Cubanos deportados en ese único vuelo ({n})")


def translate_page(site, n):
    """A page translated (or again): corrections-policy, which the Spanish about page links
    to in its text, or methodology, in the menu, whose rating scale every card links to."""
    slug, title = (("corrections-policy", "Política de correcciones"),
                   ("methodology", "Cómo calificamos"))[n % 2]
    (site / f"content/pages/{slug}.es.md").write_text(
        f"---\ntitle: {title} ({n})\ntranslated: 2026-11-21\n---\nTexto {n}; véase "
        "[quiénes somos](/about/).\n")


def untranslate_page(site, n):
    """A page's translation deleted: one added, else the example's about page's (which
    comes back when it is gone)."""
    for slug in ("corrections-policy", "methodology"):
        path = site / f"content/pages/{slug}.es.md"
        if path.exists():
            return path.unlink()
    rel = "content/pages/about.es.md"
    path = site / rel
    path.unlink() if path.exists() else path.write_text(example_file(rel))


def translate_article(site, n):
    """The article translated (its text links checks, some translated, shows a translated
    check's figure, and links a page), written again, or, one time in three, deleted."""
    path = site / "content/articles/what-we-know-about-the-havana-flight.es.md"
    if n % 3 == 0 and path.exists():
        return path.unlink()
    path.write_text(f"---\ntitle: Lo que sabemos del vuelo ({n})\nsummary: Un vuelo, 120 "
                    f"personas ({n}).\ntranslated: 2026-11-21\n---\nEl vuelo llevó a "
                    "[#120-cubans-one-flight.deportees] [@vice-report]; véase "
                    "[[paperwork-glitch]], [[credible-fear-interviews]] y "
                    "[[120-cubans-one-flight]], y [nuestras correcciones](/corrections-policy/).\n")


def add_language(site, n):
    """Another language (Portuguese) added, or its title changed; Spanish back, when it was
    removed."""
    text = (site / "site.yaml").read_text()
    if not SPANISH.search(text):
        spanish = SPANISH.search(example_file("site.yaml")).group()
        at = LANGS.search(text).end()
        text = text[:at] + spanish + text[at:]
    item = (f"  - code: pt\n    title: Exemplo {n}\n    ratings:\n      unverifiable:\n"
            "        label: Não verificável\n")
    text = OTHER_LANGUAGE.sub("", text)
    at = LANGS.search(text).end()
    (site / "site.yaml").write_text(text[:at] + item + text[at:])


def remove_language(site, n):
    """Portuguese removed; or Spanish, and with it every Spanish translation (none left
    would be an error)."""
    text = (site / "site.yaml").read_text()
    if OTHER_LANGUAGE.search(text):
        return (site / "site.yaml").write_text(OTHER_LANGUAGE.sub("", text))
    if SPANISH.search(text):
        for path in site.glob("content/*/*.es.*"):
            path.unlink()
        (site / "site.yaml").write_text(SPANISH.sub("", text))


def change_translated_figure(site, n):
    """A figure's value in an original that has a translation: both languages show it."""
    sub(site, f"{CLAIMS}/ninety-day-window.md", r"value: \d+", f"value: {90 + n}")


def relabel_rating(site, n):
    """A rating's label in the languages block (Spanish back first, when it was removed)."""
    if not SPANISH.search((site / "site.yaml").read_text()):
        add_language(site, n)
    sub(site, "site.yaml", r"label: No verificable.*", f"label: No verificable ({n})")


def hide_untranslated(site, n):
    """site.yaml's `untranslated: hide`, or back to listing them."""
    text = (site / "site.yaml").read_text()
    hide = "untranslated: hide\n"
    (site / "site.yaml").write_text(text.replace(hide, "") if hide in text else text + hide)


# The team's pages (issue 20): content/team/<slug>.md, and the checks' credits.
def team_page(site, n):
    """Sam's page: its role and bio changed, made a draft (Sam's name unlinked on every
    check crediting them), or deleted; back as the example has it, when it is gone."""
    rel = "content/team/sam-example.md"
    path = site / rel
    if not path.exists():
        return path.write_text(example_file(rel))
    if n % 3 == 0:
        return path.unlink()
    text = example_file(rel).replace("role: Editor", f"role: Editor {n}")
    if n % 3 == 2:
        text = text.replace("---\n", "---\ndraft: true\n", 1)
    path.write_text(text + f"\nEdited {n}.\n")


def recredit(site, n):
    """A check credited to others (the members' pages list it, its credits link them)."""
    sub(site, f"{CLAIMS}/paperwork-glitch.yaml", r"checked_by: \[[^\]]*\]",
        "checked_by: [Sam Example]" if n % 2 else "checked_by: [Alex Example, Sam Example]")


def delete_cache(site, n):
    shutil.rmtree(site / ".cache", ignore_errors=True)


def truncate_cache(site, n):
    """The cache's files cut short, as by a full disk or a crash while they were written.
    (Not SQLite's shared-memory index, `-shm`: a preview has it mapped, and a mapped file
    cut short kills any process that reads it, so neither a crash nor SQLite does that.)"""
    for path in (site / ".cache").glob("factsite.sqlite*"):
        if path.name.endswith("-shm"):
            continue
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // (2 + n % 3))


def bump_engine(site, n):
    ENGINE[0] = f"test-engine-{n}"


EDITS = [change_summary, change_figure, add_claim, delete_added_claim, rename_claim, swap_ids,
         change_source, add_article, delete_article, change_template, change_site,
         retag_claim, respell_claimant, relate, change_stored_copy, misquote, break_a_claim,
         mend_the_claim, unfinished_draft, import_credit, delete_cache, truncate_cache,
         bump_engine, store_said_copy, delete_said_copy, renumber_said_copy, add_appearance,
         remove_appearance, change_appearance, record_in_source, change_recording_copy,
         translate_claim, untranslate_claim, retranslate, translate_page, untranslate_page,
         translate_article, add_language, remove_language, change_translated_figure,
         relabel_rating, hide_untranslated, team_page, recredit]
MODES = {  # how an incremental build gets what the last one left
    "preview": lambda state, changed: ({"remember": True, "changed": changed}, state),
    "state": lambda state, changed: ({"cache": False}, state),
    "cli": lambda state, changed: ({}, None),
}


def files_of(site):
    """Each file of the site (not its cache) and its bytes: what the preview's watcher sees."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and ".cache" not in p.relative_to(site).parts}


def changed_files(before, after):
    """The files a watcher reports changed (added, edited or deleted)."""
    return frozenset(rel for rel in before.keys() | after.keys()
                     if before.get(rel) != after.get(rel))


@pytest.fixture
def engine_version(monkeypatch):
    ENGINE[0] = "test-engine-0"
    monkeypatch.setattr(store, "fingerprint", lambda: ENGINE[0])


@settings(max_examples=int(os.environ.get("FACTSITE_PROPERTY_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(1, 9)), min_size=1,
                max_size=5), st.sampled_from(sorted(MODES)))
@example([(change_site, 1), (add_claim, 1)], "state")  # page/1/'s redirect: "page 1 of 3"
@example([(break_a_claim, 1), (change_summary, 2), (mend_the_claim, 1)], "preview")
@example([(swap_ids, 1), (truncate_cache, 1), (change_stored_copy, 1)], "cli")
@example([(bump_engine, 2), (misquote, 1), (delete_cache, 1), (misquote, 2)], "cli")
@example([(store_said_copy, 1), (store_said_copy, 3), (delete_said_copy, 1),
          (store_said_copy, 2)], "preview")  # verified, not, not checked, verified
@example([(store_said_copy, 1), (add_appearance, 1), (renumber_said_copy, 1),
          (change_appearance, 2), (remove_appearance, 1)], "state")
@example([(add_appearance, 4), (store_said_copy, 1), (change_appearance, 1),
          (remove_appearance, 1)], "preview")  # the Herald repeats it: its page lists that
@example([(store_said_copy, 2), (record_in_source, 1), (change_recording_copy, 1),
          (record_in_source, 2), (change_recording_copy, 2)], "cli")
@example([(translate_claim, 2), (retranslate, 1), (untranslate_claim, 1),
          (untranslate_claim, 1), (untranslate_claim, 1)], "preview")  # …the example's, back
@example([(translate_page, 2), (translate_page, 1), (untranslate_page, 1),
          (untranslate_page, 1), (untranslate_page, 1)], "state")  # linked from about
@example([(translate_article, 1), (translate_claim, 2), (retranslate, 2), (translate_claim, 1),
          (untranslate_claim, 1)], "cli")  # the Spanish article's links and figure follow
@example([(add_language, 1), (relabel_rating, 2), (change_translated_figure, 3),
          (remove_language, 1), (remove_language, 1)], "preview")
@example([(remove_language, 1), (add_language, 2), (translate_claim, 1), (change_summary, 1)],
         "state")
@example([(hide_untranslated, 1), (translate_claim, 1), (change_figure, 2),
          (hide_untranslated, 2)], "cli")
@example([(hide_untranslated, 5), (add_claim, 1)], "cli")  # the Spanish home counts it
@example([(team_page, 1), (recredit, 1), (team_page, 2), (recredit, 2), (team_page, 3)],
         "preview")  # a role, a credit, a draft, a credit back, the page gone
def test_incremental_equals_cold(tmp_path_factory, engine_version, steps, mode):
    root = tmp_path_factory.mktemp("prop")
    site = copy_example(root / "site")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: false\n")
    unsourced(site)
    out = root / "incremental"
    options, _ = MODES[mode](None, None)
    state = build(Options(site_dir=site, out_dir=out, **options)).state
    built = files_of(site)  # the files as the state's build saw them
    for step, (change, n) in enumerate(steps):
        change(site, n)
        options, previous = MODES[mode](state, changed_files(built, files_of(site)))
        incremental = build(Options(site_dir=site, out_dir=out, **options), previous=previous)
        cold_out = root / f"cold-{step}"
        cold = build(Options(site_dir=site, out_dir=cold_out, cache=False))
        assert [str(d) for d in incremental.diagnostics] == [str(d) for d in cold.diagnostics]
        assert str(incremental.quotes) == str(cold.quotes), (step, change.__name__)
        if cold.ok:
            made, expected = snapshot(out), snapshot(cold_out)
            assert differing(made, expected) == [], (step, change.__name__)
            state, built = incremental.state, files_of(site)
        shutil.rmtree(cold_out, ignore_errors=True)
