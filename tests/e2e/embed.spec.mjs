// Embedding: dist/ served under a sub-path, the playground in an iframe of a
// course page, driven through postMessage; and the snippet generator.
import { test, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shots, open, noErrors } from './helpers.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const paxosBin = process.env.PAXOS_BIN ?? here('../../target/release/paxos');
const port = Number(process.env.E2E_SUBPATH_PORT ?? 4174);
const prefix = '/course/paxos/';
const host = `http://127.0.0.1:${port}${prefix}`;

/** An example's link, after `edit` changes its JSON (the CLI makes it). */
function lessonLink(id, edit) {
  const lesson = JSON.parse(execFileSync(paxosBin, ['gallery', '--export', id], { encoding: 'utf8' }));
  edit(lesson);
  const file = join(mkdtempSync(join(tmpdir(), 'paxos-embed-')), `${id}.json`);
  writeFileSync(file, JSON.stringify(lesson));
  return execFileSync(paxosBin, ['link', file], { encoding: 'utf8' }).trim();
}

let server;
test.beforeAll(async () => {
  // The same dist/, copied as it is under a sub-path of a static host.
  server = spawn('node', [here('serve.mjs'), here('../../dist'), String(port), prefix], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(host)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the sub-path server did not start');
});
test.afterAll(() => server?.kill());

function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

test('the full playground works from a sub-path of a static host', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(host);
  await expect(page.getByTestId('node-0')).toBeVisible();
  await page.getByTestId('step').click();
  await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('a course page embeds the playground under a sub-path and drives it through postMessage', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${host}embed-example.html`);
  const frame = page.frameLocator('#playground');
  const events = page.getByTestId('host-events').locator('li');
  // ready, then the height for the host to size the frame.
  await expect(events.filter({ hasText: '"type":"ready"' })).toHaveCount(1);
  await expect(events.filter({ hasText: '"type":"height"' }).first()).toBeVisible();
  const readyEvent = JSON.parse(await events.filter({ hasText: '"type":"ready"' }).textContent());
  expect(readyEvent).toMatchObject({ source: 'paxos-playground', protocol: 'paxos', title: 'A crash mid-round' });
  const frameHeight = await page.locator('#playground').evaluate((e) => e.getBoundingClientRect().height);
  const reported = JSON.parse(await events.filter({ hasText: '"type":"height"' }).last().textContent()).height;
  expect(Math.abs(frameHeight - reported)).toBeLessThan(4);

  // Minimal chrome: the chosen controls, no settings, a way out.
  await expect(frame.getByTestId('embed')).toBeVisible();
  await expect(frame.getByTestId('share')).toHaveCount(0);
  await expect(frame.getByTestId('speed')).toHaveCount(0);
  await expect(frame.getByTestId('seed')).toHaveCount(0);
  await expect(frame.getByTestId('embed-title')).toHaveText('A crash mid-round');
  const full = await frame.getByTestId('open-full').getAttribute('href');
  expect(full).toMatch(/^\/course\/paxos\/\?protocol=paxos#s=s4\./);

  // Commands from the host.
  await page.getByTestId('host-step').click();
  await page.getByTestId('host-step').click();
  await expect.poll(() => frame.getByTestId('message').count()).toBeGreaterThan(0);
  await page.getByTestId('host-play').click();
  await expect(events.filter({ hasText: '"type":"decided"' }).first()).toBeVisible({ timeout: 30_000 });
  const decided = JSON.parse(await events.filter({ hasText: '"type":"decided"' }).first().textContent());
  expect(decided.outcome).toMatch(/^chose /);
  await page.getByTestId('host-pause').click();
  await expect(frame.getByTestId('pause')).toBeDisabled();
  await page.getByTestId('host-reset').click();
  await expect(frame.getByTestId('clock')).toHaveText('0.000 ms');

  // load-scenario: another lesson, by link.
  const link = execFileSync(paxosBin, ['link', 'gallery:minority-partition'], { encoding: 'utf8' }).trim();
  await page.getByTestId('host-link').fill(link);
  await page.getByTestId('host-load').click();
  await expect(frame.getByTestId('embed-title')).toHaveText('A minority partition');

  // An example of the other protocol: the frame moves to that protocol's
  // page, still embedded.
  const multi = execFileSync(paxosBin, ['link', 'gallery:multi-gaps'], { encoding: 'utf8' }).trim();
  await page.getByTestId('host-link').fill(multi);
  await page.getByTestId('host-load').click();
  await expect(frame.getByTestId('embed-title')).toHaveText('Multi-Paxos: a leader crash leaves gaps');
  // A Multi-Paxos embed shows its log by default.
  await expect(frame.getByTestId('log-view')).toBeVisible();
  await expect(frame.getByTestId('share')).toHaveCount(0);
  await expect(events.filter({ hasText: '"protocol":"multi"' })).toHaveCount(1);
  await page.getByTestId('host-link').fill(link);
  await page.getByTestId('host-load').click();
  await expect(frame.getByTestId('embed-title')).toHaveText('A minority partition');

  // Bad shapes are answered with an error, and change nothing.
  await page.evaluate(() => {
    const w = document.getElementById('playground').contentWindow;
    w.postMessage({ target: 'paxos-playground', command: 'explode' }, location.origin);
    w.postMessage({ target: 'paxos-playground' }, location.origin);
    w.postMessage({ target: 'paxos-playground', command: 'load-scenario', scenario: 's1.%%%' }, location.origin);
    w.postMessage('play', location.origin);
  });
  await expect(events.filter({ hasText: '"type":"error"' })).toHaveCount(3);
  await expect(events.filter({ hasText: 'unknown command \\"explode\\"' })).toHaveCount(1);
  await expect(frame.getByTestId('embed-title')).toHaveText('A minority partition');
  await expect(frame.getByTestId('play')).toBeEnabled();
  await page.screenshot({ path: `${shots}embed-host.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('an embed takes commands only from the configured origin', async ({ page }) => {
  // The embed is told to trust another origin: this page's commands are
  // ignored, and no events are sent to it.
  await page.goto(`${host}embed-example.html`);
  await page.evaluate(() => {
    const frame = document.getElementById('playground');
    frame.src = './?embed=1&origin=' + encodeURIComponent('https://course.example');
  });
  const frame = page.frameLocator('#playground');
  await expect(frame.getByTestId('embed')).toBeVisible();
  const before = await page.getByTestId('host-events').locator('li').count();
  await page.getByTestId('host-step').click();
  await page.getByTestId('host-step').click();
  // Both commands arrived, and both were refused.
  await expect(frame.locator('html')).toHaveAttribute('data-ignored-messages', '2');
  await expect(frame.getByTestId('clock')).toHaveText('0.000 ms');
  expect(await page.getByTestId('host-events').locator('li').count()).toBe(before);
});

test('embed options: autoplay and loop, a fixed height, and bad options named', async ({ page }) => {
  // The lesson at the speed its author chose: fast.
  const link = lessonLink('first-decision', (l) => (l.view.speed = 1000));
  await page.goto(`${host}?embed=1&autoplay=1&loop=1&height=240&controls=play,time,bogus#s=${link}`);
  await expect(page.getByTestId('notice')).toContainText('controls= has no "bogus"');
  await expect(page.locator('.diagram-panel')).toHaveAttribute('style', 'height: 240px');
  await expect(page.getByTestId('step')).toHaveCount(0);
  // Autoplay runs it to the end; loop starts it again.
  await expect(page.locator('[data-testid=run-complete], [data-testid=run-stopped]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pause')).toBeEnabled({ timeout: 10_000 });
  await page.getByTestId('pause').click();
  expect(Number(await page.getByTestId('time-slider').inputValue())).toBeLessThan(500_000);
});

test('the snippet generator makes the iframe HTML with a live preview', async ({ page }) => {
  await open(page);
  await page.getByTestId('gallery').selectOption('dropped-accept');
  await page.getByTestId('embed').click();
  const code = page.getByTestId('embed-code');
  await expect(code).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;controls=play,step,reset,time#s=s4\./);
  await page.getByTestId('embed-autoplay').check();
  await page.getByTestId('embed-control-speed').check();
  await page.getByTestId('embed-height').fill('300');
  await page.getByTestId('embed-height').press('Enter');
  await expect(code).toHaveValue(/controls=play,step,reset,time,speed&amp;autoplay=1&amp;height=300#s=/);
  await expect(code).toHaveValue(/title="A dropped Accept"/);
  const preview = page.frameLocator('[data-testid=embed-preview]');
  await expect(preview.getByTestId('embed-title')).toHaveText('A dropped Accept');
  await expect(preview.getByTestId('speed')).toBeVisible();
  await expect(preview.locator('.diagram-panel')).toHaveAttribute('style', 'height: 300px');
  await page.screenshot({ path: `${shots}embed-snippet.png` });
  noErrors(page);
});

test("a scenario's view picks the embed's panels unless the page does", async ({ page }) => {
  const link = lessonLink('first-decision', (l) => (l.view.panels = ['details']));
  await page.goto(`${host}?embed=1#s=${link}`);
  await expect(page.locator('.embed-side .details')).toBeVisible();
  await expect(page.getByTestId('trace-hash')).toHaveCount(0);
  await page.goto(`${host}?embed=1&panels=outcome&x=1#s=${link}`);
  await expect(page.getByTestId('trace-hash')).toBeVisible();
  await expect(page.locator('.embed-side .details')).toHaveCount(0);
});

test('a looping Multi-Paxos embed starts again once its clients are answered', async ({ page }) => {
  const link = lessonLink('multi-steady', (l) => (l.view.speed = 5000));
  await page.goto(`${host}?embed=1&autoplay=1&loop=1#s=${link}`);
  await expect(page.getByTestId('log-view')).toBeVisible();
  await expect(page.getByTestId('commands-committed')).toContainText('12 of 12', { timeout: 20_000 });
  const later = Number(await page.getByTestId('time-slider').inputValue());
  // Back to the start, and playing again.
  await expect
    .poll(async () => Number(await page.getByTestId('time-slider').inputValue()), { timeout: 15_000 })
    .toBeLessThan(later);
  await expect(page.getByTestId('pause')).toBeEnabled();
});
