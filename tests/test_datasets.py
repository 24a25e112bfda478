"""Dataset descriptors and data (toward issue 6): validation names file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from disclose.errors import DocumentError
from disclose.opendata.dataset import load

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURES, dest)
    return dest


def problems(data: Path) -> list[str]:
    with pytest.raises(DocumentError) as exc:
        load(data / "dibao.yml", data.parent)
    return [str(p) for p in exc.value.problems]


def test_valid_dataset_loads(data: Path):
    ds = load(data / "dibao.yml", data.parent)
    assert ds.descriptor.period == "2026年6月" and ds.data_path == "data/dibao.csv"
    assert list(ds.frame["total"]) == [123, 110, 212, 445]


def test_wrong_type_names_row_and_column(data: Path):
    csv = data / "dibao.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("98,12,110", "98,十二,110"), encoding="utf-8")
    assert problems(data) == ["data/dibao.csv:3: [data.type] 字段 rural：第 2 行“农村”的值“十二”不是数字"]


def test_totals_that_do_not_add_up(data: Path):
    csv = data / "dibao.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("98,12,110", "98,12,111"), encoding="utf-8")
    found = problems(data)
    assert "data/dibao.csv:3: [data.total] 字段 total：第 2 行的“合计”111 不等于各项之和 110" in found


def test_missing_column_unknown_unit_and_gbk(data: Path):
    yml = data / "dibao.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("unit: 人, total: true", "unit: 名, total: true"),
                   encoding="utf-8")
    assert any("计量单位“名”未登记" in p for p in problems(data))
    shutil.copy(FIXTURES / "dibao.yml", yml)
    csv = data / "dibao.csv"
    csv.write_bytes(csv.read_text(encoding="utf-8").encode("gbk"))
    assert "CSV 文件不是 UTF-8 编码" in problems(data)[0]
    csv.write_text("town,urban,total\n合计,1,1\n", encoding="utf-8")
    assert problems(data) == ["data/dibao.csv:1: [data.column] 字段 columns：缺少列 rural"]
