"""Excel import and export pages (operator only).

Anonymous visitors are sent to sign in; signed-in users who aren't operators get 404, so
the pages can't be probed.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from qiao.directory import excel, imports
from qiao.directory.models import ImportJob
from qiao.directory.roles import roles_of

SHOWN_ERRORS = 500


def operator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles_of(request.user).is_operator:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,{excel.CONTENT_TYPE}", "aria-describedby": "workbook-help"}
        ),
    )


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_workbook(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.start_import(
                upload=form.cleaned_data["workbook"], started_by=request.user
            )
        except excel.WorkbookError as error:
            form.add_error("workbook", str(error))
        else:
            return redirect("directory:import_job", job.pk)
    return render(request, "directory/import.html", _context(form))


def _context(form, job: ImportJob | None = None) -> dict:
    errors = [excel.RowError(**e) for e in job.errors] if job is not None else []
    return {
        "form": form,
        "job": job,
        "errors": errors[:SHOWN_ERRORS],
        "error_count": len(errors),
        "hidden_error_count": max(len(errors) - SHOWN_ERRORS, 0),
        "max_rows": excel.MAX_ROWS,
        "max_megabytes": excel.MAX_UPLOAD_BYTES // (1024 * 1024),
    }


@operator_required
@require_safe
@never_cache
def import_job(request, pk):
    """The progress of an import; the page polls it with htmx until it has finished."""
    job = get_object_or_404(ImportJob, pk=pk)
    if request.htmx:
        response = render(request, "directory/partials/import_job.html", {"job": job})
        if job.is_finished:
            response["HX-Refresh"] = "true"  # show the full outcome: counts or problems
        return response
    form = ImportForm()
    if job.workbook_error:
        form = ImportForm(data={}, files={"workbook": None})
        form.is_valid()
        form.errors.clear()
        form.add_error("workbook", job.workbook_error)
    if job.status == ImportJob.Status.SUCCEEDED:
        messages.success(request, _summary_message(excel.ImportSummary(**job.summary)))
    return render(request, "directory/import.html", _context(form, job))


def _summary_message(summary: excel.ImportSummary) -> str:
    return _(
        "Import finished. Organisations: %(organisations_created)s created, "
        "%(organisations_updated)s updated, %(organisations_unchanged)s unchanged. "
        "People: %(people_created)s created, %(people_updated)s updated, "
        "%(people_unchanged)s unchanged. Parts (credentials, capabilities, departments, "
        "relations, key figures, investment focus): %(parts_created)s added, "
        "%(parts_updated)s updated, %(parts_unchanged)s unchanged."
    ) % vars(summary)


def _download(workbook, *, name: str) -> FileResponse:
    return FileResponse(
        workbook, as_attachment=True, filename=name, content_type=excel.CONTENT_TYPE
    )


@operator_required
@require_safe
def import_template(request):
    return _download(excel.build_template(), name="qiao-import-template.xlsx")


# never_cache: exports hold contact details, which no shared cache should keep.
@operator_required
@require_safe
@never_cache
def export_organisations(request):
    name = f"qiao-organisations-{timezone.localdate():%Y-%m-%d}.xlsx"
    return _download(excel.export_organisations(), name=name)


@operator_required
@require_safe
@never_cache
def export_people(request):
    name = f"qiao-people-{timezone.localdate():%Y-%m-%d}.xlsx"
    return _download(excel.export_people(), name=name)
