"""Who may ask whom for a meeting: the event's rule table, read one way everywhere.

The organiser writes directed rules between participant types: "A may ask B" is the pair
``(A, B)``. The page that shows and edits them, the check when a request is sent, the
recommendations and the planner all ask ``RuleTable.may_ask``, which means:

* an event without any rule: anyone may ask anyone (but never a colleague of the same
  organisation, which the services check apart from the types);
* once an event has a rule, a pair of types may meet only as a rule says: A asks B only if
  "A may ask B" is listed (B asks A only if "B may ask A" is listed too), **and** a type
  that has rules of its own is limited to the types it lists: nobody of another type may
  ask it, whatever their own rules say;
* a participant without a type can then neither ask nor be asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleTable:
    """The directed pairs ``(asker type id, asked type id)`` of one event."""

    pairs: frozenset[tuple[int, int]]

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> RuleTable:
        return cls(frozenset(pairs))

    @property
    def is_open(self) -> bool:
        """No rule at all: every pair of participants may meet."""
        return not self.pairs

    def asks(self, type_id: int) -> frozenset[int]:
        """The types participants of ``type_id`` may ask (empty: not limited by its own rules)."""
        return frozenset(b for a, b in self.pairs if a == type_id)

    def may_ask(self, sender_type: int | None, recipient_type: int | None) -> bool:
        if self.is_open:
            return True
        if sender_type is None or recipient_type is None:
            return False
        if (sender_type, recipient_type) not in self.pairs:
            return False
        limited_to = self.asks(recipient_type)
        return not limited_to or sender_type in limited_to

    def may_meet(self, first: int | None, second: int | None) -> bool:
        """Whether either of the two may ask the other."""
        return self.may_ask(first, second) or self.may_ask(second, first)
