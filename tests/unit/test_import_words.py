"""Headers and status values read by meaning, in every language the vocabulary holds."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.domain import import_words
from pipeline_tui.domain.import_meaning import read_header, read_status_words, words_of
from pipeline_tui.domain.import_rows import read_csv
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.domain.stages import Stage

TODAY = date(2026, 12, 1)

# One sheet per language: its header row, the field each column must feed, and statuses with
# the stage each must become.
LANGUAGES = {
    "en": (
        ["Company Name", "Role name", "current_status", "Date Applied", "applied_via",
         "Job Link", "Notes"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"Pending": Stage.SUBMITTED, "Awaiting Response": Stage.SUBMITTED,
         "Tailored": Stage.SAVED, "Not Contacted": Stage.SAVED, "Final Round": Stage.INTERVIEW,
         "Received offer": Stage.OFFER, "Accepted!": Stage.ACCEPTED,
         "Rejection :(": Stage.REJECTED, "Ghosted (no reply)": Stage.GHOSTED,
         "Suspected Ghost Job": Stage.GHOSTED, "Rejected after assessment": Stage.REJECTED,
         "OA": Stage.SCREENING, "interested": Stage.SAVED},
    ),
    "zh": (
        ["公司名称", "岗位", "当前状态", "投递时间", "投递渠道", "岗位链接", "备注"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"已投递": Stage.SUBMITTED, "笔试": Stage.SCREENING, "测评": Stage.SCREENING,
         "技术面": Stage.INTERVIEW, "池子": Stage.REJECTED, "感谢信": Stage.REJECTED,
         "石沉大海": Stage.GHOSTED, "已签约": Stage.ACCEPTED, "放弃": Stage.WITHDRAWN},
    ),
    "de": (
        ["Firma", "Stelle", "Status", "Bewerbungsdatum", "Quelle", "Stellenanzeige", "Notizen"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"Absage": Stage.REJECTED, "Keine Antwort": Stage.GHOSTED, "Offen": Stage.SUBMITTED,
         "Vorstellungsgespräch": Stage.INTERVIEW, "Zusage": Stage.OFFER,
         "Beworben": Stage.SUBMITTED, "Telefoninterview": Stage.SCREENING},
    ),
    "fr": (
        ["Entreprise", "Intitulé du poste", "Statut", "Date de candidature", "Source", "Lien",
         "Remarques"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"Postulé": Stage.SUBMITTED, "En attente": Stage.SUBMITTED, "Entretien": Stage.INTERVIEW,
         "Refusé": Stage.REJECTED, "Sans réponse": Stage.GHOSTED, "Offre": Stage.OFFER},
    ),
    "es": (
        ["Empresa", "Puesto", "Estado", "Fecha de postulación", "Fuente", "Enlace", "Notas"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"Postulado": Stage.SUBMITTED, "Pendiente": Stage.SUBMITTED,
         "Entrevista": Stage.INTERVIEW, "Rechazado": Stage.REJECTED,
         "Sin respuesta": Stage.GHOSTED, "Oferta": Stage.OFFER, "Contratado": Stage.ACCEPTED},
    ),
    "tr": (
        ["Şirket", "Pozisyon", "Durum / Sonuç", "Başvuru Tarihi", "Kaynak", "Bağlantı", "Notlar"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"Olumsuz (Red)": Stage.REJECTED, "Mülakat Daveti": Stage.INTERVIEW,
         "Beklemede": Stage.SUBMITTED, "Teklif": Stage.OFFER, "Cevap yok": Stage.GHOSTED},
    ),
    "sk": (
        ["Spoločnosť", "Pozícia", "Stav", "Dátum podania", "Zdroj", "Odkaz", "Poznámky"],
        ["company", "role", "status", "applied_on", "source", "url", "notes"],
        {"Odoslané": Stage.SUBMITTED, "Pohovor": Stage.INTERVIEW, "Zamietnuté": Stage.REJECTED,
         "Ponuka": Stage.OFFER, "Bez odpovede": Stage.GHOSTED},
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_sheet_in_each_language_imports_without_map(language: str) -> None:
    headers, fields, statuses = LANGUAGES[language]
    rows = [headers]
    for number, status in enumerate(statuses, 1):
        rows.append([f"Company {number}", "Role", status, "2026-03-10", "board", "", "n"])
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n"
    parsed = read_csv(text, ImportOptions(), today=TODAY)
    assert [column.field for column in parsed.columns] == fields
    assert not parsed.problems, parsed.problems
    assert [application.stage for application in parsed.applications] == list(statuses.values())


def test_every_language_of_the_issue_has_words_for_the_main_fields() -> None:
    for field in ("company", "role", "status"):
        for language in import_words.LANGUAGES:
            assert import_words.HEADER_WORDS[field][language], (field, language)
    for stage in Stage:
        for language in import_words.LANGUAGES:
            assert import_words.STATUS_WORDS[stage][language], (stage, language)


@pytest.mark.parametrize(
    ("stage", "word"),
    [
        (stage, word)
        for stage, languages in import_words.STATUS_WORDS.items()
        for words in languages.values()
        for word in words
    ],
)
def test_every_status_word_reads_as_its_own_stage(stage: Stage, word: str) -> None:
    meaning = read_status_words(word)
    assert meaning is not None and meaning.stage is stage


@pytest.mark.parametrize(
    ("field", "word"),
    [
        (field, word)
        for field, languages in import_words.HEADER_WORDS.items()
        for words in languages.values()
        for word in words
    ],
)
def test_every_header_word_reads_as_its_own_field(field: str, word: str) -> None:
    meaning = read_header(word)
    assert meaning is not None and meaning.field == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Status Date", "status_on"),
        ("Last Updated", "status_on"),
        ("Date Applied", "applied_on"),
        ("appliedDate", "applied_on"),
        ("Date", "applied_on"),
        ("日期", "applied_on"),
        ("Interview Date", "interviewed_on"),
        ("Created At", "saved_on"),
        ("Deadline", "closes_on"),
        ("Job Type", "ignore"),
        ("Salary", "ignore"),
        ("final_status", "status"),
        ("application_site", "source"),
        ("Positionsbezeichnung", "role"),
        ("screened_on", "screened_on"),
        ("submitted_on", "applied_on"),
    ],
)
def test_headers_that_combine_words(header: str, field: str) -> None:
    meaning = read_header(header)
    assert meaning is not None and meaning.field == field


def test_a_closing_status_keeps_the_step_it_names() -> None:
    after = read_status_words("Rejected after assessment")
    assert after is not None and (after.stage, after.via) == (Stage.REJECTED, Stage.SCREENING)
    onsite = read_status_words("Ghosted after the 2nd round")
    assert onsite is not None and (onsite.stage, onsite.via) == (Stage.GHOSTED, Stage.INTERVIEW)
    assert read_status_words("Offer declined").stage is Stage.DECLINED  # type: ignore[union-attr]
    assert read_status_words("no longer interested, thanks") is not None
    assert read_status_words("Sleeping") is None


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


_DECORATIONS = st.sampled_from(
    [
        lambda text: text.upper(),
        lambda text: text.title(),
        lambda text: text.replace(" ", "_"),
        lambda text: text.replace(" ", "-"),
        lambda text: text.replace(" ", " / "),
        lambda text: f"  {text}:  ",
        lambda text: f"({text})",
        lambda text: f"{text} *",
        _fullwidth,
        lambda text: unicodedata.normalize("NFD", text),
    ]
)
_HEADER_WORDS = sorted(
    {
        (word, field)
        for field, languages in import_words.HEADER_WORDS.items()
        for words in languages.values()
        for word in words
    }
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_HEADER_WORDS), st.lists(_DECORATIONS, max_size=3))
def test_header_matching_ignores_case_width_punctuation_and_separators(pair, decorations) -> None:
    word, field = pair
    header = word
    for decorate in decorations:
        header = decorate(header)
    assert words_of(header) == words_of(word)
    meaning = read_header(header)
    assert meaning is not None and meaning.field == field


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_header_reads_as_a_field_or_nothing(header: str) -> None:
    meaning = read_header(header)
    assert meaning is None or meaning.field in import_words.HEADER_WORDS or meaning.field in (
        "applied_on", "saved_on", "status_on", "screened_on", "interviewed_on", "offer_on",
        "accepted_on", "closes_on",
    )  # fmt: skip
