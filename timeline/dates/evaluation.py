"""TempEval-3-style scoring of time expressions against TIMEX3 gold in MEANTIME (NAF-like) XML.

Reads one document's tokens (rebuilt into text with character offsets) and its
TIMEX3 markables; the document creation time (DCT) is the anchor and is left out
of the scores. Span scores are strict (same tokens) and relaxed (any shared
token); type accuracy and value F1 are computed on relaxed matches (TempEval-3).
A range is scored through its parts, because TimeML annotates each end alone.
MEANTIME annotates time expressions only in the first sentences of each article
(title, date line and the first four sentences of the body: sentences 0-5), so
system expressions after them are not scored (`annotated_sentences`).
Takes paths only; where the corpus lives is the caller's business.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from timeline.model import TimeExpression

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "'s",
    "n't",
    "%",
    "'",
    "'re",
    "'ve",
    "'ll",
    "'d",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


@dataclass(frozen=True)
class GoldTimex:
    tokens: frozenset[int]
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    dct: date | None
    token_spans: tuple[tuple[int, int], ...]
    gold: tuple[GoldTimex, ...]
    dct_tokens: frozenset[int] = frozenset()
    #: Tokens after the annotated sentences: system expressions there are not scored.
    unscored_from: int = 10**9


def _detokenise(tokens: list[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Text with one space between tokens except before punctuation; sentences on their own line."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    previous_sentence: int | None = None
    previous = ""
    for word, sentence in tokens:
        if previous_sentence is not None and sentence != previous_sentence:
            glue = "\n"
        elif not pieces or word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
            glue = ""
        else:
            glue = " "
        pieces.append(glue)
        length += len(glue)
        spans.append((length, length + len(word)))
        pieces.append(word)
        length += len(word)
        previous, previous_sentence = word, sentence
    return "".join(pieces), spans


def read_meantime(path: Path, annotated_sentences: int = 6) -> Document:
    """One MEANTIME document: rebuilt text, token offsets, TIMEX3 gold and the DCT."""
    root = ET.parse(path).getroot()  # noqa: S314  (local, trusted corpus files)
    order: dict[str, int] = {}
    tokens: list[tuple[str, int]] = []
    for element in root.iter("token"):
        order[element.get("t_id", "")] = len(tokens)
        tokens.append((element.text or "", int(element.get("sentence", "0"))))
    text, spans = _detokenise(tokens)
    gold: list[GoldTimex] = []
    dct: date | None = None
    dct_tokens: frozenset[int] = frozenset()
    for timex in root.iter("TIMEX3"):
        indices = frozenset(
            order[a.get("t_id", "")] for a in timex.iter("token_anchor") if a.get("t_id") in order
        )
        value = timex.get("value", "")
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _iso_date(value)
            dct_tokens = indices
            continue
        if indices:
            surface = " ".join(tokens[i][0] for i in sorted(indices))
            gold.append(GoldTimex(indices, timex.get("type", ""), value, surface))
    if dct is None:
        # Without a DCT markable the date line is annotated as an ordinary DATE: it stays scored.
        dct = _date_line(tokens)
    unscored = next(
        (i for i, (_, sentence) in enumerate(tokens) if sentence >= annotated_sentences), len(tokens)
    )
    return Document(path.stem, text, dct, tuple(spans), tuple(gold), dct_tokens, unscored)


def _date_line(tokens: list[tuple[str, int]]) -> date | None:
    """A document without a DCT markable: its second line ("April 27, 2005") is the DCT."""
    line = " ".join(word for word, sentence in tokens if sentence == 1).replace(" ,", ",")
    try:
        return datetime.strptime(line, "%B %d, %Y").date()
    except ValueError:
        return None


def _iso_date(value: str) -> date | None:
    """The DCT's day; a few MEANTIME DCTs are written day first (03-02-2009)."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    parts = value[:10].split("-")
    if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class SystemTimex:
    tokens: frozenset[int]
    type: str
    value: str
    text: str


