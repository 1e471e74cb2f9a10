"""Loads a language's resource files (vocabulary and rules) and compiles them once per language.

A rule pattern refers to a vocabulary class as `{class}`; the class expands to an
alternation of its surface forms, longest first. The rules of one TIMEX3 type are
compiled into a single regular expression (one alternative per rule, in file
order), so tagging a text is one pass per type. Group names are prefixed with the
rule's index inside the combined pattern and un-prefixed for the normalisers.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from timeline.dates import patterns
from timeline.dates.dispatch import LONG_PREFIX_LENGTH, PREFIX_LENGTH, fits, prefixes
from timeline.model import TimexType

TYPE_FILES = {
    TimexType.SET: "set.toml",
    TimexType.TIME: "time.toml",
    TimexType.DATE: "date.toml",
    TimexType.DURATION: "duration.toml",
}

# Most distinct keys remembered per rule group before the cache starts over (the subsets' patterns are
# always kept).
_KEY_CACHE = 20_000
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_MISSING = "\x00missing"  # not a vocabulary value: marks a lookup not yet made
_CLASS_REF = re.compile(r"\{(?P<name>[a-z_]+)\}")
_GROUP_DEF = re.compile(r"\(\?P<(?P<name>[a-z_0-9]+)>")
# No rule may start inside a word, a number, an amount or a version string,
# nor end in front of one ("v2.3.1", "5G", "$2", "Su-35", "2,000"); "-long" may follow ("decades-long").
_BEFORE = r"(?<![\w$£€¥#@])(?<![\w$£€][.,/:-])(?<!\d[.,/:])"
_AFTER = r"(?![\w$%£€@])(?![.,/:-]\d)(?!-(?!long\b)[A-Za-z])"


# Whitespace inside a rule never crosses a line break: a headline's last word and the
# dateline under it ("... until Friday\nSeptember 18, 2008") are two expressions.
_SPACE_IN_CLASS = r" \t\r\f\v\x1c-\x1f\x85\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACE = f"[{_SPACE_IN_CLASS}]"


def _inline_spaces(pattern: str) -> str:
    """`pattern` with every `\\s` narrowed to whitespace other than a newline."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index : index + 2]
            if pair == r"\s":
                pair = _SPACE_IN_CLASS if in_class else _SPACE
            out.append(pair)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


@dataclass(frozen=True)
class Vocabulary:
    """Word classes: surface form (lower-case) -> normalised value, per class."""

    classes: dict[str, dict[str, str]]
    capitalised: frozenset[str] = frozenset()
    #: Regex of a regular past-tense verb form (English "-ed"), a tense cue.
    past_suffix: str = ""
    #: Regex of future constructions that swallow their participle ("to be held", "will be replaced").
    future_pattern: str = ""

    #: Results of `lookup` by (class, surface): texts repeat the same few forms.
    _looked_up: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, cls: str, surface: str) -> str | None:
        """The value of `surface` in `cls`; None when absent or a lower-case form of a capitalised class."""
        found = self._looked_up.get((cls, surface), _MISSING)
        if found is not _MISSING:
            return found
        table = self.classes.get(cls)
        if table is None or (cls in self.capitalised and surface[:1].islower()):
            found = None
        else:
            found = table.get(" ".join(surface.lower().split()))
        if len(self._looked_up) >= _KEY_CACHE:
            self._looked_up.clear()
        self._looked_up[(cls, surface)] = found
        return found

    def alternation(self, cls: str) -> str:
        """The class as a regex alternation, longest form first.

        Capitalised classes match only Capitalised or UPPER-CASE forms, case-sensitively
        inside the otherwise case-insensitive rule, so "may" and "march" never match.
        """
        forms = sorted(self.classes[cls], key=lambda form: (-len(form), form))
        if cls in self.capitalised:
            cased = [
                variant
                for form in forms
                for variant in (form[:1].upper() + form[1:], _title(form), form.upper())
            ]
            return "(?-i:" + (patterns.trie(list(dict.fromkeys(cased))) or "(?!)") + ")"
        return "(?:" + (patterns.trie(forms) or "(?!)") + ")"


# Words a title keeps in lower case ("Fourth of July", "Defender of the Fatherland Day").
_TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "a", "an", "in", "on"})


