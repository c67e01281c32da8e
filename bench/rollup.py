"""基准：党委汇总 300 个支部（每支部 30–50 名党员）的整个进程耗时和峰值内存，与 python-calamine 只读一遍同样 300 本相比。

    python bench/rollup.py             # 打印结果
    python bench/rollup.py --runs 3    # 每项运行 3 次取中位数（默认 3）
    python bench/rollup.py --before /tmp/toolkit-before   # 改前的源码树同一次运行里交替着量（只比 2 个工作进程的汇总）

工作簿由 bench/branches.py 的 write_branch 现场生成（缓存在系统临时目录）。
量法见 bench/harness.py：与裸读交替运行，倍数按轮算；峰值内存是 /usr/bin/time 报的单个进程最大常驻内存
（不是两个工作进程之和）。
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.branches import write_branch  # noqa: E402
from bench.harness import compile_bytecode, cpu, cpu_ratio, CALAMINE_READ, Command, interleave, machine_line, python_command, ratio  # noqa: E402

BRANCHES = 300
CACHE = Path(tempfile.gettempdir()) / "toolkit-bench" / f"rollup-{BRANCHES}"

# 所有文件放进一个进程里读：与 toolkit rollup 一样只起一次 Python
CALAMINE_ALL = (
    "import sys, pathlib\n"
    "from python_calamine import CalamineWorkbook\n"
    "n = 0\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.xlsx')):\n"
    "    wb = CalamineWorkbook.from_path(str(path))\n"
    "    for name in wb.sheet_names:\n"
    "        n += sum(len(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))\n"
)
assert "CalamineWorkbook.from_path" in CALAMINE_READ  # 与 bench/run.py 同样的读法


def branches() -> Path:
    """300 本：党员 30–50 名，活动 12–30 项，出勤明细按活动逐人；分在 10 个子文件夹里。"""
    done = CACHE / ".done"
    if done.exists():
        return CACHE
    CACHE.mkdir(parents=True, exist_ok=True)
    for k in range(BRANCHES):
        members = 30 + (k * 7) % 21
        activities = 12 + (k * 5) % 19
        folder = CACHE / f"第{k // 30 + 1}组"
        folder.mkdir(exist_ok=True)
        write_branch(folder / f"支部{k + 1:03d}.xlsx", members, activities, activities * members // 2, f"第{k + 1}党支部")
    done.write_text("ok")
    return CACHE


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="改前的源码树：它的 toolkit rollup 与当前的交替着量")
    args = parser.parse_args()
    compile_bytecode()
    if args.before:
        import subprocess

        subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.before / "toolkit")], check=True, stdout=subprocess.DEVNULL)
    folder = branches()
    out = Path(tempfile.mkdtemp(prefix="toolkit-bench-rollup-"))
    rollup = ["-m", "toolkit", "rollup", str(folder), "-o", str(out), "--force", "--quiet"]
    commands = [
        python_command("calamine 裸读 300 本（一个进程）", "-c", CALAMINE_ALL, str(folder)),
        python_command("toolkit rollup（2 个工作进程）", *rollup),
        python_command("toolkit rollup（串行，对照）", "-c", "import toolkit.rollup.collect as r; r.WORKERS = 1; from toolkit.cli.entry import main; main()", *rollup[2:]),
        python_command("toolkit rollup --each（另写 300 份报告）", *rollup, "--each", str(out / "各支部")),
    ]
    if args.before:  # 在临时目录里起进程，PYTHONPATH 指向旧的树（harness 给的是当前的树，env 改掉它）
        commands.insert(1, Command("toolkit rollup（2 个工作进程，改前）", ["env", f"PYTHONPATH={args.before}", sys.executable, *rollup]))
    interleave(commands, args.runs)
    size = sum(p.stat().st_size for p in folder.rglob("*.xlsx")) / 1024 / 1024
    lines = [
        machine_line(args.runs),
        f"输入：{BRANCHES} 本支部工作簿（每本 30–50 名党员、12–30 项活动、逐人出勤明细），共 {size:.1f} MB，分在 10 个子文件夹。",
        "",
        "| 命令 | 耗时中位数（最小–最大） | 与裸读之比 | CPU 时间 | CPU 时间之比 | 单进程峰值内存 |",
        "|---|---|---|---|---|---|",
    ]
    for c in commands:
        lines.append(f"| {c.label} | {c.median:.2f} s（{c.spread()}） | {ratio(c, commands[0])} | {cpu(c)} | {cpu_ratio(c, commands[0])} | {c.peak} |")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines += ["", f"结束时的负载（1/5/15 分钟）：{load}。"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
