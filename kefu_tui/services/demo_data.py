"""Made-up but real-looking people, phones and addresses for the demo branch
(``services.demo``). Nothing here is a real person; places are real Xinyang towns."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
GIVEN = ["芳", "强", "伟", "静", "敏", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "丽", "建华", "志强", "晓燕", "海燕", "建国", "玉兰", "红梅",
         "俊杰", "子涵", "浩然", "雨萱", "欣怡", "宇轩", "佳豪", "思雨", "文博", "春梅", "国庆"]
PHONE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                  "155", "157", "158", "159", "180", "181", "182", "186", "187", "188", "189")

CLERKS = {"进港": "吴霞", "出港": "陈静", "质控": "刘敏"}
COURIERS_OWN = ["张伟", "李强", "王磊", "刘洋", "赵军", "孙浩"]  # 信阳二部 own area
COURIERS_YANGSHAN = ["周杰", "马超"]  # 羊山 (suspended contract zone, our couriers)
AGENT_COURIER = "淮滨代派"

HUB = "信阳分拨中心"
ZZ_HUB = "郑州分拨中心"
BRANCH = "信阳二部"

# (sender outlet, its regional hub, address prefix of its city)
SENDERS = [
    ("上海青浦十六部", "上海分拨中心", "上海市青浦区华新镇华腾路"),
    ("杭州萧山一部", "杭州分拨中心", "浙江省杭州市萧山区宁围街道市心北路"),
    ("义乌二部", "金华分拨中心", "浙江省金华市义乌市稠城街道工人北路"),
    ("广州白云三部", "广州分拨中心", "广东省广州市白云区太和镇永兴村"),
    ("深圳宝安二部", "深圳分拨中心", "广东省深圳市宝安区西乡街道宝源路"),
    ("东莞长安一部", "东莞分拨中心", "广东省东莞市长安镇振安中路"),
    ("苏州吴中一部", "苏州分拨中心", "江苏省苏州市吴中区木渎镇金枫路"),
    ("南京江宁一部", "南京分拨中心", "江苏省南京市江宁区秣陵街道胜太路"),
    ("北京朝阳二部", "北京分拨中心", "北京市朝阳区十八里店乡小武基路"),
    ("成都双流一部", "成都分拨中心", "四川省成都市双流区东升街道棠湖路"),
    ("武汉江汉一部", "武汉分拨中心", "湖北省武汉市江汉区汉兴街道青年路"),
    ("郑州金水一部", ZZ_HUB, "河南省郑州市金水区经八路"),
]
# Where outbound parcels collected at 信阳二部 go (receiver address, destination outlet)
OUT_DESTS = [(addr, outlet) for outlet, _hub, addr in SENDERS] + [
    ("河南省南阳市宛城区仲景路", "南阳一部"), ("安徽省合肥市蜀山区长江西路", "合肥蜀山一部"),
    ("山东省临沂市兰山区沂蒙路", "临沂一部"), ("天津市西青区杨柳青镇柳口路", "天津西青一部"),
]

_SY = "河南省信阳市"
# outlet → (address prefix, towns/streets, roads)
PLACES: dict[str, tuple[str, list[str], list[str]]] = {
    "信阳二部": (_SY + "浉河区", ["五星街道", "民权街道", "车站街道", "老城街道", "湖东街道", "金牛山街道"],
               ["中山路", "民权路", "新华路", "胜利路", "北京路", "湖东路", "浉河中路", "四一路"]),
    "东方红大道": (_SY + "浉河区", ["湖东街道", "五星街道"], ["东方红大道"]),
    "107": (_SY + "浉河区", ["金牛山街道", "双井街道"], ["107国道", "新马路"]),
    "平桥": (_SY + "平桥区", ["平中街道", "平东街道", "平西街道", "五里镇", "甘岸街道", "前进街道"],
           ["平桥大道", "南京路", "解放路", "新华东路"]),
    "羊山": (_SY + "羊山新区", [""], ["新七大道", "新六大道", "新二十四街", "新五大道"]),
    "固始": (_SY + "固始县", ["番城街道", "秀水街道", "陈淋子镇", "黎集镇", "三河尖镇"], ["蓼城大道", "中原路"]),
    "商城": (_SY + "商城县", ["赤城街道", "鄢岗镇", "上石桥镇"], ["崇福路", "城关大道"]),
    "息县": (_SY + "息县", ["谯楼街道", "龙湖街道", "包信镇", "夏庄镇"], ["息州大道", "建设路"]),
    "潢川": (_SY + "潢川县", ["春申街道", "老城街道", "双柳树镇", "仁和镇"], ["跃进路", "弋阳路"]),
    "罗山": (_SY + "罗山县", ["龙山街道", "丽水街道", "周党镇", "楠杆镇"], ["宝城路", "灵山大道"]),
    "光山": (_SY + "光山县", ["弦山街道", "紫水街道", "十里镇", "寨河镇"], ["正大街", "紫水大道"]),
    "新县": (_SY + "新县", ["新集镇", "沙窝镇", "八里畈镇"], ["航空路", "首府路"]),
    "淮滨": (_SY + "淮滨县", ["城关镇", "顺河街道", "栏杆街道"], ["淮河路", "滨湖路", "迎宾大道"]),
    "淮滨乡镇": (_SY + "淮滨县", ["芦集乡", "期思镇", "马集镇", "张里乡", "防胡镇", "台头乡"], ["街道", "村"]),
    "明港": (_SY + "平桥区", ["明港镇"], ["新集路", "京港路", "车站路"]),
}


def name(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + rnd.choice(GIVEN)


def phone(rnd: random.Random) -> str:
    return rnd.choice(PHONE_PREFIXES) + f"{rnd.randrange(10**8):08d}"


def local_address(rnd: random.Random, place: str) -> str:
    """A 信阳市 address in the right district/county and town for ``place``."""
    prefix, towns, roads = PLACES[place]
    town = rnd.choice(towns)
    road = rnd.choice(roads)
    if road in ("街道", "村"):  # a village of a 淮滨 town
        return f"{prefix}{town}{rnd.choice('东西南北')}{rnd.choice('岗湾楼庄')}村{rnd.randrange(1, 12)}组"
    return f"{prefix}{town}{road}{rnd.randrange(1, 300)}号"


def far_address(rnd: random.Random, prefix: str) -> str:
    return f"{prefix}{rnd.randrange(1, 900)}号{rnd.randrange(1, 30)}栋{rnd.randrange(101, 2600)}室"
