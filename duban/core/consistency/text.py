"""Text measures the checks share: normalising, similarity, clauses and enumerations."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz

# A clause ends at these; the first group also ends a sentence (and so the reach of 计划/预计).
_SENTENCE_ENDS = frozenset("。；;！!？?\n（）()【】")
_CLAUSE_ENDS = _SENTENCE_ENDS | frozenset("，,：:\t")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Fold width and case and drop punctuation, symbols and spaces, keeping words and numbers.

    Kept per text: a plan's audit compares every task's progress with every other's."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def bigrams(text: str) -> set[str]:
    """Return the character pairs of normalised text (the single character of a one-character text)."""
    flat = normalise(text)
    if len(flat) < 2:
        return {flat} if flat else set()
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def dice(a: str, b: str) -> float:
    """Return the Dice coefficient of the character bigrams of a and b (0 when either is empty)."""
    left, right = bigrams(a), bigrams(b)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def containment(part: str, whole: str) -> float:
    """Return the share of part's character bigrams that also occur in whole."""
    pairs = bigrams(part)
    if not pairs:
        return 0.0
    return len(pairs & bigrams(whole)) / len(pairs)


def near_identical(a: str, b: str, threshold: float) -> bool:
    """Tell whether two texts are the same after normalising, or differ by a few characters.

    The ratio is difflib's 2*matches/total length; 0.9 lets "厂房基础完成" match
    "厂房基础已完成" but not two different sentences built from the same words.
    """
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return False
    return left == right or _similar(left, right, threshold)


@lru_cache(maxsize=65_536)
def _similar(left: str, right: str, threshold: float) -> bool:
    """Kept per pair: a plan's tasks often share stock phrases, and each audit compares them all.

    A cheap upper bound first: rapidfuzz's ratio counts the longest common subsequence, which
    holds at least the characters difflib's blocks match. Most pairs of a plan's texts are far
    apart, and difflib's ratio costs a hundred times more."""
    if fuzz.ratio(left, right, score_cutoff=threshold * 100) == 0:
        return False
    return SequenceMatcher(None, left, right, autojunk=False).ratio() >= threshold


@dataclass(frozen=True)
class Span:
    """A clause of a text: where it is and which sentence it belongs to."""

    text: str
    start: int
    end: int
    sentence: int


def clauses(text: str) -> list[Span]:
    """Split text into clauses at commas, colons and sentence punctuation, dropping empty ones."""
    spans: list[Span] = []
    start, sentence = 0, 0
    for index, ch in enumerate([*text, "\n"]):
        if ch not in _CLAUSE_ENDS:
            continue
        piece = text[start:index]
        if piece.strip():
            stripped = piece.lstrip()
            offset = start + len(piece) - len(stripped)
            spans.append(Span(stripped.rstrip(), offset, offset + len(stripped.rstrip()), sentence))
        if ch in _SENTENCE_ENDS:
            sentence += 1
        start = index + 1
    return spans


def clause_at(text: str, index: int) -> Span | None:
    """Return the clause of text that holds position index."""
    return next((span for span in clauses(text) if span.start <= index < span.end), None)


def listed_items(text: str) -> list[str]:
    """Return the longest 、-separated list in any clause of text (["国瓷泓源", "威腾铝箔", ...]).

    A list needs at least two items. The first item is cut after the last verb-like
    word so "完成国瓷泓源" gives "国瓷泓源"; the last is cut at 等.
    """
    best: list[str] = []
    for span in clauses(text):
        items = span.text.split("、")
        if len(items) > len(best) and len(items) >= 2:
            best = items
    if not best:
        return []
    first = best[0]
    for verb in ("完成", "引进", "招引", "推进", "包括", "如", "有"):
        first = first.rsplit(verb, 1)[-1]
    last = best[-1].split("等", 1)[0]
    return [first, *best[1:-1], last]
