"""基准的量法：每条命令都是一个新进程，和同一文件的 python-calamine 裸读交替着跑，取中位数和最小–最大值。

- 耗时：父进程里 perf_counter 量子进程从启动到退出（整个进程：导入、读、写、退出）。
- CPU 时间：父进程 os.wait4 拿到的子进程（连同它等过的子孙）的用户态 + 内核态时间，精确到微秒
  （/usr/bin/time 的 %U %S 只到 0.01 秒，示例那样 0.04 秒的命令，倍数会差出四分之一）。几个会话共用两个核时，
  墙上时间随别人的负载起伏，CPU 时间稳得多：两者都印出来，忙的机器上以 CPU 时间之比为准。
- 峰值内存：用 /usr/bin/time 报的最大常驻内存（%M）。不用父进程 wait4 的 ru_maxrss：
  子进程是 fork 出来的，exec 之前的内存里有父进程的一份，小命令会被量成父进程那么大。
- 字节码：先 python -m compileall 编译好 toolkit（与普通的 pip install 一样）。环境设了 PYTHONDONTWRITEBYTECODE 时
  Python 不会自己写 .pyc，不编译的话量到的是每次重新编译约 90 个模块。
- 交替：每一轮把全部命令各跑一次，再跑下一轮；机器忙闲的起伏落在每条命令上，倍数才可信。
  倍数按轮算（同一轮里命令耗时 ÷ 裸读耗时），再取中位数和最小–最大值。
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME = shutil.which("time") if not Path("/usr/bin/time").exists() else "/usr/bin/time"

CALAMINE_READ = (
    "import sys\n"
    "from python_calamine import CalamineWorkbook\n"
    "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "n = 0\n"
    "for name in wb.sheet_names:\n"
    "    n += sum(len(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))\n"
)


@dataclass
class Command:
    label: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)  # MB
    cpus: list[float] = field(default_factory=list)  # 用户态 + 内核态，秒
    ok_codes: tuple[int, ...] = (0,)

    def run(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        report = Path(os.environ.get("TMPDIR", "/tmp")) / f"toolkit-bench-time-{os.getpid()}.txt"
        argv = [TIME, "-f", "%M %U %S", "-o", str(report), *self.argv] if TIME else self.argv
        started = time.perf_counter()
        # 在临时目录里起进程：python -m 把当前目录放在 sys.path 最前，在源码树里起的话，旧版本的树也会用上当前的代码
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir())
        errors = child.stderr.read()  # 读到头就是子进程退出了；先读完，管道满了子进程不会卡住
        child.stderr.close()
        _, status, usage = os.wait4(child.pid, 0)
        self.times.append(time.perf_counter() - started)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in self.ok_codes:
            raise SystemExit(f"{' '.join(self.argv)} 退出码 {child.returncode}：{errors.decode(errors='replace')[-2000:]}")
        self.cpus.append(usage.ru_utime + usage.ru_stime)
        if TIME:
            peak = report.read_text().split()[-3]
            self.peaks.append(int(peak) / 1024)
            report.unlink()

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def spread(self) -> str:
        return f"{min(self.times):.2f}–{max(self.times):.2f}"

    @property
    def peak(self) -> str:
        return f"{max(self.peaks):.0f} MB" if self.peaks else "—"


def compile_bytecode() -> None:
    """像普通安装那样写好 toolkit 的 .pyc（不写的话每个进程都重新编译全部模块）。"""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "toolkit")], check=True, stdout=subprocess.DEVNULL)


def interleave(commands: list[Command], runs: int) -> None:
    """每轮把每条命令跑一次；先空跑一轮热身（文件进页缓存、字节码写好），不计。"""
    for command in commands:
        command.run()
        command.times.clear()
        command.peaks.clear()
        command.cpus.clear()
    for _ in range(runs):
        for command in commands:
            command.run()


def ratio(command: Command, bare: Command) -> str:
    """同一轮里命令 ÷ 裸读，取中位数（最小–最大）。"""
    ratios = [a / b for a, b in zip(command.times, bare.times)]
    return f"{statistics.median(ratios):.2f}×（{min(ratios):.2f}–{max(ratios):.2f}）"


def cpu_ratio(command: Command, bare: Command) -> str:
    """同一轮里命令的 CPU 时间 ÷ 裸读的 CPU 时间，取中位数（最小–最大）。"""
    ratios = [a / b for a, b in zip(command.cpus, bare.cpus) if b > 0]
    if not ratios:
        return "—"
    return f"{statistics.median(ratios):.2f}×（{min(ratios):.2f}–{max(ratios):.2f}）"


def cpu(command: Command) -> str:
    return f"{statistics.median(command.cpus):.3f} s" if command.cpus else "—"


def machine_line(runs: int) -> str:
    import platform

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}；"
        f"每条命令 {runs} 轮交替运行（另有 1 轮热身不计）；toolkit 已编译成 .pyc；开始时的负载（1/5/15 分钟）：{load}。"
    )


def python_command(label: str, *args: str, ok_codes=(0,)) -> Command:
    return Command(label, [sys.executable, *args], ok_codes=ok_codes)


def bare_read(path: Path) -> Command:
    return python_command("calamine 裸读", "-c", CALAMINE_READ, str(path))
