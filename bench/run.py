"""基准：每条命令与同一文件的 python-calamine 裸读交替运行，印出耗时的中位数（最小–最大）、倍数和峰值内存。

    python bench/run.py                 # 示例、50 人支部、15,000 人名册，另加 docxtpl 对照和 --help
    python bench/run.py --scaling       # 再加 1,500 / 15,000 / 60,000 / 150,000 人的名册：每千人的检查耗时
    python bench/run.py --write         # 同时写入 bench/results.md

量法见 bench/harness.py。输入由 bench/branches.py 现场生成（缓存在系统临时目录）。
docxtpl 对照要先 pip install ".[bench]"；没装时跳过并说明。
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.branches import write_branch  # noqa: E402
from bench.harness import compile_bytecode, Command, bare_read, cpu, cpu_ratio, interleave, machine_line, python_command, ratio  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "toolkit-bench"
SAMPLE = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"
BRANCH = (50, 100, 5_000)
REGISTER = (15_000, 2_000, 100_000)
SCALING = ((1_500, 200, 10_000), (15_000, 2_000, 100_000), (60_000, 8_000, 400_000), (150_000, 20_000, 1_000_000))


def workbook(size: tuple[int, int, int]) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / ("bench-%d-%d-%d.xlsx" % size)
    if not path.exists():
        write_branch(path, *size)
    return path


def commands_for(path: Path, out: Path, *, peer: bool) -> list[Command]:
    commands = [
        bare_read(path),
        python_command("validate", "-m", "toolkit", "validate", str(path)),
        python_command("generate-report", "-m", "toolkit", "generate-report", str(path), "-o", str(out / "r.docx"), "--force"),
    ]
    if peer:
        commands.append(python_command("docxtpl 对照（同结构的报告，无检查）", str(ROOT / "bench" / "peer_docxtpl.py"), str(path), str(out / "peer.docx")))
    return commands


def table(label: str, commands: list[Command]) -> list[str]:
    bare = commands[0]
    lines = []
    for c in commands:
        times = f"{c.median:.3f} s（{c.spread()}）"
        own = c is bare
        lines.append(f"| {label} | {c.label} | {times} | {'1×' if own else ratio(c, bare)} | {cpu(c)} | {'1×' if own else cpu_ratio(c, bare)} | {c.peak} |")
    report = next((c for c in commands if c.label == "generate-report"), None)
    peer = next((c for c in commands if c.label.startswith("docxtpl")), None)
    if report and peer:
        ratios = [p / r for p, r in zip(peer.times, report.times)]
        cpus = [p / r for p, r in zip(peer.cpus, report.cpus) if r > 0] or [0.0]
        lines.append(
            f"| {label} | docxtpl ÷ generate-report | — | {statistics.median(ratios):.2f}×（{min(ratios):.2f}–{max(ratios):.2f}） | — "
            f"| {statistics.median(cpus):.2f}×（{min(cpus):.2f}–{max(cpus):.2f}） | — |"
        )
    return lines


HEADER = ["| 输入 | 命令 | 耗时中位数（最小–最大） | 与裸读之比 | CPU 时间 | CPU 时间之比 | 峰值内存 |", "|---|---|---|---|---|---|---|"]
# --write 只替换 results.md 里这两行之间的一节，逐级汇总等别的几节留着
MARKS = ("<!-- bench/run.py 开始 -->", "<!-- bench/run.py 结束 -->")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="把结果写入 bench/results.md")
    parser.add_argument("--scaling", action="store_true", help="另跑 1.5k/15k/60k/150k 名册的检查")
    args = parser.parse_args()
    compile_bytecode()
    out = Path(tempfile.mkdtemp(prefix="toolkit-bench-out-"))
    peer = importlib.util.find_spec("docxtpl") is not None
    lines = [machine_line(args.runs), ""]

    help_cmds = [python_command("python -c pass", "-c", "pass"), python_command("toolkit --help", "-m", "toolkit", "--help"),
                 python_command("generate-report --help", "-m", "toolkit", "generate-report", "--help")]
    interleave(help_cmds, args.runs)
    lines += ["| 命令 | 耗时中位数（最小–最大） | 与 python -c pass 之比 | 峰值内存 |", "|---|---|---|---|"]
    for c in help_cmds:
        lines.append(f"| {c.label} | {c.median:.3f} s（{c.spread()}） | {ratio(c, help_cmds[0])} | {c.peak} |")
    lines += [""] + HEADER
    for label, path, with_peer in (
        ("示例（28 人）", SAMPLE, False),
        ("支部（50 人/100 项/5,000 行）", workbook(BRANCH), False),
        ("名册（15,000 人/2,000 项/100,000 行）", workbook(REGISTER), peer),
    ):
        commands = commands_for(path, out, peer=with_peer)
        interleave(commands, args.runs)
        lines += table(label, commands)
        if with_peer:
            from bench.peer_docxtpl import document_xml_size

            sizes = (document_xml_size(out / "r.docx"), document_xml_size(out / "peer.docx"))
            lines.append(f"| {label} | document.xml 的大小：generate-report / docxtpl | {sizes[0]:,} / {sizes[1]:,} 字节 | — | — |")
        print("\n".join(lines[-len(commands):]), flush=True)
    if not peer:
        lines.append("\n（没有安装 docxtpl，跳过对照：pip install \".[bench]\"）")
    if args.scaling:
        lines += scaling()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines += ["", f"结束时的负载（1/5/15 分钟）：{load}。"]
    text = "\n".join(lines)
    print()
    print(text)
    if args.write:
        write_results(text)
    return 0


def scaling() -> list[str]:
    """validate 每千名党员的 CPU 时间，与 1.5 万人的比（issue 13：15 万人时在 15% 以内）；每种规模与裸读交替 3 轮。"""
    lines = ["", "规模：validate 每千名党员的耗时（与裸读交替，各 3 轮）", "",
             "| 党员 | validate 耗时 | CPU 时间 | 每千人 CPU | 与 1.5 万人每千人之比 | 与裸读之比（CPU） | 峰值内存 | 裸读峰值 |",
             "|---|---|---|---|---|---|---|---|"]
    base = None
    for size in SCALING:
        path = workbook(size)
        commands = [bare_read(path), python_command("validate", "-m", "toolkit", "validate", str(path))]
        interleave(commands, 3 if size[0] <= 60_000 else 2)
        v = commands[1]
        per = statistics.median(v.cpus) / size[0] * 1000
        base = per if size[0] == 15_000 else base
        against = f"{per / base:.2f}" if base else "—"
        lines.append(f"| {size[0]:,} | {v.median:.2f} s | {cpu(v)} | {per:.3f} s | {against} | {cpu_ratio(v, commands[0])} | {v.peak} | {commands[0].peak} |")
        print(lines[-1], flush=True)
    return lines


def write_results(text: str) -> None:
    path = ROOT / "bench" / "results.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# 基准结果\n"
    section = f"{MARKS[0]}\n`python bench/run.py --write` 生成。\n\n{text}\n{MARKS[1]}"
    if MARKS[0] in old and MARKS[1] in old:
        head, rest = old.split(MARKS[0], 1)
        new = head + section + rest.split(MARKS[1], 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
