"""kuril-data diff: records added, removed and changed by id, with field-level changes."""

from __future__ import annotations

import json

from helpers import DATASET, copy_dataset, run_cli


def _edited_copy(tmp_path):
    new = copy_dataset(tmp_path / "new")
    path = next((new / "articles").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    removed = data["facts"].pop()
    data["old_factuality"] = data["facts"][0]["factuality"]
    data["facts"][0]["factuality"] = "PR-" if data["old_factuality"] != "PR-" else "PR+"
    old_factuality = data.pop("old_factuality")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    data["old_factuality"] = old_factuality
    return new, data, removed


def test_identical_datasets_have_no_differences():
    result = run_cli("diff", DATASET, DATASET)
    assert (result.code, result.out) == (0, "no differences\n")


def test_text_lists_removed_records_and_changed_fields(tmp_path):
    new, data, removed = _edited_copy(tmp_path)
    result = run_cli("diff", DATASET, new)
    assert result.code == 0
    assert result.out.splitlines() == [
        f"- facts {removed['fact_id']}",
        f"~ facts {data['facts'][0]['fact_id']} factuality: "
        f'"{data["old_factuality"]}" -> "{data["facts"][0]["factuality"]}"',
        "facts: +0 -1 ~1",
    ]


def test_json_and_markdown_give_the_same_counts(tmp_path):
    new, data, removed = _edited_copy(tmp_path)
    report = json.loads(run_cli("diff", DATASET, new, "--format", "json").out)
    assert report["counts"]["facts"] == {"added": 0, "removed": 1, "changed": 1}
    assert report["removed"]["facts"] == [removed["fact_id"]]
    assert report["changed"]["facts"][data["facts"][0]["fact_id"]] == [
        {
            "field": "factuality",
            "old": data["old_factuality"],
            "new": data["facts"][0]["factuality"],
        }
    ]
    markdown = run_cli("diff", DATASET, new, "--format", "markdown").out
    assert "| facts | 0 | 1 | 1 |" in markdown
    assert f"- removed `{removed['fact_id']}`" in markdown


def test_a_missing_folder_is_an_input_error(tmp_path):
    result = run_cli("diff", DATASET, tmp_path / "nowhere")
    assert result.code == 2
    assert result.err == f"kuril-data diff: {tmp_path / 'nowhere'}: not a dataset folder\n"


def test_a_long_changed_value_is_shown_around_its_first_difference(tmp_path):
    new = copy_dataset(tmp_path / "new")
    path = next((new / "articles").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    fact = data["facts"][0]
    old = fact["statement"]
    fact["statement"] = old[:-1] + "!"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    line = run_cli("diff", DATASET, new).out.splitlines()[0]
    assert line.startswith(f"~ facts {fact['fact_id']} statement: \u2026")
    assert line.endswith('!"')
    assert '."' in line.split(" -> ")[0]


def test_a_fifo_as_entities_json_is_refused_without_hanging(tmp_path):
    import os

    new = copy_dataset(tmp_path / "new")
    (new / "entities.json").unlink()
    os.mkfifo(new / "entities.json")
    result = run_cli("diff", DATASET, new)
    assert (result.code, result.err) == (
        2,
        f"kuril-data diff: {new / 'entities.json'}: not a regular file\n",
    )
