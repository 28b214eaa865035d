"""The words an import understands: column headers and status values, per language.

Data only; domain/import_meaning.py reads them. Every word is compared after the same
normalising (width, case, accents, punctuation, `_`/`-`/`/`, camelCase split), so each is
written here once, in its plain form. A header or status *contains* a word when the word is
one of its words (short Latin words), starts one of them (Latin words of five letters or
more: "interview" in "interviewing"), or, for Chinese, appears anywhere in it. When several
words match, the longest wins (`current status` beats `status`, `status date` beats `date`).

Adding a language means adding its words to the tables below; tests/unit/test_import_words.py
holds a file per language.
"""

from __future__ import annotations

from pipeline_tui.domain.stages import Stage

LANGUAGES: tuple[str, ...] = ("en", "zh", "de", "fr", "es", "tr", "sk")

# field -> language -> words in headers that name it.
HEADER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "company": {
        "en": ("company", "company name", "employer", "employer name", "organization",
               "organisation", "firm", "business", "corporation"),
        "zh": ("公司", "公司名称", "企业", "企业名称", "单位", "雇主", "用人单位"),
        "de": ("firma", "unternehmen", "arbeitgeber", "firmenname", "betrieb"),
        "fr": ("entreprise", "societe", "employeur", "organisme"),
        "es": ("empresa", "compania", "empleador", "organizacion"),
        "tr": ("sirket", "firma", "kurum", "isveren", "sirket adi"),
        "sk": ("firma", "spolocnost", "zamestnavatel"),
    },
    "role": {
        "en": ("role", "role name", "job title", "title", "position", "position title", "job",
               "job name", "job position", "opening", "vacancy"),
        "zh": ("岗位", "职位", "岗位名称", "职位名称", "应聘岗位", "投递岗位", "申请岗位"),
        "de": ("stelle", "stellenbezeichnung", "jobtitel", "berufsbezeichnung", "titel"),
        "fr": ("poste", "intitule du poste", "intitule", "titre", "emploi"),
        "es": ("puesto", "cargo", "titulo", "posicion", "rol", "vacante"),
        "tr": ("pozisyon", "unvan", "rol", "is ilani", "gorev"),
        "sk": ("pozicia", "rola", "funkcia"),
    },
    "department": {
        "en": ("department", "dept", "team", "division", "group", "business unit"),
        "zh": ("部门", "团队", "事业群", "事业部", "bg"),
        "de": ("abteilung", "bereich"),
        "fr": ("departement", "service", "equipe"),
        "es": ("departamento", "equipo", "area"),
        "tr": ("departman", "ekip", "birim"),
        "sk": ("oddelenie", "tim"),
    },
    "location": {
        "en": ("location", "city", "place", "job location", "office", "remote"),
        "zh": ("地点", "城市", "工作地点", "base", "地区"),
        "de": ("ort", "standort", "arbeitsort", "stadt"),
        "fr": ("lieu", "ville", "localisation"),
        "es": ("ubicacion", "ciudad", "lugar", "localidad"),
        "tr": ("konum", "sehir", "lokasyon", "yer"),
        "sk": ("miesto", "lokalita", "mesto"),
    },
    "url": {
        "en": ("url", "link", "job url", "job link", "posting url", "posting", "job posting",
               "listing", "posting link", "application link", "href"),
        "zh": ("链接", "网址", "岗位链接", "职位链接", "投递链接"),
        "de": ("stellenanzeige", "anzeige", "verweis"),
        "fr": ("lien", "annonce", "offre d emploi"),
        "es": ("enlace", "anuncio", "oferta de empleo"),
        "tr": ("baglanti", "ilan linki", "ilan"),
        "sk": ("odkaz", "inzerat"),
    },
    "source": {
        "en": ("source", "job source", "via", "channel", "board", "job board", "platform",
               "applied via", "applied through", "application site", "site", "website applied",
               "found on", "found via", "referral"),
        "zh": ("来源", "渠道", "投递渠道", "途径", "平台", "投递方式", "招聘渠道"),
        "de": ("quelle", "kanal", "plattform", "jobborse", "beworben uber"),
        "fr": ("source", "canal", "plateforme", "origine"),
        "es": ("fuente", "canal", "origen", "plataforma", "medio"),
        "tr": ("kaynak", "kanal", "platform", "basvuru yeri"),
        "sk": ("zdroj", "kanal", "portal"),
    },
    "campaign": {
        "en": ("campaign", "season", "cycle", "batch"),
        "zh": ("招聘季", "批次", "秋招春招", "届"),
        "de": ("kampagne", "saison"),
        "fr": ("campagne", "saison"),
        "es": ("campana", "temporada"),
        "tr": ("kampanya", "donem"),
        "sk": ("kampan",),
    },
    "program": {
        "en": ("program", "programme", "talent program"),
        "zh": ("人才计划", "专项计划", "计划"),
        "de": ("programm",),
        "fr": ("programme",),
        "es": ("programa",),
        "tr": ("program",),
        "sk": ("program",),
    },
    "cv": {
        "en": ("cv", "cv version", "resume", "resume version", "curriculum vitae"),
        "zh": ("简历", "简历版本"),
        "de": ("lebenslauf",),
        "fr": ("cv",),
        "es": ("curriculum",),
        "tr": ("ozgecmis",),
        "sk": ("zivotopis",),
    },
    "letter": {
        "en": ("letter", "cover letter", "letter version", "cover letter version"),
        "zh": ("求职信",),
        "de": ("anschreiben",),
        "fr": ("lettre de motivation",),
        "es": ("carta de presentacion",),
        "tr": ("on yazi",),
        "sk": ("motivacny list",),
    },
    "notes": {
        "en": ("notes", "note", "comments", "comment", "remarks", "remark", "details",
               "description"),
        "zh": ("备注", "说明", "笔记", "评论"),
        "de": ("notizen", "notiz", "bemerkung", "bemerkungen", "kommentar", "anmerkung"),
        "fr": ("remarques", "remarque", "commentaire", "commentaires"),
        "es": ("notas", "nota", "comentarios", "comentario", "observaciones"),
        "tr": ("notlar", "not", "aciklama", "yorum"),
        "sk": ("poznamky", "poznamka", "komentar"),
    },
    "status": {
        "en": ("status", "stage", "state", "application status", "job status",
               "current status", "final status", "outcome", "result", "progress"),
        "zh": ("状态", "当前状态", "进度", "阶段", "结果", "投递状态", "申请状态"),
        "de": ("status", "stand", "bewerbungsstatus", "ergebnis", "phase"),
        "fr": ("statut", "etat", "etape", "resultat"),
        "es": ("estado", "estatus", "etapa", "resultado"),
        "tr": ("durum", "sonuc", "asama"),
        "sk": ("stav", "vysledok"),
    },
    "round": {
        "en": ("round", "interview round", "rounds"),
        "zh": ("轮次", "面试轮次"),
        "de": ("runde",),
        "fr": ("tour",),
        "es": ("ronda",),
        "tr": ("tur",),
        "sk": ("kolo",),
    },
    "id": {
        "en": ("id", "index", "row id", "job id", "application id", "uuid"),
        "zh": ("编号", "序号"),
        "de": ("nr", "nummer"),
        "fr": ("numero",),
        "es": ("numero",),
        "tr": ("sira", "no"),
        "sk": ("cislo",),
    },
    "archived": {
        "en": ("archived",),
        "zh": ("归档",),
        "de": ("archiviert",),
        "fr": ("archive",),
        "es": ("archivado",),
        "tr": ("arsivlendi",),
        "sk": ("archivovane",),
    },
    "applied": {  # a date in most trackers, yes/no in some (JobSync): the values decide
        "en": ("applied", "submitted"),
        "zh": ("是否投递", "已投递"),
        "de": ("beworben",),
        "fr": ("postule",),
        "es": ("aplicado",),
        "tr": ("basvuruldu",),
        "sk": ("podane",),
    },
    "saved_on": {
        "en": ("created", "created at", "date added", "added", "saved", "bookmarked"),
        "zh": ("创建时间", "收藏时间", "添加时间"),
        "de": ("erstellt", "hinzugefugt"),
        "fr": ("cree le", "ajoute le"),
        "es": ("creado", "agregado"),
        "tr": ("eklendi", "olusturuldu"),
        "sk": ("vytvorene",),
    },
    "status_on": {
        "en": ("last updated", "updated", "last update", "modified", "last modified",
               "last contact", "last activity"),
        "zh": ("更新时间", "最后更新", "最近更新"),
        "de": ("aktualisiert", "letzte anderung"),
        "fr": ("mise a jour", "modifie le"),
        "es": ("actualizado", "ultima actualizacion"),
        "tr": ("guncelleme", "son guncelleme"),
        "sk": ("aktualizovane",),
    },
    "closes_on": {
        "en": ("deadline", "closing date", "apply by", "closes", "expires", "expiry"),
        "zh": ("截止日期", "截止时间", "截止"),
        "de": ("bewerbungsschluss", "bewerbungsfrist", "frist"),
        "fr": ("date limite",),
        "es": ("fecha limite", "fecha de cierre"),
        "tr": ("son basvuru",),
        "sk": ("uzavierka",),
    },
    # A column whose header names one of these is not imported, even when another word in it
    # would name a field ("Job Type" is no job title, "Company website" no company).
    "ignore": {
        "en": ("job type", "employment type", "type", "salary", "pay", "compensation",
               "company website", "website", "contact", "contact person", "recruiter",
               "hiring manager", "email", "phone", "rating", "excitement", "priority",
               "follow up", "tags", "color", "background",
               "close reason", "reason"),
        "zh": ("薪资", "薪水", "工资", "待遇", "联系人", "邮箱", "电话", "优先级"),
        "de": ("gehalt", "ansprechpartner", "kontakt", "prioritat"),
        "fr": ("salaire", "contact", "priorite"),
        "es": ("salario", "sueldo", "contacto", "prioridad"),
        "tr": ("maas", "ucret", "iletisim", "oncelik"),
        "sk": ("plat", "mzda", "kontakt"),
    },
}  # fmt: skip

