"""toolkit serve 的本机网页：不用命令行，拖进工作簿就能检查、生成报告、党委汇总。

    server.py     waitress 在 127.0.0.1 上回应；印出地址（带这次启动的密钥）、打开浏览器、Ctrl+C 停止
    app.py        Flask 应用：每个请求先过 security.py 的几道门；出错都是一页中文
    branch.py     支部的页面：空白工作簿、上传检查、下载标注副本、报告、PDF
    committee.py  党委汇总的页面：多个文件或一个 .zip、进度、汇总表、下载
    library.py    网页调用的库函数都在这里（toolkit.api 等），库改名时只改这一个文件
    jobs.py       私有临时文件夹（0700）：下载后、超时、停止时删除
    uploads.py    收下上传：安全的文件名、有上限地解开 .zip
    security.py   Host 头、密钥、同源检查、安全头
    messages.py   网页自己的中文说法

只在 toolkit serve 时加载（要先 pip install ".[web]"）：命令行的其他命令不需要 Flask。
"""
