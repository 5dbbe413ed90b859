import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

NEEDS = [
    {
        "id": "n1",
        "kind": "clinical",
        "title": "脓毒症快速诊断",
        "text": "需要PCR即时检验",
        "lang": "zh",
    },
    {
        "id": "n2",
        "kind": "financing",
        "title": "神经介入 A轮融资",
        "text": "融资2000万",
        "lang": "zh",
    },
]
OFFERS = [
    {"id": "o1", "kind": "technology", "title": "荧光定量PCR平台", "text": "病原体快速检测",
     "lang": "zh", "owner_kind": "company"},
    {"id": "o2", "kind": "investment", "title": "医疗基金", "text": "关注神经介入，A轮，500-3000万",
     "lang": "zh", "owner_kind": "investor"},
    {"id": "o3", "kind": "technology", "title": "神经介入取栓支架", "text": "A轮融资中",
     "lang": "zh", "owner_kind": "company"},
]  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    needs = write_jsonl(tmp_path / "needs.jsonl", NEEDS)
    offers = write_jsonl(tmp_path / "offers.jsonl", OFFERS)
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("n1\to1\t3\nn2\to2\t3\nn2\to3\t0\n", encoding="utf-8")
    return {"needs": needs, "offers": offers, "qrels": qrels, "out": tmp_path / "run.tsv"}


def run(files, *args, **options):
    lines = []

    class Out:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    call_command(
        "match_eval",
        "--needs", str(files["needs"]), "--offers", str(files["offers"]),
        "--out", str(files["out"]), *args, stdout=Out(), **options,
    )  # fmt: skip
    return "".join(lines)


def rows(path):
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_writes_ranked_run_and_prints_metrics(files):
    output = run(files, "--k", "5", "--qrels", str(files["qrels"]))
    run_rows = rows(files["out"])
    assert [(r[0], r[1], r[2]) for r in run_rows] == [("n1", "o1", "1"), ("n2", "o2", "1")]
    assert all(float(r[3]) > 0 for r in run_rows)
    assert "nDCG@10 1.0000  Recall@20 1.0000  MRR 1.0000  (2 judged needs)" in output


def test_bm25_baseline_ranks_on_words_only(files):
    output = run(files, "--qrels", str(files["qrels"]), "--baseline", "bm25")
    assert [(r[0], r[1], r[2]) for r in rows(files["out"])] == [
        ("n1", "o1", "1"),
        ("n2", "o3", "1"),
        ("n2", "o2", "2"),
    ]
    assert "MRR 0.7500" in output


def test_k_cuts_each_needs_list(files):
    run(files, "--k", "1", "--baseline", "bm25")
    assert [(r[0], r[2]) for r in rows(files["out"])] == [("n1", "1"), ("n2", "1")]


def test_missing_file_is_named(files, tmp_path):
    files["needs"] = tmp_path / "nope.jsonl"
    with pytest.raises(CommandError) as error:
        run(files)
    assert str(error.value) == f"{tmp_path / 'nope.jsonl'}: no such file."


def test_bad_json_line_is_named(files):
    files["offers"].write_text(json.dumps(OFFERS[0]) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(files)
    assert str(error.value).startswith(f"{files['offers']}, line 2: not valid JSON")


def test_missing_field_is_named(files):
    write_jsonl(files["needs"], [NEEDS[0], {"id": "n9", "kind": "clinical", "text": "x"}])
    with pytest.raises(CommandError) as error:
        run(files)
    assert str(error.value) == f"{files['needs']}, line 2: missing field “title”."


def test_unknown_kind_is_named(files):
    write_jsonl(files["offers"], [{**OFFERS[0], "kind": "clinical"}])
    with pytest.raises(CommandError) as error:
        run(files)
    assert str(error.value) == (
        f"{files['offers']}, line 1: unknown kind “clinical” "
        "(expected one of technology, product, service, investment, equipment)."
    )


def test_bad_qrels_grade_is_named(files):
    files["qrels"].write_text("n1\to1\t3\nn1\to2\tfive\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(files, "--qrels", str(files["qrels"]))
    assert str(error.value) == f"{files['qrels']}, line 2: grade must be 0, 1, 2 or 3."


def test_messages_follow_the_active_language(files, tmp_path):
    files["needs"] = tmp_path / "nope.jsonl"
    with translation.override("zh-hans"), pytest.raises(CommandError) as error:
        run(files)
    message = str(error.value)
    assert message.startswith(str(files["needs"]))
    assert message != f"{files['needs']}: no such file."


def test_labelled_qrels_sets_and_language_pairs_from_one_run(files, tmp_path):
    english = {**NEEDS[0], "id": "n3", "lang": "en", "title": "PCR point of care test"}
    write_jsonl(files["needs"], [*NEEDS, english])
    held = tmp_path / "held.tsv"
    held.write_text("n3\to1\t3\n", encoding="utf-8")
    output = run(
        files, "--qrels", f"dev={files['qrels']}", "--qrels", f"heldout={held}", "--no-floor"
    )
    assert "[dev] nDCG@10 1.0000" in output
    assert "[heldout] nDCG@10 1.0000  Recall@20 1.0000  MRR 1.0000  (1 judged needs)" in output
    assert "[heldout]   en → zh:" in output  # an English need scored on the Chinese offers
