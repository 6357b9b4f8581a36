"""The wheel carries the built dataset: installed in a clean virtual environment, used from
another folder with no network at all (a fresh network namespace, `unshare -n`),
load_dataset() and `kuril-data info` work with no checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from helpers import ROOT, expected_counts


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ folder of a fresh venv with the freshly built wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    _run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp / "dist"),
            str(ROOT),
        ],
        cwd=tmp,
    )
    wheel = next((tmp / "dist").glob("kuril_data-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    # Installing needs the registry for the dependencies; using it afterwards does not.
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp)
    return bin_dir


def _offline(cmd: list[str]) -> list[str]:
    """``cmd`` run in a new network namespace with no interfaces up: no network at all."""
    unshare = shutil.which("unshare")
    if not unshare or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode:
        pytest.skip("cannot create a network namespace here (needs root and unshare)")
    return [unshare, "-n", *cmd]


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["HF_HUB_OFFLINE"] = "1"
    return env


@pytest.mark.slow
def test_installed_wheel_loads_the_packaged_dataset(installed, tmp_path):
    out = _run(
        _offline(
            [
                str(installed / "python"),
                "-c",
                "import json, kuril_data\nds = kuril_data.load_dataset()\n"
                "print(json.dumps([kuril_data.__file__, ds.counts()]))",
            ]
        ),
        cwd=tmp_path,
        env=_clean_env(),
    )
    import json

    location, counts = json.loads(out)
    assert str(ROOT) not in location
    assert counts == expected_counts()


@pytest.mark.slow
def test_offline_namespace_really_has_no_network(tmp_path):
    """The checks here mean something: in the namespace even loopback is down, so no address is reachable."""
    out = _run(
        _offline(
            [
                sys.executable,
                "-c",
                "import errno, socket\ntry:\n"
                "    socket.create_connection(('127.0.0.1', 9), 2)\n"
                "except OSError as e:\n    print(errno.errorcode.get(e.errno))",
            ]
        ),
        cwd=tmp_path,
    )
    assert out.strip() == "ENETUNREACH"


@pytest.mark.slow
def test_installed_wheel_runs_info(installed, tmp_path):
    out = _run(_offline([str(installed / "kuril-data"), "info"]), cwd=tmp_path, env=_clean_env())
    assert "checksums: OK" in out
    for _name, n in expected_counts().items():
        assert f"{n} rows" in out


@pytest.mark.slow
def test_installed_wheel_validates_without_the_optional_fast_path(installed, tmp_path):
    """The wheel alone (no `scale` extra: no orjson, no jsonschema-rs) validates the
    packaged dataset and finds a broken offset in a copy of an article."""
    probe = _run(
        [
            str(installed / "python"),
            "-c",
            "import importlib.util as u; print(u.find_spec('orjson') is None, "
            "u.find_spec('jsonschema_rs') is None)",
        ],
        cwd=tmp_path,
    )
    assert probe.split() == ["True", "True"]
    done = subprocess.run(
        _offline([str(installed / "kuril-data"), "validate"]),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_clean_env(),
    )
    assert done.returncode == 0 and "valid: 0 errors" in done.stderr
    article = next((ROOT / "dataset" / "articles").glob("*.json"))
    broken = tmp_path / article.name
    broken.write_text(
        article.read_text(encoding="utf-8").replace('"span_start": 0,', '"span_start": 1,', 1),
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(installed / "kuril-data"), "validate", str(broken)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_clean_env(),
    )
    assert done.returncode == 1 and "span-mismatch" in done.stdout + done.stderr


def test_installed_wheel_exports_and_imports_web_annotation_offline(installed, tmp_path):
    """The JSON-LD context ships in the wheel; export, then import into a copy of the
    packaged dataset, with no network."""
    exe = str(installed / "kuril-data")
    env = _clean_env()
    _run(
        _offline([exe, "export", "--format", "webanno", "--out", str(tmp_path / "w")]),
        tmp_path,
        env,
    )
    folder = Path(_run([exe, "path"], cwd=tmp_path, env=env).strip())
    shutil.copytree(folder, tmp_path / "copy", ignore=shutil.ignore_patterns("articles"))
    (tmp_path / "copy" / "articles").mkdir()
    source = next((tmp_path / "w").glob("*.jsonld"))
    out = _run(
        _offline(
            [exe, "import", "--format", "webanno", str(source), "--dataset", str(tmp_path / "copy")]
        ),
        tmp_path,
        env,
    )
    imported = tmp_path / "copy" / "articles" / f"{source.stem}.json"
    assert out == f"{imported}: imported\n"
    assert imported.read_bytes() == (folder / "articles" / f"{source.stem}.json").read_bytes()
    context = _run(
        [
            str(installed / "python"),
            "-c",
            "from kuril_data.exchange.webanno import anno_context; print(len(anno_context()['@context']))",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert int(context) > 30
