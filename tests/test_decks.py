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
  const scale = Reveal.getScale ? Reveal.getScale() : 1;  // 1 in the test's 1280x720 window
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  // the smallest text on the slide, as rendered (KaTeX's hidden MathML copy aside)
  let smallest = {size: 1e9, text: ''}, smallestScript = {size: 1e9, text: ''};
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    // (KaTeX's zero-width spaces are struts, not text)
    if (!/[^\\s\\u200b-\\u200d\\ufeff]/.test(node.textContent) || el.closest('.katex-mathml') ||
        !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize) * scale;
    const found = {size: size, text: node.textContent.trim().slice(0, 40)};
    if (el.closest('.katex .msupsub')) {  // a formula's sub- or superscript
      if (size < smallestScript.size) smallestScript = found;
    } else if (size < smallest.size) smallest = found;
  }
  // each figure: its cell, its place among the cell's images, and the scale it is drawn at
  const figures = [...slide.querySelectorAll('img')].filter(i => i.naturalWidth && shown(i))
    .map(i => { const cell = i.closest('.jp-Cell');
                return {cell: cell ? cell.id.replace(/^cell-id=/, '') : '',
                        index: cell ? [...cell.querySelectorAll('img')].indexOf(i) : 0,
                        scale: i.getBoundingClientRect().width / i.naturalWidth}; });
  // boxes that overlap: headings, paragraphs, items, code, outputs, tables, figures, none
  // inside another (a paragraph in an item is no overlap), sharing more than 2 px each way
  const boxes = [...slide.querySelectorAll('h1, h2, h3, p, li, pre, table, img, ' +
                                          '.jp-OutputArea-output')].filter(shown);
  const overlaps = [];
  const name = el => el.tagName.toLowerCase() + ' "' + (el.textContent || el.alt || '')
                                                         .trim().slice(0, 30) + '"';
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const [p, q] = [boxes[a], boxes[b]];
      if (p.contains(q) || q.contains(p)) continue;
      const [r, t] = [p.getBoundingClientRect(), q.getBoundingClientRect()];
      const w = Math.min(r.right, t.right) - Math.max(r.left, t.left);
      const h = Math.min(r.bottom, t.bottom) - Math.max(r.top, t.top);
      if (w > 2 && h > 2) overlaps.push(name(p) + ' and ' + name(q));
    }
  return {height: slide.scrollHeight, width: slide.scrollWidth, inner: inner,
          mathErrors: slide.querySelectorAll('.katex-error').length,
          brokenImages: broken.length, title: title, smallestText: smallest,
          smallestScript: smallestScript,
          figures: figures, overlaps: overlaps};
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


# ---- legibility, overlaps and links --------------------------------------------------------
# Text a projector shows from the back of a room: the deck's own text at no less than 14 px of
# the 1280x720 slide (body text is 20 px, code 16, the references 16, a KaTeX subscript about
# 15). Text inside a figure cannot be read from the page: it is estimated as the smallest font
# size the figure's cell sets (`fontsize=` or a named size, in the cell or in a helpers
# function it calls), else the course style's smallest
# (helpers.set_style: tick and legend labels), in points, times the figure's dpi (read from the
# PNG), times the scale the slide draws the figure at; it must come to at least 10 px.
# A formula's sub- and superscripts are smaller by design (KaTeX sets them at 70 % and 50 %):
# at least 10 px.
MIN_TEXT_PX, MIN_SCRIPT_PX, MIN_FIGURE_TEXT_PX = 14, 10, 10
NAMED_SIZES = {"xx-small": 0.579, "x-small": 0.694, "small": 0.833}


def style_smallest_pt():
    import matplotlib as mpl

    import helpers
    with mpl.rc_context():
        helpers.set_style()
        size = mpl.rcParams["font.size"]
        keys = ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize",
                "ytick.labelsize", "legend.fontsize")
        return min(mpl.rcParams[k] if isinstance(mpl.rcParams[k], (int, float))
                   else size * NAMED_SIZES.get(mpl.rcParams[k], 1.0) for k in keys)


def png_dpi(data):
    """The dots per inch a PNG records (its pHYs chunk; Matplotlib writes the figure's dpi)."""
    import base64
    import struct
    png = base64.b64decode(data if isinstance(data, str) else "".join(data))
    at = png.find(b"pHYs")
    if at < 0:
        return 72.0
    per_metre, _, unit = struct.unpack(">IIB", png[at + 4:at + 13])
    return per_metre * 0.0254 if unit == 1 else 72.0


def helper_sources(source):
    """The source of every helpers function a cell calls (helpers.plots, helpers.lecture_plots
    and the rest): a font size set inside a plotting helper counts as the cell's own."""
    import inspect

    import helpers
    import helpers.lecture_plots
    import helpers.plots
    found = []
    for name in set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", source)):
        for module in (helpers, helpers.plots, helpers.lecture_plots):
            function = getattr(module, name, None)
            if inspect.isfunction(function) and function.__module__.startswith("helpers"):
                found.append(inspect.getsource(function))
                break
    return "\n".join(found)


