"""读取速度：toolkit 的读行（toolkit.workbook.rows）与 python_calamine 读同一本大工作簿（党员名册 15,000 行 × 15 列、出勤明细 100,000 行 × 4 列）。

用法：python bench/read_speed.py [--runs 3] [--rebuild]
工作簿用 openpyxl write_only 生成一次，缓存在临时目录里。
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MEMBERS = 15_000
ATTENDANCE = 100_000
CACHE = Path(tempfile.gettempdir()) / "toolkit-bench" / f"bench-{MEMBERS}-{ATTENDANCE}.xlsx"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅海燕文玉兰志强"


def build(path: Path) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("党员名册")
    ws.append(["序号", "姓名", "性别", "民族", "出生日期", "学历", "人员类别", "党员类别", "入党日期", "转正日期", "党内职务", "党小组", "身份证号", "联系电话", "备注"])

    def date_cell(value):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = "yyyy-mm-dd"
        return cell

    names = []
    for i in range(1, MEMBERS + 1):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 13) % len(GIVEN)]
        names.append(name)
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=(i * 37) % 18000)
        joined = birth + dt.timedelta(days=365 * 20 + i % 3000)
        ws.append(
            [
                i,
                name,
                "男" if i % 2 else "女",
                "汉族",
                date_cell(birth),
                "大学本科",
                "学生" if i % 3 else "教师",
                "正式党员",
                date_cell(joined),
                date_cell(joined + dt.timedelta(days=365)),
                "无",
                f"第{i % 40 + 1}党小组",
                f"33010219{i % 90 + 10:02d}0101{i % 1000:03d}X",
                f"138{i:08d}",
                "备注" if i % 10 == 0 else None,
            ]
        )
    ws = wb.create_sheet("出勤明细")
    ws.append(["活动编号", "姓名", "状态", "备注"])
    for i in range(ATTENDANCE):
        ws.append([f"A{i % 200 + 1:03d}", names[i % MEMBERS], ("出席", "请假", "缺席")[i % 3], "病假" if i % 3 == 1 else None])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.replace(path)


def read_toolkit(path: Path) -> int:
    from toolkit.workbook.package import open_workbook
    from toolkit.workbook.rows import read_rows

    book = open_workbook(path)
    count = 0
    for sheet in book.sheets:
        for _number, _hidden, cells in read_rows(sheet):
            count += len(cells)
    return count


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    count = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        count += sum(1 for row in rows for v in row if v != "")
    return count


def median_time(fn, path: Path, runs: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not CACHE.exists():
        print(f"生成 {CACHE} …", flush=True)
        build(CACHE)
    print(f"文件：{CACHE}（{CACHE.stat().st_size / 1e6:.1f} MB）")
    import python_calamine  # noqa: F401  预先导入，两边都不计导入时间
    import toolkit.workbook.rows  # noqa: F401

    ours, n_ours = median_time(read_toolkit, CACHE, args.runs)
    theirs, n_theirs = median_time(read_calamine, CACHE, args.runs)
    print(f"toolkit          : {ours:6.3f} s（{n_ours:,} 个有内容的单元格）")
    print(f"python_calamine  : {theirs:6.3f} s（{n_theirs:,} 个有内容的单元格）")
    print(f"比值             : {ours / theirs:.2f}×（中位数，{args.runs} 次）")


if __name__ == "__main__":
    main()
