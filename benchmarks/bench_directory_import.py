"""A 2,000-row directory import (1,000 organisations, 1,000 people), as the worker runs it.

    QIAO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/qiao_bench_import \\
        .venv/bin/python benchmarks/bench_directory_import.py

Migrates the database, then times the stored workbook's import through
``imports.run_import`` (the background task's body: read, check every row, save in one
transaction, one audit entry). Each run uses fresh names, so every row is created.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
os.environ.setdefault("QIAO_DEBUG", "0")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from qiao.directory import imports  # noqa: E402
from qiao.directory.models import ImportJob  # noqa: E402

ORGANISATIONS = 1000


def workbook() -> bytes:
    run = uuid.uuid4().hex[:6]
    book = openpyxl.Workbook()
    book.remove(book.active)
    organisations = book.create_sheet("机构")
    organisations.append(["中文名称*", "类型*", "城市"])
    people = book.create_sheet("人员")
    people.append(["姓名*", "所属机构*", "邮箱"])
    for i in range(ORGANISATIONS):
        name = f"基准导入医疗科技{run}{i}号有限公司"
        organisations.append([name, "企业", "上海"])
        people.append([f"测试{run}{i}", name, f"p{run}{i}@bench.example"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    call_command("migrate", verbosity=0)
    operator, _created = get_user_model().objects.get_or_create(
        email="bench-import@bench.example", defaults={"is_operator": True}
    )
    upload = SimpleUploadedFile("bench.xlsx", workbook())
    job = imports.start_import(upload=upload, started_by=operator)
    started = time.perf_counter()
    status = imports.run_import(job.pk)
    seconds = time.perf_counter() - started
    job = ImportJob.objects.get(pk=job.pk)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": job.rows,
                "status": status,
                "seconds": round(seconds, 2),
                "summary": job.summary,
                "errors": job.errors[:3],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
