// Open a sendtrack HTML paper in Debian's Chromium, take a full-page screenshot, report
// what rendered, and run an axe-core audit. Prints one JSON object on stdout.
//
//   node audit.js PAGE.html SCREENSHOT.png [PRINT.pdf]
//
// With PRINT.pdf, the page is also printed as the browser would (print media, the
// page's own @page size), so a test can check the paper size and page count.
// Run by tests/render/test_browser.py, which asserts on the JSON. The browser is the system's
// (/usr/bin/chromium, or $CHROMIUM): never a downloaded one (no `npx playwright install`).
// Network requests are refused and counted, so a page that is not self-contained fails.
"use strict";

const path = require("path");
const { chromium } = require("playwright-core");
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function main() {
  const [page_file, screenshot, print_pdf] = process.argv.slice(2);
  if (!page_file || !screenshot) {
    throw new Error("usage: node audit.js PAGE.html SCREENSHOT.png");
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const external = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) {
        return route.continue();
      }
      external.push(url);
      return route.abort();
    });
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto("file://" + path.resolve(page_file), { waitUntil: "load" });
    await page.screenshot({ path: screenshot, fullPage: true });

    const rendered = await page.evaluate(() => {
      const box = (element) => {
        const rect = element.getBoundingClientRect();
        return { width: Math.round(rect.width), height: Math.round(rect.height) };
      };
      return {
        title: document.title,
        lang: document.documentElement.lang,
        h1: Array.from(document.querySelectorAll("h1")).map((h) => h.textContent),
        headings: Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map((h) => [
          Number(h.tagName[1]),
          h.textContent,
        ]),
        tables: Array.from(document.querySelectorAll("table")).map((table) => ({
          caption: table.caption ? table.caption.textContent : null,
          rows: table.tBodies[0] ? table.tBodies[0].rows.length : 0,
          ...box(table),
        })),
        charts: Array.from(document.querySelectorAll("figure.chart svg")).map((svg) => ({
          label: svg.getAttribute("aria-label"),
          texts: svg.querySelectorAll("text").length,
          ...box(svg),
        })),
        scripts: document.querySelectorAll("script").length,
        body_text: document.body.innerText,
      };
    });

    const print_height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => {
      // Every rule axe has (WCAG 2.0-2.2 A/AA and best practice), not a chosen subset.
      const results = await window.axe.run(document, { resultTypes: ["violations"] });
      return {
        version: window.axe.version,
        violations: results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
        })),
      };
    });
    let print_overflow = null;
    if (print_pdf) {
      await page.emulateMedia({ media: "print" });
      await page.pdf({ path: print_pdf, preferCSSPageSize: true, printBackground: true });
      // A4's printable width with the page's 12 mm side margins: 186 mm = 703 CSS px.
      // Anything wider would be cut off or shrink the whole page on paper.
      await page.setViewportSize({ width: 703, height: 1000 });
      print_overflow = await page.evaluate(() =>
        Array.from(document.querySelectorAll("main *, header *"))
          .filter((element) => element.getBoundingClientRect().right > 704)
          .filter((element) => !element.closest("svg") || element.tagName === "svg")
          .slice(0, 10)
          .map((element) => [element.tagName, (element.textContent || "").slice(0, 60)]),
      );
    }
    process.stdout.write(
      JSON.stringify({ rendered, axe, external, errors, print_height, print_overflow }, null, 1) +
        "\n",
    );
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
