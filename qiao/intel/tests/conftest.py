"""Fixtures of the news tests: the seed articles and the real part of the demo directory."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from qiao.devtools.demo_cluster import REAL_ORGANISATIONS
from qiao.directory.models import Organisation
from qiao.intel.extract import Gazetteer
from qiao.intel.gazetteer import entry
from qiao.taxonomy.models import Term, Vocabulary

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT / "benchmarks" / "data" / "news"
RECORDED = Path(__file__).resolve().parent / "recorded"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


needs_seeds = pytest.mark.skipif(not seed_paths(), reason=f"the seed articles are not in {SEEDS}")


def gold(stem: str) -> dict:
    for folder in ("seeds", "own", "heldout"):
        path = GOLD / folder / f"{stem}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(stem)


@pytest.fixture(scope="session")
def demo_gazetteer() -> Gazetteer:
    return Gazetteer.build(
        entry(
            key=s.key,
            kind_code=s.kind,
            name_zh=s.name_zh,
            short_name_zh=s.short_name_zh,
            aliases=list(s.aliases),
        )
        for s in REAL_ORGANISATIONS
    )


@pytest.fixture
def real_directory(db) -> dict[str, Organisation]:
    """The organisations the seed articles name, as the demo directory has them."""
    kinds = {t.code: t for t in Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND)}
    Organisation.objects.bulk_create(
        Organisation(
            kind=kinds[s.kind],
            name_zh=s.name_zh,
            name_en=s.name_en,
            short_name_zh=s.short_name_zh,
            aliases="\n".join(s.aliases),
        )
        for s in REAL_ORGANISATIONS
    )
    return {o.name_zh: o for o in Organisation.objects.all()}


@pytest.fixture(autouse=True)
def _site_language_afterwards():
    """A request in English leaves English active in the thread; later tests expect Chinese."""
    yield
    translation.deactivate()
