"""Entity recogniser benchmark: P/R/F1 on MEANTIME's entity gold, and speed in articles per second.

MEANTIME (NewsReader, CC BY 4.0) annotates ENTITY_MENTION markables over tokens; each mention's type
(PER/ORG/LOC) comes from the ENTITY its REFERS_TO relation points at. The recogniser finds names, so
the gold kept here is the named mentions: syntactic type NAM or PRE.NAM, or no syntactic type and every
word capitalised (cross-document additions such as "Boeing"); pronouns and common-noun phrases are out.
Our kinds map to MEANTIME's: PERSON -> PER, ORG -> ORG, GPE/LOC/NORP -> LOC (MEANTIME tags "German"
as LOC). Strict: same type and same span (a leading "the" ignored). Relaxed: same type, spans overlap.

Usage: .venv/bin/python benchmarks/entities.py [--json] [MEANTIME_DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.events.entities import recognise_with_rules  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "meantime-en" / "intra_cross-doc_annotation"
KIND_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "LOC"}
TYPES = ("PER", "ORG", "LOC")
NAMED = {"NAM", "PRE.NAM"}
PRONOUNS = {"i", "we", "you", "he", "she", "it", "they", "us", "its", "his", "her", "their", "our", "who"}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "'", "%", "''", "n't", "'re", "'ve", "'ll"}
NO_SPACE_AFTER = {"(", "[", "$", "``", "US$", "AU$"}


@dataclass(frozen=True)
class Doc:
    name: str
    text: str
    gold: frozenset[tuple[int, int, str]]


def load_doc(path: Path) -> Doc:
    """The document's text (tokens joined as prose, title and date on their own lines) and named gold."""
    root = ET.parse(path).getroot()  # noqa: S314 - the team's gold files
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, prev, prev_sentence = 0, "", None
    for tok in root.iter("token"):
        word, sentence = tok.text or "", tok.get("sentence")
        if prev_sentence is not None:
            sep = "\n" if sentence != prev_sentence and int(prev_sentence) < 2 else " "
            if sep == " " and (word in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER):
                sep = ""
            parts.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        prev, prev_sentence = word, sentence
    text = "".join(parts)
    return Doc(path.stem, text, frozenset(_gold(root, offsets, text)))


def _gold(root: ET.Element, offsets: dict[str, tuple[int, int]], text: str) -> set[tuple[int, int, str]]:
    markables, relations = root.find("Markables"), root.find("Relations")
    if markables is None or relations is None:
        return set()
    types = {e.get("m_id"): e.get("ent_type") for e in markables.iter("ENTITY")}
    refers: dict[str | None, str | None] = {}
    for rel in relations.iter("REFERS_TO"):
        target = rel.find("target")
        for source in rel.iter("source"):
            refers[source.get("m_id")] = types.get(target.get("m_id") if target is not None else None)
    gold = set()
    for mention in markables.iter("ENTITY_MENTION"):
        kind = refers.get(mention.get("m_id"))
        spans = [offsets[a.get("t_id", "")] for a in mention.iter("token_anchor")]
        if kind not in TYPES or not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        start = _skip_the(text, start, end)
        if _is_named(mention.get("syntactic_type"), text[start:end]):
            gold.add((start, end, kind))
    return gold


def _skip_the(text: str, start: int, end: int) -> int:
    return start + 4 if text[start:end].lower().startswith("the ") else start


def _is_named(syntactic_type: str | None, surface: str) -> bool:
    if syntactic_type in NAMED:
        return True
    if syntactic_type:
        return False
    words = [w for w in surface.split() if w[:1].isalpha()]
    return (
        bool(words)
        and len(words) <= 6
        and all(w[0].isupper() for w in words)
        and surface.lower() not in PRONOUNS
    )


def predict(doc: Doc) -> set[tuple[int, int, str]]:
    out = set()
    for entity in recognise_with_rules(doc.text):
        kind = KIND_MAP.get(entity.kind)
        if kind:
            out.add((_skip_the(doc.text, entity.char_start, entity.char_end), entity.char_end, kind))
    return out


