"""Evaluate event mention detection and cross-document merging on the MEANTIME gold annotation.

MEANTIME (120 English Wikinews articles, ../shared/data/meantime-en) annotates every event
mention (EVENT_MENTION over token anchors), its class (grammatical, speech-cognitive, other) and,
through REFERS_TO relations to EVENT instances, which mentions across documents are the same
event. The corpus ships tokens only, so each document's text is rebuilt from its tokens and every
token keeps its character span in that text; the creation time becomes the publication date.

Two figures, honestly framed:
- mention detection P/R/F1: a predicted mention (not a dated statement) is correct when its
  trigger overlaps a gold mention's tokens. MEANTIME marks every predicate ("believed", "worth",
  "has"), while the pipeline reports dated, news-worthy events only, so recall is low by design;
- B³ precision/recall/F1 of the cross-document merge over the gold mentions the pipeline detected
  and placed in an event: system clusters are the merged events, gold clusters the instances.

    python benchmarks/events_eval.py [MEANTIME_DIR]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the library importable without installing it
    sys.path.insert(0, str(ROOT))

from timeline.model import Article, PublishedHow  # noqa: E402
from timeline.pipeline import ArticleResult, assemble_timeline, extract_article  # noqa: E402
from timeline.settings import Settings  # noqa: E402

MEANTIME_DIR = ROOT.parent / "shared" / "data" / "meantime-en"
FLOORS_PATH = Path(__file__).with_name("events_floors.json")
#: Floors are pinned this fraction of the measured value (3% under: run-to-run noise is nil, code drifts).
PIN_MARGIN = 0.97

#: Tokens written without a space before them (punctuation, clitics, closing quotes).
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "...", "''", "'", "”", "’"}
    | {"'s", "n't", "'re", "'ll", "'ve", "'d", "'m"}
)
#: Tokens written without a space after them (opening brackets, quotes, currency signs).
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "`", "“", "$", "US$", "CA$", "AU$", "£", "€", "#"})
_RENDER = {"``": "“", "''": "”", "`": "‘"}
#: Gold subsets reported next to the whole set: what our triggers aim at.
SUBSETS: dict[str, frozenset[str] | None] = {
    "all": None,
    "non-grammatical": frozenset({"OTHER", "SPEECH_COGNITIVE"}),
    "other": frozenset({"OTHER"}),
}


@dataclass(frozen=True)
class GoldMention:
    """One annotated event mention: its character spans, class and cross-document cluster."""

    doc_id: str
    m_id: str
    spans: tuple[tuple[int, int], ...]
    text: str
    cls: str
    cluster: str


@dataclass(frozen=True)
class GoldDoc:
    """A MEANTIME document as an Article plus its gold event mentions."""

    article: Article
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    correct_predicted: int
    predicted: int
    found_gold: int
    gold: int


_QUOTE = '"'


def _separator(token: str, previous: str | None, *, new_line: str, quote_closes: bool) -> str:
    """What goes between the previous token and this one."""
    if previous is None:
        return ""
    if new_line:
        return new_line
    glued = token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER
    # A straight quote glues to the word after it when it opens and to the word before when it closes.
    glued = glued or (token == _QUOTE and quote_closes) or (previous == _QUOTE and not quote_closes)
    return "" if glued else " "


def detokenize(tokens: Sequence[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild text from (token, sentence) pairs; returns the text and each token's span.

    Sentence 0 (the title) and 1 (the date line) get lines of their own, the body one paragraph.
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    previous: str | None = None
    previous_sentence = -1
    quote_open = False
    for raw, sentence in tokens:
        token = html.unescape(raw)
        shown = _RENDER.get(token, token)
        new_line = ""
        if sentence != previous_sentence and 0 <= previous_sentence <= 1:
            new_line = "\n\n" if previous_sentence == 1 else "\n"
        # After an opening quote the quote is "open"; a quote token while open closes it.
        quote_closes = quote_open if token == _QUOTE else not quote_open
        sep = _separator(token, previous, new_line=new_line, quote_closes=quote_closes)
        if token == _QUOTE:
            quote_open = not quote_open
        parts.append(sep + shown)
        length += len(sep)
        spans.append((length, length + len(shown)))
        length += len(shown)
        previous, previous_sentence = token, sentence
    return "".join(parts), spans


def _creation_date(root: ET.Element, text: str) -> date | None:
    """The CREATION_TIME TIMEX3 when it is an ISO date, else the date line ("September 01, 2007")."""
    for timex in root.iter("TIMEX3"):
        value = timex.get("value", "")
        if timex.get("functionInDocument") == "CREATION_TIME" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    lines = text.split("\n")
    dateline = re.sub(r"\s+,", ",", lines[1]).strip() if len(lines) > 1 else ""
    try:
        return datetime.strptime(dateline, "%B %d, %Y").date()
    except ValueError:
        return None


def _event_links(root: ET.Element) -> dict[str, tuple[str, str]]:
    """Mention m_id -> (class, cluster key) from REFERS_TO relations to EVENT instances."""
    doc_id = root.get("doc_id", "")
    events = {
        e.get("m_id", ""): (e.get("class", "UNKNOWN"), e.get("instance_id") or f"{doc_id}:e{e.get('m_id')}")
        for e in root.iter("EVENT")
    }
    links: dict[str, tuple[str, str]] = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        key = target.get("m_id", "") if target is not None else ""
        if key not in events:
            continue  # entity coreference
        for source in rel.iter("source"):
            links[source.get("m_id", "")] = events[key]
    return links


def load_document(path: Path) -> GoldDoc:
    """One MEANTIME XML file as an Article (text rebuilt from tokens) and its gold mentions."""
    root = ET.parse(path).getroot()  # noqa: S314 - the team's own corpus files, not user input
    doc_id = root.get("doc_id", path.stem)
    tokens = [(t.text or "", int(t.get("sentence", "0"))) for t in root.iter("token")]
    ids = [t.get("t_id", "") for t in root.iter("token")]
    text, spans = detokenize(tokens)
    by_tid = dict(zip(ids, spans, strict=True))
    links = _event_links(root)
    mentions = []
    for markable in root.iter("EVENT_MENTION"):
        m_id = markable.get("m_id", "")
        anchors = tuple(by_tid[a.get("t_id", "")] for a in markable.iter("token_anchor"))
        if not anchors:
            continue
        cls, cluster = links.get(m_id, ("UNKNOWN", f"{doc_id}:m{m_id}"))
        surface = " ".join(text[s:e] for s, e in anchors)
        mentions.append(GoldMention(doc_id, m_id, anchors, surface, cls, cluster))
    title = text.split("\n", 1)[0]
    article = Article(
        id=f"meantime-{doc_id}",
        text=text,
        source_path=str(path),
        url=root.get("url"),
        outlet="Wikinews",
        title=title,
        published=_creation_date(root, text),
        published_how=PublishedHow.HEADER,
    )
    return GoldDoc(article, tuple(mentions))


def load_corpus(folder: Path = MEANTIME_DIR) -> list[GoldDoc]:
    """Every document of the cross-document annotation, in a stable order."""
    paths = sorted((folder / "intra_cross-doc_annotation").glob("corpus_*/*.xml"))
    return [load_document(p) for p in paths]


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _prf(correct_predicted: int, predicted: int, found_gold: int, gold: int) -> Scores:
    precision = correct_predicted / predicted if predicted else 0.0
    recall = found_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, correct_predicted, predicted, found_gold, gold)


def b_cubed(system: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall, F1 of a clustering of items (item -> cluster key) against the gold one."""
    items = [i for i in system if i in gold]
    if not items:
        return 0.0, 0.0, 0.0
    sys_members: dict[str, set[str]] = {}
    gold_members: dict[str, set[str]] = {}
    for item in items:
        sys_members.setdefault(system[item], set()).add(item)
        gold_members.setdefault(gold[item], set()).add(item)
    precision = recall = 0.0
    for item in items:
        ours, theirs = sys_members[system[item]], gold_members[gold[item]]
        shared = len(ours & theirs)
        precision += shared / len(ours)
        recall += shared / len(theirs)
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cross_document_pairs(system: Mapping[str, str], gold: Mapping[str, str]) -> tuple[int, int, int]:
    """Pairs of items from different documents put together: (by the gold, by us, by both).

    Items are "doc:mention"; B³ over mostly-singleton clusters says little, these counts say how
    many cross-document links there were to find and how many the merge found.
    """

    def pairs(clusters: Mapping[str, str]) -> set[tuple[str, str]]:
        members: dict[str, list[str]] = {}
        for item, key in clusters.items():
            members.setdefault(key, []).append(item)
        return {
            (a, b)
            for group in members.values()
            for a in group
            for b in group
            if a < b and a.split(":", 1)[0] != b.split(":", 1)[0]
        }

    ours, theirs = pairs(system), pairs(gold)
    return len(theirs), len(ours), len(ours & theirs)


