// Claims' embeds as another site shows them, in Debian's Chromium: each embed page alone at
// the iframe's size (axe-core's WCAG 2.x A and AA rules in the light and the dark scheme, the
// scripts it holds, whether its card fits the frame, and a 320 px wide one), then a page on
// another origin holding the oEmbed iframes, with every request the page and its frames make.
// usage: node embed.mjs BASE_URL HOST_PAGE_URL WIDTH HEIGHT PATH...   (prints JSON)
import { createRequire } from 'node:module';
import { reportOn } from './chromium.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const [base, host, width, height, ...paths] = process.argv.slice(2);

const out = { ok: true, pages: [], narrow: [], frames: [], requests: [] };
await reportOn(out, async (browser) => {
  for (const scheme of ['light', 'dark']) {
    for (const p of paths) {
      const page = await browser.newPage({ colorScheme: scheme,
                                           viewport: { width: +width, height: +height } });
      await page.goto(base + p, { waitUntil: 'networkidle' });
      const scripts = await page.evaluate(() => document.scripts.length);
      const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth,
                                                height: document.documentElement.scrollHeight }));
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async (tags) => {
        const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return result.violations.map((v) => ({ id: v.id, help: v.help,
                                               nodes: v.nodes.map((n) => n.target.join(' ')) }));
      }, TAGS);
      out.pages.push({ path: p, scheme, scripts, size, violations });
      await page.close();
    }
  }
  for (const p of paths) {  // a phone's column: the iframe shrinks to 320 px, not its height
    const page = await browser.newPage({ viewport: { width: 320, height: +height } });
    await page.goto(base + p, { waitUntil: 'networkidle' });
    const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth,
                                              height: document.documentElement.scrollHeight }));
    out.narrow.push({ path: p, width: 320, size });
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => out.requests.push(request.url()));
  await page.goto(host, { waitUntil: 'networkidle' });
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const element = await frame.frameElement();
    const box = await element.boundingBox();
    const heading = await frame.locator('h1').innerText();
    const link = await frame.locator('a[target="_blank"]').getAttribute('href');
    out.frames.push({ url: frame.url(), heading, link, width: box.width, height: box.height });
  }
  await page.close();
});
