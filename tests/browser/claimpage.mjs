// Claim pages as a reader first sees them, in Debian's Chromium: where the verdict box (its
// word and the first line of its explanation) ends at a phone's and a desktop's first
// screen, the size of every citation and figure mark, the site menu at 320 px, and
// screenshots of the first screen (light at 375 and 1280 px, dark at 1280 px).
// usage: node claimpage.mjs BASE_URL SHOTS_DIR PATH...   (prints JSON)
import fs from 'node:fs';
import path from 'node:path';
import { reportOn } from './chromium.mjs';

const [base, shots, ...paths] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });

// What one page shows at one size: boxes as {top, bottom, left, right, width, height}.
function measure() {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right,
             width: r.width, height: r.height };
  };
  const verdict = document.querySelector('#verdict');
  const word = verdict && verdict.querySelector('.badge, .verdict-line');
  // The explanation's first line: the first rectangle of its first words.
  const summary = verdict && verdict.querySelector('.summary');
  let firstLine = null;
  const walker = summary && document.createTreeWalker(summary, NodeFilter.SHOW_TEXT,
    (node) => (node.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP));
  const first = walker && walker.nextNode();
  if (first) {
    const range = document.createRange();
    range.selectNodeContents(first);
    const rect = range.getClientRects()[0];
    firstLine = { top: rect.top, bottom: rect.bottom, text: first.data.trim().slice(0, 40) };
  }
  const header = document.querySelector('.site-header');
  const title = document.querySelector('main article > header, main h1');
  // Every citation and figure mark: its kind, text, accessible name, size, and whether what
  // it links to on this page is there (null: it links to another page).
  const marks = [...document.querySelectorAll('main .cite a, main a.figure')].map((a) => ({
    kind: a.closest('.cite') ? 'cite' : 'figure', text: a.textContent,
    name: a.getAttribute('aria-label') || a.textContent, href: a.getAttribute('href'), ...box(a),
    target: a.pathname === location.pathname
      ? !!document.getElementById(decodeURIComponent(a.hash.slice(1))) : null,
  }));
  const nav = [...document.querySelectorAll('#site-nav li')].map((li) => ({
    text: li.textContent.trim(), lines: li.querySelector('a').getClientRects().length, ...box(li),
  }));
  const navList = document.querySelector('#site-nav ul');
  return {
    verdict: box(verdict), word: box(word), firstLine, summary: box(summary),
    claimHeader: box(document.querySelector('.claim-header')),
    titleGap: title && header ? title.getBoundingClientRect().top - header.getBoundingClientRect().bottom : null,
    marks, nav,
    navScroll: navList ? { scrollWidth: navList.scrollWidth, clientWidth: navList.clientWidth,
                           overflowX: getComputedStyle(navList).overflowX } : null,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}

const out = { ok: true, pages: [] };
await reportOn(out, async (browser) => {
  for (const p of paths) {
    const name = p.replace(/\/$/, '').split('/').pop() || 'home';
    for (const [width, scheme] of [[320, 'light'], [375, 'light'], [1280, 'light'], [1280, 'dark']]) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width, height: 800 } });
      await page.goto(base + p, { waitUntil: 'load' });
      const result = await page.evaluate(measure);
      if (width === 1280 && result.verdict) {  // half-way down the page, where is the verdict?
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
        result.scrolled = await page.evaluate(() => {
          const r = document.querySelector('#verdict').getBoundingClientRect();
          return { y: window.scrollY, top: r.top, bottom: r.bottom };
        });
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      if (width !== 320) {
        result.screenshot = path.join(shots, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: result.screenshot, fullPage: false });
      }
      out.pages.push({ path: p, width, scheme, ...result });
      await page.close();
    }
  }
});
