// Scenarios: share a run as a link, open it elsewhere and see the very same
// run; the address bar keeps the run; broken links say what is wrong.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { open, noErrors, shots, fullSpeed, playToEnd, zoomOut, messages, cursorUs } from './helpers.mjs';

const paxosBin =
  process.env.PAXOS_BIN ?? fileURLToPath(new URL('../../target/release/paxos', import.meta.url));
const paxos = (...args) => execFileSync(paxosBin, args, { encoding: 'utf8' });

/** What a student sees of a run: every arrow, the moment, the outcome. */
async function snapshot(page) {
  await expect(page.getByTestId('waiting-disk')).toHaveCount(0);
  return {
    messages: await messages(page),
    cursor: await cursorUs(page),
    hash: await page.getByTestId('trace-hash').textContent(),
    nodes: await page.getByTestId('cluster-size').textContent(),
  };
}

test('a shared link replays the run message for message, to the same moment', async ({ page, browser }) => {
  await open(page);
  // Build a run by clicking: step into the first round, drop a Prepare in
  // flight, crash n2, add message loss, and play on for a while.
  const inFlight = page.locator('[data-testid=message][data-kind=Prepare][data-inflight]');
  for (let i = 0; i < 12 && (await inFlight.count()) === 0; i++) await page.getByTestId('step').click();
  await inFlight.first().dispatchEvent('click');
  await page.getByTestId('drop-message').click();
  for (let i = 0; i < 4; i++) await page.getByTestId('step').click();
  await page.getByTestId('node-2-crash').click();
  await page.getByTestId('drop').fill('20');
  await page.getByTestId('drop').press('Enter');
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect.poll(() => cursorUs(page), { timeout: 20_000 }).toBeGreaterThan(150_000);
  await page.getByTestId('pause').click();
  await zoomOut(page);
  const before = await snapshot(page);
  expect(before.messages.length).toBeGreaterThan(10);
  expect(before.messages.some((m) => m.dropped !== null)).toBe(true);

  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s=s1\.[A-Za-z0-9_-]+$/);
  console.log(`share link: ${link.length} characters`);
  await expect(page.getByTestId('share-length')).toHaveText(`${link.length} characters`);
  await page.screenshot({ path: `${shots}share.png` });

  // A student opens it in a fresh browser: nothing shared but the link.
  const context = await browser.newContext();
  const student = await context.newPage();
  await open(student, link);
  const after = await snapshot(student);
  expect(after.cursor).toBe(before.cursor);
  expect(after.hash).toBe(before.hash);
  expect(after.nodes).toBe(before.nodes);
  expect(after.messages).toEqual(before.messages);
  // The author's view came along: the same zoom draws the same height.
  const height = (p) => p.locator('.diagram-content').evaluate((e) => e.style.height);
  expect(await height(student)).toBe(await height(page));
  noErrors(student);
  await context.close();
  noErrors(page);
});

test('the address bar keeps the run: a reload opens it at the same moment, and still offers the disks', async ({ page }) => {
  await open(page);
  for (let i = 0; i < 8; i++) await page.getByTestId('step').click();
  await page.getByTestId('node-1-crash').click();
  for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
  const before = await snapshot(page);
  // The URL follows the run (replaced, not pushed) within a second or so.
  const cursorAt = before.cursor;
  await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/#s=s1\./);
  const historyLength = await page.evaluate(() => history.length);
  await page.waitForTimeout(1_500);
  await page.reload();
  await expect(page.getByTestId('node-0')).toBeVisible();
  const after = await snapshot(page);
  expect(after.cursor).toBe(cursorAt);
  expect(after.hash).toBe(before.hash);
  expect(after.messages).toEqual(before.messages);
  await expect(page.getByTestId('node-1')).toContainText('crashed');
  // A reload is still a power failure for the disks: resuming from them
  // stays on offer, and does not fight with the link.
  await expect(page.getByTestId('resume-banner')).toBeVisible();
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  noErrors(page);
});

