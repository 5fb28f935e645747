// A reader searches the built site: type words into the search page (or arrive from the
// header's search box with ?q=), and read the results.
// usage: node search.mjs SEARCH_PAGE_URL WORDS   (prints JSON: the results' titles and links)
import { launch } from './chromium.mjs';

const [url, words] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url + '?q=' + encodeURIComponent(words));
  await page.waitForSelector('.pagefind-ui__result', { timeout: 15000 });
  const results = await page.$$eval('.pagefind-ui__result', (items) => items.map((item) => {
    const link = item.querySelector('.pagefind-ui__result-link');
    return { title: link.textContent.trim(), href: link.getAttribute('href') };
  }));
  const filters = await page.$$eval('.pagefind-ui__filter-name',
                                    (names) => names.map((n) => n.textContent.trim()));
  console.log(JSON.stringify({ ok: true, results, filters, requests }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
