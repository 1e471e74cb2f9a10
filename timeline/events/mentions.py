"""Event mentions: who did what, with whom, where and when, one clause of a sentence at a time.

Clauses come from `timeline.events.clauses`; here each becomes one mention per place it
names, with its participants, place, date, status and label.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypeVar

from timeline.events.agents import agent_of, people_of
from timeline.events.clauses import PLACE_KINDS, Clause, build_clauses, fold_undated
from timeline.events.entities import recognise_entities
from timeline.events.lexicon import Lexicon, TriggerMatch, load_lexicon
from timeline.events.status import mention_status
from timeline.model import (
    Article,
    Entity,
    EventMention,
    EventStatus,
    Granularity,
    Resolution,
    Sentence,
    TimeExpression,
    TimexType,
)
from timeline.settings import Settings

_T = TypeVar("_T")

_DATED_TYPES = frozenset({TimexType.DATE, TimexType.TIME})


def find_mentions(
    article: Article,
    sentences: Sequence[Sentence],
    expressions: Sequence[TimeExpression],
    settings: Settings,
) -> list[EventMention]:
    """Every event mention of the article's sentences (article offsets throughout)."""
    lexicon = load_lexicon()
    entities = _article_entities(article, sentences, settings)
    entities.sort(key=lambda e: e.char_start)
    expressions = sorted(expressions, key=lambda x: x.char_start)
    entity_starts = [e.char_start for e in entities]
    expression_starts = [x.char_start for x in expressions]
    mentions: list[EventMention] = []
    seen_people: Counter[str] = Counter()
    last_subject: list[str] = []
    for sentence in sentences:
        s_ents = _within(entities, entity_starts, sentence)
        in_sentence = _within(expressions, expression_starts, sentence)
        s_exprs = [x for x in in_sentence if x.type in _DATED_TYPES]
        s_exprs += _distances_to_events(sentence, in_sentence, s_exprs, article.published)
        seen_people.update(e.canonical for e in s_ents if e.kind == "PERSON")
        # "he" is the previous sentence's first person when it named one, else the most named.
        salient = tuple(dict.fromkeys([*last_subject, *(name for name, _ in seen_people.most_common(2))]))[:2]
        triggers = [_shift(t, sentence.start) for t in lexicon.find_triggers(sentence.text)]
        clauses = fold_undated(build_clauses(sentence, triggers, s_exprs, s_ents, lexicon), lexicon)
        for clause in clauses:
            # "he" in a later clause is first the last person named earlier in the sentence
            # ("Lukashenko's office announced that he had negotiated ...").
            before = [e for e in s_ents if e.char_end <= clause.start]
            earlier = [e.canonical for e in before if e.kind == "PERSON"]
            here = tuple(dict.fromkeys([*earlier[-1:], *salient]))[:2]
            mentions.extend(
                _clause_mentions(
                    article,
                    sentence,
                    clause=clause,
                    lexicon=lexicon,
                    salient=here,
                    settings=settings,
                    earlier=before,
                )
            )
        if not clauses and settings.keep_dated_statements:
            mentions.extend(_dated_statement(article, sentence, s_exprs, s_ents))
        last_subject = [e.canonical for e in s_ents if e.kind == "PERSON"][:1] or last_subject
    return mentions


def _within(items: Sequence[_T], starts: Sequence[int], sentence: Sentence) -> list[_T]:
    """The items (sorted by start, with their starts) that start inside the sentence: two bisections."""
    return list(items[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)])


_INSIDE_PLACE = re.compile(
    r"(?-i:[A-Z])\w+['’]s(?:\s+(?:north|south|east|west|central|far)[\w-]*)?$", re.IGNORECASE
)
_RELATIVE = re.compile(r"(?:,\s*|\s)(?:which|who|whose|that)\s")
#: Suffix of the rule of a date derived from a distance to another event ("three days after").
EVENT_LINK = "+event-link"
_DISTANCE = re.compile(r"^P(?P<n>\d+)(?P<unit>[DWMY])$")
_LINK = re.compile(r"^\s+(?P<link>after|before)\b", re.IGNORECASE)