@dataclass(frozen=True)
class Evaluation:
    """Every figure of one run over the corpus."""

    mentions: dict[str, Scores]
    merge: tuple[float, float, float]
    singletons: tuple[float, float, float]
    merge_items: int
    pairs: tuple[int, int, int]
    gold_pairs_all: int
    gold_clusters: int
    system_clusters: int
    dated_statements: int
    lexicon_coverage: float
    articles: int
    seconds: float

    def metrics(self) -> dict[str, float]:
        """The flat figures the floors file pins."""
        flat = {}
        for subset, scores in self.mentions.items():
            flat[f"mention_{subset}_precision"] = scores.precision
            flat[f"mention_{subset}_recall"] = scores.recall
            flat[f"mention_{subset}_f1"] = scores.f1
        flat["merge_b3_precision"], flat["merge_b3_recall"], flat["merge_b3_f1"] = self.merge
        flat["merge_items"] = float(self.merge_items)
        return flat


def run_pipeline(docs: Sequence[GoldDoc], settings: Settings) -> list[ArticleResult]:
    """Per-article extraction of every document (sentences, dates, mentions)."""
    return [extract_article(doc.article, settings) for doc in docs]


def _mention_scores(results: Sequence[ArticleResult], docs: Sequence[GoldDoc]) -> dict[str, Scores]:
    """Overlap-based P/R/F1 of event triggers (dated statements excluded) for each gold subset."""
    gold_by_article = {d.article.id: d.mentions for d in docs}
    triggers = {
        (m.article_id, m.trigger_start, m.trigger_end)
        for r in results
        for m in r.mentions
        if m.event_type != "dated-statement"
    }
    scores = {}
    for subset, classes in SUBSETS.items():
        gold = {
            aid: [g for g in ms if classes is None or g.cls in classes] for aid, ms in gold_by_article.items()
        }
        correct = sum(any(_overlaps(s, e, g.spans) for g in gold.get(aid, ())) for aid, s, e in triggers)
        found = sum(
            any(aid == g_aid and _overlaps(s, e, g.spans) for g_aid, s, e in triggers)
            for aid, ms in gold.items()
            for g in ms
        )
        total = sum(len(ms) for ms in gold.values())
        scores[subset] = _prf(correct, len(triggers), found, total)
    return scores


