"""A realistic synthetic job search for demos, screenshots and benchmarks.

The shape follows docs/CONTEXT: hundreds of CVs a week mostly through job boards, replies from a
few percent (far more for referrals and headhunters), interview rounds that thin out, a few offers
in SSP / SP / ordinary tiers, rejections at every level, withdrawals and silence. The same size,
seed and today always give the same search.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from pipeline_tui.domain.models import EventKind
from pipeline_tui.domain.stages import Stage

_T = TypeVar("_T")

# How far back the search starts, in days before today.
WINDOW_DAYS = 240


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """One entry of a demo application's history, in the order it would have been recorded."""

    kind: EventKind
    stage: Stage
    round: int | None
    occurred_on: date
    note: str | None


@dataclass(frozen=True, slots=True)
class DemoApplication:
    """A demo application with its history."""

    company: str
    role: str
    department: str | None
    location: str | None
    source: str
    program: str | None
    campaign: str
    notes: str | None
    events: tuple[DemoEvent, ...]
    cv: str | None = None
    letter: str | None = None


@dataclass(frozen=True, slots=True)
class _Company:
    name: str
    weight: int
    departments: tuple[str, ...]
    program: str | None = None


_COMPANIES = (
    _Company("ByteDance", 9, ("Seed", "TikTok", "Doubao", "Lark"), "Top Seed"),
    _Company("字节跳动", 7, ("抖音", "火山引擎", "飞书", "Seed"), "Top Seed"),
    _Company("Alibaba", 6, ("Tongyi Lab", "Taobao", "Alibaba Cloud")),
    _Company("阿里巴巴", 6, ("通义实验室", "淘天集团", "阿里云")),
    _Company("Baidu", 5, ("ERNIE", "Search", "Apollo"), "AIDU"),
    _Company("百度", 4, ("文心一言", "智能驾驶", "搜索")),
    _Company("Tencent", 6, ("Hunyuan", "WeChat", "IEG"), "Qingyun"),
    _Company("腾讯", 5, ("混元", "微信事业群", "互动娱乐")),
    _Company("Meituan", 5, ("Search", "Dianping", "Autonomous Delivery"), "Beidou"),
    _Company("美团", 4, ("基础研发平台", "到店事业群")),
    _Company("Huawei", 6, ("Noah's Ark Lab", "2012 Labs", "Cloud"), "Genius Youth"),
    _Company("华为", 5, ("诺亚方舟实验室", "2012实验室", "终端BG")),
    _Company("Kuaishou", 4, ("Kling", "Recommendation")),
    _Company("快手", 3, ("可灵", "商业化")),
    _Company("JD.com", 3, ("JD Explore Academy", "Retail")),
    _Company("京东", 3, ("京东探索研究院", "零售")),
    _Company("Xiaomi", 3, ("MiLM", "Autonomous Driving")),
    _Company("小米", 3, ("大模型团队", "汽车")),
    _Company("NetEase", 2, ("Fuxi Lab", "Youdao")),
    _Company("网易", 2, ("伏羲实验室", "有道")),
    _Company("Pinduoduo", 2, ("Temu", "Search")),
    _Company("Ant Group", 3, ("Bailing", "Risk")),
    _Company("蚂蚁集团", 2, ("百灵大模型", "风控")),
    _Company("Moonshot AI", 2, ("Kimi",)),
    _Company("月之暗面", 2, ("Kimi",)),
    _Company("Zhipu AI", 2, ("GLM",)),
    _Company("智谱", 2, ("GLM",)),
    _Company("MiniMax", 2, ("Foundation Models",)),
    _Company("SenseTime", 2, ("SenseNova",)),
    _Company("科大讯飞", 2, ("讯飞星火",)),
    _Company("DJI", 1, ("Perception",)),
    _Company("大疆", 1, ("感知算法",)),
    _Company("NIO", 1, ("Autonomous Driving",)),
    _Company("理想汽车", 2, ("智能驾驶",)),
    _Company("XPeng", 1, ("XNGP",)),
    _Company("比亚迪", 2, ("智能化",)),
    _Company("Horizon Robotics", 1, ("Algorithms",)),
    _Company("宇树科技", 1, ("机器人算法",)),
    _Company("Microsoft Research Asia", 1, ("NLC",)),
)
_ROLES = (
    ("LLM algorithm engineer", 8),
    ("大模型算法工程师", 8),
    ("算法工程师", 6),
    ("Search ranking engineer", 3),
    ("推荐算法工程师", 4),
    ("NLP researcher", 3),
    ("多模态算法工程师", 3),
    ("ML infrastructure engineer", 2),
    ("AI test engineer", 2),
    ("测试开发工程师", 2),
    ("Robotics algorithm engineer", 1),
    ("自动驾驶算法工程师", 2),
    ("Data scientist", 1),
)
_LOCATIONS = ("北京", "上海", "杭州", "深圳", "Beijing", "Shanghai", "Hangzhou", "Remote")


