"""The classifier's rules, as data: each has a name, the kind it names, a confidence, and where
it looks. docs/mail.md explains how to add one.

How they combine (classify.py): every rule is tried, and among those that fire the one of the
highest precedence wins, then the most confident. Precedence follows the funnel (a rejection
outranks an interview, which outranks an assessment, a screening, then a confirmation),
because later mail mentions earlier steps ("thank you for completing the assessment; we would
like to invite you to an interview") and seldom the reverse. `other` rules say where they
stand with `over`: a verification code always wins, a job alert outranks an interview it
lists, a survey only decides when nothing else fires.

A body match counts only inside a plain statement: a sentence that says "if", "should we",
"may", "once", "如果", "若" ... ("If we decide not to move forward, we will tell you") or gives
advice ("how to", "面经") proves nothing, so confirmations and newsletters that mention
rejections and interviews are not taken for them. `affirmative` rules also skip sentences
with a negation ("we will not be extending an offer"); `near` asks for a second pattern in the
same sentence (an interview with a day or time).

Rejections need strong evidence: a phrase that states the decision about this application.
"Unfortunately", "regret" or "很遗憾" alone never make one (confirmations say "unfortunately we
cannot reply to everyone").

The confidence is how often a rule is right when it fires; `pipeline mail --apply-confident`
records proposals at or above `mail_confidence` (0.9) without asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class MailKind(StrEnum):
    """What a message is about."""

    CONFIRMATION = "confirmation"
    SCREENING = "screening"
    ASSESSMENT = "assessment"
    INTERVIEW = "interview"
    OFFER = "offer"
    REJECTION = "rejection"
    OTHER = "other"


# A kind's precedence: among the rules that fire, the highest wins (`other` rules set theirs).
PRECEDENCE: dict[MailKind, int] = {
    MailKind.OTHER: 0,
    MailKind.CONFIRMATION: 10,
    MailKind.SCREENING: 20,
    MailKind.ASSESSMENT: 30,
    MailKind.INTERVIEW: 40,
    MailKind.OFFER: 50,
    MailKind.REJECTION: 60,
}

Where = Literal["subject", "body", "text", "sender"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern that names a kind.

    pattern: a regular expression (case ignored) searched in `where`: the subject, the body,
    both ("text"), or the sender's name and address. near: an expression that must be found
    in the same sentence. also: one that must be found somewhere in the subject or body.
    unless: one that, found anywhere in them, stops the rule. stated: the sentence must be
    neither conditional nor advice; affirmative: it must hold no negation. over: the rule's
    precedence (default: its kind's, from PRECEDENCE).
    """

    name: str
    kind: MailKind
    confidence: float
    pattern: str
    where: Where = "text"
    near: str | None = None
    also: str | None = None
    unless: str | None = None
    stated: bool = True
    affirmative: bool = False
    over: int | None = None
    lang: str = "en"

    @property
    def precedence(self) -> int:
        """Where the rule stands when several fire."""
        return self.over if self.over is not None else PRECEDENCE[self.kind]


K = MailKind

# Words that make a sentence hypothetical, or advice rather than news.
CONDITIONAL = (
    r"\bif\b|\bshould (?:we|you|your|there|the|it)\b|\bwhether\b|\bin case\b|\bunless\b"
    r"|\bonce\b|\bmay\b|\bmight\b|\busually\b|\btypically\b|\bwhat to do\b|\bhow to\b"
    r"|\bwhen (?:they|you|a company|an employer|companies|employers)\b"
    r"|\btips?\b|\bmistakes\b|\bpreparing for\b|\bpractis|\bpractic|\bchecklist\b"
    r"|\b(?:applicants|candidates|those|anyone|people|everyone) who\b"
    r"|(?<!亲爱)的(?:同学|候选人|申请人|简历)(?:将|会|不|，|,)|者将"
    r"|如果|若|如您|如你|如简历|如有|如未|如通过|一旦|是否|如何|怎么|技巧|攻略|面经|真题"
)
# Words that deny what a sentence would otherwise say.
NEGATION = (
    r"\bnot\b|n't\b|\bunable\b|\bno longer\b|\bnever\b|\bregret\b|\bunfortunately\b"
    r"|未|没有|没能|不予|无法|不能|遗憾|抱歉"
)
# A day or a time of day in a sentence: what makes "interview" an appointment.
_WHEN = (
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec)[a-z]*\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    r"|\b\d{1,2}(?::\d{2})? ?(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\btomorrow\b|\bnext week\b"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|周[一二三四五六日]|星期[一二三四五六日天]|上午|下午|晚上|\d{1,2}\s*点|明天"
)

