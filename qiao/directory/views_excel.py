"""Excel import and export pages (operator only)."""

from django.http import Http404


def import_workbook(request):
    raise Http404


def import_template(request):
    raise Http404


def export_organisations(request):
    raise Http404


def export_people(request):
    raise Http404
