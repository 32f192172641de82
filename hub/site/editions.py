"""The site in each of its languages: what every write step writes once per language, and
which addresses each language has, so that a page links to its versions in the others."""

from __future__ import annotations

from dataclasses import replace

from ..core.addresses import SEARCH_URL, data_urls, news_index_urls
from ..core.languages import Language, default_address, in_language
from ..read.helper.pages import helper_urls
from ..read.reports.model import PatrolReports
from . import Site


def editions(site: Site) -> list[tuple[Language, Site]]:
    """Returns the site in each of its languages, the default first: a Site holding that
    language's settings, pages, reports and report helper (None where the helper has no
    version in that language)."""
    found = []
    for language in site.settings.languages:
        if language.default:
            found.append((language, replace(site, pages=[p for p in site.pages if not p.language])))
            continue
        key = language.key
        found.append(
            (
                language,
                replace(
                    site,
                    settings=in_language(site.settings, language),
                    pages=[page for page in site.pages if page.language == key],
                    reports=site.reports.translations.get(key, PatrolReports()),
                    helper=site.helper.translations.get(key) if site.helper else None,
                ),
            )
        )
    return found


def site_addresses(site: Site) -> dict[str, dict[str, set[str]]]:
    """Returns every page address the build makes, by language key, each with the ids of
    the headings on that page (for link checks; the build's own pages have only "main").
    Made once per site: the first call keeps it on `site` (the caller must not change it)."""
    if "addresses" not in site.made_once:
        site.made_once["addresses"] = _address_table(site)
    return site.made_once["addresses"]


def _address_table(site: Site) -> dict[str, dict[str, set[str]]]:
    found = {}
    for language, part in editions(site):
        prefix, words = language.prefix, part.settings.words
        targets = {page.url: page.ids | {"main"} for page in part.pages}
        built = [
            *(report.url for report in part.reports),
            *news_index_urls(len(part.reports), part.settings.news_per_page, prefix),
            prefix + "/news/feed.xml",
            prefix + SEARCH_URL,
            prefix + "/404.html",
            *helper_urls(part.helper, words),
            *_unknown_helper_urls(site, language),
            *data_urls(part.reports, prefix),
        ]
        if language.default:
            built += ["/sitemap.xml", "/robots.txt"]
        targets.update({url: {"main"} for url in built})
        found[language.key] = targets
    return found


def _unknown_helper_urls(site: Site, language: Language) -> list[str]:
    """Returns, in a language other than the default, the report helper's first pages while
    its routes file has mistakes (its version in that language is not known either), so that
    links to them are not reported as broken on top of the real problem."""
    if language.default or site.helper is None or site.helper.valid:
        return []
    return [language.prefix + url for url in helper_urls(site.helper)]


class Versions:
    """Finds each page's versions in the site's languages: the page at /cy/X/ is the Welsh
    version of the one at /X/."""

    def __init__(self, site: Site, addresses: dict[str, dict] | None = None):
        self.languages = site.settings.languages
        self.addresses = addresses if addresses is not None else site_addresses(site)
        self.names = {
            lang.key: in_language(site.settings, lang).words("language.name")
            for lang in self.languages
        }

    def of(self, url: str) -> list[dict]:
        """Returns every language's version of the page at `url`, the page itself among them,
        each as its language's code, key and own name and its address: [] for a page in one
        language only (or a site with one language)."""
        if len(self.languages) == 1:
            return []
        _, path = default_address(url, self.languages)
        found = []
        for lang in self.languages:
            address = lang.address(path)
            if address in self.addresses.get(lang.key, ()):
                found.append(
                    {
                        "code": lang.code,
                        "key": lang.key,
                        "name": self.names[lang.key],
                        "url": address,
                    }
                )
        return found if len(found) > 1 else []
