// The storage designs' page: pick a design, send operations, crash
// servers, and watch each design fail the way the source says it does.
import { test, expect } from '@playwright/test';
import { open, noErrors, shots, playToEnd } from './helpers.mjs';

async function send(page, op, value = '', via = '0', expect_ = '') {
  await page.getByTestId('design-op').selectOption(op);
  if (value) await page.getByTestId('design-value').fill(value);
  if (expect_) await page.getByTestId('design-expect').fill(expect_);
  await page.locator('.design-clients select[aria-label="Server the client starts at"]').selectOption(via);
  await page.getByTestId('design-send').click();
}

test('design 3: three writers are all told "saved", and the read finds no majority', async ({ page }) => {
  await open(page, '/?protocol=designs&storage=memory');
  expect(new URL(page.url()).pathname).toBe('/designs/');
  await expect(page.getByTestId('protocol-designs')).toHaveAttribute('aria-current', 'page');
  // The page opens on design 3 with three writers and a reader.
  await expect(page.getByTestId('design-select')).toHaveValue('voting');
  await expect(page.getByTestId('operations').locator('li')).toHaveCount(4);
  // Its servers answer at once: no Backoff setting, which would do nothing.
  await expect(page.getByTestId('seed')).toBeVisible();
  await expect(page.getByTestId('backoff')).toHaveCount(0);
  await page.getByTestId('gallery').selectOption('design-3-split');
  await expect(page.getByTestId('scenario-title')).toHaveText('Design 3: three writers split the servers');
  await playToEnd(page);
  for (const c of [0, 1, 2]) await expect(page.getByTestId(`operation-${c}`)).toHaveAttribute('data-result', 'ok');
  await expect(page.getByTestId('operation-3')).toContainText('no majority agrees');
  await expect(page.getByTestId('violation')).toContainText('acknowledged_readable');
  await expect(page.getByTestId('violation')).toContainText('This design cannot prevent it');
  await page.screenshot({ path: `${shots}designs-split.png` });
  noErrors(page);
});

test('design 1: with its only server down, writes and reads fail', async ({ page }) => {
  await open(page, '/?protocol=designs&storage=memory');
  await page.getByTestId('design-select').selectOption('single');
  await expect(page.getByTestId('design-about')).toContainText('One server holds the value');
  await expect(page.getByTestId('node-1')).toHaveCount(0);
  await send(page, 'write', 'A');
  await playToEnd(page);
  await expect(page.getByTestId('operation-0')).toContainText('saved "A"');
  await expect(page.getByTestId('node-0-value')).toHaveText('"A"');
  await page.getByTestId('node-0-crash').click();
  await send(page, 'read');
  await playToEnd(page);
  await expect(page.getByTestId('operation-1')).toContainText('read failed: no server answered');
  await page.getByTestId('node-0-restart').click();
  await send(page, 'read');
  await playToEnd(page);
  await expect(page.getByTestId('operation-2')).toContainText('read "A"');
  noErrors(page);
});

test('design 5: two compare-and-sets race and exactly one wins; bad input is named', async ({ page }) => {
  await open(page, '/?protocol=designs&storage=memory');
  await page.getByTestId('design-select').selectOption('generations');
  await send(page, 'write', 'X');
  await playToEnd(page);
  await expect(page.getByTestId('operation-0')).toContainText('saved "X" at generation 1');
  await send(page, 'cas', 'Y', '1', 'X');
  await send(page, 'cas', 'Z', '2', 'X');
  await playToEnd(page);
  const results = [await page.getByTestId('operation-1').textContent(), await page.getByTestId('operation-2').textContent()];
  expect(results.filter((r) => r.includes('at generation 2') && r.includes('was "X"')).length).toBe(1);
  expect(results.filter((r) => r.includes('no longer "X"')).length).toBe(1);
  await page.getByTestId('design-outcome').screenshot({ path: `${shots}designs-cas.png` });
  // A compare-and-set without its expected value is refused with a reason.
  await page.getByTestId('design-op').selectOption('cas');
  await page.getByTestId('design-expect').fill('');
  await page.getByTestId('design-value').fill('Q');
  await page.getByTestId('design-send').click();
  await expect(page.getByTestId('notice')).toContainText('needs the value expected and the new value');
  noErrors(page);
});
