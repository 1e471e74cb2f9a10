# ruff: noqa: E501  (long lines of article prose and page markup are test data, kept whole)
"""HTML test pages built by code: real article text in several site templates, with known dates and furniture.

Used by the HTML corpus test and by benchmarks/ingest.py. Each page knows its stated
date, its article paragraphs and the furniture strings the template added around them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

STORIES: list[tuple[str, list[str]]] = [
    (
        "Russia's Shoigu to visit China next week",
        [
            "The secretary of Russia's Security Council Sergei Shoigu will visit China next week for talks with top "
            "Chinese officials, Russian state news agencies reported.",
            "Moscow and Beijing have deepened military and defense ties since Russia ordered troops into Ukraine nearly "
            "three years ago, with Chinese President Xi Jinping one of Vladimir Putin's most important allies.",
            "The pair will discuss current problems of international and regional security, as well as a wide range of "
            "topics on bilateral cooperation, the Security Council said in a statement cited by state media.",
        ],
    ),
    (
        "Security chief lands in Beijing for one-day visit",
        [
            "Top Russian security official Sergei Shoigu landed in Beijing on Friday, Russian news agencies reported, "
            "for a flying visit to meet China's top leadership.",
            "Shoigu's trip comes days after Xi spoke with his Russian counterpart, with the Chinese leader hailing "
            "Moscow's positive efforts to defuse the Ukraine crisis.",
            "Beijing remains a close political and economic partner of Moscow and has never condemned Russia's actions, "
            "leading some NATO members to brand Beijing an enabler of the conflict.",
        ],
    ),
    (
        "China defense minister to meet Russian counterpart in Moscow",
        [
            "Chinese Defense Minister Gen. Li Shangfu will visit Russia next week for meetings with counterpart Sergei "
            "Shoigu and other military officials, China's Defense Ministry said Friday.",
            "Li will also visit Russia's military academy during his trip, Defense Ministry spokesperson Col. Tan Kefei "
            "said in a statement released to reporters in the capital.",
            "The trip follows an official visit to Moscow last month by Xi that emphasized how China is increasingly "
            "becoming the senior partner in the relationship with its northern neighbour.",
            "An aerospace engineer by training, Li is under U.S. sanctions over Chinese purchases of Russian fighter "
            "jets and air defense missiles, and was appointed minister in March.",
        ],
    ),
    (
        "Harbour authority approves expansion of container terminal",
        [
            "The city's harbour authority on Tuesday approved a long-debated expansion of the northern container "
            "terminal, ending two years of hearings and legal challenges by residents.",
            "Construction is expected to begin in the spring and to double the terminal's capacity by the end of the "
            "decade, the authority's chair told a news conference after the vote.",
            "Environmental groups said they would study the decision and did not rule out a new appeal, arguing that "
            "dredging would harm the estuary's fish stocks and wetlands.",
        ],
    ),
    (
        "Central bank holds rates steady as inflation eases",
        [
            "The central bank left its benchmark interest rate unchanged on Thursday, saying inflation had eased more "
            "quickly than expected over the summer months.",
            "Policymakers voted seven to two to hold the rate, with the two dissenters favouring a cut of a quarter "
            "point, according to minutes published alongside the decision.",
            "Markets had largely priced in the pause, and the currency was little changed in afternoon trading as "
            "investors turned their attention to next month's employment figures.",
        ],
    ),
]

NAV = ["Home", "World", "Politics", "Business", "Opinion", "Sport"]
COOKIE = "We use cookies to personalise content and ads and to analyse our traffic."
RELATED = [
    "Kremlin says talks with Beijing went well",
    "Five things to know about the summit",
    "Opinion: what the visit means for Europe",
]
FOOTER = "© 2024 Example News Group. All rights reserved."
NEWSLETTER = "Sign up for our daily briefing newsletter"


@dataclass(frozen=True)
class Page:
    """One generated page and what ingestion must recover from it."""

    name: str
    html: str
    url: str | None
    published: date
    title: str
    paragraphs: tuple[str, ...]
    furniture: tuple[str, ...]


def _paras(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _nav() -> str:
    return "<nav><ul>" + "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV) + "</ul></nav>"


def _related(heading: str) -> str:
    items = "".join(f'<li><a href="/r{i}">{html.escape(t)}</a></li>' for i, t in enumerate(RELATED))
    return f'<aside class="related"><h3>{heading}</h3><ul>{items}</ul></aside>'


def t_meta(title: str, paras: list[str], day: date) -> tuple[str, str | None]:
    """A news site: Open Graph dates (published and a later modified), nav, cookie banner, related, footer."""
    later = day + timedelta(days=3)
    return (
        f"""<!DOCTYPE html><html lang="en"><head><title>{html.escape(title)} | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="{day.isoformat()}T08:30:00Z">
