// What a person sees, not only what the DOM holds: the page never scrolls
// away, a settled run shows its messages, labels never overlap, alarms are
// never false, long runs never freeze, overlays close with Esc, and the
// 900 px layout keeps the toolbar and the lesson in reach. Every test
// writes screenshots to tests/e2e/screenshots/.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { open, noErrors, shots, addressWritten, pauseIfPlaying } from './helpers.mjs';

const paxosBin =
  process.env.PAXOS_BIN ?? fileURLToPath(new URL('../../target/release/paxos', import.meta.url));
const gallery = JSON.parse(execFileSync(paxosBin, ['gallery', '--json'], { encoding: 'utf8' }));
const pageOf = (protocol) => (protocol === 'paxos' ? '/' : protocol === 'multi' ? '/multi/' : '/designs/');
const RUN_OVER = '[data-testid=run-complete], [data-testid=run-stopped]';

/** The document is exactly as tall as the window: nothing scrolled away. */
async function pageFits(page) {
  const { doc, win, scrolled } = await page.evaluate(() => ({
    doc: document.documentElement.scrollHeight,
    win: window.innerHeight,
    scrolled: window.scrollY,
  }));
  expect(doc, 'the document is the window’s height').toBe(win);
  expect(scrolled, 'and is not scrolled').toBe(0);
}

/** Plays at the top speed until the run has settled: nothing left to
 * happen, or (Multi-Paxos, whose heartbeats never stop) every client
 * command answered. Then pauses. */
async function playUntilSettled(page) {
  if ((await page.getByTestId('speed').count()) > 0) await page.getByTestId('speed').fill('4');
  await page.getByTestId('play').click();
  await expect
    .poll(
      async () => {
        if ((await page.locator(RUN_OVER).count()) > 0) return true;
        const answered = page.getByTestId('commands-committed');
        if ((await answered.count()) === 0) return false;
        const m = (await answered.textContent()).match(/^(\d+) of (\d+) /);
        return m !== null && m[1] === m[2] && Number(m[1]) > 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await pauseIfPlaying(page);
}

/** Arrows whose drawn line crosses the diagram's visible area, and the
 * drawn labels whose boxes overlap another's by more than 2 px. */
async function onScreen(page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('[data-testid=diagram]');
    const view = scroller.getBoundingClientRect();
    const headers = scroller.querySelector('.lane-headers').getBoundingClientRect();
    const top = headers.bottom;
    let arrows = 0;
    for (const shaft of scroller.querySelectorAll('[data-testid=message] .shaft')) {
      const b = shaft.getBoundingClientRect();
      if (b.bottom >= top && b.top <= view.bottom && b.right >= view.left && b.left <= view.right) arrows++;
    }
    const boxes = [...scroller.querySelectorAll('[data-testid=message-label]')]
      .map((l) => l.getBoundingClientRect())
      .filter((b) => b.bottom >= top && b.top <= view.bottom);
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (ox > 2 && oy > 2) overlaps.push([i, j, ox, oy]);
      }
    }
    return { arrows, labels: boxes.length, overlaps };
  });
}

test.describe('the page never scrolls away', () => {
  test('after wheeling the side bar to its end, and after Share', async ({ page }) => {
    await open(page, '/?storage=memory');
    await pageFits(page);
    const side = page.locator('aside.side');
    await side.hover();
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 600);
    await expect.poll(() => side.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1)).toBe(true);
    await page.mouse.wheel(0, 600);
    await pageFits(page);
    await page.screenshot({ path: `${shots}screen-sidebar-end.png` });
    // The diagram too keeps its scroll to itself.
    await page.getByTestId('diagram').hover();
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 800);
    await pageFits(page);
    await page.getByTestId('share').click();
    await expect(page.getByTestId('share-link')).toBeVisible();
    await pageFits(page);
    for (const path of ['/multi/?storage=memory', '/designs/?storage=memory']) {
      await open(page, path);
      await page.locator('aside.side').hover();
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 600);
      await pageFits(page);
    }
    noErrors(page);
  });
});

