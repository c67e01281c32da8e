"""基准：党委汇总 300 个支部（每支部 30–50 名党员）的整个进程耗时和峰值内存，与 python-calamine 只读一遍同样 300 本相比。

    python bench/rollup.py             # 打印结果
    python bench/rollup.py --runs 3    # 每项运行 3 次取中位数（默认 3）

工作簿由 bench/branches.py 的 write_branch 现场生成（缓存在系统临时目录）。
峰值内存是进程树里单个进程的最大常驻内存（Linux 的 ru_maxrss 对已等待的子进程取最大值），
不是两个工作进程之和；另外按 /proc 采样估计了全部进程之和。
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.branches import write_branch  # noqa: E402
from bench.run import CALAMINE_READ  # noqa: E402

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


def _tree_rss(pid: int) -> int:
    """进程和它的子进程的常驻内存之和（KB）。"""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def measure(argv: list[str], runs: int) -> tuple[float, float, float, float]:
    """（耗时中位数 s, 最短 s, 单进程峰值 MB, 进程树合计峰值 MB）。"""
    times, peaks, sums = [], [], []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        biggest = [0]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                biggest[0] = max(biggest[0], _tree_rss(process.pid))
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        stop.set()
        sampler.join()
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        sums.append(biggest[0] / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"{' '.join(argv)} 退出码 {code}")
    return statistics.median(times), min(times), max(peaks), max(sums)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = branches()
    python = sys.executable
    out = Path(tempfile.mkdtemp(prefix="toolkit-bench-rollup-"))
    bare = measure([python, "-c", CALAMINE_ALL, str(folder)], args.runs)
    rollup = measure([python, "-m", "toolkit", "rollup", str(folder), "-o", str(out), "--force", "--quiet"], args.runs)
    serial = measure([python, "-c", "import toolkit.rollup.collect as r; r.WORKERS = 1; from toolkit.cli.entry import main; main()",
                      "rollup", str(folder), "-o", str(out), "--force", "--quiet"], args.runs)
    each = measure([python, "-m", "toolkit", "rollup", str(folder), "-o", str(out), "--force", "--quiet", "--each", str(out / "各支部")], args.runs)
    size = sum(p.stat().st_size for p in folder.rglob("*.xlsx")) / 1024 / 1024
    lines = [
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}；每项运行 {args.runs} 次取中位数。",
        f"输入：{BRANCHES} 本支部工作簿（每本 30–50 名党员、12–30 项活动、逐人出勤明细），共 {size:.1f} MB，分在 10 个子文件夹。",
        "",
        "| 命令 | 耗时中位数 | 最短 | 单进程峰值内存 | 进程合计峰值 | calamine 只读 | 倍数 |",
        "|---|---|---|---|---|---|---|",
        f"| calamine 只读 300 本（一个进程） | {bare[0]:.2f} s | {bare[1]:.2f} s | {bare[2]:.0f} MB | {bare[3]:.0f} MB | — | 1.0× |",
    ]
    for label, m in (("toolkit rollup（2 个工作进程）", rollup), ("toolkit rollup（串行，对照）", serial), ("toolkit rollup --each（另写 300 份报告）", each)):
        lines.append(f"| {label} | {m[0]:.2f} s | {m[1]:.2f} s | {m[2]:.0f} MB | {m[3]:.0f} MB | {bare[0]:.2f} s | {m[0] / bare[0]:.1f}× |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
