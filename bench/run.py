"""基准：整个进程的耗时（至少 5 次取中位数）和峰值内存，并与 python-calamine 只读一遍单元格相比。

    python bench/run.py            # 打印结果
    python bench/run.py --write    # 同时写入 bench/results.md

输入由 bench/branches.py 现场生成（缓存在系统临时目录）：
  示例    samples/ 里的示例工作簿
  支部    50 名党员、100 项活动、5,000 行出勤明细
  党委    15,000 名党员、2,000 项活动、100,000 行出勤明细
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.branches import write_branch  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "toolkit-bench"
RUNS = 5


def measure(argv: list[str], runs: int = RUNS) -> tuple[float, float, int]:
    """运行 runs 次：返回（耗时中位数 s, 最短 s, 峰值内存 MB 的最大值）。"""
    times, peaks = [], []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)  # Linux：KB
        code = os.waitstatus_to_exitcode(status)
        if code not in (0,):
            raise SystemExit(f"{' '.join(argv)} 退出码 {code}")
    return statistics.median(times), min(times), max(peaks)


CALAMINE_READ = (
    "import sys\n"
    "from python_calamine import CalamineWorkbook\n"
    "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "n = 0\n"
    "for name in wb.sheet_names:\n"
    "    n += sum(len(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))\n"
)


def inputs() -> list[tuple[str, Path]]:
    CACHE.mkdir(exist_ok=True)
    cases = [("示例（28 人）", ROOT / "samples" / "商贸系党支部工作数据簿.xlsx")]
    for label, size in (("支部（50 人/100 项/5,000 行）", (50, 100, 5_000)), ("党委（15,000 人/2,000 项/100,000 行）", (15_000, 2_000, 100_000))):
        path = CACHE / ("bench-%d-%d-%d.xlsx" % size)
        if not path.exists():
            write_branch(path, *size)
        cases.append((label, path))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="把结果写入 bench/results.md")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    python = sys.executable
    out_dir = Path(tempfile.mkdtemp(prefix="toolkit-bench-out-"))
    lines = [
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}；每项运行 {args.runs} 次取中位数。",
        "",
        "| 输入 | 命令 | 耗时中位数 | 最短 | 峰值内存 | calamine 只读 | 倍数 |",
        "|---|---|---|---|---|---|---|",
    ]
    help_time = measure([python, "-c", "from toolkit.cli.entry import generate_report; generate_report()", "--help"], args.runs)
    lines.append(f"| — | generate-report --help | {help_time[0]:.2f} s | {help_time[1]:.2f} s | {help_time[2]:.0f} MB | — | — |")
    for label, path in inputs():
        bare = measure([python, "-c", CALAMINE_READ, str(path)], args.runs)
        validate = measure([python, "-m", "toolkit", "validate", str(path)], args.runs)
        report = measure([python, "-m", "toolkit", "generate-report", str(path), "-o", str(out_dir / "r.docx"), "--force"], args.runs)
        pages = page_count(out_dir / "r.docx")
        for name, figures in (("validate", validate), (f"generate-report（{pages}）", report)):
            lines.append(
                f"| {label} | {name} | {figures[0]:.2f} s | {figures[1]:.2f} s | {figures[2]:.0f} MB | {bare[0]:.2f} s | {figures[0] / bare[0]:.1f}× |"
            )
        print(lines[-2], lines[-1], sep="\n", flush=True)
    text = "\n".join(lines)
    print()
    print(text)
    if args.write:
        (ROOT / "bench" / "results.md").write_text("# 基准结果\n\n`python bench/run.py --write` 生成。\n\n" + text + "\n", encoding="utf-8")
    return 0


def page_count(docx: Path) -> str:
    """页数：有 LibreOffice 时转成 PDF 数；没有时说明。"""
    import shutil

    soffice = shutil.which("soffice")
    if not soffice:
        return "页数需 LibreOffice"
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [soffice, f"-env:UserInstallation={Path(work, 'p').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", work, str(docx)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=600,
        )
        pdf = Path(work) / (docx.stem + ".pdf")
        if not pdf.exists():
            return "页数未知"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")
        return f"{pages} 页"


if __name__ == "__main__":
    raise SystemExit(main())