_APPLICATION = r"(?:your (?:application|candidacy|profile|candidature|cv|resume)|you)"
_DECIDED_NOT = r"(?:decided|decision|chosen|elected|determined) (?:not to|to not)"
_GO_ON = (
    r"(?:move|moving|proceed|proceeding|progress|progressing|continue|continuing|pursue"
    r"|advance|advancing)"
)
_ONWARD = r"(?: forward| ahead| further)?"
_OTHERS = r"(?:other|another|different|more suitable|stronger) (?:candidate|applicant|profile)s?"
_NO_OFFER = (
    r"(?:unable|not be able|not able|cannot|can't|won't|will not) (?:be able )?to"
    r" (?:offer|extend|make)"
)
_PERSON_ROLE = r"(?:position|role|job|post|vacancy|opportunity|opening)"
_ZH_STEP = r"(?:面试|笔试|筛选|简历筛选|评估|考核|测评|下一轮|下一环节|下一阶段|后续(?:环节|流程)?)"

RULES: tuple[Rule, ...] = (
    # --- rejection: the decision stated about this application ---------------------------
    Rule("rejection.decided-not-to-proceed", K.REJECTION, 0.97,
         rf"{_DECIDED_NOT} (?:{_GO_ON}){_ONWARD}(?: with {_APPLICATION})?"),
    Rule("rejection.not-moving-forward", K.REJECTION, 0.97,
         rf"(?:will not|won't|will no longer|are not|aren't|not be|cannot|can't|unable to)"
         rf" (?:be )?(?:{_GO_ON}){_ONWARD}(?: to the next (?:stage|step|round))?"
         rf" with {_APPLICATION}"),
    Rule("rejection.other-candidates", K.REJECTION, 0.96,
         rf"(?:{_GO_ON}|go|going|decided to (?:{_GO_ON}|go)){_ONWARD} with {_OTHERS}"
         rf"|(?:decided|chosen|elected) to (?:{_GO_ON}|go){_ONWARD} with (?:the )?candidates"
         rf"|(?:decided|chosen|elected) to (?:pursue|consider|interview|hire|select) {_OTHERS}"
         r"|(?:decided to |chosen to |will )?go (?:in|with) a different direction"
         r"|(?:selected|chosen|hired|offered the (?:position|role) to) (?:another|a different"
         r"|an?other|a more suitable) (?:candidate|applicant|person)"),
    Rule("rejection.not-selected", K.REJECTION, 0.97,
         r"(?:have|has|were|was)(?: not been| not)(?: been)? (?:selected|successful|shortlisted"
         r"|chosen)|(?:application|candidacy) (?:was|has been|is|were) (?:not successful"
         r"|unsuccessful|not selected)|your application (?:has been|was) declined"
         r"|your application has been unsuccessful|(?:you|your application) (?:have|has|were"
         r"|was)(?: been)? unsuccessful|not been invited to (?:the )?(?:next|interview)"
         r"|(?:will not|won't) be inviting you"),
    Rule("rejection.no-longer-considered", K.REJECTION, 0.96,
         r"no longer (?:under consideration|being considered|considered|in consideration)"),
    Rule("rejection.cannot-consider", K.REJECTION, 0.95,
         r"(?:unable|not able|cannot|can't|will not be able) to (?:consider|progress|continue"
         r" with|take forward) your (?:application|candidacy)"),
    Rule("rejection.no-offer", K.REJECTION, 0.96,
         rf"(?:unable|not be able|not able|cannot|can't|won't|will not) (?:be able )?to"
         rf" (?:offer you|extend (?:you )?an offer)(?: the| this| a)?(?: \w+){{0,8}}?"
         rf" {_PERSON_ROLE}|(?:unable|not able|cannot) to offer you (?:a|the|this)"
         rf" {_PERSON_ROLE}|(?:will not|won't) be (?:extending|making) (?:you )?an offer"),
    Rule("rejection.position-filled", K.REJECTION, 0.92,
         rf"(?:the )?{_PERSON_ROLE} (?:has|have) (?:now )?been filled"
         rf"|(?:have|'ve) (?:now )?filled the {_PERSON_ROLE}"),
    Rule("rejection.does-not-match", K.REJECTION, 0.9,
         r"(?:profile|background|experience|qualifications|skills) (?:does not|doesn't|did not"
         r"|do not|don't) (?:match|meet|fit|align with) (?:our|the) (?:current )?(?:requirements"
         r"|needs|criteria)"),
    Rule("rejection.not-progressing", K.REJECTION, 0.95,
         r"will not be progressing(?: further| your application)?|not (?:be )?taking your"
         r" application (?:any )?(?:further|forward)"),
    Rule("rejection.zh-not-passed", K.REJECTION, 0.96,
         rf"(?:未能|未|没有|没能)(?:通过|进入)[\u4e00-\u9fff]{{0,8}}?{_ZH_STEP}"
         rf"|(?:本次|本轮)?(?:面试|笔试|测评)未(?:能)?通过|无法进入{_ZH_STEP}",
         lang="zh"),
    Rule("rejection.zh-regret-decision", K.REJECTION, 0.96,
         r"(?:很|非常)?(?:遗憾|抱歉)(?:地)?(?:通知|告知)?(?:你|您)?[，,：:]?.{0,40}?"
         r"(?:不符合|未被录用|不予录用|无法(?:为(?:你|您))?(?:安排|继续|进入)|匹配度.{0,6}(?:不够|不高)"
         r"|未能|没有通过|不太匹配|暂不考虑)",
         lang="zh"),
    Rule("rejection.zh-not-hired", K.REJECTION, 0.96,
         r"(?:您|你)?(?:本次|此次)?(?:未被|没有被)录用|无法继续推进(?:你|您)?的?(?:流程|申请)"
         r"|暂时不符合(?:该|本)?岗位(?:的)?要求|匹配度暂时不够|不予录用"
         r"|无法(?:为(?:你|您))?(?:提供|发放|发出)\s?(?:offer|录用)",
         lang="zh"),
    Rule("rejection.zh-not-matching", K.REJECTION, 0.9,
         r"(?:背景|经历|经验|简历|条件)(?:与|和|跟)(?:该|本|此)?(?:岗位|职位)(?:的)?(?:要求|需求)?"
         r"(?:不太|不够|不)(?:匹配|符合|契合)|(?:暂时|暂)?不(?:太)?适合(?:该|本|这个|此)?(?:岗位|职位)",
         lang="zh"),
    Rule("rejection.zh-talent-pool", K.REJECTION, 0.85,
         r"(?:已|已经)?(?:进入|纳入|存入|放入|保存(?:在|至|到)?|保留在)(?:了)?"
         r"(?:[\w\u4e00-\u9fff]{0,6})?人才库",
         also=r"感谢(?:你|您)(?:参加|参与|应聘|对)|遗憾",
         lang="zh"),
    # --- offer ------------------------------------------------------------------------------
    Rule("offer.extend", K.OFFER, 0.95,
         r"(?:extend|make|send|share|present)(?:ing)? (?:you )?(?:an?|your|the|our) (?:formal"
         r" |verbal |written |official )?(?:job |employment )?offer\b",
         unless=_NO_OFFER, affirmative=True),
    Rule("offer.pleased-to-offer", K.OFFER, 0.95,
         rf"(?:pleased|happy|delighted|excited|thrilled|glad|like|love) to offer you"
         rf" (?:employment|the (?:\S+ ){{0,8}}?{_PERSON_ROLE}|a (?:\S+ ){{0,8}}?{_PERSON_ROLE}"
         rf"|the position|a position)|offer you the (?:\S+ ){{0,8}}?{_PERSON_ROLE}",
         unless=_NO_OFFER, affirmative=True),
    Rule("offer.letter", K.OFFER, 0.9,
         r"(?:your|the|formal|attached) offer letter|letter of offer|offer letter (?:is )?attached"
         r"|sign (?:and return )?your offer|offer details|job offer from|offer of employment"
         r"|employment offer|(?:confirm|accept) (?:our|the|your) offer"
         r"|(?:formal|written|official) offer (?:is |letter is )?attached|your formal offer"
         r"|(?:like|love) you to join .{1,60}? as (?:an? |our )",
         unless=_NO_OFFER, affirmative=True),
    Rule("offer.subject", K.OFFER, 0.8, r"^(?:your )?(?:job )?offer\b|\boffer (?:from|letter|of)\b",
         where="subject", unless=r"special offer|exclusive offer|% off|limited"),
    Rule("offer.zh-letter", K.OFFER, 0.95,
         r"录用意向|录用通知|意向书|(?:发放|发出|发送|发)(?:了)?(?:正式)?(?:的)?\s?offer|正式\s?offer"
         r"|被(?:我司|公司|我们|贵司)?(?:正式)?(?:录用|录取)|录用(?:为|您为|你为)|拟录用"
         r"|获(?:得)?.{0,10}?录(?:取|用)|聘书|聘用通知",
         unless=r"未被录用|不予录用|未被录取|没有被录用", affirmative=True,
         lang="zh"),
    # --- interview --------------------------------------------------------------------------
    Rule("interview.invite", K.INTERVIEW, 0.93,
         r"invit\w* (?:you )?(?:to|for) (?:an? |the |your )?(?:[\w-]+ ){0,4}?interviews?\b"
         r"|invit\w* you to interview|interview invitation|invitation to (?:an? )?(?:[\w-]+ )?"
         r"interview",
         affirmative=True),
    Rule("interview.scheduled", K.INTERVIEW, 0.95,
         r"interview (?:is|has been|was|are) (?:now )?(?:scheduled|confirmed|booked|set)"
         r"|interview (?:scheduled|confirmation|is booked)|interview is set for"
         r"|(?:[\w-]+ )?interview (?:is )?booked for",
         affirmative=True),
    Rule("interview.next-round", K.INTERVIEW, 0.9,
         r"(?:move|moving|advance|proceed) (?:you )?(?:forward )?to the (?:next|second|third|final"
         r"|onsite) (?:round|stage) of interviews|(?:second|third|final|next) round (?:of )?"
         r"interviews?|(?:proceed|move forward) with an? (?:\w+ )?interview"
         r"|(?:onsite|on-site|panel|technical|final) interviews? (?:for|at|with)",
         affirmative=True),
    Rule("interview.schedule-yours", K.INTERVIEW, 0.9,
         r"(?:schedule|book|select a time for|choose a slot for|arrange) (?:your|an|the)"
         r" (?:[\w-]+ ){0,3}?interview|(?:next stage|next step)[:,]? an? (?:\d+[- ]minute )?"
         r"(?:[\w-]+ ){0,2}interview",
         affirmative=True),
    Rule("interview.meet-you", K.INTERVIEW, 0.9,
         r"(?:meet (?:with )?you|come in|see you|speak with you|talk with you|join us)"
         r" for an? (?:[\w-]+ ){0,2}interview|bring you (?:in|onsite|on-site|to our office)"
         r"|(?:interview |onsite )?loop (?:is|will be) (?:on|scheduled)",
         affirmative=True),
    Rule("interview.shortlisted", K.INTERVIEW, 0.9,
         r"(?:shortlisted|selected|chosen) for (?:an? |the )?(?:[\w-]+ ){0,2}interview",
         affirmative=True),
    Rule("interview.appointment", K.INTERVIEW, 0.88, r"\binterview", near=_WHEN,
         also=r"invit|would like|like to|could you|can you|please|schedule|confirm|available"
         r"|availability|looking forward|join",
         affirmative=True),
    Rule("interview.subject", K.INTERVIEW, 0.85,
         r"\binterview (?:invitation|invite|scheduled|confirmation|request)\b"
         r"|invitation (?:to|for) (?:an? )?(?:[\w-]+ )?interview|\binterview for\b",
         where="subject"),
    Rule("interview.zh-invite", K.INTERVIEW, 0.93,
         r"邀请(?:你|您)参加.{0,40}?(?:面试|一面|二面|三面|四面|终面|HR面|主管面)"
         r"|邀请(?:你|您).{0,40}?参加.{0,20}?面试"
         r"|诚邀(?:你|您)?参加.{0,40}?面试|面试邀请|面试安排(?:如下|通知|[:：])|面试时间[:：]|面试通知"
         r"|(?:一面|二面|三面|四面|终面|HR面|主管面)(?:邀请|通知)|对(?:你|您)进行(?:电话|视频)?面试",
         affirmative=True, lang="zh"),
    Rule("interview.zh-appointment", K.INTERVIEW, 0.88,
         r"参加.{0,30}?面试|来(?:公司|我司)面试|(?:现场|视频|电话|线上|线下|技术|业务|HR|主管)面试"
         r"|(?:一面|二面|三面|四面|终面|面试)(?:时间)?(?:定于|安排在|将于|定在)",
         near=_WHEN, affirmative=True, lang="zh"),
    # --- assessment -------------------------------------------------------------------------
    Rule("assessment.invited-to-take", K.ASSESSMENT, 0.93,
         r"invit\w* (?:you )?to (?:take|complete|do) (?:an? |the |your )?(?:[\w-]+ ){0,5}?"
         r"(?:test|assessment|challenge|exercise|assignment)"
         r"|invites you to (?:an? )?(?:[\w-]+ ){0,2}(?:test|assessment)"),
    Rule("assessment.complete-it", K.ASSESSMENT, 0.9,
         r"(?:please|asked to|invite you to|need you to|you to) complete (?:the|an|this|our|a|your)"
         r" (?:[\w-]+ ){0,3}?(?:assessment|test"
         r"|exercise|challenge|questionnaire|assignment)|next step[^.]{0,40}\bassessment\b",
         affirmative=True),
    Rule("assessment.exercise", K.ASSESSMENT, 0.85,
         r"\b(?:case study|case exercise|work sample|written exercise|technical exercise"
         r"|presentation task|home assignment)\b",
         also=r"next (?:stage|step)|please|attached|submit|deadline|return|due",
         affirmative=True),
    Rule("assessment.online-test", K.ASSESSMENT, 0.85,
         r"\b(?:online|coding|technical|programming|cognitive) (?:assessment|test|challenge)s?\b"
         r"|take-home (?:assignment|exercise|test|challenge)|\bhirevue\b|\bvia shl\b"),
    Rule("assessment.platform", K.ASSESSMENT, 0.9,
         r"@(?:[\w-]+\.)?(?:hackerrank(?:forwork)?|codility|codesignal|hirevue|testgorilla"
         r"|coderpad|karat)\.(?:com|io)",
         where="sender", unless=r"security code|verify|password"),
    Rule("assessment.zh-exam", K.ASSESSMENT, 0.92,
         r"笔试(?:邀请|通知|环节|阶段|时间|链接|将于|将在|定于)|参加.{0,30}?(?:笔试|考试)|机考|机试|在线编程|在线考试"
         r"|在线作答|(?:在线|能力|性格|职业性格)?测评(?:邀请|链接)?|进入笔试",
         lang="zh"),
    # --- screening --------------------------------------------------------------------------
    Rule("screening.phone-screen", K.SCREENING, 0.9,
         r"phone screen(?:ing)?|recruiter (?:call|screen|chat)|screening call"
         r"|(?:intro|introductory|initial|first|quick|brief|short) (?:phone )?(?:call|chat"
         r"|conversation|screening)|phone (?:call|conversation) with",
         affirmative=True),
    Rule("screening.set-up-call", K.SCREENING, 0.85,
         r"(?:set up|schedule|book|arrange|have) (?:a|an) (?:\d+[- ]?(?:minute|min) )?"
         r"(?:[\w-]+ )?(?:phone )?(?:call|chat|conversation)"
         r"|(?:15|20|30)[- ]minute (?:phone )?(?:call|chat)"
         r"|(?:hop|jump|get) on a (?:quick |short |brief )?(?:phone )?call",
         affirmative=True),
    Rule("screening.zh-hr-call", K.SCREENING, 0.9,
         r"电话沟通|电话访谈|电话面谈|(?:HR|人资).{0,8}(?:电话|沟通)|电话联系|电话聊|约.{0,8}电话|通过(?:了)?(?:简历)?(?:初筛|初步筛选)"
         r"|简历(?:已)?通过(?:初筛|筛选|初步筛选)",
         lang="zh"),
    # --- confirmation -----------------------------------------------------------------------
    Rule("confirmation.received", K.CONFIRMATION, 0.95,
         r"(?:received|receipt of|got|have) your (?:job )?(?:application|submission|cv|resume"
         r"|résumé|candidacy)|(?:application|submission) (?:has been |was |is )?(?:successfully )?"
         r"(?:received|submitted)|confirms? (?:that )?(?:we(?:'ve| have) )?received"
         r"|(?:application|applying|submission) (?:acknowledge?ment|confirmation)"
         r"|your application was sent to|application received"
         r"|your application (?:for|to) .{1,100}? (?:has been|was|is) (?:successfully )?"
         r"(?:received|submitted)"
         r"|your application .{0,100}?(?:is|has been) (?:now )?(?:in our system|under review"
         r"|being reviewed)"
         r"|your (?:job )?application (?:for .{1,100}? )?is complete",
         stated=False),
    Rule("confirmation.thanks-for-applying", K.CONFIRMATION, 0.75,
         r"thanks?(?: you)?(?: so much)? for (?:applying|your application|submitting your)"
         r"|thank you for your interest in .{1,80}(?:position|role|opening|vacancy)",
         stated=False),
    Rule("confirmation.interest", K.CONFIRMATION, 0.7, r"thanks?(?: you)? for your interest in",
         also=r"your application|applying|applied", stated=False),
    Rule("confirmation.zh-received", K.CONFIRMATION, 0.95,
         r"简历已收到|已收到(?:你|您)(?:的)?(?:投递的)?.{0,30}(?:简历|申请)|投递成功|成功投递"
         r"|申请已提交|已成功申请|简历投递确认|(?:简历|申请)(?:我们)?已(?:经)?收到|提交成功"
         r"|我们已(?:经)?收到(?:你|您)的|已收到(?:你|您)的(?:简历|履历|申请)|完成.{0,30}?网申|网申(?:已)?(?:完成|提交)",
         lang="zh", stated=False),
    Rule("confirmation.zh-thanks", K.CONFIRMATION, 0.75,
         r"感谢(?:你|您)?(?:的)?(?:投递|申请|应聘|应征)", lang="zh", stated=False),
    # --- other: specific mail that is no step of an application --------------------------
    Rule("other.account", K.OTHER, 0.97,
         r"verify your (?:email|account|e-mail)|security code|verification code|验证码"
         r"|reset (?:the |your )?password|password reset|密码重置|creating a candidate account"
         r"|profile (?:was |has been )?updated|confirm your (?:subscription|email)",
         stated=False, over=90, lang="en zh"),
    Rule("other.delivery-failure", K.OTHER, 0.97,
         r"mailer-daemon|postmaster@|delivery status notification|undeliverable",
         stated=False, over=90),
    Rule("other.job-alert", K.OTHER, 0.95,
         r"job alert|new jobs? (?:for you|near|in|matching)|\d+ new [\w ]{0,40}jobs"
         r"|jobs? (?:you may be interested in|picked for you|you might like)"
         r"|recommended jobs|similar jobs|roles? (?:at [\w ]+ )?you might like"
         r"|new (?:openings|roles)|job digest|top (?:startup )?jobs|为你推荐|职位推荐|新职位"
         r"|订阅的职位|本周开启网申",
         stated=False, over=45, lang="en zh"),
    Rule("other.job-board-notice", K.OTHER, 0.95,
         r"\bviewed your (?:application|profile)|application was viewed|appeared in \d+ searches"
         r"|viewing your profile|查看了(?:您|你)的简历|interview experience at"
         r"|share your interview",
         stated=False, over=45, lang="en zh"),
    Rule("other.prep-content", K.OTHER, 0.95,
         r"newsletter|面经|真题|刷题|高频题|interview (?:tips|mistakes|prep)|weekly contest",
         stated=False, over=45, lang="en zh"),
    Rule("other.marketing", K.OTHER, 0.93,
         r"special offer|exclusive offer|limited-time offer|\d+% off|your receipt|order id"
         r"|subscribed to",
         stated=False, over=45),
    Rule("other.event", K.OTHER, 0.93,
         r"宣讲会|open house|you're registered|career fair|info session|webinar|直播|预约观看"
         r"|tech talk",
         stated=False, over=45, lang="en zh"),
    Rule("other.cold-outreach", K.OTHER, 0.94,
         r"came across your profile|your profile caught my eye|open to (?:new |exploring )?"
         r"(?:opportunities|a (?:quick )?chat|new roles)|I'm (?:working with|hiring for)"
         r"|猎头|看机会|对你发起了沟通|看了你的简历",
         unless=r"your application|you applied|applied for|for applying|投递", stated=False,
         over=25, lang="en zh"),
    Rule("other.survey", K.OTHER, 0.9, r"\bsurvey\b|candidate experience|问卷|调研",
         stated=False, over=5, lang="en zh"),
    Rule("other.talent-community", K.OTHER, 0.9,
         r"talent community|refer a friend|know someone great", stated=False, over=5),
)  # fmt: skip
