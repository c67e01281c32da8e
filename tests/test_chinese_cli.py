"""命令行说的每一个字都是中文：每个命令的帮助、常见的用法错误里，没有 click 自己的英文。

除了选项名、命令名、可选值、文件名和几个专有名词（PDF、LibreOffice……），以及用户自己敲进去的字，
输出里不许出现拉丁字母写的词。click 的每一句可译的话都要有中文译文（click 升级后多出来的话，这里先说）。
"""

from __future__ import annotations

import ast
import gettext
import re
import sys
from pathlib import Path

import click
import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit.cli import chinese
from toolkit.cli.main import generate_report_main, main, toolkit

COMMANDS = {"toolkit", *toolkit.commands}
CHOICES = {"text", "json", "gb2312", "windows"}
# 文件名、文件夹名和专有名词：帮助里说到它们时只能这样写
NAMES = {".docx", ".xlsx", "templates/report", "rollup.j2", "GB2312", "PDF", "LibreOffice", "WPS", "Excel", "Windows"}
NAMES |= {"Ctrl", "C"}  # 键盘上的键：“按 Ctrl+C 停止”（toolkit serve）
LATIN = re.compile(r"[-\w./]*[A-Za-z][-\w./]*", re.ASCII)


def option_names() -> set[str]:
    names = set()
    for command in (toolkit, *toolkit.commands.values()):
        for param in command.params:
            names.update(getattr(param, "opts", ()), getattr(param, "secondary_opts", ()))
    return names | {"-h", "--help"}


def latin_words(text: str, typed=()) -> list[str]:
    """输出里拉丁字母写的词，除去允许的那些（和用户自己敲进去的字）。"""
    allowed = COMMANDS | CHOICES | NAMES | option_names() | {word for arg in typed for word in LATIN.findall(arg)}
    found = [word.strip("._-/") if word not in allowed else word for word in LATIN.findall(text)]
    return [word for word in found if word not in allowed and word.lstrip("_") not in allowed]


