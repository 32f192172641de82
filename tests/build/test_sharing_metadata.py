"""Sharing metadata in built pages: Open Graph, Twitter card and JSON-LD that is data only."""

import json
import re

import build
from hub.site import Options
from tests.conftest import TODAY, write
from tests.support.site_checks import html_files


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html: str, prop: str) -> str:
    return re.search(
        rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html
    ).group(1)


def test_every_page_has_open_graph_twitter_and_json_ld(built_example):
    for path in html_files(built_example):  # the editor's page is not for sharing
        html = path.read_text(encoding="utf-8")
        types = [item["@type"] for item in json_ld(html)["@graph"]]
        assert types[:2] == ["Organization", "WebSite"], path
        assert meta(html, "og:title") and meta(html, "og:description"), path
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert meta(html, "og:url") == canonical, path
        assert meta(html, "twitter:card") == "summary", path


def test_a_report_is_an_article_with_breadcrumbs(built_example):
    html = (built_example / "news" / "2024-07" / "index.html").read_text()
    assert meta(html, "og:type") == "article"
    graph = {item["@type"]: item for item in json_ld(html)["@graph"]}
    assert graph["NewsArticle"]["datePublished"] == "2026-11-26"  # when this site published it
    assert graph["NewsArticle"]["headline"].startswith("July 2024: more than 700")
    names = [i["name"] for i in graph["BreadcrumbList"]["itemListElement"]]
    assert names == ["Home", "Patrol news", graph["NewsArticle"]["headline"]]
    guidance = (built_example / "what-is-asb" / "index.html").read_text()
    assert meta(guidance, "og:type") == "website"
    assert "NewsArticle" not in guidance


def test_a_title_with_markup_cannot_end_the_json_ld_block(small_site, tmp_path):
    page = small_site / "content" / "guidance" / "what-is-asb.en.md"
    text = page.read_text()
    write(
        page,
        text.replace(
            "title: What is anti-social behaviour?",
            'title: "What is ASB? </script><script>alert(1)</script>"',
            1,
        ),
    )
    out = build.build(small_site, tmp_path / "out", Options(today=TODAY, search=False))
    html = (out / "what-is-asb" / "index.html").read_text()
    head = html.split("</head>")[0]
    assert "<script>alert" not in head
    assert head.count("</script>") == 2  # site.js and the JSON-LD block, nothing else
    graph = {item["@type"]: item for item in json_ld(html)["@graph"]}
    assert (
        graph["BreadcrumbList"]["itemListElement"][-1]["name"]
        == "What is ASB? </script><script>alert(1)</script>"
    )
    assert 'content="What is ASB? &lt;/script&gt;' in head
