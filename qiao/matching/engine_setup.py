"""Build the engine from the project's data: the glossary, the taxonomy, an optional model."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from qiao.matching import scoring
from qiao.matching.glossary import load_glossary
from qiao.matching.learned import learned_weights

logger = logging.getLogger(__name__)

TAXONOMY_PATH = Path(settings.BASE_DIR) / "qiao" / "taxonomy" / "data" / "terms.json"


def _embedder():
    """Return a local sentence-embedding function if QIAO_EMBEDDING_MODEL names a directory.

    The model is read from disk only (offline); sentence-transformers is optional and not a
    dependency of Qiao. Without it the engine runs on its lexical signals alone.
    """
    path = settings.QIAO_EMBEDDING_MODEL
    if not path:
        return None
    if not Path(path).is_dir():
        logger.warning("matching.embedding.missing", extra={"path": path})
        return None
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path, device="cpu", local_files_only=True)
    return lambda texts: model.encode(list(texts), normalize_embeddings=True)


@lru_cache(maxsize=1)
def build_engine() -> scoring.Engine:
    return scoring.Engine(
        glossary=load_glossary(settings.QIAO_GLOSSARY_PATH),
        weights=learned_weights(),
        taxonomy=scoring.load_taxonomy_terms(TAXONOMY_PATH),
        embedder=_embedder(),
    )
