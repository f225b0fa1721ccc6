// What real durability costs the playground (not a test: it prints figures
// for BENCHMARKS.md). Needs a release build in dist/.
//   node tests/e2e/bench-storage.mjs
//
// The stress duel (5 nodes, backoff off) never ends, so disk writes keep
// coming: `?stress=1` loads it, and `storage=` picks the store. For each
// store (memory, IndexedDB) and speed (1x = real time, and the maximum,
// 10x), it plays for a few seconds and reports the simulated speed reached
// and the longest wall-clock gap between two advances of the clock.
import { startBench } from './bench-browser.mjs';

const { base, browser, stop } = await startBench(4198);

const WALL_MS = 4000;
const results = [];
for (const store of ['memory', 'indexeddb']) {
  for (const [label, slider, requested] of [['1x', '3', 1000], ['max', '4', 10000]]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}?stress=1&storage=${store}`);
    const status = page.getByTestId('storage-status');
    await status.waitFor();
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid=storage-status]').textContent.startsWith(want),
      store === 'memory' ? 'Memory' : 'IndexedDB',
    );
    await page.getByTestId('speed').fill(slider);
    await page.getByTestId('play').click();
    // Sample the clock on every animation frame.
    const sample = await page.evaluate(async (wallMs) => {
      const clock = () => parseFloat(document.querySelector('[data-testid=clock]').textContent);
      const start = performance.now();
      const first = clock();
      let last = first, lastChange = start, longestStall = 0, frames = 0;
      while (performance.now() - start < wallMs) {
        await new Promise((r) => requestAnimationFrame(r));
        frames++;
        const now = performance.now(), c = clock();
        if (c !== last) {
          longestStall = Math.max(longestStall, now - lastChange);
          last = c;
          lastChange = now;
        }
      }
      return { simMs: last - first, wallMs: performance.now() - start, longestStall, frames };
    }, WALL_MS);
    const writes = await status.textContent();
    await page.getByTestId('pause').click();
    const rate = (sample.simMs / sample.wallMs) * 1000;
    results.push({
      store,
      speed: label,
      requested_sim_ms_per_s: requested,
      reached_sim_ms_per_s: Math.round(rate),
      fraction_of_requested: +(rate / requested).toFixed(3),
      longest_clock_stall_ms: Math.round(sample.longestStall),
      status: writes.trim(),
    });
    await page.close();
  }
}
for (const r of results) console.log(JSON.stringify(r));
await stop();
