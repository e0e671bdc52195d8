"""The one error the parser raises, and its user-facing messages (Simplified Chinese)."""
from edubureau.core.exceptions import ApplicationError

EMPTY_FILE = "文件为空,没有可以读取的文字内容,请检查后重新上传"
UNDECODABLE = "无法识别文件内容,文件可能不是文本或 Word 文档。请上传 .txt(UTF-8 或 GBK 编码)或 .docx 文件"
INVALID_DOCX = "文件已损坏或不是有效的 Word(.docx)文件"
OLD_DOC = "不支持旧版 .doc 格式,请在 Word 中另存为 .docx 后重新上传"
PDF_NOT_SUPPORTED = "不支持 PDF 文件,请上传 .txt 或 .docx 文件(可在 Word 或 WPS 中把 PDF 转换为 .docx)"
NO_STRUCTURE = (
    "未能识别出工作要点的结构:没有找到编号的工作任务(如“一、”“(一)”“1.”或“一是”)。"
    "请确认上传的是工作要点原文,或把正文粘贴为纯文本后重试"
)


class PlanParseError(ApplicationError):
    """A document that cannot be read or is not a work plan; `message` is shown to the user as it is."""
