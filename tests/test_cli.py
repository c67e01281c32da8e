"""命令行：用户看到的文字、退出码、写出的文件。每个命令在独立的进程里运行，和用户一样。"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.workbooks import headers_for, small_branch, write_workbook

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    """python -m toolkit …；返回 (退出码, 标准输出, 标准错误)。"""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


def assert_no_traceback(*texts):
    for text in texts:
        assert "Traceback" not in text and 'File "' not in text, text


@pytest.fixture
def good(tmp_path):
    return write_workbook(tmp_path / "支部 工作数据簿.xlsx", small_branch())


def test_validate_clean_workbook_exits_0(good):
    code, out, err = run("validate", good)
    assert code == 0, out + err
    assert "检查完成：" in out
    assert "错误" not in out.split("\n")[1] or "0 个错误" in out


def test_validate_reports_every_problem_with_cell_and_exits_1(tmp_path):
    data = small_branch()
    data["党员名册"][2]["出生日期"] = "1980.1"
    data["党员名册"][3]["性别"] = "男的"
    path = write_workbook(tmp_path / "bad.xlsx", data)
    code, out, err = run("validate", path)
    assert code == 1
    assert_no_traceback(out, err)
    lines = out.splitlines()
    assert lines[1].startswith("检查完成：共 2 个错误")
    birth = openpyxl.utils.get_column_letter(headers_for("党员名册").index("出生日期") + 1)
    assert f"[错误] 党员名册 · 第4行（姓名：陈立新）· {birth}列「出生日期」" in out
    assert "填写的是：“1980.1”" in out
    assert f"修改方法：在 {birth}4 " in out
    assert "从下拉列表选择：男、女" in out


def test_many_rows_failing_one_rule_collapse_into_one_line(tmp_path):
    data = small_branch()
    for row in data["党员名册"]:
        row["性别"] = "M"
    code, out, _ = run("validate", write_workbook(tmp_path / "many.xlsx", data))
    assert code == 1
    assert "第2–6行" in out and "共 5 行" in out
    assert out.count("[错误]") == 1


def test_json_output_has_the_same_findings(tmp_path):
    data = small_branch()
    data["党员名册"][0]["身份证号"] = "110105199003071235"
    code, out, _ = run("validate", write_workbook(tmp_path / "j.xlsx", data), "--format", "json")
    assert code == 1
    payload = json.loads(out)
    assert payload["errors"] >= 1
    finding = next(f for f in payload["findings"] if f["header"] == "身份证号")
    assert finding["level"] == "error" and finding["sheet"] == "党员名册" and finding["row"] == 2
    assert "110105199003071235" not in out
    assert "1101**********1235" in out


def test_mark_writes_a_copy_and_never_touches_the_original(tmp_path):
    data = small_branch()
    data["党员名册"][2]["出生日期"] = "1980.1"
    path = write_workbook(tmp_path / "m.xlsx", data)
    before = path.read_bytes()
    marked = tmp_path / "标注副本.xlsx"
    code, out, err = run("validate", path, "--mark", marked)
    assert code == 1
    assert path.read_bytes() == before
    assert marked.is_file()
    birth = openpyxl.utils.get_column_letter(headers_for("党员名册").index("出生日期") + 1)
    cell = openpyxl.load_workbook(marked)["党员名册"][f"{birth}4"]
    assert cell.comment is not None and "日期" in cell.comment.text
    code, out, err = run("validate", path, "--mark", path)
    assert code == 2 and "就是要读取的那个文件" in err and "--mark" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 512, ".xls"),
        (b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>", "网页"),
        ("姓名,性别\n张三,男\n".encode("utf-8"), "CSV"),
        (b"PK\x03\x04truncated", "不完整"),
    ],
)
def test_files_that_are_not_workbooks_exit_2_with_a_message(tmp_path, content, words):
    path = tmp_path / "交来的.xlsx"
    path.write_bytes(content)
    code, out, err = run("validate", path)
    assert code == 2
    assert_no_traceback(out, err)
    assert "[无法读取]" in err and words in err, err


def test_missing_file_and_misuse_exit_2(tmp_path):
    code, out, err = run("validate", tmp_path / "没有这个文件.xlsx")
    assert code == 2 and "没有这个文件.xlsx" in err
    assert_no_traceback(out, err)
    code, out, err = run("validate")
    assert code == 2 and "缺少参数" in err
    code, out, err = run("validate", "--nonsense")
    assert code == 2 and "没有这个选项" in err


def test_new_workbook_refuses_to_overwrite(tmp_path):
    target = tmp_path / "支部工作数据簿.xlsx"
    code, out, err = run("new-workbook", target)
    assert code == 0 and target.is_file()
    names = openpyxl.load_workbook(target).sheetnames
    assert names[:6] == ["支部信息", "党员名册", "活动记录", "出勤明细", "公开承诺", "报告正文"]
    before = target.read_bytes()
    code, out, err = run("new-workbook", target)
    assert code == 2 and "已经存在" in err and "--force" in err
    assert target.read_bytes() == before


def test_blank_template_validates_with_errors_not_a_crash(tmp_path):
    target = tmp_path / "blank.xlsx"
    run("new-workbook", target)
    code, out, err = run("validate", target)
    assert code == 1
    assert_no_traceback(out, err)
    assert "支部名称" in out


def pasted_into_bash(command: str, cwd: Path) -> list[str]:
    """把工具印出的命令粘贴进 bash 会得到哪些词（把 toolkit 换成 printf，只看词，不运行工具）。"""
    assert command.startswith("toolkit validate ")
    done = subprocess.run(["bash", "-c", "printf '%s\\n' " + command[len("toolkit "):]], capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_suggested_command_is_shell_safe(tmp_path):
    """文件名里的空格、$(…)、反引号：印出的命令粘贴进终端，只是文件名，不会被执行。"""
    target = tmp_path / "支部 $(touch 中招) `touch 中招`.xlsx"
    code, out, err = run("new-workbook", target)
    assert code == 0, err
    command = out.splitlines()[-1].split("然后运行：", 1)[1]
    assert command == "toolkit validate '" + str(target) + "'"
    assert pasted_into_bash(command, tmp_path) == ["validate", str(target)]
    assert not (tmp_path / "中招").exists()


def test_the_command_line_only_calls_the_library_entry():
    """命令行是薄薄的外壳：只导入 toolkit.api（和错误的种类、标准的可选值；serve 导入网页的入口），从不改写库给的文字。"""
    import ast

    allowed = {"toolkit.api", "toolkit.errors", "toolkit.standard", "toolkit.web.server"}
    for path in sorted((ROOT / "toolkit" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("toolkit"):
                names = {f"{node.module}.{a.name}" if node.module == "toolkit" else node.module for a in node.names}
                assert all(n in allowed or n.startswith("toolkit.cli") for n in names), (path.name, node.lineno, names)
            if isinstance(node, ast.Attribute) and node.attr == "replace":
                raise AssertionError(f"{path.name}:{node.lineno} 改写了文字（.replace）")


def test_the_progress_bar_redraws_one_line_in_a_terminal_and_prints_its_label_once_elsewhere():
    import io

    from toolkit.cli.rollup import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    piped, terminal = io.StringIO(), Terminal()
    for stream in (piped, terminal):
        bar = ProgressBar("检查各支部的工作簿", 3, stream)
        for _ in range(3):
            bar.update()
        bar.close()
    assert piped.getvalue() == "检查各支部的工作簿\n"
    drawn = terminal.getvalue()
    assert drawn.count("\r") == 4 and drawn.endswith("3/3\n") and "\n" not in drawn[:-1]
    assert drawn.split("\r")[-1].startswith("检查各支部的工作簿  [" + "#" * ProgressBar.WIDTH + "]")
    empty = Terminal()
    ProgressBar("检查各支部的工作簿", 0, empty).close()  # 文件夹是空的：不除以零
    assert empty.getvalue().endswith("0/0\n")
