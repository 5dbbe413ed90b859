"""The safe cell writer: text that a spreadsheet could take for a formula stays text."""

import ast
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from qiao.core.xlsx import append_row, looks_like_formula

PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def written(values) -> list:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    append_row(sheet, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_is_written_as_quoted_text(payload):
    (cell,) = written([payload])
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    assert cell.value == payload


def test_plain_values_pass_through_and_illegal_characters_are_dropped():
    cells = written(["伯杰医疗", 42, None, "", "第一段\x0b第二段", "=\x00x"])
    assert [c.value for c in cells[:2]] == ["伯杰医疗", 42]
    assert cells[0].quotePrefix is False
    assert [c.value for c in cells[2:4]] == [None, None]
    assert cells[4].value == "第一段第二段"
    assert (cells[5].value, cells[5].data_type) == ("=x", "s")


def test_formula_detection():
    assert [looks_like_formula(p) for p in PAYLOADS] == [True] * len(PAYLOADS)
    assert [looks_like_formula(t) for t in ("a=b", "伯杰 - 医疗", "1-2", "")] == [False] * 4


def _worksheet_appends(tree: ast.AST) -> list[int]:
    """Lines that call ``<something>.append`` on a name containing "sheet" or "ws"."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name)
            and ("sheet" in node.func.value.id or node.func.value.id in {"ws", "worksheet"})
        ):
            found.append(node.lineno)
    return found


def test_every_export_writes_through_the_safe_writer():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" not in source:
            continue
        tree = ast.parse(source)
        offenders += [f"{path.relative_to(root)}:{line}" for line in _worksheet_appends(tree)]
        offenders += [
            f"{path.relative_to(root)}:{n.lineno}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute)
            and n.attr == "cell"
            and isinstance(n.ctx, ast.Load)
            and isinstance(n.value, ast.Name)
            and "sheet" in n.value.id
        ]
    assert offenders == []
