"""Read queries of the home. Nothing here writes; every part reads through the owning app's
permission-checked selectors."""

from qiao.home.selectors.public import (
    ClusterFigures,
    Featured,
    get_featured,
    get_public_figures,
    get_site_profile,
)
from qiao.home.selectors.waiting import Waiting, list_waiting
from qiao.home.selectors.work import (
    MyWork,
    SinceLastVisit,
    get_my_work,
    get_since_last_visit,
    list_my_listings,
    news_since,
)

__all__ = [
    "ClusterFigures",
    "Featured",
    "MyWork",
    "SinceLastVisit",
    "Waiting",
    "get_featured",
    "get_my_work",
    "get_public_figures",
    "get_since_last_visit",
    "get_site_profile",
    "list_my_listings",
    "list_waiting",
    "news_since",
]