def figure_text_px(cell, index, scale, smallest_pt):
    source = course._source(cell)
    source += "\n" + helper_sources(source)
    sizes = [float(x) for x in re.findall(r"fontsize\s*=\s*(\d+(?:\.\d+)?)", source)]
    sizes += [smallest_pt * NAMED_SIZES[x] for x in
              re.findall(r"fontsize\s*=\s*[\"'](xx-small|x-small|small)[\"']", source)]
    images = [o["data"]["image/png"] for o in cell.get("outputs", [])
              if "image/png" in o.get("data", {})]
    dpi = png_dpi(images[index]) if index < len(images) else 100.0
    return min([smallest_pt, *sizes]) * dpi / 72 * scale


def legibility_problems(name, slides, nb):
    """Text too small to read from the back (the page's own, and the estimate for figures),
    and boxes that overlap, one line per problem."""
    cells = {c["id"]: c for c in nb["cells"]}
    smallest_pt = style_smallest_pt()
    problems = []
    for s in slides:
        where = f"{name} slide {s['number']} (h={s['h']}, v={s['v']}, {s['title']!r})"
        small = s["smallestText"]
        if small["size"] < MIN_TEXT_PX:
            problems.append(f"{where}: text of {small['size']:.1f} px ({small['text']!r}; "
                            f"at least {MIN_TEXT_PX})")
        script = s["smallestScript"]
        if script["size"] < MIN_SCRIPT_PX:
            problems.append(f"{where}: a formula's script of {script['size']:.1f} px "
                            f"({script['text']!r}; at least {MIN_SCRIPT_PX})")
        for figure in s["figures"]:
            if figure["cell"] in cells:
                px = figure_text_px(cells[figure["cell"]], figure["index"], figure["scale"],
                                    smallest_pt)
                if px < MIN_FIGURE_TEXT_PX:
                    problems.append(f"{where}: the figure of cell {figure['cell']} draws text "
                                    f"of about {px:.1f} px (at least {MIN_FIGURE_TEXT_PX}; it "
                                    f"is shown at {figure['scale']:.0%})")
        for pair in s["overlaps"]:
            problems.append(f"{where}: {pair} overlap")
    return problems


def broken_links(page, folder):
    """The <a href> of a page (a deck or the index in folder) that lead nowhere: a file that
    is not in folder, or an anchor that is not in the page it names. Web addresses are not
    followed (the decks open offline)."""
    from urllib.parse import unquote
    problems = []
    for href in re.findall(r'<a\b[^>]*?\shref\s*=\s*"([^"]*)"', page, re.I):
        href = html.unescape(href)
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            continue
        path, _, anchor = href.partition("#")
        target = page
        if path:
            file = Path(folder) / unquote(path)
            if not file.is_file():
                problems.append(f"{href}: no {path} in {folder}")
                continue
            target = file.read_text(encoding="utf-8", errors="replace")
        ids = {f'id="{a}"' for a in (anchor, unquote(anchor), html.escape(unquote(anchor)))}
        if anchor and not anchor.startswith("/") and not any(i in target for i in ids):
            problems.append(f"{href}: no anchor #{unquote(anchor)}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_slide_fits_the_screen(path, measured):
    slides = measured[path.stem]
    if isinstance(slides, Exception):
        raise slides
    assert slides, "an empty deck"
    problems = overflows(path.stem, slides)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_slide_is_legible_without_overlaps(path, measured):
    slides = measured[path.stem]
    if isinstance(slides, Exception):
        raise slides
    problems = legibility_problems(path.stem, slides, course.deck_notebook(
        course.read_notebook(path)))
    assert not problems, "\n".join(problems)


def test_every_link_of_the_decks_leads_somewhere(decks):
    folder = course.DECK_DIR
    problems = [f"{page.name}: {p}" for page in [*decks.values(), folder / "index.html"]
                for p in broken_links(page.read_text(encoding="utf-8"), folder)]
    assert not problems, "\n".join(problems)
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}.html"' in index for name in decks)


def test_title_slide_links_lead_to_decks():
    nb = {"metadata": {}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        _cell("markdown", course.header_source(4), tags=[course.HEADER_TAG], slide_type="slide"),
        _cell("markdown", "## Idea\n\nSee [the searcher](../helpers/bayes.py) and "
              "[notebook 04's toolkit](04_random_search.ipynb#Comparing-two-methods)",
              slide_type="slide")]}
    page = course.deck_html(nb)
    hrefs = re.findall(r'<a\b[^>]*?href="([^"]*)"', page)
    assert "04_random_search.html" in hrefs and "06_evolutionary_algorithms.html" in hrefs
    assert "index.html" in hrefs and "04_random_search.html#Comparing-two-methods" in hrefs
    assert f"{course.REPOSITORY}/blob/{course.BRANCH}/helpers/bayes.py" in hrefs
    assert not [h for h in hrefs if not h.startswith("http") and (".ipynb" in h or "README" in h)]


