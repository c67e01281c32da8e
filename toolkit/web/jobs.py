"""上传的文件和做出的结果放在哪里、留多久。

- 整个网页只用一个私有的临时文件夹（权限 0700，只有本人读得到），每次上传在里面另开一个子文件夹；
  用户的工作簿旁边从不写任何东西。
- 一个结果下载过一次就从磁盘上删掉；一次上传的文件全部下载完，它的子文件夹随即删除。
- 超过 timeout 没有再用的，连同页面上的检查结果一起删掉；服务停止时整个临时文件夹删掉。
- 报告、PDF、汇总在后台线程里做（同一时间至多 WORKERS 个），页面先显示检查结果。
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from toolkit.web import messages

JOB_TIMEOUT = 30 * 60  # 秒：这么久没有再打开或下载，就删掉
MAX_JOBS = 40  # 同时留着的上传；再多时先删最早的
WORKERS = 2  # 同时在后台做报告或汇总的个数（机器多半只有两个核）
SWEEP_EVERY = 30  # 秒


def private_folder(parent: Path | None = None, prefix: str = "toolkit-web-") -> Path:
    """新建只有本人能读写的文件夹（mkdtemp 在 POSIX 上就是 0700；再设一次，不依赖 umask 之外的东西）。"""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(path, stat.S_IRWXU)
    return path


@dataclass
class Download:
    path: Path
    name: str  # 下载时的文件名
    mimetype: str


@dataclass
class Job:
    """一次上传：它的子文件夹、后台工作的状态、可以下载的文件。"""

    id: str
    kind: str  # branch / committee
    folder: Path
    touched: float = field(default_factory=time.monotonic)
    state: str = "working"  # working / done / failed
    data: dict = field(default_factory=dict)  # 页面要显示的东西（检查结果、汇总表格……）
    downloads: dict[str, Download] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # 已下载（已删除）的
    progress: tuple[int, int] = (0, 0)  # 汇总：已检查几本 / 共几本
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def offer(self, key: str, path: Path, name: str, mimetype: str) -> None:
        with self.lock:
            self.downloads[key] = Download(Path(path), name, mimetype)

    def take(self, key: str) -> tuple[bytes, Download] | None:
        """读出一个结果并从磁盘删掉；没有或已下载过时为 None。"""
        with self.lock:
            item = self.downloads.pop(key, None)
            if item is None:
                return None
            try:
                data = item.path.read_bytes()
            except OSError:
                return None
            item.path.unlink(missing_ok=True)
            self.taken.add(key)
            finished = self.state != "working" and not self.downloads
        if finished:
            self.remove_files()
        return data, item

    def remove_files(self) -> None:
        """删掉磁盘上的一切（页面上的检查结果还在内存里，直到过期）。"""
        with self.lock:
            self.downloads.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def ready(self) -> str:
        """可以下载的（页面据此知道该不该换上新的一页）：如“marked,report”。"""
        with self.lock:
            return ",".join(sorted(self.downloads))


class Workspace:
    """网页的私有临时文件夹和其中的每一次上传。"""

    def __init__(self, *, timeout: float = JOB_TIMEOUT, max_jobs: int = MAX_JOBS, workers: int = WORKERS):
        self.folder = private_folder()
        self.uploads = private_folder(self.folder, "uploads-")  # 正在收的上传（无名临时文件）
        self.timeout = timeout
        self.max_jobs = max_jobs
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(workers)
        self.closed = threading.Event()
        self.sweeper = threading.Thread(target=self._sweep_forever, name="toolkit-web-sweeper", daemon=True)
        self.sweeper.start()

    # ------------------------------------------------ 上传

    def new_job(self, kind: str) -> Job:
        self.sweep()
        with self.lock:
            while len(self.jobs) >= self.max_jobs:
                oldest = min(self.jobs.values(), key=lambda j: j.touched)
                self.jobs.pop(oldest.id).remove_files()
            job = Job(secrets.token_urlsafe(16), kind, private_folder(self.folder, f"{kind}-"))
            self.jobs[job.id] = job
        return job

    def get(self, job_id: str, kind: str) -> Job | None:
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None or job.kind != kind:
                return None
            job.touched = time.monotonic()
            return job

    def forget(self, job: Job) -> None:
        with self.lock:
            self.jobs.pop(job.id, None)
        job.remove_files()

    def in_background(self, job: Job, work: Callable[[Job], None]) -> threading.Thread:
        """在后台线程里做 work(job)：同一时间至多 WORKERS 个；做完（或失败）后 state 不再是 working。"""

        def run() -> None:
            with self.slots:
                if self.closed.is_set():
                    return
                try:
                    work(job)
                    job.state = "done"
                except Exception as error:  # 兜底：页面上说一句中文，不让线程把堆栈印到终端里
                    job.data["problem"] = internal_problem(error)
                    job.state = "failed"
                finally:
                    job.touched = time.monotonic()
            if not job.downloads:
                job.remove_files()

        thread = threading.Thread(target=run, name=f"toolkit-web-{job.kind}", daemon=True)
        thread.start()
        return thread

    # ------------------------------------------------ 清理

    def sweep(self, now: float | None = None) -> None:
        """删掉超时的上传（连同它在内存里的结果）。"""
        now = time.monotonic() if now is None else now
        with self.lock:
            old = [j for j in self.jobs.values() if now - j.touched > self.timeout and j.state != "working"]
            for job in old:
                self.jobs.pop(job.id, None)
        for job in old:
            job.remove_files()

    def _sweep_forever(self) -> None:
        while not self.closed.wait(SWEEP_EVERY):
            self.sweep()

    def close(self) -> None:
        """服务停止：删掉整个临时文件夹。"""
        self.closed.set()
        with self.lock:
            self.jobs.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def internal_problem(error: BaseException) -> str:
    import sys

    # 终端里留一行给维护人员（不印堆栈）；页面上只说中文
    print(f"[内部错误] {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    return messages.INTERNAL
