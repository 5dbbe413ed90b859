"""Extract organisations, people, events, agreements and figures from a cleaned article.

Pure package (no Django import). The extractor combines

* a **gazetteer** passed in as data (:class:`Gazetteer`, built from the directory by
  ``qiao.intel.gazetteer``): every name, short name and alias of every organisation, in
  simplified characters, found by longest match;
* **rules**: organisation names ending in a kind suffix (…有限公司, …医院, …研究所, …联盟)
  with a place or legal form, short forms declared by the article ("以下简称…") or derived
  from a full name (上海伯杰医疗科技股份有限公司 → 伯杰医疗) and used in it, titles before or
  after a person's name, event and signing trigger words, dates (``dates``), amounts and
  counts (``amounts``, cn2an for Chinese numerals).

Every item carries a confidence and its span ``(start, end)`` in the cleaned text.

The modules: ``model`` (the gazetteer and the items), ``names`` (the words organisation
names are made of), ``organisations``, ``people``, ``events`` (events and agreements),
``figures``, ``relations``, and ``pipeline`` (:func:`extract`, which runs them in order).
"""

from qiao.intel.extract.events import EVENT_KINDS
from qiao.intel.extract.model import (
    Agreement,
    Event,
    Extraction,
    Figure,
    Gazetteer,
    GazetteerEntry,
    Mention,
    Organisation,
    Person,
    Relation,
)
from qiao.intel.extract.names import ORGANISATION_TYPES
from qiao.intel.extract.pipeline import extract

__all__ = [
    "EVENT_KINDS",
    "ORGANISATION_TYPES",
    "Agreement",
    "Event",
    "Extraction",
    "Figure",
    "Gazetteer",
    "GazetteerEntry",
    "Mention",
    "Organisation",
    "Person",
    "Relation",
    "extract",
]
