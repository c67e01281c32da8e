"""命令的入口（toolkit、generate-report、python -m toolkit）。

先装好中断的处理，再加载命令行：加载的这一小会儿被 Ctrl+C 或 SIGTERM 打断时，
什么也还没写，安静地结束即可，不给用户看 Python 的报错堆栈。
"""

import os
import signal
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT，命令行的惯例
INTERRUPTED = "[已中断] 命令被中断：没有留下写了一半的文件，原有的文件没有改动。"


def _stop_quietly(signum, frame):
    sys.stderr.write(INTERRUPTED + "\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def _guard() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(signum, _stop_quietly)
        except (ValueError, OSError):  # 不在主线程
            pass


def main(args=None) -> None:
    _guard()
    from toolkit.cli import main as run

    run(args)


def generate_report(args=None) -> None:
    _guard()
    from toolkit.cli import generate_report_main as run

    run(args)
