"""定时任务：每种频率一条命令，逐个运行各应用的任务；一个失败不影响其余，最后报错。"""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from qiao.core.management.commands import run_jobs

pytestmark = pytest.mark.django_db


def test_every_scheduled_job_is_a_command_and_runs():
    known = get_commands()
    for jobs in run_jobs.JOBS.values():
        for job in jobs:
            assert job[0] in known
    out = StringIO()
    call_command("run_jobs", "daily", stdout=out)
    assert out.getvalue().count("== ") == len(run_jobs.JOBS["daily"])


def test_a_failing_job_does_not_stop_the_others(monkeypatch):
    ran = []

    def fake(name, *args, **kwargs):
        ran.append(name)
        if name == "send_renewal_notices":
            raise RuntimeError("boom")

    monkeypatch.setattr(run_jobs, "call_command", fake)
    with pytest.raises(CommandError, match="send_renewal_notices"):
        call_command("run_jobs", "daily", stdout=StringIO(), stderr=StringIO())
    assert ran == [job[0] for job in run_jobs.JOBS["daily"]]
