"""JSON-LD: the page's schema.org graph, and text that cannot break out of its <script>."""

import datetime as dt
import json
from types import SimpleNamespace

from hub.read.settings import Settings
from hub.write.sharing import json_ld_text, structured_data

SITE = Settings(name="Test Hub", organisation="Test Police", language="en-GB")
BASE = "https://hub.example.org"


def test_markup_in_the_data_is_escaped_but_means_the_same():
    data = {"name": "</script><script>alert(1)</script> <!-- & -->"}
    text = json_ld_text(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == data


def test_every_page_names_the_organisation_and_the_website():
    graph = structured_data(SITE, BASE, "/", "Home", "About the hub")["@graph"]
    assert [item["@type"] for item in graph] == ["Organization", "WebSite"]
    assert graph[0] == {
        "@type": "Organization",
        "@id": f"{BASE}/#organisation",
        "name": "Test Police",
    }
    assert graph[1]["publisher"] == {"@id": f"{BASE}/#organisation"}


def test_breadcrumbs_end_with_the_page_itself():
    crumbs = [{"text": "Home", "href": "/"}, {"text": "Patrol news", "href": "/news/"}]
    graph = structured_data(SITE, BASE, "/news/2025-07/", "July", "d", crumbs)["@graph"]
    trail = graph[2]
    assert trail["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Home", f"{BASE}/"),
        (2, "Patrol news", f"{BASE}/news/"),
        (3, "July", f"{BASE}/news/2025-07/"),
    ]


def test_a_report_is_a_news_article_by_the_organisation():
    report = SimpleNamespace(title="Extra patrols", published=dt.date(2025, 8, 12))
    graph = structured_data(
        SITE, BASE, "/news/2025-07/", "Extra patrols", "What happened", None, report
    )["@graph"]
    article = graph[-1]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Extra patrols"
    assert article["datePublished"] == "2025-08-12"
    assert article["author"] == article["publisher"] == {"@id": f"{BASE}/#organisation"}
    assert article["mainEntityOfPage"] == f"{BASE}/news/2025-07/"
