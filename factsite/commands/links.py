"""`build.py links`: does every source's `url` and `archived` copy still answer, and every
place a claim was made (each appearance's `url` and `archived`)?

Never part of a build (the web changes; a build must not). Links are checked concurrently,
one worker per host at most (`workers` hosts at a time), with a pause between two requests
to the same host, a timeout on each, and redirects followed one by one so that each hop is
reported. The site's answers (an HTTP status, whatever it is) are kept in the site's
.cache/links.json with the time they were asked, so a second run within `cache_for` (a day)
asks nothing; a link that could not be checked (no answer: the name did not resolve, the
connection was refused or timed out) is not an answer and is asked again next time.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..build import Content
from ..content.model import Appearance, Claim
from ..diagnostics import Diagnostic, Pos, error, warning

# ok/redirected: 2xx; dead: 404 or 410; error: another HTTP answer (5xx, 429, 403, too
# many redirects); unreachable: no answer at all, so nothing is known of the page.
STATUSES = ("ok", "redirected", "dead", "error", "unreachable")
CACHE = Path(".cache") / "links.json"


@dataclass(frozen=True)
class Settings:
    workers: int = 8  # hosts asked at the same time
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 15.0  # seconds without an answer before giving up
    max_redirects: int = 10
    max_wait: float = 60.0  # the longest Retry-After we honour before asking again
    cache_for: float = 24 * 3600.0
    user_agent: str = f"factsite/{__version__} link checker"


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: str  # one of STATUSES
    code: int | None = None  # the last HTTP status
    final: str | None = None  # where the redirects ended
    note: str = ""
    checked: float = 0.0  # when it was asked (seconds since the epoch)
    cached: bool = False

    @property
    def answered(self) -> bool:
        """True when the site gave an HTTP answer (what the cache keeps)."""
        return self.code is not None

    @property
    def checked_at(self) -> str:
        """When it was asked, in UTC: 2026-11-25T09:30:00Z."""
        when = dt.datetime.fromtimestamp(self.checked, dt.UTC).replace(microsecond=0)
        return when.isoformat().replace("+00:00", "Z")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # we follow redirects ourselves, hop by hop


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, settings: Settings, sleep: Callable[[float], None] = time.sleep,
          now: Callable[[], float] = time.time) -> LinkResult:
    """Ask for one URL, following redirects; the answer, classified."""
    hops: list[str] = []
    current = url
    retried = False
    while True:
        request = urllib.request.Request(current, headers={"User-Agent": settings.user_agent})
        try:
            with _OPENER.open(request, timeout=settings.timeout) as response:
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
            location = exc.headers.get("Location") if exc.headers else None
            exc.close()
            if 300 <= code < 400 and location:
                target = urljoin(current, location)
                if urlsplit(target).scheme not in ("http", "https"):
                    return LinkResult(url, "error", code, None, f"redirects to {target}", now())
                hops.append(f"{code}")
                if len(hops) > settings.max_redirects:
                    return LinkResult(url, "error", code, target, "too many redirects", now())
                current = target
                continue
            if code == 429 and not retried:  # asked to slow down: wait once, ask again
                retried = True
                sleep(min(_retry_after(exc.headers), settings.max_wait))
                continue
        except (OSError, ValueError, http.client.HTTPException) as exc:  # URLError too
            why = _unreachable(getattr(exc, "reason", exc), settings)
            if hops:
                why += f" (after {len(hops)} redirect(s) to {current})"
            return LinkResult(url, "unreachable", None, current if hops else None, why, now())
        return _classify(url, code, current if hops else None, hops, now())


def _unreachable(reason: object, settings: Settings) -> str:
    """Why there was no answer, in words: the network's fault, not the page's."""
    if isinstance(reason, TimeoutError):
        return f"timed out: no answer in {settings.timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return f"name not resolved ({reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionError):
        return f"connection failed ({reason.strerror or type(reason).__name__})"
    if isinstance(reason, http.client.HTTPException):
        return f"the server's answer was not HTTP ({type(reason).__name__})"
    return f"no answer ({reason})"


def _classify(url: str, code: int, final: str | None, hops: list[str],
              checked: float) -> LinkResult:
    via = f" after {len(hops)} redirect(s) ({', '.join(hops)}) to {final}" if final else ""
    if 200 <= code < 300:
        status = "redirected" if final else "ok"
        return LinkResult(url, status, code, final, via.removeprefix(" after "), checked)
    try:
        said = f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        said = str(code)
    return LinkResult(url, "dead" if code in (404, 410) else "error", code, final,
                      said + via, checked)


def _retry_after(headers) -> float:
    value = headers.get("Retry-After", "") if headers else ""
    return float(value) if value.strip().isdigit() else 5.0


def check(urls: Iterable[str], settings: Settings, cache_file: Path | None = None,
          sleep: Callable[[float], None] = time.sleep,
          now: Callable[[], float] = time.time) -> list[LinkResult]:
    """Every URL's answer, in the order given: from the cache when it is fresh, else
    asked, one host at a time per worker with `delay` between requests. Only answers are
    cached: a link that could not be checked is asked again next time."""
    urls = list(dict.fromkeys(urls))
    cache = read_cache(cache_file)
    results: dict[str, LinkResult] = {}
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        cached = cache.get(url)
        if cached and now() - cached.checked < settings.cache_for:
            results[url] = LinkResult(**{**asdict(cached), "cached": True})
        else:
            by_host[urlsplit(url).netloc.lower()].append(url)

    def one_host(host_urls: list[str]) -> list[LinkResult]:
        out = []
        for i, url in enumerate(host_urls):
            if i:
                sleep(settings.delay)
            out.append(fetch(url, settings, sleep, now))
        return out

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        for host_results in pool.map(one_host, by_host.values()):
            results.update((r.url, r) for r in host_results)
    if cache_file is not None:
        write_cache(cache_file, {**cache, **{u: r for u, r in results.items()
                                             if r.answered and not r.cached}})
    return [results[url] for url in urls]


def read_cache(path: Path | None) -> dict[str, LinkResult]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        read = {url: LinkResult(**{**entry, "url": url, "cached": False})
                for url, entry in data.items()}
        return {url: r for url, r in read.items() if r.status in STATUSES and r.answered}
    except (OSError, ValueError, TypeError):
        return {}  # a damaged cache is only a cache: ask again


def write_cache(path: Path, results: dict[str, LinkResult]) -> None:
    data = {url: {k: v for k, v in asdict(r).items() if k not in ("url", "cached")}
            for url, r in sorted(results.items())}
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
    os.replace(temp, path)


# ---- the site's links, and what to make of the answers -----------------------------------


def places(content: Content) -> Iterator[tuple[Claim, int, Appearance]]:
    """Every claim's appearances (the old `appeared` too), each with its number from 1."""
    for claim in content.claims:
        for n, place in enumerate(claim.places, 1):
            yield claim, n, place


