"""The lab's current time, one seam for tests that live through a month in minutes.

Every "now" of the lab's services, pages and calendar comes from :func:`now`, so a test
can set the clock to the week before a holiday, book, and move on to the month's end.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localtime(now()).date()
