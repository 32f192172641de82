"""Languages: the ones a site is written in, where each one's files and pages live, and the
words a file gives in another language.

The default language's pages keep their addresses (/what-is-asb/); every other language's
are under its key (/cy/what-is-asb/), with the same name, so that each page's other-language
version is found from its address alone. A file in another language sits beside the default
one, named with the language's key: what-is-asb.cy.md beside what-is-asb.md (or, as Decap
CMS writes a site with more than one language, what-is-asb.en.md), data/site.cy.yaml beside
data/site.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Problems

CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag, such as en-GB or cy
KEY = re.compile(r"^[a-z]{2,3}$")  # how a language is named in file names and addresses


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str  # as <html lang> gives it: en-GB, cy
    key: str  # in file names and addresses: en, cy
    default: bool = False

    @property
    def prefix(self) -> str:
        """Returns what its addresses start with: "" for the default language, "/cy" for Welsh."""
        return "" if self.default else f"/{self.key}"

    def address(self, url: str) -> str:
        """Returns the address of the site's page `url` (written as in the default language)
        in this language."""
        return self.prefix + url


def key_of(code: str) -> str:
    """Returns the key a language code is named by in files and addresses: en for en-GB."""
    return code.split("-")[0].lower()


def check_languages(codes) -> str | None:
    """Returns why `codes` is not a list of language codes, or None when it is."""
    if not all(isinstance(code, str) and CODE.match(code) for code in codes):
        return "must be a list of language codes, such as [en-GB, cy]"
    keys = [key_of(code) for code in codes]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        return f"names two languages that share the key {twice[0]}: give each language once"
    return None


def site_languages(default: str, codes, rel: str, line: int, problems: Problems) -> list:
    """Returns the site's languages, the default first: `codes` as data/site.yaml lists them
    (None for the default alone). Records a default language the list leaves out."""
    codes = list(codes or [default])
    if default not in codes:
        problems.add(
            rel, line, f"languages must include the default language ({default}), got {codes}"
        )
        codes.insert(0, default)
    ordered = [default, *(code for code in codes if code != default)]
    return [Language(code, key_of(code), code == default) for code in ordered]


def split_name(stem: str) -> tuple[str, str | None]:
    """Returns a file's name without its language key, and that key ("what-is-asb.cy" gives
    ("what-is-asb", "cy")); the key is None for a name without one."""
    name, dot, key = stem.rpartition(".")
    if dot and KEY.match(key):
        return name, key
    return stem, None


def language_of(stem: str, languages: list[Language]):
    """Returns (name, Language) for a file named `stem` (its name without the extension);
    Language is None when the name has the key of a language the site does not list (its
    translation is switched off)."""
    name, key = split_name(stem)
    if key is None:
        return stem, languages[0]
    return name, next((lang for lang in languages if lang.key == key), None)


def in_language(settings, language: Language):
    """Returns the settings in `language`: the default's, with its words in that language."""
    return settings if language.default else settings.translations[language.key]


def default_address(url: str, languages: list[Language]) -> tuple[Language, str]:
    """Returns the language of the address `url` and the same page's address in the default
    language: /cy/what-is-asb/ gives (Welsh, /what-is-asb/)."""
    for lang in languages[1:]:
        if url == lang.prefix + "/" or url.startswith(lang.prefix + "/"):
            return lang, url[len(lang.prefix) :]
    return languages[0], url
