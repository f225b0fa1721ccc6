// The sequence diagram, the cluster view, time travel, and the fault and
// client controls, clicked through as a student would.
import { test, expect } from '@playwright/test';
import { open, noErrors, shots, playToEnd, fullSpeed, zoomOut, messages, cursorUs, readable } from './helpers.mjs';

const KINDS = ['Request', 'Prepare', 'Promise', 'Accept', 'Accepted', 'Reject', 'Decided', 'Reply'];

test.beforeEach(async ({ page }) => open(page));
test.afterEach(async ({ page }) => noErrors(page));

test('every arrow carries its kind, ends and times', async ({ page }) => {
  await playToEnd(page);
  await zoomOut(page);
  const all = await messages(page);
  expect(all.length).toBeGreaterThan(20);
  for (const m of all) {
    expect(KINDS).toContain(m.kind);
    expect(m.from).toMatch(/^[nc]\d$/);
    expect(m.to).toMatch(/^[nc]\d$/);
    expect(Number.isInteger(m.sent)).toBe(true);
    // A finished run has no message in flight: each was delivered or dropped.
    expect((m.delivered !== null) !== (m.dropped !== null)).toBe(true);
    expect(m.delivered ?? m.dropped).toBeGreaterThanOrEqual(m.sent);
  }
  // Clients talk only to nodes, with requests and replies.
  for (const m of all.filter((m) => m.from.startsWith('c'))) expect(m.kind).toBe('Request');
  for (const m of all.filter((m) => m.to.startsWith('c'))) expect(m.kind).toBe('Reply');
  // Lifeline marks: disk writes and decisions.
  await expect(page.locator('[data-mark=persist-start]').first()).toBeAttached();
  await expect(page.locator('[data-mark=decided]')).toHaveCount(3);
});

test('clicking an arrow explains the message', async ({ page }) => {
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('decided-value')).not.toHaveText('', { timeout: 20_000 });
  await page.getByTestId('pause').click();
  await zoomOut(page);
  const promise = page.locator('[data-testid=message][data-kind=Promise]').first();
  await promise.click({ force: true });
  const details = page.getByTestId('details');
  await expect(details).toContainText('promises to ignore ballots below');
  await expect(details).toContainText('after sending');
  await expect(details).toContainText('after receiving');
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
});

test('a crashed node stops sending until it restarts', async ({ page }) => {
  await fullSpeed(page);
  for (let i = 0; i < 8; i++) await page.getByTestId('step').click();
  await page.getByTestId('node-2-crash').click();
  const crashedAt = await cursorUs(page);
  await expect(page.getByTestId('node-2')).toContainText('crashed');
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  await zoomOut(page);
  const fromN2 = (await messages(page)).filter((m) => m.from === 'n2');
  expect(fromN2.every((m) => m.sent <= crashedAt)).toBe(true);
  // Messages to n2 after the crash are lost at the crashed node.
  const toN2 = (await messages(page)).filter((m) => m.to === 'n2' && m.sent > crashedAt);
  expect(toN2.length).toBeGreaterThan(0);
  expect(toN2.every((m) => m.dropped !== null)).toBe(true);
  await expect(page.locator('[data-mark=crash]')).toHaveCount(1);
  await readable(page, crashedAt + 40_000);
  await page.screenshot({ path: `${shots}crash.png` });

  await page.getByTestId('node-2-restart').click();
  await expect(page.getByTestId('node-2')).toContainText('up');
  await expect(page.locator('[data-mark=restart]')).toHaveCount(1);
});

test('a dropped message ends in a cross', async ({ page }) => {
  await page.getByTestId('drop').fill('40');
  await page.getByTestId('drop').press('Enter');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await playToEnd(page);
  await zoomOut(page);
  const dropped = page.locator('[data-testid=message][data-dropped]');
  expect(await dropped.count()).toBeGreaterThan(0);
  await expect(dropped.first().locator('.cross')).toHaveCount(1);
  await expect(page.locator('[data-testid=message][data-delivered] .cross')).toHaveCount(0);
  await readable(page, 30_000);
  await page.screenshot({ path: `${shots}dropped.png` });
});

test('a partition blocks the cut links and the rest still decide', async ({ page }) => {
  const link = page.getByTestId('link-0-1');
  await link.click();
  await expect(link).toHaveAttribute('data-cut', 'cut');
  await playToEnd(page);
  await expect(page.getByTestId('decided-value')).not.toHaveText('');
  await zoomOut(page);
  const across = (await messages(page)).filter(
    (m) => (m.from === 'n0' && m.to === 'n1') || (m.from === 'n1' && m.to === 'n0'),
  );
  expect(across.length).toBeGreaterThan(0);
  expect(across.every((m) => m.dropped !== null)).toBe(true);
  await readable(page, 60_000);
  await page.screenshot({ path: `${shots}partition.png` });
  // One way, then the other, then whole again.
  await link.click();
  await expect(link).toHaveAttribute('data-cut', 'one-way');
  await link.click();
  await expect(link).toHaveAttribute('data-cut', 'one-way');
  await link.click();
  await expect(link).toHaveAttribute('data-cut', 'whole');
});