def site_urls(content: Content) -> list[str]:
    """Every source's url and archived copy, in source order, then every appearance's."""
    return [*(u for s in content.sources for u in (s.url, s.archived) if u),
            *(u for _, _, a in places(content) for u in (a.url, a.archived) if u)]


def findings(content: Content, results: list[LinkResult]) -> list[Diagnostic]:
    """Dead links are errors where they are written; what to change, an address the site
    answered with an error, and an address that could not be checked are warnings. A
    claim's own page that is gone is a warning: misinformation is often deleted."""
    answer = {r.url: r for r in results}
    out = []
    for source in content.sources:
        original = answer.get(source.url) if source.url else None
        archived = answer.get(source.archived) if source.archived else None
        if original and original.status == "dead" and source.status != "dead":
            if archived and archived.status in ("ok", "redirected"):
                out.append(warning(source.loc("url"), f"the original is gone "
                                   f"({_said(original)}) but the archived copy answers: set "
                                   "'status: dead' so "
                                   "readers are sent to the archived copy first"))
            else:
                out.append(error(source.loc("url"), f"dead link ({_said(original)})"
                                 + ("" if source.archived else ": find an archived copy "
                                    "(build.py archive) or another address")))
        if original and original.status in ("ok", "redirected") and source.status == "dead":
            out.append(warning(source.loc("status"), "the original answers again: remove "
                               "'status: dead'"))
        if archived and archived.status == "dead":
            out.append(error(source.loc("archived"), f"the archived copy is gone "
                             f"({_said(archived)})"))
        for name, result in (("url", original), ("archived", archived)):
            if result is not None:
                out += _not_known(source.loc(name), name, result)
    for _, n, place in places(content):
        out += _appearance_findings(n, place, answer)
    return out


