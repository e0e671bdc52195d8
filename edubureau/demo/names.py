"""Fixed word lists the demo draws names from, and the small generators built on them.

Every generator takes a `random.Random` and a set of names already handed out, so a
seed always yields the same names and no name is used twice in one city.
"""
import random

# Common surnames of Hubei (ordered roughly by frequency) and given-name characters.
SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "徐", "胡", "朱", "高", "何", "郭",
    "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "曹", "彭", "曾", "肖", "田", "董",
    "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "魏", "熊", "邓", "许", "傅", "沈", "付",
)
GIVEN_FIRST = (
    "建", "国", "志", "文", "明", "永", "春", "海", "晓", "丽", "红", "秀", "德", "金", "俊",
    "家", "思", "雨", "子", "梦", "欣", "嘉", "婷", "振", "立", "新", "佳", "小", "学", "宏",
)
GIVEN_SECOND = (
    "国", "华", "军", "平", "强", "明", "伟", "芳", "英", "敏", "静", "杰", "涛", "斌", "勇",
    "霞", "燕", "琴", "波", "辉", "林", "洁", "玲", "峰", "鹏", "萍", "刚", "丹", "宇", "红",
)

# Village names of the Jianghan plain: a first syllable, "家" after a surname, and a landform ending.
VILLAGE_SURNAMES = ("张", "李", "刘", "杨", "陈", "黄", "周", "徐", "胡", "朱", "马", "罗", "彭", "曾", "熊")
VILLAGE_FIRST = VILLAGE_SURNAMES + (
    "新", "红", "东", "西", "南", "北", "三", "五", "白", "荷", "莲", "沙", "高", "梅", "柳",
    "太", "双", "长", "丰", "兴", "和", "同", "永", "义", "青",
)
VILLAGE_LAST = (
    "湾", "桥", "岭", "台", "垸", "河", "口", "湖", "场", "集", "庙", "岗", "渡", "洲", "铺",
    "坪", "堤", "嘴", "坝", "港",
)
# Endings that read naturally after "<surname>家" (张家湾, 刘家台).
FAMILY_ENDINGS = frozenset({"湾", "台", "垸", "岭", "河", "嘴", "场", "铺", "港"})

# Trading names of private kindergartens.
KINDERGARTEN_BRANDS = (
    "小太阳", "蓝天", "金色童年", "爱心", "启明星", "童之梦", "小天使", "育苗", "七色花", "彩虹",
    "春苗", "阳光", "新星", "贝贝", "博雅", "童心", "智慧树", "快乐宝贝", "小博士", "小星星",
    "希望", "英才", "小精灵", "乐乐", "欢乐谷", "果果", "金太阳", "童趣", "蒲公英", "小树苗",
    "向日葵", "花蕾", "稚慧", "天才宝贝", "星辰", "明日之星", "晨曦", "百合", "童馨", "未来星",
)

# Streets of the central city, for extra urban primaries and addresses.
STREETS = ("章华路", "东风路", "红梅路", "江汉路", "建设路", "广泽大道", "曹禺路", "紫月路", "梅苑路", "湘潭路")

# Username slugs of the township divisions (pinyin of the place; 管理区 get "glq", 原种场 "yzc").
DIVISION_SLUGS = {
    "429005001": "yuanlin",
    "429005002": "yangshi",
    "429005003": "zhouji",
    "429005004": "guanghuasi",
    "429005005": "taifeng",
    "429005006": "gaochang",
    "429005007": "zekou",
    "429005100": "zhugentan",
    "429005101": "yuyang",
    "429005102": "wangchang",
    "429005103": "gaoshibei",
    "429005104": "xiongkou",
    "429005105": "laoxin",
    "429005106": "haokou",
    "429005107": "jiyukou",
    "429005108": "zhangjin",
    "429005109": "longwan",
    "429005450": "zhoujiglq",
    "429005451": "houhuglq",
    "429005452": "xiongkouglq",
    "429005453": "zongkouglq",
    "429005454": "bailuhuglq",
    "429005455": "yunlianghuglq",
    "429005457": "haokouyzc",
}

def _pick_unused(rng: random.Random, used: set[str], make) -> str:
    for _ in range(500):
        name = make()
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("示范数据名称已用尽")


def person_name(rng: random.Random, used: set[str]) -> str:
    """A two- or three-character Chinese full name not yet in `used`."""

    def make() -> str:
        given = rng.choice(GIVEN_FIRST) + rng.choice(GIVEN_SECOND)
        return rng.choice(SURNAMES) + (given if rng.random() < 0.8 else given[1])

    return _pick_unused(rng, used, make)


def village_name(rng: random.Random, used: set[str]) -> str:
    """A village name such as 张家湾, 新河 or 白鹭港, not yet in `used`."""

    def make() -> str:
        first, last = rng.choice(VILLAGE_FIRST), rng.choice(VILLAGE_LAST)
        family = first in VILLAGE_SURNAMES and last in FAMILY_ENDINGS
        middle = "家" if family and rng.random() < 0.5 else ""
        return first + middle + last

    return _pick_unused(rng, used, make)


def kindergarten_brand(rng: random.Random, used: set[str]) -> str:
    """A private kindergarten's trading name not yet in `used`."""
    return _pick_unused(rng, used, lambda: rng.choice(KINDERGARTEN_BRANDS))
