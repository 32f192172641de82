"""The small site that one-mistake tests change (tests/conftest.py) is a whole site as it is:
it builds with no problem, in one language, with the report helper."""

from tests.support.builds import built


def test_the_small_site_builds_with_no_problem(small_site, tmp_path):
    out = built(small_site, tmp_path)
    assert (out / "what-is-asb" / "index.html").is_file()
    assert (out / "news" / "2024-07" / "index.html").is_file()
    assert (out / "report" / "emergency" / "index.html").is_file()
    assert not (out / "cy").exists()
