// The live preview as an editor uses it: open a claim page, save changes to its YAML,
// and see the page follow without ever reloading it by hand.
// usage: node preview.mjs PAGE_URL CLAIM_FILE   (prints JSON; exit 1 on failure)
import fs from 'node:fs';
import { launch } from './chromium.mjs';

const [url, claimFile] = process.argv.slice(2);
const original = fs.readFileSync(claimFile, 'utf8');
const steps = [];
const browser = await launch();
try {
  const page = await browser.newPage();
  let loads = 0;
  page.on('load', () => { loads += 1; });
  await page.goto(url);
  // `text` on the claim page itself (the error page quotes the YAML, so look for the
  // verdict box, which only the claim page has)
  const shows = (text, where = '#verdict') => page.waitForFunction(
    ([t, w]) => document.body && document.querySelector(w) && document.body.innerText.includes(t),
    [text, where], { timeout: 15000 });
  await shows('Neither names the person');

  async function save(content, expected, name, where = '#verdict') {
    const started = Date.now();
    fs.writeFileSync(claimFile, content);
    await shows(expected, where);
    steps.push({ step: name, ms: Date.now() - started, loads });
  }
  // 1. an edit appears by itself
  await save(original.replace('Neither names the person', 'No report names the person'),
             'No report names the person', 'edit');
  // 2. broken YAML: the error page names the file and line
  await save(original.replace('rating: unverifiable', 'rating: [unverifiable'),
             'paperwork-glitch.yaml:', 'break', 'ol');
  const errorText = await page.evaluate(() => document.body.innerText);
  if (!/content\/claims\/paperwork-glitch\.yaml:\d+:\d+/.test(errorText)) {
    throw new Error('the error page does not name path:line:col: ' + errorText.slice(0, 300));
  }
  // 3. the next good save brings the page back
  await save(original, 'Neither names the person', 'fix');
  console.log(JSON.stringify({ ok: true, steps, errorText: errorText.slice(0, 500) }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, steps, error: String(error) }));
  process.exitCode = 1;
} finally {
  fs.writeFileSync(claimFile, original);
  await browser.close();
}
