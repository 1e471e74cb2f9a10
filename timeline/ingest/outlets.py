"""The outlet and news-agency gazetteer: recognising who published or wrote a page.

An agency (AFP, AP, Reuters...) says who wrote a story; an outlet (The Moscow Times,
The Hill...) who published it. Both come from resources/outlets.toml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from timeline.ingest.rules import load_toml


@dataclass(frozen=True)
class Outlet:
    """One gazetteer entry."""

    name: str
    agency: bool
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    """All outlets, one alias regex and a domain index."""

    outlets: tuple[Outlet, ...]
    alias_pattern: re.Pattern[str]
    by_alias: dict[str, Outlet]
    by_domain: dict[str, Outlet]

    def find_all(self, text: str) -> list[Outlet]:
        """Every outlet named in the text (by alias or domain), in order of appearance."""
        return [
            self.by_alias[(m.group("name") or m.group("domain")).lower()]
            for m in self.alias_pattern.finditer(text)
        ]

    def lookup(self, name: str) -> Outlet | None:
        """The outlet a name, alias or domain stands for, if known."""
        key = name.strip().lower()
        return self.by_alias.get(key) or self.from_url(key)

    def from_url(self, url: str) -> Outlet | None:
        """The outlet whose domain hosts the URL (subdomains included)."""
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        parts = host.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            hit = self.by_domain.get(".".join(parts[i:]))
            if hit:
                return hit
        return None


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer loaded from resources/outlets.toml (cached)."""
    outlets = tuple(
        Outlet(
            name=str(raw["name"]),
            agency=bool(raw.get("agency", False)),
            aliases=tuple(raw.get("aliases", ())),
            domains=tuple(raw.get("domains", ())),
            examples=tuple(raw.get("examples", ())),
        )
        for raw in load_toml("outlets.toml")["outlet"]
    )
    by_alias: dict[str, Outlet] = {}
    for outlet in outlets:
        for key in (outlet.name, *outlet.aliases, *outlet.domains):
            by_alias.setdefault(key.lower(), outlet)
    by_domain = {d.lower(): o for o in outlets for d in o.domains}
    names = sorted({a for o in outlets for a in (o.name, *o.aliases)}, key=len, reverse=True)
    domains = sorted(by_domain, key=len, reverse=True)
    # Names are case-sensitive ("AP", not "ap"); domains are not. A domain is found after any dot
    # ("www.reuters.com" finds "reuters.com"): no subdomain prefix is matched, as `(?:[\w-]+\.)*`
    # before it made "a.a.a.a..." lines quadratic. `(?=\w)` skips the alternation at punctuation
    # and spaces (every name and domain starts with a letter or digit): 15x faster on such runs.
    alias_pattern = re.compile(
        r"(?<![\w.-])(?=\w)(?P<name>" + "|".join(map(re.escape, names)) + r")(?![\w-])"
        r"|(?<![\w-])(?=\w)(?P<domain>(?i:" + "|".join(map(re.escape, domains)) + r"))(?![\w-])"
    )
    return Gazetteer(outlets, alias_pattern, by_alias, by_domain)


def agency_in(text: str) -> str | None:
    """The first news agency named in a byline or dateline."""
    return next((o.name for o in gazetteer().find_all(text) if o.agency), None)


def outlet_in(texts: list[str]) -> str | None:
    """The publishing outlet most often named in a page's furniture (agencies only as a last resort)."""
    found = [o for text in texts for o in gazetteer().find_all(text)]
    publishers = Counter(o.name for o in found if not o.agency)
    if publishers:
        return publishers.most_common(1)[0][0]
    return None


# "Copyright 2023 The Capitol Courier All Rights Reserved", "(c) The Albion Chronicle 2023."
_COPYRIGHT_HOLDER = re.compile(
    r"(?i:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?"
    r"(?P<holder>[A-Z][\w&'’.-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w&'’.-]*){0,5})"
)
#: Words that end a copyright line without naming anyone ("All Rights Reserved", "Ltd").
_HOLDER_TAIL_WORDS = frozenset(
    {"all", "rights", "reserved", "inc", "ltd", "llc", "limited", "corp", "plc", "registered", "charity"}
)


def copyright_holder(text: str) -> str | None:
    """Who a copyright line names as the owner, without "All Rights Reserved" or "Ltd"; None when
    it names an agency (a wire story's copyright is the agency's, the page the outlet's)."""
    match = _COPYRIGHT_HOLDER.search(text)
    if match is None:
        return None
    words = match.group("holder").split()
    while words and words[-1].strip(".,").lower() in _HOLDER_TAIL_WORDS:
        words.pop()
    holder = " ".join(words).strip(" .")
    known = gazetteer().lookup(holder)
    if known is not None:
        return None if known.agency else known.name
    return holder or None


def outlet_name(masthead: str) -> str:
    """An unknown masthead as an outlet's name: ALL CAPS in title case ("THE LONG VIEW")."""
    return masthead.title() if masthead.isupper() and " " in masthead else masthead
