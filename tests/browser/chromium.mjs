// Debian's Chromium, driven by playwright-core (which never downloads a browser).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Run `work(browser)` in a fresh Chromium, then print `out` as JSON for the test to read; on
// an error, out.ok is false with the error, and the exit code is 1.
export async function reportOn(out, work) {
  const browser = await launch();
  try {
    await work(browser);
  } catch (error) {
    out.ok = false;
    out.error = String(error);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
}
