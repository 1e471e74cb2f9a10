"""Regex building blocks of a grammar: word tries, the trigger-word scan and the tense cues.

Pure functions from word lists (and a vocabulary's tense classes) to patterns; grammar.py
compiles a language's resources with them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.dates.grammar import Vocabulary


def trie(words: list[str]) -> str:
    """A regex alternation of `words` nested by shared prefixes (a space matches any run of
    whitespace), so that the regex engine tries one branch per character instead of every
    word in turn. Longer words are tried before their prefixes, as in a longest-first list."""
    heads: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    if not heads:
        return ""
    branches = [
        (r"\s+" if head == " " else re.escape(head)) + trie(tails) for head, tails in sorted(heads.items())
    ]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


# Word characters of the scripts the grammars are written for (lower case): a character class
# the regex engine checks against a bitmap, several times faster than \w's Unicode lookups. It
# is a subset of \w, so the scan finds every position \w would (and a few more, which the
# rules' own `_BEFORE` then rejects).
WORD_CHARS = "0-9_a-z\u00df-\u00f6\u00f8-\u024f\u0430-\u045f"


def trigger_regex(triggers: frozenset[str]) -> re.Pattern[str]:
    """Starts of the engine's words (`['’]?\\w+` tokens) that are triggers or numbers, in
    lower-cased text: a trigger word alone or before digits, a digit, or an apostrophe before a
    digit ('80s).
    A trigger of several words ("that time") starts a match only when all of them are there.

    The pattern consumes the character before the word (run it over " " + text: see
    `Grammar.trigger_positions`): a pattern that starts with a character class lets the
    regex engine skip the letters inside words in C instead of trying the trie at each one.
    """
    words = sorted(w for w in triggers if re.fullmatch(r"\w+(?: \w+)*", w))
    # A trigger word may run into digits ("fy" in "FY2024"), never into letters ("may" in "mayor").
    return re.compile(
        rf"[^{WORD_CHARS}'’](?P<word>(?:{trie(words) or '(?!)'})(?![^\W\d])|[0-9]|['’](?=[0-9]))"
    )


def cue_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    """Tense cues: future constructions and words first (so "scheduled" is future), then past
    words and regular past forms, then weak past cues (auxiliaries), used only when nothing else is.
    Case-sensitive: the engine runs it on " " + lower-cased text. Like the trigger pattern it consumes
    the character before the cue, so that the regex engine skips the letters inside words in C;
    group "cue" is the cue itself."""
    future = vocabulary.alternation("tense_future")
    if vocabulary.future_pattern:
        future = f"{vocabulary.future_pattern}|{future}"
    past = vocabulary.alternation("tense_past")
    suffix = f"|{vocabulary.past_suffix}" if vocabulary.past_suffix else ""
    weak = vocabulary.alternation("tense_weak_past") if "tense_weak_past" in vocabulary.classes else "(?!)"
    return re.compile(
        rf"[^{WORD_CHARS}'’](?P<cue>(?P<future>{future})|(?P<past>{past}{suffix})|(?P<weak>{weak}))(?![\w'’])"
    )


def sentence_boundary(abbreviations: frozenset[str]) -> re.Pattern[str]:
    """Sentence ends for the tense cues: . ! ? before a capital, or a line break; not after a lone
    letter ("U.S. Army", "6 a.m. Moscow time", "J. Smith") nor after an abbreviation ("Gen. Li").
    A char class first, as the scan runs over every text; the look-behinds run only at a full stop."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(abbreviations):
        if word.isalpha():
            by_length.setdefault(len(word), []).append(re.escape(word))
    not_after = "".join(rf"(?<!\b(?i:{'|'.join(words)})\.)" for _, words in sorted(by_length.items()))
    # The look-behinds sit after the line-break branch: a line break is always an end.
    return re.compile(rf"[.!?\n](?:(?<=\n)|(?<!\b[A-Za-z]\.){not_after}[\"'”’)\]]?\s+(?=[A-Z\"“‘(\[]))")
