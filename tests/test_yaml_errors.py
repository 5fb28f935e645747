"""YAML's own errors, in plain words: each common mistake, made in a real claim file, is
reported on the line (and column) to change, with what is wrong and how to fix it.

Each case edits the minimal site's claim (tests/sites/minimal/content/claims/flight.yaml)
and compiles the file's bytes as the build does."""

from pathlib import Path

import pytest

from factsite.content.yamlnodes import parse_yaml
from factsite.site.units import compile_file

ROOT = Path(__file__).resolve().parent.parent
FLIGHT = (ROOT / "tests/sites/minimal/content/claims/flight.yaml").read_text("utf-8")
WINDOW = (ROOT / "tests/sites/minimal/content/claims/window.md").read_text("utf-8")
BLOCK = "write it as a block: '{0}: >-', then the text on the next line, indented"

# (what the mistake is, the text replaced, its replacement, line:col, the message)
CASES = [
    ("a tab indents a field", "    value: 120\n", "\tvalue: 120\n", "11:1",
     "this line is indented with a tab: YAML indents with spaces only. Replace the tab with "
     "spaces, as many as the lines around it use"),
    ("a tab after spaces", "    unit: Cubans\n", "  \tunit: Cubans\n", "12:3",
     "this line is indented with a tab: YAML indents with spaces only. Replace the tab with "
     "spaces, as many as the lines around it use"),
    ("a field pulled back to column 1", "    unit: Cubans\n", "unit: Cubans\n", "12:1",
     "'unit' starts at column 1, but the lines around it (lines 11 and 13) start at column 5: "
     "indent it to match them"),
    ("a field indented too far", "rating: accurate\n", "  rating: accurate\n", "3:3",
     "'rating' is indented more than 'claimant' on line 2, which already has a value, so YAML "
     "reads this line as part of that value. If 'rating' is a field, start it at column 1, "
     "like 'claimant'; if the line is text that goes on, put the value of 'claimant' in "
     "quotes"),
    ("a field between two levels", "    unit: Cubans\n", "   unit: Cubans\n", "12:4",
     "'unit' is indented by 3 spaces, which lines up with no field above it: indent it by "
     "4 spaces or by 2 spaces"),
    ("a list item's field not under the item", "    locator: paragraph 1\n",
     "  locator: paragraph 1\n", "19:3",
     "'locator' lines up with the '-' of the list that starts on line 17, but it is not an "
     "item of the list: if it belongs to the item above, indent it under that item's first "
     "field (column 5); if it is a new item, write '- ' in front of it"),
    ("a double quote never closed", "claimant: ice\n", 'claimant: "ice\n', "2:11",
     'this quote (") is never closed: end the value with another ", on the line where the '
     "value ends"),
    ("a single quote never closed", "label: Cubans deported on the flight\n",
     "label: 'Cubans deported on the flight\n", "13:12",
     "this quote (') is never closed: end the value with another ', on the line where the "
     "value ends"),
    ("a bracket never closed", "tags: [deportation]\n", "tags: [deportation\n", "21:7",
     "this '[' is never closed: end the list with ']' (like tags: [one, two])"),
    ("': ' in an unquoted value", "claim: ICE put 120 Cubans on a single flight to Havana.\n",
     "claim: Note: ICE put 120 Cubans on a single flight.\n", "1:12",
     "': ' inside the value of 'claim' makes YAML read a second field on one line: put the "
     "whole value in quotes (claim: \"Note: ICE put 120 Cubans on a single fli…\") or "
     + BLOCK.format("claim")),
    ("a list item among the fields", "related: [window]\n", "related: [window]\n- window\n",
     "23:1", "a list item ('- …') among the fields of a mapping: if it belongs to a field's "
     "list, indent it like the list's items (column 3, as on line 20); if not, write it as a "
     "field (name: value)"),
    ("a text that starts with a reference", "summary: The report gives [#deportees]",
     "summary: [#deportees] were deported, the report says", "4:10",
     "the value of 'summary' starts with '[', so YAML reads it as a list, not as text. To "
     "start a text with a reference, put the whole text in quotes (summary: \"[#deportees] "
     "were deported, the report s…\") or " + BLOCK.format("summary")),
    ("a value that starts with '@'", "claimant: ice\n", "claimant: @ICEgov\n", "2:11",
     "a value cannot start with '@' in YAML: put it in quotes (claimant: \"@ICEgov\")"),
    ("quotes that close too early", "label: Cubans deported on the flight\n",
     'label: "Cubans" deported on the flight\n', "13:12",
     "the value of 'label' is in quotes (\") that close before it ends, at the \" inside it: "
     "put the value in ' quotes instead, or " + BLOCK.format("label")),
    ("a text line not indented", "  which turns on [#window.days].\n",
     "which turns on [#window.days].\n", "25:1",
     "this line is not indented, so YAML reads it as a field, but it has no ': '. If it goes "
     "on with the text above, indent it like that text; if it is a field, write 'name: value'"),
    ("a non-breaking space after a colon", "rating: accurate\n", "rating:\u00a0accurate\n",
     "3:8", "a non-breaking space follows the colon, where YAML needs a plain space (it often "
     "comes with pasted text): delete it and type a space"),
    ("a control character", "on a single flight to Havana", "on a single\x07flight to Havana",
     "1:38", "an invisible control character (U+0007) is here: delete it (it often comes with "
     "text pasted from a PDF or a web page)"),
]


@pytest.mark.parametrize(("mistake", "old", "new", "place", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_yaml_mistake_is_said_in_plain_words_where_it_is(mistake, old, new, place, message):
    assert old in FLIGHT
    path = "content/claims/flight.yaml"
    unit = compile_file("claim", path, path, FLIGHT.replace(old, new, 1).encode())
    assert [str(p) for p in unit.problems] == [f"{path}:{place}: error: {message}"]


def test_in_front_matter_the_line_counts_from_the_top_of_the_file():
    path = "content/claims/window.md"
    text = WINDOW.replace("rating: unverifiable\n", "  rating: unverifiable\n")
    unit = compile_file("claim", path, path, text.encode())
    assert [(p.pos.line, p.pos.col) for p in unit.problems] == [(4, 3)]
    assert unit.problems[0].message.startswith("'rating' is indented more than 'claimant' on "
                                               "line 3")


def test_a_mistake_not_recognised_keeps_pyyaml_words():
    _, problems = parse_yaml("claim: x\nrating: [a, b]]\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:2:15: error: invalid YAML: did not find expected key (while parsing a block "
        "mapping that starts on line 1)"]
