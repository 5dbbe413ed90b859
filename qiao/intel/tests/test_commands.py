import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from qiao.intel.models import Article, Proposal
from qiao.intel.tests.conftest import SEEDS, gold, needs_seeds

KEYS = {
    "organisations": {"name", "type", "aliases"},
    "people": {"name", "title", "organisation"},
    "events": {"kind", "date", "place", "participants"},
    "agreements": {"parties", "kind", "date", "amount_cny", "count"},
    "figures": {"text", "value", "unit", "about"},
}


@needs_seeds
@pytest.mark.django_db
def test_extract_news_writes_one_json_per_file_and_reports_bad_files(real_directory, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(
        "extract_news",
        str(empty),
        str(tmp_path / "missing.txt"),
        str(SEEDS),
        "--format",
        "json",
        "--out",
        str(tmp_path / "out"),
        stdout=out,
        stderr=err,
    )
    # Messages are in the site's language (Chinese first).
    assert "empty.txt 为空" in err.getvalue()
    assert "无法读取" in err.getvalue() and "missing.txt" in err.getvalue()
    written = sorted(p.stem for p in (tmp_path / "out").glob("*.json"))
    assert written == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for stem in written:
        data = json.loads((tmp_path / "out" / f"{stem}.json").read_text(encoding="utf-8"))
        assert set(data) == set(KEYS)
        for field, keys in KEYS.items():
            assert all(set(item) == keys for item in data[field])
        names = {o["name"] for o in data["organisations"]}
        gold_names = {o["name"] for o in gold(stem)["organisations"]}
        assert len(names & gold_names) >= 0.8 * len(gold_names)
        assert not any("(" in n and "ǎ" in n for n in names)  # no garbling left


@pytest.mark.django_db
def test_extract_news_prints_json_with_the_publication_date_given(real_directory, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("3月17日,上海市奉賢區中心醫院與伯杰醫療簽約,總投資二十億元。", encoding="utf-8")
    out = StringIO()
    call_command("extract_news", str(path), "--published", "2021-03-20", stdout=out)
    data = json.loads(out.getvalue())
    [agreement] = data["agreements"]
    assert agreement["date"] == "2021-03-17"
    assert agreement["amount_cny"] == 2_000_000_000
    assert set(agreement["parties"]) == {"上海市奉贤区中心医院", "上海伯杰医疗科技股份有限公司"}


@needs_seeds
@pytest.mark.django_db
def test_ingest_news_stores_a_folder_once(real_directory, tmp_path):
    out = StringIO()
    with translation.override("en"):
        call_command("ingest_news", str(SEEDS), stdout=out, stderr=StringIO())
    assert "5 stored, 0 already known, 0 unreadable" in out.getvalue()
    assert Article.objects.count() == 5
    assert Proposal.objects.filter(status="pending").count() > 50
    out = StringIO()
    call_command("ingest_news", str(SEEDS), stdout=out, stderr=StringIO())
    assert "0 条新存入，5 条已存在" in out.getvalue()  # in the site's language


@pytest.mark.django_db
def test_several_files_on_stdout_are_json_lines(real_directory, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(
            "上海理工大学与上海市高端医疗装备创新中心签约。", encoding="utf-8"
        )
    out = StringIO()
    call_command("extract_news", str(tmp_path), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [Path(line["file"]).name for line in lines] == ["a.txt", "b.txt"]
    assert lines[0]["agreements"][0]["parties"] == ["上海理工大学", "上海市高端医疗装备创新中心"]