def _distances_to_events(
    sentence: Sentence,
    expressions: Sequence[TimeExpression],
    dated: Sequence[TimeExpression],
    anchor: date | None,
) -> list[TimeExpression]:
    """ "three days after talks in Kuala Lumpur": a duration linking two events dates the second.

    TimeML tags "three days" as a DURATION; here it becomes a DATE that far before (after:
    earlier) or beyond (before: later) the sentence's own date, else the anchor, and it ends in
    its link word so that it dates the clause that follows it."""
    derived = []
    for expr in expressions:
        distance = _DISTANCE.match(expr.value) if expr.type == TimexType.DURATION else None
        link = _LINK.match(sentence.text[expr.char_end - sentence.start :])
        if not (distance and link):
            continue
        earlier = [x for x in dated if x.resolved and x.char_end <= expr.char_start]
        base = earlier[-1].start_date if earlier else anchor
        if base is None:
            continue
        sign = -1 if link.group("link").lower() == "after" else 1
        day = _shift_by(base, int(distance.group("n")) * sign, distance.group("unit"))
        end = expr.char_end + link.end()
        derived.append(
            replace(
                expr,
                text=sentence.text[expr.char_start - sentence.start : end - sentence.start],
                char_end=end,
                type=TimexType.DATE,
                value=day.isoformat(),
                rule=expr.rule + EVENT_LINK,
                start_date=day,
                end_date=day,
                granularity=Granularity.DAY,
                resolution=Resolution.EXPRESSION if earlier else Resolution.ANCHOR,
                anchor=base,
            )
        )
    return derived


