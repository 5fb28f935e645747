"""`build.py links`: does every source's `url` and `archived` copy still answer?

Never part of a build (the web changes; a build must not). Links are checked concurrently,
one worker per host at most (`workers` hosts at a time), with a pause between two requests
to the same host, a timeout on each, and redirects followed one by one so that each hop is
reported. Answers are kept in the site's .cache/links.json with the time they were asked,
so a second run within `cache_for` (a day) asks nothing.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..build import Content
from ..diagnostics import Diagnostic, error, warning

STATUSES = ("ok", "redirected", "dead", "timed out", "error")
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
        except TimeoutError:
            return LinkResult(url, "timed out", None, None,
                              f"no answer in {settings.timeout:g} s", now())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                return LinkResult(url, "timed out", None, None,
                                  f"no answer in {settings.timeout:g} s", now())
            return LinkResult(url, "error", None, None, str(reason), now())
        return _classify(url, code, current if hops else None, hops, now())


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
    asked, one host at a time per worker with `delay` between requests."""
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
        write_cache(cache_file, {**cache, **results})
    return [results[url] for url in urls]


def read_cache(path: Path | None) -> dict[str, LinkResult]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        return {url: LinkResult(**{**entry, "url": url, "cached": False})
                for url, entry in data.items()}
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


def site_urls(content: Content) -> list[str]:
    """Every source's url and archived copy, in source order."""
    return [u for s in content.sources for u in (s.url, s.archived) if u]


def findings(content: Content, results: list[LinkResult]) -> list[Diagnostic]:
    """Dead links are errors where they are written; what to change is a warning."""
    answer = {r.url: r for r in results}
    out = []
    for source in content.sources:
        original = answer.get(source.url) if source.url else None
        archived = answer.get(source.archived) if source.archived else None
        if original and original.status == "dead" and source.status != "dead":
            if archived and archived.status in ("ok", "redirected"):
                out.append(warning(source.loc("url"), f"the original is gone ({original.note}) "
                                   "but the archived copy answers: set 'status: dead' so "
                                   "readers are sent to the archived copy first"))
            else:
                out.append(error(source.loc("url"), f"dead link ({original.note})"
                                 + ("" if source.archived else ": find an archived copy "
                                    "(build.py archive) or another address")))
        if original and original.status in ("ok", "redirected") and source.status == "dead":
            out.append(warning(source.loc("status"), "the original answers again: remove "
                               "'status: dead'"))
        if archived and archived.status == "dead":
            out.append(error(source.loc("archived"), f"the archived copy is gone "
                             f"({archived.note})"))
    return out


def table(results: list[LinkResult]) -> str:
    """The answers as a table, worst first, and a count of each."""
    order = {s: i for i, s in enumerate(("dead", "timed out", "error", "redirected", "ok"))}
    rows = sorted(results, key=lambda r: (order[r.status], r.url))
    width = max((len(r.url) for r in rows), default=3)
    lines = [f"{'status':<11} {'code':>4}  {'url':<{width}}  note"]
    for r in rows:
        code = str(r.code) if r.code else "-"
        note = r.note + (" (cached)" if r.cached else "")
        lines.append(f"{r.status:<11} {code:>4}  {r.url:<{width}}  {note}".rstrip())
    counts = ", ".join(f"{sum(r.status == s for r in results)} {s}" for s in STATUSES)
    cached = sum(r.cached for r in results)
    lines.append(f"{len(results)} links: {counts}"
                 + (f"; {cached} answered from the cache" if cached else ""))
    return "\n".join(lines)
