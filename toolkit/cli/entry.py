"""进程的入口（toolkit、generate-report、python -m toolkit）：中断和垃圾回收只在这里安排。

1. 先装好“安静地结束”的中断处理，再加载命令行：加载的这一小会儿被 Ctrl+C 或 SIGTERM 打断时，
   什么也还没写，直接结束即可，不给用户看 Python 的报错堆栈。
2. 命令开始做事后，Ctrl+C 和 SIGTERM 都变成 KeyboardInterrupt：写文件的代码先删掉临时文件，
   再由 cli.common.run 说一句“已中断”。
"""

import gc
import os
import signal
import sys

EXIT_INTERRUPTED = 130  # 与 cli.common 相同；这里不导入它，好让中断处理在加载任何模块之前就位
INTERRUPTED = "[已中断] 命令被中断：没有留下写了一半的文件，原有的文件没有改动。"

# 读一本工作簿会产生上百万个没有循环引用的小对象：默认的垃圾回收会一遍遍扫描它们（约占检查时间的两成）。
# 把第 0 代的门槛调高，扫描少得多；汇总几百本时留下的循环引用照样会被回收（关掉回收，300 本可达 800 MB）。
COLLECTOR_THRESHOLD = (200_000, 50, 100)


def _stop_quietly(signum, frame):
    sys.stderr.write(INTERRUPTED + "\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _handle_signals(handler) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(signum, handler)
        except (ValueError, OSError):  # 不在主线程
            pass


def _redeliver_lost_interrupts() -> None:
    # 信号恰好落在导入机制的弱引用回调里时，Python 把这个 KeyboardInterrupt 当作
    # “Exception ignored”打印堆栈后丢掉。不打印，把中断重新发给自己，落到正常代码里再处理。
    default_hook = sys.unraisablehook

    def redeliver(unraisable):
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and hasattr(signal, "raise_signal"):
            signal.raise_signal(signal.SIGINT)
        else:
            default_hook(unraisable)

    sys.unraisablehook = redeliver


def _start(load):
    """装好中断处理、定下垃圾回收，然后加载命令行（load 返回要运行的函数）。"""
    _handle_signals(_stop_quietly)
    gc.set_threshold(*COLLECTOR_THRESHOLD)
    run = load()
    _handle_signals(_raise_interrupt)
    _redeliver_lost_interrupts()
    return run


def _main_command():
    from toolkit.cli.main import main

    return main


def _report_command():
    from toolkit.cli.main import generate_report_main

    return generate_report_main


def main(args=None) -> None:
    _start(_main_command)(args)


def generate_report(args=None) -> None:
    _start(_report_command)(args)
