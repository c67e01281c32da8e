"""标题断行：从不把一个词拆到两行（分词的词、templates/terms.txt 的规范提法），每行不超过版面方案的字数，
成梯形或菱形；活动名称已经以“教育”“活动”“学习”结尾时不再加“活动”。"""

from __future__ import annotations

import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit.report.titles import break_title, official_terms, text_width, word_cuts
from toolkit.report.wording import Wording
from toolkit.style import TITLE_MAX_CHARS, profile

TITLES = [
    "江南机电公司第二党支部开展学习贯彻习近平新时代中国特色社会主义思想主题教育阶段性工作情况",
    "商贸系党支部开展创先争优活动阶段性工作情况",
    "计算机学院学生第二党支部开展两学一做学习教育活动阶段性工作情况汇报",
    "计算机学院本科生第一党支部开展党史学习教育阶段性工作情况",
    "机关第三党支部关于开展“不忘初心、牢记使命”主题教育的阶段性工作情况汇报",
    "化工系教工党支部深入学习贯彻党的二十大精神阶段性工作总结",
    "市交通运输局机关党委开展党史学习教育阶段性工作情况汇报",
    "经济管理学院党总支开展“三会一课”规范化建设阶段性工作情况",
    "第一党小组开展两学一做学习教育阶段性工作情况",
    "城南街道社区党支部扎实开展创先争优活动推动基层组织建设阶段性工作情况汇报",
    "人民医院内科党支部开展学习贯彻习近平新时代中国特色社会主义思想主题教育工作情况汇报",
    "县供电公司运维检修党支部开展创先争优活动争当党员先锋岗阶段性工作情况",
    "信息工程学院学生党支部开展社会主义核心价值观主题教育阶段性工作情况",
    "物流公司仓储第二党支部关于深入开展党的群众路线教育实践活动的阶段性工作情况汇报",
    "区教育局机关第一党支部开展“三严三实”专题教育阶段性工作情况",
    "农业农村局党组开展全面从严治党主题党日活动阶段性工作情况",
    "外国语学院教工第一党支部开展2023年度主题教育阶段性工作情况",
    "北京路小学党支部贯彻落实全面从严治党要求阶段性工作情况汇报",
    "市第一中学高三年级党支部开展党史学习教育“我为群众办实事”实践活动阶段性工作情况",
    "机械厂离退休党支部开展“不忘初心、牢记使命”主题教育阶段性工作总结",
    "国网江南供电公司营销部党支部开展学习贯彻党的十九大精神阶段性工作情况汇报",
    "理学院数学系党支部开展《中国共产党纪律处分条例》学习教育阶段性工作情况",
    "建筑设计院第三党支部开展“两学一做”学习教育常态化制度化阶段性工作情况",
    "江南大学机关党委开展创先争优活动阶段性工作情况",
    "税务局稽查局党支部开展深入学习实践科学发展观活动阶段性工作情况汇报",
    "老干部局党支部开展学习贯彻习近平新时代中国特色社会主义思想主题教育总结",
    "高新区管委会综合党支部开展结对共建志愿服务活动阶段性工作情况",
    "市人民检察院第二党支部开展党风廉政建设宣传教育月活动阶段性工作情况汇报",
    "中心医院外科第一党支部开展“三会一课”和组织生活会制度落实情况自查阶段性工作情况",
    "电子科技学院研究生第五党支部开展党史学习教育暨“永远跟党走”主题活动阶段性工作情况",
    "文学院学生党支部开展马克思列宁主义毛泽东思想学习阶段性工作情况汇报",
    "交通大学后勤集团党委开展民主评议党员工作阶段性工作情况",
]


def boundaries(lines) -> list[int]:
    at, out = 0, []
    for line in lines[:-1]:
        at += len(line)
        out.append(at)
    return out


def assert_shape(lines, width=TITLE_MAX_CHARS):
    widths = [text_width(line) for line in lines]
    assert all(w <= width for w in widths), lines
    if len(widths) > 1:
        peak = widths.index(max(widths))
        rising, falling = widths[: peak + 1], widths[peak:]
        unimodal = rising == sorted(rising) and falling == sorted(falling, reverse=True)
        assert unimodal and (peak < len(widths) - 1 or len(set(widths)) == 1), f"不是梯形或菱形：{lines}"


def test_the_list_is_long_enough_and_needs_breaking():
    assert len(TITLES) >= 30 and all(text_width(t) > TITLE_MAX_CHARS for t in TITLES)


@pytest.mark.parametrize("title", TITLES)
def test_a_title_is_broken_only_between_words(title):
    lines = break_title(title)
    assert "".join(lines) == title
    cuts = word_cuts(title)
    for at in boundaries(lines):
        assert at in cuts, f"“{title[:at]}/{title[at:]}”：断在分词的一个词中间"
        for term in official_terms():
            start = title.find(term)
            while start != -1:
                assert not start < at < start + len(term), f"把“{term}”拆开了：{lines}"
                start = title.find(term, start + 1)


