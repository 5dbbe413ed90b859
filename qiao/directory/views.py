"""Directory pages: search, profiles, and the forms of those allowed to edit."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qiao.core import audit, limits, policy, sections
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.directory import selectors, services
from qiao.directory.figures import reconcile_key_figures
from qiao.directory.forms import (
    FORMSET_TITLES,
    DirectorySearchForm,
    InvestorFocusForm,
    InvitationForm,
    OrganisationForm,
    PersonForm,
    build_formsets,
    profile_changes,
)
from qiao.directory.graph import relation_graph
from qiao.directory.models import Credential, Person
from qiao.directory.roles import roles_of
from qiao.taxonomy.models import Vocabulary

PAGE_SIZE = 20
INVESTOR = "investor"  # the organisation kind whose profile shows an investment focus


def organisation_list(request):
    form = DirectorySearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.consistent_region(
        selectors.OrganisationFilter(**{k: (v or "").strip() for k, v in data.items()})
    )
    results, facets = selectors.run_search(viewer=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "sort": selectors.sort_of(filters),
        "sorts": selectors.Sort.choices,
        "querystring": query.urlencode(),
        "cache_seconds": settings.QIAO_SEARCH_CACHE_SECONDS,
        "page": limits.get_page(Paginator(results, PAGE_SIZE), request.GET.get("page")),
        "provinces": facets["province"],
        "cities": facets["city"],
        "districts": facets["district"],
    }
    if request.htmx and request.htmx.target == "results":
        # Typing refreshes the results and the region choices (swapped out of band); the
        # other facets keep their counts.
        context["region_oob"] = True
        return render(request, "directory/partials/organisation_results.html", context)
    terms = functools.cache(selectors.list_facet_terms)
    context.update(
        kinds=[(t, facets["kind"].get(t.pk, 0)) for t in selectors.list_kind_terms()],
        # Callables: the template calls them only when its cached tag facets have expired.
        categories=lambda: terms()[Vocabulary.DEVICE_CATEGORY],
        technology_areas=lambda: terms()[Vocabulary.TECHNOLOGY_AREA],
        therapeutic_areas=lambda: terms()[Vocabulary.THERAPEUTIC_AREA],
        can_create=roles_of(request.user).is_operator,
    )
    return render(request, "directory/organisation_list.html", context)


def organisation_detail(request, pk):
    organisation = selectors.access_organisation_profile(viewer=request.user, organisation_id=pk)
    credentials = list(organisation.credentials.all())
    counts = {
        "class_iii": sum(c.device_class == "III" for c in credentials),
        "class_ii": sum(c.device_class == "II" for c in credentials),
        "class_i": sum(c.device_class == "I" for c in credentials),
        "patents": sum(c.kind == Credential.Kind.PATENT for c in credentials),
        "software": sum(c.kind == Credential.Kind.SOFTWARE_COPYRIGHT for c in credentials),
    }
    terms = list(organisation.terms.all())
    context = {
        "organisation": organisation,
        "key_figures": reconcile_key_figures(organisation.key_figures.all(), credentials),
        "is_investor": organisation.kind.code == INVESTOR,
        "investor_focus": (
            selectors.get_investor_focus(organisation=organisation)
            if organisation.kind.code == INVESTOR
            else None
        ),
        "sections": sections.render_sections(
            sections.ORGANISATION_PAGE, viewer=request.user, obj=organisation
        ),
        "relations": organisation.all_relations,
        "graph": relation_graph(organisation, organisation.all_relations),
        "credentials": credentials,
        "credential_counts": counts,
        "tags": {
            vocabulary: [t for t in terms if t.vocabulary == vocabulary]
            for vocabulary in (
                Vocabulary.DEVICE_CATEGORY,
                Vocabulary.TECHNOLOGY_AREA,
                Vocabulary.THERAPEUTIC_AREA,
                Vocabulary.LIFECYCLE_STAGE,
            )
        },
        "platforms": [c for c in organisation.capabilities.all() if c.kind == "platform"],
        "services": [c for c in organisation.capabilities.all() if c.kind == "service"],
        "affiliations": organisation.affiliations.all(),
        "can_edit": roles_of(request.user).can_edit_organisation(organisation.pk),
        "show_contacts": roles_of(request.user).is_authenticated,
    }
    # Who changed what is for those who may change it.
    context["audit_entries"] = (
        audit.list_audit_entries(organisation) if context["can_edit"] else None
    )
    return render(request, "directory/organisation_detail.html", context)


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _save_organisation(request, *, form, formsets, organisation=None):
    """Save the form and every formset in one service call; return the organisation or None.

    A save from a stale version raises ``Conflict`` for the caller to show.
    """
    if not (form.is_valid() and all(fs.is_valid() for fs in formsets.values())):
        return None
    try:
        return services.save_organisation_profile(
            by=request.user,
            organisation=organisation,
            data=form.organisation_data(),
            parts=profile_changes(formsets),
            version=form.cleaned_data.get("version"),
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None


def _render_form(request, *, form, formsets, organisation=None, status=200):
    context = {
        "form": form,
        "formsets": [(FORMSET_TITLES[name], fs) for name, fs in formsets.items()],
        "organisation": organisation,
    }
    return render(request, "directory/organisation_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    if not policy.allows(request.user, "directory.create_organisation"):
        raise Http404
    form = OrganisationForm(request.POST or None)
    formsets = build_formsets(data=request.POST or None)
    if request.method == "POST":
        organisation = _save_organisation(request, form=form, formsets=formsets)
        if organisation is not None:
            messages.success(request, _("The organisation was created."))
            return redirect("directory:organisation_detail", pk=organisation.pk)
        messages.error(request, _("Please correct the errors below. Nothing was saved."))
    return _render_form(request, form=form, formsets=formsets)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = selectors.access_editable_organisation(viewer=request.user, organisation_id=pk)
    # The form writes the posted values into its instance; the service gets its own copy,
    # so it compares them with what is stored.
    shown = selectors.access_editable_organisation(viewer=request.user, organisation_id=pk)
    form = OrganisationForm(request.POST or None, instance=shown)
    formsets = build_formsets(data=request.POST or None, instance=shown)
    if request.method == "POST":
        try:
            saved = _save_organisation(
                request, form=form, formsets=formsets, organisation=organisation
            )
        except Conflict as conflict:
            show_conflict(form, conflict)
            return _render_form(
                request, form=form, formsets=formsets, organisation=organisation, status=409
            )
        if saved:
            messages.success(request, _("Your changes were saved."))
            return redirect("directory:organisation_detail", pk=organisation.pk)
        messages.error(request, _("Please correct the errors below. Nothing was saved."))
    return _render_form(request, form=form, formsets=formsets, organisation=organisation)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_investor_focus(request, pk):
    organisation = selectors.access_editable_organisation(viewer=request.user, organisation_id=pk)
    focus = selectors.get_investor_focus(organisation=organisation)
    form = InvestorFocusForm(request.POST or None, instance=focus)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_investor_focus(
                organisation=organisation, by=request.user, data=form.focus_data()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("directory:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "directory/organisation_investor_focus.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_invite(request, pk):
    organisation = selectors.access_editable_organisation(viewer=request.user, organisation_id=pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("directory:organisation_detail", pk=organisation.pk)
    return render(
        request, "directory/organisation_invite.html", {"form": form, "organisation": organisation}
    )


def person_list(request):
    q = request.GET.get("q", "")[:100]
    think_tank = True if request.GET.get("think_tank") == "1" else None
    people = selectors.search_people(viewer=request.user, q=q, think_tank=think_tank)
    page = limits.get_page(Paginator(people, PAGE_SIZE), request.GET.get("page"))
    roles = roles_of(request.user)
    return render(
        request,
        "directory/person_list.html",
        {
            "page": page,
            "q": q,
            "think_tank": think_tank,
            "can_create": roles.is_operator or bool(roles.admin_of),
        },
    )


def person_detail(request, pk):
    person = selectors.access_person(viewer=request.user, person_id=pk)
    roles = roles_of(request.user)
    can_edit = roles.is_operator or any(
        a.organisation_id in roles.admin_of for a in person.affiliations.all()
    )
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "show_contacts": roles.is_authenticated,
            "can_edit": can_edit,
            "audit_entries": audit.list_audit_entries(person) if can_edit else None,
        },
    )


def _person_form_view(request, *, person: Person, shown: Person):
    """``shown`` is the form's copy of ``person`` (the form writes posted values into it)."""
    organisations = selectors.list_editable_organisations(viewer=request.user)
    form = PersonForm(
        request.POST or None, instance=shown, organisations=organisations, editor=request.user
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            person = _save_person(request, form=form, person=person)
        except ValidationError as error:
            _add_errors(form, error)
        except Conflict as conflict:
            show_conflict(form, conflict)
            status = 409
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("directory:person_detail", pk=person.pk)
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below. Nothing was saved."))
    return render(
        request, "directory/person_form.html", {"form": form, "person": person}, status=status
    )


def _save_person(request, *, form: PersonForm, person: Person) -> Person:
    if person.pk is None:
        return services.create_person(
            by=request.user, data=form.person_data(), affiliations=form.affiliations()
        )
    return services.update_person(
        person=person,
        by=request.user,
        data=form.person_data(),
        affiliations=form.affiliations(),
        version=form.cleaned_data.get("version"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    if not policy.allows(request.user, "directory.create_person"):
        raise Http404
    return _person_form_view(request, person=Person(), shown=Person())


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = selectors.access_editable_person(viewer=request.user, person_id=pk)
    shown = selectors.access_editable_person(viewer=request.user, person_id=pk)
    return _person_form_view(request, person=person, shown=shown)
