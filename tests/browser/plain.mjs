// Pages as some readers get them: without JavaScript, and printed on paper.
// usage: node plain.mjs BASE_URL PATH...   (prints JSON: per page, the text a reader sees
// with scripts off, and the addresses printed after the source links)
import { launch } from './chromium.mjs';

const [base, ...paths] = process.argv.slice(2);
const browser = await launch();
const out = { ok: true, pages: [] };
try {
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
} catch (error) {
  out.ok = false;
  out.error = String(error);
  process.exitCode = 1;
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
