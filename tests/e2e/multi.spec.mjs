// Multi-Paxos in the playground: the log, the key-value tables, clients,
// presets, and the shared controls and diagram on the second protocol.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { open, noErrors, shots, fullSpeed, zoomOut } from './helpers.mjs';

const paxosBin =
  process.env.PAXOS_BIN ?? fileURLToPath(new URL('../../target/release/paxos', import.meta.url));

test.beforeEach(async ({ page }) => open(page, '/?protocol=multi'));
test.afterEach(async ({ page }) => noErrors(page));

/** Plays (at full speed, unless a speed is given) until `done` holds,
 * then pauses. */
async function playUntil(page, done, timeout = 30_000, speed = null) {
  if (speed === null) await fullSpeed(page);
  else await page.getByTestId('speed').fill(speed);
  await page.getByTestId('play').click();
  await expect(done).toBeVisible({ timeout });
  await page.getByTestId('pause').click();
}

/** Plays until `locator`'s text matches `text`, then pauses. */
async function playUntilText(page, locator, text, speed = '3') {
  await page.getByTestId('speed').fill(speed);
  await page.getByTestId('play').click();
  await expect(locator).toHaveText(text, { timeout: 30_000 });
  await page.getByTestId('pause').click();
}

test('opens Multi-Paxos with a log, a store per replica and a client panel', async ({ page }) => {
  await expect(page.getByTestId('protocol-multi')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Multi-Paxos · 3 nodes')).toBeVisible();
  await expect(page.getByTestId('log-view')).toBeVisible();
  await expect(page.getByTestId('kv-tables')).toContainText('Empty');
  await expect(page.getByTestId('slots-chosen')).toHaveText('0');
  for (const id of [0, 1, 2]) await expect(page.getByTestId(`node-${id}`)).toContainText('follower');
  await page.screenshot({ path: `${shots}multi-idle.png` });
});

/** The kinds of the arrows drawn now. */
async function drawnKinds(page) {
  return page.getByTestId('message').evaluateAll((els) => els.map((e) => e.dataset.kind));
}

test('a leader is elected, commands fill the log in order, and every replica applies them', async ({ page }) => {
  // Zoomed out enough to see a few hundred milliseconds at once.
  await page.getByTestId('diagram').focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('-');
  // Phase 1 once: Prepare and Promise, then the leader's heartbeats.
  // (Slowly, 100 simulated ms per second, so it pauses right after.)
  await playUntil(page, page.getByTestId('leader').getByText('leads'), 30_000, '2');
  await expect(page.getByTestId('leader')).toContainText(/n\d leads in ballot \(1,n\d\)/);
  for (const kind of ['Prepare', 'Promise']) expect(await drawnKinds(page), kind).toContain(kind);
  // The opening run: two clients, six commands each, one Accept round each.
  await playUntilText(page, page.getByTestId('commands-committed'), /^[4-9] of \d+ /, '2');
  const kinds = await drawnKinds(page);
  for (const kind of ['Request', 'Accept', 'Accepted', 'Decided', 'Heartbeat', 'Reply']) {
    expect(kinds, kind).toContain(kind);
  }
  expect(kinds, 'no new phase 1 while the leader lives').not.toContain('Prepare');
  // Click an Accept: its compact label (slot, ballot, command) is drawn,
  // and the details explain it and list its fields.
  const accept = page.locator('[data-testid=message][data-kind=Accept]').last();
  const id = await accept.getAttribute('data-id');
  await accept.dispatchEvent('click');
  // The selected arrow's label is always drawn (it is laid out first).
  const selected = page.locator(`[data-testid=message-label][data-id="${id}"]`);
  await expect(selected).toHaveText(/^Accept s=\d+ \(1,n\d\) (put|get|cas)\(/);
  const details = page.getByTestId('details');
  await expect(details).toContainText('phase 2 only: the leader already ran phase 1');
  for (const field of ['slot', 'ballot', 'command']) await expect(details).toContainText(field);
  await page.screenshot({ path: `${shots}multi-details.png` });
  await playUntilText(page, page.getByTestId('commands-committed'), /^12 of 12/);
  const chosen = Number(await page.getByTestId('slots-chosen').textContent());
  expect(chosen).toBeGreaterThanOrEqual(12);
  // The leader's row is marked, and the first slots are applied everywhere,
  // with the same command on every replica.
  await expect(page.locator('tr.leader')).toHaveCount(1);
  for (const slot of [1, 2, 3]) {
    const cells = [0, 1, 2].map((n) => page.getByTestId(`log-${n}-${slot}`));
    for (const cell of cells) await expect(cell).toHaveAttribute('data-state', 'executed');
    const texts = await Promise.all(cells.map((c) => c.textContent()));
    expect(new Set(texts).size, `slot ${slot}: ${texts}`).toBe(1);
  }
  await page.screenshot({ path: `${shots}multi-steady.png` });
});

test('a client command reaches every replica, and a compare-and-set from a stale value fails', async ({ page }) => {
  await playUntil(page, page.getByTestId('leader').getByText('leads'));
  // put(x, 1) through n1, then cas(x, ∅ → 2) which must fail: x is 1.
  await page.getByTestId('client-node').selectOption('1');
  await page.getByTestId('client-key').fill('x');
  await page.getByTestId('client-value').fill('1');
  await page.getByTestId('client-send').click();
  // A new client, c2, joins the two of the opening run.
  await expect(page.getByTestId('client-2')).toBeVisible();
  await playUntil(page, page.getByTestId('client-2').getByText('#1 ok'));
  await page.getByTestId('client-op').selectOption('cas');
  await page.getByTestId('client-value').fill('2');
  await page.getByTestId('client-send').click();
  await playUntil(page, page.getByTestId('client-3').getByText('#1 failed, is 1'));
  for (const id of [0, 1, 2]) await expect(page.getByTestId(`kv-${id}-x`)).toHaveText('1');
  await page.screenshot({ path: `${shots}multi-clients.png` });
});

test('the gaps preset: the new leader fills a hole with a no-op', async ({ page }) => {
  await page.getByTestId('preset-gaps').click();
  await expect(page.getByTestId('notice')).toContainText('Leader crash leaves gaps');
  await playUntil(page, page.getByTestId('leader').getByText('leads'));
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.locator('td[data-state=noop]').first()).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('pause').click();
  // Slot 7 is the hole: a no-op on the new leader's row.
  const leaderRow = page.locator('tr.leader');
  await expect(leaderRow.locator('td[data-state=noop]')).not.toHaveCount(0);
  await page.screenshot({ path: `${shots}multi-gaps.png` });
});

test('a crashed replica restarts from its disk and catches up', async ({ page }) => {
  await playUntil(page, page.getByTestId('leader').getByText('leads'));
  await page.getByTestId('node-2-crash').click();
  await expect(page.getByTestId('node-2')).toContainText('crashed');
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('commands-committed')).toContainText('12 of 12', { timeout: 30_000 });
  await page.getByTestId('pause').click();
  await page.getByTestId('node-2-restart').click();
  await expect(page.getByTestId('node-2')).not.toContainText('crashed', { timeout: 10_000 });
  await page.getByTestId('play').click();
  // It relearns the whole log from its peers (CatchUp, Entries).
  const row = page.getByTestId('log-row-2');
  await expect(row.locator('td[data-state=executed]').first()).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('kv-tables')).not.toContainText('down');
});

