"""Addresses the build makes for itself, and the breadcrumb trails that lead to them.

Here, below every layer, so that the site's table of addresses (hub/site/editions.py) and the
writers that make these pages (hub/write/) name them alike without importing each other."""

from __future__ import annotations

NEWS = "/news/"
SEARCH_URL = "/search/"
DATA_URL = "/news/data/"  # the data dictionary page; the files beside it:
SERIES_CSV = "news/data/patrols.csv"
SERIES_JSON = "news/data/patrols.json"


def home_crumb(words, prefix: str = "") -> dict:
    """Returns the first breadcrumb: the home page of the language whose addresses start with
    `prefix`, named in its words."""
    return {"text": words("breadcrumbs.home"), "href": f"{prefix}/"}


def breadcrumbs(home: dict, *trail: tuple[str, str]) -> list[dict]:
    """Returns a breadcrumb trail from `home` (home_crumb) through each (text, address) of
    `trail`."""
    return [home, *({"text": text, "href": href} for text, href in trail)]


def news_index_urls(reports: int, per_page: int, prefix: str = "") -> list[str]:
    """Returns the address of each page of the news index: /news/, /news/page/2/, ..."""
    count = max(1, -(-reports // per_page))
    news = prefix + NEWS
    return [news, *(f"{news}page/{number}/" for number in range(2, count + 1))]


def data_urls(reports: list, prefix: str = "") -> list[str]:
    """Returns the address of every data file and the dictionary page, in the language whose
    addresses start with `prefix`, for link checks (`reports`: hub.read.reports.model.Report)."""
    return [
        prefix + DATA_URL,
        f"{prefix}/{SERIES_CSV}",
        f"{prefix}/{SERIES_JSON}",
        *[f"{r.url}figures.{ext}" for r in reports for ext in ("csv", "json")],
    ]


# Domains kept for examples and tests (RFC 2606 and RFC 6761): an address on one of them is a
# placeholder wherever it is shown, so the build labels it "example" there.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
EXAMPLE_ENDINGS = (".example", ".test", ".invalid")


def may_hold_example_address(text: str) -> bool:
    """Returns False only when `text` holds no address that is_example_address accepts: a
    quick test that spares a page without one the search for each address."""
    folded = text.lower()
    return any(name in folded for name in EXAMPLE_DOMAINS + EXAMPLE_ENDINGS)


def is_example_address(address: str) -> bool:
    """Returns whether a web or email address (https://host/..., mailto:name@host or
    name@host) is on a domain kept for examples, such as example.org."""
    host = address.strip().lower()
    host = host.split("://", 1)[-1].removeprefix("mailto:").rsplit("@", 1)[-1]
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split(":", 1)[0].rstrip(".")
    return host.endswith(EXAMPLE_ENDINGS) or any(
        host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS
    )
