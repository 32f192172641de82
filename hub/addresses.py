"""Addresses the build makes for itself, and the breadcrumb trails that lead to them."""

from __future__ import annotations

HOME = {"text": "Home", "href": "/"}
NEWS = "/news/"


def breadcrumbs(*trail: tuple[str, str]) -> list[dict]:
    """Returns a breadcrumb trail from the home page through each (text, address) of `trail`."""
    return [HOME, *({"text": text, "href": href} for text, href in trail)]


def news_index_urls(reports: int, per_page: int) -> list[str]:
    """Returns the address of each page of the news index: /news/, /news/page/2/, ..."""
    count = max(1, -(-reports // per_page))
    return [NEWS, *(f"{NEWS}page/{number}/" for number in range(2, count + 1))]
