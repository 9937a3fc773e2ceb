"""Synthetic organizations for demonstrations and benchmarks.

`generate_demo_data` fills the registry with made-up firms and institutions
whose names read like Pudong's (a place, a trade name, an industry and a legal
form, in Chinese and English), so that search, pinyin and sorting meet the
same variety as on a real site. Every record made here is marked
`is_synthetic`; `remove_demo_data` deletes exactly those, and open-data dumps
leave them out (`exclude_synthetic`).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from registry.models import (
    Award,
    Membership,
    Organization,
    Program,
    Recognition,
    Sector,
)
from registry.search.names import build_search_key

# Places of Pudong and around it: (Chinese, English).
PLACES = [
    ("张江", "Zhangjiang"), ("金桥", "Jinqiao"), ("陆家嘴", "Lujiazui"),
    ("外高桥", "Waigaoqiao"), ("川沙", "Chuansha"), ("周浦", "Zhoupu"),
    ("康桥", "Kangqiao"), ("唐镇", "Tangzhen"), ("惠南", "Huinan"),
    ("临港", "Lingang"), ("北蔡", "Beicai"), ("高行", "Gaohang"),
    ("三林", "Sanlin"), ("洋泾", "Yangjing"), ("花木", "Huamu"),
    ("航头", "Hangtou"), ("新场", "Xinchang"), ("祝桥", "Zhuqiao"),
    ("曹路", "Caolu"), ("合庆", "Heqing"), ("高桥", "Gaoqiao"),
    ("塘桥", "Tangqiao"), ("金杨", "Jinyang"), ("浦东", "Pudong"),
    ("上海", "Shanghai"), ("浦江", "Pujiang"), ("申江", "Shenjiang"),
    ("世博", "Shibo"),
]  # fmt: skip
# Trade names, some of them read like a founder's name.
TRADE_NAMES = [
    ("华信", "Huaxin"), ("恒瑞", "Hengrui"), ("联创", "Lianchuang"),
    ("博远", "Boyuan"), ("启明", "Qiming"), ("瑞丰", "Ruifeng"),
    ("致远", "Zhiyuan"), ("中科", "Zhongke"), ("东方", "Dongfang"),
    ("天翼", "Tianyi"), ("宏图", "Hongtu"), ("新程", "Xincheng"),
    ("远景", "Yuanjing"), ("星辰", "Xingchen"), ("微创", "Weichuang"),
    ("海纳", "Haina"), ("晨光", "Chenguang"), ("鼎新", "Dingxin"),
    ("智汇", "Zhihui"), ("睿思", "Ruisi"), ("云帆", "Yunfan"),
    ("嘉和", "Jiahe"), ("安泰", "Antai"), ("李政", "Lizheng"),
    ("王博", "Wangbo"), ("陈氏", "Chenshi"), ("银河", "Yinhe"),
    ("长风", "Changfeng"), ("百济", "Baiji"), ("君实", "Junshi"),
]  # fmt: skip
INDUSTRIES = [
    ("量子", "Quantum"), ("生物医药", "Biopharma"),
    ("集成电路", "Integrated Circuit"), ("人工智能", "Artificial Intelligence"),
    ("芯片", "Chip"), ("新能源", "New Energy"), ("机器人", "Robotics"),
    ("医疗器械", "Medical Devices"), ("数据", "Data"),
    ("云计算", "Cloud Computing"), ("光电", "Optoelectronics"),
    ("新材料", "Advanced Materials"), ("航空航天", "Aerospace"),
    ("基因", "Genomics"), ("软件", "Software"), ("物联网", "IoT"),
    ("智能制造", "Smart Manufacturing"), ("金融科技", "Fintech"),
    ("生物科技", "Biotech"), ("精密仪器", "Precision Instruments"),
    ("储能", "Energy Storage"), ("自动驾驶", "Autonomous Driving"),
    ("传感器", "Sensors"), ("区块链", "Blockchain"),
]  # fmt: skip
K = Organization.Kind
LEGAL_FORMS = {
    K.ENTERPRISE: [
        ("科技有限公司", "Technology Co., Ltd."),
        ("股份有限公司", "Co., Ltd."),
        ("技术有限公司", "Technologies Co., Ltd."),
        ("集团有限公司", "Group Co., Ltd."),
    ],
    K.INNOVATION_UNIT: [("创新中心", "Innovation Center"), ("研发中心", "R&D Center")],
    K.INCUBATOR: [("孵化器", "Incubator"), ("众创空间", "Maker Space")],
    K.RD_INSTITUTION: [("研究院", "Research Institute"), ("研究所", "Institute")],
    K.UNIVERSITY: [("学院", "College")],
}
# Mostly firms, as in the program; one in ten is an institution.
KIND_WEIGHTS = {
    K.ENTERPRISE: 80,
    K.INNOVATION_UNIT: 10,
    K.INCUBATOR: 4,
    K.RD_INSTITUTION: 5,
    K.UNIVERSITY: 1,
}
OWNERSHIPS = [("domestic", ""), ("foreign", "US"), ("foreign", "DE"),
              ("joint_venture", "JP"), ("", "")]  # fmt: skip
BATCH_SIZE = 2000


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    memberships: int
    recognitions: int


def _names(rng: random.Random, kind: str) -> tuple[str, str, str]:
    """(English name, Chinese name, aliases) of a made-up organization."""
    place, trade, industry = (
        rng.choice(PLACES),
        rng.choice(TRADE_NAMES),
        rng.choice(INDUSTRIES),
    )
    form = rng.choice(LEGAL_FORMS[kind])
    name_zh = f"{place[0]}{trade[0]}{industry[0]}{form[0]}"
    name_en = f"{place[1]} {trade[1]} {industry[1]} {form[1]}"
    aliases = f"{trade[0]}{industry[0]}" if rng.random() < 0.3 else ""
    shape = rng.random()
    if shape < 0.1:  # known only by its Chinese name
        name_en = ""
    elif shape < 0.15:  # a foreign firm known by its English name
        name_zh = ""
    return name_en, name_zh, aliases


def _organization(rng: random.Random, serial: int) -> Organization:
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    name_en, name_zh, aliases = _names(rng, kind)
    ownership, country = rng.choice(OWNERSHIPS)
    base = slugify(name_en or " ".join(lazy_pinyin(name_zh))) or "organization"
    return Organization(
        slug=f"{base[:64].strip('-')}-d{serial}",
        name_en=name_en,
        name_zh=name_zh,
        aliases=aliases,
        search_key=build_search_key(name_en, name_zh, aliases),
        kind=kind,
        ownership=ownership,
        investor_country=country,
        established_year=rng.randint(1995, 2025),
        district="pudong" if rng.random() < 0.9 else "minhang",
        address_zh=f"上海市浦东新区{rng.choice(PLACES)[0]}路{rng.randint(1, 999)}号",
        is_synthetic=True,
    )


def _sectors() -> list[Sector]:
    """The registry's sectors; made-up ones (marked) only when it has none."""
    sectors = list(Sector.objects.all())
    if sectors:
        return sectors
    made_up = [
        Sector(slug=f"demo-{slugify(en)}", name_en=en, name_zh=zh, is_synthetic=True)
        for zh, en in INDUSTRIES[:8]
    ]
    return Sector.objects.bulk_create(made_up)


