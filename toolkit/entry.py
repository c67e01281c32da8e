"""命令的入口（toolkit、generate-report、python -m toolkit）。

先装好中断的处理，再加载命令行：加载的这一小会儿被 Ctrl+C 或 SIGTERM 打断时，
什么也还没写，安静地结束即可，不给用户看 Python 的报错堆栈。
"""

import gc
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


def _no_collector() -> None:
    # 一条命令一个进程，读的是没有循环引用的小对象：大名册读出上百万个，
    # 默认的垃圾回收会一遍遍扫描它们（约占检查时间的两成）；进程结束时内存自然归还
    gc.disable()


def main(args=None) -> None:
    _guard()
    _no_collector()
    from toolkit.cli import main as run

    run(args)


def generate_report(args=None) -> None:
    _guard()
    _no_collector()
    from toolkit.cli import generate_report_main as run

    run(args)
