"""两个页面（branch.py、committee.py）共用的：网页的临时文件夹、一页中文的说明、找到一次上传、下载、进度、删除。"""

from __future__ import annotations

import io

from flask import current_app, g, jsonify, render_template, send_file

from toolkit.web import messages
from toolkit.web.jobs import Workspace


def error_page(message: str, status: int, *, home: bool = True, back: str | None = None):
    """一页中文的说明。home：给回首页的链接（只在请求已经带着正确密钥时，才把带密钥的地址放进页面）。"""
    show_home = home and getattr(g, "key_ok", False)
    return render_template("error.html", message=message, home=show_home, back=back), status


def workspace() -> Workspace:
    return current_app.config["WORKSPACE"]


# ---------------------------------------------------------------- 两个页面共用：找到一次上传、下载、进度、删除


def find_job(kind: str, job_id: str):
    return workspace().get(job_id, kind)


def expired():
    return error_page(messages.EXPIRED.format(minutes=int(workspace().timeout // 60)), 410)


def download(kind: str, job_id: str, item: str):
    """下载一次就从磁盘删掉；第二次说明为什么没有了。"""
    job = find_job(kind, job_id)
    if job is None:
        return expired()
    taken = job.take(item)
    if taken is None:
        gone = item in job.taken
        return error_page(messages.TAKEN if gone else messages.NOT_READY, 410 if gone else 404)
    data, item_file = taken
    return send_file(io.BytesIO(data), mimetype=item_file.mimetype, as_attachment=True, download_name=item_file.name)


def status(kind: str, job_id: str):
    job = find_job(kind, job_id)
    if job is None:
        return jsonify(state="gone"), 410
    checked, total = job.progress
    return jsonify(state=job.state, checked=checked, total=total, ready=job.ready())


def delete(kind: str, job_id: str):
    job = find_job(kind, job_id)
    if job is not None:
        workspace().forget(job)
    return render_template("deleted.html"), 200


def add_job_routes(blueprint, path: str, endpoint: str, kind: str) -> None:
    """一次上传的进度、下载、删除：/path/<编号>/status、/file/<哪一个>、/delete。"""
    from functools import partial

    blueprint.add_url_rule(f"{path}/<job_id>/status", f"{endpoint}_status", partial(status, kind))
    blueprint.add_url_rule(f"{path}/<job_id>/file/<item>", f"{endpoint}_file", partial(download, kind))
    blueprint.add_url_rule(f"{path}/<job_id>/delete", f"{endpoint}_delete", partial(delete, kind), methods=["POST"])
