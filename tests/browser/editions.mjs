// A reader switches a page's language with the header's switcher: the other language's
// name, then back to the first.
// usage: node editions.mjs BASE_URL PATH   (prints JSON: each page landed on, its URL, its
// <html lang>, its heading and the language the switcher marks as the current one; and the
// names of the links clicked)
import { reportOn } from './chromium.mjs';

const [base, path] = process.argv.slice(2);
const out = { ok: true, visits: [], clicked: [] };
await reportOn(out, async (browser) => {
  const page = await browser.newPage();
  const visit = async () => out.visits.push({
    url: page.url(),
    lang: await page.getAttribute('html', 'lang'),
    h1: (await page.textContent('h1')).trim(),
    current: (await page.textContent('nav.languages [aria-current="page"]')).trim(),
  });
  await page.goto(base + path);
  await visit();
  for (let n = 0; n < 2; n++) {
    // the one language the switcher offers besides this page's, as a reader sees it
    const link = page.locator('nav.languages a');
    if (await link.count() !== 1) throw new Error(`${await link.count()} other languages`);
    out.clicked.push((await link.textContent()).trim());
    const from = page.url();
    await link.click();
    await page.waitForURL((url) => url.href !== from);
    await page.waitForLoadState('load');
    await visit();
  }
});
