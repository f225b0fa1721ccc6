// How much WebAssembly memory a long run takes (not a test: it prints
// figures for BENCHMARKS.md). Needs a release build in dist/.
//   node tests/e2e/bench-memory.mjs [MESSAGES] [PLAY_SECONDS]
// Opens ?stress=MESSAGES (a duel that never ends, simulated at load),
// reads the wasm memory's byteLength, then plays at the top speed for
// PLAY_SECONDS and samples it every few seconds, with the trace's length.
import { startBench } from './bench-browser.mjs';

const messages = Number(process.argv[2] ?? 100_000);
const playSeconds = Number(process.argv[3] ?? 30);
const { base, browser, stop } = await startBench(4198);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
await page.addInitScript(() => {
  addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm));
});
const started = Date.now();
await page.goto(`${base}?stress=${messages}`);
await page.waitForFunction(() => window.__wasm && document.querySelector('[data-testid=play]'), null, { timeout: 600_000 });
const sample = () =>
  page.evaluate(() => ({
    mib: window.__wasm.memory.buffer.byteLength / 2 ** 20,
    events: Number(document.querySelector('[data-testid=diagram]').dataset.events),
    clock: document.querySelector('[data-testid=clock]').textContent,
    notice: document.querySelector('[data-testid=notice]')?.textContent ?? null,
  }));
const show = (label, s) =>
  console.log(`${label}: ${s.mib.toFixed(0)} MiB, ${s.events.toLocaleString('en')} trace events, clock ${s.clock}, ${(s.mib * 2 ** 20 / s.events).toFixed(0)} B/event${s.notice ? `; notice: ${s.notice}` : ''}`);
show(`loaded ?stress=${messages} in ${((Date.now() - started) / 1000).toFixed(1)} s`, await sample());
await page.getByTestId('speed').fill('4');
await page.getByTestId('play').click();
for (let t = 5; t <= playSeconds; t += 5) {
  await page.waitForTimeout(5000);
  show(`played ${t} s`, await sample());
}
if (errors.length) console.log('page errors:', errors);
await stop();