# Words that make a header a date: with a subject below (`Status Date`, `Bewerbungsdatum`,
# 投递时间) it is that subject's date; alone (`Date`, `Datum`, 日期) it is the date applied.
DATE_WORDS: tuple[str, ...] = (
    "date", "dated", "on", "at", "when",
    "日期", "时间", "日",
    "datum", "wann",
    "quand",
    "fecha", "cuando",
    "tarih", "tarihi", "zaman",
    "datum", "datumu",
)  # fmt: skip
# date field -> words naming what happened on that date.
DATE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "applied_on": (
        "applied", "application", "submitted", "submission", "sent", "apply",
        "投递", "申请", "网申", "提交",
        "bewerbung", "beworben", "gesendet", "eingereicht",
        "candidature", "postule", "envoi",
        "aplicacion", "postulacion", "solicitud", "aplicado", "envio",
        "basvuru", "gonderim",
        "podania", "podane", "odoslania",
    ),
    "saved_on": (
        "created", "added", "saved", "bookmarked", "found", "creation",
        "创建", "收藏", "添加",
        "erstellt", "hinzugefugt", "gespeichert",
        "creation", "ajout",
        "creacion", "guardado",
        "olusturma", "eklenme",
        "vytvorenia",
    ),
    "status_on": (
        "status", "updated", "update", "last updated", "closed", "decision", "response",
        "reply", "result", "outcome", "last contact", "changed", "modified",
        "更新", "状态", "结果", "回复",
        "aktualisiert", "antwort", "ruckmeldung", "entscheidung",
        "mise a jour", "reponse",
        "actualizacion", "respuesta",
        "guncelleme", "sonuc", "yanit", "cevap", "durum",
        "odpovede", "stavu",
    ),
    "screened_on": ("screened", "screening", "screen", "phone screen", "笔试", "测评"),
    "interviewed_on": (
        "interviewed", "interview", "面试", "gesprach", "vorstellungsgesprach", "entretien",
        "entrevista", "mulakat", "gorusme", "pohovor",
    ),
    "offer_on": ("offer", "offered", "录用", "angebot", "offre", "oferta", "teklif", "ponuka"),
    "accepted_on": ("accepted", "hired", "入职", "angenommen", "accepte", "aceptado", "kabul"),
    "closes_on": (
        "closes", "closing", "deadline", "apply by", "expires", "expiry", "截止",
        "bewerbungsschluss", "frist", "limite", "cierre", "son basvuru", "uzavierka",
    ),
    "ignore": ("follow up", "followup", "reminder", "next step", "birthday"),
}  # fmt: skip

