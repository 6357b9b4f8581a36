"""Machine-readable validation output stays machine-readable whatever the input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from helpers import DATASET


@pytest.mark.parametrize("date", ["/...", "1956-13", "../..x"])
def test_json_report_is_valid_json_for_odd_edtf_dates(tmp_path, date):
    data = tmp_path / "dataset"
    shutil.copytree(DATASET / "articles", data / "articles")
    shutil.copy(DATASET / "entities.json", data / "entities.json")
    path = next((data / "articles").glob("*.json"))
    article = json.loads(path.read_text(encoding="utf-8"))
    article["events"][0]["date"] = date
    path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kuril_data.cli", "validate", "--format", "json", str(data)],
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["valid"] is False
    assert "Traceback" not in done.stderr