@dataclass(frozen=True, slots=True)
class _Source:
    name: str
    weight: int
    reply_rate: float
    campus: bool = False


# Job boards send most CVs and hear back least; referrals and headhunters the reverse.
_SOURCES = (
    _Source("Boss直聘", 30, 0.05),
    _Source("LinkedIn", 10, 0.035),
    _Source("猎聘", 8, 0.05),
    _Source("脉脉", 6, 0.04),
    _Source("company site", 14, 0.04),
    _Source("campus", 16, 0.08, campus=True),
    _Source("job fair", 3, 0.10, campus=True),
    _Source("talent programme", 3, 0.10, campus=True),
    _Source("referral", 6, 0.25),
    _Source("headhunter", 4, 0.30),
)
_CV_NOTES = ("CV v2 (research)", "CV v3 (LLM focus)", "简历 v4 (工程向)", "CV v5 (testing)")
# The CV version a note names is the version sent.
_NOTED_CV = dict(zip(_CV_NOTES, ("v2", "v3", "v4", "v5"), strict=True))
_SCREEN_NOTES = ("HR call", "online assessment", "phone screen", "笔试", "HR 电话", None, None)
_OFFER_TIERS = (
    ("SSP", 20, "SSP offer, about 700k/yr"),
    ("SP", 35, "SP offer, about 550k/yr"),
    ("ordinary", 45, "ordinary offer, about 400k/yr (26k x 16)"),
)
# Chance of being invited to another interview round after round n (index n - 1).
_NEXT_ROUND = (0.62, 0.55, 0.45, 0.3, 0.0)


def _campaign(source: _Source, day: date) -> str:
    if source.campus:
        season = "autumn" if day.month >= 7 else "spring"
        return f"{day.year} {season} campus"
    return f"{day.year} social"


def _day_weights(start: date, days: int) -> list[float]:
    """Weights for submission days: fewer CVs at weekends, more in the campus peak months."""
    weights = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        weight = 1.0 if day.weekday() < 5 else 0.35
        if day.month in (9, 10):
            weight *= 1.6
        elif day.month in (3, 4):
            weight *= 1.3
        weights.append(weight)
    return weights


