/* 党支部工作数据簿检查：页面上的脚本（拖放、上传进度、等后台做完）。
   没有脚本时页面照样能用：表单直接提交，结果页每两秒自己刷新。
   要对用户说的话都来自页面上的 data-* 属性（由服务器写好，与服务器的说法一字不差）。 */
(function () {
  "use strict";

  var POLL_MS = 700;
  var say = document.documentElement.dataset;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function size(bytes) {
    return bytes < 1048576 ? Math.max(1, Math.round(bytes / 1024)) + " KB" : (bytes / 1048576).toFixed(1) + " MB";
  }

  /* ------------------------------------------------ 消息 */

  function showMessage(form, text) {
    var box = $("[data-js-message]", form.parentNode);
    if (!box) {
      box = document.createElement("div");
      box.className = "alert";
      box.setAttribute("role", "alert");
      box.setAttribute("data-js-message", "");
      var p = document.createElement("p");
      p.className = "pre";
      p.setAttribute("data-message", "");
      box.appendChild(p);
      form.parentNode.insertBefore(box, form);
    }
    $("p", box).textContent = text;
    box.scrollIntoView({ block: "center" });
  }

  /* ------------------------------------------------ 拖放 */

  function chosenFiles(form) {
    var files = [];
    $all("input[type=file]", form).forEach(function (input) {
      if (input.name === "template") { return; }
      Array.prototype.forEach.call(input.files || [], function (file) {
        files.push({ input: input, file: file, name: file.webkitRelativePath || file.name });
      });
    });
    return files;
  }

  function listFiles(form) {
    var chosen = $("[data-chosen]", form);
    var list = $("[data-file-list]", form);
    var files = chosenFiles(form);
    if (chosen) {
      chosen.textContent = files.length ? "已选择：" + files.map(function (f) { return f.name; }).join("、") : "";
    }
    if (list) {
      list.textContent = "";
      files.forEach(function (f, i) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        name.className = "file-name";
        name.textContent = f.name + "（" + size(f.file.size) + "）";
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        bar.setAttribute("aria-label", f.name + " 的上传进度");
        bar.id = "file-progress-" + i;
        var state = document.createElement("span");
        state.className = "state";
        li.appendChild(name); li.appendChild(bar); li.appendChild(state);
        list.appendChild(li);
      });
    }
  }

  function initDropzone(zone) {
    var input = $("input[type=file]", zone);
    var form = zone.closest("form");
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    form.addEventListener("change", function () { listFiles(form); });
  }

  /* ------------------------------------------------ 上传 */

  function formData(form) {
    var data = new FormData(form);
    var folder = $("input[name=folder]", form);
    if (folder && folder.files.length) {
      // 选文件夹时带上相对路径：汇总表里的“文件”一栏就是各支部在文件夹里的位置
      data.delete("folder");
      Array.prototype.forEach.call(folder.files, function (file) {
        data.append("folder", file, file.webkitRelativePath || file.name);
      });
    }
    return data;
  }

  function refuseEarly(form, files) {
    var total = files.reduce(function (sum, f) { return sum + f.file.size; }, 0);
    var maxBytes = Number(form.dataset.maxBytes || 0);
    var maxFiles = Number(form.dataset.maxFiles || 0);
    if (!files.length) { return say.noFiles; }
    if (maxFiles && files.length > maxFiles) { return say.tooManyFiles; }
    if (maxBytes && total > maxBytes) { return say.tooLarge; }
    return null;
  }

  function showUploadProgress(form, files, loaded, total) {
    var bar = $("[data-progress] progress", form);
    var text = $("[data-progress-text]", form);
    var percent = total ? Math.round(loaded * 100 / total) : 0;
    bar.value = percent;
    text.textContent = percent < 100 ? "正在上传：" + percent + "%" : "上传完成，正在检查……";
    // 一个请求里的文件按顺序发出：由已发出的字节数算出每个文件的进度
    var before = 0;
    files.forEach(function (f, i) {
      var one = $("#file-progress-" + i, form);
      if (!one) { return; }
      var done = Math.max(0, Math.min(f.file.size, loaded - before));
      one.value = f.file.size ? Math.round(done * 100 / f.file.size) : 100;
      if (one.value >= 100 && one.nextSibling) { one.nextSibling.textContent = "✔ 已上传"; }
      before += f.file.size;
    });
  }

  function upload(event) {
    var form = event.target;
    if (!window.FormData || !window.XMLHttpRequest || !form.matches("[data-upload]")) { return; }
    event.preventDefault();
    var files = chosenFiles(form);
    var refusal = refuseEarly(form, files);
    if (refusal) { showMessage(form, refusal); return; }
    var button = $("button[type=submit]", form);
    var box = $("[data-progress]", form);
    box.hidden = false;
    button.disabled = true;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { showUploadProgress(form, files, e.loaded, e.total); }
    });
    request.addEventListener("load", function () {
      swapPage(request.responseText, request.status < 400 ? request.responseURL : null);
    });
    ["error", "abort", "timeout"].forEach(function (type) {
      request.addEventListener(type, function () {
        button.disabled = false;
        box.hidden = true;
        showMessage(form, say.interrupted);
      });
    });
    request.send(formData(form));
  }

  /* ------------------------------------------------ 换上新的一页（上传后、后台做完后） */

  function swapPage(html, url) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = $("main", page);
    if (!fresh) { return; }
    $("main").innerHTML = fresh.innerHTML;
    document.title = page.title;
    if (url && url !== location.href) { history.pushState(null, "", url); }
    start($("main"));
    $("main").focus();
  }

  function poll(box) {
    var url = box.dataset.poll;
    function again() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          var checked = $("[data-checked]", box);
          if (checked && status.total) {
            checked.max = status.total;
            checked.value = status.checked;
            $("[data-checked-text]", box).textContent = "已检查 " + status.checked + " / " + status.total + " 本";
          }
          // 后台还在做、也没有新的可以下载：接着等；有了新的（如报告先好了，PDF 还在做）就换上新的一页
          if (status.state === "working" && status.ready === box.dataset.ready) { window.setTimeout(again, POLL_MS); return; }
          return fetch(location.href, { credentials: "same-origin", cache: "no-store" })
            .then(function (response) { return response.text(); })
            .then(function (html) { swapPage(html, null); });
        })
        .catch(function () { window.setTimeout(again, POLL_MS * 3); });
    }
    window.setTimeout(again, POLL_MS);
  }

  /* ------------------------------------------------ 下载后：这一项已经删掉了 */

  function markTaken(event) {
    var link = event.target.closest("[data-download]");
    if (!link) { return; }
    window.setTimeout(function () {
      var done = document.createElement("span");
      done.className = "state done";
      done.textContent = "✔ 已下载。为了不在电脑上留下副本，临时文件已删除。";
      link.replaceWith(done);
    }, 500);
  }

  /* ------------------------------------------------ 小表格里有问题的格：问题和改法贴在这一格下面 */

  function placeTip(event) {
    var cell = event.target.closest && event.target.closest(".flag");
    if (!cell) { return; }
    var tip = $(".tip", cell);
    var box = cell.getBoundingClientRect();
    tip.style.display = "block";
    var width = tip.offsetWidth;
    tip.style.display = "";
    tip.style.left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8)) + "px";
    tip.style.top = (box.bottom + 4) + "px";
  }

  function start(root) {
    $all("[data-dropzone]", root).forEach(initDropzone);
    $all("[data-poll]", root).forEach(function (box) {
      if (box.dataset.state === "working") { poll(box); }
    });
  }

  document.addEventListener("submit", upload);
  document.addEventListener("click", markTaken);
  document.addEventListener("focusin", placeTip);
  document.addEventListener("mouseover", placeTip);
  window.addEventListener("popstate", function () { location.reload(); });
  start(document);
}());