def system_timexes(document: Document, expressions: Iterable[TimeExpression]) -> list[SystemTimex]:
    """The tagger's expressions as token sets (ranges through their parts), the DCT left out."""
    found = []
    for expression in expressions:
        for item in expression.parts or (expression,):
            tokens = frozenset(
                i
                for i, (s, e) in enumerate(document.token_spans)
                if s < item.char_end and item.char_start < e
            )
            if tokens and not tokens & document.dct_tokens and min(tokens) < document.unscored_from:
                found.append(SystemTimex(tokens, str(expression.type), item.value, item.text))
    return found


@dataclass
class Scores:
    """Counts over a corpus; the ratios are properties (TempEval-3 definitions)."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    matched: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @staticmethod
    def _f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def _ratio(self, count: int, total: int) -> float:
        return count / total if total else 0.0

    @property
    def strict_f1(self) -> float:
        return self._f1(self._ratio(self.strict, self.system), self._ratio(self.strict, self.gold))

    @property
    def relaxed_precision(self) -> float:
        return self._ratio(self.relaxed_system, self.system)

    @property
    def relaxed_recall(self) -> float:
        return self._ratio(self.relaxed_gold, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return self._f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return self._ratio(self.type_correct, self.matched)

    @property
    def value_f1(self) -> float:
        return self._f1(
            self._ratio(self.value_correct, self.system), self._ratio(self.value_correct, self.gold)
        )

    def summary(self) -> dict[str, float]:
        return {
            "strict_precision": round(self._ratio(self.strict, self.system), 4),
            "strict_recall": round(self._ratio(self.strict, self.gold), 4),
            "strict_f1": round(self.strict_f1, 4),
            "relaxed_precision": round(self.relaxed_precision, 4),
            "relaxed_recall": round(self.relaxed_recall, 4),
            "relaxed_f1": round(self.relaxed_f1, 4),
            "type_accuracy": round(self.type_accuracy, 4),
            "value_f1": round(self.value_f1, 4),
        }


def score_document(document: Document, system: list[SystemTimex], scores: Scores) -> None:
    """Add one document's counts to `scores` (relaxed pairs matched greedily, one to one)."""
    scores.gold += len(document.gold)
    scores.system += len(system)
    gold_sets = {g.tokens for g in document.gold}
    scores.strict += sum(1 for s in system if s.tokens in gold_sets)
    scores.relaxed_system += sum(1 for s in system if any(s.tokens & g.tokens for g in document.gold))
    scores.relaxed_gold += sum(1 for g in document.gold if any(s.tokens & g.tokens for s in system))
    used: set[int] = set()
    for gold in document.gold:
        pick = next((i for i, s in enumerate(system) if i not in used and s.tokens & gold.tokens), None)
        if pick is None:
            scores.errors.append((document.name, "missed", f"{gold.text!r} {gold.type} {gold.value}"))
            continue
        used.add(pick)
        found = system[pick]
        scores.matched += 1
        if found.tokens != gold.tokens:
            scores.errors.append((document.name, "span", f"{found.text!r} gold {gold.text!r}"))
        scores.type_correct += found.type == gold.type
        if found.value.upper() == gold.value.upper():
            scores.value_correct += 1
        else:
            scores.errors.append(
                (document.name, "value", f"{found.text!r} {found.value} gold {gold.text!r} {gold.value}")
            )
    for i, found in enumerate(system):
        if i not in used and not any(found.tokens & g.tokens for g in document.gold):
            scores.errors.append((document.name, "spurious", f"{found.text!r} {found.type} {found.value}"))


def evaluate(paths: Iterable[Path], tagger: Callable[[str, date | None], list[TimeExpression]]) -> Scores:
    """Score `tagger(text, dct)` over every document in `paths`."""
    scores = Scores()
    for path in paths:
        document = read_meantime(path)
        score_document(document, system_timexes(document, tagger(document.text, document.dct)), scores)
    return scores