# Cells that mean "nothing here".
PLACEHOLDERS: frozenset[str] = frozenset(
    {"n/a", "na", "n.a.", "-", "--", "—", "none", "null", "nil", "(blank)", "无", "暂无", "/",
     "undefined", "nan", "#n/a", "k.a.", "keine angabe"}
)  # fmt: skip
YES: frozenset[str] = frozenset(
    {"yes", "y", "true", "t", "1", "x", "✓", "✔", "是", "已投递", "on", "ja", "oui", "si", "sí",
     "evet", "ano", "áno"}
)  # fmt: skip
NO: frozenset[str] = frozenset(
    {"no", "n", "false", "f", "0", "否", "未投递", "off", "nein", "non", "hayir", "hayır", "nie"}
)  # fmt: skip

# stage -> language -> status words. Interview rounds ("Interview 2", "2nd round", 二面) are
# read by domain/import_meaning.py's patterns; the stage names and the CLI's aliases count too.
STATUS_WORDS: dict[Stage, dict[str, tuple[str, ...]]] = {
    Stage.SAVED: {
        "en": ("saved", "draft", "bookmarked", "bookmark", "interested", "to apply", "wishlist",
               "wish list", "tailored", "tailoring", "not contacted", "not applied",
               "not yet applied", "planned", "planning", "researching", "prospect", "idea",
               "todo", "to do", "backlog", "new", "shortlisted", "considering"),
        "zh": ("收藏", "待投递", "未投递", "感兴趣", "准备投递", "待申请", "计划"),
        "de": ("gemerkt", "vorgemerkt", "merkliste", "entwurf", "interessant", "geplant",
               "noch nicht beworben"),
        "fr": ("a postuler", "interesse", "brouillon", "sauvegarde", "envisage"),
        "es": ("guardado", "interesado", "por aplicar", "borrador", "pendiente de aplicar"),
        "tr": ("kaydedildi", "ilgileniyorum", "basvurulacak", "taslak"),
        "sk": ("ulozene", "zaujem", "planovane"),
    },
    Stage.SUBMITTED: {
        "en": ("applied", "application sent", "sent", "submitted", "pending", "awaiting",
               "awaiting response", "awaiting reply", "waiting", "waiting to hear back",
               "in review", "under review", "in progress", "open", "active", "received",
               "application received", "acknowledged", "processing", "cv sent",
               "resume sent", "easy apply", "in process", "on hold", "paused"),
        "zh": ("已投递", "投递", "已申请", "已投", "网申", "等待", "等待中", "待反馈", "处理中",
               "审核中", "筛选中", "简历筛选", "简历评估", "已提交", "进行中", "申请中"),
        "de": ("beworben", "bewerbung gesendet", "bewerbung verschickt", "gesendet",
               "verschickt", "offen", "in bearbeitung", "warten", "wartend", "eingereicht",
               "eingangsbestatigung", "laufend", "ausstehend"),
        "fr": ("postule", "candidature envoyee", "envoye", "envoyee", "en attente",
               "en cours", "candidature"),
        "es": ("aplicado", "aplicada", "postulado", "postulada", "enviado", "enviada",
               "solicitud enviada", "pendiente", "en espera", "en proceso", "en revision"),
        "tr": ("basvuruldu", "basvuru yapildi", "gonderildi", "beklemede", "degerlendirmede",
               "degerlendiriliyor", "basvuru"),
        "sk": ("odoslane", "podane", "caka sa", "cakam", "v procese"),
    },
    Stage.SCREENING: {
        "en": ("screening", "screen", "phone screen", "phone call", "recruiter call",
               "recruiter screen", "hr", "hr call", "hr screen", "oa", "online assessment",
               "assessment", "test", "coding test", "take home", "challenge", "replied",
               "hirevue", "video screen", "intro call", "first call", "callback"),
        "zh": ("笔试", "测评", "在线测评", "机试", "初筛", "hr面", "电话面", "电话沟通", "hr沟通",
               "已回复", "性格测试"),
        "de": ("telefoninterview", "telefonat", "eignungstest", "einstufungstest",
               "online test", "assessment center"),
        "fr": ("entretien telephonique", "test technique", "appel", "preselection"),
        "es": ("entrevista telefonica", "prueba tecnica", "prueba", "llamada", "evaluacion"),
        "tr": ("telefon gorusmesi", "sinav", "degerlendirme testi", "on gorusme"),
        "sk": ("telefonat", "test", "online test"),
    },
    Stage.INTERVIEW: {
        "en": ("interview", "interviewing", "interviewed", "interviews", "final round",
               "onsite", "on site", "panel", "technical interview", "second round",
               "final interview", "superday"),
        "zh": ("面试", "面试中", "技术面", "业务面", "交叉面", "总监面", "主管面", "终面", "加面",
               "群面", "面谈"),
        "de": ("vorstellungsgesprach", "gesprach", "einladung", "interview", "zweitgesprach"),
        "fr": ("entretien", "entrevue"),
        "es": ("entrevista", "entrevistas"),
        "tr": ("mulakat", "mulakat daveti", "gorusme", "gorusmeye davet"),
        "sk": ("pohovor", "osobny pohovor"),
    },
    Stage.OFFER: {
        "en": ("offer", "offered", "offer received", "received offer", "verbal offer",
               "got offer", "got an offer"),
        "zh": ("录用", "意向书", "意向", "已发offer", "offer", "oc"),
        "de": ("angebot", "zusage", "vertragsangebot"),
        "fr": ("offre", "proposition"),
        "es": ("oferta", "propuesta"),
        "tr": ("teklif", "is teklifi"),
        "sk": ("ponuka",),
    },
    Stage.ACCEPTED: {
        "en": ("accepted", "hired", "offer accepted", "accepted offer", "signed", "joined",
               "starting"),
        "zh": ("已接受", "接受", "入职", "签约", "三方", "已签约", "接offer"),
        "de": ("angenommen", "unterschrieben", "vertrag unterschrieben", "eingestellt"),
        "fr": ("accepte", "acceptee", "embauche"),
        "es": ("aceptado", "aceptada", "contratado", "contratada"),
        "tr": ("kabul", "kabul edildi", "ise alindi", "teklif kabul"),
        "sk": ("prijate", "prijaty", "nastup"),
    },
    Stage.DECLINED: {
        "en": ("declined", "offer declined", "declined offer", "turned down", "offer rejected",
               "rejected offer", "i declined"),
        "zh": ("拒绝offer", "拒offer", "拒了offer", "婉拒"),
        "de": ("angebot abgelehnt", "abgesagt"),
        "fr": ("offre refusee", "decline", "offre declinee"),
        "es": ("oferta rechazada", "declinado", "declinada"),
        "tr": ("teklif reddedildi", "teklifi reddettim"),
        "sk": ("ponuka odmietnuta",),
    },
    Stage.REJECTED: {
        "en": ("rejected", "rejection", "reject", "not selected", "unsuccessful", "declined by",
               "no offer", "not moving forward", "not a fit", "no longer considered",
               "turned away", "denied", "failed", "dinged", "position filled",
               "talent pool", "kept on file"),
        "zh": ("拒绝", "未通过", "不合适", "挂", "淘汰", "已拒", "感谢信", "池子", "泡池子",
               "人才库", "失败", "不通过"),
        "de": ("absage", "abgelehnt", "abgewiesen", "nicht berucksichtigt"),
        "fr": ("refus", "refuse", "refusee", "rejete", "rejetee", "non retenu", "non retenue"),
        "es": ("rechazado", "rechazada", "descartado", "descartada", "no seleccionado"),
        "tr": ("olumsuz", "red", "reddedildi", "ret", "kabul edilmedi"),
        "sk": ("zamietnute", "odmietnute", "zamietnuty", "neuspesne"),
    },
    Stage.WITHDRAWN: {
        "en": ("withdrawn", "withdrew", "withdraw", "withdrew application", "not interested",
               "uninterested", "lost interest", "cancelled", "canceled", "gave up", "dropped"),
        "zh": ("放弃", "撤回", "已放弃", "不去了"),
        "de": ("zuruckgezogen", "zuruckgenommen", "kein interesse"),
        "fr": ("retire", "retiree", "abandonne", "desiste"),
        "es": ("retirado", "retirada", "desistido", "abandonado"),
        "tr": ("vazgecildi", "geri cekildi", "vazgectim"),
        "sk": ("stiahnute",),
    },
    Stage.GHOSTED: {
        "en": ("ghosted", "ghost", "ghost job", "suspected ghost job", "no response",
               "no reply", "no answer", "never heard back", "no news", "silence",
               "expired no response", "unanswered"),
        "zh": ("无回复", "石沉大海", "没回复", "无消息", "没消息", "无回音", "未回复", "已读不回"),
        "de": ("keine antwort", "keine ruckmeldung", "nichts gehort"),
        "fr": ("sans reponse", "pas de reponse", "aucune reponse"),
        "es": ("sin respuesta", "no respondieron", "sin noticias"),
        "tr": ("cevap yok", "yanit yok", "donus yok", "donus olmadi"),
        "sk": ("bez odpovede", "ziadna odpoved"),
    },
}  # fmt: skip
# JobSync's Archived keeps the stage the `applied` column gives and archives the application;
# Expired (the posting went) is ghosted when it was sent, else saved and archived.
KEEPS_STAGE_WORDS: tuple[str, ...] = ("archived", "归档", "archiviert")
EXPIRED_WORDS: tuple[str, ...] = ("expired", "closed", "已过期", "abgelaufen", "expire")
# Chinese interview rounds: 一面 is round 1, 终面 the last (no number).
CHINESE_ROUNDS: dict[str, int | None] = {
    "一面": 1, "二面": 2, "三面": 3, "四面": 4, "五面": 5, "六面": 6, "终面": None,
}  # fmt: skip
# Words an interview round number follows or precedes ("interview 2", "2. Runde", "tur 3").
ROUND_WORDS: tuple[str, ...] = (
    "interview", "round", "runde", "gesprach", "tour", "entretien", "ronda", "entrevista",
    "tur", "mulakat", "kolo", "pohovor",
)  # fmt: skip

