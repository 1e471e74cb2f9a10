"""Inferring a missing publication date: from the article's own text, then from other articles.

From text: the latest day-precise date the article proper states in a sentence that
is not about the future; the article cannot be older than what it reports.
From corroboration: an undated article that reports the same events as dated ones is
resolved against each candidate day around those events; the day on which its
relative dates ("on Friday", "this week") agree best with theirs wins, and of equal
days the earliest (news is published soon after what it reports).
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from timeline.dates import tag_dates
from timeline.dates.anaphora import ANAPHORIC_RULES
from timeline.events.lexicon import load_lexicon
from timeline.events.merge import family_of
from timeline.ingest.metadata import safe_date
from timeline.model import Article, EventMention, PublishedHow, Resolution, Sentence, TimexType
from timeline.settings import Settings

if TYPE_CHECKING:
    from timeline.pipeline import ArticleResult


_UNMATCHED_FAMILIES = frozenset({"statement", "dated-statement"})
#: Weight of a statement agreeing with another of the same speaker (a shared event weighs 1).
_STATEMENT_WEIGHT = 0.25
#: How many candidate days at most are tried for one undated article.
_MAX_CANDIDATES = 400

Reextract = Callable[["ArticleResult", Article, Settings], "ArticleResult"]


def infer_from_text(article: Article, sentences: Sequence[Sentence], settings: Settings) -> Article:
    """The article with a date inferred from its own absolute dates, or unchanged.

    An article whose dateline states the day without the year waits for corroboration: other
    articles on the same events tell the year far better than the years it mentions do."""
    if article.stated_month_day is not None:
        return article
    best = _latest_reported(sentences, settings)
    if best is None:
        return article
    day, sentence, text = best
    reason = f"latest date the article reports: {text!r} in “{_short(sentence.text)}”"
    return _with_date(article, day, PublishedHow.INFERRED_FROM_TEXT, reason, 0.4)


def _latest_reported(sentences: Sequence[Sentence], settings: Settings) -> tuple[date, Sentence, str] | None:
    """The latest day-precise absolute date stated in a sentence that is not about the future.

    Bounds are left out: "since March 1, 2022" says the article is later, not when."""
    best: tuple[date, Sentence, str] | None = None
    future = load_lexicon()
    for sentence in sentences:
        if future.has_cue("future", sentence.text):  # the trigger lexicon's own future cues
            continue
        for expr in tag_dates(sentence.text, None, settings=settings):
            if (
                expr.type in (TimexType.DATE, TimexType.TIME)
                and expr.resolution == Resolution.ABSOLUTE
                and expr.span_days == 1
                and expr.mod not in ("AFTER", "BEFORE")
                and expr.end_date
                and (best is None or expr.end_date > best[0])
            ):
                best = (expr.end_date, sentence, expr.text)
    return best


def _year_from_text(article: Article, sentences: Sequence[Sentence], settings: Settings) -> Article:
    """The dateline's month and day in the first year not before the latest date the article
    reports; unchanged when it reports none (the year stays unknown)."""
    assert article.stated_month_day is not None
    month, day = article.stated_month_day
    latest = _latest_reported(sentences, settings)
    if latest is None:
        return article
    reported, sentence, text = latest
    for year in (reported.year, reported.year + 1):
        stated = safe_date(year, month, day)
        if stated is not None and stated >= reported:
            reason = (
                f"{article.published_reason}; {year} is the first year in which it is not before "
                f"the latest date the article reports, {text!r} in “{_short(sentence.text)}”"
            )
            return _with_date(article, stated, PublishedHow.INFERRED_FROM_TEXT, reason, 0.5)
    return article


def _year_from_neighbours(result: ArticleResult, results: Sequence[ArticleResult]) -> Article:
    """The dateline's month and day in the year that puts it nearest the dated articles naming the
    same people (a pile of articles is mostly one story); unchanged when none does."""
    article = result.article
    assert article.stated_month_day is not None
    people = {name for m in result.mentions for name in m.participants}
    days = sorted(
        r.article.published
        for r in results
        if r.article.published is not None
        and not r.article.published_inferred
        and people & {name for m in r.mentions for name in m.participants}
    )
    if not days:
        return article
    middle = days[len(days) // 2]
    options = [
        d
        for y in (middle.year - 1, middle.year, middle.year + 1)
        if (d := safe_date(y, *article.stated_month_day))
    ]
    stated = min(options, key=lambda d: abs((d - middle).days))
    reason = (
        f"{article.published_reason}; {stated.year} puts it nearest the {len(days)} dated "
        f"article(s) naming the same people (middle date {middle})"
    )
    return _with_date(article, stated, PublishedHow.INFERRED_FROM_CORROBORATION, reason, 0.5)


def infer_from_corroboration(
    results: Sequence[ArticleResult], settings: Settings, reextract: Reextract
) -> list[ArticleResult]:
    """Date each undated article from dated ones reporting the same events, and re-extract it.

    Articles whose dateline states the day first: once their year is found they are as good as
    dated, and the wholly undated ones are then matched against them too."""
    dated = [m for r in results if r.article.published for m in r.mentions if m.time and m.time.resolved]
    index = _index_by_participant(dated)
    articles = {r.article.id: r.article for r in results}
    out = list(results)
    day_stated_first = sorted(range(len(results)), key=lambda i: results[i].article.stated_month_day is None)
    for i in day_stated_first:
        result = results[i]
        if result.article.published is not None:
            continue
        inferred = _infer_one(result, index, articles, settings, reextract)
        if inferred is None and result.article.stated_month_day is not None:
            article = _year_from_text(result.article, result.sentences, settings)
            if article.published is None:
                article = _year_from_neighbours(result, results)
            inferred = reextract(result, article, settings) if article.published is not None else None
        if inferred is not None and inferred.article.stated_month_day is not None:
            for name, mentions in _index_by_participant(
                [m for m in inferred.mentions if m.time and m.time.resolved]
            ).items():
                index[name].extend(mentions)
        out[i] = inferred or result
    return out


def _index_by_participant(mentions: Sequence[EventMention]) -> dict[str, list[EventMention]]:
    index: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        for name in m.participants:
            index[name].append(m)
    return index


def _matches(mention: EventMention, index: dict[str, list[EventMention]]) -> list[tuple[EventMention, float]]:
    """Dated mentions that may report the same event: a shared participant, places not in conflict.

    A statement matches only a statement of the same speaker, and weighs little: one person says
    things on many days, so agreeing on one of them is weak evidence."""
    found: dict[str, tuple[EventMention, float]] = {}
    if family_of(mention.event_type) in _UNMATCHED_FAMILIES:
        if family_of(mention.event_type) != "statement" or not mention.participants:
            return []
        speaker = mention.participants[0]
        return [
            (other, _STATEMENT_WEIGHT)
            for other in index.get(speaker, ())
            if family_of(other.event_type) == "statement" and other.participants[:1] == (speaker,)
        ]
    for name in mention.participants:
        for other in index.get(name, ()):
            if family_of(other.event_type) in _UNMATCHED_FAMILIES:
                continue
            if mention.place and other.place and mention.country != other.country:
                continue
            weight = 1.0 if family_of(other.event_type) == family_of(mention.event_type) else 0.5
            key = other.id
            if key not in found or found[key][1] < weight:
                found[key] = (other, weight)
    return list(found.values())


def _infer_one(
    result: ArticleResult,
    index: dict[str, list[EventMention]],
    articles: dict[str, Article],
    settings: Settings,
    reextract: Reextract,
) -> ArticleResult | None:
    pairs = {_key(m): _matches(m, index) for m in result.mentions if m.time is not None}
    pairs = {k: v for k, v in pairs.items() if v}
    if not pairs:
        return None
    candidates = _candidates(pairs, settings.inference_window_days, result.article.stated_month_day)
    best: tuple[float, date, ArticleResult, list[tuple[EventMention, EventMention]]] | None = None
    for day in candidates:
        trial = reextract(result, _with_date(result.article, day, PublishedHow.UNKNOWN, "", 0.0), settings)
        score, agreeing = _agreement(trial.mentions, pairs)
        if score > 0 and (best is None or score > best[0]):
            best = (score, day, trial, agreeing)
    if best is None:
        return None
    score, day, trial, agreeing = best
    reason = _reason(day, agreeing, articles)
    if result.article.stated_month_day is not None:  # the dateline's day, the year from the others
        reason = f"{result.article.published_reason}; {reason}"
    article = _with_date(result.article, day, PublishedHow.INFERRED_FROM_CORROBORATION, reason, 0.6)
    return dataclasses.replace(trial, article=article)


def _reason(
    day: date, agreeing: list[tuple[EventMention, EventMention]], articles: dict[str, Article]
) -> str:
    """Which of its reports agree with which dated reports, when the article is read as of `day`."""
    notes = []
    for mine, theirs in agreeing[:3]:
        article = articles.get(theirs.article_id)
        source = f"{article.outlet or 'an article'} of {article.published}" if article else "a dated article"
        assert mine.time is not None and theirs.time is not None
        notes.append(
            f"“{mine.time.text}” in “{_short(mine.sentence, 70)}” matches {source} "
            f"(“{theirs.time.text}”, {theirs.time.start_date}…{theirs.time.end_date})"
        )
    more = f" and {len(agreeing) - 3} more" if len(agreeing) > 3 else ""
    return (
        f"read as of {day}, its reports agree with dated articles on the same events: "
        + "; ".join(notes)
        + more
    )


def _key(mention: EventMention) -> tuple[int, int, str | None]:
    """Identifies a mention across re-extractions (one trigger may give one mention per place)."""
    return (mention.sentence_start, mention.trigger_start, mention.place)


def _candidates(
    pairs: dict[tuple[int, int, str | None], list[tuple[EventMention, float]]],
    window: int,
    month_day: tuple[int, int] | None = None,
) -> list[date]:
    """Days around every precisely dated matching report (a month at most); with a dateline's
    (month, day), that day in the reports' years and the years next to them."""
    days: set[date] = set()
    for matched in pairs.values():
        for other, _ in matched:
            assert other.time and other.time.start_date and other.time.end_date
            if (other.time.span_days or 0) > 31:
                continue
            if month_day is not None:
                years = range(other.time.start_date.year - 1, other.time.end_date.year + 2)
                days.update(d for y in years if (d := safe_date(y, *month_day)) is not None)
                continue
            first = other.time.start_date - timedelta(days=window)
            last = other.time.end_date + timedelta(days=window)
            days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return sorted(days)[:_MAX_CANDIDATES]


