// The basics: a 3-node cluster, play/pause/step, and a decision.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { open, noErrors, shots, playToEnd, fullSpeed, painted } from './helpers.mjs';

// The native CLI, built by scripts/test.sh before these tests run.
const paxosBin =
  process.env.PAXOS_BIN ?? fileURLToPath(new URL('../../target/release/paxos', import.meta.url));

test.beforeEach(async ({ page }) => open(page));
test.afterEach(async ({ page }) => noErrors(page));

test('shows three idle nodes and no decision before play', async ({ page }) => {
  for (const id of [0, 1, 2]) {
    const node = page.getByTestId(`node-${id}`);
    await expect(node).toContainText(`n${id}`);
    await expect(node).toContainText('Promised');
    await expect(node).toContainText('Accepted');
  }
  await expect(page.getByTestId('node-3')).toHaveCount(0);
  await expect(page.getByTestId('decided-value')).toHaveText('');
  await expect(page.getByTestId('violation')).toHaveCount(0);
  await expect(page.getByTestId('pause')).toBeDisabled();
  await expect(page.getByTestId('message')).toHaveCount(0);
  await page.screenshot({ path: `${shots}idle.png` });
});

test('pressing play alone leads to a decision', async ({ page }) => {
  await page.getByTestId('play').click();
  await expect(page.getByTestId('pause')).toBeEnabled();
  await expect(page.getByTestId('decided-value')).toHaveText(/^[AB]$/, { timeout: 20_000 });
  const value = await page.getByTestId('decided-value').textContent();
  await page.getByTestId('pause').click();
  // Every node's acceptor ends up holding the chosen value.
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 20_000 });
  for (const id of [0, 1, 2]) {
    await expect(page.getByTestId(`node-${id}`)).toContainText(`"${value}"`);
  }
  await expect(page.getByTestId('violation')).toHaveCount(0);
  await page.screenshot({ path: `${shots}decided.png` });
});

test('step advances one event at a time, step back undoes it, pause freezes time', async ({ page }) => {
  const clock = page.getByTestId('clock');
  await expect(clock).toHaveText('0.000 ms');
  await page.getByTestId('step').click();
  await expect(page.locator('.log li')).toHaveCount(1);
  await expect(page.locator('.log li').first()).toContainText('c0 asks n0 to get "A" chosen');
  await expect(page.getByTestId('message')).toHaveCount(1);
  // One step is one simulator event with its immediate consequences.
  let lines = 1;
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('step').click();
    await expect.poll(() => page.locator('.log li').count()).toBeGreaterThan(lines);
    lines = await page.locator('.log li').count();
  }
  await expect(clock).not.toHaveText('0.000 ms');
  await expect(page.getByTestId('node-0')).toContainText('phase 1 for (1,n0)');
  await page.screenshot({ path: `${shots}mid-round.png` });

  const before = await page.locator('.log li').count();
  await page.getByTestId('step-back').click();
  await expect.poll(() => page.locator('.log li').count()).toBeLessThan(before);
  await page.getByTestId('step').click();
  await expect(page.locator('.log li')).toHaveCount(before);

  const stepped = await clock.textContent();
  await page.getByTestId('play').click();
  await expect(page.locator('html')).toHaveAttribute('data-play-timer', 'running');
  await expect(clock).not.toHaveText(stepped);
  await page.getByTestId('pause').click();
  // Paused: the play timer is gone, so nothing can move the clock; frames
  // still pass.
  await expect(page.locator('html')).toHaveAttribute('data-play-timer', 'stopped');
  const frozen = await clock.textContent();
  for (let i = 0; i < 5; i++) await painted(page);
  await expect(clock).toHaveText(frozen);
  await expect(page.getByTestId('play')).toBeEnabled();
});

test('the browser run has the same trace hash as the CLI', async ({ page }) => {
  await playToEnd(page);
  const browserHash = await page.getByTestId('trace-hash').textContent();
  const cli = JSON.parse(execFileSync(paxosBin, ['run', '--seed', '1', '--json'], { encoding: 'utf8' }));
  expect(browserHash).toBe(cli.trace_hash);
  await expect(page.getByTestId('decided-value')).toHaveText(cli.decided);
});

test('reset starts the same scenario again', async ({ page }) => {
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('decided-value')).not.toHaveText('', { timeout: 20_000 });
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('decided-value')).toHaveText('');
  await expect(page.getByTestId('clock')).toHaveText('0.000 ms');
});
