// Opens viewer.html at each zoom in headless Chromium (puppeteer-core, the system's Chromium), waits until
// OpenSeadragon has drawn every tile it needs, and saves a screenshot per zoom.
//   node shoot.mjs VIEWER_BASE_URL INFO_URL OUT_DIR ZOOM...
import puppeteer from "puppeteer-core";

const [base, info, outDir, ...zooms] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  for (const zoom of zooms) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 768 });
    const url = `${base}viewer.html?info=${encodeURIComponent(info)}&zoom=${zoom}`;
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => document.title !== "loading", { timeout: 600000, polling: 200 });
    const title = await page.title();
    if (title !== "done") {
      throw new Error(`zoom ${zoom}: ${title}`);
    }
    await page.screenshot({ path: `${outDir}/zoom-${zoom}.png` });
    console.log(`zoom ${zoom}: all tiles drawn in ${Date.now() - t0} ms`);
    await page.close();
  }
} finally {
  await browser.close();
}
