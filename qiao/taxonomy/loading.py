"""Load the shipped vocabularies (``data/terms.json``) into the Term table."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "terms.json"


def load_shipped_terms(term_model, *, update: bool = False) -> int:
    """Create the shipped terms that are missing; with ``update``, reset their names.

    Returns how many rows were created. Terms an operator added are never touched.
    """
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    created = 0
    for vocabulary, rows in data.items():
        for position, (code, name_zh, name_en, synonyms) in enumerate(rows):
            defaults = {
                "name_zh": name_zh,
                "name_en": name_en,
                "synonyms": synonyms,
                "position": position,
            }
            term, was_created = term_model.objects.get_or_create(
                vocabulary=vocabulary, code=code, defaults=defaults
            )
            created += was_created
            if update and not was_created:
                for field, value in defaults.items():
                    setattr(term, field, value)
                term.save()
    return created
