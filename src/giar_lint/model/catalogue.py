"""The official format as data: parts, table rows and columns (国办公开办函〔2021〕30号).

Keys are a public interface (``parse --format json``, YAML rule expressions): keep them stable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PartSpec:
    """One of the six parts of the catalogue: its number, key and title variants."""

    number: int
    key: str
    template: str
    variants: tuple[str, ...]


PARTS: tuple[PartSpec, ...] = (
    PartSpec(1, "overview", "总体情况", ("政府信息公开总体情况", "政府信息公开工作总体情况")),
    PartSpec(2, "disclosure", "主动公开政府信息情况", ("行政机关主动公开政府信息情况",)),
    PartSpec(
        3,
        "applications",
        "收到和处理政府信息公开申请情况",
        ("行政机关收到和处理政府信息公开申请情况",),
    ),
    PartSpec(
        4,
        "review",
        "政府信息公开行政复议、行政诉讼情况",
        (
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "政府信息公开行政复议及行政诉讼情况",
        ),
    ),
    PartSpec(
        5,
        "problems",
        "存在的主要问题及改进情况",
        (
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
            "存在的主要问题及改进措施",
        ),
    ),
    PartSpec(6, "other", "其他需要报告的事项", ()),
)

PART_BY_KEY: dict[str, PartSpec] = {p.key: p for p in PARTS}
PART_KEYS: tuple[str, ...] = tuple(p.key for p in PARTS)
CN_NUMERALS = "一二三四五六七八九十"

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
    "total",
)
APPLICANT_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other": "其他",
    "total": "总计",
}

#: Table 三 rows in order: (key, official label). Group labels carry no numbers and are listed in
#: APPLICATION_GROUPS.
APPLICATION_ROWS: tuple[tuple[str, str], ...] = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld.state_secret", "1.属于国家秘密"),
    ("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("withheld.three_securities", "3.危及“三安全一稳定”"),
    ("withheld.third_party", "4.保护第三方合法权益"),
    ("withheld.internal_affairs", "5.属于三类内部事务信息"),
    ("withheld.process_info", "6.属于四类过程性信息"),
    ("withheld.enforcement_files", "7.属于行政执法案卷"),
    ("withheld.inquiry_matters", "8.属于行政查询事项"),
    ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.unclear", "3.补正后申请内容仍不明确"),
    ("not_processed.petition", "1.信访举报投诉类申请"),
    ("not_processed.repeated", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "other.no_supplement",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other.other", "3.其他"),
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
)
APPLICATION_ROW_KEYS: tuple[str, ...] = tuple(k for k, _ in APPLICATION_ROWS)
APPLICATION_ROW_LABELS: dict[str, str] = dict(APPLICATION_ROWS)

#: Group labels of table 三 (no numbers of their own in the official format).
APPLICATION_GROUPS: dict[str, str] = {
    "results": "三、本年度办理结果",
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

#: The 21 leaf result rows whose sum is （七）总计.
APPLICATION_RESULT_ROWS: tuple[str, ...] = APPLICATION_ROW_KEYS[2:23]

REVIEW_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼·复议后起诉"),
)
REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

#: Table 二, 2021 format: (key, label, number of cells).
DISCLOSURE_ROWS: tuple[tuple[str, str, int], ...] = (
    ("regulations", "规章", 3),
    ("normative_documents", "行政规范性文件", 3),
    ("licensing", "行政许可", 1),
    ("punishment", "行政处罚", 1),
    ("coercion", "行政强制", 1),
    ("fees_10k_yuan", "行政事业性收费", 1),
)
DISCLOSURE_COLUMN_LABELS: tuple[str, ...] = ("本年制发件数", "本年废止件数", "现行有效件数")

#: Labels that only the 2019 trial format uses (S107 when the report is for 2021 or later).
OLD_FORMAT_LABELS: tuple[str, ...] = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购项目数量",
    "采购总金额",
)
