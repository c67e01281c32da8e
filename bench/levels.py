"""基准：逐级汇总一个三级的组织——10 个党委 × 每个 10 个下级党委（党总支）× 每个 30 个支部，共 3,000 本支部工作簿
（每本 30–50 名党员、12–30 项活动、逐人出勤明细）。

    python bench/levels.py               # 全部规模（3,000 本）
    python bench/levels.py --scale 0.5   # 每一级的个数都乘 0.5（5 × 5 × 15 = 375 本），在忙的机器上先跑小的
    python bench/levels.py --runs 3      # 每一级跑 3 次取中位数（默认 1）
    python bench/levels.py --before /tmp/toolkit-before   # 改前的源码树（git archive 旧提交 | tar -x）同一次运行里交替着量

分别量：
- 最底一级：全部下级党委（全规模 100 个）各自汇总自己的 30 本，按机器的核数并行（每个汇总内部串行，不再开进程）；
- 中间一级：10 个党委各自汇总自己 10 个下级党委的汇总表（读 10 本汇总表，不读支部工作簿）；
- 最上一级：汇总 10 个党委的汇总表。
每一级是一个新进程，耗时是整个进程（导入、读、写、退出），CPU 时间是 /usr/bin/time 报的用户态 + 内核态
（最底一级含两个工作进程的），峰值内存是 /usr/bin/time 报的单个进程最大常驻内存。
机器由几个会话共用时墙钟时间随别人的负载起伏，以 CPU 时间为准。
与之相比的是 python-calamine 在一个进程里把同样 3,000 本支部工作簿读一遍（bench/rollup.py 的裸读）。

工作簿由 bench/branches.py 的 write_branch 现场生成（两个进程并行），缓存在系统临时目录。
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# 量的时候才导入 bench.harness、bench.rollup：每一级的进程里只有 toolkit 自己的导入（不多算 openpyxl 写工作簿的那些）

COMMITTEES, SUBS, BRANCHES = 10, 10, 30


def shape(scale: float) -> tuple[int, int, int]:
    return tuple(max(1, math.ceil(n * scale)) for n in (COMMITTEES, SUBS, BRANCHES))  # type: ignore[return-value]


def committee_name(c: int) -> str:
    return f"第{c + 1:02d}学院党委"


def sub_name(c: int, s: int) -> str:
    return f"第{c + 1:02d}学院第{s + 1:02d}党总支"


def _write_one(job: tuple[str, int, str]) -> None:
    from bench.branches import write_branch

    path, k, name = job
    members = 30 + (k * 7) % 21
    activities = 12 + (k * 5) % 19
    write_branch(Path(path), members, activities, activities * members // 2, name)


def build(scale: float) -> Path:
    """branches/第c学院党委/第s党总支/支部k.xlsx；写好一次就缓存。"""
    committees, subs, branches = shape(scale)
    base = Path(tempfile.gettempdir()) / "toolkit-bench" / f"levels-{committees}x{subs}x{branches}"
    if (base / ".done").exists():
        return base
    jobs = []
    for c in range(committees):
        for s in range(subs):
            folder = base / "branches" / committee_name(c) / sub_name(c, s)
            folder.mkdir(parents=True, exist_ok=True)
            for b in range(branches):
                k = (c * subs + s) * branches + b
                jobs.append((str(folder / f"支部{b + 1:02d}.xlsx"), k, f"{sub_name(c, s)}第{b + 1:02d}党支部"))
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_write_one, jobs, chunksize=16))
    (base / ".done").write_text("ok")
    return base


# ---------------------------------------------------------------- 每一级（在自己的进程里运行）


def _rollup(folder: str, name: str, out: str) -> None:
    from toolkit import api  # --source 给了时，取的是那一棵源码树（main 里已放在 sys.path 最前）

    Path(out).mkdir(parents=True, exist_ok=True)
    api.rollup(folder, api.RollupOptions(name=name), api.RollupOutputs(out_dir=Path(out), force=True))


def _serial_rollup(job: tuple[str, str, str]) -> None:
    import toolkit.rollup.collect as collect

    collect.WORKERS = 1  # 并行在下级党委之间；每个汇总内部不再开进程
    _rollup(*job)


def run_level(level: str, base: Path, out: Path) -> None:
    branches = base / "branches"
    committees = sorted(p for p in branches.iterdir() if p.is_dir())
    if level == "bottom":
        jobs = [(str(sub), sub.name, str(out / "bottom" / c.name / sub.name)) for c in committees for sub in sorted(c.iterdir())]
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(_serial_rollup, jobs))
    elif level == "middle":
        for c in committees:
            _rollup(str(out / "bottom" / c.name), c.name, str(out / "middle" / c.name))
    else:
        _rollup(str(out / "middle"), "中共基准大学委员会", str(out / "top"))


# ---------------------------------------------------------------- 量


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--level", choices=("bottom", "middle", "top"), help=argparse.SUPPRESS)
    parser.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--before", type=Path, help="改前的源码树：与当前的代码在同一次运行里交替着量")
    args = parser.parse_args()
    if args.level:
        if args.source:
            sys.path.insert(0, str(args.source))
        run_level(args.level, args.base, args.out)
        return 0
    from bench.harness import compile_bytecode, cpu, interleave, machine_line, python_command
    from bench.rollup import CALAMINE_ALL

    committees, subs, branches = shape(args.scale)
    base = build(args.scale)
    compile_bytecode()
    trees = [(None, "")]
    if args.before:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.before / "toolkit")], check=True, stdout=subprocess.DEVNULL)
        trees = [(args.before, "（改前）"), (None, "（改后）")]
    me = str(Path(__file__).resolve())
    runs = []  # 每棵树的三级；各写到自己的 out 文件夹（文件夹的路径写进汇总表的说明，两棵树用同一个名字）
    for source, mark in trees:
        out = base / ("out-before" if source else "out")
        shutil.rmtree(out, ignore_errors=True)
        extra = ["--base", str(base), "--out", str(out), *(["--source", str(source)] if source else [])]
        runs.append([
            python_command(f"最底一级{mark}：{committees * subs} 个党总支各汇总 {branches} 本（{os.cpu_count()} 个进程并行）", me, "--level", "bottom", *extra),
            python_command(f"中间一级{mark}：{committees} 个党委各汇总 {subs} 本汇总表", me, "--level", "middle", *extra),
            python_command(f"最上一级{mark}：汇总 {committees} 本党委的汇总表", me, "--level", "top", *extra),
        ])
    bare = python_command(f"calamine 裸读 {committees * subs * branches} 本支部工作簿（一个进程）", "-c", CALAMINE_ALL, str(base / "branches"))
    interleave([bare, *(c for levels in runs for c in levels)], args.runs)  # 热身那一轮按次序跑过每一级：下一级用的是上一级写出的汇总表
    count = committees * subs * branches
    size = sum(p.stat().st_size for p in (base / "branches").rglob("*.xlsx")) / 1024 / 1024
    lines = [
        machine_line(args.runs),
        f"规模：{committees} 个党委 × {subs} 个党总支 × {branches} 个支部 = {count} 本支部工作簿（scale {args.scale:g}），共 {size:.1f} MB。",
        "",
        "| 这一级 | 耗时中位数（最小–最大） | CPU 时间 | 单进程峰值内存 |",
        "|---|---|---|---|",
    ]
    for (_, mark), levels in zip(trees, runs):
        lines += [f"| {c.label} | {c.median:.2f} s（{c.spread()}） | {cpu(c)} | {c.peak} |" for c in levels]
        lines.append(f"| 三级合计{mark} | {sum(c.median for c in levels):.2f} s | {_cpu_total(levels):.2f} s | — |")
    lines += [f"| {bare.label} | {bare.median:.2f} s（{bare.spread()}） | {cpu(bare)} | {bare.peak} |", ""]
    for (_, mark), levels in zip(trees, runs):
        total = sum(c.median for c in levels)
        lines.append(f"三级合计{mark} ÷ 裸读：墙钟 {total / bare.median:.2f}×，CPU {_cpu_total(levels) / _median(bare.cpus):.2f}×；"
                     f"每本支部工作簿（最底一级）CPU {_median(levels[0].cpus) / count * 1000:.1f} ms，裸读 {_median(bare.cpus) / count * 1000:.1f} ms。")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines.append(f"结束时的负载（1/5/15 分钟）：{load}。")
    print("\n".join(lines))
    return 0


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else float("nan")


def _cpu_total(levels) -> float:
    return sum(_median(c.cpus) for c in levels)


if __name__ == "__main__":
    raise SystemExit(main())