def _appearance_findings(n: int, place: Appearance, answer: dict[str, LinkResult]
                         ) -> list[Diagnostic]:
    """A page where the claim was made that is gone is a warning (deleted posts are
    common with misinformation: readers get the archived copy); an archived copy that is
    gone is an error."""
    original = answer.get(place.url) if place.url else None
    archived = answer.get(place.archived) if place.archived else None
    out = []
    if original and original.status == "dead":
        if archived is None:
            then = ("; this appearance has none: run build.py archive to find one (the "
                    "Wayback Machine may hold a copy made before the page went)")
        elif archived.status in ("ok", "redirected"):
            then = ", which answers"
        else:
            then = ", but that does not answer either (see its 'archived:')"
        out.append(warning(place.loc("url"), f"appearance {n}'s page is gone "
                           f"({_said(original)}): that is common with misinformation, and "
                           f"readers get its archived copy instead{then}"))
    if archived and archived.status == "dead":
        out.append(error(place.loc("archived"), f"the archived copy of appearance {n} is gone "
                         f"({_said(archived)}): remove it and run build.py archive to find "
                         "another, or write another copy's address"))
    for name, result in (("url", original), ("archived", archived)):
        if result is not None:
            out += _not_known(place.loc(name), name, result)
    return out


def _not_known(pos: Pos, name: str, result: LinkResult) -> list[Diagnostic]:
    """A warning for a link whose state is not known: no answer, or an error answer."""
    what = "the archived copy" if name == "archived" else "the link"
    if result.status == "unreachable":
        return [warning(pos, f"could not check {what}, no answer: {result.note}; is this "
                        "machine offline? Nothing is known of the page: run again later")]
    if result.status == "error":
        return [warning(pos, f"{what} answered with an error ({_said(result)})"
                        + "; it may be broken, or the site may be down for a while")]
    return []


def _said(result: LinkResult) -> str:
    """What the site answered, and when, if that answer came from the cache."""
    return result.note + (f"; cached, asked {result.checked_at}" if result.cached else "")


def table(results: list[LinkResult]) -> str:
    """The answers as a table, worst first, and a count of each."""
    order = {s: i for i, s in enumerate(("dead", "error", "unreachable", "redirected", "ok"))}
    rows = sorted(results, key=lambda r: (order[r.status], r.url))
    width = max((len(r.url) for r in rows), default=3)
    lines = [f"{'status':<11} {'code':>4}  {'url':<{width}}  note"]
    for r in rows:
        code = str(r.code) if r.code else "-"
        note = r.note + (f" (cached, asked {r.checked_at})" if r.cached else "")
        lines.append(f"{r.status:<11} {code:>4}  {r.url:<{width}}  {note}".rstrip())
    counts = ", ".join(f"{sum(r.status == s for r in results)} {s}" for s in STATUSES)
    cached = sum(r.cached for r in results)
    lines.append(f"{len(results)} links: {counts}"
                 + (f"; {cached} answered from the cache" if cached else ""))
    return "\n".join(lines)


def as_json(content: Content, results: list[LinkResult]) -> dict[str, Any]:
    """The answers for `--format json`: each link, where the site writes it (in sources,
    in claims' appearances), and when it was asked (a cached answer says so)."""
    where: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shown: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for source in content.sources:
        for name in ("url", "archived"):
            if url := getattr(source, name):
                where[url].append({"source": source.id, "field": name,
                                   **_at(source.loc(name))})
    for claim, n, place in places(content):
        for name in ("url", "archived"):
            if url := getattr(place, name):
                shown[url].append({"claim": claim.id, "appearance": n, "field": name,
                                   **_at(place.loc(name))})
    return {"links": [{"url": r.url, "status": r.status, "code": r.code,
                       "final_url": r.final, "note": r.note, "checked_at": r.checked_at,
                       "cached": r.cached, "sources": where.get(r.url, []),
                       "appearances": shown.get(r.url, [])} for r in results]}


def _at(pos: Pos) -> dict[str, Any]:
    return {"path": pos.path, "line": pos.line, "col": pos.col}
