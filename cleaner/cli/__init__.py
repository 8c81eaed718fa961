"""The command line: the ``cleaner`` group, one module a command group beside it.

Shared options and config loading are in :mod:`cleaner.cli.options`, which no command
module imports back from; every command is added to the group here, in one place."""

from __future__ import annotations

import click

from cleaner.cli import check, clean, config, learn, rules, views


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleaner")
def main() -> None:
    """Repair encoding damage and strip boilerplate from scraped text, logging every edit."""


main.add_command(clean.clean)
main.add_command(clean.restore_command)
main.add_command(rules.rules_group)
main.add_command(config.show_config)
main.add_command(config.list_passes)
main.add_command(learn.learn)
main.add_command(views.diff)
main.add_command(views.explain)
main.add_command(views.report)
main.add_command(check.check)
