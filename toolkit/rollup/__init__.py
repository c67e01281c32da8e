"""党委（党总支）汇总：各支部的工作簿 → 汇总表、汇总报告。

    model.py     汇总的数据：一本一行、党委的信息、合计
    collect.py   找工作簿、逐本检查（并行）、同名支部
    settings.py  党委的名称、报告期从哪里来
    report.py    汇总报告
    summary.py   汇总表
    screen.py    汇总完在屏幕上说的话
    run.py       一次汇总：以上合起来，写出文件
"""
