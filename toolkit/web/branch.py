"""支部的页面：空白工作簿、上传一本工作簿、检查结果（validate 的原话）、下载标注副本和报告。

    GET  /密钥/                       上传的页面
    GET  /密钥/blank                  空白工作簿（与 toolkit new-workbook 写出的字节相同）
    POST /密钥/check                  上传 → 检查 → 303 到结果页（报告、PDF 在后台做）
    GET  /密钥/result/<编号>           检查结果和下载
    GET  /密钥/result/<编号>/status    后台还在做吗（JSON，页面的脚本用）
    GET  /密钥/result/<编号>/file/<哪一个>   下载 marked / report / pdf：下载一次就删除
    POST /密钥/result/<编号>/delete    马上删除这次的文件
"""

from __future__ import annotations

import base64
import io
from functools import partial
from pathlib import Path

from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for

from toolkit import standard
from toolkit.web import library, messages
from toolkit.web.pages import add_job_routes, expired, find_job, workspace
from toolkit.web.jobs import Job
from toolkit.web.uploads import UploadRefused, remove, safe_part, save_stream, unpack_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
KIND = "branch"

_blank_cache: dict[str, bytes] = {}


def register(pages: Blueprint) -> None:
    pages.add_url_rule("/", "branch_page", branch_page)
    pages.add_url_rule("/blank", "blank", blank)
    pages.add_url_rule("/check", "check", check, methods=["POST"])
    pages.add_url_rule("/result/<job_id>", "result", result)
    add_job_routes(pages, "/result", "result", KIND)


FONT_WORDS = {
    standard.FontScheme.GB2312: "仿宋_GB2312、楷体_GB2312（多数机关安装的字体）",
    standard.FontScheme.WINDOWS: "只用 Windows 自带的字体：宋体、黑体、楷体、仿宋",
}
DATE_WORDS = {standard.DateStyle.ARABIC: "2011年1月7日", standard.DateStyle.CHINESE: "二〇一一年一月七日"}


def choices() -> dict:
    """页面上的下拉选项：值取自标准的声明。"""
    return {"fonts": list(FONT_WORDS.items()), "date_styles": list(DATE_WORDS.items())}


def branch_page(message: str | None = None, status: int = 200):
    return render_template("branch.html", message=message, **choices()), status


def blank():
    """空白工作簿：用 new-workbook 同一个函数写出；字节相同，只做一次。"""
    if "data" not in _blank_cache:
        _blank_cache["data"] = library.blank_workbook(workspace().folder)
    return send_file(io.BytesIO(_blank_cache["data"]), mimetype=XLSX, as_attachment=True, download_name=library.BLANK_NAME)


# ---------------------------------------------------------------- 上传和检查


def report_options(form) -> dict:
    """字体方案、日期写法：空着就按工作簿“支部信息”里的填写。"""
    options = {"fonts": form.get("fonts") or None, "date_style": form.get("date_style") or None}
    info = standard.BRANCH_INFO.col
    for key, field, allowed in (("fonts", info.font_scheme.name, info.font_scheme.choices), ("date_style", info.date_style.name, info.date_style.choices)):
        if options[key] is not None and options[key] not in allowed:
            raise UploadRefused(messages.BAD_CHOICE.format(field=field, choices="、".join(allowed)))
    return options


def receive_template(upload, folder: Path) -> Path | None:
    """措辞模板：一个 .zip（改过的 templates/report 文件夹）。"""
    if upload is None or not upload.filename:
        return None
    name = safe_part(Path(upload.filename.replace("\\", "/")).name)
    if not name.lower().endswith(".zip"):
        raise UploadRefused(messages.NOT_A_ZIP.format(name=name))
    packed = save_stream(upload.stream, folder / "template.zip")
    try:
        return unpack_template(packed, folder / "template")
    finally:
        packed.unlink(missing_ok=True)


def check():
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        return branch_page(messages.NO_FILE, 400)
    options = report_options(request.form)
    job = workspace().new_job(KIND)
    try:
        path = save_stream(upload.stream, job.folder / "in" / safe_part(Path(upload.filename.replace("\\", "/")).name))
        template = receive_template(request.files.get("template"), job.folder)
        checked = library.check_branch(path)
    except library.WorkbookFileError as error:
        workspace().forget(job)
        return branch_page(f"文件：{path.name}\n[无法读取] {error.message}", 422)
    except BaseException:
        workspace().forget(job)
        raise
    job.data.update(check=checked, options=options, libreoffice=current_app.config["LIBREOFFICE"])
    workspace().in_background(job, partial(prepare_downloads, path, template, options))
    return redirect(url_for(".result", job_id=job.id), 303)


def prepare_downloads(path: Path, template: Path | None, options: dict, job: Job) -> None:
    """后台：报告（没有错误时）、标注副本（有发现时）、PDF 和第一页的图片（有 LibreOffice 时）。"""
    checked: library.BranchCheck = job.data["check"]
    try:
        made = None
        if not checked.errors:
            made = library.make_report(path, template_dir=template, **options)
            job.data["report"] = made
            if made.docx:
                job.offer("report", made.docx, made.docx.name, DOCX)
        if checked.errors or checked.warnings:
            (job.folder / "marked").mkdir(mode=0o700, exist_ok=True)
            marked, problem = library.mark_branch(path, job.folder / "marked" / f"{path.stem}（标注副本）.xlsx")
            job.data["mark_problem"] = problem
            if marked:
                job.offer("marked", marked, marked.name, XLSX)
        if made and made.docx:
            if job.data.get("libreoffice"):
                library.make_pdf(path, job.folder, made, template_dir=template, **options)
                if made.pdf:
                    job.offer("pdf", made.pdf, made.pdf.name, PDF)
            else:
                made.pdf_problem = messages.NO_LIBREOFFICE
    finally:
        remove(path)  # 收下的工作簿用完就删；结果留到下载
        if template:
            remove(template)


# ---------------------------------------------------------------- 结果


def result(job_id: str):
    job = find_job(KIND, job_id)
    if job is None:
        return expired()
    report = job.data.get("report")
    picture = base64.b64encode(report.picture).decode() if report and report.picture else None
    return render_template(
        "result.html", job=job, check=job.data["check"], report=report, picture=picture,
        mark_problem=job.data.get("mark_problem"), problem=job.data.get("problem"),
        working=job.state == "working", libreoffice=job.data.get("libreoffice"),
    )