def _title(form: str) -> str:
    """`form` in title case: "new year's eve" -> "New Year's Eve", "fourth of july" -> "Fourth of July"."""
    words = form.split(" ")
    return " ".join(
        word if index and word in _TITLE_SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


@dataclass(frozen=True)
class Rule:
    """One named rule of a resource file; `pattern` is expanded, not yet prefixed."""

    name: str
    type: TimexType
    pattern: str
    normaliser: str
    latent: bool = False
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    @functools.cached_property
    def group_names(self) -> tuple[str, ...]:
        """The rule's named groups, in pattern order (read per match, not via groupdict)."""
        return tuple(dict.fromkeys(m.group("name") for m in _GROUP_DEF.finditer(self.pattern)))

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The rule alone (for its own examples); the tagger uses the combined pattern."""
        return re.compile(_BEFORE + "(?:" + self.pattern + ")" + _AFTER, re.IGNORECASE)


@dataclass(frozen=True)
class RuleGroup:
    """The rules of one TIMEX3 type; alternative `r<i>` of every combined pattern is `rules[i]`.

    `starts[i]` are the possible prefixes of rule i (dispatch.py); `pattern_for`
    gives the combined pattern of the rules that fit a text's next characters,
    compiled on first use.
    """

    type: TimexType
    rules: tuple[Rule, ...]
    starts: tuple[frozenset[str], ...]
    _by_key: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False, compare=False)
    _by_subset: dict[tuple[int, ...], re.Pattern[str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _long: dict[int, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def _long_starts(self, index: int) -> frozenset[str]:
        if index not in self._long:
            self._long[index] = prefixes(self.rules[index].pattern, LONG_PREFIX_LENGTH)
        return self._long[index]

    def pattern_for(self, key: str) -> re.Pattern[str] | None:
        """The combined pattern of the rules that can start with `key`, or None when none can.

        The rules' short prefixes (PREFIX_LENGTH, computed at load) sift first; a key longer
        than that ("the same", "a month ") is then checked against their long prefixes,
        computed on first use.
        """
        if key in self._by_key:
            return self._by_key[key]
        subset = tuple(
            i
            for i, starts in enumerate(self.starts)
            if fits(key[:PREFIX_LENGTH], starts)
            and (len(key) <= PREFIX_LENGTH or fits(key, self._long_starts(i)))
        )
        pattern = None
        if subset:
            if subset not in self._by_subset:
                self._by_subset[subset] = _combine(self.rules, subset)
            pattern = self._by_subset[subset]
        if len(self._by_key) >= _KEY_CACHE:
            self._by_key.clear()  # a text with many new keys: start over rather than stop caching
        self._by_key[key] = pattern
        return pattern


#: (group index, combined pattern) of the groups whose rules may start at a key.
Dispatch = tuple[tuple[int, re.Pattern[str]], ...]


@dataclass(frozen=True)
class Grammar:
    """Everything the engine needs for one language, compiled once."""

    language: str
    vocabulary: Vocabulary
    groups: tuple[RuleGroup, ...]
    cues: re.Pattern[str]
    signals: dict[str, str] = field(default_factory=dict)
    #: Lower-case words a match can start with (besides numbers); see `_triggers`.
    triggers: frozenset[str] = frozenset()
    #: Finds, in " " + lower-cased text, the words of `triggers` and numbers (`trigger_positions`).
    trigger_regex: re.Pattern[str] = field(default_factory=lambda: re.compile("(?!)"))

    _patterns: dict[str, Dispatch] = field(default_factory=dict, repr=False, compare=False)

    def trigger_positions(self, lowered: str) -> list[int]:
        """Where in `lowered` a match may start: trigger words and numbers (see `patterns.trigger_regex`)."""
        # The match starts at the character before the word: in " " + lowered, that is the word's
        # own offset in `lowered`.
        return [m.start() for m in self.trigger_regex.finditer(" " + lowered)]

    def dispatch(self, shaped: str, positions: list[int]) -> list[tuple[int, Dispatch]]:
        """(position, patterns_for(its key)) of every position where some rule may start.

        `key_at` and the cache lookup inlined: this loop runs once per trigger word.
        """
        cache = self._patterns
        found = []
        for position in positions:
            key = shaped[position : position + LONG_PREFIX_LENGTH]  # key_at
            patterns = cache.get(key)
            if patterns is None:
                patterns = self.patterns_for(key)
            if patterns:
                found.append((position, patterns))
        return found

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(rule for group in self.groups for rule in group.rules)

    def patterns_for(self, key: str) -> Dispatch:
        """(group index, combined pattern) of every group with rules that can start with `key`."""
        found = self._patterns.get(key)
        if found is None:
            found = tuple(
                (index, pattern)
                for index, group in enumerate(self.groups)
                if (pattern := group.pattern_for(key)) is not None
            )
            if len(self._patterns) >= _KEY_CACHE:
                self._patterns.clear()
            self._patterns[key] = found
        return found


def _read_toml(language: str, name: str) -> dict[str, object]:
    resource = resources.files("timeline.dates").joinpath("resources", language, name)
    if not resource.is_file():
        return {}
    return tomllib.loads(resource.read_text(encoding="utf-8"))


def _vocabulary(data: dict[str, object]) -> Vocabulary:
    classes: dict[str, dict[str, str]] = {}
    meta = data.get("meta", {})
    for cls, table in data.items():
        if cls == "meta" or not isinstance(table, dict):
            continue
        classes[cls] = {form.lower(): str(value) for value, forms in table.items() for form in forms}
    if not isinstance(meta, dict):
        meta = {}
    return Vocabulary(
        classes,
        frozenset(meta.get("capitalised", ())),
        str(meta.get("past_suffix", "")),
        str(meta.get("future_pattern", "")),
    )


def _expand(pattern: str, vocabulary: Vocabulary) -> str:
    return _inline_spaces(_CLASS_REF.sub(lambda m: vocabulary.alternation(m.group("name")), pattern))


def _prefix(pattern: str, index: int) -> str:
    return _GROUP_DEF.sub(lambda m: f"(?P<r{index}_{m.group('name')}>", pattern)


def _rules(language: str, timex_type: TimexType, vocabulary: Vocabulary) -> tuple[Rule, ...]:
    data = _read_toml(language, TYPE_FILES[timex_type])
    raw_rules = data.get("rule", [])
    assert isinstance(raw_rules, list)
    return tuple(
        Rule(
            name=raw["name"],
            type=timex_type,
            pattern=_expand(raw["pattern"], vocabulary),
            normaliser=raw.get("normaliser", raw["name"]),
            latent=bool(raw.get("latent", False)),
            examples=tuple(raw.get("examples", ())),
            counter_examples=tuple(raw.get("counter_examples", ())),
        )
        for raw in raw_rules
    )


def _combine(rules: tuple[Rule, ...], indices: tuple[int, ...]) -> re.Pattern[str]:
    combined = "|".join(f"(?P<r{i}>{_prefix(rules[i].pattern, i)})" for i in indices)
    return re.compile(_BEFORE + "(?:" + combined + ")" + _AFTER, re.IGNORECASE)


def _group(timex_type: TimexType, rules: tuple[Rule, ...]) -> RuleGroup:
    return RuleGroup(timex_type, rules, tuple(prefixes(rule.pattern) for rule in rules))


def _triggers(vocabulary: Vocabulary, extra: list[str]) -> frozenset[str]:
    """First words of every vocabulary form (tense cues aside) and the listed structural words."""
    words = {
        re.split(r"['’]", form.split()[0])[0].strip(".-").lower()
        for cls, table in vocabulary.classes.items()
        if not cls.startswith(("tense_", "signal", "comparative"))
        for form in table
    }
    return frozenset(w for w in words | {w.lower() for w in extra} if w)


@functools.cache
def load_grammar(language: str) -> Grammar:
    """The compiled grammar of `language` (a folder under resources/); English when it has none."""
    if (
        not _LANGUAGE.match(language)
        or not resources.files("timeline.dates").joinpath("resources", language).is_dir()
    ):
        language = "en"
    vocabulary = _vocabulary(_read_toml(language, "vocabulary.toml"))
    groups = tuple(
        _group(timex_type, rules)
        for timex_type in TYPE_FILES
        if (rules := _rules(language, timex_type, vocabulary))
    )
    signals = dict(vocabulary.classes.get("signal", {}))
    meta = _read_toml(language, "vocabulary.toml").get("meta", {})
    extra = list(meta.get("trigger_words", ())) if isinstance(meta, dict) else []
    triggers = _triggers(vocabulary, extra)
    return Grammar(
        language,
        vocabulary,
        groups,
        patterns.cue_pattern(vocabulary),
        signals,
        triggers,
        patterns.trigger_regex(triggers),
    )