def _agreement(
    mentions: Sequence[EventMention],
    pairs: dict[tuple[int, int, str | None], list[tuple[EventMention, float]]],
) -> tuple[float, list[tuple[EventMention, EventMention]]]:
    """Sum over matched mentions of the best weight of a dated report whose interval overlaps.

    Agreeing with a report dated to the day is worth more than agreeing with one dated
    to a week or a month, which many candidate days would satisfy alike."""
    total = 0.0
    agreeing: list[tuple[EventMention, EventMention]] = []
    for mention in mentions:
        matched = pairs.get(_key(mention))
        time = mention.time
        if not matched or time is None or time.start_date is None or time.end_date is None:
            continue
        if time.rule in ANAPHORIC_RULES:  # "in the evening" follows the day before it, or the anchor
            continue
        best: tuple[float, EventMention] | None = None
        for other, weight in matched:
            o_time = other.time
            assert o_time and o_time.start_date and o_time.end_date
            if time.start_date <= o_time.end_date and o_time.start_date <= time.end_date:
                score = weight / (1 + math.log2(o_time.span_days or 1))
                if best is None or score > best[0]:
                    best = (score, other)
        if best:
            total += best[0]
            agreeing.append((mention, best[1]))
    agreeing.sort(key=lambda pair: (pair[1].time.span_days or 0) if pair[1].time else 0)
    return total, agreeing


def _with_date(article: Article, day: date, how: PublishedHow, reason: str, confidence: float) -> Article:
    return dataclasses.replace(
        article,
        published=day,
        published_how=how,
        published_inferred=how.inferred,
        published_reason=reason,
        published_confidence=confidence,
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
