"""Merging mentions across articles into events, and linking sub-events to their trips.

Mentions are taken from the most precise date to the least, so each event's date
is fixed by its most precise report and coarser reports ("next week", "in the past
three months") join it only when they agree. Candidates are blocked by event family
and calendar month, so the merge grows with the number of mentions, not its square.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from timeline.events.lexicon import load_lexicon
from timeline.model import Article, Event, EventMention, EventStatus, Granularity, content_id
from timeline.settings import Settings

#: Families whose mentions merge only when they report the very same sentence (syndicated copies),
#: or, for statements, when one speaker is reported speaking on one day (`_same_speech`).
_SENTENCE_ONLY_FAMILIES = frozenset({"statement", "dated-statement"})
#: Families whose reports of one city on one day are one event, even naming different actors.
_PLACE_DAY_FAMILIES = frozenset({"conflict", "protest", "disaster"})
#: Families of events that happen during a trip and so may have one as their parent.
_SUB_EVENT_FAMILIES = frozenset({"meeting", "call", "agreement", "statement"})
_PRECISION = {Granularity.TIME: 1.0, Granularity.DAY: 1.0, Granularity.WEEK: 0.85, Granularity.MONTH: 0.7}
_STATUS_WEIGHT = {
    EventStatus.OCCURRED: 1.0,
    EventStatus.REPORTED: 0.85,
    EventStatus.ANNOUNCED: 0.8,
    EventStatus.BACKGROUND: 0.6,
    EventStatus.STATEMENT: 0.5,
    EventStatus.NEGATED: 0.4,
}


def family_of(event_type: str) -> str:
    lexicon = load_lexicon()
    return lexicon.types[event_type].family if event_type in lexicon.types else event_type


@dataclass
class Cluster:
    """Mentions of one event being gathered; the first mention is the most precise."""

    family: str
    start: date
    end: date
    number: int
    mentions: list[EventMention] = field(default_factory=list)
    participants: Counter[str] = field(default_factory=Counter)
    #: `name_key` of every participant, as the compatibility test compares them.
    participant_keys: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    def add(self, mention: EventMention) -> None:
        self.mentions.append(mention)
        self.participants.update(mention.participants)
        self.participant_keys.update(name_key(p) for p in mention.participants)
        if mention.place:
            self.places.add(mention.place)
        if mention.country:
            self.countries.add(mention.country)


def merge_mentions(
    mentions: Sequence[EventMention], articles: Sequence[Article], settings: Settings
) -> list[Event]:
    """Merge dated mentions into events; mentions with no resolved date are not placed."""
    by_id = {a.id: a for a in articles}
    dated = [m for m in mentions if is_placeable(m, settings)]
    dated.sort(key=precision_key)
    blocks = _Blocks()
    for mention in dated:
        family = family_of(mention.event_type)
        cluster = _best_cluster(mention, family, blocks)
        if cluster is None:
            assert mention.time and mention.time.start_date and mention.time.end_date
            cluster = Cluster(family, mention.time.start_date, mention.time.end_date, len(blocks.clusters))
            blocks.clusters.append(cluster)
        cluster.add(mention)
        blocks.register(cluster, mention)
    events = [_event(c, by_id) for c in blocks.clusters]
    events = link_parents(events)
    events.sort(key=lambda e: (e.start or date.min, e.end or date.min, e.label))
    return events


class _Blocks:
    """Clusters indexed by (family, month, key): a key is a participant, a place or a sentence.

    Two mentions can only merge when they share a participant, a place, or (statements)
    the very sentence, so candidates never have to be looked for outside these blocks."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self.index: dict[tuple[str, int, str], list[int]] = defaultdict(list)

    def register(self, cluster: Cluster, mention: EventMention) -> None:
        number = cluster.number
        for key in merge_keys(cluster.family, mention):
            for month in _months(cluster.start, cluster.end):
                bucket = self.index[(cluster.family, month, key)]
                if not bucket or bucket[-1] != number:
                    bucket.append(number)

    def candidates(self, family: str, mention: EventMention, first: date, last: date) -> Iterator[Cluster]:
        seen: set[int] = set()
        for key in merge_keys(family, mention):
            for month in _months(first, last):
                for number in self.index.get((family, month, key), ()):
                    if number not in seen:
                        seen.add(number)
                        yield self.clusters[number]


def merge_keys(family: str, mention: EventMention) -> list[str]:
    if family in _SENTENCE_ONLY_FAMILIES:
        return ["s:" + mention.sentence, *_speech_key(family, mention)]
    keys = ["p:" + p for p in dict.fromkeys(name_key(p) for p in mention.participants)]
    if mention.place:
        keys.append("l:" + mention.place)
        if mention.country:
            keys.append("l:" + mention.country)
    return keys


