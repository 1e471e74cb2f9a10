"""Generate a large corpus of news articles from real news text, for the scale benchmark and tests.

The text comes from the sample articles and, when present, the MEANTIME Wikinews corpus in
../shared/data/meantime-en. Each generated article takes a run of one source document's
paragraphs and dresses it as a different outlet would: a date header, a dateline or a byline,
and page furniture (appeals, teasers, footers) before and after the body.

    python benchmarks/corpus.py 10000 /tmp/corpus10k [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
MEANTIME_DIR = ROOT.parent / "shared" / "data" / "meantime-en"
#: Files per sub-folder, so that 100k articles do not land in one directory.
FILES_PER_FOLDER = 1000

_HEADER_DATE = re.compile(r"date (?P<date>\d{4}-\d{2}-\d{2})")
_NO_SPACE_BEFORE = re.compile(r" (?P<tok>[,.;:!?%)\]]|'s|n't|'re|'ll|'ve|'d|'m)(?= |$)")
_NO_SPACE_AFTER = re.compile(r"(?P<tok>[(\[$]) ")


@dataclass(frozen=True)
class SourceDoc:
    """One real news document: its title, body paragraphs and publication date."""

    title: str
    paragraphs: tuple[str, ...]
    published: date


@dataclass(frozen=True)
class Outlet:
    """How one outlet dresses an article: furniture lines and where its date goes."""

    name: str
    date_style: str  # header | dateline | byline
    header: tuple[str, ...]
    footer: tuple[str, ...]


OUTLETS = (
    Outlet("The Moscow Times", "header", ("Support The Moscow Times!", "Contribute today"),
           ("Read more about: {topic}", "Sign up for our free weekly newsletter")),
    Outlet("Space War", "dateline", ("Russian News", "MILPLEX"),
           ("Thanks for being here;", "By using our websites you consent to cookie based advertising.")),
    Outlet("The Hill", "byline", ("trending:", "sponsored:", "Just In..."),
           ("Most Popular", "Load more", "Video")),
    Outlet("Reuters", "dateline", ("Skip to main content",),
           ("Our Standards: The Thomson Reuters Trust Principles.",)),
    Outlet("Wikinews", "header", ("From Wikinews, the free news source you can write!",),
           ("Sources", "This article is licensed under CC BY 2.5.")),
    Outlet("Daily Ledger", "byline", ("Subscribe now and save 50%", "Log in"),
           ("Related: {topic}", "Share this article", "© Daily Ledger")),
)  # fmt: skip
CITIES = ("MOSCOW", "BEIJING", "WASHINGTON", "DETROIT", "LONDON", "PARIS", "TOKYO", "BERLIN")
AGENCIES = ("AFP", "AP", "Reuters", "Staff")


def _paragraphs(text: str) -> list[str]:
    """Body-like paragraphs of a plain-text article: long lines that end a sentence."""
    lines = (line.strip() for line in text.splitlines())
    return [p for p in lines if len(p) >= 80 and p[-1] in '.!?"”’']


def sample_docs(folder: Path = SAMPLE_DIR) -> list[SourceDoc]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = _HEADER_DATE.search(text[:200])
        published = date.fromisoformat(found["date"]) if found else date(2025, 2, 28)
        paragraphs = _paragraphs(text)
        if len(paragraphs) >= 2:
            docs.append(SourceDoc(paragraphs[0][:80], tuple(paragraphs), published))
    return docs


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\g<tok>", text)
    return _NO_SPACE_AFTER.sub(r"\g<tok>", text).replace("`` ", '"').replace(" ''", '"')


def meantime_docs(folder: Path = MEANTIME_DIR) -> list[SourceDoc]:
    """MEANTIME documents: sentence 0 is the title, 1 the date line, the rest the body."""
    docs = []
    for path in sorted(folder.rglob("*.xml")):
        root = ET.parse(path).getroot()  # noqa: S314 - the team's own corpus files
        sentences: dict[int, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
        dct = next(
            (
                t.get("value", "")
                for t in root.iter("TIMEX3")
                if t.get("functionInDocument") == "CREATION_TIME"
            ),
            "",
        )
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct) or len(sentences) < 4:
            continue
        ordered = [_detokenize(sentences[k]) for k in sorted(sentences)]
        body = tuple(" ".join(ordered[i : i + 2]) for i in range(2, len(ordered), 2))
        docs.append(SourceDoc(ordered[0], body, date.fromisoformat(dct)))
    return docs


def render(doc: SourceDoc, outlet: Outlet, rng: random.Random, serial: int) -> str:
    """One article: furniture, title, the outlet's date line, a run of paragraphs, furniture."""
    published = doc.published + timedelta(days=rng.randint(0, 2))
    first = rng.randrange(max(1, len(doc.paragraphs) - 1))
    body = list(doc.paragraphs[first : first + rng.randint(2, 8)])
    if rng.random() < 0.5:  # half the outlets separate paragraphs with a blank line
        body = [line for paragraph in body for line in (paragraph, "")][:-1]
    topic = " , ".join(w for w in doc.title.split()[:3] if w[:1].isupper()) or "News"
    agency = rng.choice(AGENCIES)
    lines = list(outlet.header)
    if outlet.date_style == "header":
        lines[0] = f" date {published.isoformat()} {lines[0]}"
    lines += ["", doc.title, ""]
    if outlet.date_style == "dateline":
        lines += [
            f"by {agency} Staff Writers",
            f"{rng.choice(CITIES).title()} ({agency}) {published:%b %d, %Y}",
            "",
        ]
        lines += body
    elif outlet.date_style == "byline":
        lines += [
            f"by {agency} - {published:%m/%d/%y} {rng.randint(1, 12)}:{rng.randint(0, 59):02d} AM ET",
            "",
        ]
        lines += body
    else:
        lines += [f"By {agency}", ""]
        lines += body
    lines += ["", *(f.format(topic=topic) for f in outlet.footer), f"Story ID {serial:07d}"]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 0, docs: list[SourceDoc] | None = None) -> list[Path]:
    """Write `n` articles below `out` (sub-folders of FILES_PER_FOLDER) and return their paths."""
    rng = random.Random(seed)
    docs = docs if docs is not None else sample_docs() + (meantime_docs() if MEANTIME_DIR.exists() else [])
    if not docs:
        raise SystemExit(f"no source text found in {SAMPLE_DIR} or {MEANTIME_DIR}")
    paths = []
    for i in range(n):
        folder = out / f"{i // FILES_PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:07d}.txt"
        path.write_text(render(rng.choice(docs), rng.choice(OUTLETS), rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, nargs="?", default=200, help="how many articles (default 200)")
    parser.add_argument("out", type=Path, nargs="?", default=Path("/tmp/news-timeline-corpus"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    docs = sample_docs() + (meantime_docs() if MEANTIME_DIR.exists() else [])
    paths = generate(args.n, args.out, args.seed, docs)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles from {len(docs)} source documents in {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
