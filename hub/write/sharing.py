"""Metadata for sharing and search engines: JSON-LD structured data (schema.org)."""

from __future__ import annotations

import json

from markupsafe import Markup

# JSON-LD sits inside <script type="application/ld+json">. A "</script" or "<!--" in the data
# would end or confuse that element, so every <, > and & is written as a JSON \u escape:
# the JSON means the same, and the HTML parser never sees markup inside the block.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld_text(data: dict) -> str:
    """Returns `data` as compact JSON that is safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)


def structured_data(
    site,
    base_url: str,
    url: str,
    title: str,
    description: str,
    breadcrumbs: list[dict] | None = None,
    article=None,
) -> dict:
    """Returns the page's schema.org graph: the organisation and the website on every page,
    the breadcrumb trail where the page has one, and a NewsArticle for a patrol report."""
    organisation = {
        "@type": "Organization",
        "@id": f"{base_url}/#organisation",
        "name": site.organisation,
    }
    website = {
        "@type": "WebSite",
        "@id": f"{base_url}/#website",
        "name": site.name,
        "url": f"{base_url}/",
        "inLanguage": site.language,
        "publisher": {"@id": organisation["@id"]},
    }
    graph = [organisation, website]
    if breadcrumbs:
        trail = [*breadcrumbs, {"text": title, "href": url}]
        graph.append(
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": n,
                        "name": crumb["text"],
                        "item": base_url + crumb["href"],
                    }
                    for n, crumb in enumerate(trail, start=1)
                ],
            }
        )
    if article is not None:
        graph.append(
            {
                "@type": "NewsArticle",
                "headline": article.title,
                "description": description,
                "url": base_url + url,
                "mainEntityOfPage": base_url + url,
                "inLanguage": site.language,
                "datePublished": article.published.isoformat(),
                "dateModified": article.published.isoformat(),
                "author": {"@id": organisation["@id"]},
                "publisher": {"@id": organisation["@id"]},
                "isPartOf": {"@id": website["@id"]},
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


def add_sharing_helpers(env) -> None:
    """Gives templates `json_ld(...)`, which returns the page's structured data as a
    ready-escaped <script type="application/ld+json"> element."""

    def json_ld(url, title, description, breadcrumbs=None, article=None) -> Markup:
        data = structured_data(
            env.globals["site"],
            env.globals["base_url"],
            url,
            str(title),
            str(description),
            breadcrumbs,
            article,
        )
        return Markup(f'<script type="application/ld+json">{json_ld_text(data)}</script>')

    env.globals["json_ld"] = json_ld