_NAME_WORD_SKIPS = frozenset({"of", "and", "for", "the", "on", "de", "&"})


def name_key(name: str) -> str:
    """How a participant is compared across articles: a name of three to six capitalised words as
    its initials, so that an organisation's full name meets the acronym news gives it ("Federal
    Trade Commission" and "FTC", "Competition and Markets Authority" and "CMA"); any other name as
    itself. Two-word names keep their words: "Sergei Shoigu" and "Sergei Sobyanin" would collide.
    Two people of three-word names with the same initials would too; news rarely has both."""
    words = [w for w in name.split() if w.lower() not in _NAME_WORD_SKIPS]
    if len(words) >= 3 and all(w[:1].isupper() for w in words) and len(words) <= 6:
        return "".join(w[0] for w in words)
    return name


def _speech_key(family: str, mention: EventMention) -> list[str]:
    """A statement's speaker and day: statements merge only on the very same day (`_same_speech`),
    so the day is part of the key and a talkative speaker does not chain his days together."""
    time = mention.time
    if family != "statement" or not mention.participants or time is None or time.span_days != 1:
        return []
    return [f"sp:{mention.participants[0]}@{time.start_date}"]


def is_placeable(mention: EventMention, settings: Settings) -> bool:
    time = mention.time
    return bool(time and time.resolved and (time.span_days or 0) <= settings.max_event_span_days)


def precision_key(mention: EventMention) -> tuple[int, bool, str, int]:
    time = mention.time
    assert time is not None
    return (time.span_days or 0, time.resolution != "absolute", mention.article_id, mention.trigger_start)


def _months(start: date, end: date) -> Iterator[int]:
    first, last = start.year * 12 + start.month, end.year * 12 + end.month
    return iter(range(first, last + 1))


def _best_cluster(mention: EventMention, family: str, blocks: _Blocks) -> Cluster | None:
    time = mention.time
    assert time and time.start_date and time.end_date
    # A day-precise report one day off still joins (and is recorded as a disagreement).
    slack = timedelta(days=1) if time.span_days == 1 else timedelta(0)
    best: tuple[int, Cluster] | None = None
    for cluster in blocks.candidates(family, mention, time.start_date - slack, time.end_date + slack):
        exact = cluster.start <= time.end_date and time.start_date <= cluster.end
        near = cluster.start <= time.end_date + slack and time.start_date - slack <= cluster.end
        if not near:
            continue
        score = _compatibility(mention, cluster, strict=not exact)
        if score > 0 and (best is None or score > best[0]):
            best = (score, cluster)
    return best[1] if best else None


def _compatibility(mention: EventMention, cluster: Cluster, *, strict: bool) -> int:
    """0 when the mention cannot be this event; otherwise higher for more shared evidence."""
    if cluster.family in _SENTENCE_ONLY_FAMILIES:
        return _statement_compatibility(mention, cluster)
    if not _places_agree(mention, cluster):
        return 0
    shared = len({name_key(p) for p in mention.participants} & cluster.participant_keys)
    same_place = bool(mention.place and mention.place in cluster.places)
    if strict:
        return shared + 1 if shared and same_place else 0
    if mention.participants and cluster.participants:
        if shared:
            return shared + int(same_place)
        return _same_place_and_day(mention, cluster, same_place=same_place)
    return 1 if same_place else 0


def _same_place_and_day(mention: EventMention, cluster: Cluster, *, same_place: bool) -> int:
    """Fighting, a disaster or a protest in one city on one day is one event whoever is named
    ("Wagner fighters" in one report, "Prigozhin's fighters" in another); two meetings there that
    day are not."""
    city = bool(mention.place and mention.place != mention.country)
    return 1 if same_place and city and cluster.family in _PLACE_DAY_FAMILIES else 0


def _statement_compatibility(mention: EventMention, cluster: Cluster) -> int:
    """A copy of one sentence (3), or one speaker reported speaking on one day (2), else 0."""
    if any(m.sentence == mention.sentence for m in cluster.mentions):
        return 3
    return 2 if cluster.family == "statement" and _same_speech(mention, cluster) else 0


def _same_speech(mention: EventMention, cluster: Cluster) -> bool:
    """One speaker (the first participant) reported speaking on one day: what he said that day,
    told by several outlets ("Lukashenko said on Tuesday ..." and "Yes, he is in Belarus today")."""
    time, lead = mention.time, cluster.mentions[0]
    return bool(
        time is not None
        and time.span_days == 1
        and cluster.start == cluster.end == time.start_date
        and mention.participants
        and lead.participants
        and mention.participants[0] == lead.participants[0]
    )


