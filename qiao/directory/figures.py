"""Key figures beside the records: a stated figure is shown as stated, with its source and
date, and a figure that counts a kind of credential gets the count of the credentials
recorded in Qiao beside it, so "78 patents" (stated) and 0 recorded are not confused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from qiao.directory.models import Credential, KeyFigure


@dataclass(frozen=True)
class ShownFigure:
    figure: KeyFigure
    recorded: int | None  # credentials of the counted kind in Qiao; None: counts nothing

    @property
    def differs(self) -> bool:
        return self.recorded is not None and self.recorded != self.figure.value


def reconcile_key_figures(
    figures: Iterable[KeyFigure], credentials: Iterable[Credential]
) -> list[ShownFigure]:
    # Counted like the credentials table on the profile: every recorded row of the kind.
    recorded = Counter(c.kind for c in credentials)
    return [
        ShownFigure(figure, recorded[figure.counts] if figure.counts else None)
        for figure in figures
    ]
