"""site.yaml's records: the site's settings, its publisher, team, rating scale and menu.
Declared as `model`'s records are (see there); `model` re-exports them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlsplit

from .addresses import Link, StaticImage, Url
from .fieldtypes import Bool, Choice, Colour, Date, Duration, Id, ListOf, Number, Str
from .tables import F, MapOf, Record, record
from .values import Period

# ---- site.yaml --------------------------------------------------------------------------


@record("publisher")
class Publisher(Record):
    name: str = F(Str(), "The organisation that publishes the checks.", "Example Fact Desk",
                  required=True)
    url: str | None = F(Url(), "Its website.", "https://example.org/")
    logo: str | None = F(Link(), "Its logo: a path in static/ or a web address.", "/logo.svg")


@record("a team member")
class TeamMember(Record):
    name: str = F(Str(), "Their name, as claims' checked_by and edited_by use it.",
                  "Alex Example", required=True)
    role: str | None = F(Str(), "Their role on the desk.", "Editor")


@record("a funder")
class Funder(Record):
    name: str = F(Str(), "Who gave the money: an organisation, a person, or a kind of donor.",
                  "Reader donations", required=True)
    year: int = F(Number(minimum=1900, integer=True), "The year the money is for.", 2026,
                  required=True)
    amount: float | None = F(Number(minimum=0), "How much, in the organisation's `currency`.",
                             12000)
    share: float | None = F(Number(minimum=0), "Its share of that year's income, in percent "
                            "(worked out from the amounts when they are all given).", 60)
    purpose: str | None = F(Str(), "What the money is for.", "General support")
    url: str | None = F(Url(), "The funder's website.", "https://example.org/donate/")


# The policies a fact-checker publishes (the IFCN's and EFCSN's commitments, schema.org's
# terms for them from the Trust Project): each names the page of this site that holds it.
POLICIES = {
    "methodology": "How claims are chosen, checked and rated.",
    "corrections": "How mistakes are corrected, and how readers report them.",
    "nonpartisanship": "The desk's non-partisanship and fairness: it takes no side.",
    "funding": "Who owns and pays for the desk (the funding page is made from `funders` "
               "when this is not given).",
    "ethics": "The desk's ethics: conflicts of interest, gifts, political activity.",
    "unnamed_sources": "When the desk relies on sources it does not name.",
    "feedback": "How readers reach the desk, and what it does with what they send.",
    "diversity": "The desk's diversity policy.",
    "mission": "What the desk covers, and why.",
}


@record("the organisation's policies")
class Policies(Record):
    methodology: str | None = F(Id(refers="page"), POLICIES["methodology"], "methodology")
    corrections: str | None = F(Id(refers="page"), POLICIES["corrections"],
                                "corrections-policy")
    nonpartisanship: str | None = F(Id(refers="page"), POLICIES["nonpartisanship"],
                                    "nonpartisanship")
    funding: str | None = F(Id(refers="page"), POLICIES["funding"], "ownership")
    ethics: str | None = F(Id(refers="page"), POLICIES["ethics"], "ethics")
    unnamed_sources: str | None = F(Id(refers="page"), POLICIES["unnamed_sources"],
                                    "unnamed-sources")
    feedback: str | None = F(Id(refers="page"), POLICIES["feedback"], "contact")
    diversity: str | None = F(Id(refers="page"), POLICIES["diversity"], "diversity")
    mission: str | None = F(Id(refers="page"), POLICIES["mission"], "about")


@record("the organisation")
class Organization(Record):
    legal_name: str = F(Str(), "The organisation's registered name.", "Example Fact Desk Inc.",
                        required=True)
    status: str | None = F(Str(), "What kind of organisation it is, in words.",
                           "An independent non-profit")
    country: str | None = F(Str(), "The country it is registered in, as a two-letter code.",
                            "US")
    address: str | None = F(Str(), "Its postal address, on one line.",
                            "1 Example Street, Springfield")
    founded: dt.date | None = F(Date(), "When it was founded.", "2026-11-01")
    email: str | None = F(Url(mailto=True), "How readers reach the desk: a mailto: address "
                          "(also where reports of errors go, unless `report_error` is set).",
                          "mailto:desk@example.org")
    currency: str = F(Str(), "The currency of funders' amounts, as a three-letter code.", "USD",
                      default="USD")
    funding_note: str | None = F(Str(), "A sentence or two for the top of the funding page.",
                                 "We take no money from governments or political parties.")
    funders: tuple[Funder, ...] = F(ListOf(Funder.FIELDS, what="funders"), "Who pays for the "
                                    "desk, year by year: name, year, amount, share, purpose, "
                                    "url. They make the funding page, /funding/.")
    policies: Policies | None = F(Policies.FIELDS, "Which page holds each of the desk's "
                                  "policies: " + ", ".join(POLICIES) + ".")


@record("a rating")
class Rating(Record):
    id: str = F(Id(), "The id claims use in `rating:`.", "accurate", required=True)
    label: str = F(Str(), "The verdict as readers see it.", "Accurate", required=True)
    description: str = F(Str(), "What the verdict means.",
                         "The claim is supported by the record.", required=True)
    value: float | None = F(Number(minimum=1), "Its place on the scale: higher is more true, "
                            "the lowest is 1.", 5)
    on_scale: bool = F(Bool(), "false for verdicts outside the scale, like 'Unverifiable'.",
                       True, default=True)


@record("a menu item")
class NavItem(Record):
    title: str = F(Str(), "The link's text.", "Methodology", required=True)
    url: str = F(Link(), "A path on this site or a web address.", "/methodology/",
                 required=True)


@record("a rating's translation")
class RatingText(Record):
    id: str = ""  # its key in `ratings`: the rating's id
    label: str = F(Str(), "The verdict as readers of this language see it.", "Exacto",
                   required=True)
    description: str | None = F(Str(), "What the verdict means, in this language.",
                                "La afirmación coincide con lo que muestran las fuentes.")


@record("a language")
class Language(Record):
    code: str = F(Str(), "The language, as a code like es or pt-BR; its pages are under "
                  "/<code>/.", "es", required=True)
    title: str | None = F(Str(), "The site's name in this language.", "Verificación de ejemplo")
    description: str | None = F(Str(), "One sentence about the site, in this language.",
                                "Verificaciones de...")
    tagline: str | None = F(Str(max_len=80), "The header's few words, in this language.",
                            "Afirmaciones verificadas")
    nav: tuple[NavItem, ...] = F(ListOf(NavItem.FIELDS, what="menu items"),
                                 "The menu in this language (paths as in the default "
                                 "language's: /es/ is put in front of them).")
    ratings: tuple[RatingText, ...] = F(MapOf(RatingText.FIELDS), "Each rating's label and "
                                        "description in this language, by rating id.")


@record("site.yaml")
class Site(Record):
    title: str = F(Str(), "The site's name.", "Example Fact Desk", required=True)
    base_url: str = F(Url(), "The address the site is published at; may have a path.",
                      "https://example.org/checks/", required=True)
    language: str = F(Str(), "The language of the site, as a code like en or es.", "en",
                      default="en")
    description: str | None = F(Str(), "One sentence about the site.", "Fact-checks of...")
    tagline: str | None = F(Str(max_len=80), "A few words under the site's name in the "
                            "header: what the desk does.", "Claims in the news, checked")
    logo: str | None = F(StaticImage(), "An image shown before the site's name in the header "
                         "(its name is the image's text alternative): a file in static/.",
                         "/logo.svg")
    accent: str | None = F(Colour(), "The colour of links and the header's rule, as "
                           "\"#rrggbb\" in quotes; it must reach WCAG AA contrast (4.5:1) "
                           "on the light background (dark mode uses a lighter shade of it).",
                           "#1a5fb4")
    languages: tuple[Language, ...] = F(ListOf(Language.FIELDS, what="languages"),
                                        "The site's other languages (its own is `language`): "
                                        "code, and the title, description, tagline, nav and "
                                        "rating labels that differ in each.")
    untranslated: str = F(Choice(choices=("list", "hide")), "What another language's "
                          "listings do with a check or article not yet translated into it: "
                          "list it in its own language (linking the original), or hide it.",
                          "list", default="list")
    publisher: Publisher | None = F(Publisher.FIELDS, "Who publishes the site: name, url, logo.")
    team: tuple[TeamMember, ...] = F(ListOf(TeamMember.FIELDS, what="team members"),
                                     "The people who check and edit claims: name, role.")
    ratings: tuple[Rating, ...] = F(ListOf(Rating.FIELDS, min_items=2, what="ratings"),
                                    "The rating scale, best to worst: id, label, description, "
                                    "value, on_scale.", required=True)
    nav: tuple[NavItem, ...] = F(ListOf(NavItem.FIELDS, what="menu items"),
                                 "The site menu: title and url of each link.")
    submit_claim: str | None = F(Url(mailto=True), "Where readers send a claim to check.",
                                 "mailto:tips@example.org")
    misinformation_links: str = F(
        Choice(choices=("archive-first", "nofollow", "none")), "How pages link the places a "
        "claim was made, so as not to send readers and search ranking to misinformation: "
        "archive-first links the archived copy and marks the live page nofollow; nofollow "
        "links the live page, marked nofollow; none never links the live page (its address "
        "is shown as text, and the archived copy linked).", "archive-first",
        default="archive-first")
    per_page: int = F(Number(minimum=1, integer=True), "How many items a listing page shows.",
                      50, default=50)
    search: bool = F(Bool(), "false leaves out the search page and index (on by default).",
                     True, default=True)
    organization: Organization | None = F(Organization.FIELDS, "Who the desk is, who pays "
                                          "for it and where its policies are: legal_name, "
                                          "status, country, address, founded, email, "
                                          "currency, funding_note, funders, policies.")
    report_error: str | None = F(Url(mailto=True), "Where a reader reports an error in a "
                                 "check: a mailto: address, or a form's address in which "
                                 "{url} and {title} stand for the check's (default: the "
                                 "organisation's email).",
                                 "https://forms.example.org/error?page={url}")
    stale_after: Period | None = F(Duration(), "How old a figure's as_of may get before "
                                   "`check` warns that it may be out of date: a number and d "
                                   "(days), w (weeks), m (months) or y (years).", "365d")
    history: bool = F(Bool(), "Publish each check's history (its revisions, read from "
                      "git) at /claims/<id>/history/; false leaves it out.", True, default=True)
    small_edit: int = F(Number(minimum=0, integer=True), "How many characters of a claim's "
                        "wording or summary `check --since` lets change with no corrections "
                        "entry (a typo fixed); 0: every edit needs one.", 0, default=0)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/' or '/cuba/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def root_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"

    def absolute(self, url: str) -> str:
        """A URL relative to base_url (claims/x/), made absolute."""
        return self.root_url + url

    @property
    def codes(self) -> tuple[str, ...]:
        """Every language of the site, its own first."""
        return (self.language, *(lang.code for lang in self.languages))

    def edition(self, code: str) -> Site:
        """The site as readers of one of its languages see it: its title, description,
        tagline, menu and rating labels in that language, where site.yaml gives them."""
        lang = next((x for x in self.languages if x.code == code), None)
        if lang is None:
            return self
        texts = {r.id: r for r in lang.ratings}
        ratings = tuple(replace(r, label=texts[r.id].label,
                                description=texts[r.id].description or r.description)
                        if r.id in texts else r for r in self.ratings)
        return replace(self, language=code, title=lang.title or self.title,
                       description=lang.description or self.description,
                       tagline=lang.tagline or self.tagline, nav=lang.nav or self.nav,
                       ratings=ratings)

    def rating(self, rating_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.id == rating_id), None)

    @property
    def best(self) -> float | None:
        """The highest value on the rating scale."""
        return max((r.value for r in self.ratings if r.on_scale and r.value is not None),
                   default=None)

    @property
    def publisher_name(self) -> str:
        """Who publishes the checks: the publisher, else the site itself."""
        return self.publisher.name if self.publisher else self.title

    @property
    def publisher_url(self) -> str:
        return self.publisher.url if self.publisher and self.publisher.url else self.root_url

    @property
    def logo_url(self) -> str | None:
        logo = self.publisher.logo if self.publisher else None
        if logo is None:
            return None
        return self.absolute(logo.lstrip("/")) if logo.startswith("/") else logo


