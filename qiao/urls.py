from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from qiao.accounts import views as account_views
from qiao.api import api
from qiao.home.views import home

urlpatterns = [
    path("", home, name="home"),
    path("home/", include("qiao.home.urls")),
    path("accounts/", include("qiao.accounts.urls")),
    path("directory/", include("qiao.directory.urls")),
    path("market/", include("qiao.market.urls")),
    path("matching/", include("qiao.matching.urls")),
    path("pipeline/", include("qiao.pipeline.urls")),
    path("lab/", include("qiao.lab.urls")),
    path("calls/", include("qiao.calls.urls")),
    path("experts/", include("qiao.experts.urls")),
    path("alliances/", include("qiao.alliances.urls")),
    path("events/", include("qiao.events.urls")),
    path("news/", include("qiao.intel.urls")),
    path("inbox/", include("qiao.inbox.urls")),
    path("join/", include("qiao.onboarding.urls")),
    path("policies/", include("qiao.policies.urls")),
    path("servicedesk/", include("qiao.servicedesk.urls")),
    path("statistics/", include("qiao.reporting.urls")),
    path("chain/", include("qiao.chain.urls")),
    path("attraction/", include("qiao.attraction.urls")),
    path("insights/", include("qiao.insights.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
