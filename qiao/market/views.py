"""Pages for needs and offers: search, detail (with NDA and disclosures), forms, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qiao.core import limits, sections
from qiao.core.audit import list_audit_entries
from qiao.core.errors import Conflict
from qiao.core.forms import show_conflict
from qiao.core.money import format_money
from qiao.directory.roles import roles_of
from qiao.market import effects, policies, selectors, services
from qiao.market.completeness import assess
from qiao.market.excel import listings_workbook
from qiao.market.forms import KIND_FIELDS, ListingForm, ListingSearchForm, side_of
from qiao.market.models import NEED_KINDS, OFFER_KINDS, Disclosure, Kind, Listing
from qiao.taxonomy.models import Term, Vocabulary

PAGE_SIZE = 20


def _filters(request) -> selectors.ListingFilter:
    form = ListingSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    organisation = data.pop("organisation", None)
    return selectors.ListingFilter(
        **{k: (v or "").strip() for k, v in data.items()}, organisation=organisation
    )


def listing_list(request):
    filters = _filters(request)
    listings = selectors.search_listings(viewer=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "querystring": query.urlencode(),
        "page": limits.get_page(Paginator(listings, PAGE_SIZE), request.GET.get("page")),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "market/partials/listing_results.html", context)
    terms = Term.objects.filter(is_active=True).order_by("vocabulary", "position")
    context.update(
        need_kinds=NEED_KINDS,
        offer_kinds=OFFER_KINDS,
        statuses=Listing.Status.choices,
        categories=[t for t in terms if t.vocabulary == Vocabulary.DEVICE_CATEGORY],
        technology_areas=[t for t in terms if t.vocabulary == Vocabulary.TECHNOLOGY_AREA],
        therapeutic_areas=[t for t in terms if t.vocabulary == Vocabulary.THERAPEUTIC_AREA],
        can_post=roles_of(request.user).is_operator or bool(roles_of(request.user).member_of),
        administered=selectors.list_administered_organisations(viewer=request.user),
    )
    return render(request, "market/listing_list.html", context)


MONEY_FIELDS = {"amount", "ticket_min", "ticket_max"}


def _detail_rows(listing: Listing) -> list[tuple[str, object]]:
    rows = []
    for name in ["description", *KIND_FIELDS[listing.kind]]:
        if name == "confirms_no_patient_data":
            continue
        field = Listing._meta.get_field(name)
        value = getattr(listing, name)
        if value in ("", None, []):
            continue
        if field.choices:
            value = getattr(listing, f"get_{name}_display")()
        elif name in ("transfer_modes", "accreditations", "investment_stages"):
            choices = dict(ListingForm.base_fields[name].choices)
            value = "、".join(str(choices.get(v, v)) for v in value)
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif name in MONEY_FIELDS:
            value = format_money(value, "CNY", language=get_language())
        rows.append((field.verbose_name, value))
    return rows


def listing_detail(request, pk):
    listing = selectors.access_listing(viewer=request.user, listing_id=pk)
    roles = roles_of(request.user)
    can_edit = selectors.can_edit_listing(viewer=request.user, listing=listing)
    details_visible = selectors.can_read_details(viewer=request.user, listing=listing)
    terms = list(listing.terms.all())
    standing = selectors.get_nda_standing(viewer=request.user)
    context = {
        "listing": listing,
        "terms": terms,
        "details_visible": details_visible,
        "detail_rows": _detail_rows(listing) if details_visible else [],
        "can_edit": can_edit,
        "is_operator": roles.is_operator,
        "completeness": assess(listing, tag_count=len(terms)) if can_edit else None,
        "disclosures": selectors.list_disclosures(viewer=request.user, listing=listing),
        "my_disclosure": selectors.get_disclosure_for(viewer=request.user, listing=listing),
        "may_request_disclosure": (
            listing.is_confidential
            and listing.is_open
            and not details_visible
            and bool(roles.member_of)
        ),
        "nda_organisations": standing.may_accept_for,
        "nda_refused": standing.may_not_accept_for,
        "show_matches": can_edit,
        "related_links": effects.listing_links(listing_id=listing.pk),
        "sections": sections.render_sections(
            sections.LISTING_PAGE, viewer=request.user, obj=listing
        ),
        "audit_entries": list_audit_entries(listing) if roles.is_operator else None,
        "statuses": services.next_statuses(listing=listing, user=request.user) if can_edit else [],
    }
    return render(request, "market/listing_detail.html", context)


def _save(request, form: ListingForm, listing: Listing | None):
    try:
        if listing is None:
            return services.create_listing(
                created_by=request.user,
                organisation=form.owner(),
                side=side_of(form.kind),
                kind=form.kind,
                terms=form.selected_terms(),
                shared_with=form.cleaned_data.get("shared_with_names", []),
                **form.listing_fields(),
            )
        # The form's is_valid() already wrote the typed values onto ``listing``; the service
        # gets the stored row, so it sees (and audits) what changed.
        stored = selectors.access_editable_listing(viewer=request.user, listing_id=listing.pk)
        return services.update_listing(
            listing=stored,
            updated_by=request.user,
            version=form.cleaned_data.get("version"),
            organisation=form.owner(),
            terms=form.selected_terms(),
            shared_with=form.cleaned_data.get("shared_with_names", []),
            **form.listing_fields(),
        )
    except Conflict as conflict:
        show_conflict(form, conflict)
        form.conflict = conflict
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    except PermissionDenied:
        form.add_error(None, _("You may not post for this organisation."))
    return None


def _render_form(request, form: ListingForm, listing: Listing | None):
    # Somebody saved in between: 409, the form kept as typed with their change shown.
    status = 409 if getattr(form, "conflict", None) else 200
    return render(
        request,
        "market/listing_form.html",
        {
            "form": form,
            "listing": listing,
            "kind_label": Kind(form.kind).label,
            "completeness": assess(listing, tag_count=listing.terms.count()) if listing else None,
        },
        status=status,
    )


@login_required
def listing_create(request, kind):
    if kind not in Kind.values:
        raise Http404
    roles = roles_of(request.user)
    if not (roles.is_operator or roles.member_of):
        raise Http404
    form = ListingForm(request.POST or None, kind=kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        listing = _save(request, form, None)
        if listing is not None:
            messages.success(request, _("Saved as a draft. Submit it for review when ready."))
            return redirect("market:listing_detail", listing.pk)
    return _render_form(request, form, None)


@login_required
def listing_edit(request, pk):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=pk)
    form = ListingForm(request.POST or None, instance=listing, kind=listing.kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, listing)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("market:listing_detail", saved.pk)
    return _render_form(request, form, listing)


@login_required
@require_POST
def listing_completeness(request, kind):
    """Return the completeness hints of the form as typed so far (htmx, nothing saved)."""
    if kind not in Kind.values:
        raise Http404
    form = ListingForm(request.POST, kind=kind, user=request.user)
    form.is_valid()
    listing = Listing(kind=kind, side=side_of(kind))
    for name, value in form.cleaned_data.items():
        if name in {f.name for f in Listing._meta.concrete_fields} and not name.endswith("_names"):
            setattr(listing, name, value)
    tags = len(form.selected_terms()) if hasattr(form, "cleaned_data") else 0
    return render(
        request,
        "market/partials/completeness.html",
        {"completeness": assess(listing, tag_count=tags)},
    )


@login_required
@require_POST
def listing_status(request, pk):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=pk)
    try:
        services.change_listing_status(
            listing=listing, status=request.POST.get("status", ""), changed_by=request.user
        )
        messages.success(
            request, _("Status changed to “%(status)s”.") % {"status": listing.get_status_display()}
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("Only an operator can publish a listing."))
    return redirect("market:listing_detail", listing.pk)


@login_required
@require_POST
def listing_accept_nda(request, pk):
    listing = selectors.access_listing(viewer=request.user, listing_id=pk)
    allowed = selectors.get_nda_standing(viewer=request.user).may_accept_for
    raw = request.POST.get("organisation") or (str(allowed[0].pk) if allowed else "")
    organisation = next((o for o in allowed if str(o.pk) == raw), None)
    if request.POST.get("accept") != "yes":
        messages.error(request, _("Tick the box to accept the terms."))
        return redirect("market:listing_detail", listing.pk)
    if organisation is None:
        messages.error(request, policies.NOT_SIGNATORY)
        return redirect("market:listing_detail", listing.pk)
    try:
        disclosure = services.accept_nda(
            listing=listing, organisation=organisation, accepted_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("market:listing_detail", listing.pk)
    if disclosure.status == Disclosure.Status.GRANTED:
        messages.success(request, _("Terms accepted. The details are now open to you."))
    else:
        messages.info(request, _("Terms accepted. The owner will decide on disclosure."))
    return redirect("market:listing_detail", listing.pk)


@login_required
def nda_signatories(request, organisation_pk):
    """An organisation's admins choose which members may accept NDA terms for it."""
    organisation = selectors.access_signatory_organisation(
        viewer=request.user, organisation_id=organisation_pk
    )
    if request.method == "POST":
        member = get_object_or_404(
            get_user_model(),
            pk=request.POST.get("user") if str(request.POST.get("user", "")).isdigit() else 0,
            memberships__organisation=organisation,
        )
        try:
            services.allow_nda_signatory(
                organisation=organisation,
                user=member,
                allowed=request.POST.get("allowed") == "yes",
                by=request.user,
            )
            messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("market:nda_signatories", organisation.pk)
    return render(
        request,
        "market/nda_signatories.html",
        {
            "organisation": organisation,
            "rows": selectors.list_signatory_candidates(organisation=organisation),
        },
    )


@login_required
@require_POST
def disclosure_decide(request, pk, disclosure_pk):
    listing = selectors.access_editable_listing(viewer=request.user, listing_id=pk)
    disclosure = get_object_or_404(listing.disclosures, pk=disclosure_pk)
    decision = request.POST.get("decision")
    if decision not in ("grant", "decline"):
        messages.error(request, _("Choose to grant or to decline."))
        return redirect("market:listing_detail", listing.pk)
    try:
        services.decide_disclosure(
            disclosure=disclosure, decided_by=request.user, grant=decision == "grant"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("market:listing_detail", listing.pk)


@login_required
def listing_export(request):
    """Download the listings the viewer may see, details only where disclosed to them."""
    listings = selectors.search_listings(viewer=request.user, filters=_filters(request))
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="qiao-listings.xlsx"'
    listings_workbook(listings.prefetch_related("terms")[:5000]).save(response)
    return response