def test_the_link_check_catches_what_leads_nowhere(tmp_path):
    (tmp_path / "02_manual_search.html").write_text('<h2 id="The-protocol">x</h2>')
    page = ('<h2 id="Here">x</h2><a href="#Here">ok</a><a href="https://x.org">ok</a>'
            '<a href="02_manual_search.html#The-protocol">ok</a>'
            '<a href="01_parameters_vs_hyperparameters.ipynb">bad</a><a href="../README.md">bad'
            '</a><a href="#Nowhere">bad</a><a href="02_manual_search.html#Nowhere">bad</a>')
    problems = broken_links(page, tmp_path)
    assert len(problems) == 4, problems
    assert any(".ipynb" in p for p in problems) and any("README" in p for p in problems)


def test_the_legibility_checks_fail_on_a_crafted_bad_slide(tmp_path):
    """A deck built from a notebook with a slide of each defect: tiny text, a figure whose
    legend is set in 5-point type, and a paragraph pulled up over its heading. Each check must
    report its defect (and the good slide nothing)."""
    _browser_or_skip()
    import base64
    import io

    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7.5, 4))
    ax.plot([0, 1], [0, 1], label="a legend")
    ax.legend(fontsize=5)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    figure = _cell("code", 'ax.legend(fontsize=5)\nplt.show()')
    figure["outputs"] = [{"output_type": "display_data", "metadata": {}, "data": {
        "image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": "<Figure>"}}]
    nb = {"metadata": {}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        _cell("markdown", "## A good slide\n\nText of a readable size.", slide_type="slide"),
        _cell("markdown", '## Tiny text\n\n<span style="font-size: 9px">the fine print</span>',
              slide_type="slide"),
        _cell("markdown", "## A figure", slide_type="slide"), figure,
        _cell("markdown", '## Overlap\n\n<p style="margin-top: -40px">pulled up</p>',
              slide_type="slide")]}
    path = tmp_path / "99_crafted.ipynb"
    course.write_notebook(nb, path)
    decks = {"99_crafted": course.build_decks([path], out_dir=tmp_path / "slides")[0]}
    slides = measure_decks(decks, screenshots=None)["99_crafted"]
    problems = legibility_problems("99_crafted", slides, nb)
    assert not [p for p in problems if "A good slide" in p], problems
    assert [p for p in problems if "Tiny text" in p and "9.0 px" in p], problems
    assert [p for p in problems if "A figure" in p and "draws text" in p], problems
    assert [p for p in problems if "Overlap" in p and "overlap" in p], problems
    assert overflows("99_crafted", slides) == []


# ---- the instructor's guide: decks/guide/ ---------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_instructors_guide_matches_its_notebook(path):
    """A page per lecture; its minutes regenerated from the notebook add up to the syllabus
    minutes and are the ones on the page (else `make guide`); every section and exercise it
    names exists in the notebook."""
    index = [stem for stem, *_ in course.SYLLABUS].index(path.stem)
    page = course.guide_path(index)
    assert page.is_file(), f"no instructor's guide page {page.relative_to(course.ROOT)}"
    minutes = course.SYLLABUS[index][4]
    sections = course.section_minutes(course.read_notebook(path), minutes)
    assert sum(m for _, m, *_ in sections) + course.GUIDE_RESERVE == minutes
    assert all(m >= 1 for _, m, *_ in sections)
    assert page not in course.guide_out_of_sync(), "run `make guide`: the notebook changed"
    assert course.guide_problems(index) == []


def test_the_guides_index_lists_every_lecture():
    """decks/guide/README.md links each lecture's page, with the syllabus minutes."""
    index = (course.guide_path(0).parent / "README.md").read_text(encoding="utf-8")
    for i, (stem, title, *_, minutes) in enumerate(course.SYLLABUS):
        row = f"| {stem[:2]} | [{title}]({course.guide_path(i).name}) | {minutes} |"
        assert row in index, f"decks/guide/README.md lacks the row {row}"


def test_the_guide_check_fails_on_a_missing_section(tmp_path, monkeypatch):
    page = course.guide_path(0).read_text(encoding="utf-8")
    monkeypatch.setattr(course, "GUIDE_DIR", tmp_path)
    (tmp_path / course.guide_path(0).name).write_text(
        page + "\n- Cut [A section that was renamed] and Exercise 9.\n", encoding="utf-8")
    problems = course.guide_problems(0)
    assert any("A section that was renamed" in p for p in problems)
    assert any("Exercise 9" in p for p in problems)
