"""How the site writes links, dates, numbers, plurals and figures, in its language. Small
and plain, so that a worker process rendering pages can be sent it: templates call `href`
and `plural`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from ..content.model import Figure, Site

SHARED = ("pagefind/",)  # made for the whole site, every language in it (the search index)


@dataclass(frozen=True)
class Words:
    base: str  # base_url's path
    root_url: str
    locale: str
    t: Mapping[str, Any]  # the interface strings
    prefix: str = ""  # another language's edition: where its pages are (es/)
    missing: frozenset[str] = frozenset()  # URLs its edition does not have (untranslated)

    @staticmethod
    def of(site: Site, strings: Mapping[str, Any], prefix: str = "",
           missing: frozenset[str] = frozenset()) -> Words:
        return Words(site.base_path, site.root_url, site.language.replace("-", "_"), strings,
                     prefix, missing)

    def href(self, url: str) -> str:
        """A root-relative link including base_url's path: /cuba/claims/x/ (in another
        language's edition, its own page, /cuba/es/claims/x/, when it has one)."""
        return self.base + self._in_edition(url)

    def absolute(self, url: str) -> str:
        return self.root_url + self._in_edition(url)

    def _in_edition(self, url: str) -> str:
        if not self.prefix or url.split("#")[0] in self.missing or url.startswith(SHARED):
            return url
        return self.prefix + url

    def date(self, value: dt.date | None) -> str | None:
        return _format_date(value, self.locale) if value else None

    def number(self, value: float) -> str:
        return _format_number(value, self.locale)

    def form(self, key: str, count: int) -> str:
        """The form of t[key] ({one: ..., other: ...}, CLDR plural categories) for count."""
        forms = self.t[key]
        return forms.get(_plural_form(self.locale, count), forms["other"])

    def plural(self, key: str, count: int) -> str:
        """t[key] in the form for `count`, with the count in its {}."""
        return self.form(key, count).format(self.number(count))

    def figure(self, figure: Figure, style: str = "full") -> str:
        """'more than 37,000 Cubans' (style "number": '37,000')."""
        number = self.number(figure.value)
        if style == "number":
            return number
        qualifier = "" if figure.qualifier == "exactly" else \
            self.t["qualifier_" + figure.qualifier.replace(" ", "_")] + " "
        return f"{qualifier}{number}" + (f" {figure.unit}" if figure.unit else "")


@lru_cache(maxsize=8192)  # a site has a few thousand distinct dates, shown on many pages
def _format_date(value: dt.date, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


@lru_cache(maxsize=4096)
def _format_number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=256)
def _plural_form(locale: str, count: int) -> str:
    return Locale.parse(locale).plural_form(count)
