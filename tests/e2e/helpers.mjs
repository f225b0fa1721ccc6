// Shared steps for the end-to-end tests.
import { expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const shots = fileURLToPath(new URL('screenshots/', import.meta.url));
mkdirSync(shots, { recursive: true });

/** Opens the playground and fails the test on any page error. */
export async function open(page, path = '/') {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.errors = errors;
  await page.goto(path);
  await expect(page.getByTestId('node-0')).toBeVisible();
}

export function noErrors(page) {
  expect(page.errors, 'no errors in the page').toEqual([]);
}

/** Full speed (1,000 simulated ms per second). */
export async function fullSpeed(page) {
  await page.getByTestId('speed').fill('3');
}

/** Plays until the run is complete. */
export async function playToEnd(page) {
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
}

/** Pauses if the run is still playing. The run may end on its own between
 * looking and clicking (Pause is then disabled), so a click that cannot
 * land is fine as long as the run has stopped playing. */
export async function pauseIfPlaying(page) {
  const pause = page.getByTestId('pause');
  if (!(await pause.isEnabled())) return;
  try {
    await pause.click({ timeout: 5_000 });
  } catch (e) {
    if (await pause.isEnabled()) throw e;
  }
}

/** Zooms the diagram all the way out, so the whole run is drawn. */
export async function zoomOut(page) {
  await page.getByTestId('diagram').focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('-');
}

/** Every drawn arrow's contract attributes, sorted. */
export async function messages(page) {
  const rows = await page.getByTestId('message').evaluateAll((els) =>
    els.map((e) => ({
      kind: e.dataset.kind,
      from: e.dataset.from,
      to: e.dataset.to,
      sent: Number(e.dataset.sent),
      delivered: e.dataset.delivered === undefined ? null : Number(e.dataset.delivered),
      dropped: e.dataset.dropped === undefined ? null : Number(e.dataset.dropped),
      inflight: e.dataset.inflight === 'true',
    })),
  );
  const key = (m) => `${m.sent}|${m.from}|${m.to}|${m.kind}|${m.delivered}|${m.dropped}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/** The cursor's simulated time in µs, read from the time slider. */
export async function cursorUs(page) {
  return Number(await page.getByTestId('time-slider').inputValue());
}

/** Seeks to `timeUs`, zooms back in, and puts the cursor near the bottom
 * of the view, as follow mode would: a screenshot a person can read. */
export async function readable(page, timeUs) {
  await page.getByTestId('time-slider').fill(String(timeUs));
  await page.getByTestId('diagram').focus();
  for (let i = 0; i < 26; i++) await page.keyboard.press('+');
  await page.evaluate(() => {
    const scroller = document.querySelector('[data-testid=diagram]');
    const y = Number(document.querySelector('.cursor line').getAttribute('y1'));
    scroller.scrollTop = Math.max(0, y - 0.8 * scroller.clientHeight);
  });
  await painted(page);
}

/** Resolves once the browser has painted what the page last rendered:
 * two animation frames, the first to lay out, the second after paint. */
export async function painted(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Waits until the address bar holds the run on screen (the page rewrites
 * it at most every 400 ms, and marks `<html data-address>` when done). */
export async function addressWritten(page) {
  await expect(page.locator('html')).toHaveAttribute('data-address', 'written');
}