def _shift_by(day: date, amount: int, unit: str) -> date:
    if unit in "DW":
        return day + timedelta(days=amount * (7 if unit == "W" else 1))
    months = day.year * 12 + day.month - 1 + amount * (12 if unit == "Y" else 1)
    year, month = divmod(months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


def _article_entities(article: Article, sentences: Sequence[Sentence], settings: Settings) -> list[Entity]:
    """Entities of the article proper, recognised in one pass so that a name's evidence
    anywhere in the article ("Sergei Shoigu") counts for its short forms ("Shoigu, ...").
    Text outside the sentences is blanked out, which keeps offsets and drops furniture."""
    if not sentences:
        return []
    chars = [" "] * len(article.text)
    for sentence in sentences:
        chars[sentence.start : sentence.end] = sentence.text
        if sentence.end < len(chars):
            chars[sentence.end] = "\n"
    return recognise_entities("".join(chars), settings=settings)


def _shift(trigger: TriggerMatch, offset: int) -> TriggerMatch:
    return TriggerMatch(trigger.start + offset, trigger.end + offset, trigger.text, trigger.type)


def _choose_time(expressions: list[TimeExpression]) -> TimeExpression | None:
    """The most precise resolved expression; an unresolved one only when none resolved.

    "Now" dates nothing; a vague past or future ("days after") only when nothing better is there.
    A date the clause states ("toured the plant on Friday") outranks one derived from a distance to
    another event ("a day after Kim toured"), which counts from a guess at that event's day."""
    expressions = [x for x in expressions if x.value != "PRESENT_REF"]
    resolved = [x for x in expressions if x.resolved]
    if resolved:
        return min(
            resolved,
            key=lambda x: (
                x.span_days or 0,
                x.rule.endswith(EVENT_LINK),
                x.resolution != "absolute",
                x.char_start,
            ),
        )
    return min(expressions, key=lambda x: (x.value.endswith("_REF"), x.char_start), default=None)


def _is_place(sentence: Sentence, clause: Clause, ent: Entity, lexicon: Lexicon) -> bool:
    """A place is introduced by a locative word, or is the object of a travel trigger; never one
    named in a relative clause after the trigger ("the headquarters, which directs the war in Ukraine")."""
    if ent.kind not in PLACE_KINDS or not clause.trigger.type.has_place:
        return False
    if ent.char_start > clause.trigger.end and _RELATIVE.search(
        sentence.text, clause.trigger.end - sentence.start, ent.char_start - sentence.start
    ):
        return False
    offset = ent.char_start - sentence.start
    before = sentence.text[max(0, offset - 200) : offset].rstrip()  # a window keeps this linear
    before = re.sub(r"\bthe$", "", before, flags=re.IGNORECASE).rstrip()
    last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
    if last_word in lexicon.cues["locative"]:
        return True
    if clause.trigger.type.family == "disaster" and last_word in lexicon.cues["disaster_verbs"]:
        return True  # "the earthquake hit Hatay"
    if _INSIDE_PLACE.search(before):
        return True  # "struck Turkey's southern Hatay province": a place inside a place
    return clause.trigger.type.family == "travel" and before.endswith(clause.trigger.text)


def _clause_mentions(
    article: Article,
    sentence: Sentence,
    *,
    clause: Clause,
    lexicon: Lexicon,
    salient: tuple[str, ...],
    settings: Settings,
    earlier: Sequence[Entity] = (),
) -> list[EventMention]:
    """One mention per place of the clause (a clause naming two meetings in two cities gives two).

    `earlier` holds the sentence's entities before the clause.

    `salient` holds the people the article has named most so far, most named first: "he" is the
    first, "the two leaders" the first two."""
    trig = clause.trigger
    places = [e for e in clause.entities if _is_place(sentence, clause, e, lexicon)]
    people = people_of(sentence, clause)
    agent, pair = agent_of(sentence, clause, people, salient, lexicon)
    # An organisation or country before the trigger acts ("Wagner fighters took ..."), not a place
    # the event happens in ("moved into Rostov-on-Don and took control of ...").
    actor = agent or next(
        (
            e.canonical
            for e in reversed(clause.entities)
            if e.char_start < trig.start and e.kind != "PERSON" and e not in places
        ),
        None,
    )
    acting = trig.type.family in lexicon.cues["organisation_families"]
    if acting and actor is None:
        # "Microsoft announced plans to acquire ...": the subject before the clause acts in it.
        actor = next((e.canonical for e in reversed(earlier) if e.kind in ("ORG", "PERSON")), None)
    groups = _split_by_place(people, places, agent)
    clause_time = _choose_time(clause.expressions)
    mentions = []
    for place, counterparts in groups:
        time = _time_of_place(clause, places, place) if len(groups) > 1 else None
        time = time or clause_time
        status = mention_status(
            sentence,
            clause=(clause.start, clause.own_end),
            trigger=trig,
            time=time,
            anchor=article.published,
            lexicon=lexicon,
            settings=settings,
        )
        participants = tuple(
            dict.fromkeys(([agent] if agent else []) + list(pair) + [p.canonical for p in counterparts])
        )
        if acting:
            # Companies and regulators take part in deals, suits and rulings as people do in visits.
            organisations = [
                e.canonical for e in clause.entities if e.kind == "ORG" and e.char_start > trig.start
            ]
            participants = tuple(
                dict.fromkeys([*([actor] if actor else []), *participants, *organisations[:2]])
            )
        if not participants:
            participants = _collective_participants(clause, place)
        mentions.append(
            _mention(
                article,
                sentence,
                (trig.text, trig.start, trig.end),
                event_type=trig.type.name,
                label=_label(trig, sentence, actor, participants, place),
                participants=participants,
                place=place.canonical if place else None,
                country=(place.country or place.canonical) if place else None,
                time=time,
                status=status,
                entities=tuple(clause.entities),
            )
        )
    return mentions


def _time_of_place(clause: Clause, places: list[Entity], place: Entity | None) -> TimeExpression | None:
    """The date said right after a place ("in Jakarta on Wednesday") belongs to that place."""
    if place is None:
        return None
    own = []
    for expr in clause.expressions:
        before = [p for p in places if p.char_end <= expr.char_start]
        if before and before[-1].canonical == place.canonical:
            own.append(expr)
    return _choose_time(own)


def _mention(
    article: Article, sentence: Sentence, trigger: tuple[str, int, int], **fields: Any
) -> EventMention:
    """A mention with its provenance: the article, the sentence and the trigger's span."""
    text, start, end = trigger
    return EventMention(
        article_id=article.id,
        sentence=sentence.text,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        trigger=text,
        trigger_start=start,
        trigger_end=end,
        **fields,
    )


def _collective_participants(clause: Clause, place: Entity | None) -> tuple[str, ...]:
    """With no person named: the organisations and countries acting, subjects first, three at most."""
    acting = [e for e in clause.entities if e.kind in {"ORG", "GPE", "NORP"} and e is not place]
    acting.sort(key=lambda e: (e.char_start > clause.trigger.start, e.char_start))
    names = dict.fromkeys(e.country if e.kind == "NORP" and e.country else e.canonical for e in acting)
    return tuple(n for n in names if not place or n != place.canonical)[:3]


def _split_by_place(
    people: list[Entity], places: list[Entity], agent: str | None
) -> list[tuple[Entity | None, list[Entity]]]:
    """Pair each counterpart with the first place named after it; one group per distinct place."""
    distinct = list({p.canonical: p for p in places}.values())
    counterparts = [p for p in people if p.canonical != agent]
    if len(distinct) < 2:
        return [(distinct[0] if distinct else None, counterparts)]
    groups: dict[str, list[Entity]] = {p.canonical: [] for p in distinct}
    for person in counterparts:
        after = [pl for pl in places if pl.char_start > person.char_start]
        target = after[0] if after else places[-1]
        groups[target.canonical].append(person)
    return [(place, groups[place.canonical]) for place in distinct]


def _label(
    trig: TriggerMatch,
    sentence: Sentence,
    actor: str | None,
    participants: tuple[str, ...],
    place: Entity | None,
) -> str:
    """A short label from the type's template; a statement is labelled by its own words.

    With no actor found, the label names the trigger and its place and counterparts
    rather than making a counterpart the actor ("Visit (China), with Wang Yi")."""
    if trig.type.speech:
        return _shorten(sentence.text)
    if not actor:
        label = f"{trig.text[:1].upper()}{trig.text[1:]}" + (f" ({place.canonical})" if place else "")
        return label + (f", with {' and '.join(participants[:3])}" if participants else "")
    others = [p for p in participants if p != actor]
    values = {
        "agent": actor,
        "others": " and ".join(others[:3]),
        "place": place.canonical if place else "",
        "trigger": trig.text,
    }
    template = trig.type.label
    for key, value in values.items():
        if not value:  # drop an empty slot with the preposition that introduces it
            template = re.sub(rf"(?:\s+(?:in|with|to|at))?\s*\{{{key}\}}", "", template)
    return re.sub(r"\s{2,}", " ", template.format(**values)).strip()


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _dated_statement(
    article: Article, sentence: Sentence, expressions: list[TimeExpression], entities: list[Entity]
) -> list[EventMention]:
    """A sentence with a resolved date but no event trigger, kept as a lower-ranked statement."""
    time = _choose_time([x for x in expressions if x.resolved])
    if time is None:
        return []
    participants = tuple(dict.fromkeys(e.canonical for e in entities if e.kind == "PERSON"))
    label = _shorten(sentence.text)
    return [
        _mention(
            article,
            sentence,
            (time.text, time.char_start, time.char_end),
            event_type="dated-statement",
            label=label,
            participants=participants,
            time=time,
            status=EventStatus.STATEMENT,
            entities=tuple(entities),
        )
    ]
