"""What readers see of where a claim was made: the words as said, quoted, with whether they
were checked against a stored copy; the desk's paraphrase labelled as such; how many times
and since when it was said; each place it was said, linked as site.yaml's
misinformation_links says (never a followed link to the live page of misinformation); and
on a claimant's page, the claims of others it repeated. Pages are read with lxml's HTML
parser; what they should say is read from the YAML with PyYAML."""

import re
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT, build_site, copy_example, spanish_only
from readers import claims_yaml, read_yaml

NOFOLLOW = {"nofollow", "noopener", "ugc"}
POLICIES = ("archive-first", "nofollow", "none")
CLAIM = "cuba-must-accept-all-deportees"
POST = "https://misinfo.example/post/1"
POST_ARCHIVED = "https://web.archive.org/web/20261112000000/https://misinfo.example/post/1"
VIDEO = "https://misinfo.example/video/2"
REPOST = "https://other.example/repost"
REPOST_ARCHIVED = "https://archive.example/repost"
GLITCH = "https://misinfo.example/glitch"

# Where the claim page's claim was made: url and archived copy, url only, in words only,
# by another claimant in their own words, and the report whose stored copy has the words.
APPEARANCES = f"""appearances:
  - where: A post on a community page
    url: {POST}
    archived: {POST_ARCHIVED}
    archived_on: 2026-11-12
    date: 2026-11-14
  - url: {VIDEO}
    date: 2026-11-11
  - where: A speech in the town square
  - where: A repost by the Herald
    claimant: miami-herald
    url: {REPOST}
    archived: {REPOST_ARCHIVED}
    said: Cuba has to take back every citizen the U.S. deports
  - where: VICE News report, paragraph 5
    source: vice-report
"""


def set_appearances(path: Path, block: str) -> None:
    """Replace a claim file's `appearances:` list with `block`."""
    text = path.read_text()
    new, count = re.subn(r"appearances:\n(?:[ -].*\n)+", block, text)
    assert count == 1, path
    path.write_text(new)


def make_site(root: Path, policy: str) -> Path:
    """The example, with the claims this file looks at changed (see APPEARANCES), a claim
    whose only place has no stored copy, one with no place at all, one in the old form."""
    site = copy_example(root)
    with (site / "site.yaml").open("a") as f:
        f.write(f"misinformation_links: {policy}\n")
    claims = site / "content/claims"
    set_appearances(claims / f"{CLAIM}.yaml", APPEARANCES)
    set_appearances(claims / "wet-foot-dry-foot.yaml",
                    f"appearances:\n  - url: {VIDEO}/wet-foot\n    date: 2026-11-13\n")
    set_appearances(claims / "check-in-arrests.yaml", "")
    set_appearances(claims / "paperwork-glitch.yaml",
                    f"appeared:\n  where: A post\n  url: {GLITCH}\n")
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """policy → (its site's folder, its built folder)."""
    out = {}
    for policy in POLICIES:
        root = tmp_path_factory.mktemp(policy)
        site = make_site(root / "site", policy)
        build_site(site, root / "public")
        out[policy] = site, root / "public"
    return out


