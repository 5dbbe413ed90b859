"""English input formats: ISO first (see ``qiao.core.formats``), then Django's own."""

from django.conf.locale.en import formats as django_en

from qiao.core.formats import ISO_DATE, ISO_DATETIME, ISO_TIME, iso_first

DATE_INPUT_FORMATS = iso_first(ISO_DATE, django_en.DATE_INPUT_FORMATS)
DATETIME_INPUT_FORMATS = iso_first(
    ISO_DATETIME, ["%Y-%m-%dT%H:%M:%S", *django_en.DATETIME_INPUT_FORMATS]
)
TIME_INPUT_FORMATS = iso_first(ISO_TIME, django_en.TIME_INPUT_FORMATS)
