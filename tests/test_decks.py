"""The lecture decks (`make slides`): what goes in them, that they open offline, and, in a real
headless browser (Debian's chromium driven by Playwright), that every slide fits a 1280x720
screen. A screenshot of every slide lands in build/slides/screenshots/<deck>/NN.png, for a
person to look at. Without playwright or /usr/bin/chromium the browser test is skipped (it
fails instead when CI=true: CI installs both)."""

import html
import itertools
import os
import re
from pathlib import Path

import pytest

import course  # the maintainers' notebook machinery, tools/course.py

NOTEBOOKS = course.notebook_paths()
IDS = [p.stem for p in NOTEBOOKS]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = course.DECK_DIR / "screenshots"
TOLERANCE = 1  # px: sub-pixel rounding is not an overflow


def page_lines(page):
    """A deck's text as a reader sees it, line by line: tags dropped (pygments' spans too),
    entities decoded, each line stripped."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return {line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "", page)).splitlines()}


def lines_only_in(left_out, kept):
    """Code lines of the cells left out that appear in no kept cell: those must not show."""
    kept_lines = {line.strip() for cell in kept for line in course._source(cell).splitlines()}
    return {line.strip() for cell in left_out for line in course._source(cell).splitlines()
            if len(line.strip()) > 12 and line.strip() not in kept_lines}


# ---- the content rules, on a small notebook: no browser, about a second ----------------------

def _cell(cell_type, source, tags=(), slide_type="-", ids=itertools.count()):
    cell = {"cell_type": cell_type, "id": f"cell-{next(ids)}",
            "metadata": {"slideshow": {"slide_type": slide_type}, "tags": list(tags)},
            "source": source}
    if cell_type == "code":
        cell.update(execution_count=1, outputs=[{
            "output_type": "stream", "name": "stdout", "text": f"output of {source[:12]}\n"}])
    return cell


def test_deck_content_rules():
    badge = ("[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
             "(https://colab.research.google.com/x)")
    nb = {"metadata": {"widgets": {"state": {}}}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        _cell("markdown", f"# 99 · A title\n\n{badge}", slide_type="slide"),
        _cell("markdown", "## The idea\n\nInline $x^2$ maths.", slide_type="slide"),
        _cell("code", "shown_variable = 1"),
        _cell("code", "# extra code: plotting plumbing\nplumbing_variable = 2"),
        _cell("code", "hidden_input = 3", tags=[course.EXTRA_CODE_TAG]),
        _cell("markdown", "## Key takeaways\n\nTakeaway text.", slide_type="slide"),
        _cell("markdown", "## Going further: deeper\n\nDepth text.", slide_type="slide"),
        _cell("code", "depth_variable = 4"),
        _cell("markdown", "### A sub-part of going further", slide_type="subslide"),
        _cell("markdown", "## Exercises\n\nExercise text.", slide_type="slide"),
        _cell("code", "answer_variable = 5", tags=[course.SOLUTION_TAG]),
    ]}
    page = course.deck_html(nb)
    text = "\n".join(page_lines(page))
    for shown in ("The idea", "shown_variable", "output of # extra code", "output of hidden_input",
                  "Takeaway text", "Exercise text", "Open in Colab"):
        assert shown in text, shown
    for hidden in ("plumbing_variable", "hidden_input = 3", "Going further", "depth_variable",
                   "Depth text", "A sub-part", "answer_variable"):
        assert hidden not in text, hidden
    assert course.off_machine_urls(page) == []
    assert "https://colab.research.google.com/x" in page  # a link to click stays a link
    assert page.count("<section") >= 4 and "assets/reveal.js/dist/reveal.js" in page


def test_off_machine_urls_are_found():
    page = ('<script src="https://unpkg.com/reveal.js"></script><link rel="stylesheet" '
            'href="//cdn.example/x.css"><img src="http://x/y.png"><a href="https://ok">ok</a>'
            '<style>@import url(https://fonts.example/f.css);</style><script src="assets/a.js">')
    assert course.off_machine_urls(page) == [
        "//cdn.example/x.css", "http://x/y.png", "https://fonts.example/f.css",
        "https://unpkg.com/reveal.js"]


# ---- the course's own decks -------------------------------------------------------------------

@pytest.fixture(scope="module")
def decks():
    """Every notebook's deck, built once into build/slides/ (as `make slides` does)."""
    return {path.stem: path for path in course.build_decks(out_dir=course.DECK_DIR)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_deck_leaves_out_solutions_going_further_and_plumbing(path, decks):
    nb = course.read_notebook(path)
    page = decks[path.stem].read_text(encoding="utf-8")
    text = page_lines(page)
    kept = course.deck_notebook(nb)["cells"]
    kept_ids = {c["id"] for c in kept}
    left_out = [c for c in nb["cells"] if c["id"] not in kept_ids]
    assert not any(course.SOLUTION_TAG in course._tags(c) for c in kept)
    for line in lines_only_in([c for c in left_out if c["cell_type"] == "code"], kept):
        assert line not in text, f"left-out code shows in the deck: {line!r}"
    assert not re.search(r"<h2[^>]*>\s*Going further", page), "a Going further section shows"
    plumbing = [c for c in kept if course._is_extra_code(c)]
    for line in lines_only_in(plumbing, [c for c in kept if c not in plumbing]):
        assert line not in text, f"the input of an extra-code cell shows: {line!r}"
    assert course.off_machine_urls(page) == []


def _browser_or_skip():
    reason = None
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install playwright; `make test` installs it)"
    if reason is None and not CHROMIUM.is_file():
        reason = f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)


