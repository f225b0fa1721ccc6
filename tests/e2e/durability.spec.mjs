// Durable acceptor state in IndexedDB: a page reload is a power failure of
// the whole cluster, and the cluster resumes from what IndexedDB holds.
import { test, expect, chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, noErrors, shots, addressWritten } from './helpers.mjs';
import config from './playwright.config.mjs';

/** A browser with a profile on disk, so IndexedDB survives reloads. */
async function persistentPage() {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    ...config.use.launchOptions,
    viewport: config.use.viewport,
    baseURL: config.use.baseURL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until every write and read has reached IndexedDB. */
async function diskSettled(page) {
  await expect(page.getByTestId('storage-status')).toContainText('IndexedDB');
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-busy', 'false');
}

/** What the inspector reads back from IndexedDB, node by node. */
async function inspect(page, nodes = 3) {
  await diskSettled(page);
  const button = page.getByTestId('inspect-storage');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.getByTestId('refresh-storage').click();
  await expect(page.getByTestId('storage-inspector')).toBeVisible();
  const rows = [];
  for (let i = 0; i < nodes; i++) {
    rows.push(await page.getByTestId(`disk-${i}`).getAttribute('data-state'));
  }
  return rows;
}

/** Every node's disk as its panel shows it. */
async function panels(page, nodes = 3) {
  const out = [];
  for (let i = 0; i < nodes; i++) {
    out.push(await page.locator(`[data-testid="node-${i}"] footer.disk`).getAttribute('data-disk'));
  }
  return out;
}

async function stepUntil(page, done, limit = 400) {
  for (let i = 0; i < limit; i++) {
    if (await done()) return;
    await page.getByTestId('step').click();
  }
  throw new Error('the condition never held');
}

async function reloadAndResume(page) {
  await page.reload();
  await expect(page.getByTestId('node-0')).toBeVisible();
  await expect(page.getByTestId('resume-banner')).toBeVisible();
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('power-failure')).toBeVisible();
  await expect(page.getByTestId('resume-banner')).toHaveCount(0);
  await expect(page.getByTestId('power-failure-line').last()).toBeAttached();
}

test('a reload is a power failure: every node resumes from what IndexedDB holds, at several points of a run', async () => {
  test.setTimeout(180_000);
  const { page, close } = await persistentPage();
  try {
    await open(page);
    await diskSettled(page);
    const accepted = async () =>
      (await panels(page)).filter((d) => !d.endsWith('a=-')).length >= 2;
    const writing = async () => (await page.locator('footer.disk.writing').count()) > 0;
    const decided = async () => (await page.getByTestId('decided-value').textContent()).trim() !== '';
    // 1: promises and acceptances on disk; 2: a write issued and not yet
    // complete in the simulation; 3: after the decision.
    const points = [accepted, writing, decided];
    let chosen = '';
    for (const [i, point] of points.entries()) {
      await stepUntil(page, point);
      const before = await inspect(page);
      expect(before.some((d) => d !== 'p=- a=-'), `point ${i}: something is on disk`).toBe(true);
      const chosenBefore = (await page.getByTestId('decided-value').textContent()).trim();
      if (chosen) expect(chosenBefore).toBe(chosen);

      await reloadAndResume(page);
      if (i === 1) await page.screenshot({ path: `${shots}power-failure.png` });
      const after = await inspect(page);
      expect(after, `point ${i}: IndexedDB is unchanged by the reload`).toEqual(before);
      expect(await panels(page), `point ${i}: every node restarted from its disk`).toEqual(after);
      const chosenAfter = (await page.getByTestId('decided-value').textContent()).trim();
      if (chosenBefore) {
        expect(chosenAfter, 'the chosen value never changes').toBe(chosenBefore);
        chosen = chosenBefore;
      }
      await expect(page.getByTestId('violation')).toHaveCount(0);
    }
    // Play on after the last power failure: the same value, and no violation.
    await page.getByTestId('speed').fill('3');
    await page.getByTestId('play').click();
    await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('decided-value')).toHaveText(chosen);
    await expect(page.getByTestId('violation')).toHaveCount(0);
    await page.screenshot({ path: `${shots}storage-inspector.png` });
    noErrors(page);
  } finally {
    await close();
  }
});

test('starting fresh after a reload keeps the old run on disk, listed and resumable', async () => {
  const { page, close } = await persistentPage();
  try {
    await open(page);
    await diskSettled(page);
    await stepUntil(page, async () => (await page.getByTestId('decided-value').textContent()).trim() !== '');
    const chosen = (await page.getByTestId('decided-value').textContent()).trim();
    await diskSettled(page);
    // The address bar is rewritten at most every 400 ms: wait until it
    // holds the run.
    await addressWritten(page);
    await page.reload();
    // The address bar kept the run: it is replayed from the link, and the
    // disks are still on offer.
    await expect(page.getByTestId('decided-value')).toHaveText(chosen);
    await expect(page.getByTestId('start-fresh')).toHaveText('Keep the replay');
    await page.getByTestId('start-fresh').click();
    await expect(page.getByTestId('resume-banner')).toHaveCount(0);
    await page.getByTestId('inspect-storage').click();
    // The old run, besides the replay (this run).
    const runs = page.getByTestId('runs').locator('li:not(.current)');
    await expect(runs).toHaveCount(1);
    await expect(runs.first()).toContainText(`chose "${chosen}"`);
    await runs.first().getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('power-failure')).toBeVisible();
    await expect(page.getByTestId('decided-value')).toHaveText(chosen);
    await runs.first().waitFor();
    noErrors(page);
  } finally {
    await close();
  }
});

