// Open one page in the system Chromium at each given width, and report as JSON on stdout:
// the page's own width against the window's (sideways scrolling), the width of every element
// that scrolls inside its own box, axe-core's violations, and a screenshot of the page (its first 8 000 px) per width.
//
//   node check_page.mjs CHROMIUM PAGE OUT_DIR WIDTH...
//
// The page's Content-Security-Policy forbids scripts (the report runs none); the checker's own
// axe-core script is injected over the DevTools Protocol with CSP bypassed for this page only.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const [chromium, page_path, out_dir, ...widths] = process.argv.slice(2);

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"],
});
const results = {};
try {
  for (const width of widths.map(Number)) {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.setViewport({ width, height: 900 });
    await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });
    const layout = await page.evaluate(() => ({
      scroll_width: document.documentElement.scrollWidth,
      window_width: window.innerWidth,
      scroll_height: document.documentElement.scrollHeight,
      scroll_boxes: [...document.querySelectorAll("[tabindex='0']")].map((e) => ({
        label: e.getAttribute("aria-labelledby"), scroll_width: e.scrollWidth, client_width: e.clientWidth,
        right: Math.round(e.getBoundingClientRect().right),
      })),
    }));
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const axe = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                                        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    const shot = path.join(out_dir, `page-${width}.png`);
    // the page from its top, as long as a screenshot may be (a national page at 390 px is taller)
    const height = Math.min(layout.scroll_height, 8000);
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width, height }, captureBeyondViewport: true });
    results[width] = { ...layout, violations: axe, screenshot: shot };
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