# The current slide's size, in the slide's own pixels (reveal.js scales the 1280x720 slide to
# the window; the test's window is exactly 1280x720): a slide is a box of auto height, so its
# scroll size is where its content ends. Also the boxes inside it that scroll sideways (a wide
# code line, output or table): on a projector nobody scrolls.
MEASURE = """() => {
  const slide = Reveal.getCurrentSlide();
  let inner = 0;
  for (const el of slide.querySelectorAll('pre, table, .jp-OutputArea-output, .jp-InputArea-editor'))
    inner = Math.max(inner, el.scrollWidth - el.clientWidth);
  let title = '';  // the slide's heading, or the one it continues (its text only)
  for (let s = slide; s && !title; s = s.previousElementSibling) {
    const heading = s.querySelector('h1, h2, h3');
    if (!heading) continue;
    const text = heading.cloneNode(true);
    text.querySelectorAll('.katex-mathml, .anchor-link').forEach(e => e.remove());
    title = text.textContent.trim().slice(0, 60) + (s === slide ? '' : ', continued');
  }
  const broken = [...slide.querySelectorAll('img')].filter(i => !i.complete || !i.naturalWidth);
  return {height: slide.scrollHeight, width: slide.scrollWidth, inner: inner,
          mathErrors: slide.querySelectorAll('.katex-error').length,
          brokenImages: broken.length, title: title};
}"""

# Every slide and sub-slide in order, each with all its fragments shown, measured in one call
# inside the page (a round trip per slide would cost seconds).
MEASURE_ALL = f"""() => Reveal.getSlides().map((slide, i) => {{
  const where = Reveal.getIndices(slide);
  Reveal.slide(where.h, where.v, 1000);
  return Object.assign(({MEASURE})(), {{number: i + 1, h: where.h, v: where.v}});
}})"""


# Go to a slide, all fragments shown, and wait until its pictures are decoded (a screenshot
# taken before shows a blank where the figure goes).
SHOW = """async ([h, v]) => {
  Reveal.slide(h, v, 1000);
  const images = [...Reveal.getCurrentSlide().querySelectorAll('img')];
  await Promise.all(images.map(image => image.decode().catch(() => null)));
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""


async def _measure_deck(browser, deck, screenshots):
    page = await browser.new_page(
        viewport={"width": course.DECK_WIDTH, "height": course.DECK_HEIGHT})
    try:
        await page.goto(deck.resolve().as_uri())
        await page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        slides = await page.evaluate(MEASURE_ALL)
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            for old in screenshots.glob("*.png"):
                old.unlink()
            for s in slides:
                await page.evaluate(SHOW, [s["h"], s["v"]])
                await page.screenshot(path=str(screenshots / f"{s['number']:02d}.png"),
                                      animations="disabled")
        return slides
    finally:
        await page.close()


def measure_decks(decks, screenshots=SCREENSHOTS, at_once=4):
    """{deck name: one dict per slide (number, indices, size, title)} for the decks given
    ({name: path}), in one headless Chromium, a few decks at a time (a screenshot mostly waits
    for a frame, so pages in parallel overlap the waits). A screenshot of every slide goes to
    screenshots/<deck>/NN.png unless screenshots is None. A deck that could not be measured
    maps to its exception."""
    import asyncio
    import concurrent.futures

    from playwright.async_api import async_playwright

    async def run():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM))
            gate = asyncio.Semaphore(at_once)

            async def one(name, deck):
                async with gate:
                    try:
                        return name, await _measure_deck(
                            browser, deck, screenshots / name if screenshots else None)
                    except Exception as error:  # reported by that deck's test
                        return name, error
            try:
                return dict(await asyncio.gather(*(one(n, d) for n, d in decks.items())))
            finally:
                await browser.close()

    # in a thread of its own, where no event loop runs whatever the rest of the session did
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, run()).result()


@pytest.fixture(scope="module")
def measured(decks):
    _browser_or_skip()
    return measure_decks(decks)


def overflows(name, slides):
    """What does not fit, one line per problem, naming the deck and the slide."""
    problems = []
    for s in slides:
        where = f"{name} slide {s['number']} (h={s['h']}, v={s['v']}, {s['title']!r})"
        if s["height"] > course.DECK_HEIGHT + TOLERANCE:
            problems.append(f"{where}: {s['height'] - course.DECK_HEIGHT} px too tall")
        if s["width"] > course.DECK_WIDTH + TOLERANCE:
            problems.append(f"{where}: {s['width'] - course.DECK_WIDTH} px too wide")
        if s["inner"] > TOLERANCE:
            problems.append(f"{where}: a box scrolls sideways by {s['inner']} px")
        if s["mathErrors"]:
            problems.append(f"{where}: {s['mathErrors']} formula(s) KaTeX cannot render")
        if s["brokenImages"]:
            problems.append(f"{where}: {s['brokenImages']} image(s) did not load")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_slide_fits_the_screen(path, measured):
    slides = measured[path.stem]
    if isinstance(slides, Exception):
        raise slides
    assert slides, "an empty deck"
    problems = overflows(path.stem, slides)
    assert not problems, "\n".join(problems)
