"""党委汇总的页面：一次上传各支部的工作簿（多个文件，或一个装着各文件夹的 .zip），看汇总表，下载结果。

    GET  /密钥/committee                    上传的页面
    POST /密钥/committee                    上传 → 303 到进度和结果页（汇总在后台做）
    GET  /密钥/committee/<编号>              进度（每本的上传、检查了几本）和结果
    GET  /密钥/committee/<编号>/status       进度（JSON，页面的脚本用）
    GET  /密钥/committee/<编号>/file/<哪一个> 下载 summary / report / each：下载一次就删除
    POST /密钥/committee/<编号>/delete       马上删除这次的文件
"""

from __future__ import annotations

import zipfile
from functools import partial
from pathlib import Path, PurePosixPath

from flask import Blueprint, redirect, render_template, request, url_for

from toolkit import standard
from toolkit.web import library, messages
from toolkit.web.pages import add_job_routes, expired, find_job, workspace
from toolkit.web.branch import DOCX, XLSX, receive_template
from toolkit.web.jobs import Job
from toolkit.web.uploads import MAX_FILES, UploadRefused, remove, safe_part, safe_relative, save_stream, unique, unpack_zip

KIND = "committee"
ZIP = "application/zip"
EACH_NAME = "各支部的报告.zip"
TEXT_LIMIT = 200  # 名称、标题等一栏最多这么多字

# 表单的栏目就是“汇总设置”的项目：(key＝RollupOptions 的字段, 项目名)
SETTINGS = standard.ROLLUP_SETTINGS.col
TEXT_FIELDS = tuple((c.key, c.name) for c in (SETTINGS.name, SETTINGS.title, SETTINGS.addressee, SETTINGS.campaign))
DATE_FIELDS = tuple((c.key, c.name) for c in (SETTINGS.period_start, SETTINGS.period_end, SETTINGS.written_on))


def register(pages: Blueprint) -> None:
    pages.add_url_rule("/committee", "committee_page", committee_page)
    pages.add_url_rule("/committee", "committee_start", committee_start, methods=["POST"])
    pages.add_url_rule("/committee/<job_id>", "committee_result", committee_result)
    add_job_routes(pages, "/committee", "committee", KIND)


def committee_page(message: str | None = None, status: int = 200):
    return render_template(
        "committee.html", message=message, text_fields=TEXT_FIELDS, date_fields=DATE_FIELDS,
        fonts=standard.FontScheme.ALL, date_styles=standard.DateStyle.ALL,
    ), status


def committee_settings(form) -> dict:
    settings: dict[str, object] = {key: (form.get(key) or "").strip()[:TEXT_LIMIT] or None for key, _ in TEXT_FIELDS}
    for key, words in DATE_FIELDS:
        value = (form.get(key) or "").strip()
        try:
            settings[key] = library.parse_day(value)
        except ValueError:
            raise UploadRefused(messages.BAD_DATE.format(field=words, value=value[:40])) from None
    for column in (SETTINGS.date_style, SETTINGS.font_scheme):
        key, words, allowed = column.key, column.name, column.choices
        value = form.get(key) or None
        if value is not None and value not in allowed:
            raise UploadRefused(messages.BAD_CHOICE.format(field=words, choices="、".join(allowed)))
        settings[key] = value
    return settings


def committee_start():
    uploads = [f for key in ("workbooks", "folder") for f in request.files.getlist(key) if f and f.filename]
    if not uploads:
        return committee_page(messages.NO_FILES, 400)
    if len(uploads) > MAX_FILES:
        return committee_page(messages.TOO_MANY_FILES.format(limit=MAX_FILES), 413)
    settings = committee_settings(request.form)
    job = workspace().new_job(KIND)
    try:
        received = receive_branches(uploads, job.folder / "branches", job.folder / "zips")
        template = receive_template(request.files.get("template"), job.folder)
    except BaseException:
        workspace().forget(job)
        raise
    each = request.form.get("each") == "1"
    job.data.update(files=received, settings=settings, each=each)
    job.progress = (0, len(received))
    workspace().in_background(job, partial(run_committee, job.folder / "branches", template, settings, each))
    return redirect(url_for(".committee_result", job_id=job.id), 303)


def receive_branches(uploads, folder: Path, zips: Path) -> list[str]:
    """把每个上传放进 folder（保留选文件夹时的相对路径）；.zip 解开。返回收下的文件（相对路径）。"""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for upload in uploads:
        relative = safe_relative(upload.filename) or PurePosixPath(safe_part(upload.filename))
        if relative.suffix.lower() == ".zip":
            packed = save_stream(upload.stream, unique(zips / safe_part(relative.name)))
            try:
                unpack_zip(packed, folder, max_files=MAX_FILES)
            finally:
                packed.unlink(missing_ok=True)
        else:
            save_stream(upload.stream, unique(folder / Path(*relative.parts)))
    received = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    if len(received) > MAX_FILES:
        raise UploadRefused(messages.TOO_MANY_FILES.format(limit=MAX_FILES), 413)
    return received


def run_committee(folder: Path, template: Path | None, settings: dict, each: bool, job: Job) -> None:
    """后台：与 toolkit rollup 相同的汇总；写出的文件留到下载。"""
    out, each_dir = job.folder / "out", (job.folder / "each" if each else None)
    out.mkdir(mode=0o700, exist_ok=True)

    def progress_start(total: int):
        job.progress = (0, total)

        def tick(n: int) -> None:
            job.progress = (job.progress[0] + n, job.progress[1])

        return tick

    try:
        result = library.run_rollup(folder, out, settings, each_dir=each_dir, template_dir=template, progress_start=progress_start)
    except library.RollupError as error:
        job.data["problem"] = f"[无法汇总] {error}"
        return
    except library.OutputError as error:
        job.data["problem"] = f"[无法写入] {error}"
        return
    except library.WordingError as error:
        job.data["problem"] = f"[模板有误] {error}"
        return
    finally:
        remove(folder)  # 收下的工作簿用完就删
        if template:
            remove(template)
    job.data["result"] = result
    offer_outputs(job, result)


def offer_outputs(job: Job, result: library.CommitteeResult) -> None:
    if result.summary:
        job.offer("summary", result.summary, result.summary.name, XLSX)
    if result.report:
        job.offer("report", result.report, result.report.name, DOCX)
    if result.each:
        packed = job.folder / EACH_NAME
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in result.each:
                archive.write(path, path.name)
                path.unlink()
        job.offer("each", packed, EACH_NAME, ZIP)


def committee_result(job_id: str):
    job = find_job(KIND, job_id)
    if job is None:
        return expired()
    checked, total = job.progress
    return render_template(
        "committee_result.html", job=job, working=job.state == "working", files=job.data.get("files", []),
        checked=checked, total=total, result=job.data.get("result"), problem=job.data.get("problem"), each=job.data.get("each"),
    )