test('a bad protocol in the URL is named, and the single-decree playground opens', async ({ page }) => {
  await open(page, '/?protocol=raft');
  await expect(page.getByTestId('notice')).toContainText('?protocol= takes designs, paxos or multi, not "raft". Showing Single-decree Paxos.');
  await expect(page.getByTestId('protocol-paxos')).toHaveAttribute('aria-current', 'page');
});

test("the seeds' example: slots 1–134, 138 and 139 known; no-ops in 135 and 137", async ({ page }) => {
  await page.getByTestId('preset-seeds').click();
  await expect(page.getByTestId('notice')).toContainText("The seeds' example");
  await fullSpeed(page);
  await page.getByTestId('play').click();
  const leaderRow = page.locator('tr.leader');
  await expect(leaderRow).toHaveCount(1, { timeout: 20_000 });
  const row = await leaderRow.getAttribute('data-testid');
  const node = row.replace('log-row-', '');
  await expect(page.getByTestId(`log-${node}-135`)).toHaveAttribute('data-state', 'noop', { timeout: 20_000 });
  await page.getByTestId('pause').click();
  await expect(page.getByTestId(`log-${node}-137`)).toHaveAttribute('data-state', 'noop');
  for (const slot of [134, 138, 139]) {
    await expect(page.getByTestId(`log-${node}-${slot}`)).toHaveAttribute('data-state', 'executed');
  }
  await page.screenshot({ path: `${shots}multi-seeds.png` });
});

test('each protocol has its own page: the header switches between them, and ?protocol= and links of the other protocol go there', async ({ page }) => {
  await open(page, '/?protocol=multi&seed=1');
  // The root page sends Multi-Paxos to its own page, query kept.
  expect(new URL(page.url()).pathname).toBe('/multi/');
  expect(new URL(page.url()).searchParams.get('seed')).toBe('1');
  await expect(page.getByTestId('log-view')).toBeVisible();
  await page.getByTestId('protocol-paxos').click();
  await expect(page.getByTestId('break-paxos')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  await page.getByTestId('protocol-multi').click();
  await expect(page.getByTestId('log-view')).toBeVisible();
  await expect(page.getByTestId('protocol-multi')).toHaveAttribute('aria-current', 'page');
  // Back to the single-decree page through the browser's history.
  await page.goBack();
  await expect(page.getByTestId('break-paxos')).toBeVisible();
  // A single-decree link opened on the Multi-Paxos page goes to the root.
  const link = execFileSync(paxosBin, ['link', 'gallery:first-decision'], { encoding: 'utf8' }).trim();
  await page.goto(`/multi/?x=1#s=${link}`);
  await expect(page.getByTestId('scenario-title')).toHaveText('A first decision');
  expect(new URL(page.url()).pathname).toBe('/');
  noErrors(page);
});
