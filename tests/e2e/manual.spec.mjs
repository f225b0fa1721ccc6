// You are the network: manual scheduling in the page. Nothing happens
// until the student picks it; each pick draws its event; a hand-made
// interleaving shares as a link that opens, still in manual mode, to the
// same diagram.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { open, noErrors, shots, messages, zoomOut } from './helpers.mjs';

const paxosBin =
  process.env.PAXOS_BIN ?? fileURLToPath(new URL('../../target/release/paxos', import.meta.url));
/** The CLI's output (a violation exits with 1, and still prints). */
const paxos = (...args) => {
  try {
    return execFileSync(paxosBin, args, { encoding: 'utf8' });
  } catch (e) {
    if (e.status === 1) return e.stdout;
    throw e;
  }
};

/** The event choices' keys (`deliver message 3`), in the panel's order. */
const events = (page) =>
  page
    .locator('[data-testid=choice]:not([data-action=drop]):not([data-action=duplicate]):not([data-action=crash]):not([data-action=restart])')
    .evaluateAll((els) => els.map((e) => e.dataset.key));

/** Clicks the choice named `key`, and waits until it is done (gone from
 * the list, or the list changed: a write waits for IndexedDB first). */
async function pick(page, key) {
  const before = await events(page);
  await page.locator(`[data-testid=choice][data-key="${key}"]`).click();
  await expect.poll(async () => JSON.stringify(await events(page))).not.toBe(JSON.stringify(before));
}

test('you are the network: nothing happens until you pick it, and each pick is drawn', async ({ page }) => {
  await open(page);
  await page.getByTestId('manual-mode').check();
  await expect(page.getByTestId('play')).toBeDisabled();
  // At the start, the clients may send: nothing is on the wire.
  expect(await events(page)).toEqual(['wake c0', 'wake c1']);
  await expect(page.locator('[data-testid=choice][data-action=crash]')).toHaveCount(3);
  const clock = await page.getByTestId('clock').textContent();
  // Time does not pass by itself: the clock stays put.
  await page.getByTestId('time-slider').fill('500000');
  await expect(page.getByTestId('clock')).toHaveText(clock);
  expect(await messages(page)).toEqual([]);

  // c1 first (the network would have let c0 go first): its request is on
  // the wire, in flight, and delivering it is now a choice.
  await pick(page, 'wake c1');
  let drawn = await messages(page);
  expect(drawn).toHaveLength(1);
  expect(drawn[0]).toMatchObject({ kind: 'Request', from: 'c1', inflight: true });
  const delivery = (await events(page)).find((k) => k.startsWith('deliver'));
  await pick(page, delivery);
  drawn = await messages(page);
  expect(drawn[0]).toMatchObject({ kind: 'Request', from: 'c1', delivered: expect.any(Number) });

  // A Prepare in flight can be dropped by hand: it ends in a cross now.
  const prepare = page.locator('[data-testid=choice][data-action=persist]');
  await pick(page, await prepare.first().getAttribute('data-key'));
  const dropButton = page.locator('[data-testid=choice][data-action=drop]').first();
  const dropped = await dropButton.getAttribute('data-key');
  await dropButton.click();
  await expect(page.locator(`[data-testid=choice][data-key="${dropped}"]`)).toHaveCount(0);
  await expect.poll(async () => (await messages(page)).filter((m) => m.dropped !== null).length).toBe(1);

  // Clicking an arrow still in flight offers to deliver it now.
  const inFlight = page.locator('[data-testid=message][data-inflight=true]');
  await expect(inFlight).not.toHaveCount(0);
  const before = (await messages(page)).filter((m) => m.inflight).length;
  await inFlight.first().dispatchEvent('click');
  await page.getByTestId('deliver-message').click();
  await expect.poll(async () => (await messages(page)).filter((m) => m.inflight).length).toBeLessThan(before + 1);

  // Step picks the earliest event, until nothing is left: the run is
  // over, and a value was chosen, as Paxos promises with no faults.
  for (let i = 0; i < 200 && (await page.getByTestId('step').isEnabled()); i++) {
    await page.getByTestId('step').click();
  }
  await expect(page.getByTestId('run-complete')).toBeVisible();
  await expect(page.getByTestId('no-choices')).toBeVisible();
  await expect(page.getByTestId('decided-value')).toHaveText(/^[AB]$/);
  await zoomOut(page);
  await page.screenshot({ path: `${shots}manual-end.png` });
  noErrors(page);
});

test('a hand-made interleaving shares as a link that opens, still yours to schedule, to the same diagram', async ({ page, browser }) => {
  await open(page);
  await page.keyboard.press('m');
  await expect(page.getByTestId('manual-mode')).toBeChecked();
  // Always the latest event: far from the network's own order.
  for (let i = 0; i < 14; i++) {
    const keys = await events(page);
    await pick(page, keys[keys.length - 1]);
  }
  await zoomOut(page);
  const before = {
    messages: await messages(page),
    hash: await page.getByTestId('trace-hash').textContent(),
    clock: await page.getByTestId('clock').textContent(),
    choices: await events(page),
  };
  expect(before.messages.length).toBeGreaterThan(4);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();

  const context = await browser.newContext();
  const student = await context.newPage();
  await open(student, link);
  await expect(student.getByTestId('manual-mode')).toBeChecked();
  await zoomOut(student);
  expect(await messages(student)).toEqual(before.messages);
  await expect(student.getByTestId('trace-hash')).toHaveText(before.hash);
  await expect(student.getByTestId('clock')).toHaveText(before.clock);
  // Nothing held back ran on its own: the same events are still to pick.
  expect(await events(student)).toEqual(before.choices);
  // And the student goes on picking where the author stopped.
  await pick(student, before.choices[0]);
  noErrors(student);
  await context.close();

  // Switched off, the run plays on by itself.
  await page.getByTestId('manual-mode').uncheck();
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('speed').fill('3');
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  noErrors(page);
});

test('a counterexample from paxos check opens as a run you schedule, at its violation', async ({ page }) => {
  // The checker's shortest run in which quorums that need not meet let two
  // values be chosen: 8 choices.
  const out = JSON.parse(
    paxos('check', '--q1', '1', '--q2', '1', '--max-ballots', '1', '--max-depth', '10', '--json'),
  );
  expect(out.result).toBe('violation');
  const { steps, link } = out.counterexample;
  expect(steps).toHaveLength(8);
  await open(page, `/#s=${link}`);
  await expect(page.getByTestId('manual-mode')).toBeChecked();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen');
  // Step back through it and forward again: the violation comes back at
  // its last step.
  for (let i = 0; i < 3; i++) await page.getByTestId('step-back').click();
  await expect(page.getByTestId('violation')).toHaveCount(0);
  for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen');
  await page.screenshot({ path: `${shots}counterexample.png` });
  noErrors(page);
});
