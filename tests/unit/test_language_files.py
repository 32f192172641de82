"""Languages: file names, addresses, the settings' list, and the Welsh A to Z."""

from types import SimpleNamespace

from hub.core.errors import Problems
from hub.core.languages import (
    Language,
    check_languages,
    default_address,
    language_of,
    site_languages,
    split_name,
)
from hub.read.headers import check_not_found_rules
from hub.write.search_page import a_to_z

ENGLISH, WELSH = Language("en-GB", "en", True), Language("cy", "cy")


def test_a_files_name_says_its_language():
    assert split_name("what-is-asb.cy") == ("what-is-asb", "cy")
    assert split_name("what-is-asb") == ("what-is-asb", None)
    assert language_of("what-is-asb", [ENGLISH, WELSH]) == ("what-is-asb", ENGLISH)
    assert language_of("what-is-asb.en", [ENGLISH, WELSH]) == ("what-is-asb", ENGLISH)
    assert language_of("what-is-asb.cy", [ENGLISH, WELSH]) == ("what-is-asb", WELSH)
    # A language the site does not list: its files are left out.
    assert language_of("what-is-asb.cy", [ENGLISH]) == ("what-is-asb", None)


def test_addresses_in_another_language_are_under_its_key():
    assert (ENGLISH.address("/news/"), WELSH.address("/news/")) == ("/news/", "/cy/news/")
    assert default_address("/cy/how-to-report/", [ENGLISH, WELSH]) == (WELSH, "/how-to-report/")
    assert default_address("/cy/", [ENGLISH, WELSH]) == (WELSH, "/")
    assert default_address("/cyber-crime/", [ENGLISH, WELSH]) == (ENGLISH, "/cyber-crime/")


def test_the_settings_list_the_languages_with_the_default_first():
    problems = Problems()
    assert site_languages("en-GB", ["cy", "en-GB"], "data/site.yaml", 6, problems) == [
        ENGLISH,
        WELSH,
    ]
    assert site_languages("en-GB", None, "data/site.yaml", 6, problems) == [ENGLISH]
    assert not problems
    site_languages("en-GB", ["cy"], "data/site.yaml", 6, problems)
    assert [str(p) for p in problems.items] == [
        "data/site.yaml:6: languages must include the default language (en-GB), got ['cy']"
    ]
    assert check_languages(["en-GB", "en-US"]) == (
        "names two languages that share the key en: give each language once"
    )
    assert check_languages(["Welsh"]) == "must be a list of language codes, such as [en-GB, cy]"


def entry(title):
    return SimpleNamespace(title=title, url=f"/{title.lower()}/", summary="", kind="guidance")


def test_the_welsh_a_to_z_keeps_its_two_character_letters_together():
    titles = ["Cwcis", "Chwilio", "Cymorth", "Llais", "Lles", "Ffigurau", "Fandaliaeth"]
    groups = a_to_z([entry(t) for t in titles], [], ["Ch", "Ff", "Ll"])
    assert [(g["letter"], [e["title"] for e in g["entries"]]) for g in groups] == [
        ("C", ["Cwcis", "Cymorth"]),
        ("Ch", ["Chwilio"]),
        ("F", ["Fandaliaeth"]),
        ("Ff", ["Ffigurau"]),
        ("Ll", ["Llais", "Lles"]),
    ]
    assert [g["id"] for g in groups] == [
        "letter-c",
        "letter-ch",
        "letter-f",
        "letter-ff",
        "letter-ll",
    ]


def test_the_english_a_to_z_has_one_character_letters():
    groups = a_to_z([entry(t) for t in ["Cookies", "Checks", "2 things"]], [])
    assert [(g["letter"], [e["title"] for e in g["entries"]]) for g in groups] == [
        ("#", ["2 things"]),
        ("C", ["Checks", "Cookies"]),
    ]


def test_netlify_must_send_each_other_languages_missing_addresses_to_its_page_not_found(
    tmp_path,
):
    site = SimpleNamespace(languages=[ENGLISH, WELSH])
    toml = tmp_path / "netlify.toml"
    toml.write_text('[[redirects]]\n  from = "/cy/*"\n  to = "/cy/404.html"\n  status = 404\n')
    problems = Problems()
    check_not_found_rules(toml, "netlify.toml", site, problems)
    assert not problems
    check_not_found_rules(toml, "netlify.toml", SimpleNamespace(languages=[ENGLISH]), problems)
    assert [str(p) for p in problems.items] == [
        "netlify.toml:2: this rule sends missing addresses under /cy/ to /cy/404.html, which the "
        "build does not make (cy is not in languages in data/site.yaml): remove it"
    ]