test.describe('a settled run shows what happened', () => {
  test('every example of the gallery, played to its end, has arrows in view and no overlapping labels', async ({ page }) => {
    test.setTimeout(600_000);
    await open(page, '/?storage=memory');
    for (const entry of gallery) {
      await page.goto(`${pageOf(entry.protocol)}?storage=memory&example=${entry.id}`);
      await expect(page.getByTestId('node-0')).toBeVisible();
      await playUntilSettled(page);
      const seen = await onScreen(page);
      await page.screenshot({ path: `${shots}settled-${entry.id}.png` });
      expect(seen.arrows, `${entry.id}: arrows in the visible diagram`).toBeGreaterThan(0);
      expect(seen.overlaps, `${entry.id}: overlapping labels`).toEqual([]);
    }
    noErrors(page);
  });

  test('the default run folds its quiet end, and unfolding still shows the last messages', async ({ page }) => {
    await open(page, '/?storage=memory');
    await playUntilSettled(page);
    const fold = page.getByTestId('time-fold').last();
    await expect(fold).toBeVisible();
    await expect(fold).toContainText('quiet');
    expect((await onScreen(page)).arrows).toBeGreaterThan(3);
    await page.screenshot({ path: `${shots}folded-end.png` });
    await page.getByTestId('compress').click();
    await expect(page.getByTestId('time-fold')).toHaveCount(0);
    // On a linear axis the view still rests on the last events, not on
    // the empty time after them.
    await expect.poll(async () => (await onScreen(page)).arrows).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}unfolded-end.png` });
    noErrors(page);
  });

  test('after a seek, the cursor sits low in the view with the moments before it above', async ({ page }) => {
    await open(page, '/designs/?storage=memory&example=design-5-cas-race');
    await playUntilSettled(page);
    await page.getByTestId('time-slider').fill('90000');
    await expect(page.getByTestId('clock')).toHaveText('90.000 ms');
    const where = await page.evaluate(() => {
      const view = document.querySelector('[data-testid=diagram]').getBoundingClientRect();
      const cursor = document.querySelector('.cursor line').getBoundingClientRect();
      return (cursor.top - view.top) / view.height;
    });
    expect(where).toBeGreaterThan(0.4);
    expect(where).toBeLessThan(0.95);
    expect((await onScreen(page)).arrows).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}after-seek.png` });
    noErrors(page);
  });
});

