// Scenarios: share a run as a link, open it elsewhere and see the very same
// run; the address bar keeps the run; broken links say what is wrong.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { open, noErrors, shots, fullSpeed, playToEnd, zoomOut, messages, cursorUs, addressWritten, pauseIfPlaying } from './helpers.mjs';

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
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s=s4\.[A-Za-z0-9_-]+$/);
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
  await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/#s=s4\./);
  const historyLength = await page.evaluate(() => history.length);
  await addressWritten(page);
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
const linkOf = (bytes) => 's4.' + Buffer.from(bytes).toString('base64url');

test('broken links say what is wrong, and the playground stays usable', async ({ page }) => {
  const good = paxos('link', 'gallery:first-decision').trim();
  const cases = [
    ['#s=hello', /does not hold a scenario/],
    ['#s=s4.@@@@', /this link is damaged \(it is not valid base64 at character 4/],
    // Cut on a base64 boundary: the base64 is fine, the data is short.
    [`#s=${good.slice(0, 3 + 4 * Math.floor((good.length - 3) / 8))}`, /cut short or corrupt/],
    [`#s=${good.slice(0, good.length - 5)}`, /damaged/],
    ['#s=s7.AAAA', /version "7"/],
    [`#s=${linkOf(deflateRawSync(Buffer.alloc(4 << 20)))}`, /more than 1048576 bytes/],
    [`#s=${linkOf(deflateRawSync(Buffer.from('not a scenario at all')))}`, /this link is damaged \((it ends too soon|a piece of text in it is garbled|its contents do not make sense)/],
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

test('a link made by version 1 still opens to the same run, and a storage design opens on its page', async ({ page }) => {
  const old = readFileSync(new URL('../fixtures/v1/dropped-accept.link', import.meta.url), 'utf8').trim();
  expect(old.startsWith('s1.')).toBe(true);
  const cli = JSON.parse(paxos('run', '--scenario', old, '--json'));
  const endUs = Math.round(cli.end_time * 1000);
  await open(page, `/?storage=memory&v=1#s=${old}`);
  await expect(page.getByTestId('scenario-title')).toHaveText('A dropped Accept');
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect.poll(async () => (await page.locator('[data-testid=run-complete], [data-testid=run-stopped]').count()) > 0, { timeout: 60_000 }).toBe(true);
  await page.getByTestId('time-slider').fill(String(endUs));
  await expect.poll(() => cursorUs(page)).toBe(endUs);
  await expect(page.getByTestId('trace-hash')).toHaveText(cli.trace_hash);

  // A storage design's link opens on the designs' page, to the CLI's hash.
  const design = paxos('link', 'gallery:design-3-split').trim();
  const designCli = JSON.parse(paxos('run', '--scenario', design, '--json'));
  await open(page, `/?storage=memory&d=1#s=${design}`);
  expect(new URL(page.url()).pathname).toBe('/designs/');
  await expect(page.getByTestId('design-select')).toHaveValue('voting');
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect.poll(async () => (await page.locator('[data-testid=run-complete], [data-testid=run-stopped]').count()) > 0, { timeout: 60_000 }).toBe(true);
  const designEnd = Math.round(designCli.end_time * 1000);
  await page.getByTestId('time-slider').fill(String(designEnd));
  await expect.poll(() => cursorUs(page)).toBe(designEnd);
  await expect(page.getByTestId('trace-hash')).toHaveText(designCli.trace_hash);
  await expect(page.getByTestId('violation')).toContainText('acknowledged_readable');
  noErrors(page);
});

/**
 * Plays the open run past `endUs` (the CLI's end: a Multi-Paxos run's
 * heartbeats go on after it), puts the cursor exactly there, and expects
 * the trace hash there to be `hash`.
 */
async function hashAt(page, endUs, hash, what) {
  await page.getByTestId('speed').fill('4');
  await page.getByTestId('play').click();
  await expect
    .poll(async () => (await page.locator('[data-testid=run-complete], [data-testid=run-stopped]').count()) > 0 || (await cursorUs(page)) >= endUs, {
      timeout: 60_000,
    })
    .toBe(true);
  await pauseIfPlaying(page);
  await page.getByTestId('time-slider').fill(String(endUs));
  await expect.poll(() => cursorUs(page)).toBe(endUs);
  await expect(page.getByTestId('trace-hash'), what).toHaveText(hash);
}

/**
 * Opens an old version's fixture (tests/fixtures/vN) on the page at `path`
 * from its link, then from its JSON file, and plays each to the trace hash
 * that version gave it, which the CLI gives it too.
 */
async function oldRunOpens(page, version, name, path, hash) {
  const fixture = (file) => new URL(`../fixtures/v${version}/${file}`, import.meta.url);
  const link = readFileSync(fixture(`${name}.link`), 'utf8').trim();
  expect(link.startsWith(`s${version}.`)).toBe(true);
  const cli = JSON.parse(paxos('run', '--scenario', link, '--json'));
  expect(cli.trace_hash).toBe(hash);
  const endUs = Math.round(cli.end_time * 1000);
  const check = async () => {
    await expect(page.getByTestId('scenario-title')).toHaveText(`v${version} fixture ${name}`);
    await hashAt(page, endUs, hash, name);
  };
  await open(page, `${path}?storage=memory&v=${version}#s=${link}`);
  await check();
  // The same run saved as that version's JSON, opened from a file.
  await open(page, `${path}?storage=memory&v=${version}json`);
  await page.getByTestId('import-json').setInputFiles(fixture(`${name}.json`).pathname);
  await check();
  noErrors(page);
}

test('a link and a file made by version 2 open to the run version 2 made, old actions and all', async ({ page }) => {
  // Every kind of action a Paxos run could record in version 2, the bug
  // toggles, quorum sizes, durability and a reader among them.
  await oldRunOpens(page, 2, 'paxos-every-action', '/', '2340da1baf867c13');
});

test('a Multi-Paxos link and file made by version 3 open to the run version 3 made, its backoff switch a knob now', async ({ page }) => {
  // Backoff turned off and on again, a crash and a power failure.
  await oldRunOpens(page, 3, 'multi-power-failure', '/multi/', '81b2aadd5dfea98f');
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
  // The lessons of the protocols the playground has pages for.
  const gallery = JSON.parse(paxos('gallery', '--json'));
  expect(gallery.length).toBeGreaterThanOrEqual(29);
  for (const [i, entry] of gallery.entries()) {
    const cli = JSON.parse(paxos('run', '--scenario', `gallery:${entry.id}`, '--json'));
    const endUs = Math.round(cli.end_time * 1000);
    const link = paxos('link', `gallery:${entry.id}`).trim();
    // Memory disks: this compares runs, not IndexedDB's speed.
    await open(page, `/?storage=memory&i=${i}#s=${link}`);
    await expect(page.getByTestId('scenario-title')).toHaveText(entry.title);
    await hashAt(page, endUs, cli.trace_hash, entry.id);
  }
  noErrors(page);
});

test('the gallery opens examples, on the other protocol’s page when needed', async ({ page }) => {
  await open(page);
  await page.getByTestId('gallery').selectOption('crash-mid-round');
  await expect(page.getByTestId('scenario-title')).toHaveText('A crash mid-round');
  await expect(page.getByTestId('clock')).toHaveText('0.000 ms');
  await page.getByTestId('gallery').selectOption('multi-gaps');
  await expect(page.getByTestId('log-view')).toBeVisible();
  await expect(page.getByTestId('scenario-title')).toContainText('gaps', { ignoreCase: true });
  expect(new URL(page.url()).pathname).toBe('/multi/');
  noErrors(page);
});

test('?example=ID opens an example of the gallery on its protocol’s page, and says so when it cannot', async ({ page }) => {
  await open(page, '/?example=bug-ignore-promises');
  await expect(page.getByTestId('scenario-title')).toHaveText('Broken: ignoring what promises report');
  await expect(page.getByTestId('bug-ignore_promises')).toBeChecked();
  await page.goto('/?example=multi-steady&embed=1');
  await expect(page.getByTestId('embed-title')).toContainText('steady state', { ignoreCase: true });
  expect(new URL(page.url()).pathname).toBe('/multi/');
  await expect.poll(() => new URL(page.url()).searchParams.get('example')).toBe('multi-steady');
  await open(page, '/?example=design-5-cas-race');
  await expect(page.getByTestId('scenario-title')).toHaveText('Design 5: two compare-and-sets race');
  expect(new URL(page.url()).pathname).toBe('/designs/');
  await open(page, '/?example=no-such-example');
  await expect(page.getByTestId('notice')).toContainText('There is no example "no-such-example" in the gallery');
  // Its name before version 4, in course pages and links made then.
  await open(page, '/?lesson=design-5-cas-race');
  await expect(page.getByTestId('scenario-title')).toHaveText('Design 5: two compare-and-sets race');
  expect(new URL(page.url()).pathname).toBe('/designs/');
  noErrors(page);
});

test('a scenario saved as JSON runs in the CLI to the same trace, and a JSON file opens in the page', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-json-'));
  await open(page);
  for (let i = 0; i < 6; i++) await page.getByTestId('step').click();
  await page.getByTestId('node-2-crash').click();
  await playToEnd(page);
  const hash = await page.getByTestId('trace-hash').textContent();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const saved = join(dir, download.suggestedFilename());
  await download.saveAs(saved);
  expect(download.suggestedFilename()).toBe('paxos-seed1-scenario.json');
  const json = JSON.parse(readFileSync(saved, 'utf8'));
  expect(Object.keys(json).slice(0, 2)).toEqual(['version', 'protocol']);
  expect(json.actions.length).toBe(1);
  const cli = JSON.parse(paxos('run', '--scenario', saved, '--json'));
  expect(cli.trace_hash).toBe(hash);

  // And back: the CLI's export of an example opens in the page.
  writeFileSync(join(dir, 'lesson.json'), paxos('gallery', '--export', 'minority-partition'));
  await page.getByTestId('import-json').setInputFiles(join(dir, 'lesson.json'));
  await expect(page.getByTestId('scenario-title')).toHaveText('A minority partition');
  await playToEnd(page);
  const lesson = JSON.parse(paxos('run', '--scenario', 'gallery:minority-partition', '--json'));
  await expect(page.getByTestId('trace-hash')).toHaveText(lesson.trace_hash);
  noErrors(page);
});

test('a scenario file of another protocol opens on that protocol\'s page, which alone reads it', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-other-'));
  for (const [id, path] of [['multi-steady', '/multi/'], ['design-3-split', '/designs/']]) {
    // The lesson as its own page opens it, for comparison.
    await open(page, `${path}?example=${id}&storage=memory`);
    const hash = await page.getByTestId('trace-hash').textContent();
    await open(page, '/?storage=memory');
    const file = join(dir, `${id}.json`);
    writeFileSync(file, paxos('gallery', '--export', id));
    const title = JSON.parse(readFileSync(file, 'utf8')).title;
    await page.getByTestId('import-json').setInputFiles(file);
    await page.waitForURL((url) => url.pathname.endsWith(path));
    await expect(page.getByTestId('scenario-title')).toHaveText(title);
    // The very same run, at the same moment.
    await expect(page.getByTestId('trace-hash')).toHaveText(hash);
    await addressWritten(page);
    // The hand-over left the address: a reload opens the run it holds.
    expect(new URL(page.url()).searchParams.get('open')).toBeNull();
    expect(new URL(page.url()).searchParams.get('storage')).toBe('memory');
    await page.reload();
    await expect(page.getByTestId('scenario-title')).toHaveText(title);
  }
  // A hand-over that never arrived (the tab's storage was cleared) says so.
  await page.goto('/multi/?open=file&storage=memory');
  await expect(page.getByTestId('notice')).toContainText('did not reach this one');
  await expect(page.getByTestId('play')).toBeEnabled();
  noErrors(page);
});

test('the tools load only when a file is saved, opened or drawn, and a failed load says so', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => r.url().includes('/tools/') && fetched.push(r.url()));
  await open(page, '/?storage=memory');
  await fullSpeed(page);
  await playToEnd(page);
  expect(fetched, 'playing needs no tools').toEqual([]);
  // Unreachable tools: a clear notice, and the playground goes on.
  await page.route('**/tools/**', (route) => route.abort());
  await page.getByTestId('export-svg').click();
  await expect(page.getByTestId('notice')).toContainText('No SVG was made');
  expect(fetched.length).toBeGreaterThan(0);
  await page.getByTestId('export-json').click();
  await expect(page.getByTestId('notice')).toContainText('No JSON was made');
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('clock')).toContainText('0');
  // Once reachable again, they load and work.
  await page.unroute('**/tools/**');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(download.suggestedFilename()).toBe('paxos-seed1-scenario.json');
  const [picture] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(picture.suggestedFilename()).toBe('paxos-seed1-diagram.svg');
});

