"""Translations: a claim, article or page in another of the site's languages is a file
beside it, <id>.<code>.yaml or .md, holding only the text that changes (declared here as
`model`'s records are); the rest is the original's, in every language. `model` re-exports
them and puts their tables in TABLES."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .fieldtypes import Date, Markdown, Str
from .tables import NOWHERE, SHORT, F, Fields, MapOf, Record, record
from .values import Text

TRANSLATED_ON = "When the translation was last brought up to date with the original " \
    "(`check` warns when the original changed after it)."


@record("a figure's translation")
class FigureText(Record):
    id: str = ""  # its key in `figures`
    label: str | None = F(Str(), "What the number measures, in this language.",
                          "Personas en lista de espera")
    unit: str | None = F(Str(), "What is counted, in this language.", "personas")


@record("a claim's translation")
class ClaimTranslation(Record):
    claim: str = F(Str(), "The statement checked, in this language.",
                   "Más de 1.200 personas esperan una vivienda municipal.", required=True)
    short: str | None = F(Str(max_len=SHORT), f"At most {SHORT} characters.",
                          "1.200 personas en lista de espera")
    summary: Text = F(Markdown(), "The verdict in a paragraph, in this language.",
                      "Los informes respaldan la cifra.", required=True)
    analysis: Text | None = F(Markdown(), "The analysis, in this language (in a .md file, "
                              "the body).", "La cifra viene de [@city-report].")
    figures: tuple[FigureText, ...] = F(
        MapOf(replace(FigureText.FIELDS, inherited=frozenset(  # (the rest is the original's)
            {"value", "qualifier", "as_of", "source", "quote"}))),
        "Each figure's label and unit in this language, by figure id.")
    translated: dt.date = F(Date(), TRANSLATED_ON, "2026-11-21", required=True)
    id: str = ""  # the original's id
    language: str = ""
    file: str = ""

    @property
    def heading(self) -> str:
        return self.short or self.claim

    @property
    def texts(self) -> tuple[Text, ...]:
        return tuple(t for t in (self.summary, self.analysis) if t)


@record("an article's translation")
class ArticleTranslation(Record):
    title: str = F(Str(), "The article's title, in this language.", "Lo que sabemos",
                   required=True)
    summary: str | None = F(Str(), "One or two sentences for listings, in this language.",
                            "Las afirmaciones, verificadas.")
    translated: dt.date = F(Date(), TRANSLATED_ON, "2026-11-21", required=True)
    id: str = ""
    language: str = ""
    body: Text = Text("", NOWHERE)
    file: str = ""


@record("a page's translation")
class PageTranslation(Record):
    title: str = F(Str(), "The page's title, in this language.", "Quiénes somos",
                   required=True)
    summary: str | None = F(Str(), "One sentence for search results, in this language.",
                            "Quiénes somos.")
    translated: dt.date = F(Date(), TRANSLATED_ON, "2026-11-21", required=True)
    id: str = ""
    language: str = ""
    body: Text = Text("", NOWHERE)
    file: str = ""


Translation = ClaimTranslation | ArticleTranslation | PageTranslation
TRANSLATIONS = {"claim": ClaimTranslation, "article": ArticleTranslation,
                "page": PageTranslation}  # what translates each kind


def inheriting(kind: str, original: Fields) -> Fields:
    """A translation's table, which knows the fields its original holds."""
    own = TRANSLATIONS[kind].FIELDS  # type: ignore[attr-defined]
    names = {f.name for f in own.fields}
    return replace(own, inherited=frozenset(f.name for f in original.fields
                                            if f.name not in names))