# Month names beyond English (which domain/dates.py reads), normalised, to the English name.
MONTH_WORDS: dict[str, str] = {
    "januar": "jan", "janner": "jan", "februar": "feb", "marz": "mar", "mai": "may",
    "juni": "jun", "juli": "jul", "oktober": "oct", "okt": "oct", "dezember": "dec",
    "dez": "dec",
    "janvier": "jan", "fevrier": "feb", "fevr": "feb", "mars": "mar", "avril": "apr",
    "juin": "jun", "juillet": "jul", "juil": "jul", "aout": "aug", "septembre": "sep",
    "octobre": "oct", "novembre": "nov", "decembre": "dec",
    "enero": "jan", "febrero": "feb", "marzo": "mar", "abril": "apr", "mayo": "may",
    "junio": "jun", "julio": "jul", "agosto": "aug", "septiembre": "sep", "setiembre": "sep",
    "octubre": "oct", "noviembre": "nov", "diciembre": "dec", "ene": "jan", "abr": "apr",
    "ago": "aug", "dic": "dec",
    "ocak": "jan", "subat": "feb", "mart": "mar", "nisan": "apr", "mayis": "may",
    "haziran": "jun", "temmuz": "jul", "agustos": "aug", "eylul": "sep", "ekim": "oct",
    "kasim": "nov", "aralik": "dec",
    "januara": "jan", "februara": "feb", "marca": "mar", "aprila": "apr", "maja": "may",
    "juna": "jun", "jula": "jul", "augusta": "aug", "septembra": "sep", "oktobra": "oct",
    "novembra": "nov", "decembra": "dec",
}  # fmt: skip