def _pick(rng: random.Random, items: Sequence[_T], cumulative: list[float]) -> _T:
    """Return rng.choices(items, cum_weights=cumulative)[0], without its per-call overhead."""
    return items[bisect(cumulative, rng.random() * cumulative[-1], 0, len(items) - 1)]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class _Story:
    """Builds one application's history; events past today are cut off."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.events: list[DemoEvent] = []
        self.open = True

    def after(self, day: date, low: int, typical: int) -> date:
        """A day at least low days after day, typically typical days after."""
        return day + timedelta(days=low + int(self.rng.expovariate(1 / max(typical - low, 1))))

    def add(
        self, stage: Stage, day: date, *, round: int | None = None, note: str | None = None
    ) -> bool:
        """Record a stage event unless it lies in the future; False once the story has stopped."""
        if not self.open:
            return False
        # A scheduled interview within the coming week is kept: it is what "upcoming" shows.
        scheduled = stage is Stage.INTERVIEW and day <= self.today + timedelta(days=7)
        if day > self.today and not scheduled:
            self.open = False
            return False
        self.events.append(DemoEvent("stage", stage, round, day, note))
        if day > self.today:
            self.open = False
        return self.open


def _interviews(story: _Story, day: date) -> None:
    rng = story.rng
    number = 1
    while True:
        if not story.add(Stage.INTERVIEW, day, round=number):
            return
        day = story.after(day, 2, 6)
        if rng.random() >= _NEXT_ROUND[min(number, len(_NEXT_ROUND)) - 1]:
            break
        number += 1
    roll = rng.random()
    offer_chance = 0.05 if number == 1 else 0.4
    if roll < offer_chance:
        tier = rng.choices(_OFFER_TIERS, weights=[weight for _, weight, _ in _OFFER_TIERS])[0]
        if not story.add(Stage.OFFER, day, note=tier[2]):
            return
        decided = story.after(day, 2, 8)
        choice = rng.random()
        if choice < 0.2:
            story.add(Stage.ACCEPTED, decided)
        elif choice < 0.7:
            story.add(Stage.DECLINED, decided, note="took a competing offer")
        elif choice < 0.74:
            story.add(Stage.REJECTED, decided, note="offer withdrawn by the company")
    elif roll < offer_chance + 0.45:
        story.add(Stage.REJECTED, day, note=f"after round {number}")
    elif roll < offer_chance + 0.55:
        story.add(Stage.GHOSTED, story.after(day, 21, 35))
    elif roll < offer_chance + 0.6:
        story.add(Stage.WITHDRAWN, day, note="accepted another process")


def _history(rng: random.Random, today: date, applied: date, source: _Source) -> list[DemoEvent]:
    story = _Story(rng, today)
    if rng.random() < 0.04:
        saved = applied - timedelta(days=rng.randint(1, 10))
        story.add(Stage.SAVED, saved)
        if rng.random() < 0.5 or applied > today:
            return story.events
    story.add(Stage.SUBMITTED, applied)
    if rng.random() < source.reply_rate:
        answered = story.after(applied, 1, 8)
        if rng.random() < 0.35:
            story.add(Stage.REJECTED, answered)
        elif story.add(Stage.SCREENING, answered, note=rng.choice(_SCREEN_NOTES)):
            next_step = story.after(answered, 2, 6)
            roll = rng.random()
            if roll < 0.5:
                _interviews(story, next_step)
            elif roll < 0.72:
                story.add(Stage.REJECTED, next_step)
            elif roll < 0.8:
                story.add(Stage.WITHDRAWN, next_step)
    else:
        roll = rng.random()
        if roll < 0.06:
            story.add(Stage.GHOSTED, story.after(applied, 30, 45))
        elif roll < 0.08:
            story.add(Stage.WITHDRAWN, story.after(applied, 5, 15), note="no longer interested")
    events = story.events
    if rng.random() < 0.08:
        followed_up = applied + timedelta(days=rng.randint(7, 14))
        unanswered = all(
            event.stage in (Stage.SAVED, Stage.SUBMITTED)
            for event in events
            if event.occurred_on <= followed_up
        )
        if followed_up <= today and unanswered:
            events = _with_note(events, followed_up, "followed up by email")
    return events


def _with_note(events: list[DemoEvent], day: date, text: str) -> list[DemoEvent]:
    """Insert a note on day, carrying the stage the application had then (as `note` does)."""
    before = [event for event in events if event.occurred_on <= day]
    after = [event for event in events if event.occurred_on > day]
    stage = before[-1].stage if before else events[0].stage
    return [*before, DemoEvent("note", stage, None, day, text), *after]


# Stages that mean the employer answered (domain.funnel.REPLY_STAGES).
_ANSWERS = frozenset(
    {Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.ACCEPTED, Stage.DECLINED, Stage.REJECTED}
)


def _versions(
    rng: random.Random, events: Sequence[DemoEvent], notes: str | None
) -> tuple[str | None, str | None]:
    """Pick the CV and letter versions sent: the one a note names, else v3 (LLM focus), which is
    answered about twice as often as v2 (a difference the funnel can show), or none recorded;
    the letters make no difference."""
    roll, pick, letter = rng.random(), rng.random(), rng.choice(("L1", "L2", None, None))
    if notes in _NOTED_CV:
        return _NOTED_CV[notes], letter
    if roll < 0.1:
        return None, letter
    answered = any(event.stage in _ANSWERS for event in events)
    return ("v3" if pick < (0.65 if answered else 0.45) else "v2"), letter


def generate(size: int, seed: int, today: date) -> Iterator[DemoApplication]:
    """Yield size demo applications submitted over the WINDOW_DAYS before today."""
    rng = random.Random(f"pipeline-tui demo {seed}")
    # A second stream for the versions, so adding them left the rest of the search unchanged.
    version_rng = random.Random(f"pipeline-tui demo versions {seed}")
    start = today - timedelta(days=WINDOW_DAYS - 1)
    day_weights = _cumulative(_day_weights(start, WINDOW_DAYS))
    company_weights = _cumulative([float(company.weight) for company in _COMPANIES])
    source_weights = _cumulative([float(source.weight) for source in _SOURCES])
    role_weights = _cumulative([float(weight) for _, weight in _ROLES])
    programme_companies = [company for company in _COMPANIES if company.program]
    for _ in range(size):
        applied = start + timedelta(days=_pick(rng, range(WINDOW_DAYS), day_weights))
        source = _pick(rng, _SOURCES, source_weights)
        if source.name == "talent programme":
            company = rng.choice(programme_companies)
        else:
            company = _pick(rng, _COMPANIES, company_weights)
        role = _pick(rng, _ROLES, role_weights)[0]
        department = rng.choice(company.departments) if rng.random() < 0.8 else None
        location = rng.choice(_LOCATIONS)
        notes = rng.choice(_CV_NOTES) if rng.random() < 0.3 else None
        events = tuple(_history(rng, today, applied, source))
        cv, letter = _versions(version_rng, events, notes)
        yield DemoApplication(
            company=company.name,
            role=role,
            department=department,
            location=location,
            source=source.name,
            program=company.program if source.name == "talent programme" else None,
            campaign=_campaign(source, applied),
            notes=notes,
            events=events,
            cv=cv,
            letter=letter,
        )
