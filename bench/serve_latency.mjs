// Save to screen: how long after a claim file is written does the open browser page show it?
// usage: node bench/serve_latency.mjs PAGE_URL CLAIM_FILE SAVES
// Prints JSON: {ok, ms: [one time per save]}. Each save puts a new sentence at the start of
// the claim's analysis; the time runs from just before the write to the page's text
// containing that sentence (the preview reloads the page by itself).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

const [url, claimFile, savesArg] = process.argv.slice(2);
const saves = Number(savesArg || 10);
const original = fs.readFileSync(claimFile, 'utf8');
const ms = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shows = (page, text) => page.waitForFunction(
  (t) => document.body && document.body.innerText.includes(t), text,
  { timeout: 60000, polling: 10 });
try {
  const page = await browser.newPage();
  await page.goto(url);
  for (let i = 1; i <= saves; i += 1) {
    const marker = `Saved for the benchmark, time ${i}.`;
    const changed = original.replace('analysis: |\n', `analysis: |\n  ${marker}\n\n`);
    if (changed === original) throw new Error(`no 'analysis: |' block in ${claimFile}`);
    const started = performance.now();
    fs.writeFileSync(claimFile, changed);
    await shows(page, marker);
    ms.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the server settle
  }
  console.log(JSON.stringify({ ok: true, ms }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, ms, error: String(error) }));
  process.exitCode = 1;
} finally {
  fs.writeFileSync(claimFile, original);
  await browser.close();
}
