"""`build.py archive`: find (and with --save, make) an Internet Archive copy of every source,
and every place a claim was made (its appearances), that has a `url` but no `archived`,
and write `archived` and `archived_on` into its file: a source's own fields, or that item
of the claim's `appearances` (in a .md claim, its front matter).

It asks the Wayback Machine's availability API for the snapshot nearest the day the desk
read the source (`accessed`, else `published`, else the latest) or the claim was made
there (the appearance's `date`), accepting only snapshots of a page that answered 2xx.
With --save, an address with no snapshot is sent to Save Page Now, at most one save every
`save_interval` seconds (the Archive allows a few a minute) and none after the Archive
answers 429. Both endpoints can be changed (the tests point
them at a server on loopback).

It edits content files, so it changes those two fields and nothing else (yamledit.py): a
file that would change anywhere else is left alone and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin

from .. import __version__
from ..build import Content
from .yamledit import set_fields

SNAPSHOT = re.compile(r"/web/(\d{14})(?:id_)?/")


@dataclass(frozen=True)
class Endpoints:
    available: str = "https://archive.org/wayback/available"
    save: str = "https://web.archive.org/save/"


@dataclass(frozen=True)
class Settings:
    delay: float = 1.0  # seconds between two availability questions
    save_interval: float = 20.0  # seconds between two saves: three a minute
    timeout: float = 60.0  # a save can take a while
    user_agent: str = f"factsite/{__version__} archiver"


@dataclass(frozen=True)
class Snapshot:
    url: str
    date: dt.date


@dataclass(frozen=True)
class Target:
    """An address to archive: a source's `url`, or an appearance's (then `at` is where its
    mapping is in the claim's YAML, and `line` where its `url` is written)."""

    file: str
    url: str
    day: dt.date | None  # the snapshot nearest this day is wanted
    at: tuple[str | int, ...] = ()
    line: int = 0
    claim: str | None = None
    appearance: int | None = None  # counted from 1

    @property
    def markdown(self) -> bool:
        return self.file.endswith(".md")


def targets(content: Content) -> Iterator[Target]:
    """Every source, then every appearance, with a url and no archived copy."""
    for source in content.sources:
        if source.url and not source.archived:
            yield Target(source.file, source.url, source.accessed or source.published)
    for claim in content.claims:
        for n, place in enumerate(claim.places, 1):
            if place.url and not place.archived:
                at = ("appearances", n - 1) if claim.appearances else ("appeared",)
                yield Target(claim.file, place.url, place.date, at, place.loc("url").line,
                             claim.id, n)


@dataclass(frozen=True)
class Done:
    """What became of one address: `outcome` is written (a snapshot found or saved and
    written into the file), "no snapshot", "rate limited", "failed" (the Archive could not
    be asked) or "not written" (the file could not be changed)."""

    target: Target
    line: int  # where its url is now (0 for a source)
    outcome: str
    message: str  # the line printed for people
    snapshot: Snapshot | None = None
    how: str | None = None  # found or saved, when there is a snapshot

    def as_json(self) -> dict:
        t = self.target
        where = {} if t.claim is None else {"line": self.line, "claim": t.claim,
                                            "appearance": t.appearance}
        return {"file": t.file, **where, "url": t.url, "outcome": self.outcome,
                "how": self.how, "message": self.message,
                "archived": self.snapshot.url if self.snapshot else None,
                "archived_on": self.snapshot.date.isoformat() if self.snapshot else None}


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)  # one per address, for the command line
    changed: list[str] = field(default_factory=list)  # files written
    failed: bool = False
    done: list[Done] = field(default_factory=list)  # one per address, as data
    added: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # file → (line, n)

    def line(self, target: Target) -> int:
        """Where the target's url is in its file now: lines added above it moved it."""
        return target.line + sum(n for at, n in self.added.get(target.file, ()) if at < target.line)

    def add(self, target: Target, outcome: str, message: str,
            snapshot: Snapshot | None = None, how: str | None = None) -> None:
        line = self.line(target) if target.claim is not None else 0
        self.lines.append(f"{target.file}{f':{line}' if line else ''}: {message}")
        self.done.append(Done(target, line, outcome, message, snapshot, how))
        self.failed |= outcome in ("rate limited", "failed", "not written")

    def as_json(self) -> dict:
        """For `--format json`: each source and each appearance asked about, what became
        of it."""
        return {"sources": [d.as_json() for d in self.done if d.target.claim is None],
                "appearances": [d.as_json() for d in self.done if d.target.claim is not None],
                "changed": list(self.changed)}


class RateLimited(Exception):
    """The Archive answered 429: no more saves this run."""


