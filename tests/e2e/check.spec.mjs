// Model check in the page: the search runs in a Web Worker (its own
// bundle, loaded on first use), shows its progress, can be cancelled, and
// finds a broken variant's shortest counterexample, which opens as a run
// the student steps through to the violation, and shares as a link.
import { test, expect } from '@playwright/test';
import { open, noErrors, shots, messages, zoomOut, fullSpeed } from './helpers.mjs';

/** The unique states the progress line shows. */
const unique = async (page) => {
  const text = (await page.getByTestId('check-stats').textContent()) ?? '';
  const found = text.match(/([\d,]+) unique/);
  return found ? Number(found[1].replaceAll(',', '')) : 0;
};

test('the checker searches in a worker: its progress moves, the page stays responsive, and Cancel stops it', async ({ page }) => {
  await open(page);
  // No worker until the student asks for one.
  expect(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('checker')))).toBe(false);
  // A bound out of its range, or not a number, is refused and says why.
  const depth = await page.getByTestId('check-depth').inputValue();
  await page.getByTestId('check-depth').fill('99');
  await page.getByTestId('check-depth').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('Depth (choices): "99" is not a whole number from 1 to 40.');
  await expect(page.getByTestId('check-depth')).toHaveValue(depth);
  await page.getByTestId('check-crashes').fill('-1');
  await page.getByTestId('check-crashes').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('Crashes: "-1" is not a whole number from 0 to 3.');
  await page.getByTestId('check-depth').fill('30');
  await page.getByTestId('check-depth').press('Enter');
  await expect(page.getByTestId('check-depth')).toHaveValue('30');
  await page.getByTestId('check-start').click();
  await expect.poll(() => unique(page)).toBeGreaterThan(0);
  const first = await unique(page);
  await expect.poll(() => unique(page)).toBeGreaterThan(first);
  await expect(page.getByTestId('check-stats')).toContainText('of 30');
  await expect(page.getByTestId('check-stats')).toContainText('unique/s');
  // The page plays on while the worker searches.
  const clock = await page.getByTestId('clock').textContent();
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('clock')).not.toHaveText(clock);
  await page.getByTestId('pause').click();
  await page.getByTestId('check-panel').screenshot({ path: `${shots}check-running.png` });
  await page.getByTestId('check-cancel').click();
  const result = page.getByTestId('check-result');
  await expect(result).toHaveAttribute('data-result', 'cancelled');
  await expect(result).toContainText('Cancelled after');
  // And it can start again.
  await expect(page.getByTestId('check-start')).toBeVisible();
  noErrors(page);
});

test('the checker finds the one-ballot bug, whose shortest counterexample plays to the violation and shares as a link', async ({ page, browser }) => {
  await open(page);
  await page.getByTestId('bug-one_ballot').check();
  await page.getByTestId('check-start').click();
  const result = page.getByTestId('check-result');
  await expect(result).toHaveAttribute('data-result', 'violation', { timeout: 120_000 });
  await expect(result).toContainText('Violation of one_value_chosen after 13 choices');
  await page.getByTestId('check-panel').screenshot({ path: `${shots}check-violation.png` });

  // On a narrow screen the columns stack and the page scrolls: a student
  // who scrolled down to the panel is far from the diagram.
  await page.setViewportSize({ width: 700, height: 900 });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(900);
  await page.getByTestId('check-play').click();
  await expect(page.getByTestId('scenario-title')).toHaveText('The shortest counterexample to one_value_chosen');
  // The run it opened is at the top, in view.
  await expect(page.getByTestId('scenario-title')).toBeInViewport();
  await expect(page.getByTestId('play')).toBeInViewport();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByTestId('manual-mode')).toBeChecked();
  // It opens at its start; played, it stops where the checker's path
  // ends, at the violation.
  await expect(page.getByTestId('violation')).toHaveCount(0);
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen');
  await expect(page.getByTestId('violation')).toBeInViewport();
  await expect(page.getByTestId('play')).toBeDisabled();
  // One step back, no violation; one step on, there it is again.
  await page.getByTestId('step-back').click();
  await expect(page.getByTestId('violation')).toHaveCount(0);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen');
  await zoomOut(page);
  await page.screenshot({ path: `${shots}check-counterexample.png` });
  const before = {
    messages: await messages(page),
    hash: await page.getByTestId('trace-hash').textContent(),
  };

  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const context = await browser.newContext();
  const student = await context.newPage();
  await open(student, link);
  await expect(student.getByTestId('violation')).toContainText('one_value_chosen');
  await expect(student.getByTestId('manual-mode')).toBeChecked();
  await zoomOut(student);
  await expect(student.getByTestId('trace-hash')).toHaveText(before.hash);
  expect(await messages(student)).toEqual(before.messages);
  noErrors(student);
  await context.close();
  noErrors(page);
});

