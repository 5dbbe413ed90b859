"""The operator's back office for the directory. Saving here keeps the search index current."""

from django.contrib import admin

from qiao.core import effects
from qiao.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from qiao.directory import services
from qiao.directory.models import (
    Affiliation,
    Capability,
    Credential,
    Department,
    Invitation,
    KeyFigure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
)


class DepartmentInline(ReadOnlyTabularInline):
    model = Department
    extra = 0


class CapabilityInline(ReadOnlyTabularInline):
    model = Capability
    extra = 0


class CredentialInline(ReadOnlyTabularInline):
    model = Credential
    extra = 0


class KeyFigureInline(ReadOnlyTabularInline):
    model = KeyFigure
    extra = 0


class RelationInline(ReadOnlyTabularInline):
    model = OrganisationRelation
    fk_name = "source"
    extra = 0
    raw_id_fields = ["target"]


class MembershipInline(ReadOnlyTabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "name_en", "kind", "province", "city", "district", "visibility"]
    list_filter = ["kind", "visibility", "province"]
    search_fields = ["name_zh", "name_en", "short_name_zh", "short_name_en", "aliases"]
    filter_horizontal = ["terms"]
    inlines = [
        RelationInline,
        DepartmentInline,
        CapabilityInline,
        CredentialInline,
        KeyFigureInline,
        MembershipInline,
    ]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.reindex_organisation(organisation=form.instance)
        # The admin site writes rows itself (Django records it in its own log); those who
        # listen to the directory still hear of it, after the commit.
        effects.emit("organisation_changed", organisation_id=form.instance.pk)


class AffiliationInline(ReadOnlyTabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "name_en", "is_think_tank_expert", "email"]
    list_filter = ["is_think_tank_expert"]
    search_fields = ["name_zh", "name_en", "email"]
    raw_id_fields = ["user"]
    filter_horizontal = ["expertise_terms"]
    inlines = [AffiliationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.reindex_person(person=form.instance)
        effects.emit("person_changed", person_id=form.instance.pk)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at"]
    raw_id_fields = ["organisation", "invited_by"]
    readonly_fields = ["token"]
