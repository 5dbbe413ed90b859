"""Imports run in the background: queued after commit, followed by a polling page, audited once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from qiao.core.audit import AuditEntry
from qiao.directory import excel, imports
from qiao.directory.models import ImportJob, Organisation
from qiao.directory.tests.test_excel import make_workbook

pytestmark = pytest.mark.django_db

GOOD = make_workbook(
    机构=[["中文名称", "类型"], ["甲医疗科技有限公司", "企业"], ["乙公司", "企业"]]
)
BAD = make_workbook(机构=[["中文名称", "类型"], ["甲医疗科技有限公司", "企业"], ["乙公司", "医馆"]])


@pytest.fixture
def operator_client(operator):
    client = Client()
    client.force_login(operator)
    return client


def _post(client, data):
    file = SimpleUploadedFile("directory.xlsx", data, content_type=excel.CONTENT_TYPE)
    return client.post("/directory/import/", {"workbook": file}, HTTP_ACCEPT_LANGUAGE="en")


def test_upload_is_stored_and_queued_after_commit_not_run_in_the_request(
    operator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(operator_client, GOOD)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/directory/import/{job.pk}/"
    assert job.status == ImportJob.Status.QUEUED and job.file.name.startswith("imports/")
    assert Organisation.objects.filter(name_zh="乙公司").count() == 0
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "qiao.directory.tasks.run_import"
    assert queued.args_kwargs["kwargs"] == {"job_id": job.pk}


def test_running_the_job_imports_and_audits_one_entry_with_counts(operator_client, operator):
    _post(operator_client, GOOD)
    job = ImportJob.objects.get()

    assert imports.run_import(job.pk) == ImportJob.Status.SUCCEEDED

    job.refresh_from_db()
    assert (job.rows, job.summary["organisations_created"], job.file.name) == (2, 2, "")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORTED)
    assert entry.actor == operator
    assert entry.changes["organisations_created"] == 2


def test_a_bad_row_saves_nothing_and_lists_the_row_in_the_uploaders_language(operator_client):
    _post(operator_client, BAD)
    job = ImportJob.objects.get()

    assert imports.run_import(job.pk) == ImportJob.Status.FAILED

    job.refresh_from_db()
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [("机构", 3, "类型")]
    assert job.errors[0]["message"].startswith("Unknown organisation kind")
    assert Organisation.objects.filter(name_zh="甲医疗科技有限公司").count() == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED).count() == 0


def test_progress_page_polls_until_finished_then_refreshes(operator_client):
    _post(operator_client, GOOD)
    job = ImportJob.objects.get()
    url = f"/directory/import/{job.pk}/"

    waiting = operator_client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert "HX-Refresh" not in waiting

    imports.run_import(job.pk)
    done = operator_client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "every 1s" not in done.content.decode()


def test_job_page_is_hidden_from_non_operators(operator_client, member):
    _post(operator_client, GOOD)
    client = Client()
    client.force_login(member)

    assert client.get(f"/directory/import/{ImportJob.objects.get().pk}/").status_code == 404
