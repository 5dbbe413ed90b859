import datetime
from decimal import Decimal

from qiao.reporting import services
from qiao.reporting.catalogue import seed_indicators
from qiao.reporting.models import Figure, Indicator


def indicator(code: str) -> Indicator:
    # A transactional test's flush empties the seeded catalogue; put it back when missing.
    return seed_indicators(Indicator)[code]


def add_figure(organisation, code: str, period: str, value) -> Figure:
    return Figure.objects.create(
        organisation=organisation,
        indicator=indicator(code),
        period=period,
        value=Decimal(value),
        source=Figure.Source.REPORTED,
    )


def open_campaign(operator, organisations, codes=("revenue", "employees"), period="2026Q3"):
    return services.open_campaign(
        by=operator,
        title=f"{period} 集群季报",
        period=period,
        due_on=datetime.date(2026, 10, 15),
        indicators=[indicator(code) for code in codes],
        organisation_ids=[o.pk for o in organisations],
    )
