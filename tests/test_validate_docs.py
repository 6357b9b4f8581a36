"""The README's validation section is generated from the catalogue, never typed by hand."""

from __future__ import annotations

from helpers import REPO

from kuril_data.cli.validate import catalogue_markdown


def test_readme_carries_the_current_error_catalogue():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- validation:start -->")[1].split("<!-- validation:end -->")[0]
    assert catalogue_markdown() in section


def test_pre_commit_hook_runs_the_validator():
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: kuril-data-validate" in text
    assert "entry: kuril-data validate" in text
