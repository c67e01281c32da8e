"""README 说的就是工具做的：第一段命令恰好两行；示例输出与真的运行一字不差（scripts/readme_examples.py 写出）。"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _script():
    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "scripts" / "readme_examples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclass 要在 sys.modules 里找到它的模块
    spec.loader.exec_module(module)
    return module


examples = _script()


@pytest.fixture(scope="module")
def fresh():
    return examples.outputs()


def test_first_bash_block_is_the_two_lines_that_install_and_test():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    lines = block.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("pip install . && generate-report ")
    assert lines[1].startswith('pip install ".[test]" && python -m pytest')


def test_every_example_in_the_readme_is_what_the_tool_prints(fresh):
    assert examples.stale(README, fresh) == [], "运行 python scripts/readme_examples.py 更新 README.md"
    for example in examples.EXAMPLES:
        assert f"```text\n$ {example.command}\n" in README  # README 里印的命令就是运行的命令


def test_a_stale_example_is_noticed_and_rewritten(fresh):
    """示例里改一个字：比较会发现，重新写出就还原成真的输出。"""
    tampered = README.replace("检查完成：共 1 个错误", "检查完成：共 9 个错误", 1)
    assert tampered != README
    assert examples.stale(tampered, fresh) == ["validate"]
    assert examples.refreshed(tampered, fresh) == README