def _merge_clusters(
    results: Sequence[ArticleResult], docs: Sequence[GoldDoc], settings: Settings
) -> tuple[dict[str, str], dict[str, str]]:
    """System and gold cluster of every gold mention that a mention placed in an event overlaps."""
    timeline = assemble_timeline(results, (), settings)
    event_of = {m.id: e.id for e in timeline.events for m in e.mentions}
    placed: dict[str, list[tuple[int, int, str]]] = {}
    for result in results:
        for m in result.mentions:
            if m.id in event_of and m.event_type != "dated-statement":
                placed.setdefault(m.article_id, []).append((m.trigger_start, m.trigger_end, event_of[m.id]))
    system: dict[str, str] = {}
    gold: dict[str, str] = {}
    for doc in docs:
        for g in doc.mentions:
            hits = sorted(h for h in placed.get(doc.article.id, ()) if _overlaps(h[0], h[1], g.spans))
            if hits:
                item = f"{g.doc_id}:{g.m_id}"
                system[item], gold[item] = hits[0][2], g.cluster
    return system, gold


def _lexicon_coverage(docs: Sequence[GoldDoc]) -> float:
    """Share of gold "other" mentions whose own words contain a trigger of our lexicon."""
    from timeline.events.lexicon import load_lexicon

    lexicon = load_lexicon()
    others = [g for d in docs for g in d.mentions if g.cls == "OTHER"]
    covered = sum(bool(lexicon.find_triggers(g.text)) for g in others)
    return covered / len(others) if others else 0.0


