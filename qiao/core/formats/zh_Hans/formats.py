"""Simplified Chinese input formats: ISO first (see ``qiao.core.formats``).

Django's zh_Hans list starts with ``%Y/%m/%d``, which ``<input type="date">`` cannot show, and
its ``%Y年%n月%j日`` is no strptime directive; ``%Y年%m月%d日`` also reads 2016年9月5日.
"""

from qiao.core.formats import ISO_DATE, ISO_DATETIME, ISO_TIME, iso_first

DATE_INPUT_FORMATS = iso_first(ISO_DATE, ["%Y/%m/%d", "%Y年%m月%d日"])
DATETIME_INPUT_FORMATS = iso_first(
    ISO_DATETIME,
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y年%m月%d日 %H:%M",
        "%Y年%m月%d日 %H:%M:%S",
    ],
)
TIME_INPUT_FORMATS = iso_first(ISO_TIME, ["%H:%M:%S", "%H:%M:%S.%f"])
