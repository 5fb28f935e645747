// The built site as readers meet it, in Debian's Chromium: axe-core's WCAG 2.x A and AA
// rules on each page in the light and the dark scheme, every request the pages make, and
// screenshots at a phone's and a desktop's width.
// usage: node readers.mjs BASE_URL SHOTS_DIR PATH...   (prints JSON)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { reportOn } from './chromium.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const [base, shots, ...paths] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });

const out = { ok: true, pages: [], requests: [] };
await reportOn(out, async (browser) => {
  for (const scheme of ['light', 'dark']) {
    for (const p of paths) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      page.on('request', (request) => out.requests.push(request.url()));
      await page.goto(base + p, { waitUntil: 'networkidle' });
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async (tags) => {
        const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                               nodes: v.nodes.map((n) => n.target.join(' ')) }));
      }, TAGS);
      out.pages.push({ path: p, scheme, violations });
      await page.close();
    }
  }
  for (const [name, p] of [['home', ''], ['claim', paths.find((x) => x.startsWith('claims/'))]]) {
    for (const width of [375, 1280]) {
      for (const scheme of ['light', 'dark']) {
        const page = await browser.newPage({ colorScheme: scheme, viewport: { width, height: 900 } });
        await page.goto(base + p, { waitUntil: 'networkidle' });
        const file = path.join(shots, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: false });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        out.pages.push({ path: p, screenshot: file, width, scheme, overflow });
        await page.close();
      }
    }
  }
});
