// A reader searches the built site: type words into the search page (or arrive from the
// header's search box with ?q=), and read the results.
// usage: node search.mjs SEARCH_PAGE_URL WORDS
// (prints JSON: the results' titles and links, the filters the interface shows, and the
// filters the index holds, read with Pagefind's own API in the page)
import { launch } from './chromium.mjs';

const [url, words] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url + '?q=' + encodeURIComponent(words));
  await page.waitForSelector('.pagefind-ui__result', { timeout: 15000 });
  // the filters are drawn one by one as their chunks arrive, after the first results: read
  // them once the list has stayed the same for a second
  const filterNames = () => page.$$eval('.pagefind-ui__filter-name',
                                        (names) => names.map((n) => n.textContent.trim()));
  // (on a busy machine the first filter may come seconds after the results: wait for it)
  await page.waitForSelector('.pagefind-ui__filter-name', { timeout: 15000 }).catch(() => {});
  let filters = await filterNames();
  for (let steady = 0, tries = 0; steady < 4 && tries < 60; tries++) {
    await page.waitForTimeout(250);
    const now = await filterNames();
    steady = JSON.stringify(now) === JSON.stringify(filters) ? steady + 1 : 0;
    filters = now;
  }
  const results = await page.$$eval('.pagefind-ui__result', (items) => items.map((item) => {
    const link = item.querySelector('.pagefind-ui__result-link');
    return { title: link.textContent.trim(), href: link.getAttribute('href') };
  }));
  // Pagefind's interface sometimes leaves a filter out when the machine is busy (its
  // filter chunks arrive after the first results are drawn); what the index holds is
  // what Pagefind's API says
  const indexFilters = await page.evaluate(async (bundle) => {
    const pagefind = await import(bundle + 'pagefind.js');
    return Object.keys(await pagefind.filters());
  }, new URL(await page.$eval('#search', (box) => box.dataset.bundle), url).href);
  console.log(JSON.stringify({ ok: true, results, filters, indexFilters, requests }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
