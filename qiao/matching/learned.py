"""Learned weights: read ``data/weights.json`` (written by ``manage.py match_learn``).

Pure module (no Django import). The file holds ``{"weights": {field: value, …}, …}``
with any subset of ``Weights`` fields; the other fields keep their defaults. The rest of
the file (method, folds, cross-validated figures) documents how the values were chosen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from qiao.matching.listing import Weights

__all__ = ["WEIGHTS_FILE", "learned_weights", "weights_from_json", "weights_to_json"]

WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "weights.json"
_KNOWN = {f.name: f.type for f in fields(Weights)}


def weights_from_json(lines: Iterable[str], base: Weights | None = None) -> Weights:
    """Return ``base`` (default ``Weights()``) with the file's values; ValueError if bad."""
    try:
        data = json.loads("\n".join(lines))
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from exc
    values = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        raise ValueError('no "weights" object')
    chosen: dict[str, Any] = {}
    for name, value in values.items():
        if name not in _KNOWN:
            raise ValueError(f"unknown weight {name!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} is not a number")
        chosen[name] = float(value)
    return replace(base or Weights(), **chosen)


def weights_to_json(weights: Weights, names: Iterable[str], **notes: object) -> str:
    """Return the JSON text of the named weights, with notes saying how they were chosen."""
    body = {"weights": {n: round(getattr(weights, n), 4) for n in names}, **notes}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=1)
def learned_weights() -> Weights:
    """Return the learned weights, or ``Weights()`` when there is no weights file."""
    if not WEIGHTS_FILE.exists():
        return Weights()
    return weights_from_json(WEIGHTS_FILE.read_text(encoding="utf-8").splitlines())
