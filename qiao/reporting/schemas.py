from __future__ import annotations

from decimal import Decimal

from ninja import Schema


class IndicatorOut(Schema):
    id: int
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    period_kind: str
    statistical_return: str
    jump_threshold: int


class EntryOut(Schema):
    id: int
    indicator_code: str
    value: Decimal | None
    previous: Decimal | None
    suggested: Decimal | None
    is_jump: bool
    explanation: str

    @staticmethod
    def resolve_indicator_code(obj) -> str:
        return obj.indicator.code


class SubmissionOut(Schema):
    id: int
    campaign_id: int
    period: str
    organisation_id: int
    status: str
    version: int
    entries: list[EntryOut]

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.campaign.period

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(obj.entries.select_related("indicator"))
