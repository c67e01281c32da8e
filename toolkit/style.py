"""报告版面的全部数值：一处写全，每个数都注明出自 GB/T 9704-2012《党政机关公文格式》哪一条。

核对时对照标准逐项看即可；本单位有不同的习惯（如三级标题加粗），改这里，不用改程序。

单位说明（Word 文件里的写法）：
  缇（twip）    = 1/20 磅 = 1/1440 英寸；1 毫米 ≈ 56.7 缇。页面、边距、缩进都用它。
  半磅          字号写成“半磅”：3号 16 磅 → 32，2号 22 磅 → 44，4号 14 磅 → 28，小四 12 磅 → 24。
  1/20 磅       字符间距（紧缩 0.25 磅 → -5）。
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.standard import FontScheme

# ---------------------------------------------------------------- 字号（GB/T 9704-2012 附录里的号数）
SIZE_2HAO = 44  # 2号 = 22 磅（半磅 44）
SIZE_3HAO = 32  # 3号 = 16 磅（半磅 32）
SIZE_4HAO = 28  # 4号 = 14 磅（半磅 28）
SIZE_XIAO4 = 24  # 小四 = 12 磅（半磅 24）

LATIN_FONT = "Times New Roman"  # 阿拉伯数字、外文字母（通行做法；标准 5.2.2 未指定，仅要求半角）

TITLE_MAX_CHARS = 20.0  # 标题每行不超过 20 字（半角算半字；7.3.1 的通行做法）。断行（titles.py）和写出都用它

# ---------------------------------------------------------------- 结构层次序数（7.3.3）
CHINESE_DIGITS = "一二三四五六七八九十"  # 一、（一）、一是：十以内用汉字，再往后用阿拉伯数字
CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Numbering:
    """一级序数的写法：序号写进 form 的 {}。

    给了 digits 时，前 len(digits) 个序号用这些字（如 一二三…十、①②③…⑳），
    再往后用阿拉伯数字写进 beyond（没给 beyond 时仍写进 form）。
    """

    form: str
    digits: str = ""
    beyond: str = ""

    def label(self, number: int) -> str:
        if self.digits and number <= len(self.digits):
            return self.form.format(self.digits[number - 1])
        return (self.beyond or self.form).format(number)


# 标题的各层序数：第一层“一、”，第二层“（一）”，第三层“1.”，第四层“（1）”（7.3.3，括号全角，“1.”是半角点）；
# 数据嵌套得更深时，按机关通行的写法接着用“①②③”（标准未规定；report-format.md “Body and headings”）
HEADING_NUMBERING = (
    Numbering("{}、", CHINESE_DIGITS),
    Numbering("（{}）", CHINESE_DIGITS),
    Numbering("{}."),
    Numbering("（{}）"),
    Numbering("{}", CIRCLED_DIGITS, "{})"),
)


@dataclass(frozen=True)
class StyleProfile:
    """一种版面方案。字段名即用途；后面的注释写明标准条款。"""

    name: str

    # ---- 纸张和版心（5.1 幅面；5.2.1 版心 156 mm × 225 mm，天头 37 mm，订口 28 mm）
    page_width: int = 11906  # A4 宽 210 mm（5.1）
    page_height: int = 16838  # A4 高 297 mm（5.1）
    margin_top: int = 2098  # 天头 37 mm（5.2.1，允许 ±1 mm）
    margin_left: int = 1587  # 订口 28 mm（5.2.1，允许 ±1 mm）
    margin_bottom: int = 1984  # 35 mm = 297 − 37 − 225（由 5.2.1 版心高度推出）
    margin_right: int = 1474  # 26 mm = 210 − 28 − 156（由 5.2.1 版心宽度推出）
    footer_distance: int = 1417  # 页脚距纸边 25 mm：页码一字线在版心下边缘之下约 7 mm（7.5）
    header_distance: int = 851  # 页眉距纸边 15 mm（公文不用页眉，只为文件完整）

    # ---- 行数和字数（5.2.3：一般每面排 22 行，每行排 28 个字）
    lines_per_page: int = 22  # 5.2.3
    chars_per_line: int = 28  # 5.2.3
    line_pitch: int = 579  # 固定行距 28.95 磅：225 mm 里放得下 22 行的最大整缇数（5.2.3）
    body_char_spacing: int = -5  # 3号字紧缩 0.25 磅：28 × 15.75 = 441 磅 ≤ 版心 442.25 磅，一行正好 28 字（5.2.3）
    paragraph_space: int = 0  # 段前、段后都不留空（缇）：每一行都落在固定行距上，一面正好 22 行（5.2.3）

    # ---- 字号（5.2.2：如无特殊说明，公文格式各要素一般用 3号仿宋体字）
    title_size: int = SIZE_2HAO  # 标题 2号（7.3.1）
    body_size: int = SIZE_3HAO  # 正文、主送机关、附件说明、署名、日期 3号（5.2.2、7.3.2–7.3.5）
    page_number_size: int = SIZE_4HAO  # 页码 4号（7.5）
    table_size: int = SIZE_XIAO4  # 表格文字：4号或小四（第 8 章式样的表格习惯）；小四使 7 栏的统计表不挤
    title_char_spacing: int = 0  # 2号标题不紧缩：20 × 22 = 440 磅，放得下 20 字（7.3.1）

    # ---- 字体（写进 w:eastAsia 的名字）
    title_font: str = "方正小标宋简体"  # 标题：2号小标宋体字（7.3.1）
    subtitle_font: str = "楷体_GB2312"  # 副标题：3号楷体（通行做法）
    body_font: str = "仿宋_GB2312"  # 正文等：3号仿宋体字（5.2.2、7.3.3）
    level1_font: str = "黑体"  # 一级标题“一、”：黑体（7.3.3）
    level2_font: str = "楷体_GB2312"  # 二级标题“（一）”：楷体（7.3.3）
    level3_font: str = "仿宋_GB2312"  # 三级标题“1.”：仿宋（7.3.3）
    level4_font: str = "仿宋_GB2312"  # 四级标题“（1）”：仿宋（7.3.3）
    attachment_label_font: str = "黑体"  # 附件页“附件”二字：3号黑体（7.3.7）
    page_number_font: str = "宋体"  # 页码：4号半角宋体阿拉伯数字（7.5）
    latin_font: str = LATIN_FONT  # 数字、字母：Times New Roman
    table_font: str = "仿宋_GB2312"  # 表格文字：仿宋
    table_header_font: str = "黑体"  # 表头：黑体
    level3_bold: bool = False  # 有的单位要求三级标题加粗；标准不要求，默认不加

    # ---- 缩进、对齐（7.3.3 每个自然段左空二字；7.3.4、7.3.5.2）
    indent_chars: float = 2  # 段首空二字（7.3.3）
    signature_right_chars: float = 2  # 署名右空二字（7.3.5.2）
    date_offset_chars: float = 2  # 成文日期首字比署名首字右移二字（7.3.5.2）
    date_min_right_chars: float = 2  # 日期比署名长时，日期右空二字、署名左移（7.3.5.2）
    page_number_side_space: int = 280  # 单页码居右空一字、双页码居左空一字：一个 4号字 = 14 磅 = 280 缇（7.5）
    page_number_dash: str = "—"  # 页码两边的一字线（U+2014，7.5）
    title_max_chars: float = TITLE_MAX_CHARS  # 标题每行不超过 20 字（半角算半字；7.3.1）

    # ---- 结构层次序数（7.3.3）
    heading_numbering: tuple[Numbering, ...] = HEADING_NUMBERING  # 一、（一）1.（1）①，见上
    inline_numbering: Numbering = Numbering("{}是", CHINESE_DIGITS)  # ①之下不再另起段落，段内写“一是……二是……”（通行做法）
    attachment_numbering: Numbering = Numbering("{}.")  # 附件说明里有几个附件时的序号“1.”“2.”（7.3.4）

    # ---- 表格（7.3.7 附件；表格不超出版心）
    table_cell_margin: int = 57  # 单元格左右留 1 mm
    table_cell_margin_vertical: int = 0  # 上下不另留：行高至少 8 mm、文字垂直居中，已够疏朗
    table_row_min_height: int = 454  # 行高至少 8 mm
    table_border_size: int = 4  # 表格线 ½ 磅（单位 1/8 磅）
    table_char_spacing: int = 0  # 表格文字不紧缩：紧缩 0.25 磅只为正文每行 28 字（5.2.3）
    table_header_slack: float = 0.25  # 栏宽至少放得下一行表头，另加 ¼ 字的余量（字宽、边距正好时排版软件仍可能折行）
    # 表格、页码行用单倍行距（w:line=240、w:lineRule=auto）：它们不在正文的 28.95 磅行网格上（第 8 章、7.5）
    single_line_spacing: int = 240
    page_number_char_spacing: int = 0  # 页码不紧缩（7.5）

    # ---- 文件末尾（不是标准的要求，是 .docx 的规矩）：文件必须以段落结束。附件表格之后的这一段
    # 只有 1 磅高，不会多出一张空白页
    end_paragraph_size: int = 2  # 字号 1 磅（半磅 2）
    end_paragraph_line: int = 20  # 行高 1 磅（20 缇）

    # ---- 颜色（5.2.4：如无特殊说明，公文中文字的颜色均为黑色）
    text_color: str = "000000"

    # ---- Word 找不到字体时的替代名（写进 fontTable 的 w:altName；不附带任何字体文件）
    font_alt_names: tuple[tuple[str, str], ...] = (
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("宋体", "SimSun"),
        ("黑体", "SimHei"),
        ("仿宋", "FangSong"),
        ("楷体", "KaiTi"),
    )

    # ---------------------------------------------------------------- 由上面的数算出来的量
    @property
    def text_width(self) -> int:
        """版心宽度（缇）：11906 − 1587 − 1474 = 8845，即 156 mm（5.2.1）。表格总宽不超过它。"""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> int:
        """版心高度（缇）：16838 − 2098 − 1984 = 12756，即 225 mm（5.2.1）。"""
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def body_char_width(self) -> int:
        """一个 3号字（连同紧缩）占的宽度（缇）：16 × 20 − 5 = 315。"""
        return self.body_size * 10 + self.body_char_spacing

    @property
    def first_line_indent(self) -> int:
        """首行缩进二字（缇）：2 × 315 = 630（LibreOffice 读这个）。"""
        return round(self.indent_chars * self.body_char_width)

    @property
    def first_line_indent_chars(self) -> int:
        """首行缩进二字，以 1/100 字计：200（Word 读这个）。"""
        return round(self.indent_chars * 100)

    @property
    def table_char_width(self) -> int:
        """表格里一个字的宽度（缇）：小四 12 磅 = 240（半磅 24 × 10）。"""
        return self.table_size * 10

    def table_column_min_width(self, header_chars: float) -> int:
        """表头（header_chars 个字，半角算半个）一行放得下的栏宽（缇）：字宽、左右单元格边距、再留 ¼ 字。"""
        char = self.table_char_width
        return round(header_chars * char) + 2 * self.table_cell_margin + int(char * self.table_header_slack)

    def heading_label(self, level: int, number: int) -> str:
        """第 level 层（1 起）的第 number 个序数：heading_label(2, 3) → “（三）”。比最深一层还深的，用最深一层的写法。"""
        return self.heading_numbering[min(level, len(self.heading_numbering)) - 1].label(number)

    def heading_bold(self, level: int) -> bool:
        """这一层标题加不加粗：只有三级标题、且 level3_bold 时加粗（标准不要求加粗；有的单位要求）。"""
        return level == 3 and self.level3_bold

    def chars_to_twips(self, chars: float) -> int:
        """按 3号字宽把“几个字”换成缇（半角字算半个）。"""
        return round(chars * self.body_char_width)

    def signature_indents(self, name_width: float, date_width: float) -> tuple[float, float]:
        """署名和日期各自右空几个字（7.3.5.2）。宽度以字计：全角 1，半角 ½。

        署名右空二字；日期首字比署名首字右移二字，即日期右空 = 署名宽 − 日期宽；
        这个数不足二字时（日期更长），日期右空二字，署名右空 = 日期宽 − 署名宽 + 4。
        """
        date_right = self.signature_right_chars + name_width - self.date_offset_chars - date_width
        if date_right >= self.date_min_right_chars:
            return self.signature_right_chars, date_right
        date_right = self.date_min_right_chars
        return date_right + date_width + self.date_offset_chars - name_width, date_right

    def fonts_by_role(self) -> dict[str, str]:
        """各要素用的中文字体，供核对。"""
        return {
            "标题": self.title_font,
            "汇报副标题": self.subtitle_font,
            "汇报正文": self.body_font,
            "一级标题": self.level1_font,
            "二级标题": self.level2_font,
            "三级标题": self.level3_font,
            "四级标题": self.level4_font,
            "附件标识": self.attachment_label_font,
            "页码": self.page_number_font,
            "表格": self.table_font,
            "表头": self.table_header_font,
        }

    def heading_font(self, level: int) -> str:
        return {1: self.level1_font, 2: self.level2_font, 3: self.level3_font}.get(level, self.level4_font)


# ---------------------------------------------------------------- 两套字体方案（规格说明“Fonts and sizes”）
# gb2312：多数机关安装的 GB2312 字体（默认）。
GB2312 = StyleProfile(name=FontScheme.GB2312)

# windows：只用 Windows 10/11 自带的字体（没装 GB2312 字体、方正小标宋的电脑）：标题用宋体代替小标宋
WINDOWS_FONTS = ("宋体", "新宋体", "黑体", "楷体", "仿宋", "微软雅黑", LATIN_FONT)  # Windows 自带的中文字体（和 Times New Roman）
WINDOWS = replace(
    GB2312,
    name=FontScheme.WINDOWS,
    title_font="宋体",
    subtitle_font="楷体",
    body_font="仿宋",
    level2_font="楷体",
    level3_font="仿宋",
    level4_font="仿宋",
    table_font="仿宋",
)

PROFILES = {p.name: p for p in (GB2312, WINDOWS)}


def profile(name: str) -> StyleProfile:
    """按名字取版面方案：FontScheme 里的 gb2312 或 windows（不分大小写）。"""
    key = (name or "").strip().lower()
    if key not in PROFILES:
        raise ValueError(f"没有名为“{name}”的字体方案；可选：{'、'.join(PROFILES)}。")
    return PROFILES[key]
