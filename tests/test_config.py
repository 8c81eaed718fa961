"""Configuration: found like linters find theirs, flags over files, errors name the file."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.cli.config import effective
from cleaner.core.config import Config, ConfigError, find_config_file, load_config, to_toml


def test_nearest_cleaner_toml_or_pyproject_with_a_cleaner_table_is_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\npasses = ["decode", "normalize"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.black]\nline-length = 80\n")
    assert find_config_file(deep) == tmp_path / "pyproject.toml"
    assert load_config(start=deep).passes == ("decode", "normalize")
    (deep / "cleaner.toml").write_text('passes = ["decode"]\n')
    assert load_config(start=deep).passes == ("decode",)


def test_no_config_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(start=tmp_path) == Config()


def test_rule_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    config_file = tmp_path / "cleaner.toml"
    config_file.write_text('[rules]\npaths = ["mine"]\ndisable_categories = ["nav"]\n')
    config = Config.from_file(config_file)
    assert config.options["rules"]["paths"] == [str(tmp_path / "mine")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("passes = 3\n", "'passes' must be a list"),
        ("colour = 1\n", "unknown setting 'colour'"),
        ("[normalize]\nnfkc = true\n", "bad options"),
        ("max_removed_share = 2.0\n", "max_removed_share"),
        ('[rules]\ndisable = ["no.such.rule"]\n', "unknown rule 'no.such.rule'"),
        ('[rules]\ndisable_categories = ["nonsense"]\n', "unknown rule category 'nonsense'"),
        ("passes = [\n", "cleaner.toml"),
    ],
)
def test_bad_config_names_the_file_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "cleaner.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message) as error:
        Config.from_file(path)
    assert str(path) in str(error.value)


def test_cli_flags_switch_rule_categories_off(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("Text.\n\n00:00 / 00:00\nAbspielen\nSchließen\n\nMehr Text.\n")
    out = tmp_path / "out.txt"  # one input file: -o names the output file
    runner = CliRunner()
    result = runner.invoke(main, ["clean", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Abspielen" not in out.read_text()
    result = runner.invoke(
        main, ["clean", str(source), "-o", str(out), "--disable-category", "player"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Abspielen" in out.read_text()


def test_cli_adds_a_users_rule_file_and_lists_it(tmp_path: Path) -> None:
    rules = tmp_path / "site.toml"
    rules.write_text(
        '[[rule]]\nid = "site.next"\ncategory = "nav"\nscope = "line"\n'
        'phrases = ["Zum Nächsten Wechseln"]\nremove = ["zum nächsten  wechseln"]\n'
    )
    source = tmp_path / "doc.txt"
    source.write_text("Text.\n\nZum nächsten Wechseln\n")
    out = tmp_path / "out.txt"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["clean", str(source), "-o", str(out), "--rules", str(rules)]).exit_code
        == 0
    )
    assert out.read_text() == "Text.\n"
    listing = runner.invoke(main, ["rules", "list", "--rules", str(rules)]).output
    assert "site.next\tnav\t*\tline\tZum Nächsten Wechseln" in listing.splitlines()


def test_cleaner_config_prints_file_flags_and_defaults_as_toml_that_reads_back(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\nmax_seconds = 9\n[tool.cleaner.rules]\ndisable = ["de.nav.portal"]\n'
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["config", "--max-bytes", "1000", "--id-field", "key"])
    assert result.exit_code == 0, result.output
    shown = result.output
    assert shown.startswith(f"# effective configuration; from {tmp_path / 'pyproject.toml'}\n")
    for line in [
        "max_seconds = 9\n",  # from the file
        "max_bytes = 1000",  # a flag over it
        'id_field = "key"',
        'disable = ["de.nav.portal"]',
        "[offtopic]\nthreshold = 0.1",  # a default
    ]:
        assert line in shown
    (tmp_path / "again.toml").write_text(shown.split("\n", 1)[1])
    again = Config.from_file(tmp_path / "again.toml")
    assert to_toml(effective(again)) == shown.split("\n", 1)[1]
