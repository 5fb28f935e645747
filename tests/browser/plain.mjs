// Pages as some readers get them: without JavaScript, and printed on paper.
// usage: node plain.mjs BASE_URL PATH...   (prints JSON: per page, the text a reader sees
// with scripts off, and the addresses printed after the source links)
import { reportOn } from './chromium.mjs';

const [base, ...paths] = process.argv.slice(2);
const out = { ok: true, pages: [] };
await reportOn(out, async (browser) => {
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const printing = await browser.newContext();
  for (const p of paths) {
    const page = await noScript.newPage();
    await page.goto(base + p);
    const text = await page.evaluate(() => document.body.innerText);
    const paper = await printing.newPage();
    await paper.goto(base + p);
    await paper.emulateMedia({ media: 'print' });
    const printed = await paper.$$eval('.source-links a', (links) => links.map(
      (a) => getComputedStyle(a, '::after').content));
    const hidden = await paper.$$eval('.site-header, .search-box', (els) => els.map(
      (el) => getComputedStyle(el).display));
    out.pages.push({ path: p, text, printed, hidden });
  }
});
