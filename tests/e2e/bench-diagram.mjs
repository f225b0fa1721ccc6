// Benchmarks for the diagram in headless Chromium (not a test: it prints
// figures for BENCHMARKS.md). Needs a release build in dist/.
//   node tests/e2e/bench-diagram.mjs [MESSAGES]   (default 100000)
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { here, startBench } from './bench-browser.mjs';

const messages = Number(process.argv[2] ?? 100_000);
const { base, browser, stop } = await startBench(4199);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** Opens `url` in a fresh page; returns (page, ms from navigation start to
 * an interactive diagram: the diagram drawn and Play enabled). */
async function openTimed(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    const ready = () => {
      const play = document.querySelector('[data-testid=play]');
      return document.querySelector('[data-testid=diagram]') && play && !play.disabled;
    };
    new MutationObserver((_, obs) => {
      if (!window.__interactiveAt && ready()) {
        window.__interactiveAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__interactiveAt, null, { timeout: 120_000 });
  return [page, await page.evaluate(() => window.__interactiveAt)];
}

/** Frame intervals (ms) while `act(i)` runs once per animation frame. */
async function frames(page, kind, count, stepPx = 100) {
  return page.evaluate(
    async ({ kind, count, stepPx }) => {
      const scroller = document.querySelector('[data-testid=diagram]');
      const times = [];
      const top = scroller.scrollTop;
      await new Promise((done) => {
        let i = 0;
        const tick = (t) => {
          times.push(t);
          if (kind === 'scroll') {
            // Back through history, stepPx a frame.
            scroller.scrollTop = Math.max(0, top - i * stepPx);
          } else {
            // Zoom out for 12 frames, then back in, repeatedly.
            const key = Math.floor(i / 12) % 2 === 0 ? '-' : '+';
            window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          }
          if (++i <= count) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      return times.slice(1).map((t, i) => t - times[i]);
    },
    { kind, count, stepPx },
  );
}

const results = { date: new Date().toISOString().slice(0, 10), messages };

const loads = [];
for (let i = 0; i < 5; i++) {
  const [page, ms] = await openTimed(base);
  loads.push(ms);
  await page.close();
}
results.load_to_interactive_ms = { median: median(loads), runs: loads.map((x) => Math.round(x)) };

const [page, stressMs] = await openTimed(`${base}?stress=${messages}`);
results.stress_load_to_interactive_ms = Math.round(stressMs);
results.stress_messages_drawn_at_load = await page.getByTestId('message').count();
const summarize = (all) => ({
  frames: all.length,
  p50: Number(median(all).toFixed(1)),
  p95: Number(pct(all, 95).toFixed(1)),
  max: Number(Math.max(...all).toFixed(1)),
  // Frames are whole vsyncs (16.7 ms); this is the share that missed one.
  over_20ms_pct: Number(((100 * all.filter((x) => x > 20).length) / all.length).toFixed(1)),
});
for (const [name, kind, step] of [
  ['scroll_100px_frame_ms', 'scroll', 100],
  ['scroll_400px_frame_ms', 'scroll', 400],
  ['zoom_frame_ms', 'zoom', 0],
]) {
  const all = [];
  for (let round = 0; round < 3; round++) all.push(...(await frames(page, kind, 120, step)));
  results[name] = summarize(all);
}
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
results.page_errors = errors;

const wasm = readdirSync(here('../../dist')).find((f) => f.endsWith('.wasm'));
const bytes = readFileSync(here(`../../dist/${wasm}`));
results.wasm_bytes = bytes.length;
results.wasm_gzip_bytes = gzipSync(bytes, { level: 9 }).length;

console.log(JSON.stringify(results, null, 2));
await stop();
