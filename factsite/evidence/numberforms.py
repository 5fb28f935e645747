"""The ways people write a number, in the site's language, so that `check` can tell
whether a figure's value is in its quote: digits with or without separators (37,000 ·
37000 · 37 000; 37.000 in Spanish), words for numbers below a thousand (ninety,
ciento veinte), and a number of thousands, millions or billions (37 thousand, 1.2 million,
treinta y siete mil). A percentage or "90-day" holds the number's digits, so they count.

Word lists ship for English and Spanish; any other language gets the digit forms.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError


def _w(text: str) -> list[str]:
    return text.split()


_EN_UNITS = _w("zero one two three four five six seven eight nine ten eleven twelve thirteen "
               "fourteen fifteen sixteen seventeen eighteen nineteen")
_EN_TENS = _w("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
_ES_UNITS = _w("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
               "quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós "
               "veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho "
               "veintinueve")
_ES_TENS = _w("_ _ _ treinta cuarenta cincuenta sesenta setenta ochenta noventa")
_ES_HUNDREDS = _w("_ ciento doscientos trescientos cuatrocientos quinientos seiscientos "
                  "setecientos ochocientos novecientos")
_ES_FEMININE = {"uno": ["una", "un"], "veintiuno": ["veintiuna", "veintiún"]}

# (value, word after the number, the same word after 1 where it differs) per language
SCALES = {
    "en": [(10**9, "billion", None), (10**6, "million", None), (1000, "thousand", None)],
    "es": [(10**9, "mil millones", None), (10**6, "millones", "millón"), (1000, "mil", None)],
}


def _en_words(n: int) -> list[str]:
    if n < 20:
        return [_EN_UNITS[n]]
    if n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return [_EN_TENS[tens]]
        return [f"{_EN_TENS[tens]}-{_EN_UNITS[unit]}", f"{_EN_TENS[tens]} {_EN_UNITS[unit]}"]
    hundreds, rest = divmod(n, 100)
    heads = [f"{_EN_UNITS[hundreds]} hundred"] + (["a hundred"] if hundreds == 1 else [])
    if rest == 0:
        return heads
    tails = _en_words(rest)[:1]
    return [f"{h}{joint}{t}" for h in heads for joint in (" ", " and ") for t in tails]


def _es_words(n: int) -> list[str]:
    if n < 30:
        return [_ES_UNITS[n], *_ES_FEMININE.get(_ES_UNITS[n], [])]
    if n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return [_ES_TENS[tens]]
        return [f"{_ES_TENS[tens]} y {u}" for u in _es_words(unit)]
    if n == 100:
        return ["cien"]
    hundreds, rest = divmod(n, 100)
    head = _ES_HUNDREDS[hundreds]
    heads = [head] + ([head[:-2] + "as"] if head.endswith("os") else [])
    if rest == 0:
        return heads
    return [f"{h} {t}" for h in heads for t in _es_words(rest)]


WORDS = {"en": _en_words, "es": _es_words}


@lru_cache(maxsize=64)
def _symbols(language: str) -> tuple[str, str]:
    """The language's decimal mark and group separator (. and , for English)."""
    try:
        symbols = Locale.parse(language.replace("-", "_")).number_symbols["latn"]
        return symbols["decimal"], symbols["group"]
    except (ValueError, UnknownLocaleError, KeyError):
        return ".", ","


def _digits(value: Decimal, decimal: str, groups: tuple[str, ...]) -> list[str]:
    """37000 → 37000, 37,000 (one form per group separator); 2.5 → 2,5 in Spanish."""
    text = format(value, "f")
    whole, _, fraction = text.partition(".")
    tail = decimal + fraction if fraction else ""
    forms = [whole + tail]
    if len(whole) > 3:
        triples = re.findall(r"\d{1,3}(?=(?:\d{3})*$)", whole)
        forms += [sep.join(triples) + tail for sep in groups]
    return forms


def forms(value: float, language: str = "en") -> list[str]:
    """Every form this module accepts for `value`, most usual first, without repeats."""
    return list(_forms(value, language))


@lru_cache(maxsize=8192)
def _forms(value: float, language: str) -> tuple[str, ...]:
    number = abs(Decimal(str(value))).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    lang = language.split("-")[0].lower()
    decimal, group = _symbols(language)
    groups = tuple(dict.fromkeys([group.replace("\u00a0", " ").replace("\u202f", " "), " "]))
    out = _digits(number, decimal, groups)
    words = WORDS.get(lang)
    if words and number == int(number) and int(number) < 1000:
        out += words(int(number))
    for size, word, singular in SCALES.get(lang, [(10**9, "billion", None),
                                                   (10**6, "million", None)]):
        count = number / size
        if not 1 <= count < 1000 or count != round(count, 2):
            continue
        count = count.normalize()
        name = singular if singular and count == 1 else word
        counts = _digits(count, decimal, groups)[:1]
        if words and count == int(count):
            counts += _count_words(int(count), size, lang, words)
        out += [f"{c} {name}" if c else name for c in counts]
    return tuple(dict.fromkeys(out))


def _count_words(count: int, size: int, lang: str, words) -> list[str]:
    """A number of thousands or millions in words: "a million", "un millón", "mil"."""
    if lang == "es":  # uno drops its o before a noun, and one thousand is plain "mil"
        if count == 1:
            return [""] if size == 1000 else ["un"]
        return [w for w in words(count) if not w.endswith("uno")]
    return words(count) + (["a"] if count == 1 and lang == "en" else [])


def _plain(text: str) -> str:
    """Lower case, no accents, one kind of space and dash: how forms and quotes compare."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def find(value: float, quote: str, language: str = "en") -> str | None:
    """The form of `value` that `quote` uses, or None. A form counts only as a whole
    number: 120 is not in 1,120 or 1205, and one is not in twenty-one."""
    plain = _plain(quote)
    for form in _forms(value, language):
        if _whole(_plain(form), plain):
            return form
    return None


def _whole(words: str, text: str) -> bool:
    """Is `words` in `text` (both plain: one space between words) as a whole number: not
    inside a longer word or number ("120" in "1,120", "one" in "twenty-one")?"""
    at = text.find(words)
    while at >= 0:
        end = at + len(words)
        before, after = text[max(at - 2, 0):at], text[end:end + 2]
        joined_before = before[-1:].isalnum() or before[-1:] in ("-", "_") or (
            before[-1:] in (".", ",") and before[:1].isdigit())
        joined_after = after[:1].isalnum() or after[:1] == "_" or (
            after[:1] in (".", ",") and after[1:2].isdigit())
        if not joined_before and not joined_after:
            return True
        at = text.find(words, at + 1)
    return False