<meta property="article:modified_time" content="{later.isoformat()}T09:00:00Z"></head>
<body><header>{_nav()}</header><div class="cookie-banner"><p>{COOKIE}</p><button>Accept all</button></div>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By Jane Doe</p>{_paras(paras)}</article>
{_related("Related stories")}</main><footer><p>{FOOTER}</p></footer></body></html>""",
        None,
    )


def t_jsonld(title: str, paras: list[str], day: date) -> tuple[str, str | None]:
    """A site whose date is only in JSON-LD, with a newsletter box and a most-read list."""
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"{day.isoformat()}T10:00:00+00:00",
            "author": {"name": "John Smith"},
        }
    )
    return (
        f"""<html><head><title>{html.escape(title)}</title><script type="application/ld+json">{ld}</script></head>
<body><div id="menu">{_nav()}</div><div class="content"><h1>{html.escape(title)}</h1>
<div class="article-body">{_paras(paras)}</div>
<div class="newsletter"><h4>{NEWSLETTER}</h4><form><input name="email"><button>Subscribe</button></form></div>
</div><div class="sidebar">{_related("Most read")}</div><div class="footer">{FOOTER}</div></body></html>""",
        None,
    )


def t_time(title: str, paras: list[str], day: date) -> tuple[str, str | None]:
    """A blog-like template: the date only in a <time datetime> element."""
    return (
        f"""<html><head><title>{html.escape(title)}</title></head><body>{_nav()}
<div class="post"><h2 class="entry-title">{html.escape(title)}</h2>
<time class="entry-date published" datetime="{day.isoformat()}">{day:%B %d, %Y}</time>
<div class="entry-content">{_paras(paras)}</div></div>
<div class="widget">{_related("You may also like")}</div><p class="copyright">{FOOTER}</p></body></html>""",
        None,
    )


def t_url(title: str, paras: list[str], day: date) -> tuple[str, str | None]:
    """No date markup at all: the date is only in the page's URL."""
    url = f"https://news.example.org/{day:%Y/%m/%d}/story-{abs(hash(title)) % 1000}.html"
    return (
        f"""<html><head><title>{html.escape(title)}</title></head><body>
<div class="cookie"><p>{COOKIE}</p></div>{_nav()}<article><h1>{html.escape(title)}</h1>{_paras(paras)}</article>
{_related("Read more")}<footer>{FOOTER}</footer></body></html>""",
        url,
    )


def t_meta_name(title: str, paras: list[str], day: date) -> tuple[str, str | None]:
    """An older CMS: <meta name="date"> and a table layout with a left-hand menu."""
    return (
        f"""<html><head><meta name="date" content="{day.isoformat()}"><title>{html.escape(title)}</title></head>
<body><table><tr><td class="menu">{_nav()}</td><td class="main"><h1>{html.escape(title)}</h1>
<div id="story">{_paras(paras)}</div></td><td>{_related("Related")}</td></tr></table>
<div class="foot">{FOOTER}</div></body></html>""",
        None,
    )


def t_itemprop(title: str, paras: list[str], day: date) -> tuple[str, str | None]:
    """Microdata: itemprop="datePublished" on a <meta>, with share buttons and a footer."""
    return (
        f"""<html><head><title>{html.escape(title)}</title></head><body>{_nav()}
<div itemscope itemtype="https://schema.org/NewsArticle"><meta itemprop="datePublished" content="{day.isoformat()}">
<h1 itemprop="headline">{html.escape(title)}</h1><div class="share"><a>Share this article</a></div>
<div itemprop="articleBody">{_paras(paras)}</div></div>{_related("Trending")}<footer>{FOOTER}</footer>
</body></html>""",
        None,
    )


TEMPLATES: dict[str, Callable[[str, list[str], date], tuple[str, str | None]]] = {
    "meta": t_meta,
    "jsonld": t_jsonld,
    "time": t_time,
    "url": t_url,
    "meta-name": t_meta_name,
    "itemprop": t_itemprop,
}
FURNITURE = (*NAV[1:], COOKIE, *RELATED, FOOTER)


def build_pages(count: int, start: date = date(2023, 4, 14)) -> list[Page]:
    """`count` pages cycling through templates and stories, each with its own date."""
    pages: list[Page] = []
    names = list(TEMPLATES)
    for i in range(count):
        template = names[i % len(names)]
        title, paras = STORIES[(i // len(names)) % len(STORIES)]
        day = start + timedelta(days=37 * i % 700)
        markup, url = TEMPLATES[template](title, paras, day)
        pages.append(Page(f"{template}-{i:05d}.html", markup, url, day, title, tuple(paras), FURNITURE))
    return pages