def evaluate(docs: Sequence[GoldDoc], settings: Settings | None = None) -> Evaluation:
    """Run the pipeline on the documents and score mentions and the merge against the gold."""
    settings = settings or Settings()
    began = time.perf_counter()
    results = run_pipeline(docs, settings)
    system, gold = _merge_clusters(results, docs, settings)
    seconds = time.perf_counter() - began
    return Evaluation(
        mentions=_mention_scores(results, docs),
        merge=b_cubed(system, gold),
        singletons=b_cubed({item: item for item in system}, gold),
        merge_items=len(system),
        pairs=cross_document_pairs(system, gold),
        gold_pairs_all=cross_document_pairs(
            {}, {f"{g.doc_id}:{g.m_id}": g.cluster for d in docs for g in d.mentions}
        )[0],
        gold_clusters=len(set(gold.values())),
        system_clusters=len(set(system.values())),
        dated_statements=sum(m.event_type == "dated-statement" for r in results for m in r.mentions),
        lexicon_coverage=_lexicon_coverage(docs),
        articles=len(docs),
        seconds=seconds,
    )


def format_table(ev: Evaluation) -> str:
    """The figures as a plain-text table."""
    rows = [
        f"MEANTIME: {ev.articles} articles, pipeline + merge in {ev.seconds:.1f} s "
        f"({ev.articles / ev.seconds:.0f} articles/s)",
        "",
        f"{'mention detection':<26}{'P':>7}{'R':>7}{'F1':>7}   predicted-correct/predicted  found/gold",
    ]
    for subset, s in ev.mentions.items():
        rows.append(
            f"  gold = {subset:<17}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
            f"   {s.correct_predicted:>5}/{s.predicted:<5}               {s.found_gold:>5}/{s.gold}"
        )
    rows += [
        f"  (dated statements, not scored: {ev.dated_statements}; gold 'other' mentions whose words "
        f"hold a lexicon trigger: {ev.lexicon_coverage:.1%})",
        "",
        f"{'cross-document merge B³':<26}{'P':>7}{'R':>7}{'F1':>7}",
        f"  {'merged events':<24}{ev.merge[0]:7.3f}{ev.merge[1]:7.3f}{ev.merge[2]:7.3f}",
        f"  {'all singletons':<24}{ev.singletons[0]:7.3f}{ev.singletons[1]:7.3f}{ev.singletons[2]:7.3f}",
        f"  over {ev.merge_items} detected gold mentions placed in events: "
        f"{ev.gold_clusters} gold instances, {ev.system_clusters} system events",
        f"  cross-document pairs among them: {ev.pairs[0]} in the gold, {ev.pairs[1]} merged by us, "
        f"{ev.pairs[2]} in both (the whole gold holds {ev.gold_pairs_all})",
    ]
    return "\n".join(rows)


def check_floors(metrics: Mapping[str, float], floors: Mapping[str, float]) -> list[str]:
    """The floors a run falls under, as messages (empty when every floor holds)."""
    return [
        f"{name} = {metrics.get(name, 0.0):.4f} is under its floor {floor:.4f}"
        for name, floor in floors.items()
        if metrics.get(name, 0.0) < floor
    ]


def pin_floors(metrics: Mapping[str, float], *, allow_lower: bool = False) -> list[str]:
    """Write the measured values and floors 3% (relative) under them; refuse to lower a floor."""
    data = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    old = data.get("floors", {})
    new = {
        k: round(v * PIN_MARGIN, 3) if not k.endswith("_items") else float(int(v * PIN_MARGIN))
        for k, v in metrics.items()
    }
    lowered = [f"{k}: {old[k]} -> {v}" for k, v in new.items() if k in old and v < old[k]]
    if lowered and not allow_lower:
        return lowered
    data["measured"] = {k: round(v, 4) for k, v in metrics.items()}
    data["floors"] = new
    FLOORS_PATH.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, nargs="?", default=MEANTIME_DIR)
    parser.add_argument("--pin", action="store_true", help="write the floors 3%% under this run's values")
    parser.add_argument("--allow-lower", action="store_true", help="with --pin: accept lower floors")
    args = parser.parse_args(argv)
    if not args.folder.exists():
        print(f"MEANTIME not found at {args.folder}: pass its folder as the first argument")
        return 2
    evaluation = evaluate(load_corpus(args.folder))
    print(format_table(evaluation))
    if args.pin:
        lowered = pin_floors(evaluation.metrics(), allow_lower=args.allow_lower)
        print(
            "\nrefused to lower floors (use --allow-lower and say why): " + "; ".join(lowered)
            if lowered
            else f"\nfloors pinned in {FLOORS_PATH.name}"
        )
        return 1 if lowered else 0
    failures = check_floors(evaluation.metrics(), json.loads(FLOORS_PATH.read_text())["floors"])
    print("\nfloors: " + ("; ".join(failures) if failures else "all hold"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