test('a bad scenario file is refused with the reason, and the run is left as it was', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-bad-'));
  await open(page);
  for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
  const clock = await page.getByTestId('clock').textContent();
  const lesson = JSON.parse(paxos('gallery', '--export', 'first-decision'));
  const cases = [
    ['not json', '{ "version": 1, ', /not valid JSON/],
    ['future', JSON.stringify({ ...lesson, version: 5 }), /version 5/],
    ['huge', JSON.stringify({ ...lesson, config: { ...lesson.config, protocol: { ...lesson.config.protocol, cluster_size: 1000 } } }), /1000/],
    ['negative', JSON.stringify({ ...lesson, config: { ...lesson.config, network: { ...lesson.config.network, drop_prob: -0.5 } } }), /drop|probab/i],
    ['other', JSON.stringify({ ...lesson, protocol: 'raft' }), /"raft"/],
  ];
  for (const [name, text, why] of cases) {
    writeFileSync(join(dir, `${name}.json`), text);
    await page.getByTestId('import-json').setInputFiles(join(dir, `${name}.json`));
    await expect(page.getByTestId('notice')).toContainText('could not be opened');
    await expect(page.getByTestId('notice')).toContainText(why);
    await expect(page.getByTestId('clock')).toHaveText(clock);
  }
  noErrors(page);
});

