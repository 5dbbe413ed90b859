"""Events API: the same rights as the pages (drafts hidden, requests private to their sides).

``events`` holds the event, registrations, requests and the planning; ``setup`` the
organiser's set-up, bulk decisions, the rule table, the report and the calendar feed URL.
"""

from qiao.events.api.events import router
from qiao.events.api.setup import router as setup_router

router.add_router("", setup_router)

__all__ = ["router"]
