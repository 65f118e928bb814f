"""The data commands' one optional argument (dashboard/cli.py), through both commands."""

from pathlib import Path

import pytest

from dashboard.cli import data_dir_argument
from dashboard.loading import DATA_DIR_ENV
from dashboard.translations import main as translations_main
from dashboard.validate import main as validate_main


def test_no_argument_means_the_environments_data_directory(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert data_dir_argument([], "usage") == tmp_path
    assert data_dir_argument(["elsewhere"], "usage") == Path("elsewhere")


@pytest.mark.parametrize("command", [validate_main, lambda argv: translations_main(["--check", *argv])])
def test_help_prints_the_usage_and_a_wrong_call_exits_2(command, capsys):
    assert command(["--help"]) == 0
    assert "python -m dashboard." in capsys.readouterr().out
    assert command(["one", "two"]) == 2
    assert "python -m dashboard." in capsys.readouterr().out
