"""Validate: each file through its field table into a record, with exact positions; the
model's records are their field tables."""

import datetime as dt
import typing

import pytest

from factsite.content import colours, fields, model
from factsite.content.documents import parse_document
from factsite.content.tables import Fields
from factsite.content.validate import check_claim, check_site, convert

SHORT_LIMIT = model.SHORT

CLAIM = """\
claim: ICE put 120 Cubans on one flight.
claimant: vice-news
rating: accurate
summary: It did.
published: 2026-11-16
sources: [vice-report]
"""


def document(text, kind="claim", name="flight.yaml"):
    folder = {"claim": "claims", "source": "sources", "claimant": "claimants"}.get(kind, kind)
    path = f"content/{folder}/{name}" if kind != "site" else "site.yaml"
    doc, problems = parse_document(text, kind=kind, rel=path, path=path,
                                   stem=name.rsplit(".", 1)[0], markdown=name.endswith(".md"))
    assert not problems, problems
    return doc


def messages(text, kind="claim", name="flight.yaml"):
    _, problems = convert(document(text, kind, name))
    return [str(p) for p in problems]


def test_a_valid_claim_becomes_a_typed_record():
    claim, problems = convert(document(CLAIM))
    assert problems == []
    assert isinstance(claim, model.Claim)
    assert claim.id == "flight" and claim.file == "content/claims/flight.yaml"
    assert claim.published == dt.date(2026, 11, 16)
    assert claim.sources == (model.SourceRef(source="vice-report"),)
    assert claim.sources[0].pos.line == 6
    assert claim.summary.source == "It did." and claim.summary.pos.line == 4


def test_unknown_field_with_did_you_mean():
    text = CLAIM.replace("sources:", "soruces:")
    assert messages(text) == [
        "content/claims/flight.yaml:6:1: error: unknown field 'soruces' in a claim; did you "
        "mean 'sources'?"]
    assert messages(CLAIM.replace("sources: [vice-report]\n", "")) == [
        "content/claims/flight.yaml:1:1: error: missing required field 'sources' in a claim "
        "(the sources the check relies on: source ids, or source, quote and locator)"]


def test_missing_required_field_names_what_it_needs():
    text = CLAIM.replace("rating: accurate\n", "")
    assert messages(text) == [
        "content/claims/flight.yaml:1:1: error: missing required field 'rating' in a claim "
        "(the verdict: an id from the ratings in site.yaml)"]


def test_wrong_types():
    text = CLAIM.replace("sources: [vice-report]", "sources: vice-report") + "draft: maybe\n"
    assert messages(text) == [
        "content/claims/flight.yaml:6:10: error: expected a list of sources (source ids, or "
        "source, quote and locator), found 'vice-report'; write each item on its own line "
        "starting with '- '",
        "content/claims/flight.yaml:7:8: error: expected true or false, found 'maybe'",
    ]


def test_impossible_date_says_why():
    text = CLAIM.replace("2026-11-16", "2026-02-30")
    assert messages(text) == ["content/claims/flight.yaml:5:12: error: '2026-02-30' is not a "
                              "real date: February 2026 has 28 days"]


def test_figure_value_with_separators_gets_a_hint():
    text = CLAIM + ("figures:\n  orders:\n    value: 37,000\n    label: Orders\n"
                    "    source: vice-report\n")
    assert messages(text) == [
        "content/claims/flight.yaml:9:12: error: expected a number, found '37,000' (write it "
        "without separators or quotes, like 37000)"]


def test_figure_keys_are_ids_and_become_figure_ids():
    text = CLAIM + "figures:\n  deportees:\n    value: 120\n    label: People\n" \
                   "    source: vice-report\n    qualifier: exactly\n"
    claim, problems = convert(document(text))
    assert problems == []
    assert claim.figures[0].id == "deportees" and claim.figures[0].value == 120


def test_non_http_url_is_refused():
    text = "title: T\npublisher: P\nurl: javascript:alert(1)\n"
    assert messages(text, "source", "s.yaml") == [
        "content/sources/s.yaml:3:6: error: expected a web address starting with https:// or "
        "http://, found 'javascript:alert(1)'"]


def test_id_that_is_not_a_slug():
    assert messages(CLAIM + "id: Bad_ID\n") == [
        "content/claims/flight.yaml:7:5: error: 'Bad_ID' is not a valid id: use lowercase "
        "letters, digits and single hyphens, like 'bad-id'"]


def test_file_name_that_is_not_an_id():
    assert messages(CLAIM, name="Flight Claim.yaml") == [
        "content/claims/Flight Claim.yaml:1:1: error: the file name 'Flight Claim' is not a "
        "valid id: rename the file to 'flight-claim.yaml' or set an 'id' field"]


def test_rating_false_is_the_text_false():
    claim, _ = convert(document(CLAIM.replace("rating: accurate", "rating: false")))
    assert claim.rating == "false"


