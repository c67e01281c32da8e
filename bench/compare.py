"""改动前后放在同一次运行里比：旧版本的源码树和当前的，每条命令都与同一文件的 calamine 裸读交替运行。

    git archive 旧提交 | tar -x -C /tmp/toolkit-before
    python bench/compare.py /tmp/toolkit-before --runs 3 [--scaling 150000] [--rollup]

用没有以可编辑方式装着本工具的 Python 运行（可编辑安装的查找器会盖过 PYTHONPATH，两边就成了同一棵树）。

机器再忙，起伏也落在同一轮的每条命令上：改动前后的倍数才比得了。量法见 bench/harness.py；
两棵树都先编译成 .pyc（与普通安装一样）。--scaling N：名册规模序列跑到 N 名党员为止。
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.harness import Command, bare_read, compile_bytecode, cpu, cpu_ratio, interleave, machine_line, python_command, ratio  # noqa: E402
from bench.run import BRANCH, REGISTER, SAMPLE, SCALING, workbook  # noqa: E402


def toolkit(tree: Path | None, label: str, *args: str) -> Command:
    """tree 为 None 时是当前的源码树（harness 把它放进 PYTHONPATH），否则是旧版本的那一棵。"""
    if tree is None:
        return python_command(f"{label}（改后）", "-m", "toolkit", *args)
    return Command(f"{label}（改前）", ["env", f"PYTHONPATH={tree}", sys.executable, "-m", "toolkit", *args])


def pair(before: Path, label: str, *args: str) -> list[Command]:
    return [toolkit(before, label, *args), toolkit(None, label, *args)]


def rows(title: str, commands: list[Command]) -> list[str]:
    bare = commands[0]
    out = [f"| {title} | {bare.label} | {bare.median:.3f} s（{bare.spread()}） | 1× | {cpu(bare)} | 1× | {bare.peak} |"]
    for c in commands[1:]:
        out.append(f"| {title} | {c.label} | {c.median:.3f} s（{c.spread()}） | {ratio(c, bare)} | {cpu(c)} | {cpu_ratio(c, bare)} | {c.peak} |")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path, help="旧版本的源码树")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", type=int, default=0, help="名册规模序列跑到这么多名党员（0：不跑）")
    parser.add_argument("--rollup", action="store_true", help="另跑 300 个支部的汇总")
    parser.add_argument("--skip", nargs="*", default=(), choices=("help", "示例", "支部", "名册"), help="不跑这几项（分几次跑时用）")
    args = parser.parse_args()
    compile_bytecode()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.before / "toolkit")], check=True, stdout=subprocess.DEVNULL)
    out = Path(tempfile.mkdtemp(prefix="toolkit-bench-compare-"))
    lines = [
        machine_line(args.runs),
        "",
        "| 输入 | 命令 | 耗时中位数（最小–最大） | 与裸读（或 python -c pass）之比 | CPU 时间 | CPU 时间之比 | 峰值内存 |",
        "|---|---|---|---|---|---|---|",
    ]

    def run(title: str, commands: list[Command], runs: int = args.runs) -> None:
        interleave(commands, runs)
        lines.extend(rows(title, commands))
        print("\n".join(lines[-len(commands):]), flush=True)

    if "help" not in args.skip:
        run("—", [python_command("python -c pass", "-c", "pass"), *pair(args.before, "toolkit --help", "--help"),
                  *pair(args.before, "generate-report --help", "generate-report", "--help")])
    for title, path in (("示例（28 人）", SAMPLE), ("支部（50 人）", workbook(BRANCH)), ("名册（15,000 人）", workbook(REGISTER))):
        if title.split("（")[0] in args.skip:
            continue
        commands = [bare_read(path), *pair(args.before, "validate", "validate", str(path))]
        for tree in (args.before, None):
            name = "before" if tree else "after"
            commands.append(toolkit(tree, "generate-report", "generate-report", str(path), "-o", str(out / f"{name}.docx"), "--force"))
        if path == workbook(REGISTER):
            commands.append(python_command("docxtpl 对照", str(ROOT / "bench" / "peer_docxtpl.py"), str(path), str(out / "peer.docx")))
        run(title, commands)
        if path == workbook(REGISTER):
            after, peer = commands[4], commands[5]
            shares = sorted(p / r for p, r in zip(peer.times, after.times))
            cpu_shares = sorted(p / r for p, r in zip(peer.cpus, after.cpus))
            lines.append(
                f"| {title} | docxtpl ÷ generate-report（改后） | — | {shares[len(shares) // 2]:.2f}×（{shares[0]:.2f}–{shares[-1]:.2f}） | — "
                f"| {cpu_shares[len(cpu_shares) // 2]:.2f}×（{cpu_shares[0]:.2f}–{cpu_shares[-1]:.2f}） | — |"
            )
            print(lines[-1], flush=True)
    for size in SCALING:
        if size[0] > args.scaling:
            break
        path = workbook(size)
        run(f"名册 {size[0]:,} 人", [bare_read(path), *pair(args.before, "validate", "validate", str(path))], 2 if size[0] > 50_000 else args.runs)
    if args.rollup:
        from bench.rollup import CALAMINE_ALL, branches

        folder = branches()
        argv = ("rollup", str(folder), "-o", str(out), "--force", "--quiet")
        run("汇总 300 个支部", [python_command("calamine 裸读 300 本（一个进程）", "-c", CALAMINE_ALL, str(folder)), *pair(args.before, "rollup", *argv)])
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
