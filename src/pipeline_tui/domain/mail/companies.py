"""Who sends mail about applications: applicant-tracking and job-board domains (never the
employer), free mail providers, and company names compared with aliases, width and case folded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from pipeline_tui.domain.text import fold

# Senders that send on behalf of employers: their domain is never the employer's.
ATS_DOMAINS: tuple[str, ...] = (
    "greenhouse-mail.io", "greenhouse.io", "hire.lever.co", "lever.co", "ashbyhq.com",
    "myworkday.com", "myworkdayjobs.com", "workday.com", "smartrecruiters.com", "icims.com",
    "hackerrank.com", "hackerrankforwork.com", "codility.com", "codesignal.com", "hirevue.com",
    "karat.io", "karat.com", "coderpad.io", "testgorilla.com", "jobvite.com", "taleo.net",
    "successfactors.com", "successfactors.eu", "bamboohr.com", "workable.com", "recruitee.com",
    "teamtailor.com", "jazzhr.com", "breezy.hr", "personio.de", "rippling.com", "gem.com",
    "mokahr.com", "beisen.com", "hotjob.cn", "dayee.com", "zhaopin.com", "51job.com",
    "linkedin.com", "indeed.com", "glassdoor.com", "zhipin.com", "liepin.com", "nowcoder.com",
    "calendly.com", "docusign.net", "goodtime.io", "modernloop.io", "eightfold.ai",
    "phenompeople.com", "avature.net", "oraclecloud.com", "brassring.com", "shl.com",
)  # fmt: skip
FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "qq.com",
        "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
        "aliyun.com", "139.com", "google.com", "apple.com", "email.apple.com",
    }
)  # fmt: skip
# Display names that name a platform, not an employer.
PLATFORM_NAMES: frozenset[str] = frozenset(
    {
        "hackerrank", "codility", "codesignal", "hirevue", "linkedin", "indeed", "glassdoor",
        "greenhouse", "lever", "ashby", "workday", "icims", "smartrecruiters", "karat",
        "googlecalendar", "maildeliverysubsystem", "mailerdaemon", "postmaster", "boss直聘",
        "猎聘网", "猎聘", "牛客网", "牛客", "智联招聘", "前程无忧", "moka", "北森", "deals",
        "linkedinjobalerts", "glassdoorjobs", "noreply", "noreplies", "notifications",
    }
)  # fmt: skip
# Well-known employers under more than one name; config.toml's company_aliases adds more.
BUILT_IN_ALIASES: dict[str, tuple[str, ...]] = {
    "ByteDance": ("字节跳动", "字节", "抖音集团", "Bytedance Ltd"),
    "Alibaba": ("阿里巴巴", "阿里巴巴集团", "阿里", "Alibaba Group"),
    "Tencent": ("腾讯", "腾讯科技"),
    "Baidu": ("百度",),
    "Meituan": ("美团",),
    "Huawei": ("华为", "华为技术"),
    "JD": ("京东", "京东集团", "JD.com"),
    "NetEase": ("网易",),
    "Kuaishou": ("快手",),
    "Xiaohongshu": ("小红书", "RED"),
    "PDD": ("拼多多", "Pinduoduo", "Temu"),
    "NIO": ("蔚来", "蔚来汽车"),
    "Li Auto": ("理想汽车", "理想", "Lixiang"),
    "Xiaomi": ("小米",),
    "Zhipu AI": ("智谱AI", "智谱", "Zhipu"),
    "Moonshot AI": ("月之暗面",),
    "DiDi": ("滴滴", "滴滴出行"),
    "Ant Group": ("蚂蚁集团",),
    "SenseTime": ("商汤", "商汤科技"),
    "iFlytek": ("科大讯飞",),
    "Bilibili": ("哔哩哔哩", "B站"),
    "Microsoft": ("微软",),
    "Google": ("谷歌",),
    "Amazon": ("亚马逊", "AWS"),
}
_LEGAL = re.compile(
    r"[\s,.]*\b(?:inc|incorporated|ltd|limited|llc|plc|gmbh|ag|corp|corporation|co|company"
    r"|group|holdings|technologies|technology|pte)\b\.?$"
    r"|(?:股份)?有限公司$|(?:集团|科技|公司)$",
    re.IGNORECASE,
)
_NOT_KEY = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def company_fold(name: str) -> str:
    """Return the key two spellings of one employer share: width and case folded, spaces,
    punctuation and legal suffixes ("Inc.", "有限公司", "Group") removed."""
    text = fold(name).strip()
    for _ in range(3):
        shorter = _LEGAL.sub("", text).strip()
        if shorter == text or not shorter:
            break
        text = shorter
    return _NOT_KEY.sub("", text)


def is_ats(domain: str) -> bool:
    """True for a domain (or subdomain) of an applicant-tracking system or job board."""
    return any(domain == item or domain.endswith("." + item) for item in ATS_DOMAINS)


def is_free_mail(domain: str) -> bool:
    """True for a personal mail provider's domain (its label names no employer)."""
    return domain in FREE_MAIL_DOMAINS


_SECOND_LEVEL = frozenset({"com", "net", "org", "co", "ac", "edu", "gov"})


def domain_label(domain: str) -> str:
    """Return the label that names an organisation: "mail.bytedance.net" -> "bytedance",
    "acme.co.uk" -> "acme"."""
    parts = [part for part in domain.lower().split(".") if part]
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        parts = parts[:-2]
    elif len(parts) >= 2:
        parts = parts[:-1]
    return parts[-1] if parts else ""


class Aliases:
    """Company names that mean one employer, compared by company_fold."""

    def __init__(self, groups: Mapping[str, Iterable[str]] | None = None) -> None:
        self._canonical: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        for canonical, others in {**BUILT_IN_ALIASES, **(groups or {})}.items():
            self.add(canonical, others)

    def add(self, canonical: str, others: Iterable[str]) -> None:
        """Make every name in others mean canonical."""
        key = company_fold(canonical)
        if not key:
            return
        root = self._canonical.get(key, key)
        self._canonical[key] = root
        names = self._names.setdefault(root, [canonical])
        for name in others:
            other = company_fold(name)
            if other and other not in self._canonical:
                self._canonical[other] = root
                names.append(name)

    def key(self, name: str) -> str:
        """Return the key that every alias of name shares."""
        folded = company_fold(name)
        return self._canonical.get(folded, folded)

    def same(self, first: str, second: str) -> bool:
        """True when both names mean the same employer."""
        one, two = self.key(first), self.key(second)
        return bool(one) and one == two

    def names(self, name: str) -> list[str]:
        """Return name and every alias of it."""
        return [name, *self._names.get(self.key(name), [])]
