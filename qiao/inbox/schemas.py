from datetime import datetime

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title_zh: str
    title_en: str
    title: str
    count: int
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_title(obj) -> str:
        from django.utils import translation

        return obj.title_in(translation.get_language() or "zh-hans")


class MarkReadIn(Schema):
    ids: list[int] | None = None
