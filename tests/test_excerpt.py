"""The excerpt under a problem, in the terminal and on the preview's error page: the line
with a caret under the column, and the characters a person cannot see shown as signs."""

import subprocess
import sys
from pathlib import Path

from factsite.commands.serve import error_page
from factsite.diagnostics import Pos, error, excerpt

ROOT = Path(__file__).resolve().parent.parent


def shown(line: str, col: int, number: int = 7) -> list[str]:
    return excerpt(error(Pos("f.yaml", number, col), "x"), lambda _path, _n: line).split("\n")


def test_a_tab_shows_as_an_arrow_and_the_caret_stays_under_its_character():
    assert shown("\tvalue: 120", 8) == [
        "    7 | →value: 120",
        "      |        ^  (→ is a tab)"]


def test_a_non_breaking_space_shows_as_a_sign():
    assert shown("rating:\u00a0accurate", 8) == [
        "    7 | rating:␣accurate",
        "      |        ^  (␣ is a non-breaking space)"]


def test_zero_width_and_control_characters_show_and_count_one_column_each():
    assert shown("a\u200bb\x07c [@x]", 6) == [
        "    7 | a◊b␇c [@x]",
        "      |      ^  (◊ is a zero-width space, ␇ is a control character)"]


def test_trailing_spaces_show_only_when_the_caret_is_in_them():
    assert shown("title: x  ", 9)[0] == "    7 | title: x··"
    assert shown("title: x  ", 8)[0] == "    7 | title: x  "


def test_wide_letters_move_the_caret_two_columns():
    assert shown("名前: [@x]", 5)[1] == "      | " + " " * 6 + "^"


def test_a_byte_order_mark_that_starts_the_file_is_left_out():
    assert shown("\ufefftitle: x", 8, number=1) == ["    1 | title: x", "      |        ^"]


def test_the_command_line_shows_the_tab_it_complains_about(tmp_path):
    site = tmp_path / "site"
    subprocess.run(["cp", "-r", str(ROOT / "tests/sites/minimal"), str(site)], check=True)
    claim = site / "content/claims/flight.yaml"
    claim.write_text(claim.read_text().replace("    value: 120\n", "  \tvalue: 120\n"))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site", "."],
                          cwd=site, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = (done.stdout + done.stderr).split("\n")
    at = lines.index("content/claims/flight.yaml:11:3: error: this line is indented with a "
                     "tab: YAML indents with spaces only. Replace the tab with spaces, as many "
                     "as the lines around it use")
    assert lines[at + 1:at + 3] == ["   11 |   →value: 120", "      |   ^  (→ is a tab)"]


def test_the_preview_error_page_marks_the_line_and_shows_the_caret(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.yaml").write_text("title: A\nsummary: >-\n  One\n\tTwo")
    page = error_page([error(Pos("content/a.yaml", 4, 1), "a tab")], tmp_path).decode()
    assert ("<pre>    2 | summary: &gt;-\n    3 |   One\n<mark>    4 | →Two\n"
            "      | ^  (→ is a tab)</mark></pre>") in page
