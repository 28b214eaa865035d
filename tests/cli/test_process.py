"""The installed `pipeline` command as a real process: start-up hygiene, exit codes, output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Start-up of the real command on a SQLite file; test_postgres.py runs a server's variant.
pytestmark = pytest.mark.sqlite_only(reason="processes on files of their own")

PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"


def _run(*args: str, env_db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIPELINE_DB": str(env_db)}
    return subprocess.run([PIPELINE, *args], capture_output=True, text=True, env=env, timeout=60)


def test_quick_add_never_imports_textual_alembic_or_psycopg(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert _run("add", "Warm", "Up", env_db=db).returncode == 0  # creates and migrates
    script = (
        "import sys\n"
        "from pipeline_tui.cli import run\n"
        "status = run(['add', 'ByteDance', 'LLM engineer', '--on', 'yesterday'])\n"
        "heavy = {'textual', 'alembic', 'psycopg', 'httpx', 'keyring'}\n"
        "heavy = sorted({name.split('.')[0] for name in sys.modules} & heavy)\n"
        "print(status, heavy)\n"
    )
    env = {**os.environ, "PIPELINE_DB": str(db)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"


def test_statistics_need_no_scipy_numpy_or_textual(tmp_path: Path) -> None:
    """scipy is a test dependency: the reports that use the statistics never import it."""
    db = tmp_path / "x.db"
    assert _run("add", "Warm", "Up", "--cv", "v3", env_db=db).returncode == 0
    script = (
        "import sys\n"
        "from pipeline_tui.cli import run\n"
        "for args in (['funnel', '--by', 'cv', '--format', 'json'], ['replies', '--by', 'cv'],\n"
        "             ['forecast'], ['versions'], ['weekly', '--format', 'html']):\n"
        "    assert run(args) == 0, args\n"
        "heavy = {'scipy', 'numpy', 'textual'}\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & heavy))\n"
    )
    env = {**os.environ, "PIPELINE_DB": str(db)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_cli_package_does_not_import_textual_at_module_level() -> None:
    script = "import sys, pipeline_tui.cli; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


@pytest.mark.slow
def test_installed_command_adds_lists_and_fails_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    added = _run("add", "字节跳动", "大模型算法工程师", "--format", "json", env_db=db)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["company"] == "字节跳动"
    listed = _run("list", "--format", "json", env_db=db)
    assert [item["role"] for item in json.loads(listed.stdout)] == ["大模型算法工程师"]
    bad = _run("move", "1", "hired", env_db=db)
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: unknown stage 'hired'")
    assert bad.stderr.count("\n") == 1
    usage = _run("add", env_db=db)
    assert usage.returncode == 2
    assert usage.stderr.count("\n") == 1
    module = subprocess.run(
        [sys.executable, "-m", "pipeline_tui", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0
    assert module.stdout.startswith("pipeline, version ")


_PIPED = [
    "list --format csv",
    "list --format json",
    "list",
    "funnel --by week --format json",
    "weekly --format html",
]


def _buffered_env(db: Path) -> dict[str, str]:
    """The environment of a user's shell: PIPELINE_DB set, standard output block-buffered
    (PYTHONUNBUFFERED, which test runners often set, would hide a failing flush)."""
    env = {**os.environ, "PIPELINE_DB": str(db)}
    env.pop("PYTHONUNBUFFERED", None)
    return env


@pytest.mark.parametrize("args", _PIPED)
def test_output_to_a_closed_pipe_is_not_an_error(tmp_path: Path, args: str) -> None:
    db = tmp_path / "x.db"
    assert _run("demo", "--size", "3000", env_db=db).returncode == 0
    result = subprocess.run(
        ["bash", "-c", f"'{PIPELINE}' {args} | head -c 20; exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        env=_buffered_env(db),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "error" not in result.stderr


@pytest.mark.slow
def test_closed_pipes_never_fail_under_load(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Every piped command, four at once: readers that stop after a few bytes or close before
    reading anything, output buffered or not (`pytest --soak`: ten rounds of it). Any exit but
    0 is a failure."""
    from concurrent.futures import ThreadPoolExecutor

    db = tmp_path / "x.db"
    assert _run("demo", "--size", "1500", env_db=db).returncode == 0
    readers = ("head -c 20", "true")
    rounds = 10 if request.config.getoption("--soak") else 1
    runs = []
    for unbuffered in (False, True):
        env = _buffered_env(db)
        if unbuffered:
            env["PYTHONUNBUFFERED"] = "1"
        for args in [*_PIPED, "--help"]:
            for reader in readers:
                runs.append((f"'{PIPELINE}' {args} | {reader}; exit ${{PIPESTATUS[0]}}", env))

    def run(item: tuple[str, dict[str, str]]) -> tuple[str, int, str]:
        script, env = item
        done = subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=120
        )
        return script, done.returncode, done.stderr

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(run, runs * rounds))
    failures = [
        (script, code, err)
        for script, code, err in outcomes
        if code != 0 or "Traceback" in err or "error" in err
    ]
    assert failures == []
