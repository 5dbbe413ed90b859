from ninja import Schema


class FunnelOut(Schema):
    needs: int
    offers: int
    matches: int
    introductions: int
    agreements_signed: int
    introduction_rate: float | None
    signing_rate: float | None
    median_days_to_introduction: float | None
    median_days_to_signing: float | None
    introductions_by_status: dict[str, int]
    agreements_by_kind: dict[str, int]
    amounts_by_currency: dict[str, float]


class StageRowOut(Schema):
    stage: str
    projects: int
    median_days: float | None
