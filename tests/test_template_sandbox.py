"""措辞模板的沙箱（SECURITY.md“措辞模板不是代码”一节的每一句）：读不出模板文件夹、跑不垮本工具，
模板运行时出的错都是 [模板有误]，说清文件、行号和出了什么错。"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit.errors import WordingError
from toolkit.report import sandbox
from toolkit.report.wording import Wording

ROOT = Path(__file__).resolve().parent.parent
SECRET = "绝密内容TOPSECRET-4417"
posix_only = pytest.mark.skipif(os.name != "posix", reason="符号链接、FIFO 要在 POSIX 上造")


def folder_with(tmp_path: Path, body: str, **files: str) -> Path:
    """一个用户的模板文件夹：wording.j2 里只有一个宏 t()，内容是 body；另加几个文件。"""
    folder = tmp_path / "我的措辞"
    folder.mkdir(exist_ok=True)
    (folder / "wording.j2").write_text("{% macro t() %}" + body + "{% endmacro %}", encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def refused(folder: Path, context: dict | None = None) -> str:
    with pytest.raises(WordingError) as raised:
        Wording(context or {}, folder).t()
    message = str(raised.value)
    assert message.startswith("措辞模板 ") and "wording.j2" in message, message
    assert "Traceback" not in message and SECRET not in message and "TOPSECRET" not in message
    return message


@pytest.fixture
def outside(tmp_path) -> Path:
    """模板文件夹以外的一个文件夹，里面有一份“机密”。"""
    place = tmp_path / "别处"
    place.mkdir()
    (place / "secret.txt").write_text(SECRET * 10, encoding="utf-8")
    return place


# ---------------------------------------------------------------- 只读模板文件夹里的普通文件


@posix_only
@pytest.mark.parametrize("statement", ["{% include 'notes.j2' %}", "{% import 'notes.j2' as n %}", "{% from 'notes.j2' import x %}"])
def test_a_file_link_out_of_the_folder_is_not_read(tmp_path, outside, statement):
    folder = folder_with(tmp_path, statement)
    os.symlink(outside / "secret.txt", folder / "notes.j2")
    message = refused(folder)
    assert "notes.j2" in message and "模板文件夹以外" in message


@posix_only
@pytest.mark.parametrize("name", ["etc/secret.txt", "etc/./secret.txt", "sub/etc/secret.txt"])
def test_a_folder_link_out_of_the_folder_is_not_read(tmp_path, outside, name):
    folder = folder_with(tmp_path, "{% include '" + name + "' %}")
    (folder / "sub").mkdir()
    os.symlink(outside, folder / "etc")
    os.symlink(outside, folder / "sub" / "etc")
    assert "模板文件夹以外" in refused(folder)


@posix_only
def test_a_link_to_a_system_file_is_not_read(tmp_path):
    folder = folder_with(tmp_path, "{% include 'shadow.j2' %}")
    os.symlink("/etc/passwd", folder / "shadow.j2")
    message = refused(folder)
    assert "root:" not in message and "模板文件夹以外" in message


@posix_only
def test_wording_itself_linked_out_of_the_folder_is_not_read(tmp_path, outside):
    folder = tmp_path / "链接的措辞"
    folder.mkdir()
    (outside / "wording.j2").write_text("{% macro t() %}" + SECRET + "{% endmacro %}", encoding="utf-8")
    os.symlink(outside / "wording.j2", folder / "wording.j2")
    with pytest.raises(WordingError) as raised:
        Wording({}, folder).t()
    assert "模板文件夹以外" in str(raised.value) and SECRET not in str(raised.value)


@posix_only
def test_a_link_inside_the_folder_is_fine(tmp_path):
    folder = folder_with(tmp_path, "{% include 'alias.j2' %}", **{"real.j2": "文件夹里的文字"})
    os.symlink(folder / "real.j2", folder / "alias.j2")
    assert Wording({}, folder).t() == "文件夹里的文字"


@posix_only
def test_the_folder_given_as_a_link_is_its_real_folder(tmp_path):
    folder = folder_with(tmp_path, "{% include 'part.j2' %}", **{"part.j2": "链接的文件夹"})
    link = tmp_path / "快捷方式"
    os.symlink(folder, link)
    assert Wording({}, link).t() == "链接的文件夹"


@posix_only
def test_a_fifo_is_not_opened(tmp_path):
    """FIFO 一打开就会等着有人写：不打开，说它不是普通文件。"""
    folder = folder_with(tmp_path, "{% include 'pipe.j2' %}")
    os.mkfifo(folder / "pipe.j2")
    assert "不是普通文件" in refused(folder)


@posix_only
def test_a_device_and_a_folder_are_not_templates(tmp_path):
    folder = folder_with(tmp_path, "{% include 'zero.j2' %}{% include 'dir.j2' %}")
    os.symlink("/dev/zero", folder / "zero.j2")
    (folder / "dir.j2").mkdir()
    assert "模板文件夹以外" in refused(folder)  # /dev/zero 在文件夹外
    (folder / "wording.j2").write_text("{% macro t() %}{% include 'dir.j2' %}{% endmacro %}", encoding="utf-8")
    assert "不是普通文件" in refused(folder)


@pytest.mark.parametrize("name", ["../别处/secret.txt", "/etc/passwd", "..\\\\别处\\\\secret.txt", "a/../../别处/secret.txt"])
def test_paths_that_climb_out_are_not_found(tmp_path, outside, name):
    folder = folder_with(tmp_path, "{% include '" + name + "' %}")
    assert "找不到的模板文件" in refused(folder)


def test_included_text_is_trimmed_in_a_message(tmp_path):
    """文件夹里被 include 的文字放进出错说明时只留开头几十个字，不整段印出。"""
    folder = folder_with(tmp_path, "{% set x %}{% include 'long.j2' %}{% endset %}{{ {}[x] }}", **{"long.j2": "长" * 5000})
    message = refused(folder)
    assert "长" * 61 not in message and "长" * 20 in message


def test_an_id_number_quoted_in_a_message_is_masked(tmp_path):
    folder = folder_with(tmp_path, "{{ {}['110105199001011234'] }}")
    message = refused(folder)
    assert "110105199001011234" not in message and "1234" in message


# ---------------------------------------------------------------- 时间、次数、字数都有预算


@pytest.mark.parametrize(
    "body, words",
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "range(100000)"),
        ("{{ range(99999999)|list }}", "range(99999999)"),
        ("{% for i in range(0, 10**9, 2) %}{% endfor %}", "最多 10,000"),
        ("{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}", "循环和调用"),
        ("{% for i in 'x' * 100000 %}{% for j in 'y' * 100000 %}{% endfor %}{% endfor %}", "循环和调用"),
        ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}", "循环和调用"),
    ],
)
def test_runaway_loops_stop_with_a_chinese_message(tmp_path, body, words):
    """先到的是次数还是时间，看机器有多忙：两者都是停下来、说清楚。"""
    message = refused(folder_with(tmp_path, body))
    assert words in message or (words == "循环和调用" and f"模板运行超过 {sandbox.MAX_SECONDS:g} 秒" in message), message


@pytest.mark.parametrize(
    "body",
    [
        "{{ 'x' * 10**9 }}",
        "{{ [1] * 10**9 }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'.ljust(1000000000) }}",
        "{{ 'x'.zfill(1000000000) }}",
        "{{ range(10000)|join('x' * 100000) }}",
        "{{ ('x' * 100000).replace('x', 'yyy') }}",
        "{{ ('x' * 100000)|replace('x', 'yyy') }}",
        "{{ 2 ** 100000000 }}",
        "{% set ns = namespace(a='xx') %}{% for i in range(40) %}{% set ns.a = ns.a ~ ns.a %}{% endfor %}{{ ns.a }}",
        "{% set ns = namespace(a='xx') %}{% for i in range(40) %}{% set ns.a = ns.a + ns.a %}{% endfor %}{{ ns.a }}",
    ],
)
def test_values_too_big_are_refused_before_they_are_made(tmp_path, body):
    message = refused(folder_with(tmp_path, body))
    assert "太大" in message or "超过" in message


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
        "{% for i in range(10000) %}" + "静" * 500 + "{% endfor %}",
        "{% for i in range(2000) %}{% for j in range(2000) %}" + "字" * 5 + "{% endfor %}{% endfor %}",
    ],
)
def test_written_text_has_a_limit(tmp_path, body):
    assert "写出的文字合计超过" in refused(folder_with(tmp_path, body))


def test_the_budget_is_for_the_whole_report(tmp_path):
    """每次调用不超，合起来超了也停：预算按一份报告算，不是按一次调用。"""
    wording = Wording({}, folder_with(tmp_path, "{% for i in range(10000) %}" + "字" * 40 + "{% endfor %}"))
    with pytest.raises(WordingError) as raised:
        for _ in range(5):
            wording.t()
    assert "写出的文字合计超过" in str(raised.value)


def test_lorem_ipsum_is_not_available(tmp_path):
    assert "不存在的变量“lipsum”" in refused(folder_with(tmp_path, "{{ lipsum(n=100000) }}"))


def test_ordinary_loops_and_text_still_work(tmp_path):
    body = "{% for i in range(3) %}第{{ i + 1 }}条{% endfor %}{{ '、'.join(['甲', '乙']) }}{{ '中'|center(3) }}{{ '%s名' % 5 }}"
    assert Wording({}, folder_with(tmp_path, body)).t() == "第1条第2条第3条甲、乙 中 5名"


def test_the_limits_are_the_documented_ones():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for value in (sandbox.MAX_RANGE, sandbox.MAX_STEPS, sandbox.MAX_OUTPUT, sandbox.MAX_TEXT, sandbox.MAX_TEMPLATE_FILE):
        assert f"{value:,}" in text
    assert f"{sandbox.MAX_SECONDS:g} 秒" in text and f"{sandbox.MAX_POWER_BITS:,} 位" in text


def test_every_sentence_of_the_sandbox_section_names_a_test_that_exists():
    import re

    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    section = text[text.index("**措辞模板不是代码。**"):text.index("**资源有上限。**")]
    sentences = re.findall(r"^\d+\. (.+?)(?=^\d+\. |\Z)", section, flags=re.S | re.M)
    assert len(sentences) >= 7
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    for sentence in sentences:
        named = re.findall(r"(?<![\w/])test_\w+(?!\.py)\b", sentence)
        assert named, sentence
        for name in named:
            assert f"def {name}(" in tests, name


# ---------------------------------------------------------------- 模板运行时的错：文件、行号、出了什么错


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("\n\n{{ 1 / 0 }}", 3, "除数是零"),
        ("\n{{ 10 // 0 }}", 2, "除数是零"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(1) }}", 1, "递归太深"),
        ("\n\n\n{{ 支部名称.不存在 }}", 4, "不存在的属性或项“不存在”"),
        ("{{ 没有这个 }}", 1, "不存在的变量“没有这个”"),
        ("\n{{ 支部名称 + 1 }}", 2, "类型不对"),
        ("\n{{ range('a') }}", 2, "类型不对"),
        ("\n\n{{ '%d' % '字' }}", 3, "类型不对"),
        ("{{ [1, 2][5] }}", 1, "不存在的属性或项"),
        ("\n{{ (10 ** 5000)|string }}", 2, "值不合适"),
    ],
)
def test_template_runtime_errors_name_file_line_and_cause(tmp_path, body, line, words):
    message = refused(folder_with(tmp_path, body), {"支部名称": "测试支部"})
    assert f"wording.j2 第 {line} 行" in message and words in message, message


def test_an_error_in_an_included_file_names_that_file(tmp_path):
    folder = folder_with(tmp_path, "{% include 'part.j2' %}", **{"part.j2": "一\n二\n{{ 1 / 0 }}"})
    with pytest.raises(WordingError) as raised:
        Wording({}, folder).t()
    assert "part.j2 第 3 行" in str(raised.value) and "除数是零" in str(raised.value)


def test_an_error_at_the_top_of_the_template_is_found_when_it_is_loaded(tmp_path):
    folder = folder_with(tmp_path, "")
    (folder / "wording.j2").write_text("{% set x = 1 / 0 %}\n{% macro t() %}{% endmacro %}", encoding="utf-8")
    with pytest.raises(WordingError) as raised:
        Wording({}, folder)
    assert "wording.j2 第 1 行" in str(raised.value) and "除数是零" in str(raised.value)


# ---------------------------------------------------------------- 命令行：[模板有误]、退出码 2、不写文件


def generate(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    code = "from toolkit.cli.entry import generate_report; generate_report()"
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def user_template(tmp_path: Path, inserted: str) -> Path:
    mine = tmp_path / "我的 措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording = mine / "wording.j2"
    original = wording.read_text(encoding="utf-8")
    anchor = "阶段性工作情况{% endmacro %}"
    assert anchor in original
    wording.write_text(original.replace(anchor, "阶段性工作情况" + inserted + "{% endmacro %}"), encoding="utf-8")
    return mine


@pytest.mark.parametrize(
    "inserted, words",
    [
        ("{{ range(99999999)|list }}", "range(99999999)"),
        ("{{ 1/0 }}", "除数是零"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "range(100000)"),
        ("{{ 支部名称.没有的属性 }}", "没有的属性"),
    ],
)
def test_the_command_says_template_error_with_the_line(tmp_path, inserted, words):
    workbook = write_workbook(tmp_path / "数据簿.xlsx", small_branch())
    mine = user_template(tmp_path, inserted)
    target = tmp_path / "报告.docx"
    code, out, err = generate(workbook, "-o", target, "--template", mine)
    assert code == 2, out + err
    assert err.startswith("[模板有误]") and "wording.j2 第 " in err and words in err, err
    assert "内部错误" not in err and "不是您的操作问题" not in err
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["我的 措辞", "数据簿.xlsx"]


@posix_only
def test_the_command_does_not_print_a_linked_file(tmp_path, outside):
    workbook = write_workbook(tmp_path / "数据簿.xlsx", small_branch())
    mine = user_template(tmp_path, "{% include 'notes.j2' %}")
    os.symlink(outside / "secret.txt", mine / "notes.j2")
    target = tmp_path / "报告.docx"
    code, out, err = generate(workbook, "-o", target, "--template", mine)
    assert code == 2 and "[模板有误]" in err and "模板文件夹以外" in err, err
    assert "TOPSECRET" not in out + err and not target.exists()


@pytest.mark.parametrize("given", ["wording.j2", "common.j2"])
def test_template_given_a_file_asks_for_its_folder(tmp_path, given):
    workbook = write_workbook(tmp_path / "数据簿.xlsx", small_branch())
    mine = user_template(tmp_path, "")
    code, out, err = generate(workbook, "-o", tmp_path / "报告.docx", "--template", mine / given)
    assert code == 2, out + err
    assert "是一个文件" in err and "放着它的文件夹" in err and str(mine) in err, err
    assert "里没有 wording.j2" not in err


def test_template_given_a_missing_folder_says_so(tmp_path):
    workbook = write_workbook(tmp_path / "数据簿.xlsx", small_branch())
    code, out, err = generate(workbook, "-o", tmp_path / "报告.docx", "--template", tmp_path / "没有这个")
    assert code == 2 and "找不到模板文件夹" in err, out + err


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("\n{{ 支部名称 }", 2, "这里不该有“}”"),
        ("{% foo %}", 1, "不认识的标签“foo”"),
        ("\n\n{{ a b }}", 3, "这里应当是“}}”"),
        ("{% for x %}{% endfor %}", 1, "这里应当是“in”"),
        ("{{ x|没有这个过滤器 }}", 1, "没有名为“没有这个过滤器”的过滤器"),
        ('{{ "没配对 }}', 1, "引号是否配对"),
    ],
)
def test_syntax_errors_are_said_in_chinese(tmp_path, body, line, words):
    import re

    message = refused(folder_with(tmp_path, body))
    assert f"wording.j2 第 {line} 行写法有误" in message and words in message, message
    assert not re.search(r"[A-Za-z]{4,}", message.split("wording.j2", 1)[1].replace("endmacro", "")), message


def test_an_unclosed_macro_names_the_missing_end(tmp_path):
    folder = folder_with(tmp_path, "")
    (folder / "wording.j2").write_text("{% macro t() %}没有结束", encoding="utf-8")
    with pytest.raises(WordingError) as raised:
        Wording({}, folder)
    assert "模板到结尾还缺“{% endmacro %}”" in str(raised.value)
