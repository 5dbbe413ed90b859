"""Admin for events. Capacity counts and meetings are kept by the services: read-only here."""

from django.contrib import admin

from qiao.core.admin import ReadOnlyAdmin, ReadOnlyStackedInline, ReadOnlyTabularInline
from qiao.events.models import (
    Event,
    EventRules,
    Exhibitor,
    Meeting,
    MeetingRequest,
    ParticipantProfile,
    ParticipantType,
    Registration,
    Session,
    Zone,
)


class RulesInline(ReadOnlyStackedInline):
    model = EventRules
    can_delete = False


class SessionInline(ReadOnlyTabularInline):
    model = Session
    extra = 0


class ZoneInline(ReadOnlyTabularInline):
    model = Zone
    extra = 0


class ParticipantTypeInline(ReadOnlyTabularInline):
    model = ParticipantType
    extra = 0
    filter_horizontal = ["may_meet"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title_zh", "kind", "status", "starts_on", "organiser", "approved_count"]
    list_filter = ["kind", "status"]
    search_fields = ["title_zh", "title_en"]
    raw_id_fields = ["organiser", "created_by"]
    readonly_fields = ["approved_count"]
    inlines = [RulesInline, ParticipantTypeInline, SessionInline, ZoneInline]


class ExhibitorInline(ReadOnlyTabularInline):
    model = Exhibitor
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Zone)
class ZoneAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "event"]
    inlines = [ExhibitorInline]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "event", "status", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user", "organisation", "decided_by"]
    readonly_fields = ["status", "decided_by", "decided_at"]


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "headline"]
    raw_id_fields = ["user"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["sender", "recipient", "status", "priority", "event"]
    list_filter = ["status"]
    raw_id_fields = ["event", "sender", "recipient"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["request", "slot", "table", "announced", "status"]
    list_filter = ["status", "announced"]
    raw_id_fields = ["event", "request", "slot", "introduction"]
