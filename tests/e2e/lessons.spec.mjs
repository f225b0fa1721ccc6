// Guided lessons: walk every lesson forward to its end and back to its
// start, across the protocols' pages, checking that each step opens its
// own scenario, says what to try, and shows no error; answer quizzes; a
// step's URL opens that step.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { open, noErrors, shots } from './helpers.mjs';

const paxosBin =
  process.env.PAXOS_BIN ?? fileURLToPath(new URL('../../target/release/paxos', import.meta.url));
const gallery = JSON.parse(execFileSync(paxosBin, ['gallery', '--json'], { encoding: 'utf8' }));
const titleOf = Object.fromEntries(gallery.map((e) => [e.id, e.title]));
const pageOf = (id) => {
  const protocol = gallery.find((e) => e.id === id).protocol;
  return protocol === 'paxos' ? '/' : protocol === 'multi' ? '/multi/' : '/designs/';
};

/** Checks the page shows `lesson`'s step `n`, with the step's scenario
 * (and, coming back, the clock it opened at). Returns that clock. */
async function atStep(page, lesson, n, scenario, clock) {
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toHaveAttribute('data-lesson', lesson);
  await expect(panel).toHaveAttribute('data-step', String(n));
  await expect(page.getByTestId('step-title')).not.toBeEmpty();
  await expect(page.getByTestId('try-this')).toContainText('Try this.');
  await expect(page.getByTestId('scenario-title')).toHaveText(titleOf[scenario]);
  expect(new URL(page.url()).pathname).toBe(pageOf(scenario));
  await expect(page.getByTestId('notice')).toHaveCount(0);
  if (clock !== undefined) await expect(page.getByTestId('clock')).toHaveText(clock);
  return page.getByTestId('clock').textContent();
}

test('every lesson walks forward to its end and back to its start, each step in its own state', async ({ page }) => {
  test.setTimeout(300_000);
  // The course, as the page lists it.
  await open(page, '/?storage=memory');
  const lessons = await page.getByTestId('lesson-select').locator('option[value]:not([value=""])').evaluateAll((os) => os.map((o) => o.value));
  expect(lessons).toEqual(['designs', 'reading', 'ballots', 'rmw', 'liveness', 'quorums', 'durability', 'checking', 'multi']);
  await page.getByTestId('lesson-select').selectOption('designs');
  for (const [li, lesson] of lessons.entries()) {
    // Forward, recording each step's scenario and opening clock.
    const scenarios = [];
    const clocks = [];
    for (let n = 1; ; n++) {
      await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', String(n));
      const title = await page.getByTestId('scenario-title').textContent();
      const scenario = gallery.find((e) => e.title === title).id;
      scenarios.push(scenario);
      clocks.push(await atStep(page, lesson, n, scenario));
      // Change the run, so going back must restore the step's own state.
      await page.getByTestId('step').click();
      await expect(page.getByTestId('clock')).not.toHaveText(clocks[n - 1]);
      const next = page.getByTestId('lesson-next');
      if ((await next.count()) === 0) {
        await expect(page.getByTestId('course-done')).toBeVisible();
        expect(li).toBe(lessons.length - 1);
        break;
      }
      const label = await next.textContent();
      if (label.startsWith('Next lesson')) {
        // Back to the first step before moving on.
        for (let m = n; m > 1; m--) {
          await page.getByTestId('lesson-back').click();
          await atStep(page, lesson, m - 1, scenarios[m - 2], clocks[m - 2]);
        }
        await expect(page.getByTestId('lesson-back')).toHaveCount(0);
        // Then to the next lesson, from its first step.
        for (let m = 1; m < n; m++) await page.getByTestId('lesson-next').click();
        await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', String(n));
        await page.getByTestId('lesson-next').click();
        await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', lessons[li + 1]);
        break;
      }
      await next.click();
    }
    if (li === lessons.length - 1) {
      for (let m = scenarios.length; m > 1; m--) {
        await page.getByTestId('lesson-back').click();
        await atStep(page, lesson, m - 1, scenarios[m - 2], clocks[m - 2]);
      }
    }
  }
  noErrors(page);
});

test('a wrong answer gets another try before the answer; the run that shows it stays in the course', async ({ page }) => {
  await open(page, '/?storage=memory&course=reading&step=1');
  await expect(page.getByTestId('quiz')).toContainText('Is v1 chosen?');
  await expect(page.getByTestId('quiz-check')).toBeDisabled();
  // A first wrong answer: another try, and the answer is not given away.
  await page.getByTestId('quiz-choice-0').check();
  await page.getByTestId('quiz-check').click();
  await expect(page.getByTestId('quiz-result')).toHaveAttribute('data-right', 'false');
  await expect(page.getByTestId('quiz-result')).toContainText('try another answer');
  await expect(page.getByTestId('quiz-result')).not.toContainText('The answer:');
  // Asking for it reveals it.
  await page.getByTestId('quiz-reveal').click();
  await expect(page.getByTestId('quiz-result')).toContainText('The answer: No: the two v1 votes are in different ballots');
  await page.getByTestId('quiz-choice-1').check();
  await page.getByTestId('quiz-check').click();
  await expect(page.getByTestId('quiz-result')).toHaveAttribute('data-right', 'true');
  await page.getByTestId('lesson-panel').screenshot({ path: `${shots}lesson-quiz.png` });
  await page.getByTestId('quiz-show').click();
  await expect(page.getByTestId('scenario-title')).toHaveText('Broken: counting votes across ballots');
  await expect(page.getByTestId('bug-count_across_ballots')).toBeChecked();
  // Still in the course, with the way back to the step's own run.
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('shown-instead')).toContainText('Broken: counting votes across ballots');
  await page.getByTestId('back-to-step').click();
  await expect(page.getByTestId('shown-instead')).toHaveCount(0);
  await expect(page.getByTestId('scenario-title')).not.toHaveText('Broken: counting votes across ballots');
  await expect(page.getByTestId('resume-banner')).toHaveCount(0);
  noErrors(page);
});

test('two wrong answers reveal the answer', async ({ page }) => {
  await open(page, '/?storage=memory&course=reading&step=1');
  for (const i of [0, 2]) {
    await page.getByTestId(`quiz-choice-${i}`).check();
    await page.getByTestId('quiz-check').click();
  }
  await expect(page.getByTestId('quiz-result')).toContainText('The answer:');
  noErrors(page);
});

test('a step has its own URL, embeddable, and a bad step is named', async ({ page }) => {
  await open(page, '/?storage=memory&course=designs&step=4');
  await expect(page.getByTestId('step-title')).toHaveText("Design 3's flaw: concurrent writers");
  expect(new URL(page.url()).pathname).toBe('/designs/');
  const href = await page.getByTestId('step-link').getAttribute('href');
  expect(href).toBe('/designs/?storage=memory&course=designs&step=4');
  await page.screenshot({ path: `${shots}lesson-step.png` });
  await page.goto('/?embed=1&course=designs&step=4');
  await expect(page.getByTestId('embed-title')).toContainText('three writers split the servers');
  await open(page, '/?course=designs&step=99');
  await expect(page.getByTestId('notice')).toContainText('has steps 1 to 8, not 99');
  await open(page, '/?course=reading&step=-1');
  await expect(page.getByTestId('notice')).toContainText('?step= takes a step number from 1 to');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '1');
  await open(page, '/?course=nonsense');
  await expect(page.getByTestId('notice')).toContainText('There is no guided lesson "nonsense"');
  noErrors(page);
});
