"""The home at ``/``: one page per role, and the operators' form for the site profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core.audit import describe_entry
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory.roles import require_operator, roles_of
from qiao.home import selectors, services
from qiao.home.forms import SiteProfileForm

# The pages an audit entry's object is read on, by model label.
ENTRY_PAGES = {
    "pipeline.introduction": "pipeline:introduction_detail",
    "pipeline.agreement": "pipeline:agreement_detail",
    "pipeline.project": "pipeline:project_detail",
    "directory.organisation": "directory:organisation_detail",
}


def apply_url() -> str:
    """The application form, if the onboarding app that serves it is installed yet."""
    try:
        return reverse("onboarding:apply")
    except NoReverseMatch:
        return ""


def _entry_rows(entries) -> list[dict]:
    rows = []
    for entry in entries:
        name = ENTRY_PAGES.get(f"{entry.content_type.app_label}.{entry.content_type.model}")
        url = reverse(name, args=[entry.object_id]) if name and entry.object_id else ""
        rows.append({"sentences": describe_entry(entry), "url": url, "at": entry.at})
    return rows


def home(request):
    if not request.user.is_authenticated:
        return _anonymous(request)
    now = timezone.now()
    previous = services.record_visit(by=request.user, now=now)
    since = selectors.news_since(previous, now=now)
    work = selectors.get_my_work(viewer=request.user, since=since, now=now)
    news = selectors.get_since_last_visit(
        viewer=request.user, since=since, first_visit=previous is None, work=work
    )
    context = {
        "profile": selectors.get_site_profile(),
        "news": news,
        "entries": _entry_rows(news.entries),
    }
    if roles_of(request.user).is_operator:
        context["waiting"] = selectors.list_waiting(viewer=request.user)
        context["figures"] = selectors.get_public_figures()
        return render(request, "home/operator.html", context)
    context["work"] = work
    return render(request, "home/member.html", context)


def _anonymous(request):
    context = {
        "profile": selectors.get_site_profile(),
        "figures": selectors.get_public_figures(),
        "featured": selectors.get_featured(),
        "apply_url": apply_url(),
    }
    return render(request, "home/anonymous.html", context)


@login_required
def site_profile_edit(request):
    require_operator(request.user)
    profile = selectors.get_site_profile()
    form = SiteProfileForm(request.POST or None, instance=profile)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_site_profile(
                by=request.user,
                data=form.profile_data(),
                version=form.cleaned_data.get("version"),
            )
        except Conflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("home")
    return render(request, "home/site_profile_form.html", {"form": form}, status=status)
