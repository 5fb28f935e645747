"""Where things live on the site: URLs relative to base_url, and the files they are."""

from __future__ import annotations


def url_for(section: str, key: str = "") -> str:
    """claims/x/ for ("claims", "x"); about/ for ("page", "about"); "" for ("home")."""
    if section == "page":
        return f"{key}/"
    if section == "home":
        return ""
    return f"{section}/{key}/" if key else f"{section}/"


def url_to_path(url: str) -> str:
    """claims/x/ → claims/x/index.html; 404.html stays."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def paginate(base: str, items: tuple[str, ...], per_page: int
             ) -> list[tuple[str, tuple[str, ...], int, int]]:
    """(url, items, page number, page count) for each page of a listing."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [()]
    return [(base if n == 1 else f"{base}page/{n}/", chunk, n, len(chunks))
            for n, chunk in enumerate(chunks, start=1)]
