"""Synthetic hubs for the benchmark: N guidance pages and years of monthly patrol reports.

The same corpus is written in our format (content/ + data/) and in each peer generator's own
format, so every generator renders the same words, headings, lists, links and tables.
Everything is made from a fixed seed: two runs give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ["Understanding ASB", "Reporting ASB", "Action and support", "About this site"]
TOPICS = [
    "noise",
    "parking",
    "litter",
    "graffiti",
    "neighbours",
    "vandalism",
    "dogs",
    "drinking",
    "fireworks",
    "motorbikes",
    "begging",
    "gatherings",
    "harassment",
    "fly-tipping",
    "trespass",
    "bonfires",
    "shops",
    "parks",
    "estates",
    "transport",
]
PLACEHOLDERS = {"{{ site.contacts.non_emergency }}": "101", "{{ site.contacts.emergency }}": "999"}


def _vocabulary() -> list[str]:
    """Returns plain words taken from the example site's own pages, so the text reads alike."""
    words = []
    for path in sorted((REPO / "content" / "guidance").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        words += re.findall(r"\b[a-z]{3,12}\b", body)
    return words


@dataclass
class Page:
    """One synthetic guidance page, before it is written in any generator's format."""

    slug: str
    title: str
    summary: str
    section: str
    order: int
    body: str  # Markdown, possibly with {{ site... }} placeholders


@dataclass
class Report:
    """One synthetic month, with only what the benchmark writes (not hub.read.reports.Report)."""

    month: str
    title: str
    summary: str
    published: dt.date
    figures: dict
    highlights: list


class Writer:
    """Makes sentences, paragraphs and whole pages from a seeded random source."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.words = _vocabulary()

    def sentence(self, low=8, high=18) -> str:
        words = self.random.choices(self.words, k=self.random.randint(low, high))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, sentences=(3, 5)) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(*sentences)))

    def phrase(self, low=2, high=5) -> str:
        return " ".join(self.random.choices(self.words, k=self.random.randint(low, high)))


def _body(writer: Writer, index: int, slugs: list[str]) -> str:
    """Returns a 500-800 word Markdown body with headings, lists, links and a table."""
    rnd = writer.random
    target = rnd.randint(500, 800)

    def link() -> str:
        other = slugs[rnd.randrange(len(slugs))]
        return f"[{writer.phrase(2, 4)}](/{other}/)"

    blocks = [f"{writer.paragraph()} Read more about {link()}."]
    n = 0
    while sum(len(b.split()) for b in blocks) < target - 60:
        n += 1
        blocks.append(f"## {writer.phrase(2, 5).capitalize()} {n}")
        blocks.append(writer.paragraph())
        kind = n % 4
        if kind == 1:
            blocks.append("\n".join(f"- {writer.phrase(3, 9)}" for _ in range(rnd.randint(3, 6))))
        elif kind == 2:
            blocks.append(f"### {writer.phrase(2, 4).capitalize()} {n}")
            blocks.append(
                f"{writer.paragraph((2, 3))} If it is not an emergency, call "
                f"{{{{ site.contacts.non_emergency }}}} or see {link()}."
            )
        elif kind == 3:
            rows = [
                f"| {writer.phrase(1, 2)} | {writer.phrase(2, 4)} | {rnd.randint(1, 99)} |"
                for _ in range(rnd.randint(3, 5))
            ]
            blocks.append(
                "| Problem | Who to tell | Days |\n| --- | --- | --- |\n" + "\n".join(rows)
            )
        else:
            blocks.append("\n".join(f"{k}. {writer.phrase(3, 8)}" for k in range(1, 5)))
    blocks.append(
        f"{writer.paragraph((2, 4))} **{writer.phrase(2, 3).capitalize()}** "
        f"matters too: see {link()} and {link()}."
    )
    return "\n\n".join(blocks) + "\n"


def make_corpus(pages: int, seed: int = 2025) -> tuple[list[Page], list[Report]]:
    """Returns `pages` guidance pages and a monthly report series about a twentieth as long."""
    writer = Writer(seed)
    slugs = [f"{TOPICS[i % len(TOPICS)]}-guide-{i:05d}" for i in range(pages)]
    corpus = []
    for i, slug in enumerate(slugs):
        topic = TOPICS[i % len(TOPICS)].replace("-", " ")
        corpus.append(
            Page(
                slug=slug,
                title=f"{topic.capitalize()}: {writer.phrase(2, 4)} (guide {i})",
                summary=f"{writer.sentence(8, 16)[:150]}",
                section=SECTIONS[i % len(SECTIONS)],
                order=i // len(SECTIONS) + 1,
                body=_body(writer, i, slugs),
            )
        )
    return corpus, make_reports(writer, max(12, pages // 20))


def _month_before(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def make_reports(writer: Writer, count: int, last=dt.date(2025, 7, 1)) -> list[Report]:
    """Returns `count` monthly reports ending with `last`, oldest first."""
    months = [last]
    while len(months) < count:
        months.append(_month_before(months[-1]))
    reports = []
    for month in reversed(months):
        rnd = writer.random
        reports.append(
            Report(
                month=f"{month:%Y-%m}",
                title=f"{month:%B %Y}: {writer.phrase(3, 6)}",
                summary=writer.sentence(8, 14)[:150],
                published=month + dt.timedelta(days=42),
                figures={
                    "patrol_hours": rnd.randint(300, 900),
                    "arrests": rnd.randint(3, 30),
                    "groups_dispersed": rnd.randint(5, 40),
                    "immediate_justice_referrals": rnd.randint(20, 90),
                },
                highlights=[
                    {"title": writer.phrase(3, 6).capitalize(), "text": writer.paragraph((1, 2))}
                    for _ in range(3)
                ],
            )
        )
    return reports


def _plain(text: str) -> str:
    """Returns `text` with our data placeholders filled in, for generators without them."""
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return text


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_hub(pages: list[Page], reports: list[Report], site: Path) -> Path:
    """Writes the corpus as one of our sites (the example site's settings and own pages too)."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(REPO / "content", site / "content")
    (site / "data" / "patrols").mkdir(parents=True)
    # In English only, as the peers build it: the example's Welsh files are copied but left out.
    settings = (REPO / "data" / "site.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^languages: \[.*\]$", "languages: [en-GB]", settings)
    (site / "data" / "site.yaml").write_text(settings, encoding="utf-8")
    for path in (REPO / "data").iterdir():  # other data the build reads, as the example has it
        if path.is_dir() and path.name != "patrols":
            shutil.copytree(path, site / "data" / path.name)
        elif path.is_file() and path.name != "site.yaml":
            shutil.copy2(path, site / "data" / path.name)
    guidance = site / "content" / "guidance"
    for page in pages:
        (guidance / f"{page.slug}.md").write_text(
            f"---\ntitle: {_quote(page.title)}\nsummary: {_quote(page.summary)}\n"
            f"section: {page.section}\norder: {page.order}\nlast_reviewed: 2026-10-01\n"
            f"review_by: 2027-04-01\nowner: community-safety\n---\n{page.body}",
            encoding="utf-8",
        )
    for n, report in enumerate(reports):
        (site / "data" / "patrols" / f"{report.month}.yaml").write_text(
            report_yaml(report, first=n == 0), encoding="utf-8"
        )
    return site


def report_yaml(report: Report, first: bool = False) -> str:
    """Returns a report as our data/patrols/YYYY-MM.yaml; the first carries the opening balance."""
    lines = [
        f'month: "{report.month}"',
        f"title: {_quote(report.title)}",
        f"summary: {_quote(report.summary)}",
        f"published: {report.published}",
        "figures:",
        *[f"  - {{figure: {k}, value: {v}}}" for k, v in report.figures.items()],
    ]
    if first:
        lines += ["totals:", "  - {figure: immediate_justice_referrals, opening_balance: 100}"]
    lines.append("highlights:")
    for item in report.highlights:
        lines += [f"  - title: {_quote(item['title'])}", f"    text: {_quote(item['text'])}"]
    lines += [
        "source:",
        "  publisher: Example Constabulary",
        f"  title: {_quote('Patrol update for ' + report.month)}",
        f"  published: {report.published}",
    ]
    return "\n".join(lines) + "\n"


def report_markdown(report: Report) -> str:
    """Returns a report as a Markdown article, for generators that only read Markdown."""
    rows = "\n".join(
        f"| {k.replace('_', ' ').capitalize()} | {v} |" for k, v in report.figures.items()
    )
    highlights = "\n\n".join(f"### {h['title']}\n\n{h['text']}" for h in report.highlights)
    return (
        f"{report.summary}\n\n## {report.month} in figures\n\n| Figure | Value |\n"
        f"| --- | --- |\n{rows}\n\n## Highlights\n\n{highlights}\n"
    )


def write_pelican(pages, reports, root: Path) -> Path:
    """Writes a Pelican project: pages as articles in categories, reports as news articles."""
    content = root / "content"
    content.mkdir(parents=True)
    for page in pages:
        (content / f"{page.slug}.md").write_text(
            f"Title: {page.title}\nDate: 2026-10-01\nCategory: {page.section}\n"
            f"Slug: {page.slug}\nSummary: {page.summary}\n\n{_plain(page.body)}",
            encoding="utf-8",
        )
    for report in reports:
        (content / f"news-{report.month}.md").write_text(
            f"Title: {report.title}\nDate: {report.published}\nCategory: News\n"
            f"Slug: news-{report.month}\n\n{report_markdown(report)}",
            encoding="utf-8",
        )
    (root / "pelicanconf.py").write_text(
        'SITENAME = "ASB Hub benchmark"\nPATH = "content"\nTIMEZONE = "Europe/London"\n'
        'DEFAULT_LANG = "en"\nFEED_ALL_ATOM = "feeds/all.atom.xml"\nDEFAULT_PAGINATION = 10\n'
        "RELATIVE_URLS = True\n",
        encoding="utf-8",
    )
    return root


def write_mkdocs(pages, reports, root: Path) -> Path:
    """Writes an MkDocs project with the default theme and its automatic navigation."""
    docs = root / "docs"
    (docs / "news").mkdir(parents=True)
    (docs / "index.md").write_text("# ASB Hub benchmark\n\nGuidance and patrol news.\n")
    for page in pages:
        (docs / f"{page.slug}.md").write_text(
            f"---\ntitle: {_quote(page.title)}\n---\n# {page.title}\n\n{_plain(page.body)}",
            encoding="utf-8",
        )
    for report in reports:
        (docs / "news" / f"{report.month}.md").write_text(
            f"# {report.title}\n\n{report_markdown(report)}", encoding="utf-8"
        )
    (root / "mkdocs.yml").write_text(
        "site_name: ASB Hub benchmark\nmarkdown_extensions:\n  - tables\n  - toc\n  - admonition\n",
        encoding="utf-8",
    )
    return root


_HUGO_BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}"></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main>
<footer><a href="/news/">Patrol news</a></footer></body></html>
"""


def write_flat(pages, reports, root: Path) -> Path:
    """Writes every page and report as one flat folder of Markdown files with a title and a date
    in their front matter: the input of the floor (../shared/bench/floor.py build --src)."""
    root.mkdir(parents=True)
    for page in pages:
        (root / f"{page.slug}.md").write_text(
            f"---\ntitle: {_quote(page.title)}\ndate: 2026-10-01\n---\n{page.body}",
            encoding="utf-8",
        )
    for report in reports:
        (root / f"news-{report.month}.md").write_text(
            f"---\ntitle: {_quote(report.title)}\ndate: {report.published}\n---\n"
            f"{report_markdown(report)}",
            encoding="utf-8",
        )
    return root


def write_hugo(pages, reports, root: Path) -> Path:
    """Writes a Hugo site with small layouts: a page, a list, the home page with every link."""
    (root / "content" / "guidance").mkdir(parents=True)
    (root / "content" / "news").mkdir(parents=True)
    for page in pages:
        (root / "content" / "guidance" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_quote(page.title)}\nsummary: {_quote(page.summary)}\n"
            f"section_name: {_quote(page.section)}\nweight: {page.order}\n"
            f"url: /{page.slug}/\ndate: 2026-10-01\n---\n{_plain(page.body)}",
            encoding="utf-8",
        )
    for report in reports:
        (root / "content" / "news" / f"{report.month}.md").write_text(
            f"---\ntitle: {_quote(report.title)}\ndate: {report.published}\n---\n"
            f"{report_markdown(report)}",
            encoding="utf-8",
        )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(_HUGO_BASE)
    (layouts / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>'
        "<nav>{{ .TableOfContents }}</nav>{{ .Content }}{{ end }}\n"
    )
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
        '{{ template "_internal/pagination.html" . }}{{ end }}\n'
    )
    (root / "layouts" / "index.html").write_text(
        '{{ define "main" }}<h1>{{ site.Title }}</h1><ul>{{ range where site.RegularPages '
        '"Section" "guidance" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
        "<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}\n"
    )
    (root / "hugo.toml").write_text(
        'baseURL = "https://asb-hub.example.org/"\ntitle = "ASB Hub benchmark"\n'
        'disableKinds = ["taxonomy", "term"]\n[pagination]\npagerSize = 10\n'
        "[markup.goldmark.renderer]\nunsafe = true\n",
        encoding="utf-8",
    )
    return root


def write_eleventy(pages, reports, root: Path) -> Path:
    """Writes an Eleventy project: Markdown with front matter, one Nunjucks layout, a news list."""
    src = root / "src"
    (src / "guidance").mkdir(parents=True)
    (src / "news").mkdir(parents=True)
    (src / "_includes").mkdir()
    (src / "_includes" / "base.njk").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>'
        '<meta name="description" content="{{ summary }}"></head><body><header><a href="/">'
        "ASB Hub</a></header><main><h1>{{ title }}</h1>{{ content | safe }}</main></body></html>\n"
    )
    for page in pages:
        (src / "guidance" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_quote(page.title)}\nsummary: {_quote(page.summary)}\n"
            f"layout: base.njk\npermalink: /{page.slug}/\ntags: guidance\n---\n"
            f"{_plain(page.body)}",
            encoding="utf-8",
        )
    for report in reports:
        (src / "news" / f"{report.month}.md").write_text(
            f"---\ntitle: {_quote(report.title)}\ndate: {report.published}\nlayout: base.njk\n"
            f"tags: news\n---\n{report_markdown(report)}",
            encoding="utf-8",
        )
    (src / "index.njk").write_text(
        "---\nlayout: base.njk\ntitle: ASB Hub\n---\n<ul>{% for p in collections.guidance %}"
        '<li><a href="{{ p.url }}">{{ p.data.title }}</a><p>{{ p.data.summary }}</p></li>'
        "{% endfor %}</ul>\n"
    )
    (src / "news.njk").write_text(
        "---\nlayout: base.njk\ntitle: Patrol news\npagination:\n  data: collections.news\n"
        '  size: 10\n  reverse: true\npermalink: "/news/{% if pagination.pageNumber > 0 %}page/'
        '{{ pagination.pageNumber + 1 }}/{% endif %}"\n---\n<ul>{% for p in pagination.items %}'
        '<li><a href="{{ p.url }}">{{ p.data.title }}</a></li>{% endfor %}</ul>\n'
    )
    return root


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic hub for the benchmark.")
    parser.add_argument("pages", type=int, help="how many guidance pages")
    parser.add_argument("folder", type=Path, help="where to write the site (replaced)")
    args = parser.parse_args()
    corpus, series = make_corpus(args.pages)
    write_hub(corpus, series, args.folder)
    print(f"Wrote {len(corpus)} guidance pages and {len(series)} reports into {args.folder}")