def _places_agree(mention: EventMention, cluster: Cluster) -> bool:
    """Unknown places agree with anything; a city agrees with its own country only."""
    if not mention.place or not cluster.places:
        return True
    if mention.place in cluster.places:
        return True
    m_country = mention.country or mention.place
    same_country = m_country in cluster.countries or m_country in cluster.places
    city_in_country = mention.place == m_country or any(p in cluster.countries for p in cluster.places)
    return same_country and city_in_country


def _event(cluster: Cluster, articles: dict[str, Article]) -> Event:
    lead = cluster.mentions[0]
    assert lead.time is not None
    ranked = sorted(cluster.mentions, key=lambda m: (-len(m.participants), not m.place, m.time is None))
    history = _status_history(cluster.mentions, articles)
    status = _event_status(cluster.mentions)
    return Event(
        id=content_id(*sorted(m.id for m in cluster.mentions)),
        label=ranked[0].label,
        type=lead.event_type,
        start=cluster.start,
        end=cluster.end,
        granularity=lead.time.granularity,
        participants=tuple(p for p, _ in cluster.participants.most_common()),
        place=_most_specific_place(cluster),
        mentions=tuple(cluster.mentions),
        status=status,
        status_history=history,
        confidence=_confidence(cluster, status, articles),
        disagreements=_disagreements(cluster, articles),
        country=next(iter(sorted(cluster.countries)), None),
    )


def _most_specific_place(cluster: Cluster) -> str | None:
    cities = sorted(p for p in cluster.places if p not in cluster.countries)
    if cities:
        return cities[0]
    return next(iter(sorted(cluster.places)), None)


def _event_status(mentions: Sequence[EventMention]) -> EventStatus:
    statuses = {m.status for m in mentions}
    for status in (EventStatus.OCCURRED, EventStatus.REPORTED, EventStatus.ANNOUNCED, EventStatus.BACKGROUND):
        if status in statuses:
            return status
    return next(iter(sorted(statuses)))


def _status_history(mentions: Sequence[EventMention], articles: dict[str, Article]) -> tuple[str, ...]:
    rows = []
    for m in mentions:
        article = articles.get(m.article_id)
        published = article.published if article else None
        outlet = (article.outlet if article else None) or "unknown outlet"
        rows.append((published or date.max, f"{m.status} ({outlet}, {published or 'date unknown'})"))
    return tuple(dict.fromkeys(text for _, text in sorted(rows)))


def _disagreements(cluster: Cluster, articles: dict[str, Article]) -> tuple[str, ...]:
    notes = []
    for m in cluster.mentions:
        time = m.time
        if time is None or time.start_date is None or time.end_date is None:
            continue
        if time.end_date < cluster.start or time.start_date > cluster.end:
            article = articles.get(m.article_id)
            outlet = (article.outlet if article else None) or m.article_id
            notes.append(f"{outlet} dates it {time.start_date}…{time.end_date} ({time.text!r})")
    return tuple(dict.fromkeys(notes))


def _confidence(cluster: Cluster, status: EventStatus, articles: dict[str, Article]) -> float:
    """More independent outlets, a finer date and a firmer status mean more confidence."""
    outlets = {
        (articles[m.article_id].outlet or m.article_id) if m.article_id in articles else m.article_id
        for m in cluster.mentions
    }
    lead = cluster.mentions[0].time
    precision = _PRECISION.get(lead.granularity, 0.5) if lead and lead.granularity else 0.5
    inferred = all(
        articles[m.article_id].published_inferred for m in cluster.mentions if m.article_id in articles
    )
    score = min(1.0, 0.5 + 0.2 * (len(outlets) - 1)) * precision * _STATUS_WEIGHT.get(status, 0.5)
    return round(score * (0.9 if inferred else 1.0), 3)


def link_parents(events: list[Event]) -> list[Event]:
    """A meeting or call inside a trip's dates, sharing a participant and place, is part of the trip."""
    trips: dict[tuple[str, int], list[Event]] = defaultdict(list)
    for event in events:
        if family_of(event.type) == "travel" and event.start and event.end:
            for name in event.participants:
                for month in _months(event.start, event.end):
                    trips[(name, month)].append(event)
    linked = []
    for event in events:
        parent = None
        if family_of(event.type) in _SUB_EVENT_FAMILIES and event.start and event.end:
            month = next(_months(event.start, event.start))
            candidates = (t for name in event.participants for t in trips.get((name, month), ()))
            parent = next((t for t in candidates if _contains(t, event)), None)
        linked.append(replace(event, parent_id=parent.id) if parent else event)
    return linked


def _contains(trip: Event, event: Event) -> bool:
    if not (trip.start and trip.end and event.start and event.end):
        return False
    if not (trip.start <= event.start and event.end <= trip.end) or trip.id == event.id:
        return False
    if not set(trip.participants) & set(event.participants):
        return False
    return not (
        trip.place and event.place and event.country and trip.place not in (event.place, event.country)
    )