test('rewinding and replaying gives the identical diagram', async ({ page }) => {
  await page.getByTestId('drop').fill('20');
  await page.getByTestId('drop').press('Enter');
  await playToEnd(page);
  await zoomOut(page);
  const first = await messages(page);
  const hash = await page.getByTestId('trace-hash').textContent();
  await page.keyboard.press('Home');
  await expect.poll(async () => (await messages(page)).length).toBeLessThan(first.length);
  await expect(page.getByText('in the past')).toBeVisible();
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  expect(await messages(page)).toEqual(first);
  await expect(page.getByTestId('trace-hash')).toHaveText(hash);
});

test('acting in the past forks history, and the old future becomes a branch', async ({ page }) => {
  await playToEnd(page);
  await zoomOut(page);
  const before = await messages(page);
  const endUs = await cursorUs(page);
  // Back to 15 ms, then crash n2 there.
  await page.getByTestId('time-slider').fill('15000');
  await expect(page.getByTestId('in-the-past')).toBeVisible();
  await page.getByTestId('node-2-crash').click();
  await expect(page.getByTestId('in-the-past')).toHaveCount(0);
  await expect(page.getByTestId('branch-0')).toBeVisible();
  expect(Number(await page.getByTestId('time-slider').getAttribute('max'))).toBe(15000);
  const after = await messages(page);
  expect(after.length).toBeLessThan(before.length);
  expect(after.every((m) => m.sent <= 15000)).toBe(true);
  // The new future decides differently in time, without n2.
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  expect(await cursorUs(page)).not.toBe(endUs);
  await expect(page.locator('[data-mark=crash]')).toHaveCount(1);
});