def _get(url: str, settings: Settings) -> tuple[int, str, dict[str, str], str]:
    """(status, final URL, headers, body) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent})
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            body = response.read(1_000_000).decode("utf-8", errors="replace")
            return response.status, response.geturl(), dict(response.headers), body
    except urllib.error.HTTPError as exc:
        headers = dict(exc.headers or {})
        exc.close()
        return exc.code, url, headers, ""


def _snapshot(url: str, timestamp: str | None = None) -> Snapshot | None:
    m = SNAPSHOT.search(url)
    stamp = timestamp or (m.group(1) if m else "")
    if not re.fullmatch(r"\d{8,14}", stamp):
        return None
    if url.startswith("http://web.archive.org/"):
        url = "https://" + url.removeprefix("http://")
    try:
        return Snapshot(url, dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])))
    except ValueError:
        return None


def nearest(url: str, day: dt.date | None, endpoints: Endpoints,
            settings: Settings) -> Snapshot | None:
    """The snapshot of a page that answered 2xx nearest `day` (the latest without one)."""
    query = {"url": url, **({"timestamp": day.strftime("%Y%m%d")} if day else {})}
    status, _, _, body = _get(f"{endpoints.available}?{urlencode(query)}", settings)
    if status == 429:
        raise RateLimited
    if status != 200:
        raise OSError(f"the availability API answered {status}")
    closest = (json.loads(body).get("archived_snapshots") or {}).get("closest") or {}
    if not closest.get("available") or not str(closest.get("status", "200")).startswith("2"):
        return None
    return _snapshot(str(closest.get("url", "")), str(closest.get("timestamp", "")))


def save(url: str, endpoints: Endpoints, settings: Settings) -> Snapshot | None:
    """Ask Save Page Now for a snapshot; where it put it (from the redirect or the
    Content-Location header), or None."""
    status, final, headers, _ = _get(endpoints.save + url, settings)
    if status == 429:
        raise RateLimited
    if not 200 <= status < 300:
        raise OSError(f"Save Page Now answered {status}")
    location = headers.get("Content-Location") or headers.get("content-location")
    return _snapshot(urljoin(final, location)) if location else _snapshot(final)


# ---- the command --------------------------------------------------------------------------


def with_archive(text: str, snapshot: Snapshot, at: tuple[str | int, ...] = (),
                 url: str | None = None, markdown: bool = False) -> str | None:
    """The file's text with `archived` and `archived_on` set after `url` in the mapping at
    `at` (the source itself, or an item of a claim's appearances whose url is `url`), or
    None when that cannot be done without changing anything else in the file."""
    return set_fields(text, {"archived": snapshot.url, "archived_on": snapshot.date},
                      after="url", at=at, expect={"url": url} if url else None,
                      markdown=markdown)


def archive(site_dir: Path, content: Content, *, save_missing: bool = False,
            endpoints: Endpoints = Endpoints(), settings: Settings = Settings(),
            sleep: Callable[[float], None] = time.sleep) -> Report:
    report = Report()
    todo = list(targets(content))
    if not todo:
        report.lines.append("every source and appearance with a url has an archived copy")
    last_save: float | None = None
    saving = save_missing
    for i, target in enumerate(todo):
        if i:
            sleep(settings.delay)
        try:
            snapshot = nearest(target.url, target.day, endpoints, settings)
            how = "found"
            if snapshot is None and saving:
                if last_save is not None:
                    sleep(max(0.0, settings.save_interval - (time.monotonic() - last_save)))
                last_save = time.monotonic()
                snapshot, how = save(target.url, endpoints, settings), "saved"
        except RateLimited:
            saving = False
            report.add(target, "rate limited", "the Archive asked us to slow down (429); "
                       "run again later")
            continue
        except (OSError, ValueError) as exc:
            report.add(target, "failed", f"could not ask the Archive: {exc}")
            continue
        if snapshot is None:
            report.add(target, "no snapshot", "no snapshot"
                       + ("" if save_missing else "; run with --save to make one"))
            continue
        _write(site_dir, target, snapshot, how, report)
    return report


def _write(site_dir: Path, target: Target, snapshot: Snapshot, how: str,
           report: Report) -> None:
    path = site_dir / target.file
    try:
        text = path.read_bytes().decode("utf-8")  # line endings as they are
        new = with_archive(text, snapshot, target.at, target.url if target.at else None,
                           target.markdown)
        if new is None:
            report.add(target, "not written", f"{how} {snapshot.url}, but the file cannot be "
                       f"changed without changing its layout; add by hand: archived: "
                       f"{snapshot.url} and archived_on: {snapshot.date}", snapshot, how)
            return
        path.write_bytes(new.encode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        report.add(target, "not written", f"cannot change the file: {exc}", snapshot, how)
        return
    if target.file not in report.changed:
        report.changed.append(target.file)
    report.add(target, "written", f"{how} {snapshot.url} ({snapshot.date})", snapshot, how)
    report.added.setdefault(target.file, []).append(
        (target.line, new.count("\n") - text.count("\n")))