/** A link's payload for raw bytes, as the playground encodes it. */
const linkOf = (bytes) => 's1.' + Buffer.from(bytes).toString('base64url');

test('broken links say what is wrong, and the playground stays usable', async ({ page }) => {
  const good = paxos('link', 'gallery:first-decision').trim();
  const cases = [
    ['#s=hello', /does not hold a scenario/],
    ['#s=s1.@@@@', /not valid base64/],
    // Cut on a base64 boundary: the base64 is fine, the data is short.
    [`#s=${good.slice(0, 3 + 4 * Math.floor((good.length - 3) / 8))}`, /cut short or corrupt/],
    [`#s=${good.slice(0, good.length - 5)}`, /damaged/],
    ['#s=s7.AAAA', /version "7"/],
    [`#s=${linkOf(deflateRawSync(Buffer.alloc(4 << 20)))}`, /more than 1048576 bytes/],
    [`#s=${linkOf(deflateRawSync(Buffer.from('not a scenario at all')))}`, /does not decode/],
  ];
  page.on('dialog', () => {
    throw new Error('a link opened a dialog');
  });
  for (const [i, [fragment, why]] of cases.entries()) {
    // A new query each time: a changed fragment alone does not reload.
    await open(page, `/?case=${i}${fragment}`);
    await expect(page.getByTestId('notice')).toContainText('The link could not be opened');
    await expect(page.getByTestId('notice')).toContainText(why);
    // Still a working playground, on the default scenario.
    await page.getByTestId('step').click();
    await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThan(0);
  }
  await page.screenshot({ path: `${shots}bad-link.png` });
  noErrors(page);
});

test('a scenario with HTML in its text shows it as text', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-scenario-'));
  const scenario = JSON.parse(paxos('gallery', '--export', 'first-decision'));
  scenario.title = '<img src=x onerror="window.pwned=1">Title';
  scenario.description = '<script>window.pwned=2</script>';
  scenario.config.clients[0].value = '<b>bold</b>';
  writeFileSync(join(dir, 'evil.json'), JSON.stringify(scenario));
  const link = paxos('link', join(dir, 'evil.json')).trim();
  await open(page, `/#s=${link}`);
  await expect(page.getByTestId('scenario-title')).toHaveText(scenario.title);
  await expect(page.getByTestId('scenario-description')).toHaveText(scenario.description);
  await playToEnd(page);
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  noErrors(page);
});

test('every gallery scenario gives the browser the same trace hash as the CLI', async ({ page }) => {
  test.setTimeout(300_000);
  const gallery = JSON.parse(paxos('gallery', '--json'));
  expect(gallery.length).toBeGreaterThanOrEqual(13);
  for (const [i, entry] of gallery.entries()) {
    const cli = JSON.parse(paxos('run', '--scenario', `gallery:${entry.id}`, '--json'));
    const endUs = Math.round(cli.end_time * 1000);
    const link = paxos('link', `gallery:${entry.id}`).trim();
    // Memory disks: this compares runs, not IndexedDB's speed.
    await open(page, `/?storage=memory&lesson=${i}#s=${link}`);
    await expect(page.getByTestId('scenario-title')).toHaveText(entry.title);
    // Play past the CLI's end, then put the cursor exactly there.
    await page.getByTestId('speed').fill('4');
    await page.getByTestId('play').click();
    await expect
      .poll(async () => (await page.getByText('run complete').count()) > 0 || (await cursorUs(page)) >= endUs, {
        timeout: 60_000,
      })
      .toBe(true);
    if (await page.getByTestId('pause').isEnabled()) await page.getByTestId('pause').click();
    await page.getByTestId('time-slider').fill(String(endUs));
    await expect.poll(() => cursorUs(page)).toBe(endUs);
    await expect(page.getByTestId('trace-hash'), entry.id).toHaveText(cli.trace_hash);
  }
  noErrors(page);
});