test.describe('no false alarms', () => {
  test('no resume banner after Next, Back or opening an example; one after a real reload', async ({ page }) => {
    await open(page, '/?course=reading&step=1');
    await expect(page.getByTestId('storage-status')).toContainText('IndexedDB');
    await page.getByTestId('step').click();
    await page.getByTestId('step').click();
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
    await page.getByTestId('step').click();
    await page.waitForLoadState('networkidle');
    await expect(page.getByTestId('storage-status')).toContainText('IndexedDB');
    await expect(page.getByTestId('resume-banner')).toHaveCount(0);
    await page.getByTestId('lesson-back').click();
    await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '1');
    await page.getByTestId('step').click();
    await page.goBack();
    await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
    await expect(page.getByTestId('storage-status')).toContainText('IndexedDB');
    await expect(page.getByTestId('resume-banner')).toHaveCount(0);
    await page.getByTestId('gallery').selectOption('first-decision');
    await expect(page.getByTestId('scenario-title')).toHaveText('A first decision');
    await page.getByTestId('step').click();
    await page.goto('/?example=duel-with-backoff');
    await expect(page.getByTestId('storage-status')).toContainText('IndexedDB');
    for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
    await expect(page.getByTestId('resume-banner')).toHaveCount(0);
    await page.screenshot({ path: `${shots}no-false-resume.png` });
    // A real reload of the same run: now the disks have a story to tell.
    await expect(page.getByTestId('storage-status')).toHaveAttribute('data-busy', 'false');
    await addressWritten(page); // rewritten at most every 400 ms
    await page.reload();
    await expect(page.getByTestId('resume-banner')).toBeVisible();
    noErrors(page);
  });

  test('whenever the banner names a violation, so does the outcome card, and Jump goes to where it began', async ({ page }) => {
    test.setTimeout(180_000);
    await open(page, '/?storage=memory');
    for (const entry of gallery.filter((e) => e.violation)) {
      await page.goto(`${pageOf(entry.protocol)}?storage=memory&example=${entry.id}`);
      await expect(page.getByTestId('node-0')).toBeVisible();
      await playUntilSettled(page);
      await expect(page.getByTestId('violation')).toBeVisible();
      const card = page.getByTestId('outcome-violation');
      await expect(card, entry.id).toBeVisible();
      const named = await card.getAttribute('data-property');
      await expect(page.getByTestId('violation')).toContainText(named);
      if (entry.violation === 'one_value_chosen') {
        await expect(page.getByTestId('also-chosen'), `${entry.id}: the card shows both values`).toBeVisible();
        await expect(page.locator('.outcome.violated')).toBeVisible();
      }
    }
    // Jump: the cursor moves back to the step, and its messages light up.
    await page.goto('/?storage=memory&example=bug-amnesia');
    await playUntilSettled(page);
    await expect(page.getByTestId('also-chosen')).toHaveText('B');
    const end = await page.getByTestId('clock').textContent();
    await page.getByTestId('banner-jump').last().click();
    await expect(page.getByTestId('clock')).not.toHaveText(end);
    const culprits = page.locator('[data-culprit=true]');
    await expect(culprits.first()).toBeVisible();
    await expect(page.getByTestId('details')).toBeVisible();
    await page.screenshot({ path: `${shots}jump-to-violation.png` });
    noErrors(page);
  });

  test('the lesson title says when the user has changed its run', async ({ page }) => {
    // A scripted lesson is simulated ahead: it is replaying, not "the past".
    await open(page, '/?storage=memory&example=crash-mid-round');
    await expect(page.getByTestId('replaying')).toBeVisible();
    await expect(page.getByTestId('in-the-past')).toHaveCount(0);
    await open(page, '/?storage=memory&example=bug-one-ballot');
    await expect(page.getByTestId('scenario-edited')).toHaveCount(0);
    await page.getByTestId('bug-one_ballot').uncheck();
    await expect(page.getByTestId('scenario-edited')).toBeVisible();
    noErrors(page);
  });
});

test.describe('history that branches', () => {
  test('acting in the past keeps the old future as a branch to switch back to', async ({ page }) => {
    await open(page, '/?storage=memory');
    await playUntilSettled(page);
    const hash = await page.getByTestId('trace-hash').textContent();
    await page.getByTestId('time-slider').fill('20000');
    await page.getByTestId('node-2-crash').click();
    await expect(page.getByTestId('notice')).toContainText('kept as a branch');
    await expect(page.getByTestId('history')).toBeVisible();
    await page.getByTestId('speed').fill('4');
    await page.getByTestId('play').click();
    await expect(page.locator(RUN_OVER)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('trace-hash')).not.toHaveText(hash);
    await page.screenshot({ path: `${shots}history.png` });
    await page.getByTestId('switch-branch-0').click();
    await expect(page.getByTestId('trace-hash')).toHaveText(hash);
    // The branch left is kept too, and a link shares the branch shown.
    await expect(page.getByTestId('switch-branch-0')).toBeVisible();
    noErrors(page);
  });
});