def page(public: Path, claim_id: str):
    return lxml.html.fromstring((public / "claims" / claim_id / "index.html").read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def appearance_urls(site: Path) -> set[str]:
    """Every place's live address, as the claims' YAML gives it."""
    urls = set()
    for claim in claims_yaml(site).values():
        places = claim.get("appearances") or ([claim["appeared"]] if "appeared" in claim else [])
        urls |= {place["url"] for place in places if "url" in place}
    return urls


# ---- links to where a claim was made ------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES)
def test_no_page_gives_the_live_page_of_a_claim_a_followed_link(sites, policy):
    site, public = sites[policy]
    urls = appearance_urls(site)
    assert {POST, VIDEO, REPOST, GLITCH} <= urls
    linked = set()
    for path in public.rglob("*.html"):
        for a in lxml.html.fromstring(path.read_bytes()).iter("a"):
            if a.get("href") in urls:
                where = (path.relative_to(public).as_posix(), a.get("href"))
                assert policy != "none", (where, "linked although misinformation_links: none")
                assert a.get("rel") == "nofollow noopener ugc", (where, a.get("rel"))
                assert set(a.get("rel").split()) == NOFOLLOW
                linked.add(a.get("href"))
    assert linked == (set() if policy == "none" else urls)


@pytest.mark.parametrize("policy", POLICIES)
def test_each_place_links_its_archived_copy_and_original_in_the_configured_order(sites, policy):
    _, public = sites[policy]
    rows = page(public, CLAIM).xpath('//section[@id="appearances"]/ol/li')
    assert len(rows) == 5

    def hrefs(row):
        return [a.get("href") for a in row.iter("a") if a.get("href").startswith("https://")]

    expected = {
        "archive-first": [[POST_ARCHIVED, POST], [VIDEO], [], [REPOST_ARCHIVED, REPOST], []],
        "nofollow": [[POST, POST_ARCHIVED], [VIDEO], [], [REPOST, REPOST_ARCHIVED], []],
        "none": [[POST_ARCHIVED], [], [], [REPOST_ARCHIVED], []],
    }[policy]
    assert [hrefs(row) for row in rows] == expected
    for row, url in ((rows[0], POST), (rows[1], VIDEO), (rows[3], REPOST)):
        originals = [a for a in row.iter("a") if a.get("href") == url]
        if policy == "none":  # its address is there for readers to see, as text
            assert url in text(row) and "Original, not linked" in text(row)
        else:
            assert [text(a) for a in originals] == ["Original"]
    archived = [a for a in rows[0].iter("a") if a.get("href") == POST_ARCHIVED]
    assert [text(a) for a in archived] == ["Archived copy"] and archived[0].get("rel") is None
    assert "November 12, 2026" in text(rows[0])  # when it was archived


# ---- the words as said, and where -----------------------------------------------------------


def test_the_count_says_how_many_times_and_the_first_date(sites):
    site, public = sites["archive-first"]
    claims = claims_yaml(site)
    for claim_id, expected in ((CLAIM, "Said 5 times, first on November 11, 2026"),
                               ("wet-foot-dry-foot", "Said once, on November 13, 2026"),
                               ("paperwork-glitch", "Said once"),
                               ("120-cubans-one-flight", "Said 2 times")):
        line = text(page(public, claim_id).xpath('//p[@class="claimed-by"]')[0])
        claimant = claims[claim_id]["claimant"].replace("-", " ")
        assert line.lower().startswith(f"claimed by {claimant}"), line
        assert line.endswith(" · " + expected), (claim_id, line)
    none = page(public, "check-in-arrests")
    assert "Said" not in text(none.xpath('//p[@class="claimed-by"]')[0])
    assert not none.xpath('//*[@id="appearances"]')


def test_each_place_says_where_when_who_what_and_which_source_records_it(sites):
    _, public = sites["archive-first"]
    rows = page(public, CLAIM).xpath('//section[@id="appearances"]/ol/li')
    first, video, speech, repost, report = rows
    assert text(first.xpath('.//strong')[0]) == "A post on a community page"
    assert first.xpath('.//time/@datetime') == ["2026-11-14"]
    assert video.xpath('.//time/@datetime') == ["2026-11-11"] and not video.xpath(".//strong")
    assert text(speech.xpath('.//p')[0]) == "A speech in the town square"
    assert "Said by" not in text(first) and "Said by" not in text(report)
    who = [a for a in repost.iter("a") if a.get("href") == "/claimants/miami-herald/"]
    assert [text(a) for a in who] == ["Miami Herald"] and "Said by Miami Herald" in text(repost)
    assert [text(q) for q in repost.iter("q")] == \
        ["Cuba has to take back every citizen the U.S. deports"]
    source = [a for a in report.iter("a") if a.get("href") == "/sources/vice-report/"]
    assert len(source) == 1 and "Recorded in " + text(source[0]) in text(report)
    assert read_yaml(ROOT / "content/sources/vice-report.yaml")["title"] == text(source[0])
    # the words were checked where a stored copy has them, and said not to be elsewhere
    marks = [text(p) for row in rows for p in row.xpath('./p[@class="verified" or '
                                                         '@class="unchecked"]')]
    assert marks == ["Wording not checked: no stored copy"] * 4 + \
        ["Wording checked against our stored copy"]
    assert report.xpath('./p[@class="verified"]')


def test_the_words_as_said_are_quoted_with_whether_they_were_checked(sites):
    site, public = sites["archive-first"]
    claims = claims_yaml(site)
    html = page(public, CLAIM)
    header = html.xpath('//header[@class="claim-header"]')[0]
    quote = header.xpath('.//blockquote[@class="said"]')
    assert [text(q) for q in quote] == [claims[CLAIM]["said"]]
    caption = text(header.xpath(".//figcaption")[0])
    assert caption == "In their words · Wording checked against our stored copy of " \
        "VICE News report, paragraph 5"
    paraphrase = html.xpath('//div[@class="paraphrase"]')[0]
    assert text(paraphrase) == "The claim, in our words " + " ".join(
        claims[CLAIM]["claim"].split())
    # words that no stored copy holds are quoted as said, and marked as not checked
    wet = page(public, "wet-foot-dry-foot").xpath('//header[@class="claim-header"]')[0]
    assert text(wet.xpath(".//figcaption")[0]) == \
        "In their words · Wording not checked: no stored copy"
    assert not wet.xpath('.//*[@class="verified"]')


def test_a_claim_without_its_words_as_said_shows_the_claim_unmarked(sites):
    _, public = sites["archive-first"]
    html = page(public, "37000-cubans-with-deportation-orders")
    assert not html.xpath('//blockquote[@class="said"]') and not html.xpath("//figcaption")
    assert "In their words" not in text(html) and "in our words" not in text(html)
    claim = read_yaml(ROOT / "content/claims/37000-cubans-with-deportation-orders.yaml")
    header = html.xpath('//header[@class="claim-header"]')[0]
    assert " ".join(claim["claim"].split()) in text(header)


def test_the_example_quotes_its_claims_as_said_and_lists_where(example_public):
    claims = claims_yaml(ROOT)
    html = page(example_public, "120-cubans-one-flight")
    claim = claims["120-cubans-one-flight"]
    assert [text(q) for q in html.xpath('//blockquote[@class="said"]')] == [claim["said"]]
    assert "Wording checked against our stored copy" in text(html.xpath("//figcaption")[0])
    rows = html.xpath('//section[@id="appearances"]/ol/li')
    assert [text(r.xpath(".//strong")[0]) for r in rows] == \
        [a["where"] for a in claim["appearances"]]
    assert "Said by Miami Herald" in text(rows[0])
    # the verdict comes before where it was said
    ids = [e.get("id") for e in html.xpath("//article/*[@id]")]
    assert ids.index("verdict") < ids.index("appearances")


def test_a_claimants_page_lists_the_claims_it_repeated(example_public):
    claims = claims_yaml(ROOT)
    repeated = {cid for cid, c in claims.items() if c["claimant"] != "vice-news"
                and any(a.get("claimant") == "vice-news" for a in c.get("appearances", []))}
    own = [c for c in claims.values() if c["claimant"] == "vice-news"]
    assert len(repeated) >= 3
    html = lxml.html.fromstring((example_public / "claimants/vice-news/index.html").read_bytes())
    section = html.xpath('//section[@aria-labelledby="repeats-heading"]')[0]
    assert text(section.xpath(".//h2")[0]) == "Claims by others that VICE News repeated"
    linked = {a.get("href") for a in section.xpath('.//h3/a')}
    assert linked == {f"/claims/{cid}/" for cid in repeated}
    # VICE made each of its own claims once (its repeats are others' claims): no count
    assert not html.xpath('//p[@class="claims-made"]') and len(own) == 4
    # a claimant whose claims were each made once, repeating no one's, shows neither
    ice = (example_public / "claimants/ice/index.html").read_text()
    assert "repeats-heading" not in ice and "claims-made" not in ice


def test_a_claimants_page_counts_the_places_its_own_claims_were_made(tmp_path):
    # One of VICE's claims made in four places by VICE and once by the Herald: the
    # Herald's is not VICE's to count.
    site = copy_example(tmp_path / "site")
    set_appearances(site / f"content/claims/{CLAIM}.yaml", APPEARANCES)
    build_site(site, tmp_path / "public")
    html = lxml.html.fromstring(
        (tmp_path / "public/claimants/vice-news/index.html").read_bytes())
    assert text(html.xpath('//p[@class="claims-made"]')[0]) == "4 claims checked, made 7 times"


def test_a_spanish_site_says_it_in_spanish(tmp_path):
    site = copy_example(tmp_path / "site")
    spanish_only(site)
    set_appearances(site / f"content/claims/{CLAIM}.yaml", APPEARANCES)
    build_site(site, tmp_path / "public")
    html = page(tmp_path / "public", CLAIM)
    assert text(html.xpath('//p[@class="claimed-by"]')[0]).endswith(
        " · Se dijo 5 veces, la primera el 11 de noviembre de 2026")
    assert text(html.xpath("//figcaption")[0]).startswith(
        "En sus palabras · Texto comprobado con la copia que guardamos")
    assert text(html.xpath('//h2[@id="appearances-heading"]')[0]) == "Dónde se dijo"
    once = page(tmp_path / "public", "ninety-day-window")
    assert text(once.xpath('//p[@class="claimed-by"]')[0]).endswith(" · Se dijo una vez")