test('the diagram exports as SVG and PNG, the view or the whole run, and the trace as JSON lines like the CLI’s', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-export-'));
  await open(page);
  await playToEnd(page);
  const save = async (testid) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    return path;
  };
  // The trace: the same lines as paxos run --trace.
  const trace = readFileSync(await save('export-trace'), 'utf8');
  paxos('run', '--seed', '1', '--trace', join(dir, 'cli.jsonl'));
  const parse = (text) => text.trim().split('\n').map((l) => JSON.parse(l));
  expect(parse(trace)).toEqual(parse(readFileSync(join(dir, 'cli.jsonl'), 'utf8')));
  const sends = parse(trace).filter((e) => e.event.Send).length;

  await page.getByTestId('export-whole').check();
  const whole = readFileSync(await save('export-svg'), 'utf8');
  expect(whole).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(whole.match(/<g data-kind=/g).length).toBe(sends);
  expect(whole).toContain('>Prepare</text>');

  await page.getByTestId('export-view').check();
  await page.getByTestId('diagram').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  // Scroll up to the first round: the view is what is on screen.
  await page.getByTestId('diagram').evaluate((e) => e.scrollTo(0, 0));
  await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThan(0);
  const view = readFileSync(await save('export-svg'), 'utf8');
  const inView = view.match(/<g data-kind=/g)?.length ?? 0;
  expect(inView).toBeGreaterThan(0);
  expect(inView).toBeLessThan(sends);

  const png = readFileSync(await save('export-png'));
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  await page.screenshot({ path: `${shots}scenarios-panel.png`, fullPage: true });
  noErrors(page);
});

test('a link pasted into the address bar of an open page opens', async ({ page }) => {
  await open(page);
  await page.getByTestId('step').click();
  const link = paxos('link', 'gallery:dropped-accept').trim();
  // As if pasted: only the fragment changes, which does not reload by itself.
  await page.evaluate((l) => (location.hash = 's=' + l), link);
  await expect(page.getByTestId('scenario-title')).toHaveText('A dropped Accept');
  noErrors(page);
});

test('a new run (another seed) replaces the run in the address bar at once', async ({ page }) => {
  await open(page);
  await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/#s=s4\./);
  const before = page.url();
  await page.getByTestId('seed').fill('7');
  await page.getByTestId('seed').press('Enter');
  await expect.poll(() => page.url(), { timeout: 5_000 }).not.toBe(before);
  await page.reload();
  await expect(page.getByTestId('seed')).toHaveValue('7');
  noErrors(page);
});
