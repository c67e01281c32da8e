"""命令行说的每一个字都是中文：每个命令的帮助、常见的用法错误里，没有一个英文词。

除了选项名、命令名、可选值、文件名和几个专有名词（PDF、LibreOffice……），以及用户自己敲进去的字，
输出里不许出现拉丁字母写的词。解析命令行的写法（--名字=值、-o值、-qo 值、“--”）照常见的命令行工具。
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit.cli import helptext
from toolkit.cli.main import generate_report_main, main, toolkit

COMMANDS = {"toolkit", *toolkit.commands}
CHOICES = {"text", "json", "gb2312", "windows"}
# 文件名、文件夹名和专有名词：帮助里说到它们时只能这样写
NAMES = {".docx", ".xlsx", "templates/report", "rollup.j2", "GB2312", "PDF", "LibreOffice", "WPS", "Excel", "Windows"}
NAMES |= {"Ctrl", "C"}  # 键盘上的键：“按 Ctrl+C 停止”（toolkit serve）
LATIN = re.compile(r"[-\w./]*[A-Za-z][-\w./]*", re.ASCII)


def option_names() -> set[str]:
    names = set()
    for command in toolkit.commands.values():
        for option in command.options:
            names.update(option.names)
    return names | {"-h", "--help", "--version"}


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
    (["valdate", "工作簿.xlsx"], "您是不是要输入“validate”？"),
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
    (["validate", "工作簿.xlsx", "--forse"], "您是不是要输入其中之一：“--force”、"),
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
    (["serve", "--port", "abc"], "“abc”不是整数"),
    (["validate", "--force=1", "工作簿.xlsx"], "选项 --force 后面不用跟值"),
    (["validate", "-x", "工作簿.xlsx"], "没有这个选项：-x"),
    (["generate-report", "工作簿.xlsx", "-o", "--force"], "选项 -o 后面要跟一个值"),  # 忘了写值：不把选项名当文件名
    (["validate", "工作簿.xlsx", "--mark="], "选项 --mark 是空的"),
    (["validate", ""], "参数“工作簿”是空的"),
    (["--vers"], "您是不是要输入“--version”？"),
    (["validate", "工作簿.xlsx", "--he"], "您是不是要输入“--help”？"),
    (["validate", "工作簿.xlsx", "--format"], "选项 --format 后面要跟一个值。运行 toolkit validate --help 查看用法。"),
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




# ---------------------------------------------------------------- 写法（与常见的命令行工具一样）
def parsed(command: str, *args: str) -> dict:
    return toolkit.commands[command].parse(list(args), f"toolkit {command}")


def test_option_values_can_be_written_every_usual_way(here):
    """--名字=值、--名字 值、-o值、-o 值、开关连写（-qo 值），选项和参数可以交错，“--”之后都是参数。"""
    assert parsed("validate", "--format=json", "工作簿.xlsx")["fmt"] == "json"
    assert parsed("validate", "工作簿.xlsx", "--format", "json")["fmt"] == "json"
    long_form = parsed("rollup", "文件夹", "--output", "出去", "--quiet", "--fonts=windows")
    for short in (["-o出去", "-q"], ["-qo", "出去"], ["-qo出去"], ["-q", "-o", "出去"]):
        values = parsed("rollup", "文件夹", *short, "--fonts", "windows")
        assert values == long_form, short
    assert long_form["out_dir"] == Path("出去") and long_form["quiet"] is True and long_form["font_scheme"] == "windows"
    assert parsed("validate", "--", "--force")["workbook"] == Path("--force")  # 以 - 开头的文件名
    assert parsed("validate", "-")["workbook"] == Path("-")


def test_defaults_and_the_last_of_a_repeated_option(here):
    values = parsed("validate", "工作簿.xlsx")
    assert values == {"workbook": Path("工作簿.xlsx"), "fmt": "text", "mark": None, "force": False}
    assert parsed("validate", "工作簿.xlsx", "--format", "json", "--format", "text")["fmt"] == "text"
    assert parsed("new-workbook")["path"] == Path("支部工作数据簿.xlsx")
    assert parsed("serve", "--port", " 8080 ")["port"] == 8080
    dates = parsed("rollup", "文件夹", "--start", "2010年7月1日", "--date", "2011-01-07")
    assert (str(dates["period_start"]), str(dates["written_on"]), dates["period_end"]) == ("2010-07-01", "2011-01-07", None)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["工作簿.xlsx", "-h"], ["-qh"], ["--force", "--help", "--nonsense"]], ids=" ".join)
def test_help_anywhere_shows_the_help_of_that_command(here, args, capsys):
    code, text = run(main, ["rollup", *args], capsys)
    assert code == 0 and text.startswith("用法：toolkit rollup [选项] 文件夹\n"), text


def test_only_toolkit_prints_the_help_on_stderr_and_exits_2(capsys):
    with pytest.raises(SystemExit) as done:
        main([])
    captured = capsys.readouterr()
    assert done.value.code == 2 and captured.out == ""
    assert captured.err.startswith("用法：toolkit [选项] 命令 [参数]...") and "命令：" in captured.err


def test_version(capsys):
    from toolkit import __version__

    assert run(main, ["--version"], capsys) == (0, f"toolkit {__version__}\n")


def test_help_is_wrapped_to_the_terminal_and_keeps_columns_aligned(monkeypatch, capsys):
    """汉字占两格：折行和对齐按显示宽度算，每行不超出终端；选项说明的续行和第一行对齐。"""
    for columns in (60, 80, 200):
        monkeypatch.setenv("COLUMNS", str(columns))
        code, text = run(main, ["rollup", "--help"], capsys)
        width = max(min(columns, helptext.MAX_WIDTH) - 2, helptext.MIN_WIDTH)
        assert code == 0 and all(helptext.display_width(line) <= width for line in text.splitlines()), columns
        starts = {helptext.display_width(line) - helptext.display_width(line.lstrip()) for line in text.splitlines()
                  if line.startswith("    ") and not line.strip().startswith("-")}
        assert len(starts) == 1, (columns, starts)  # 续行都从说明那一栏开始


def test_wrapping_keeps_latin_words_and_punctuation_together():
    lines = helptext.wrap("用改过的措辞模板文件夹（复制 templates/report 后修改 rollup.j2）。默认：2010-07-01。", 20)
    assert all(helptext.display_width(line) <= 20 or " " not in line for line in lines), lines
    joined = "".join(lines)
    for word in ("templates/report", "rollup.j2", "2010-07-01"):
        assert word in joined
    assert not any(line.startswith(("，", "。", "）", "：")) for line in lines), lines
    assert not any(line.endswith("（") for line in lines), lines


def test_the_command_line_does_not_load_click_or_the_library_for_help():
    """看帮助（总的、每个命令的）只加载命令行自己：不加载 click、jinja2、openpyxl，也不加载工作簿的标准。"""
    import os
    import subprocess

    root = Path(__file__).resolve().parent.parent
    for args in (["--help"], *([name, "--help"] for name in sorted(toolkit.commands))):
        code = f"import sys; from toolkit.cli.main import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass\nprint(sorted(sys.modules))"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                              env=dict(os.environ, PYTHONPATH=str(root)), timeout=60)
        loaded = set(re.findall(r"'([\w.]+)'", done.stdout.splitlines()[-1]))
        for heavy in ("click", "jinja2", "openpyxl", "docx", "lxml", "toolkit.standard", "toolkit.api", "dataclasses"):
            assert heavy not in loaded, (args, heavy)


def test_any_command_line_gives_values_help_or_a_chinese_usage_problem(here):
    """乱敲一气（选项名、值、“--”、“-”、“=”、空串、中文）：要么解析出值，要么是帮助，要么是一句中文的用法错误。"""
    from hypothesis import example, given, settings, strategies as st

    from toolkit.cli.parser import HelpShown, UsageProblem

    names = sorted({name for c in toolkit.commands.values() for o in c.options for name in o.names})
    token = st.sampled_from([*names, "--", "-", "-h", "--help", "=", "", "工作簿.xlsx", "文件夹", "json", "windows",
                             "2011-01-07", "-qo", "-o", "--fonts=", "--force=是", "-x", "13812345678"]) | st.text(max_size=6)

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.sampled_from(sorted(toolkit.commands)), st.lists(token, max_size=6))
    @example("rollup", ["文件夹", "-qo"])
    @example("validate", ["--mark", "--force"])
    def check(name, args):
        command = toolkit.commands[name]
        try:
            values = command.parse(args, f"toolkit {name}")
        except HelpShown as shown:
            assert shown.text.startswith(f"用法：toolkit {name} ")
        except UsageProblem as problem:
            assert problem.message and problem.command_path == f"toolkit {name}"
            assert latin_words(problem.message, typed=args) == [], problem.message
        else:
            assert set(values) == {a.dest for a in command.arguments} | {o.dest for o in command.options}

    check()


def test_the_help_names_every_choice_the_standard_declares():
    """可选值取自标准、帮助里只写占位词的选项（--fonts 方案）：说明里要写出每一个可选值，标准加了一个也要跟上。"""
    checked = 0
    for command in toolkit.commands.values():
        for option in command.options:
            if callable(option.choices_from):
                assert option.metavar, option.names
                missing = [value for value in option.choices if value not in option.help]
                assert missing == [], (command.name, option.names, missing)
                checked += 1
    assert checked == 3  # generate-report --fonts、rollup --fonts、rollup --date-style
