"""Text normalisation and search tokens for Chinese, English, mixed and pinyin text.

Pure module (no Django import). Both sides of a search go through it:

* ``index_tokens(names=…, texts=…)`` turns a record's names and descriptive text into a set
  of tokens: simplified-Chinese words (jieba search mode), CJK character bigrams of the
  names (so an unusual name still matches when segmentation differs), lowercased Latin
  words, and pinyin of the names (per word, whole name, initials) so "bojie" and "bjyl"
  find 伯杰医疗.
* ``query_terms(q)`` turns what a user typed into terms that must all match, each either
  exact or a prefix. Traditional characters are converted to simplified first, so "伯傑"
  and "伯杰" are the same query.

Tokens contain only lowercase letters, digits and CJK ideographs, so they are safe to put
in a database full-text query after quoting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import opencc
import rjieba
from pypinyin import Style, lazy_pinyin

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
_converter = opencc.OpenCC("t2s")

# jieba splits some short forms it doesn't know; these stop-words are noise for a directory.
_STOP = frozenset(
    {
        "的",
        "和",
        "与",
        "及",
        "在",
        "是",
        "了",
        "等",
        "为",
        "对",
        "the",
        "of",
        "and",
        "a",
        "an",
        "in",
        "for",
        "to",
        "co",
        "ltd",
    }
)


def normalise(text: str) -> str:
    """Return NFKC-normalised, simplified-Chinese, lowercased text."""
    if not text:
        return ""
    simplified: str = _converter.convert(unicodedata.normalize("NFKC", text))
    return simplified.lower()


def is_cjk(token: str) -> bool:
    return bool(_CJK_RUN.match(token))


@lru_cache(maxsize=200_000)
def _pinyin(word: str) -> str:
    return "".join(lazy_pinyin(word, errors="ignore")).lower()


@lru_cache(maxsize=200_000)
def _initials(word: str) -> str:
    return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")).lower()


@lru_cache(maxsize=100_000)
def _words(run: str) -> tuple[str, ...]:
    return tuple(rjieba.cut_for_search(run))


def _bigrams(run: str) -> Iterable[str]:
    if len(run) == 1:
        yield run
    for i in range(len(run) - 1):
        yield run[i : i + 2]


def index_tokens(*, names: Iterable[str] = (), texts: Iterable[str] = ()) -> set[str]:
    """Return the search tokens of a record with these names and descriptive texts."""
    tokens: set[str] = set()
    for text in texts:
        for run in _RUN.findall(normalise(text)):
            if is_cjk(run):
                tokens.update(_words(run))
            else:
                tokens.add(run)
    for name in names:
        norm = normalise(name)
        runs = _RUN.findall(norm)
        for run in runs:
            if not is_cjk(run):
                tokens.add(run)
                continue
            words = _words(run)
            tokens.update(words)
            tokens.update(_bigrams(run))
            tokens.update(_pinyin(w) for w in words)
            tokens.add(_pinyin(run))
            tokens.add(_initials(run))
        joined = "".join(runs)
        if joined:
            tokens.add(joined if not is_cjk(joined) else _pinyin(joined))
    tokens.difference_update(_STOP)
    tokens.discard("")
    return tokens


def index_document(*, names: Iterable[str] = (), texts: Iterable[str] = ()) -> str:
    """Return the tokens as one space-separated string, sorted for stable storage."""
    return " ".join(sorted(index_tokens(names=names, texts=texts)))


@dataclass(frozen=True)
class Term:
    """One query term: ``text`` must occur as a token, or start one when ``prefix``."""

    text: str
    prefix: bool


def query_terms(query: str) -> list[Term]:
    """Return the terms that a document must all contain to match ``query``."""
    terms: list[Term] = []
    for run in _RUN.findall(normalise(query)):
        if is_cjk(run):
            words = [w for w in rjieba.cut(run) if w not in _STOP]
            terms.extend(Term(w, prefix=False) for w in words)
        elif run not in _STOP:
            terms.append(Term(run, prefix=True))
    return list(dict.fromkeys(terms))  # unique, in order


def bigram_terms(query: str) -> list[Term]:
    """Return CJK bigram terms of ``query``: the fallback when word terms find nothing."""
    terms: list[Term] = []
    for run in _RUN.findall(normalise(query)):
        if is_cjk(run):
            terms.extend(Term(b, prefix=False) for b in _bigrams(run))
        elif run not in _STOP:
            terms.append(Term(run, prefix=True))
    return list(dict.fromkeys(terms))


def exact_key(text: str) -> str:
    """Return ``text`` as one key: normalised, its letters, digits and ideographs joined.

    "伯傑醫療" and "伯杰医疗" give "伯杰医疗", "Heart Care" gives "heartcare"; a query whose
    key equals a name's key names that record exactly.
    """
    return "".join(_RUN.findall(normalise(text)))


def exact_keys(texts: Iterable[str]) -> set[str]:
    """Return the keys of names: each name's key, and its pinyin and initials if Chinese."""
    keys: set[str] = set()
    for text in texts:
        key = exact_key(text)
        if not key:
            continue
        keys.add(key)
        cjk = "".join(run for run in _RUN.findall(key) if is_cjk(run))
        if cjk:
            keys.add(_pinyin(key))
            keys.add(_initials(cjk))
    return keys