test.describe('no freeze', () => {
  test('the stress run with 1,000,000 messages stays under its memory budget and keeps playing', async ({ page }) => {
    test.setTimeout(240_000);
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm));
    });
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    await page.goto('/?stress=1000000');
    await page.waitForFunction(() => window.__wasm && document.querySelector('[data-testid=play]'), null, { timeout: 180_000 });
    const memory = () => page.evaluate(() => window.__wasm.memory.buffer.byteLength / 2 ** 20);
    const events = () => page.getByTestId('diagram').getAttribute('data-events').then(Number);
    expect(await events()).toBeGreaterThan(2_500_000);
    const loaded = await memory();
    await page.getByTestId('speed').fill('4');
    await page.getByTestId('play').click();
    const before = await page.getByTestId('clock').textContent();
    await expect(page.getByTestId('clock')).not.toHaveText(before);
    const start = await events();
    await expect.poll(events, { timeout: 60_000 }).toBeGreaterThan(start + 100_000);
    const after = await memory();
    console.log(`stress: ${loaded.toFixed(0)} MiB at load, ${after.toFixed(0)} MiB after ${(await events()).toLocaleString('en')} events`);
    expect(after, 'MiB of wasm memory').toBeLessThan(1024);
    await expect(page.getByTestId('crash')).toHaveCount(0);
    await page.getByTestId('pause').click();
    await page.screenshot({ path: `${shots}stress-1m.png` });
    expect(page.errors).toEqual([]);
  });

  test('a failure inside the app shows a message and the way to report it', async ({ page }) => {
    await open(page, '/?storage=memory');
    page.errors.length = 0;
    await page.evaluate(() => setTimeout(() => window.wasmBindings.panic_for_test()));
    await expect(page.getByTestId('crash')).toBeVisible();
    await expect(page.getByTestId('crash-report')).toHaveValue(/asked the playground to fail/);
    await expect(page.getByTestId('crash-report')).toHaveValue(/Page: http/);
    await page.screenshot({ path: `${shots}crash.png` });
    await page.getByTestId('crash-reload').click();
    await expect(page.getByTestId('node-0')).toBeVisible();
    await expect(page.getByTestId('crash')).toHaveCount(0);
  });
});

