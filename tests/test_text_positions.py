"""A reference inside a text is reported where it is written in the file, whatever way the
text is written in YAML (folded, plain over several lines, quoted with escapes, in a list
item, in front matter) or in a Markdown body: line and column, in every kind of
reference the Markdown phase reads."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.content.values import Text
from factsite.content.yamlnodes import parse_yaml
from factsite.site.units import compile_file

ROOT = Path(__file__).resolve().parent.parent
CLAIM_HEAD = """\
claim: ICE put 120 Cubans on a single flight to Havana.
claimant: ice
rating: accurate
published: 2026-11-20
sources: [report]
"""

# Each way of writing a text, with REF where the reference goes, and the line and column
# of REF's first character in the file (the claim's head is lines 1-5).
STYLES = {
    "plain one line": ("summary: The report says REF here.\n", 6, 26),
    "plain over lines": ("summary: The report gives one flight\n"
                         "  and more words, then REF\n"
                         "  and the end.\n", 7, 24),
    "single-quoted over lines": ("summary: 'It''s one flight\n"
                                 "   and it''s  REF there\n"
                                 "  ok.'\n", 7, 15),
    "double-quoted with escapes": ('summary: "One \\"flight\\"\n'
                                   '    and\\tthen \\u00e9 \\\\ REF\n'
                                   '  end."\n', 7, 25),
    "double-quoted, escaped line break": ('summary: "First line \\\n'
                                          "     REF, joined.\"\n", 7, 6),
    "literal": ("summary: |\n  One flight\n  and then REF.\n", 8, 12),
    "literal, strip": ("summary: |-\n  One flight\n  and then REF.\n", 8, 12),
    "folded": ("summary: >\n  One flight\n  and then REF.\n", 8, 12),
    "folded, strip": ("summary: >-\n  One flight, and words to make the line long\n"
                      "  and then REF.\n", 8, 12),
    "folded, keep": ("summary: >+\n    One flight\n    and then REF.\n\n", 8, 14),
    "folded with a blank line": ("summary: >\n  One flight.\n\n  Then REF.\n", 9, 8),
    "folded, more indented": ("summary: >\n  One flight\n    more indented REF\n"
                              "  back\n", 8, 19),
    "folded after a blank first line": ("summary: >\n\n  One flight\n  then REF\n", 9, 8),
    "one-line with an escape": ('summary: "A \\"b\\" REF"\n', 6, 19),
    "in a list item": ("summary: The report.\nupdated: 2026-11-21\ncorrections:\n"
                       "  - date: 2026-11-21\n    kind: correction\n    text: >-\n"
                       "      Fixed the count,\n      see REF now.\n", 13, 11),
}
MD_HEAD = "---\n" + CLAIM_HEAD
MD_STYLES = {
    "front matter, folded": (MD_HEAD + "summary: >-\n  The report gives\n  one REF.\n---\n"
                             "Body.\n", 9, 7),
    "front matter, plain over lines": (MD_HEAD + "summary: The report gives\n"
                                       "   one flight REF.\n---\nBody.\n", 8, 15),
    "Markdown body": (MD_HEAD + "summary: It did.\n---\nThe analysis.\n\n"
                      "- a list item\n  that goes on REF\n", 12, 16),
}

# Every kind of reference: (written, the id a problem names, where the position points
# from the reference's start: a link to a site path is placed at its path).
UNKNOWN = {
    "citation": ("[@nosuch]", "nosuch", 0),
    "citation with a locator": ("[@nosuch, p. 4]", "nosuch", 0),
    "two citations": ("[@report; @nosuch]", "nosuch", 0),
    "claim link": ("[[nosuch]]", "nosuch", 0),
    "claim link with text": ("[[nosuch|the other check]]", "nosuch", 0),
    "figure": ("[#nosuch]", "nosuch", 0),
    "figure of another claim": ("[#window.nosuch]", "nosuch", 0),
    "figure's number": ("[#nosuch|number]", "nosuch", 0),
    "site path": ("[the about page](/nowhere/)", "/nowhere/", len("[the about page](")),
}
MALFORMED = {
    "citation": "[@No Such]",
    "claim link": "[[No Such]]",
    "figure": "[#a.b.C]",
}
CASES = [(name, CLAIM_HEAD + text, "yaml", line, col)
         for name, (text, line, col) in STYLES.items()]
CASES += [(name, text, "md", line, col) for name, (text, line, col) in MD_STYLES.items()]


def compiled(text: str, ending: str):
    path = f"content/claims/flight.{ending}"
    return compile_file("claim", path, path, text.encode()), text.split("\n")


@pytest.mark.parametrize("kind", UNKNOWN)
@pytest.mark.parametrize(("style", "template", "ending", "line", "col"), CASES,
                         ids=[c[0] for c in CASES])
def test_an_unknown_reference_is_placed_where_it_is_written(style, template, ending, line,
                                                            col, kind):
    written, key, shift = UNKNOWN[kind]
    unit, lines = compiled(template.replace("REF", written), ending)
    assert not unit.problems, unit.problems
    places = [(r.pos.line, r.pos.col) for r in unit.facts.refs if r.key == key]
    assert places == [(line, col + shift)]
    assert lines[line - 1][col - 1:].startswith(written)


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize(("style", "template", "ending", "line", "col"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_malformed_reference_is_reported_where_it_is_written(style, template, ending, line,
                                                              col, kind):
    written = MALFORMED[kind]
    unit, lines = compiled(template.replace("REF", written), ending)
    assert [(p.pos.line, p.pos.col) for p in unit.problems] == [(line, col)]
    assert unit.problems[0].message.startswith(f"'{written}' is not a")
    assert lines[line - 1][col - 1] == "["


@pytest.mark.parametrize("opening", [">-\n\n", "|\n\n", '"\n', "'\n"])
def test_too_long_text_is_reported_at_its_first_character(opening):
    close = opening[0] if opening[0] in "'\"" else ""
    text = (CLAIM_HEAD + "short: " + opening + "  " + "word " * 30 + "\n  more" + close
            + "\nsummary: It did.\n")
    unit, lines = compiled(text, "yaml")
    problem = next(p for p in unit.problems if "'short' is" in p.message)
    assert (problem.pos.line, problem.pos.col) == (len(opening.split("\n")) + 5, 3)
    assert lines[problem.pos.line - 1][problem.pos.col - 1:].startswith("word")


BAD_SUMMARY = """\
summary: >-
  The report gives [#deportees] on one flight,
  which the agency confirmed in its own words [@nosuch].
"""


def _bad_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    subprocess.run(["cp", "-r", str(ROOT / "tests" / "sites" / "minimal"), str(site)],
                   check=True)
    claim = site / "content" / "claims" / "flight.yaml"
    old = "summary: The report gives [#deportees] on one flight [@report].\n"
    text = claim.read_text()
    assert old in text
    claim.write_text(text.replace(old, BAD_SUMMARY))
    return site


def _check(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site", ".",
                           *args], cwd=site, capture_output=True, text=True, timeout=120)


def test_the_command_line_draws_the_caret_under_the_reference(tmp_path):
    done = _check(_bad_site(tmp_path))
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert "content/claims/flight.yaml:6:47: error: unknown source 'nosuch'" in out
    lines = out.split("\n")
    at = next(i for i, line in enumerate(lines) if "unknown source 'nosuch'" in line)
    shown, caret = lines[at + 1], lines[at + 2]
    assert shown.endswith("  which the agency confirmed in its own words [@nosuch].")
    assert shown[caret.index("^"):].startswith("[@nosuch]")


def test_github_annotations_carry_the_same_line_and_column(tmp_path):
    done = _check(_bad_site(tmp_path), "--format", "github")
    assert done.returncode == 1
    assert ("::error file=content/claims/flight.yaml,line=6,col=47::unknown source 'nosuch'"
            in done.stdout + done.stderr)


def test_a_literal_block_that_starts_with_blank_lines():
    text = CLAIM_HEAD + "summary: |\n\n\n  One flight\n  and [@No Such].\n"
    unit, lines = compiled(text, "yaml")
    assert [(p.pos.line, p.pos.col) for p in unit.problems] == [(10, 7)]
    assert lines[9][6] == "["


WORD = st.text(alphabet="abcxyz019.,;()'\"\\[]@#é\t\u00a0", min_size=1, max_size=8)
LINE = st.lists(WORD, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(LINE, min_size=1, max_size=4), style=st.sampled_from(
    [None, "'", '"', ">", "|"]), width=st.integers(20, 60), nested=st.booleans())
def test_every_character_of_a_value_is_placed_on_itself(paragraphs, style, width, nested):
    """Whatever PyYAML writes a value as (folded at any width, quoted, escaped), each of its
    characters is placed on that character in the file (or on the escape that made it)."""
    value = "\n".join(paragraphs) if style in (">", "|") else " ".join(paragraphs)
    data = [{"summary": value}] if nested else {"summary": value}
    text = yaml.dump(data, default_style=style, width=width, allow_unicode=True)
    node, problems = parse_yaml(text, "f.yaml")
    assert not problems
    summary = (node.items[0] if nested else node).get("summary")
    assert summary.text == value
    placed = Text(summary.text, summary.text_pos, summary.indent, anchors=summary.anchors)
    lines = text.split("\n")
    for offset, char in enumerate(value):
        if char not in " \n":
            pos = placed.locate(offset)
            assert lines[pos.line - 1][pos.col - 1] in (char, "\\"), (offset, pos, text)


def test_the_same_malformed_reference_twice_is_reported_at_each_place():
    text = CLAIM_HEAD + "summary: >-\n  One [@Bad One] and\n  two [@Bad One].\n"
    unit, lines = compiled(text, "yaml")
    assert [(p.pos.line, p.pos.col) for p in unit.problems] == [(7, 7), (8, 7)]
    assert lines[6][6] == lines[7][6] == "["
