"""The inbox page and the user's notification settings."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qiao.accounts import services as account_services
from qiao.accounts.models import DigestFrequency
from qiao.core import limits
from qiao.inbox import selectors, services


class PreferencesForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label=gettext_lazy("E-mail digest of new notifications"), choices=DigestFrequency.choices
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


@login_required
def inbox(request):
    notifications = selectors.list_notifications(recipient=request.user)
    form = PreferencesForm(
        initial={
            "digest_frequency": request.user.digest_frequency,
            "language": request.user.language,
        }
    )
    page = limits.get_page(Paginator(notifications, 30), request.GET.get("page"))
    return render(request, "inbox/inbox.html", {"page": page, "form": form})


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(recipient=request.user)
    return redirect("inbox:inbox")


@login_required
@require_POST
def open_notification(request, pk):
    notification = selectors.list_notifications(recipient=request.user).filter(pk=pk).first()
    if notification is None:
        return redirect("inbox:inbox")
    services.mark_read(recipient=request.user, notification_ids=[pk])
    return redirect(notification.url or "inbox:inbox")


@login_required
@require_POST
def preferences(request):
    form = PreferencesForm(request.POST)
    if form.is_valid():
        account_services.update_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
    else:
        messages.error(request, _("Choose one of the offered options."))
    return redirect("inbox:inbox")
