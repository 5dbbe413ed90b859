"""Aggregations for the operator's insights (and each member organisation's reduced view).

Read-only: this app writes nothing. Every figure is computed over what the viewer may see
(``scope.py``), in the database, so a dashboard costs a handful of queries at any size.
"""

from qiao.insights.selectors.agreements import (
    PERIODS,
    AgreementStats,
    Period,
    get_agreement_stats,
)
from qiao.insights.selectors.brokers import BrokerRow, get_broker_stats
from qiao.insights.selectors.funnel import Funnel, StageRow, get_funnel, get_projects_by_stage
from qiao.insights.selectors.network import Network, NetworkFilter, get_network

__all__ = [
    "PERIODS",
    "AgreementStats",
    "BrokerRow",
    "Funnel",
    "Network",
    "NetworkFilter",
    "Period",
    "StageRow",
    "get_agreement_stats",
    "get_broker_stats",
    "get_funnel",
    "get_network",
    "get_projects_by_stage",
]
