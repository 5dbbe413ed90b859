"""Versions of directory rows whose parts change (an organisation's capabilities, a person's
affiliations): a change of a part is a change of the whole, so a form or an ETag taken
before it is stale. The compare-and-set itself is core's (``qiao.core.writes``)."""

from __future__ import annotations

from qiao.core.writes import Versioned, bump_version
from qiao.core.writes import check_version as check_version


def touch(instance: Versioned) -> None:
    """Move the version (and ``updated_at``) one up, or raise ``Conflict`` if a writer came in
    between. Call it before recording the parts' audit entries, so they carry the new
    version and a conflict can show them."""
    bump_version(instance, touch_updated_at=True)
