"""A character CRF that tags organisation and person names in cleaned news text.

Pure module (no Django import). One label per character, BIO over ``ORG`` and ``PER``.
Features: the character and its neighbours (±2), character bigrams, the character's class
(digit, Latin, punctuation, CJK), likely surname, and the rjieba word it belongs to (the
word, its position B/M/E/S in it, its length, and whether it ends in an organisation
suffix such as 医院 or 公司). The model is python-crfsuite's L-BFGS CRF.

It is trained on the project's own written development articles only
(``benchmarks/data/news/own/``, gold in the ``extract_news`` JSON shape): every mention of
a gold organisation name or alias, and of a gold person, is labelled in the cleaned text;
everything else, journalists and media outlets included, is ``O``. The held-out articles
and the seed pages (not ours to redistribute) are never used. ``manage.py
train_news_tagger`` rebuilds ``data/news_tagger.crfsuite``; the same data gives the same
model.

Callers use :func:`load` once and :meth:`Tagger.spans` per article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycrfsuite
import rjieba

MODEL_PATH = Path(__file__).resolve().parent / "data" / "news_tagger.crfsuite"
LABELS = ("ORG", "PER")
_ORG_END = (
    "医院",
    "公司",
    "集团",
    "大学",
    "学院",
    "研究所",
    "研究院",
    "中心",
    "委员会",
    "管委会",
    "局",
    "厅",
    "协会",
    "学会",
    "联盟",
    "基金",
    "园",
    "园区",
    "城",
    "资本",
    "投资",
    "控股",
    "政府",
    "平台",
    "实验室",
    "开发区",
    "新区",
    "示范区",
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤厉耿单柏欧易常乔施岳俞祝申冉明应文曲"
)
_PUNCT = set(",.;:!?、，。；：！？“”\"'《》()（）[]【】·—-/丨| ")


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if ch.isascii() and ch.isalpha():
        return "a"
    if ch in _PUNCT:
        return "p"
    return "c"


def features(line: str) -> list[list[str]]:
    """Return the feature strings of every character of one line."""
    word_of: list[tuple[str, str]] = []
    for word in rjieba.cut(line):
        n = len(word)
        for k in range(n):
            pos = "S" if n == 1 else ("B" if k == 0 else ("E" if k == n - 1 else "M"))
            word_of.append((word, pos))
    padded = "^^" + line + "$$"
    out = []
    for i, ch in enumerate(line):
        word, pos = word_of[i] if i < len(word_of) else (ch, "S")
        j = i + 2
        f = [
            "b",
            "c0=" + ch,
            "c-1=" + padded[j - 1],
            "c+1=" + padded[j + 1],
            "c-2=" + padded[j - 2],
            "c+2=" + padded[j + 2],
            "c-1c0=" + padded[j - 1 : j + 1],
            "c0c+1=" + padded[j : j + 2],
            "k=" + _char_class(ch),
            "wp=" + pos,
            "wl=" + str(min(len(word), 5)),
        ]
        if len(word) <= 4:
            f.append("w=" + word)
        if word.endswith(_ORG_END):
            f.append("worg=" + pos)
        if ch in _SURNAMES:
            f.append("sur")
        out.append(f)
    return out


def bio(line: str, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * len(line)
    for start, end, label in spans:
        labels[start] = "B-" + label
        for k in range(start + 1, end):
            labels[k] = "I-" + label
    return labels


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for part in text.split("\n"):
        if part.strip():
            yield start, part
        start += len(part) + 1


def gold_spans(text: str, gold: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Label every mention of a gold organisation or person, longest form first."""
    forms: dict[str, str] = {}
    for org in gold.get("organisations") or []:
        for name in (org["name"], *(org.get("aliases") or [])):
            if len(name) >= 2:
                forms.setdefault(name, "ORG")
    for person in gold.get("people") or []:
        if len(person["name"]) >= 2:
            forms.setdefault(person["name"], "PER")
    taken = bytearray(len(text))
    spans = []
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(re.escape(form), text):
            if not any(taken[m.start() : m.end()]):
                taken[m.start() : m.end()] = b"\x01" * len(form)
                spans.append((m.start(), m.end(), forms[form]))
    return sorted(spans)


def training_samples(folder: Path) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Yield (features, labels) per line of every article in ``folder`` (.txt + .json gold)."""
    from qiao.intel.clean import clean_text

    for text_path in sorted(folder.glob("*.txt")):
        gold = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        text = clean_text(text_path.read_text(encoding="utf-8")).text
        spans = gold_spans(text, gold)
        for start, line in _lines(text):
            end = start + len(line)
            inside = [(s - start, e - start, lab) for s, e, lab in spans if s >= start and e <= end]
            yield features(line), bio(line, inside)


def train(samples: Iterable[tuple[list[list[str]], list[str]]], path: Path = MODEL_PATH) -> int:
    """Train the CRF on (features, labels) samples and write it to ``path``; return lines."""
    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for xseq, yseq in samples:
        trainer.append(xseq, yseq)
        count += 1
    trainer.set_params(
        {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    return count


class Tagger:
    """A loaded model; :meth:`spans` tags one cleaned article."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(path))

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """Return (start, end, "ORG" | "PER", lowest marginal) of every name tagged."""
        out = []
        crf = self._crf
        for offset, line in _lines(text):
            crf.set(features(line))
            labels = crf.tag()
            start, kind = -1, ""
            for i, label in enumerate([*labels, "O"]):
                if start >= 0 and not (label.startswith("I-") and label[2:] == kind):
                    sure = min(crf.marginal(labels[k], k) for k in range(start, i))
                    out.append((offset + start, offset + i, kind, sure))
                    start = -1
                if label.startswith("B-") or (label.startswith("I-") and start < 0):
                    start, kind = i, label[2:]
        return out


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> Tagger:
    """Return the tagger of the model file (loaded once per process)."""
    return Tagger(path)
