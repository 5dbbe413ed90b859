"""Text features and sparse BM25 segments for the matching engine.

Pure module (no Django import). ``text_features`` turns a listing's title and text into
bags of terms per channel; ``Segment`` stores many documents' bags as scipy sparse
matrices, column-sliceable per query term.

Channels (each its own term space and matrix):

* ``terms``: words, i.e. rjieba search-mode words of each Chinese run of the normalised
  text (single characters and stop-words dropped) plus lowercase Latin words/numbers.
* ``bigram``: CJK character bigrams, the fallback so that unknown words still match.
* ``synonym``: glossary concept ids found in the text.
* ``category``: taxonomy codes ("device_category:22"), given or inferred from the text.
* ``capability`` / ``credential``: words and concepts of the owner's capability names and
  credential tags.

Title terms count ``title_boost`` times (a simple BM25F). Stored matrix values are the
BM25 term-frequency part ``tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))``; the idf goes into
the query vector, so document frequencies can change without touching stored rows.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import rjieba
from scipy import sparse

from qiao.core.text import is_cjk, normalise
from qiao.matching.glossary import Glossary

__all__ = [
    "CHANNELS",
    "ChannelParams",
    "Segment",
    "TextFeatures",
    "Vocabulary",
    "bm25_idf",
    "name_terms",
    "text_features",
]

CHANNELS = ("terms", "bigram", "synonym", "category", "capability", "credential")
CONCEPT_PREFIX = "§"  # marks a concept id among words in the capability/credential spaces

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_UNIT = re.compile(rf"[{_CJK}]|[a-z]+|[0-9]+")

# Function words and the boilerplate of marketplace listings; idf would make them cheap
# anyway, but dropping them keeps "terms" reasons readable.
STOP_WORDS = frozenset(
    "的 和 与 及 在 是 了 等 为 对 或 并 将 可 由 把 被 其 该 此 这 那 有 无 也 都 就 "
    "我们 我院 我司 本院 本公司 公司 有限 有限公司 需要 需求 寻找 寻求 希望 提供 进行 可以 能够 "
    "相关 一个 一种 一些 以及 或者 通过 具有 主要 合作 伙伴 合作伙伴 方面 领域 用于 基于 目前 "
    "现有 已经 正在 开展 包括 实现 解决 问题 方案 项目 联系 欢迎 "
    "the of and a an in for to co ltd is are be we our us with on by as at from that this "
    "or will can which who looking seek seeking need needs offer offers provide provides "
    "partner partners partnership based new use used using into its it than more".split()
)


@dataclass(frozen=True, slots=True)
class ChannelParams:
    """BM25 parameters of one channel; ``binary`` stores 1.0 per present term."""

    k1: float = 1.2
    b: float = 0.75
    binary: bool = False


def _run_words(run: str) -> tuple[str, ...]:
    # Short runs (a phrase between punctuation) repeat across listings and are cached;
    # long ones rarely repeat and would only fill memory.
    if len(run) <= 16:
        return _cached_run_words(run)
    return _cut(run)


@lru_cache(maxsize=200_000)
def _cached_run_words(run: str) -> tuple[str, ...]:
    return _cut(run)


def _cut(run: str) -> tuple[str, ...]:
    return tuple(w for w in rjieba.cut_for_search(run) if len(w) > 1 and w not in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """Term bags of one text; ``surfaces`` keeps the form that named each concept."""

    words: dict[str, float]
    bigrams: dict[str, float]
    concepts: dict[str, float]
    surfaces: dict[str, str]
    categories: dict[str, float]


def _add_text(
    norm: str,
    weight: float,
    words: dict[str, float],
    bigrams: dict[str, float],
) -> None:
    word_counts: Counter[str] = Counter()
    gram_counts: Counter[str] = Counter()
    for run in _RUN.findall(norm):
        if is_cjk(run):
            word_counts.update(_run_words(run))
            gram_counts.update(map(str.__add__, run[:-1], run[1:]))
        elif len(run) > 1 and run not in STOP_WORDS:
            word_counts[run] += 1
    for counts, bag in ((word_counts, words), (gram_counts, bigrams)):
        for term, count in counts.items():
            bag[term] = bag.get(term, 0.0) + count * weight


def text_features(
    title: str,
    text: str,
    *,
    matcher: Glossary | None,
    title_boost: float = 2.0,
) -> TextFeatures:
    """Return the term bags of a listing's title and text.

    ``matcher`` is a ``Glossary.combined({"g": glossary, "t": taxonomy})``: its "g:"
    concepts become the synonym bag, its "t:" concepts the inferred categories.
    """
    words: dict[str, float] = {}
    bigrams: dict[str, float] = {}
    concepts: dict[str, float] = {}
    surfaces: dict[str, str] = {}
    categories: dict[str, float] = {}
    for raw, weight in ((title, title_boost), (text, 1.0)):
        if not raw:
            continue
        norm = normalise(raw)
        _add_text(norm, weight, words, bigrams)
        if matcher is None:
            continue
        for key, form in matcher.find_units(tuple(_UNIT.findall(norm))):
            part, concept = key[0], key[2:]
            if part == "g":
                concepts[concept] = concepts.get(concept, 0.0) + weight
                surfaces.setdefault(concept, form)
            else:
                categories[concept] = categories.get(concept, 0.0) + weight
    return TextFeatures(words, bigrams, concepts, surfaces, categories)


@lru_cache(maxsize=100_000)
def name_terms(name: str, glossary: Glossary | None) -> frozenset[str]:
    """Return the words and §concepts of a short name (a capability or credential)."""
    norm = normalise(name)
    words: dict[str, float] = {}
    _add_text(norm, 1.0, words, {})
    terms = set(words)
    if glossary is not None:
        seq = tuple(_UNIT.findall(norm))
        terms.update(CONCEPT_PREFIX + c for c, _form in glossary.find_units(seq))
    return frozenset(terms)


def bm25_idf(df: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
    """Return BM25 idf ``ln(1 + (n − df + 0.5) / (df + 0.5))``, never negative."""
    return np.log1p(np.maximum(n - df + 0.5, 0.5) / (df + 0.5))


class Vocabulary:
    """Term → column ids of one channel, with document frequencies over live documents."""

    __slots__ = ("ids", "terms", "_df")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self._df = np.zeros(1024, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.ids)

    def id_for(self, term: str) -> int:
        col = self.ids.get(term)
        if col is None:
            col = len(self.ids)
            self.ids[term] = col
            self.terms.append(term)
            if col >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros(len(self._df), dtype=np.float64)])
        return col

    def add_all(self, terms: set[str]) -> None:
        """Give ids to the terms not seen yet (sorted, so ids are reproducible)."""
        for term in sorted(terms.difference(self.ids)):
            self.id_for(term)

    @property
    def df(self) -> npt.NDArray[np.float64]:
        return self._df[: len(self.ids)]

    def count(self, cols: npt.NDArray[np.int32], delta: float) -> None:
        np.add.at(self._df, cols, delta)

    def set_df(self, df: npt.NDArray[np.float64]) -> None:
        self._df = np.zeros(max(len(df) * 2, 1024), dtype=np.float64)
        self._df[: len(df)] = df


@dataclass(slots=True)
class _Builder:
    indptr: array[int]
    indices: array[int]
    data: array[float]


class Segment:
    """An immutable block of documents: raw counts (CSR) and BM25 weights (CSC) per channel.

    ``raw[c]`` gives a document's term counts for explanations and merges; ``weights[c]``
    is what queries slice by column. ``avgdl`` is frozen when the segment is built.
    """

    __slots__ = ("n", "raw", "weights", "avgdl", "dl", "params")

    def __init__(
        self,
        raw: Mapping[str, sparse.csr_matrix],
        params: Mapping[str, ChannelParams],
        avgdl: Mapping[str, float] | None = None,
    ) -> None:
        self.n = next(iter(raw.values())).shape[0]
        self.raw = dict(raw)
        self.params = dict(params)
        self.dl: dict[str, npt.NDArray[np.float64]] = {}
        self.avgdl: dict[str, float] = {}
        self.weights: dict[str, sparse.csc_matrix] = {}
        for channel, matrix in self.raw.items():
            dl = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
            self.dl[channel] = dl
            given = avgdl.get(channel) if avgdl else None
            self.avgdl[channel] = given if given else max(float(dl.mean()) if self.n else 1.0, 1.0)
            self.weights[channel] = _weigh(matrix, dl, self.avgdl[channel], params[channel])

    @classmethod
    def build(
        cls,
        bags: Sequence[Mapping[str, Mapping[str, float]]],
        vocab: Mapping[str, Vocabulary],
        params: Mapping[str, ChannelParams],
        avgdl: Mapping[str, float] | None = None,
    ) -> Segment:
        """Build from per-document term bags ``{channel: {term: tf}}``."""
        builders = {}
        for channel in CHANNELS:
            ids = vocab[channel]
            ids.add_all(set().union(*(bag.get(channel, {}) for bag in bags)))
            lookup = ids.ids.__getitem__
            b = builders[channel] = _Builder(array("q", [0]), array("i"), array("f"))
            for bag in bags:
                terms = bag.get(channel, {})
                b.indices.extend(map(lookup, terms))
                b.data.extend(terms.values())
                b.indptr.append(len(b.indices))
        raw: dict[str, sparse.csr_matrix] = {}
        for channel, b in builders.items():
            width = max(len(vocab[channel]), 1)
            matrix = sparse.csr_matrix(
                (
                    np.frombuffer(b.data, dtype=np.float32),
                    np.frombuffer(b.indices, dtype=np.int32),
                    np.frombuffer(b.indptr, dtype=np.int64),
                ),
                shape=(len(bags), width),
            )
            matrix.sum_duplicates()
            raw[channel] = matrix
        return cls(raw, params, avgdl)

    @classmethod
    def stack(
        cls,
        parts: Sequence[tuple[Segment, npt.NDArray[np.intp]]],
        widths: Mapping[str, int],
        params: Mapping[str, ChannelParams],
    ) -> Segment:
        """Concatenate the given rows of several segments (a merge; avgdl recomputed)."""
        raw = {}
        for channel in CHANNELS:
            width = max(widths[channel], 1)
            blocks = [_widen(seg.raw[channel][rows], width) for seg, rows in parts]
            raw[channel] = sparse.vstack(blocks, format="csr", dtype=np.float32)
        return cls(raw, params)

    def row_terms(
        self, channel: str, row: int
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """Return the column ids and BM25 weights of one document in one channel."""
        matrix = self.raw[channel]
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        cols = matrix.indices[start:end]
        tf = matrix.data[start:end].astype(np.float64)
        weights = _tf_weight(tf, self.dl[channel][row], self.avgdl[channel], self.params[channel])
        return cols, weights

    def columns(
        self, channel: str, cols: npt.NDArray[np.int32], vals: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Return ``weights[channel][:, cols] @ vals`` as a dense vector over documents.

        scipy's CSC column slice plus matvec; measured three times faster at 100k
        documents than gathering the posting lists with numpy and one ``bincount``.
        """
        matrix = self.weights[channel]
        keep = cols < matrix.shape[1]
        if not keep.any():
            return np.zeros(self.n, dtype=np.float64)
        sub = matrix[:, cols[keep]]
        return np.asarray(sub @ vals[keep], dtype=np.float64).ravel()


def _tf_weight(
    tf: npt.NDArray[np.float64], dl: float, avgdl: float, p: ChannelParams
) -> npt.NDArray[np.float64]:
    if p.binary:
        return np.ones_like(tf)
    norm = p.k1 * (1.0 - p.b + p.b * dl / avgdl)
    return tf * (p.k1 + 1.0) / (tf + norm)


def _weigh(
    matrix: sparse.csr_matrix, dl: npt.NDArray[np.float64], avgdl: float, p: ChannelParams
) -> sparse.csc_matrix:
    data = matrix.data.astype(np.float64)
    if p.binary:
        weights = np.ones_like(data)
    else:
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        norm = p.k1 * (1.0 - p.b + p.b * dl[rows] / avgdl)
        weights = data * (p.k1 + 1.0) / (data + norm)
    weighted = sparse.csr_matrix(
        (weights.astype(np.float32), matrix.indices, matrix.indptr), shape=matrix.shape
    )
    return weighted.tocsc()


def _widen(matrix: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    if matrix.shape[1] == width:
        return matrix
    return sparse.csr_matrix(
        (matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], width)
    )
