"""Directory pages (being written)."""

from django.http import Http404


def organisation_list(request, pk=None):
    raise Http404


def organisation_create(request, pk=None):
    raise Http404


def organisation_detail(request, pk=None):
    raise Http404


def organisation_edit(request, pk=None):
    raise Http404


def organisation_invite(request, pk=None):
    raise Http404


def person_list(request, pk=None):
    raise Http404


def person_create(request, pk=None):
    raise Http404


def person_detail(request, pk=None):
    raise Http404


def person_edit(request, pk=None):
    raise Http404

