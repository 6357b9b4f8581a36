"""The wheel carries the built dataset: installed in a clean virtual environment, used from
another folder, load_dataset() and `kuril-data info` work with no checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from _publish import ROOT, expected_counts


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ folder of a fresh venv with the freshly built wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
          str(tmp / "dist"), str(ROOT)], cwd=tmp)
    wheel = next((tmp / "dist").glob("kuril_data-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    # The package's own dependencies are already in this test's environment: reuse them
    # offline through --find-links of nothing but the wheel, falling back to the index.
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp)
    return bin_dir


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["HF_HUB_OFFLINE"] = "1"
    return env


@pytest.mark.slow
def test_installed_wheel_loads_the_packaged_dataset(installed, tmp_path):
    out = _run([str(installed / "python"), "-c",
                "import json, kuril_data\nds = kuril_data.load_dataset()\n"
                "print(json.dumps([kuril_data.__file__, ds.counts()]))"],
               cwd=tmp_path, env=_clean_env())
    import json

    location, counts = json.loads(out)
    assert str(ROOT) not in location
    assert counts == expected_counts()


@pytest.mark.slow
def test_installed_wheel_runs_info(installed, tmp_path):
    out = _run([str(installed / "kuril-data"), "info"], cwd=tmp_path, env=_clean_env())
    assert "checksums: OK" in out
    for name, n in expected_counts().items():
        assert f"{n} rows" in out