def run(entry, args, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        entry(list(args))
    captured = capsys.readouterr()
    return done.value.code, captured.out + captured.err


def test_the_scan_finds_click_english():
    """扫描确实会报：click 原来的英文被认出来，选项名、命令名和文件名不算。"""
    text = "Usage: toolkit validate [OPTIONS] WORKBOOK\n  --force  Show this message and exit. 见 .docx、templates/report"
    assert latin_words(text) == ["Usage", "OPTIONS", "WORKBOOK", "Show", "this", "message", "and", "exit"]


HELP = [[], ["--help"], ["-h"], ["--version"], *([name, "--help"] for name in sorted(toolkit.commands))]


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_of_every_command_is_chinese(args, capsys):
    code, text = run(main, args, capsys)
    assert code in (0, 2) and text.strip()
    assert latin_words(text) == [], text
    if "--help" in args or "-h" in args or not args:
        assert "用法：" in text and "选项：" in text


def test_help_of_generate_report_on_its_own_is_chinese(capsys):
    code, text = run(generate_report_main, ["--help"], capsys)
    assert code == 0 and text.startswith("用法：generate-report [选项] 工作簿")
    assert latin_words(text) == [], text


@pytest.fixture
def here(tmp_path, monkeypatch):
    """在一个中文名字的文件夹里运行：消息里的路径都是中文。"""
    monkeypatch.chdir(tmp_path)
    write_workbook(tmp_path / "工作簿.xlsx", small_branch())
    (tmp_path / "文件夹").mkdir()
    (tmp_path / "某个文件.txt").write_text("不是文件夹", encoding="utf-8")
    return tmp_path


MISUSE = [
    (["frob"], "没有这个子命令"),
    (["valdate", "工作簿.xlsx"], "您是不是要输入 'validate'"),
    (["validate"], "缺少参数“工作簿”"),
    (["generate-report"], "缺少参数“工作簿”"),
    (["rollup"], "缺少参数“文件夹”"),
    (["validate", "工作簿.xlsx", "--format", "xml"], "不是可选的值"),
    (["generate-report", "工作簿.xlsx", "--fonts", "song"], "不是可选的值"),
    (["rollup", "文件夹", "--fonts", "song"], "不是可选的值"),
    (["rollup", "文件夹", "--date-style", "罗马数字"], "不是可选的值"),
    (["rollup", "文件夹", "--date", "2011.13.40"], "应写成完整日期"),
    (["rollup", "文件夹", "--start", "明天"], "应写成完整日期"),
    (["validate", "工作簿.xlsx", "--nonsense"], "没有这个选项"),
    (["validate", "工作簿.xlsx", "--forse"], "您是不是要输入其中之一：'--force'"),
    (["validate", "工作簿.xlsx", "--mark"], "后面要跟一个值"),
    (["rollup", "文件夹", "--name"], "后面要跟一个值"),
    (["validate", "工作簿.xlsx", "多余的.xlsx"], "多了参数"),
    (["new-workbook", "文件夹"], "是一个文件夹，这里要的是文件"),
    (["rollup", "文件夹", "-o", "某个文件.txt"], "是一个文件，这里要的是文件夹"),
    (["rollup", "文件夹", "--summary", "文件夹"], "是一个文件夹，这里要的是文件"),
    (["rollup", "文件夹", "--settings", "文件夹"], "是一个文件夹，这里要的是文件"),
    (["validate", "没有这个文件.xlsx"], "没有这个文件.xlsx"),
    (["generate-report", "没有这个文件.xlsx"], "没有这个文件.xlsx"),
    (["rollup", "没有这个文件夹"], "找不到文件夹"),
]


@pytest.mark.parametrize("args, words", MISUSE, ids=[" ".join(a) for a, _ in MISUSE])
def test_usage_errors_are_chinese(here, args, words, capsys):
    code, text = run(main, args, capsys)
    assert code == 2, text
    assert words in text, text
    assert latin_words(text, typed=args) == [], text
    assert "Traceback" not in text


def test_usage_errors_of_generate_report_on_its_own_are_chinese(here, capsys):
    for args in (["--fonts", "song", "工作簿.xlsx"], ["工作簿.xlsx", "--pfd"], []):
        code, text = run(generate_report_main, args, capsys)
        assert code == 2 and "[用法有误]" in text, text
        assert latin_words(text, typed=args) == [], text


# ---------------------------------------------------------------- 译文齐全


def click_messages() -> list[tuple[str, ...]]:
    """装着的 click 源代码里每一句交给 gettext 的话：_("…") 和 ngettext("…", "…", n)。"""
    found = []
    for path in sorted(Path(click.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
                if texts:
                    found.append(texts[:2] if node.func.id == "ngettext" else texts[:1])
    return found


def test_every_click_message_has_a_chinese_translation():
    messages = click_messages()
    assert len(messages) > 50  # 真的读到了 click 的源代码
    missing = [m for m in messages if (m[0] not in chinese.MESSAGES if len(m) == 1 else m not in chinese.PLURALS)]
    assert missing == []


def test_translations_keep_the_placeholders_click_fills_in():
    """译文里的 {名字} 都是 click 会填的（原文里有的）：不然 format() 会出错。"""
    names = re.compile(r"\{(\w+)")
    for english, zh in chinese.MESSAGES.items():
        assert set(names.findall(zh)) <= set(names.findall(english)), english
    for pair, zh in chinese.PLURALS.items():
        for text in zh:
            assert set(names.findall(text)) <= set(names.findall(" ".join(pair))), pair


def test_every_click_module_speaks_through_the_chinese_catalogue():
    chinese.install()
    for path in Path(click.__file__).parent.glob("*.py"):
        module = sys.modules.get(f"click.{path.stem}")
        if module is None or "from gettext import" not in path.read_text(encoding="utf-8"):
            continue
        assert getattr(module, "_", None) is not gettext.gettext, path.name
        assert getattr(module, "ngettext", None) is not gettext.ngettext, path.name
    assert click.exceptions.NoSuchOption("--x").format_message() == "没有这个选项：--x。"


def test_help_through_the_real_entry_is_chinese():
    """用户怎么运行就怎么查：python -m toolkit（进程入口先装中断处理，再加载命令行）。"""
    import os
    import subprocess

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONIOENCODING="utf-8")
    for args in (["--help"], ["rollup", "--help"], ["valdate"]):
        done = subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
        text = done.stdout + done.stderr
        assert "python -m toolkit" in text  # 照着抄就能运行
        assert latin_words(text, typed=["python -m", *args]) == [], text


def test_click_checks_of_paths_speak_chinese(tmp_path):
    """click 自己查路径（exists=True 之类）时说的话也是中文。"""
    chinese.install()
    missing = tmp_path / "没有的文件夹"
    with pytest.raises(click.BadParameter) as problem:
        click.Path(exists=True).convert(str(missing), None, None)
    assert problem.value.format_message() == f"值不对：路径“{missing}”不存在。"
    with pytest.raises(click.BadParameter) as problem:
        click.Path(dir_okay=False).convert(str(tmp_path), None, None)
    assert problem.value.format_message() == f"值不对：“{tmp_path}”是一个文件夹，这里要的是文件。"