test('the amnesia demo breaks Paxos in two clicks, and the monitor says so', async ({ page }) => {
  await open(page);
  await page.getByTestId('amnesia-demo').click();
  await expect(page.getByTestId('durability')).toHaveValue('no_writes');
  await expect(page.getByTestId('notice')).toContainText('Amnesia demo');
  // The forgotten promises are flagged at once...
  await expect(page.getByTestId('violation')).toContainText('promise_never_decreases');
  await expect(page.getByTestId('decided-value')).toHaveText('A');
  // ...and one press of play gets a second value chosen.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen', { timeout: 30_000 });
  await page.getByTestId('pause').click();
  await page.screenshot({ path: `${shots}amnesia-demo.png` });
  noErrors(page);
});

test('the durability toggle is explained, and write-ahead is the default', async ({ page }) => {
  await open(page);
  const select = page.getByTestId('durability');
  await expect(select).toHaveValue('write_ahead');
  await select.selectOption('reply_first');
  await expect(page.getByText('Bug: acceptors answer before the disk write completes')).toBeVisible();
  noErrors(page);
});

test('without IndexedDB the playground says so and keeps working in memory', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await open(page);
  await expect(page.getByTestId('notice')).toContainText('IndexedDB is not available');
  await expect(page.getByTestId('notice')).toContainText('kept in memory');
  await expect(page.getByTestId('storage-status')).toContainText('Memory only');
  await page.getByTestId('speed').fill('3');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('decided-value')).not.toHaveText('', { timeout: 20_000 });
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 20_000 });
  // The disks can still be inspected: they are in memory.
  await page.getByTestId('inspect-storage').click();
  await expect(page.getByTestId('storage-inspector')).toBeVisible();
  await expect(page.getByText('IndexedDB is not in use')).toBeVisible();
  await expect(page.getByTestId('disk-0')).not.toHaveAttribute('data-state', 'p=- a=-');
  await page.getByTestId('refresh-storage').click();
  await expect(page.getByTestId('runs').locator('li')).toHaveCount(1);
  noErrors(page);
});

test('a duplicated tab resumes a copy of the run, so two tabs never write the same one', async () => {
  const { page, close } = await persistentPage();
  try {
    await open(page);
    await diskSettled(page);
    await stepUntil(page, async () => (await page.getByTestId('decided-value').textContent()).trim() !== '');
    await diskSettled(page);
    const runA = await page.getByTestId('storage-status').getAttribute('data-run');
    // window.open copies sessionStorage, as "Duplicate tab" does.
    const [copy] = await Promise.all([
      page.context().waitForEvent('page'),
      page.evaluate(() => window.open(location.href)),
    ]);
    await expect(copy.getByTestId('resume-banner')).toBeVisible();
    await expect(copy.getByTestId('resume-as-copy')).toBeVisible();
    await copy.screenshot({ path: `${shots}resume-as-copy.png` });
    await copy.getByTestId('resume').click();
    await expect(copy.getByTestId('power-failure')).toBeVisible();
    await diskSettled(copy);
    const runB = await copy.getByTestId('storage-status').getAttribute('data-run');
    expect(runB).not.toBe(runA);
    expect(await inspect(copy)).toEqual(await inspect(page));
    // The first tab keeps its run.
    expect(await page.getByTestId('storage-status').getAttribute('data-run')).toBe(runA);
  } finally {
    await close();
  }
});

test('when another tab clears the saved data, a running tab writes its disks again', async () => {
  const { page, close } = await persistentPage();
  try {
    await open(page);
    await diskSettled(page);
    await stepUntil(page, async () => (await page.getByTestId('decided-value').textContent()).trim() !== '');
    const before = await inspect(page);
    expect(before.some((d) => d !== 'p=- a=-')).toBe(true);

    const other = await page.context().newPage();
    await other.goto('/');
    await diskSettled(other);
    other.on('dialog', (dialog) => dialog.accept());
    await other.getByTestId('inspect-storage').click();
    await other.getByTestId('clear-storage').click();
    await expect(other.getByTestId('notice')).toContainText('All saved runs were deleted');

    await expect(page.getByTestId('notice')).toContainText("Another tab deleted this run's saved data");
    expect(await inspect(page), 'written again, nothing lost').toEqual(before);
  } finally {
    await close();
  }
});

test('Multi-Paxos: after a reload the replicas forget their logs, and a new leader recovers every chosen slot from the disks', async () => {
  const { page, close } = await persistentPage();
  try {
    await open(page, '/?protocol=multi');
    await page.getByTestId('speed').fill('3');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('commands-committed')).toHaveText(/^12 of 12/, { timeout: 30_000 });
    await page.getByTestId('pause').click();
    const chosen = Number(await page.getByTestId('slots-chosen').textContent());
    const store = await page.getByTestId('kv-tables').locator('tbody').innerText();
    const before = await inspect(page);
    expect(before.every((d) => d.includes('slots') || d.includes('a=[')), before.join('\n')).toBe(true);

    await reloadAndResume(page);
    await expect(page.getByTestId('power-failure')).toContainText(chosen === 1 ? '1 slot was chosen before the power failed' : `${chosen} slots were chosen before the power failed`);
    expect(await inspect(page), 'IndexedDB is unchanged by the reload').toEqual(before);
    // Every replica restarted with an empty log: only the disks remember.
    await expect(page.getByTestId('slots-chosen')).toHaveText('0');
    await page.getByTestId('speed').fill('3');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('leader')).toContainText('leads', { timeout: 30_000 });
    await expect(page.getByTestId('slots-chosen')).toHaveText(String(chosen), { timeout: 30_000 });
    await page.getByTestId('pause').click();
    expect(await page.getByTestId('kv-tables').locator('tbody').innerText(), 'the same store, rebuilt from the log').toEqual(store);
    await page.screenshot({ path: `${shots}multi-power-failure.png` });
    noErrors(page);
  } finally {
    await close();
  }
});