def _membership(rng: random.Random, organization, program, serial: int):
    """Every other organization is a current member; some others have left."""
    start = datetime.date(2021, 7, 1)
    joined = start + datetime.timedelta(days=rng.randint(0, 1800))
    if serial % 2 == 0:
        return Membership(
            organization=organization,
            program=program,
            joined_on=joined if rng.random() < 0.9 else None,
            status=Membership.Status.ACTIVE,
        )
    if rng.random() < 0.2:
        return Membership(
            organization=organization,
            program=program,
            joined_on=joined,
            left_on=joined + datetime.timedelta(days=rng.randint(30, 700)),
            status=Membership.Status.ENDED,
        )
    return None


def _recognition(rng: random.Random, organization, awards, now):
    if not awards or rng.random() >= 0.05:
        return None
    embargoed = rng.random() < 0.05
    return Recognition(
        award=rng.choice(awards),
        organization=organization,
        year=rng.randint(2021, 2025),
        publish_at=now + datetime.timedelta(days=30) if embargoed else None,
    )


def generate_demo_data(
    *,
    organizations: int,
    seed: int = 2024,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Add `organizations` synthetic organizations, with their related records.

    Half of them are current members of `program`; each works in one or two
    sectors; one in twenty holds an award. Written in batches with
    `bulk_create`, each batch in its own transaction.
    """
    program = Program.objects.filter(code="GOI").first() or Program.objects.first()
    if program is None:
        raise ValueError("The registry has no program; load the seed first.")
    # Made-up names for demonstrations, repeatable from a seed: nothing secret.
    rng = random.Random(seed)  # nosec B311
    sectors = _sectors()
    awards = list(Award.objects.all())
    through = Organization.sectors.through
    now = timezone.now()
    offset = Organization.objects.synthetic().count()
    totals = [0, 0, 0]
    for first in range(0, organizations, BATCH_SIZE):
        serials = range(offset + first, offset + min(first + BATCH_SIZE, organizations))
        with transaction.atomic():
            batch = Organization.objects.bulk_create(
                [_organization(rng, serial) for serial in serials]
            )
            memberships, recognitions, links = [], [], []
            for serial, organization in zip(serials, batch, strict=True):
                membership = _membership(rng, organization, program, serial)
                if membership:
                    memberships.append(membership)
                recognition = _recognition(rng, organization, awards, now)
                if recognition:
                    recognitions.append(recognition)
                picked = rng.sample(sectors, k=min(len(sectors), rng.randint(1, 2)))
                for sector in picked:
                    links.append(
                        through(organization_id=organization.pk, sector_id=sector.pk)
                    )
            Membership.objects.bulk_create(memberships)
            Recognition.objects.bulk_create(recognitions)
            through.objects.bulk_create(links)
        totals = [
            totals[0] + len(batch),
            totals[1] + len(memberships),
            totals[2] + len(recognitions),
        ]
        if progress:
            progress(len(batch))
    return DemoSummary(*totals)


def remove_demo_data() -> int:
    """Delete every synthetic record and nothing else; return how many organizations.

    Related rows go first, each in one statement, so that no organization is
    loaded into memory one by one.
    """
    synthetic = Organization.objects.synthetic()
    with transaction.atomic():
        Recognition.objects.filter(organization__in=synthetic).delete()
        Membership.objects.filter(organization__in=synthetic).delete()
        Organization.sectors.through.objects.filter(organization__in=synthetic).delete()
        Organization.objects.filter(parent__in=synthetic).update(parent=None)
        count = synthetic.count()
        synthetic.delete()
        Sector.objects.synthetic().filter(organizations__isnull=True).delete()
    return count
