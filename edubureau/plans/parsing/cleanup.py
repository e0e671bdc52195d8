"""Lines that are not part of the document: web-page furniture and page footers left by copying or converting."""
import re

_NOISE_PATTERNS = tuple(re.compile(pattern) for pattern in (
    r"^扫一扫.{0,20}$",  # 扫一扫在手机上查看当前页面 / 扫一扫在手机打开当前页
    r"^[-—–－~～_\s]*\d{1,3}[-—–－~～_\s]*$",  # "- 1 -", "—2—", a bare page number
    r"^第\s*\d{1,3}\s*页(\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?$",  # 第1页 共3页
    r"^(发布时间|发布日期|发文日期|成文日期|信息来源|来源|作者|浏览次数|点击数|阅读次数|访问量|索引号|责任编辑|编辑)\s*[:：].{0,80}$",
    r"^(分享到|分享至)\s*[:：]?.{0,40}$",
    r"^(当前位置|您的位置|您现在的位置)\s*[:：].{0,80}$",
))
# A line made only of these words (and brackets, separators, spaces) is web-page furniture.
_NOISE_WORDS = (
    "打印本页", "打印此页", "打印文章", "我要打印", "打印", "关闭窗口", "关闭本页", "关闭", "保存本页", "收藏本页",
    "收藏", "返回顶部", "返回首页", "返回", "字体", "字号", "大", "中", "小", "默认", "加大", "减小", "分享",
    "纠错", "上一篇", "下一篇", "相关链接", "附件下载", "【", "】", "[", "]", "|", "｜", ":", "：", "·", "/",
)
_NOISE_WORD_PATTERN = re.compile("|".join(re.escape(word) for word in sorted(_NOISE_WORDS, key=len, reverse=True)))
_BRACKETED = re.compile(r"[【\[]")


def is_noise(text: str) -> bool:
    """Whether a stripped line is web or page furniture: "扫一扫在手机上查看当前页面", "- 1 -", "【打印本页】"."""
    if any(pattern.match(text) for pattern in _NOISE_PATTERNS):
        return True
    if len(text) > 60:
        return False
    rest = _NOISE_WORD_PATTERN.sub("", text).strip()
    words = _NOISE_WORD_PATTERN.findall(text)
    # "大", "中", "小" alone are words of real text; they only count beside a bracket or 字体/字号.
    meaningful = [word for word in words if len(word) > 1 or _BRACKETED.search(text)]
    return not rest.replace(" ", "").replace("\u3000", "") and bool(meaningful)
