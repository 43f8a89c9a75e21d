"""What every resident page must pass in the browser: axe, touch targets, no sideways scrolling."""

from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()

# A checkbox or radio button is not measured itself: its label card is the target.
TARGETS = """
(minimum) => {
  const offenders = [];
  const controls = document.querySelectorAll(
    'a, button, select, summary, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]),'
    + ' label:has(input[type=checkbox]), label:has(input[type=radio])');
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    const hidden = !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden';
    const skip = el.classList.contains('skip-link') && document.activeElement !== el;
    if (!hidden && !skip && (box.width < minimum || box.height < minimum)) {
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      offenders.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${size}`);
    }
  }
  return offenders;
}
"""


def assert_accessible(page):
    """axe-core with the WCAG 2.2 AA tags: no violation at all."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert violations == [], f"{page.url}: {len(violations)} axe violations\n" + "\n".join(
        f"  {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )


def assert_touch_targets(page, minimum=48):
    """Every visible control (and each checkbox or radio card) is at least minimum x minimum CSS px."""
    offenders = page.evaluate(TARGETS, minimum)
    assert offenders == [], f"{page.url}: targets under {minimum}x{minimum}: {offenders}"


def assert_no_horizontal_scroll(page, width=320):
    """At 320 px the page reflows: nothing sticks out sideways."""
    page.set_viewport_size({"width": width, "height": 800})
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url}: {scroll}px wide at {width}px"