@pytest.mark.parametrize("title", TITLES)
def test_a_title_keeps_the_width_and_the_shape(title):
    assert_shape(break_title(title))


@pytest.mark.parametrize("width", [14, 16, 18, 22])
def test_other_widths_of_the_style_profile_are_kept(width):
    for title in TITLES[:12]:
        lines = break_title(title, width)
        assert "".join(lines) == title
        assert all(text_width(line) <= width for line in lines), lines


@pytest.mark.parametrize(
    "title, words",
    [
        ("江南机电公司第二党支部开展学习贯彻习近平新时代中国特色社会主义思想主题教育阶段性工作情况", ["学习贯彻", "习近平新时代中国特色社会主义思想"]),
        ("机关第三党支部关于开展“不忘初心、牢记使命”主题教育的阶段性工作情况汇报", ["“不忘初心、牢记使命”"]),
        ("城南街道社区党支部扎实开展创先争优活动推动基层组织建设阶段性工作情况汇报", ["创先争优活动"]),
        ("县供电公司运维检修党支部开展创先争优活动争当党员先锋岗阶段性工作情况", ["党员先锋岗"]),
        ("外国语学院教工第一党支部开展2023年度主题教育阶段性工作情况", ["2023"]),
    ],
)
def test_named_terms_stay_on_one_line(title, words):
    lines = break_title(title)
    for word in words:
        assert any(word in line for line in lines), (word, lines)


def test_the_branch_name_stays_whole_when_it_fits():
    title = "江南机电公司第二党支部开展创先争优活动阶段性工作情况汇报材料"
    lines = break_title(title, keep=("江南机电公司第二党支部",))
    assert any("江南机电公司第二党支部" in line for line in lines), lines


def test_a_word_longer_than_a_line_is_still_broken_somewhere():
    title = "习近平新时代中国特色社会主义思想"
    lines = break_title(title, 10)
    assert "".join(lines) == title and all(text_width(line) <= 10 for line in lines)


def test_the_terms_file_holds_the_official_terms():
    terms = official_terms()
    for term in ("习近平新时代中国特色社会主义思想", "不忘初心、牢记使命", "两学一做", "党史学习教育", "创先争优", "三会一课", "主题教育", "中国特色社会主义", "贯彻落实", "学习贯彻"):
        assert term in terms
    assert list(terms) == sorted(terms, key=len, reverse=True)


# ---------------------------------------------------------------- “活动”不重复


@pytest.mark.parametrize(
    "campaign, title, section",
    [
        ("创先争优", "测试支部开展创先争优活动阶段性工作情况", "开展创先争优活动的指导思想"),
        ("党史学习教育", "测试支部开展党史学习教育阶段性工作情况", "开展党史学习教育的指导思想"),
        ("主题教育", "测试支部开展主题教育阶段性工作情况", "开展主题教育的指导思想"),
        ("两学一做学习教育", "测试支部开展两学一做学习教育阶段性工作情况", "开展两学一做学习教育的指导思想"),
        ("“我为群众办实事”实践活动", "测试支部开展“我为群众办实事”实践活动阶段性工作情况", "开展“我为群众办实事”实践活动的指导思想"),
        ("理论学习", "测试支部开展理论学习阶段性工作情况", "开展理论学习的指导思想"),
        ("两学一做", "测试支部开展两学一做活动阶段性工作情况", "开展两学一做活动的指导思想"),
    ],
)
def test_a_campaign_ending_in_education_activity_or_study_gets_no_second_activity(campaign, title, section):
    wording = Wording({"支部名称": "测试支部", "活动名称": campaign, "上级党组织": "上级党委"})
    assert wording.title() == title
    assert wording.section_title("指导思想") == section


@pytest.mark.parametrize("campaign, expected", [("党史学习教育", "院党委开展党史学习教育阶段性工作情况"), ("创先争优", "院党委开展创先争优活动阶段性工作情况")])
def test_the_committee_report_follows_the_same_rule(campaign, expected):
    wording = Wording({"名称": "院党委", "活动名称": campaign, "报告期": ""}, None, "rollup.j2")
    assert wording.title() == expected
    assert "开展" + campaign + ("" if campaign.endswith("教育") else "活动") + "的部署" in wording.opening(3)


def test_the_report_title_and_sections_say_it_once(tmp_path):
    import docx

    from tests.test_generate import generate

    data = small_branch()
    data["支部信息"]["活动名称"] = "党史学习教育"
    path = write_workbook(tmp_path / "x.xlsx", data)
    target = tmp_path / "x.docx"
    code, out, err = generate(path, "-o", target)
    assert code == 0, out + err
    paragraphs = [p.text.replace("\n", "") for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[0] == "测试系党支部开展党史学习教育阶段性工作情况"
    assert not [p for p in paragraphs if "党史学习教育活动" in p and "、" in p[:2]]  # 各部分的标题
    text = "\n".join(paragraphs)
    assert "一、开展党史学习教育的指导思想" in text
    assert_shape(docx.Document(str(target)).paragraphs[0].text.split("\n"), profile("gb2312").title_max_chars)
