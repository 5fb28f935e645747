"""Markdown phase 1: placeholders for references, sanitising; and the cut phase 2 fills."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.content.markdown import OPEN, TOKEN, Parser, Ref, parse, plain_prose, split


def kinds(fragment):
    return [(r.kind, r.args) for r in fragment.refs]


def test_citations_pandoc_style():
    f = parse("One [@vice]. Two [@a; @b, p. 4].")
    assert kinds(f) == [("cite", (("vice", None),)), ("cite", (("a", None), ("b", "p. 4")))]
    assert "[@" not in f.html


def test_claim_links_with_and_without_text():
    f = parse("See [[ninety-day-window]] and [[flight|the flight]].")
    assert kinds(f) == [("claim", ("ninety-day-window", None)), ("claim", ("flight", "the flight"))]


def test_figures_short_long_and_number_only():
    f = parse("[#window], [#flight.deportees] and [#window|number].")
    assert kinds(f) == [("figure", (None, "window", "full")),
                        ("figure", ("flight", "deportees", "full")),
                        ("figure", (None, "window", "number"))]


def test_references_inside_code_are_left_alone():
    f = parse("Write `[@source-id]` to cite.\n\n    [[claim]]\n")
    assert f.refs == ()
    assert "[@source-id]" in f.html and "[[claim]]" in f.html


def test_quotes_dashes_and_ellipses_are_typographic_in_prose_only():
    html = parse("A \"paperwork glitch\" -- Cuba's 'own' --- word... `\"as typed\" -- x`\n\n"
                 "[it's \"here\"](https://example.org/a--b's \"it's -- t\") and "
                 "https://example.org/c--d\n\n    code \"block\" --\n").html
    assert "<p>A \u201cpaperwork glitch\u201d \u2013 Cuba\u2019s \u2018own\u2019 \u2014 " \
        'word\u2026 <code>"as typed" -- x</code></p>' in html
    assert "<a href=\"https://example.org/a--b's\" title=\"it's -- t\">it\u2019s \u201chere\u201d" \
        "</a>" in html, "the link's text is prose; its address and title are as written"
    assert "https://example.org/c--d" in html, "an address in the text is left alone"
    assert '<pre><code>code "block" --\n</code></pre>' in html


def test_quotes_around_references_and_inline_html_open_and_close():
    f = parse('"[[flight]]" and <b>"bold"</b>.')
    assert f.html == "<p>\u201c" + OPEN + "0" + "\ue001" + "\u201d and <b>\u201cbold\u201d</b>.</p>"


def test_internal_links_become_url_placeholders():
    f = parse("[About](/about/) and [elsewhere](https://example.org/) ![logo](/logo.png)")
    assert kinds(f) == [("url", ("/about/",)), ("url", ("/logo.png",))]
    assert 'href="https://example.org/"' in f.html


def test_offsets_point_at_the_reference_in_document_order():
    source = "Para [[b]] then [@a].\n\nAnd [@a] again."
    f = parse(source)
    offsets = sorted(r.offset for r in f.refs)
    assert offsets == [source.index("[[b]]"), source.index("[@a]"), source.rindex("[@a]")]


def test_malformed_references_are_problems_not_silence():
    f = parse("Bad [@Not An Id] and [[Bad Link]] and [#x|huge].")
    assert [m.split("'")[1] for _, m in f.problems] == ["[@Not An Id]", "[[Bad Link]]",
                                                       "[#x|huge]"]


@pytest.mark.parametrize("hostile,forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ("<style>body{display:none}</style>", "<style"),
    ('<p style="position:fixed">x</p>', "position"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<div class="badge verdict-accurate">Accurate</div>', "verdict-accurate"),
    ("<!-- hidden --><form action='/x'><input></form>", "<form"),
])
def test_raw_html_is_sanitised(hostile, forbidden):
    html = parse(f"Text.\n\n{hostile}\n").html
    assert forbidden.lower() not in html.lower()


def test_safe_raw_html_and_markdown_features_survive():
    f = parse("<abbr title='Immigration and Customs Enforcement'>ICE</abbr> ok\n\n"
              "| a | b |\n|:--|--:|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: The footnote.\n\n"
              "## A heading\n")
    assert "<abbr title=\"Immigration and Customs Enforcement\">ICE</abbr>" in f.html
    assert "<table>" in f.html and 'style="text-align:right"' in f.html
    assert 'class="footnote"' in f.html and 'href="#fn:1"' in f.html
    assert '<h2 id="a-heading">A heading</h2>' in f.html


def test_a_level_one_heading_becomes_h2_and_template_ids_are_avoided():
    html = parse("# Sources\n").html
    assert html == '<h2 id="sources-section">Sources</h2>'


def test_content_cannot_forge_placeholders():
    f = parse(f"{OPEN}0\ue001 and [@a]")
    assert len(TOKEN.findall(f.html)) == 1


def test_split_cuts_the_html_at_each_reference():
    f = parse("A [@x] and [[y]].")
    pieces = split(f)
    assert [p if isinstance(p, str) else p.kind for p in pieces] == \
        ["<p>A ", "cite", " and ", "claim", ".</p>"]
    assert isinstance(pieces[1], Ref) and pieces[1].args == (("x", None),)


def test_inline_mode_drops_the_paragraph():
    assert parse("Just *this*.", inline=True).html == "Just <em>this</em>."


# ---- the fast path for plain paragraphs -------------------------------------------------

WORDS = ["The", "figure", "of", "120", "Cubans", "rose", "37,000", "in", "Havana", "—", "“it",
         "was”", "(ICE)", "U.S.", "90-day", "can't", "é", "Díaz-Canel", "is:", "a", "b.",
         "2.5%", "$4", "said;", "why?", "yes!", "1.", "-", "+", "#", "*", "_x_", "`c`", "<b>",
         "&", "a\\b", "|", "~", ">", "[@vice-report]", "[@a, p. 4; @b]", "[[flight]]",
         "[[flight|the flight]]", "[#deportees]", "[#c.f|number]", "[@Bad Id]", "[[x|y]]",
         "[#f|huge]", "[", "]", "  ", "\t", "\u00a0", "1)", '"glitch"', "'quoted'", '"',
         "'", "'90s", '"(ICE)"', "--", "---", "...", "https://x.org/a--b"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "\n", "\n\n",
                                                                    ""])),
                min_size=1, max_size=25), st.booleans())
def test_a_plain_paragraph_is_made_as_python_markdown_makes_it(words, inline):
    """The fast path makes exactly what the full parser makes, or steps aside."""
    text = "".join(w + sep for w, sep in words)
    fast = plain_prose(text, inline)
    if fast is not None:
        assert fast == Parser().parse_fully(text, inline=inline), text


PLAIN = [w for w in WORDS if w.strip() and not set(w) & set("*_`<>&\\|~[]\t\u00a0")
         and w not in ("1.", "-", "+", "#", "1)", "--", "---")] + ["[@vice-report]", "[[flight]]",
                                                     "[#deportees]", "[@a, p. 4; @b]"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PLAIN), min_size=1, max_size=25),
       st.lists(st.sampled_from([" ", " ", " ", "\n"]), min_size=25, max_size=25))
def test_plain_prose_with_references_takes_the_fast_path(words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip()
    fast = plain_prose(text)
    assert fast is not None, text
    assert fast == Parser().parse_fully(text), text


def test_typical_summaries_take_the_fast_path():
    for text in ("The figure of [#figure-1] comes from numbers since no [@took-three-starts]. "
                 "The data rarely shows\na routine audit.",
                 "ICE said so [@ice-statement-to-vice; @vice-report, paragraph 6], and "
                 "[[ninety-day-window|Cuba's 90-day window]] still holds."):
        assert plain_prose(text) == Parser().parse_fully(text)
