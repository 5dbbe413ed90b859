"""Feedback on matches becomes an evaluation set that match_eval reads."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching import services
from qiao.matching.models import Match, MatchFeedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(organisation, other_organisation, member):
    need = make_listing(
        organisation=organisation,
        kind=Kind.CLINICAL,
        title_zh="急诊脓毒症病原体快速检测",
        description="需要一小时内出结果的床旁核酸扩增检测。",
    )
    good = make_listing(
        organisation=other_organisation,
        title_zh="等温扩增床旁检测平台",
        description="恒温扩增，三十分钟出结果，适合急诊。",
    )
    secret = make_listing(
        organisation=other_organisation,
        kind=Kind.PRODUCT,
        title_zh="病原体核酸检测试剂盒",
        summary_zh="荧光PCR病原体检测。",
        description="机密细节XYZ",
        visibility=Listing.Visibility.CONFIDENTIAL,
    )
    for offer, verdict, reason in (
        (good, MatchFeedback.Verdict.INTERESTED, ""),
        (secret, MatchFeedback.Verdict.NOT_RELEVANT, MatchFeedback.Reason.WRONG_STAGE),
    ):
        match = Match.objects.create(
            listing=need, counterpart_listing=offer, score=1.0, rank=1, reasons=[]
        )
        services.record_feedback(match=match, given_by=member, verdict=verdict, reason=reason)
    return need, good, secret


def test_feedback_is_written_as_needs_offers_and_graded_judgements(judged, tmp_path):
    need, good, secret = judged

    call_command("export_match_feedback", out=str(tmp_path), stdout=StringIO())

    needs = [json.loads(line) for line in (tmp_path / "needs.jsonl").read_text().splitlines()]
    offers = [json.loads(line) for line in (tmp_path / "offers.jsonl").read_text().splitlines()]
    qrels = (tmp_path / "qrels.tsv").read_text().splitlines()
    assert [n["id"] for n in needs] == [str(need.pk)]
    assert needs[0]["kind"] == "clinical"
    assert sorted(o["id"] for o in offers) == sorted([str(good.pk), str(secret.pk)])
    assert sorted(qrels) == sorted([f"{need.pk}\t{good.pk}\t2", f"{need.pk}\t{secret.pk}\t0"])
    assert "机密细节XYZ" not in (tmp_path / "offers.jsonl").read_text()


def test_the_exported_set_runs_through_match_eval(judged, tmp_path):
    call_command("export_match_feedback", out=str(tmp_path), stdout=StringIO())
    out = StringIO()

    call_command(
        "match_eval",
        f"--needs={tmp_path / 'needs.jsonl'}",
        f"--offers={tmp_path / 'offers.jsonl'}",
        f"--qrels={tmp_path / 'qrels.tsv'}",
        "--k=20",
        f"--out={tmp_path / 'run.tsv'}",
        stdout=out,
    )

    need, good, secret = judged
    rows = [line.split("\t") for line in (tmp_path / "run.tsv").read_text().splitlines()]
    assert {(row[0], row[1]) for row in rows} == {
        (str(need.pk), str(good.pk)),
        (str(need.pk), str(secret.pk)),
    }
    assert sorted(row[2] for row in rows) == ["1", "2"]
    assert "MRR" in out.getvalue()


def test_no_feedback_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="还没有任何反馈"):
        call_command("export_match_feedback", out=str(tmp_path))
