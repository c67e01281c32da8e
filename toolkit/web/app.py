"""网页应用（Flask）：create_app(guard, workspace) → WSGI 应用。

全部页面都在 /密钥/ 下面（见 security.py）；支部的页面在 branch.py，党委汇总的在 committee.py。
任何出错都是一页中文：没有框架的英文错误页，没有堆栈；一个请求出错，服务照常回应下一个。
"""

from __future__ import annotations

import sys
import tempfile

from flask import Blueprint, Flask, Request, current_app, g, request
from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge

from toolkit.web import messages
from toolkit.web.jobs import Workspace
from toolkit.web.pages import error_page
from toolkit.web.security import HEADERS, Guard, refusal_page
from toolkit.web.uploads import MAX_FILES, MAX_UPLOAD, MB, UploadRefused

FORM_FIELDS = 40  # 表单里除了文件之外的栏目，给 MAX_FORM_PARTS 留的余量


class UploadRequest(Request):
    """上传的文件先收在网页私有的临时文件夹里（无名临时文件，关闭即删），不放到系统别处。"""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return tempfile.TemporaryFile(dir=current_app.config["UPLOAD_FOLDER"])


def create_app(guard: Guard, workspace: Workspace, *, libreoffice: bool | None = None) -> Flask:
    from toolkit.web import branch, committee
    from toolkit.web.library import libreoffice_present

    app = Flask(__name__, static_folder=None)
    app.request_class = UploadRequest
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        MAX_FORM_PARTS=MAX_FILES + FORM_FIELDS,
        UPLOAD_FOLDER=str(workspace.uploads),
        GUARD=guard,
        WORKSPACE=workspace,
        LIBREOFFICE=libreoffice_present() if libreoffice is None else libreoffice,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.globals.update(title=messages.TITLE, limit_mb=MAX_UPLOAD // MB, max_files=MAX_FILES, max_bytes=MAX_UPLOAD,
                                 minutes=int(workspace.timeout // 60),
                                 say_too_large=messages.TOO_LARGE.format(limit=MAX_UPLOAD // MB),
                                 say_too_many=messages.TOO_MANY_FILES.format(limit=MAX_FILES),
                                 say_interrupted=messages.INTERRUPTED, say_no_files=messages.NO_FILES)
    pages = Blueprint("pages", __name__, url_prefix=f"/{guard.key}", static_folder="static", static_url_path="/static")
    branch.register(pages)
    committee.register(pages)
    app.register_blueprint(pages)
    app.before_request(_guard_every_request)
    app.after_request(_secure_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(UploadRefused, _refused)
    app.register_error_handler(Exception, _unexpected)
    return app


def _guard_every_request():
    refusal = current_app.config["GUARD"].check(request.method, request.path, request.headers)
    g.key_ok = refusal is None
    if refusal is not None:
        return refusal_page(refusal.message), refusal.status, {"Content-Type": "text/html; charset=utf-8"}
    return None


def _secure_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _http_error(error: HTTPException):
    if isinstance(error, RequestEntityTooLarge):
        too_big = (request.content_length or 0) > MAX_UPLOAD
        message = messages.TOO_LARGE.format(limit=MAX_UPLOAD // MB) if too_big else messages.TOO_MANY_FILES.format(limit=MAX_FILES)
        return error_page(message, 413)
    if isinstance(error, ClientDisconnected):
        return error_page(messages.INTERRUPTED, 400)
    words = {404: messages.NOT_FOUND, 405: messages.WRONG_METHOD, 431: messages.HEADERS_TOO_LARGE}
    return error_page(words.get(error.code, messages.BAD_REQUEST), error.code or 400)


def _refused(error: UploadRefused):
    return error_page(error.message, error.status)


def _unexpected(error: Exception):
    # 终端里留一行给维护人员（不印堆栈）；页面上只说中文
    print(f"[内部错误] {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    return error_page(messages.INTERNAL, 500)


__all__ = ["create_app"]
