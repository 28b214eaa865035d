"""list, show and config through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def _seed(pipeline) -> None:
    pipeline(
        "add", "ByteDance", "LLM engineer", "-s", "referral", "-c", "autumn", "--on", "2024-09-02"
    )
    pipeline("add", "Baidu", "Search", "-s", "campus", "-c", "autumn", "--on", "2024-09-05")
    pipeline("add", "[bold]Acme", "[/]role", "-s", "Boss直聘", "-c", "spring", "--on", "2024-09-10")
    pipeline("move", "baidu", "rejected", "--on", "2024-09-12")


def _ids(pipeline, *args: str) -> list[int]:
    outcome = pipeline("list", "--format", "json", *args)
    assert outcome.code == 0, outcome.err
    return [item["id"] for item in json.loads(outcome.out)]


def test_list_filters(pipeline) -> None:
    _seed(pipeline)
    assert _ids(pipeline) == [1, 2, 3]
    assert _ids(pipeline, "--open") == [1, 3]
    assert _ids(pipeline, "--stage", "rejected") == [2]
    assert _ids(pipeline, "--stage", "reject", "--stage", "applied") == [1, 2, 3]
    assert _ids(pipeline, "--campaign", "AUTUMN") == [1, 2]
    assert _ids(pipeline, "--source", "campus") == [2]
    assert _ids(pipeline, "--since", "2024-09-05") == [2, 3]
    assert _ids(pipeline, "--search", "llm") == [1]
    assert _ids(pipeline, "--search", "直聘") == [3]
    assert _ids(pipeline, "--search", "100%") == []


def test_list_table_shows_user_text_literally(pipeline) -> None:
    _seed(pipeline)
    outcome = pipeline("list")
    assert outcome.code == 0
    assert "[bold]Acme" in outcome.out
    assert "[/]role" in outcome.out
    assert "Boss直聘" in outcome.out
    assert outcome.err == "3 applications\n"


def test_list_csv_round_trips(pipeline) -> None:
    _seed(pipeline)
    rows = list(csv.DictReader(io.StringIO(pipeline("list", "--format", "csv").out)))
    assert [row["company"] for row in rows] == ["ByteDance", "Baidu", "[bold]Acme"]
    assert rows[1]["stage"] == "rejected"
    assert rows[0]["applied_on"] == "2024-09-02"


def test_empty_list(pipeline) -> None:
    assert json.loads(pipeline("list", "--format", "json").out) == []
    outcome = pipeline("list")
    assert outcome.code == 0
    assert outcome.err == "No applications match.\n"


def test_control_characters_are_escaped_in_text_output(pipeline) -> None:
    pipeline("add", "Evil\x1b[31mCorp", "Role\x07")
    for args in (("list",), ("show", "1")):
        out = pipeline(*args).out
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "Evil\\x1b[31mCorp" in out
    # JSON keeps the data exactly, escaped by JSON itself.
    assert (
        json.loads(pipeline("show", "1", "--format", "json").out)["company"] == "Evil\x1b[31mCorp"
    )


def test_show_text_has_fields_and_timeline(pipeline) -> None:
    _seed(pipeline)
    pipeline("move", "1", "interview", "--on", "2024-09-09", "--note", "with the team lead")
    out = pipeline("show", "bytedance").out.splitlines()
    assert out[0] == "#1 ByteDance — LLM engineer"
    assert "  stage     interview 1" in out
    assert "  source    referral" in out
    assert out[-4:] == [
        "    2024-09-02  submitted",
        "    2024-09-09  interview round 1   with the team lead",
        "  interviews",
        "    past      Mon 2024-09-09        round 1",
    ]


def test_config_shows_values_and_their_source(pipeline, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text("dayfirst = true\nghost_after_days = 21\n")
    data = json.loads(pipeline("config", "--format", "json").out)
    assert data["settings"]["dayfirst"] == {"value": True, "source": str(config)}
    assert data["settings"]["ghost_after_days"]["value"] == 21
    assert data["settings"]["follow_up_days"] == {"value": 7, "source": "default"}
    text = pipeline("config").out
    assert "ghost_after_days  21" in text
    assert "(config file)" in text


def test_dayfirst_setting_changes_how_dates_read(pipeline, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text("dayfirst = true\n")
    pipeline("add", "A", "B", "--on", "3/9")
    assert json.loads(pipeline("show", "1", "--format", "json").out)["applied_on"] == "2024-09-03"


def test_broken_config_is_a_clear_error(pipeline, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text("dayfirst = yes please\n")
    outcome = pipeline("add", "A", "B")
    assert outcome.code == 1
    assert outcome.err.startswith(f"error: {config} is not valid TOML")
    assert outcome.err.count("\n") == 1
    config.write_text("ghost_after_days = 'soon'\n")
    assert "ghost_after_days must be a whole number" in pipeline("config").err
    config.write_text("colour = 'red'\n")
    assert "unknown setting 'colour'" in pipeline("config").err


def test_db_option_beats_environment(pipeline, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "x.db"
    assert pipeline("--db", str(other), "add", "A", "B").code == 0
    assert other.exists()
    assert json.loads(pipeline("list", "--format", "json").out) == []
    assert len(json.loads(pipeline("--db", str(other), "list", "--format", "json").out)) == 1


def test_every_command_has_help(pipeline) -> None:
    top = pipeline("--help")
    assert top.code == 0
    for command in ("add", "move", "note", "undo", "archive", "list", "show", "config", "tui"):
        assert command in top.out
        outcome = pipeline(command, "--help")
        assert outcome.code == 0
        assert outcome.out.startswith(f"Usage: pipeline {command}")


def test_search_folds_case_in_every_script_and_reads_timeline_notes(pipeline) -> None:
    pipeline("add", "Яндекс", "ML engineer")
    pipeline("add", "Ärzte Köln GmbH", "Data scientist")
    pipeline("add", "Acme", "Ops")
    pipeline("note", "acme", "Referred by Ünal from the Straße office")

    def found(*words: str) -> list[str]:
        outcome = pipeline("list", "--search", " ".join(words), "--format", "json")
        assert outcome.code == 0, outcome.err
        return [item["company"] for item in json.loads(outcome.out)]

    assert found("яндекс") == ["Яндекс"]
    assert found("ÄRZTE") == ["Ärzte Köln GmbH"]
    assert found("köln", "data") == ["Ärzte Köln GmbH"]
    assert found("ünal") == ["Acme"]  # a timeline note
    assert found("strasse") == ["Acme"]  # ß folds to ss
    assert found("100%") == []  # text, never a LIKE pattern


def test_campaign_and_source_filters_take_an_exact_name_else_every_name_containing_it(
    pipeline,
) -> None:
    pipeline("add", "A", "Eng", "-c", "2024 Autumn Campus", "-s", "referral")
    pipeline("add", "B", "Eng", "-c", "Autumn", "-s", "Referral (alumni)")
    pipeline("add", "C", "Eng", "-c", "spring", "-s", "BOSS直聘")

    def companies(*args: str) -> list[str]:
        outcome = pipeline("list", *args, "--format", "json")
        return [item["company"] for item in json.loads(outcome.out)]

    assert companies("--campaign", "autumn") == ["B"]  # exact (any case) wins
    assert companies("--campaign", "AUTUMN CAMPUS") == ["A"]
    assert companies("--campaign", "aut") == ["A", "B"]
    assert companies("--source", "REFERRAL") == ["A"]
    assert companies("--source", "直聘") == ["C"]
    funnel = pipeline("funnel", "--campaign", "aut", "--format", "json")
    assert json.loads(funnel.out)["levels"][0]["count"] == 2


def test_csv_and_json_show_control_characters_the_same_way(pipeline) -> None:
    pipeline("add", "Esc\x1bape", "Bidi\u202erole", "--note", "del\x7f")
    as_json = pipeline("list", "--format", "json").out
    as_csv = pipeline("list", "--format", "csv").out
    for raw in ("\x1b", "\u202e", "\x7f"):
        assert raw not in as_json and raw not in as_csv
    for shown in ("Esc\\u001bape", "Bidi\\u202erole"):
        assert shown in as_json and shown in as_csv
    assert json.loads(as_json)[0]["company"] == "Esc\x1bape"  # JSON stays exact
