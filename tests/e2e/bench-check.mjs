// The model checker in the browser's worker against the CLI, interleaved:
// correct Paxos, 3 nodes and 2 proposers, the page's default run, within
// the same bounds (depth D, 2 ballots per proposer, no faults). Reports
// unique states per second of each, their ratio, and how the page fared
// meanwhile: the longest gap between two animation frames (a frozen tab
// would show seconds) and how often the progress line changed. Usage:
// node tests/e2e/bench-check.mjs [DEPTH] [PAIRS]   (default 14 3)
import { execFileSync } from 'node:child_process';
import { startBench, here } from './bench-browser.mjs';

const depth = Number(process.argv[2] ?? 14);
const pairs = Number(process.argv[3] ?? 3);
const paxos = here('../../target/release/paxos');
const { base, browser, stop } = await startBench(8771);
const rows = [];
for (let i = 0; i < pairs; i++) {
  const started = process.hrtime.bigint();
  const native = JSON.parse(execFileSync(paxos, ['check', '--max-depth', String(depth), '--json'], { encoding: 'utf8' }));
  const nativeWall = Number(process.hrtime.bigint() - started) / 1e9;

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(base);
  await page.getByTestId('node-0').waitFor();
  await page.getByTestId('check-depth').fill(String(depth));
  await page.getByTestId('check-depth').press('Enter');
  await page.evaluate(() => {
    window.__gaps = { last: performance.now(), max: 0 };
    const tick = (t) => {
      window.__gaps.max = Math.max(window.__gaps.max, t - window.__gaps.last);
      window.__gaps.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByTestId('check-start').click();
  const seen = new Set();
  while (!(await page.locator('.check-done').count())) {
    const stats = page.getByTestId('check-stats');
    if (await stats.count()) seen.add(await stats.textContent());
    await page.waitForTimeout(250);
  }
  const done = page.locator('.check-done');
  const unique = Number(await done.getAttribute('data-unique'));
  const elapsed = Number(await done.getAttribute('data-elapsed-s'));
  const maxGapMs = await page.evaluate(() => window.__gaps.max);
  await page.close();
  rows.push({ native: native.unique / native.elapsed_s, nativeUnique: native.unique, nativeWall,
    browser: unique / elapsed, browserUnique: unique, browserElapsed: elapsed, maxGapMs, updates: seen.size });
  const r = rows[rows.length - 1];
  console.log(`pair ${i + 1}: native ${r.nativeUnique} unique in ${native.elapsed_s.toFixed(1)} s (${r.native.toFixed(0)}/s); ` +
    `worker ${r.browserUnique} unique in ${elapsed.toFixed(1)} s (${r.browser.toFixed(0)}/s), ratio ${(r.browser / r.native).toFixed(2)}; ` +
    `longest frame gap ${maxGapMs.toFixed(0)} ms, ${r.updates} progress lines seen`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median: native ${median(rows.map((r) => r.native)).toFixed(0)} unique/s, worker ` +
  `${median(rows.map((r) => r.browser)).toFixed(0)} unique/s, worker/native ${median(rows.map((r) => r.browser / r.native)).toFixed(2)}`);
await stop();
