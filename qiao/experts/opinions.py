"""Expert opinions on a clinical need: the section on the need's page and the expert's form.

Shown opinions appear to whoever may read the need's details (a confidential need's
opinions stay behind its NDA); an active expert viewing a clinical need gets a link to write
or change theirs. Nothing is shown without the expert's consent (``shown``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qiao.core.errors import Conflict
from qiao.experts import selectors, services
from qiao.experts.models import Expert, Opinion
from qiao.market.models import Kind
from qiao.market.selectors import access_listing, can_read_details


def _expert_of(viewer) -> Expert | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    return Expert.objects.filter(person__user=viewer, status=Expert.Status.ACTIVE).first()


def need_opinions_section(*, viewer, obj):
    if obj.kind != Kind.CLINICAL or not can_read_details(viewer=viewer, listing=obj):
        return None
    opinions = list(selectors.shown_opinions(obj))
    expert = _expert_of(viewer)
    if not opinions and expert is None:
        return None
    return {"expert_opinions": opinions, "as_expert": expert, "need": obj}


class OpinionForm(forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["verdict", "clinical_value", "feasibility", "suggestions", "shown"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("clinical_value", "feasibility", "suggestions")
        }


@login_required
def opinion_form(request, need_id):
    need = access_listing(viewer=request.user, listing_id=need_id)
    expert = _expert_of(request.user)
    if (
        expert is None
        or need.kind != Kind.CLINICAL
        or not can_read_details(viewer=request.user, listing=need)
    ):
        raise Http404
    existing = Opinion.objects.filter(expert=expert, need=need).first()
    form = OpinionForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in OpinionForm.Meta.fields}
        try:
            services.give_opinion(expert=expert, need=need, by=request.user, **fields)
        except (ValidationError, Conflict) as error:
            form.add_error(None, str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your opinion is saved."))
            return redirect("market:listing_detail", need.pk)
    return render(request, "experts/opinion_form.html", {"form": form, "need": need})