test('the model-checking lesson: each step finds what it says it finds', async ({ page }) => {
  const result = page.getByTestId('check-result');
  const check = async () => {
    await page.getByTestId('check-start').click();
    await expect(page.getByTestId('check-start')).toBeVisible({ timeout: 120_000 });
  };
  // The one-number bug, quiet when played: 13 choices break it.
  await open(page, '/?course=checking&step=2');
  await expect(page.getByTestId('step-title')).toHaveText('Can an acceptor keep only one ballot number?');
  await check();
  await expect(result).toContainText('Violation of one_value_chosen after 13 choices');
  // Quorums that need not meet.
  await open(page, '/?course=checking&step=3');
  await check();
  await expect(result).toContainText('Violation of one_value_chosen');
  // A disk that forgets: the crash bound starts at 1, and finds it; with
  // no crash, nothing.
  await open(page, '/?course=checking&step=4');
  await expect(page.getByTestId('check-crashes')).toHaveValue('1');
  await check();
  await expect(result).toContainText('Violation of promise_never_decreases after 5 choices');
  await page.getByTestId('check-crashes').fill('0');
  await page.getByTestId('check-crashes').press('Enter');
  await expect(page.getByTestId('check-crashes')).toHaveValue('0');
  await check();
  await expect(result).toHaveAttribute('data-result', 'ok');
  await expect(result).toContainText('no crashes');
  noErrors(page);
});

test("design 3's split: the designs page's checker tries every order of the three writes, finds the shortest that splits the servers, and plays it", async ({ page }) => {
  await open(page, '/designs/?storage=memory&course=designs&step=4');
  await expect(page.getByTestId('step-title')).toHaveText("Design 3's flaw: concurrent writers");
  // The servers start no ballots, so there is no ballot bound to set.
  await expect(page.getByTestId('check-ballots')).toHaveCount(0);
  await expect(page.getByTestId('check-depth')).toHaveValue('12');
  await page.getByTestId('check-start').click();
  const result = page.getByTestId('check-result');
  await expect(result).toHaveAttribute('data-result', 'violation', { timeout: 180_000 });
  await expect(result).toContainText('Violation of acknowledged_readable after 12 choices');
  await page.getByTestId('check-panel').screenshot({ path: `${shots}check-design-3.png` });
  await page.getByTestId('check-play').click();
  await expect(page.getByTestId('scenario-title')).toHaveText('The shortest counterexample to acknowledged_readable');
  await expect(page.getByTestId('scenario-title')).toBeInViewport();
  await fullSpeed(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('violation')).toContainText('acknowledged_readable');
  await page.screenshot({ path: `${shots}check-design-3-played.png` });
  noErrors(page);
});

test("Multi-Paxos's checker: the page's run within small bounds (two log slots, one ballot per proposer) is safe, and says what it covered", async ({ page }) => {
  await open(page, '/multi/?storage=memory');
  await expect(page.getByTestId('check-slots')).toHaveValue('2');
  await expect(page.getByTestId('check-ballots')).toHaveValue('1');
  await expect(page.getByTestId('check-depth')).toHaveValue('11');
  await page.getByTestId('check-depth').fill('9');
  await page.getByTestId('check-depth').press('Enter');
  await expect(page.getByTestId('check-depth')).toHaveValue('9');
  await page.getByTestId('check-start').click();
  const result = page.getByTestId('check-result');
  await expect(result).toHaveAttribute('data-result', 'ok', { timeout: 120_000 });
  await expect(result).toContainText('No violation in all 100,776 states with depth ≤ 9, ≤ 1 ballot per proposer, ≤ 2 log slots');
  // Fewer slots, fewer states.
  await page.getByTestId('check-slots').fill('1');
  await page.getByTestId('check-slots').press('Enter');
  await page.getByTestId('check-start').click();
  await expect(page.getByTestId('check-start')).toBeVisible({ timeout: 120_000 });
  await expect(result).toHaveAttribute('data-result', 'ok');
  await expect(result).toContainText('≤ 1 log slot,');
  const fewer = Number((await result.textContent()).match(/all ([\d,]+) states/)[1].replaceAll(',', ''));
  expect(fewer).toBeLessThan(100_776);
  await page.getByTestId('check-panel').screenshot({ path: `${shots}check-multi.png` });
  noErrors(page);
});