def test_short_is_limited_and_long_claims_without_short_warn():
    long_claim = "x" * (SHORT_LIMIT + 1)
    assert messages(CLAIM + f"short: {long_claim}\n") == [
        f"content/claims/flight.yaml:7:8: error: 'short' is {SHORT_LIMIT + 1} characters long; at "
        f"most {SHORT_LIMIT} are allowed"]
    claim, _ = convert(document(CLAIM.replace("ICE put 120 Cubans on one flight.", long_claim)))
    assert [d.severity.value for d in check_claim(claim)] == ["warning"]


def test_updated_before_published():
    claim, _ = convert(document(CLAIM + "updated: 2026-11-01\n"))
    assert [str(d) for d in check_claim(claim)] == [
        "content/claims/flight.yaml:7:10: error: updated (2026-11-01) is before published "
        "(2026-11-16)"]


def test_md_claim_body_is_the_analysis_with_file_lines():
    text = "---\n" + CLAIM + "---\nThe analysis [@vice-report].\n"
    claim, problems = convert(document(text, name="flight.md"))
    assert problems == []
    assert claim.analysis.source.startswith("The analysis")
    assert claim.analysis.pos.line == 9


SITE = """\
title: Desk
base_url: https://example.org/cuba/
ratings:
  - {id: "true", label: "True", description: d, value: 3}
  - {id: mixed, label: Mixed, description: d, value: 2}
  - {id: "false", label: "False", description: d, value: 1}
  - {id: unverifiable, label: Unverifiable, description: d, on_scale: false}
"""


def test_site_yaml_and_its_scale():
    site, problems = convert(document(SITE, "site"))
    assert problems == [] and check_site(site) == []
    assert site.base_path == "/cuba/"
    assert [r.id for r in site.ratings] == ["true", "mixed", "false", "unverifiable"]


def test_a_scale_in_the_wrong_direction():
    site, _ = convert(document(SITE.replace("value: 2", "value: 4"), "site"))
    assert [str(d) for d in check_site(site)] == [
        "site.yaml:5:54: error: ratings run best to worst, so 'mixed' (4) must have a lower "
        "value than 'true' (3)"]


def test_every_field_has_a_description_and_example_or_is_a_record():
    for table in model.TABLES.values():
        for field in table.fields:
            assert field.description.endswith(".") and len(field.description) > 10, field


def _records():
    return [v for v in vars(model).values()
            if isinstance(v, type) and issubclass(v, model.Record) and v is not model.Record]


def test_each_records_attributes_agree_with_its_field_table():
    """A field is declared once (its annotation and its F(...)): the attribute's type is
    the field type's, optional only when the field is, and its default the field's."""
    import dataclasses

    for record in _records():
        hints = typing.get_type_hints(record)
        defaults = {f.name: f.default for f in dataclasses.fields(record)}
        for spec in record.FIELDS.fields:
            python = spec.type.python
            expected = python if spec.required or spec.empty is not None else python | None
            assert hints[spec.name] == expected, (record.__name__, spec.name)
            assert (defaults[spec.name] is dataclasses.MISSING) == spec.required, spec.name
            if not spec.required:
                assert defaults[spec.name] == spec.empty, (record.__name__, spec.name)


def test_a_record_is_built_from_its_table_by_name():
    assert isinstance(model.Claim.FIELDS, Fields) and model.Claim.FIELDS.make is model.Claim
    assert [f.name for f in model.Figure.FIELDS.fields][:2] == ["value", "qualifier"]
    figure = model.Figure(value=3, label="x", source="s")
    assert (figure.qualifier, figure.unit, figure.id) == ("exactly", None, "")


def test_the_field_reference_in_the_docs_is_current():
    from conftest import ROOT

    text = (ROOT / "docs/content.md").read_text("utf-8")
    assert fields.update_docs(text) == text, \
        "run: python -m factsite.content.fields docs/content.md"


def test_field_places_are_packed_but_read_like_a_mapping():
    """A record's field places (millions in a big site) are packed; they read as a mapping
    of name to Pos, and print as one (a record's repr is hashed into pages' state)."""
    from factsite.content.model import Locs
    from factsite.diagnostics import Pos

    places = {"id": Pos("c.yaml", 1, 5), "tags[0]": Pos("c.yaml", 300, 3)}
    locs = Locs(places)
    assert dict(locs) == places and "tags[0]" in locs and "nope" not in locs
    assert locs.get("nope") is None and repr(locs) == repr(places)
    mixed = {"a": Pos("x.yaml", 1, 1), "b": Pos("y.yaml", 2, 2)}
    assert dict(Locs(mixed)) == mixed


SOURCE = """\
title: Statement by an ICE spokesperson to VICE News
publisher: U.S. Immigration and Customs Enforcement
"""