test.describe('overlays and settings', () => {
  test('Esc closes each overlay, and the focus returns where it was', async ({ page }) => {
    await open(page, '/?storage=memory');
    const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await help.click();
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await expect(page.getByTestId('close-shortcuts')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts')).toHaveCount(0);
    await expect(help).toBeFocused();
    const embed = page.getByTestId('embed');
    await embed.click();
    await expect(page.getByTestId('embed-sheet')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('embed-sheet')).toHaveCount(0);
    await expect(embed).toBeFocused();
    noErrors(page);
  });

  test('a new size or seed keeps the network settings', async ({ page }) => {
    await open(page, '/?storage=memory');
    await page.getByTestId('drop').fill('20');
    await page.getByTestId('drop').press('Enter');
    await page.getByTestId('dup').fill('5');
    await page.getByTestId('dup').press('Enter');
    await page.getByTestId('backoff').uncheck();
    await page.getByTestId('add-node').click();
    await expect(page.getByTestId('cluster-size')).toHaveText('4');
    await page.getByTestId('seed').fill('9');
    await page.getByTestId('seed').press('Enter');
    await expect(page.getByTestId('drop')).toHaveValue('20');
    await expect(page.getByTestId('dup')).toHaveValue('5');
    await expect(page.getByTestId('backoff')).not.toBeChecked();
    noErrors(page);
  });

  test('the legend lists what the run can send, each kind drawn its own way', async ({ page }) => {
    const styles = async () =>
      page.locator('.legend .chip').evaluateAll((chips) =>
        chips.map((c) => {
          const line = getComputedStyle(c.querySelector('.swatch line'));
          return { kind: c.textContent.trim(), look: `${line.stroke}|${line.strokeDasharray}|${line.strokeWidth}` };
        }),
      );
    for (const path of ['/', '/multi/', '/designs/?example=design-5-cas-race']) {
      await open(page, path.includes('?') ? `${path}&storage=memory` : `${path}?storage=memory`);
      const chips = await styles();
      const looks = new Set(chips.map((c) => c.look));
      expect(looks.size, `${path}: ${JSON.stringify(chips)}`).toBe(chips.length);
      // A request and its reply share a colour, with dashes for the reply.
      const look = Object.fromEntries(chips.map((c) => [c.kind, c.look.split('|')]));
      expect(look.Promise[0]).toBe(look.Prepare[0]);
      expect(look.Promise[1]).not.toBe(look.Prepare[1]);
    }
    await open(page, '/designs/?storage=memory&example=design-1-down');
    const kinds = (await styles()).map((c) => c.kind);
    expect(kinds).toEqual(['Write', 'Read', 'Ack', 'ReadReply']);
    await page.locator('.legend').screenshot({ path: `${shots}legend-design-1.png` });
    noErrors(page);
  });

  test('the ring shows which way a one-way cut blocks, and every link stays clickable at 9 nodes', async ({ page }) => {
    test.setTimeout(240_000);
    await open(page, '/?storage=memory');
    for (let i = 0; i < 6; i++) await page.getByTestId('add-node').click();
    await expect(page.getByTestId('cluster-size')).toHaveText('9');
    const links = await page.locator('[data-testid^=link-]').evaluateAll((ls) => ls.map((l) => l.dataset.testid));
    expect(links.length).toBe(36);
    await page.getByTestId('cluster-view').scrollIntoViewIfNeeded();
    // Somewhere along a link, a point where it is the one clicked
    // (measured afresh each time: the panel's Heal button comes and goes).
    const clickLink = async (id) => {
      const at = await page.getByTestId(id).locator('line.wire').evaluate((l, id) => {
        const { x1, y1, x2, y2 } = Object.fromEntries(['x1', 'y1', 'x2', 'y2'].map((k) => [k, Number(l.getAttribute(k))]));
        const svg = l.ownerSVGElement;
        for (let i = 0; i <= 40; i++) {
          const t = 0.15 + (0.7 * i) / 40;
          const p = svg.createSVGPoint();
          [p.x, p.y] = [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t];
          const q = p.matrixTransform(svg.getScreenCTM());
          const hit = document.elementFromPoint(q.x, q.y)?.closest('[data-testid^=link-]');
          if (hit?.dataset.testid === id) return { x: q.x, y: q.y };
        }
        return null;
      }, id);
      expect(at, `${id} can be clicked somewhere along it`).not.toBeNull();
      await page.mouse.click(at.x, at.y);
    };
    for (const id of links) {
      const click = () => clickLink(id);
      const link = page.getByTestId(id);
      const [a, b] = id.split('-').slice(1).map(Number);
      await click();
      await expect(link, `${id} (n${a}↔n${b}) takes its click`).toHaveAttribute('data-cut', 'cut');
      await click();
      await expect(link).toHaveAttribute('data-cut', 'one-way');
      await expect(link.getByTestId('blocked-direction')).toBeVisible();
      await expect(link).toHaveAttribute('data-blocks', `n${a}→n${b}`);
      await click();
      await expect(link).toHaveAttribute('data-blocks', `n${b}→n${a}`);
      await click();
      await expect(link).toHaveAttribute('data-cut', 'whole');
    }
    await clickLink('link-0-4');
    await clickLink('link-0-4');
    await page.getByTestId('cluster-view').screenshot({ path: `${shots}ring-9-one-way.png` });
    noErrors(page);
  });
});

test.describe('900 px wide', () => {
  test.use({ viewport: { width: 900, height: 800 } });

  test('the full page keeps the toolbar and the lesson in reach, and the diagram bounded', async ({ page }) => {
    await open(page, '/?storage=memory&course=designs&step=4');
    await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '4');
    await expect(page.getByTestId('step-title')).toBeInViewport();
    await expect(page.getByTestId('try-this')).toBeInViewport();
    await page.screenshot({ path: `${shots}900-open.png` });
    await playUntilSettled(page);
    await pageFits(page);
    await expect(page.getByTestId('play')).toBeInViewport();
    await expect(page.getByTestId('time-slider')).toBeInViewport();
    const panel = await page.locator('.diagram-panel').evaluate((el) => el.getBoundingClientRect());
    expect(panel.bottom, 'the diagram ends on screen').toBeLessThanOrEqual(800);
    expect(panel.height, 'and keeps room to show the run').toBeGreaterThan(300);
    // Every lane of design 3's split is on screen: the writers are the point.
    for (const lane of ['n0', 'n1', 'n2', 'c0', 'c1', 'c2', 'c3']) {
      await expect(page.locator('.lane-headers .lane', { hasText: lane })).toBeInViewport();
    }
    expect((await onScreen(page)).arrows).toBeGreaterThan(0);
    // The side bar scrolls to the server cards; the toolbar stays put.
    await page.getByTestId('node-0').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('node-0')).toBeInViewport();
    await expect(page.getByTestId('play')).toBeInViewport();
    await pageFits(page);
    await page.screenshot({ path: `${shots}900-settled.png` });
    noErrors(page);
  });

  test('the side bar\'s settings fit their panels, and a row that wraps goes on under its controls, not its name', async ({ page }) => {
    for (const path of ['/', '/multi/', '/designs/']) {
      await open(page, `${path}?storage=memory`);
      const rows = await page.locator('.side .setting').evaluateAll((settings) =>
        settings.map((row) => {
          const panel = (row.closest('.panel, section') ?? row.parentElement).getBoundingClientRect();
          const children = [...row.children].filter((c) => c.getBoundingClientRect().width > 0);
          const boxes = children.map((c) => c.getBoundingClientRect());
          const named = children[0]?.classList.contains('name');
          return {
            text: row.textContent.trim().slice(0, 40),
            overflow: Math.max(...boxes.map((b) => b.right)) - panel.right,
            // How far the leftmost control starts left of the name's end.
            underName: named ? boxes[0].right - Math.min(...boxes.slice(1).map((b) => b.left)) : 0,
            lines: new Set(boxes.map((b) => Math.round(b.top + b.height / 2))).size,
            range: /to.*ms$/.test(row.textContent.trim()),
          };
        }),
      );
      expect(rows.length, path).toBeGreaterThan(5);
      expect(rows.some((row) => row.lines > 1), `${path}: some rows wrap at 900 px`).toBe(true);
      for (const row of rows) {
        expect(row.overflow, `${path} "${row.text}" sticks out of its panel`).toBeLessThanOrEqual(0);
        expect(row.underName, `${path} "${row.text}" wraps under its name`).toBeLessThanOrEqual(0);
        if (row.range) expect(row.lines, `${path} "${row.text}" wraps`).toBe(1);
      }
    }
    noErrors(page);
  });

  test('in one column (a narrow window) the lesson comes first and the toolbar stays at the top', async ({ page }) => {
    await page.setViewportSize({ width: 700, height: 800 });
    await open(page, '/?storage=memory&course=designs&step=4');
    const lessonTop = await page.getByTestId('lesson-panel').evaluate((el) => el.getBoundingClientRect().top);
    const diagramTop = await page.getByTestId('diagram').evaluate((el) => el.getBoundingClientRect().top);
    expect(lessonTop, 'the lesson comes before the diagram').toBeLessThan(diagramTop);
    await playUntilSettled(page);
    const height = await page.locator('.diagram-panel').evaluate((el) => el.getBoundingClientRect().height);
    expect(height, 'the diagram keeps a bounded height').toBeLessThan(700);
    await page.getByTestId('node-0').scrollIntoViewIfNeeded();
    const bar = await page.locator('.app > .controls').evaluate((el) => el.getBoundingClientRect());
    expect(bar.top).toBeGreaterThanOrEqual(0);
    expect(bar.top).toBeLessThan(10);
    await expect(page.getByTestId('play')).toBeInViewport();
    await page.screenshot({ path: `${shots}700-scrolled.png` });
    noErrors(page);
  });

  test('an embedded example at 900 px shows its writers and its controls', async ({ page }) => {
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    await page.goto('/designs/?embed=1&example=design-3-split');
    await expect(page.getByTestId('embed')).toBeVisible();
    await playUntilSettled(page);
    for (const lane of ['c0', 'c1', 'c2']) {
      await expect(page.locator('.lane-headers .lane', { hasText: lane })).toBeInViewport();
    }
    await expect(page.getByTestId('play')).toBeInViewport();
    expect((await onScreen(page)).arrows).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}900-embed.png` });
    noErrors(page);
  });
});