def score(docs: list[Doc]) -> dict[str, dict[str, float]]:
    """P/R/F1 per type and overall, strict and relaxed."""
    counts = {(mode, t): [0, 0, 0, 0] for mode in ("strict", "relaxed") for t in (*TYPES, "ALL")}
    for doc in docs:
        pred = predict(doc)
        for t in (*TYPES, "ALL"):
            p = {x for x in pred if t in ("ALL", x[2])}
            g = {x for x in doc.gold if t in ("ALL", x[2])}
            strict = len(p & g)
            _add(counts[("strict", t)], strict, strict, len(p), len(g))
            p_hit = sum(any(_overlap(x, y) for y in g) for x in p)
            g_hit = sum(any(_overlap(x, y) for x in p) for y in g)
            _add(counts[("relaxed", t)], p_hit, g_hit, len(p), len(g))
    result: dict[str, dict[str, float]] = {}
    for (mode, t), (p_hit, g_hit, n_pred, n_gold) in counts.items():
        precision = p_hit / n_pred if n_pred else 0.0
        recall = g_hit / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[f"{mode}/{t}"] = {"p": precision, "r": recall, "f1": f1, "pred": n_pred, "gold": n_gold}
    return result


def _add(acc: list[int], p_hit: int, g_hit: int, n_pred: int, n_gold: int) -> None:
    acc[0] += p_hit
    acc[1] += g_hit
    acc[2] += n_pred
    acc[3] += n_gold


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def speed(texts: list[str], rounds: int = 5) -> dict[str, float]:
    """Articles per second of the rule recogniser (best of `rounds` passes) and mean ms per article.

    Also per CPU second: the machine is shared, and wall-clock figures swing with its load.
    """
    recognise_with_rules("warm up the gazetteer")
    timings, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            recognise_with_rules(text)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(timings)
    return {
        "articles_per_s": len(texts) / best,
        "articles_per_cpu_s": len(texts) / min(cpu),
        "ms_per_article": 1000 * statistics.mean(timings) / len(texts),
        "mean_chars": statistics.mean(len(t) for t in texts),
    }


def spacy_peer(texts: list[str]) -> str:
    """The official spaCy model's speed on the same texts, when it is installed (it is not in CI)."""
    from timeline.events.spacy_adapter import load_model, model_available, recognise_with_spacy

    if not model_available():
        return "spaCy en_core_web_sm not installed: no peer figures (python -m spacy download en_core_web_sm)"
    nlp = load_model()
    start = time.perf_counter()
    for text in texts:
        recognise_with_spacy(text, nlp)
    return f"spaCy en_core_web_sm: {len(texts) / (time.perf_counter() - start):.1f} articles/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meantime_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON only")
    args = parser.parse_args()
    docs = [load_doc(p) for p in sorted(args.meantime_dir.glob("corpus_*/*.xml"))]
    scores = score(docs)
    if args.json:
        print(json.dumps(scores, indent=1))
        return
    print(f"MEANTIME named-entity gold: {len(docs)} documents, {sum(len(d.gold) for d in docs)} mentions")
    for key, s in scores.items():
        print(
            f"  {key:12} P={s['p']:.3f} R={s['r']:.3f} F1={s['f1']:.3f}  (pred {s['pred']}, gold {s['gold']})"
        )
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_data").glob("*.txt"))]
    texts = [d.text for d in docs] + samples
    for label, batch in (("MEANTIME + samples", texts), ("sample pages only", samples * 20)):
        figures = speed(batch)
        print(
            f"speed (rules, {label}): {figures['articles_per_s']:.0f} articles/s wall clock, "
            f"{figures['articles_per_cpu_s']:.0f} per CPU second, {figures['ms_per_article']:.2f} ms per "
            f"article of {figures['mean_chars']:.0f} characters on average ({len(batch)} articles)"
        )
    print(spacy_peer(texts))


if __name__ == "__main__":
    main()
