"""README 里的示例输出由真的运行写出：造好例子里的文件，运行 README 写的那条命令，把它印出的每一个字抄进去。

    python scripts/readme_examples.py           重新运行全部示例，写进 README.md
    python scripts/readme_examples.py --check   只比较不写：有过时的示例就说是哪几段，退出码 1

每个示例在一个新的临时文件夹里运行（命令里的路径都是相对的，每次一样）；例子里的工作簿都由
samples/商贸系党支部工作数据簿.xlsx 改几格得来。README.md 里每段示例夹在一对标记之间：

    <!-- 示例：validate -->
    ```text
    $ toolkit validate 支部工作数据簿.xlsx
    （命令印出的全部文字：标准输出和标准错误，按印出的先后）
    ```
    <!-- 示例完 -->

tests/test_readme.py 用 --check 的同一个函数：README 里的示例和真的输出有一个字不同，测试就失败。
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SAMPLE = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"
BLOCK = re.compile(r"(<!-- 示例：(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- 示例完 -->)", re.S)
REPORT_ENTRY = "from toolkit.cli.entry import generate_report; generate_report()"

sys.path.insert(0, str(ROOT))
from toolkit import standard  # noqa: E402  （在仓库里运行，不必先安装）


# ---------------------------------------------------------------- 例子里的文件


def changed_sample(target: Path, changes: dict[str, list[tuple[int, str, object]]]) -> Path:
    """示例工作簿的一份副本，改了几格：{工作表: [(行, 列名, 新值), …]}。"""
    book = openpyxl.load_workbook(SAMPLE)
    for sheet, cells in changes.items():
        ws = book[sheet]
        headers = [cell.value for cell in ws[1]]
        for row, header, value in cells:
            ws.cell(row, headers.index(header) + 1).value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def one_mistake_and_one_late_activity(folder: Path) -> None:
    """一处没写完的出生日期（错误），一项写在报告期以后的活动（提醒）。"""
    members, activities = standard.MEMBERS, standard.ACTIVITIES
    changed_sample(folder / "支部工作数据簿.xlsx", {
        members.name: [(15, members.col.birth.name, "1985.3")],
        activities.name: [(9, activities.col.start.name, dt.datetime(2011, 3, 2))],
    })


def the_sample_in_its_folder(folder: Path) -> None:
    (folder / "samples").mkdir()
    shutil.copy(SAMPLE, folder / "samples" / SAMPLE.name)


def branches_of_a_college(folder: Path) -> None:
    """一个学院收上来的材料：两个好的支部、一份重新报送、一份有错误、一本旧版 .xls、一个 Excel 的锁定文件。"""
    info = standard.BRANCH_INFO
    branches = folder / "各支部"
    branches.mkdir()
    shutil.copy(SAMPLE, branches / SAMPLE.name)
    changed_sample(branches / "商贸系党支部（第二次报送）.xlsx", {info.name: [(_item_row(info.col.written_on), VALUE, dt.datetime(2011, 1, 10))]})
    changed_sample(branches / "金融系党支部.xlsx", renamed("金融系党支部"))
    changed_sample(branches / "化工系党支部.xlsx", {
        **renamed("化工系党支部"),
        standard.MEMBERS.name: [(4, standard.MEMBERS.col.sex.name, "未知")],
    })
    # 旧版 Excel 97-2003 工作簿的样子：OLE2 复合文档，里面有名为 Workbook 的流
    (branches / "经管系党支部.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 1024)
    (branches / "~$化工系党支部.xlsx").write_bytes(b"\x05office" + b" " * 150)  # Excel 开着这本时留下的锁定文件


def renamed(name: str) -> dict[str, list[tuple[int, str, object]]]:
    """另一个支部的工作簿：改“支部信息”的支部名称，和以支部名义作的那项承诺（公开承诺第 2 行）的承诺人。"""
    commitments = standard.COMMITMENTS
    return {
        standard.BRANCH_INFO.name: [(_item_row(standard.BRANCH_INFO.col.name), VALUE, name)],
        commitments.name: [(2, commitments.col.person.name, name)],
    }


VALUE = standard.KEYVALUE_HEADERS[1]  # 键值表的 B 列“内容”


def _item_row(column: standard.Column) -> int:
    """键值表“支部信息”里这一项在第几行（A 列“项目”，B 列“内容”）。"""
    book = openpyxl.load_workbook(SAMPLE, read_only=True)
    items = [row[0] for row in book[standard.BRANCH_INFO.name].iter_rows(values_only=True)]
    return items.index(column.name) + 1


# ---------------------------------------------------------------- 示例


@dataclass(frozen=True)
class Example:
    name: str  # README 里标记上的名字
    command: str  # README 里印的命令，也就是真的运行的命令
    build: Callable[[Path], None]  # 在临时文件夹里造出命令要用的文件


EXAMPLES = (
    Example("validate", "toolkit validate 支部工作数据簿.xlsx", one_mistake_and_one_late_activity),
    Example("generate-report", "generate-report samples/商贸系党支部工作数据簿.xlsx -o 示例报告.docx", the_sample_in_its_folder),
    Example("rollup", "toolkit rollup 各支部 --name 中共××学院委员会 --each 各支部报告 --quiet", branches_of_a_college),
)


def run(example: Example) -> str:
    """在新的临时文件夹里造好文件、运行命令；返回 README 里这一段的内容。"""
    program, *args = shlex.split(example.command)
    start = [sys.executable, "-m", "toolkit"] if program == "toolkit" else [sys.executable, "-c", REPORT_ENTRY]
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    with tempfile.TemporaryDirectory() as temp:
        example.build(Path(temp))
        done = subprocess.run([*start, *args], cwd=temp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    printed = done.stdout.decode("utf-8")
    if "Traceback" in printed or done.returncode not in (0, 1):
        raise RuntimeError(f"示例 {example.name} 没有正常运行（退出码 {done.returncode}）：\n{printed}")
    return f"```text\n$ {example.command}\n{printed.rstrip()}\n```\n"


def refreshed(readme: str, outputs: dict[str, str]) -> str:
    """README 的文字，每段示例换成新的输出；README 里没有标记的示例算作错误。"""
    missing = set(outputs) - {m.group("name") for m in BLOCK.finditer(readme)}
    if missing:
        raise RuntimeError("README.md 里没有这几段示例的标记：" + "、".join(sorted(missing)))
    return BLOCK.sub(lambda m: m.group(1) + outputs.get(m.group("name"), m.group("body")) + m.group(4), readme)


def outputs() -> dict[str, str]:
    """每段示例现在真的输出：{名字: README 里这一段的内容}。"""
    return {example.name: run(example) for example in EXAMPLES}


def stale(readme: str, fresh: dict[str, str]) -> list[str]:
    """README 里和真的输出不一样的示例（的名字）。"""
    shown = {m.group("name"): m.group("body") for m in BLOCK.finditer(readme)}
    return [name for name, body in fresh.items() if shown.get(name) != body]


def main(argv: list[str]) -> int:
    readme, fresh = README.read_text(encoding="utf-8"), outputs()
    if argv == ["--check"]:
        old = stale(readme, fresh)
        if old:
            print("README.md 里这几段示例过时了：" + "、".join(old) + "。运行 python scripts/readme_examples.py 更新。", file=sys.stderr)
        return 1 if old else 0
    README.write_text(refreshed(readme, fresh), encoding="utf-8")
    print("已更新 README.md 里的示例：" + "、".join(fresh))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
