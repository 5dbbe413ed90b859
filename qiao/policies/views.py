"""Pages for support policies: catalogue, detail with reasons, a firm's file, the feed."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory.models import Organisation
from qiao.directory.roles import require_operator, roles_of
from qiao.policies import composer, excel, feeds, financing, insights, selectors, services
from qiao.policies.eligibility import Outcome
from qiao.policies.forms import (
    ApplicationForm,
    ComposerForm,
    CriterionRows,
    FlagForm,
    PolicyForm,
)
from qiao.policies.models import Application, FeedToken, Policy
from qiao.policies.sentences import explained as _explained
from qiao.policies.sentences import missing_prompt, sentences_both


@login_required
def policy_list(request):
    policies = selectors.list_visible_policies(request.user)
    firms = Organisation.objects.filter(pk__in=roles_of(request.user).member_of)
    return render(request, "policies/policy_list.html", {"policies": policies, "firms": firms})


@login_required
def policy_detail(request, pk):
    policy = selectors.access_policy(request.user, pk)
    roles = roles_of(request.user)
    firms = []
    for organisation in Organisation.objects.filter(pk__in=roles.member_of).select_related("kind"):
        result = selectors.explain(policy, organisation)
        application = Application.objects.filter(policy=policy, organisation=organisation).first()
        firms.append(
            {
                "organisation": organisation,
                "rows": _explained(result, firm_id=organisation.pk) if result else [],
                "outcome": result.outcome.name.lower() if result else "unknown",
                "application": application,
                "can_record": organisation.pk in roles.admin_of or roles.is_operator,
            }
        )
    context = {
        "policy": policy,
        "firms": firms,
        "is_operator": roles.is_operator,
        "not_applied": selectors.eligible_not_applied(policy) if roles.is_operator else None,
        "financing_needs": (
            financing.financing_needs_qualifying(policy)
            if roles.is_operator and policy.benefit_kind in financing.FUNDING
            else None
        ),
    }
    return render(request, "policies/policy_detail.html", context)


def _save_policy(request, policy: Policy | None):
    # The form works on its own copy: a ModelForm writes the posted values into its
    # instance while validating, and the service must see the stored ones to know what
    # changed (and to audit it).
    shown = Policy.objects.get(pk=policy.pk) if policy is not None else None
    form = PolicyForm(request.POST or None, instance=shown)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if policy is None:
                policy = services.create_policy(by=request.user, **data)
            else:
                version = form.cleaned_data.get("version")
                services.update_policy(by=request.user, policy_obj=policy, version=version, **data)
        except Conflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The policy was saved."))
            return redirect("policies:detail", policy.pk)
    return render(request, "policies/policy_form.html", {"form": form, "policy": policy})


@login_required
def policy_create(request):
    require_operator(request.user)
    return _save_policy(request, None)


@login_required
def policy_edit(request, pk):
    require_operator(request.user)
    return _save_policy(request, selectors.access_policy(request.user, pk))


def _alliance_ids(name: str) -> list[int]:
    return list(Organisation.objects.filter(name_zh=name.strip()).values_list("pk", flat=True)[:1])


@login_required
def policy_criteria(request, pk):
    """Compose the criteria from rows (no script): add rows, preview the sentences, save."""
    require_operator(request.user)
    policy = selectors.access_policy(request.user, pk)
    data = request.POST if request.method == "POST" else None
    rows = CriterionRows(data, prefix="rows", initial=[{}] * 3 if data is None else None)
    head = ComposerForm(data)
    criteria, problems, preview = [], {}, []
    action = request.POST.get("action", "")
    if data is not None and rows.is_valid() and head.is_valid():
        filled = [f.cleaned_data for f in rows.forms if f.cleaned_data.get("field")]
        built = [composer.Row(r["field"], r["operator"], r["value"], r["since"]) for r in filled]
        criteria, problems = composer.build(
            built, combine=head.cleaned_data["combine"], alliance_ids=_alliance_ids
        )
        if action == "add":
            rows = _with_more_rows(request.POST)
        # Messages by row: map the filled rows back to the form rows they came from.
        indexes = [i for i, f in enumerate(rows.forms) if f.cleaned_data.get("field")]
        for index, text in problems.items():
            target = rows.forms[indexes[index]] if index >= 0 else head
            target.add_error(None, text)
        if criteria and action == "save":
            try:
                services.update_policy(by=request.user, policy_obj=policy, criteria=criteria)
            except ValidationError as error:
                head.add_error(None, error)
            else:
                messages.success(request, _("The criteria were saved."))
                return redirect("policies:detail", policy.pk)
        preview = [_both(c) for c in criteria]
    context = {
        "policy": policy, "rows": rows, "head": head, "preview": preview,
        "criteria_json": json.dumps(criteria, ensure_ascii=False, indent=1) if criteria else "",
        "current": [_both(c) for c in policy.criteria] if policy.criteria else [],
    }  # fmt: skip
    return render(request, "policies/criteria_form.html", context)


def _both(criterion) -> dict[str, str]:
    both = sentences_both(criterion)
    return {"zh": both["zh-hans"], "en": both["en"]}


def _with_more_rows(post):
    """The posted rows and three empty ones (the "add rows" button, without a script)."""
    data = post.copy()
    total = int(data.get("rows-TOTAL_FORMS", 0) or 0)
    data["rows-TOTAL_FORMS"] = str(min(total + 3, 30))
    rows = CriterionRows(data, prefix="rows")
    rows.is_valid()
    return rows


@login_required
@require_POST
def policy_status(request, pk):
    require_operator(request.user)
    policy = selectors.access_policy(request.user, pk)
    status = request.POST.get("status", "")
    if status not in Policy.Status.values:
        raise Http404
    services.set_policy_status(by=request.user, policy_obj=policy, status=status)
    messages.success(request, _("The policy's status is now “%(status)s”.") % {
        "status": policy.get_status_display()})  # fmt: skip
    return redirect("policies:detail", policy.pk)


@login_required
def application_record(request, pk, org):
    policy = selectors.access_policy(request.user, pk)
    organisation = selectors.access_firm(request.user, org)
    roles = roles_of(request.user)
    if not (roles.is_operator or organisation.pk in roles.admin_of):
        raise Http404
    application = Application.objects.filter(policy=policy, organisation=organisation).first()
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.record_application(
                by=request.user, policy_obj=policy, organisation=organisation,
                version=form.cleaned_data.get("version"), **data,
            )  # fmt: skip
        except Conflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("policies:detail", policy.pk)
    context = {"form": form, "policy": policy, "organisation": organisation}
    return render(request, "policies/application_form.html", context)


@login_required
def firm_policies(request, org):
    organisation = selectors.access_firm(request.user, org)
    today = timezone.localdate()
    matches = [
        {
            "policy": m.policy,
            "met": m.result.outcome is Outcome.MET,
            "rows": _explained(m.result, firm_id=organisation.pk),
            "prompts": [missing_prompt(f) for f in m.result.missing_fields()],
        }
        for m in selectors.policies_for_firm(organisation, today=today)
    ]
    prompts = sorted({p for m in matches for p in m["prompts"]})
    token = services.feed_token_for(request.user)
    roles = roles_of(request.user)
    context = {
        "organisation": organisation,
        "flag_form": FlagForm() if roles.can_edit_organisation(organisation.pk) else None,
        "flags": organisation.status_flags.all(),
        "matches": matches,
        "prompts": prompts,
        "feed_url": request.build_absolute_uri(f"/policies/feeds/{token.token}.ics"),
    }
    return render(request, "policies/firm_policies.html", context)


def deadlines_feed(request, token):
    feed_token = get_object_or_404(FeedToken.objects.select_related("user"), token=token)
    user = feed_token.user
    policies = selectors.deadlines_for_user(user, today=timezone.localdate())
    response = HttpResponse(
        feeds.deadlines_feed(policies, user.language or "zh-hans"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="qiao-policy-deadlines.ics"'
    return response


def _xlsx(workbook, name: str) -> HttpResponse:
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    workbook.save(response)
    return response


@login_required
def import_template(request):
    require_operator(request.user)
    return _xlsx(excel.template_workbook(), "qiao-policies-template")


@login_required
def policy_export(request):
    require_operator(request.user)
    return _xlsx(excel.policies_workbook(Policy.objects.all()), "qiao-policies")


@login_required
def policy_insights(request):
    require_operator(request.user)
    figures = insights.money_delivered(Application.objects.all())
    return render(request, "policies/insights.html", {"figures": figures})


@login_required
def policy_insights_export(request):
    require_operator(request.user)
    figures = insights.money_delivered(Application.objects.all())
    return _xlsx(insights.money_workbook(figures), "qiao-policy-money")


@login_required
def policy_import(request):
    require_operator(request.user)
    result = None
    if request.method == "POST" and request.FILES.get("file"):
        result = excel.import_policies(by=request.user, file=request.FILES["file"])
        if not result.errors:
            messages.success(request, _("%(n)d policies were imported as drafts.") % {
                "n": result.created})  # fmt: skip
            return redirect("policies:list")
    return render(request, "policies/policy_import.html", {"result": result})


@login_required
@require_POST
def firm_flag(request, org):
    organisation = selectors.access_firm(request.user, org)
    if not roles_of(request.user).can_edit_organisation(organisation.pk):
        raise Http404
    form = FlagForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.set_flag(by=request.user, organisation=organisation, name=data["name"],
                          held=data["held"], expires_on=data["expires_on"])  # fmt: skip
        messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("policies:firm", organisation.pk)
