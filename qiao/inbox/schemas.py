from datetime import datetime

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title_zh: str
    title_en: str
    url: str
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(Schema):
    ids: list[int] | None = None