test('proposing adds a client lifeline and racing proposes at every node', async ({ page }) => {
  await playToEnd(page);
  await page.getByTestId('propose').click();
  await expect(page.getByRole('button', { name: 'Hide c2' })).toBeVisible();
  await page.getByTestId('race').click();
  await expect(page.getByRole('button', { name: 'Hide c5' })).toBeVisible();
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  await zoomOut(page);
  const replies = (await messages(page)).filter((m) => m.kind === 'Reply');
  // Every client hears the one chosen value.
  expect(new Set(replies.map((m) => m.to))).toEqual(new Set(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']));
});

test('filters hide message kinds and lifelines', async ({ page }) => {
  await playToEnd(page);
  await zoomOut(page);
  await page.locator('.legend .chip', { hasText: 'Promise' }).click();
  await expect(page.locator('[data-testid=message][data-kind=Promise]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Hide n1' }).click();
  const shown = await messages(page);
  expect(shown.some((m) => m.from === 'n1' || m.to === 'n1')).toBe(false);
  await page.getByRole('button', { name: /show all/ }).click();
  await expect(page.locator('[data-testid=message][data-kind=Promise]').first()).toBeAttached();
});

test('cluster size can grow and shrink, and restarts the run', async ({ page }) => {
  await page.getByTestId('add-node').click();
  await expect(page.getByTestId('node-3')).toBeVisible();
  await expect(page.getByTestId('cluster-size')).toHaveText('4');
  await playToEnd(page);
  await expect(page.getByTestId('decided-value')).not.toHaveText('');
  for (let i = 0; i < 3; i++) await page.getByTestId('remove-node').click();
  await expect(page.getByTestId('node-1')).toHaveCount(0);
  await expect(page.getByTestId('remove-node')).toBeDisabled();
  await expect(page.getByTestId('clock')).toHaveText('0.000 ms');
});

test('a setting typed while the run plays is kept as typed, then takes effect', async ({ page }) => {
  await page.getByTestId('speed').fill('1');
  await page.getByTestId('play').click();
  await expect.poll(() => cursorUs(page)).toBeGreaterThan(0);
  // The page draws every frame while it plays: the typing must survive.
  const drop = page.getByTestId('drop');
  await drop.click();
  await drop.press('Backspace');
  await page.keyboard.type('4');
  await expect.poll(() => cursorUs(page)).toBeGreaterThan(20_000);
  await expect(drop).toHaveValue('4');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await fullSpeed(page);
  await expect.poll(() => page.locator('[data-testid=message][data-dropped]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(drop).toHaveValue('40');
});

test('bad settings get a clear notice and change nothing', async ({ page }) => {
  await page.getByTestId('latency-min').fill('50');
  await page.getByTestId('latency-min').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('network latency minimum (50 ms) is above its maximum (12 ms)');
  // Errors speak the field's own units.
  await page.getByTestId('drop').fill('250');
  await page.getByTestId('drop').press('Enter');
  await expect(page.getByTestId('notice')).toHaveText(/Drop: 250% is not a percentage from 0 to 100\./);
  await page.getByTestId('latency-min').fill('-5');
  await page.getByTestId('latency-min').press('Enter');
  await expect(page.getByTestId('notice')).toHaveText(/Minimum latency: -5 ms is below zero/);
  await page.getByTestId('latency-max').fill('99999');
  await page.getByTestId('latency-max').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('beyond the 10000 ms limit');
  // The playground still works.
  await playToEnd(page);
  await expect(page.getByTestId('decided-value')).not.toHaveText('');
});

test('keyboard shortcuts drive the playground', async ({ page }) => {
  await page.locator('body').click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('message')).toHaveCount(1);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('clock')).toHaveText('0.000 ms');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pause')).toBeEnabled();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await page.screenshot({ path: `${shots}shortcuts.png` });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
});

test('hovering an arrow shows what it is', async ({ page }) => {
  for (let i = 0; i < 6; i++) await page.getByTestId('step').click();
  const arrow = page.locator('[data-testid=message][data-kind=Prepare]').first();
  await arrow.hover({ force: true });
  await expect(page.locator('.tip')).toContainText('Prepare (1,');
  await page.mouse.move(5, 5);
  await expect(page.locator('.tip')).toHaveCount(0);
});

test('clicking an arrow in flight lets you drop it', async ({ page }) => {
  // Step until a Prepare is on its way, then drop it by hand.
  const inFlight = page.locator('[data-testid=message][data-kind=Prepare][data-inflight]');
  for (let i = 0; i < 12 && (await inFlight.count()) === 0; i++) await page.getByTestId('step').click();
  const target = inFlight.first();
  const sent = await target.getAttribute('data-sent');
  await target.click({ force: true });
  // Several Prepares may leave at the same instant: the details panel says
  // which one was picked.
  const route = await page.getByTestId('details').locator('dd.mono').first().textContent();
  const to = route.split('→')[1].trim();
  await page.getByTestId('drop-message').click();
  await playToEnd(page);
  await zoomOut(page);
  const same = (await messages(page)).filter(
    (m) => m.kind === 'Prepare' && m.sent === Number(sent) && m.to === to,
  );
  expect(same.length).toBeGreaterThan(0);
  expect(same.some((m) => m.dropped !== null)).toBe(true);
  await expect(page.getByTestId('details')).toContainText('dropped by hand');
});

test('amnesia: wiping disks lets a second value be chosen, and the monitor says so loudly', async ({ page }) => {
  await playToEnd(page);
  await expect(page.getByTestId('decided-value')).toHaveText('A');
  await expect(page.getByTestId('violation')).toHaveCount(0);
  for (const id of [1, 2]) {
    await page.getByTestId(`node-${id}-crash`).click();
    await page.getByTestId(`node-${id}-wipe`).click();
    await page.getByTestId(`node-${id}-restart`).click();
  }
  // n1 and n2 have gone back on their promises.
  await expect(page.getByTestId('violation')).toContainText('promise_never_decreases');
  await page.getByTestId('link-0-1').click();
  await page.getByTestId('link-0-2').click();
  await page.getByLabel('Value to propose').fill('B');
  await page.getByLabel('Node to send the request to').selectOption('1');
  await page.getByTestId('propose').click();
  const proposedAt = await cursorUs(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen', { timeout: 30_000 });
  await expect(page.getByTestId('violation')).toContainText('"B" was chosen');
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  await zoomOut(page);
  await expect(page.locator('[data-mark=wiped]')).toHaveCount(2);
  await readable(page, proposedAt + 45_000);
  await page.screenshot({ path: `${shots}violation.png` });
});

test('every control has an accessible name', async ({ page }) => {
  const unnamed = await page.evaluate(() => {
    const name = (el) =>
      (el.getAttribute('aria-label') || el.textContent || '').trim() ||
      (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent.trim()) ||
      el.closest('label')?.textContent.trim();
    return [...document.querySelectorAll('button, input, select')]
      .filter((el) => el.offsetParent !== null && !name(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  expect(unnamed).toEqual([]);
});

test('the cluster ring shows each message in flight between nodes, in sync with the diagram', async ({ page }) => {
  let seen = 0;
  for (let i = 0; i < 12; i++) {
    await page.getByTestId('step').click();
    const inFlight = await page
      .locator('[data-testid=message][data-inflight]')
      .evaluateAll((els) => els.filter((e) => e.dataset.from.startsWith('n') && e.dataset.to.startsWith('n')).length);
    await expect(page.locator('.ring .dot')).toHaveCount(inFlight);
    seen = Math.max(seen, inFlight);
  }
  expect(seen).toBeGreaterThan(0);
});
