"""整个测试一次运行用自己的缓存文件夹（toolkit/report/cache.py）：不碰开发者家目录里的缓存，
每次运行都从空缓存开始，结果不取决于上一次留下了什么。子进程继承这个环境变量。"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("toolkit-cache"))
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "LOCALAPPDATA")}
    os.environ["XDG_CACHE_HOME"] = folder
    if os.name == "nt":
        os.environ["LOCALAPPDATA"] = folder
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