def source_problems(text):
    from factsite.content.validate import check_source

    record, problems = convert(document(text, "source", "statement.yaml"))
    return [str(p) for p in problems + (check_source(record) if record else [])]


def test_a_source_without_a_url_says_why_or_is_warned_about():
    assert source_problems(SOURCE) == [
        "content/sources/statement.yaml:1:1: warning: source 'statement' has no url, so "
        "readers cannot follow it; add one if the source is online, or say why it has none "
        "with 'no_url: <reason>'"]
    record, _ = convert(document(SOURCE + "no_url: given to our reporter by telephone\n",
                                 "source", "statement.yaml"))
    assert record.no_url == "given to our reporter by telephone"
    assert source_problems(SOURCE + "no_url: given to our reporter by telephone\n") == []


def test_a_source_with_a_url_and_a_reason_for_none_is_an_error():
    text = SOURCE + "url: https://example.org/statement\nno_url: print edition\n"
    assert source_problems(text) == [
        "content/sources/statement.yaml:4:9: error: a source has either a url or no_url (why "
        "it has none), not both: remove one"]


def test_an_empty_reason_is_an_error_naming_the_field():
    for written in ('no_url: ""', "no_url:", "no_url: '  '"):
        (problem,) = source_problems(SOURCE + written + "\n")
        assert problem.startswith("content/sources/statement.yaml:3:")
        assert problem.endswith("error: 'no_url' is empty: write the reason in words, or "
                                "remove the field"), problem
    (problem,) = source_problems(SOURCE + "no_url: print edition\nno_copy: ''\n")
    assert "error: 'no_copy' is empty" in problem


# ---- the desk's look: logo, tagline, accent ---------------------------------------------


def site_with(lines):
    site, problems = convert(document(SITE.replace("ratings:", lines + "ratings:"), "site"))
    return site, [str(p) for p in problems]


def test_a_look_is_read_from_site_yaml():
    site, problems = site_with('tagline: Claims, checked\nlogo: /img/mark.svg\n'
                               'accent: "#0F6B74"\n')
    assert problems == [] and check_site(site) == []
    assert (site.tagline, site.logo, site.accent) == ("Claims, checked", "/img/mark.svg",
                                                     "#0f6b74")


def test_an_accent_that_fails_contrast_says_its_ratio_and_a_shade_that_passes():
    site, problems = site_with('accent: "#7fb3ff"\n')
    assert problems == []
    (problem,) = [str(d) for d in check_site(site)]
    assert problem == ("site.yaml:3:9: error: accent #7fb3ff has a contrast of 2.1:1 against "
                       "the white background (#ffffff); WCAG AA needs 4.5:1 for text: "
                       "try #0065f9")
    suggested = problem.rsplit(" ", 1)[1]
    assert check_site(site_with(f'accent: "{suggested}"\n')[0]) == []


def test_an_accent_that_passes_on_white_must_pass_on_the_grey_of_boxes_too():
    # #727272 is 4.8:1 on white but 4.4:1 on the verdict box's #f4f5f7
    (problem,) = [str(d) for d in check_site(site_with('accent: "#727272"\n')[0])]
    assert "contrast of 4.4:1 against the light grey of boxes (#f4f5f7)" in problem


def test_an_accent_must_be_six_hex_digits_in_quotes():
    assert site_with('accent: "red; background: url(x)"\n')[1] == [
        "site.yaml:3:9: error: expected a colour in quotes, like \"#1a5fb4\", found "
        "'red; background: url(x)'"]
    assert site_with("accent: #1a5fb4\n")[1] == [
        "site.yaml:3:8: error: 'accent' is empty: if you wrote a colour like #1a5fb4 without "
        "quotes, YAML read the # as the start of a comment; write accent: \"#1a5fb4\""]


def test_a_logo_is_an_image_path_on_the_site():
    for wrong in ("https://cdn.example/logo.svg", "/../secret.svg", "/logo.txt"):
        (problem,) = site_with(f"logo: {wrong}\n")[1]
        assert problem.startswith("site.yaml:3:7: error: expected a path to an image in "
                                  "static/ starting with '/', like /logo.svg"), problem


def test_contrast_is_wcags_and_a_passing_shade_keeps_the_hue():
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colours.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert colours.passing_shade("#0b57b0", colours.LIGHT) == "#0b57b0"  # passes already
    for accent in ("#7fb3ff", "#ffff00", "#ff0000", "#0b57b0"):
        for backgrounds in (colours.LIGHT, colours.DARK):
            shade = colours.passing_shade(accent, backgrounds)
            assert colours.worst(shade, backgrounds)[0] >= 4.5, (accent, shade)
    dark = colours.passing_shade("#0f6b74", colours.DARK)
    assert colours.luminance(dark) > colours.luminance("#0f6b74")  # lighter for dark mode
