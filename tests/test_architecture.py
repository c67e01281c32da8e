"""包的结构本身：每个模块单独导入得了，导入只往一个方向走，私有的名字不出模块，
标准里的名字只在 standard.py 里写一次，函数都不长。

这些测试读的是源代码（ast），不运行工具；改结构时它们先说话。
"""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import standard
from toolkit.branch import model

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "toolkit"
LONGEST_FUNCTION = 60  # 行：一屏之内


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for name, path in MODULES.items()}


def imported_modules(name: str, tree: ast.AST) -> dict[str, int]:
    """这个模块导入的本包模块 → 行号（函数里的导入也算：它们同样会绕成圈）。"""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # from toolkit import standard：导入的是 toolkit.standard 模块，不是 toolkit 包本身
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
            targets = submodules if len(submodules) == len(node.names) else [base, *submodules]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("toolkit"):
                found.setdefault(target, node.lineno)
    return found


GRAPH = {name: imported_modules(name, tree) for name, tree in TREES.items()}


@pytest.mark.parametrize("name", [n for n in MODULES if n != "toolkit.__main__"])
def test_every_module_imports_on_its_own(name):
    done = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_imports_never_go_round_in_a_circle():
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in GRAPH[node]:
            if state.get(target) == 1:
                circles.append(" → ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in GRAPH:
        if node not in state:
            visit(node, [node])
    assert circles == []


def _package_of(name: str) -> str:
    """toolkit.checks.rules → checks；toolkit.api → api。"""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


# 流水线的层次：只许向下（数小的）导入；同一层的文件夹之间不互相导入。网页（web）和命令行一样只调 api，
# 命令行的 serve 命令启动网页，所以 cli 在 web 之上。
LAYERS = {
    "standard": 0, "style": 0, "errors": 0, "text": 0, "privacy": 0, "findings": 0, "files": 0,
    "branch": 1,
    "workbook": 2,
    "checks": 3,
    "report": 3,
    "rollup": 4,
    "api": 5,
    "web": 6,
    "cli": 7,
    "__main__": 8,
    "": 8,
}


def test_imports_run_one_way_down_the_pipeline():
    upward = []
    for name, targets in GRAPH.items():
        here = _package_of(name)
        for target, line in targets.items():
            there = _package_of(target)
            if here == there:
                continue
            if LAYERS[there] > LAYERS[here] or (LAYERS[there] == LAYERS[here] and LAYERS[here] > 0):
                upward.append(f"{name}:{line} → {target}")
    assert upward == []


def test_no_private_name_crosses_a_module_border():
    defined: dict[str, set[str]] = {}
    for name, tree in TREES.items():
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
        defined[name] = {n for n in names if n.startswith("_") and not n.startswith("__")}
    elsewhere = {n: {m for m, names in defined.items() if n in names} for names in defined.values() for n in names}
    crossing = []
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("toolkit"):
                crossing += [f"{name}:{node.lineno} 导入 {a.name}" for a in node.names if a.name.startswith("_")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owners = elsewhere.get(node.attr, set())
                if owners and name not in owners:
                    crossing.append(f"{name}:{node.lineno} 用了 {'、'.join(sorted(owners))} 的 .{node.attr}")
    assert crossing == []


def _standard_names() -> set[str]:
    names = set()
    for sheet in (*standard.SHEETS, standard.ROLLUP_SETTINGS):
        names.add(sheet.name)
        names.update(sheet.aliases)
        for column in sheet.columns:
            names.add(column.name)
            names.update(column.aliases)
            names.update(column.choices)
            names.update(column.value_aliases)
            names.update(column.suffix_exceptions)
            if column.default:
                names.add(column.default)
    names.update(standard.TEMPLATE_ONLY_SHEETS)
    names.update(standard.KEYVALUE_HEADERS)
    # 写入报告的别名 Y、N、y、n：一两个拉丁字母在程序里另有所指（如 XML 里单元格的类型 t="n"），不算
    return {n for n in names if not (n.isascii() and len(n) <= 2)}


def test_standard_names_are_written_only_in_the_declaration():
    """表名、列名、别名、可选值、默认值：包里任何别的地方都不许把它们当字符串写出来。"""
    names = _standard_names()
    written = []
    for name, tree in TREES.items():
        if name == "toolkit.standard":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                written.append(f"{MODULES[name].relative_to(ROOT)}:{node.lineno} “{node.value}”")
    assert written == []


def test_the_scan_finds_a_retyped_name(tmp_path):
    """上面那个扫描确实会报：一个写着列名的模块被它认出来。"""
    tree = ast.parse('if m.membership == "预备党员": pass')
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in _standard_names()]
    assert found == ["预备党员"]


@pytest.mark.parametrize("model_class", list(model.SHEET_OF))
def test_model_fields_are_the_columns_of_the_declaration(model_class):
    sheet = model.SHEET_OF[model_class]
    fields = [f.name for f in dataclasses.fields(model_class) if f.name not in ("source", "sources")]
    assert sorted(fields) == sorted(c.key for c in sheet.columns), sheet.name


def test_every_package_folder_is_installed():
    """pyproject.toml 列出的包就是 toolkit/ 下有 __init__.py 的每个文件夹（少列一个，pip install . 就少装一个）。"""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    assert folders | {"toolkit.templates"} == listed


def _functions():
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield name, node, node.end_lineno - node.lineno + 1


def test_functions_read_as_steps_of_a_screen_or_less():
    long = sorted((f"{name}.{node.name}（{length} 行）" for name, node, length in _functions() if length > LONGEST_FUNCTION))
    assert long == []


def longest_function() -> str:
    name, node, length = max(_functions(), key=lambda item: item[2])
    return f"{name}.{node.name}：{length} 行"


if __name__ == "__main__":  # python tests/test_architecture.py：印出最长的函数
    print(longest_function())
