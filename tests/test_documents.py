"""Reading files: positioned YAML, YAML 1.2 scalars, front matter, hostile YAML."""

import time

import pytest
from conftest import copy_example

from factsite.build import Options, build
from factsite.content.documents import parse_document
from factsite.content.yamlnodes import parse_yaml


def parse(text):
    node, problems = parse_yaml(text, "f.yaml")
    assert not problems, problems
    return node


def test_every_value_keeps_its_line_and_column():
    node = parse("title: A\nfigures:\n  flight:\n    value: 120\n")
    value = node.get("figures").get("flight").get("value")
    assert (value.pos.line, value.pos.col) == (4, 12)
    assert str(value.pos) == "f.yaml:4:12"


@pytest.mark.parametrize("text", ["no", "yes", "on", "off", "NO", "y", "n"])
def test_yaml_11_booleans_stay_text(text):
    node = parse(f"rating: {text}\n").get("rating")
    assert node.text == text
    assert node.as_bool() is None


@pytest.mark.parametrize("text,value", [("true", True), ("false", False), ("True", True)])
def test_yaml_12_booleans(text, value):
    assert parse(f"draft: {text}\n").get("draft").as_bool() is value


def test_a_quoted_number_is_not_a_number():
    node = parse('a: "37000"\nb: 37000\nc: 1_000\nd: 0x10\ne: .inf\n')
    assert node.get("a").as_number() is None
    assert node.get("b").as_number() == 37000
    assert node.get("c").as_number() is None, "YAML 1.2 has no digit separators"
    assert node.get("d").as_number() == 16
    assert node.get("e").as_number() is None, "infinity is not a figure"


def test_dates_stay_text_for_the_date_field_to_read():
    assert parse("published: 2026-02-30\n").get("published").text == "2026-02-30"


def test_duplicate_key_is_reported_at_the_second_with_the_first_line():
    node, problems = parse_yaml("rating: accurate\nclaim: x\nrating: false\n", "c.yaml")
    assert [str(p) for p in problems] == [
        "c.yaml:3:1: error: duplicate key 'rating': it is already set on line 1; YAML would "
        "silently keep only one, so remove or rename one of them"]
    assert node.get("rating").text == "accurate"


def test_syntax_error_points_where_the_mistake_is_not_where_the_parser_stopped():
    _, problems = parse_yaml("title: a\nsources: [one,\nclaim: b\n", "c.yaml")
    assert [str(p) for p in problems] == [
        "c.yaml:2:10: error: this '[' is never closed: end the list with ']' (like tags: "
        "[one, two])"]


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    node, problems = parse_yaml("\n".join(lines), "bomb.yaml")
    assert node is None
    assert "refused" in problems[0].message
    assert time.perf_counter() - started < 2


def test_self_referencing_alias_is_refused():
    node, problems = parse_yaml("a: &x [1, *x]\n", "loop.yaml")
    assert node is None and "refers to itself" in problems[0].message


def test_python_tags_are_refused_not_run():
    node, problems = parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "t.yaml")
    assert node is None
    assert "!!python/object/apply:os.system" in problems[0].message


def test_deep_nesting_is_refused_without_a_crash():
    _, problems = parse_yaml("[" * 5000 + "]" * 5000, "deep.yaml")
    assert problems and problems[0].is_error


def test_two_documents_in_one_file_are_an_error():
    _, problems = parse_yaml("a: 1\n---\nb: 2\n", "two.yaml")
    assert problems[0].pos.line == 2
    assert "second YAML document" in problems[0].message


def test_front_matter_positions_count_from_the_file_start():
    text = "---\ntitle: T\ndate: 2026-01-02\n---\nFirst line\n\nSecond [@x]\n"
    doc, problems = parse_document(text, kind="article", rel="content/articles/a.md",
                                   path="content/articles/a.md", stem="a", markdown=True)
    assert not problems
    assert doc.node.get("date").pos.line == 3
    assert doc.body.pos.line == 5
    offset = doc.body.source.index("[@x]")
    assert str(doc.body.locate(offset)) == "content/articles/a.md:7:8"


def test_block_scalar_text_positions():
    node = parse("claim: x\nanalysis: |\n  Para one.\n\n  Cites [@a] here.\n")
    analysis = node.get("analysis")
    from factsite.content.model import Text

    text = Text(analysis.text, analysis.text_pos, analysis.indent)
    assert str(text.locate(text.source.index("[@a]"))) == "f.yaml:5:9"


def test_missing_front_matter_is_an_error():
    doc, problems = parse_document("# Title\n", kind="page", rel="p.md", path="p.md",
                                   stem="p", markdown=True)
    assert doc is None and "front matter" in problems[0].message


def test_windows_line_endings_and_bom_are_accepted():
    doc, problems = parse_document("\ufefftitle: A\r\npublisher: B\r\n", kind="source",
                                   rel="s.yaml", path="s.yaml", stem="s")
    assert not problems and doc.node.get("publisher").text == "B"


def test_a_content_file_linking_out_of_the_site_is_not_read(tmp_path):
    site = copy_example(tmp_path / "site")
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nthe runner's private key\n")
    (site / "content/pages/leak.md").symlink_to(secret)
    (site / "content/pages/inside.md").symlink_to(site / "content/pages/about.md")
    result = build(Options(site_dir=site, out_dir=tmp_path / "out"))
    assert [str(d) for d in result.diagnostics if d.is_error] == [
        f"{site / 'content/pages/leak.md'}:1:1: error: this link points outside the site; "
        "it is not read"]
    assert not (tmp_path / "out").exists()
