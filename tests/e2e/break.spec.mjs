// Break Paxos: switch on a deliberate bug and watch the safety monitor
// catch it; switch it off and the same run stays safe. Flexible quorums
// explain their rule; a reader reads as a learner.
import { test, expect } from '@playwright/test';
import { open, noErrors, shots, playToEnd, zoomOut } from './helpers.mjs';

test('a bug lesson breaks safety, and the same run with the bug off does not', async ({ page }) => {
  await open(page, '/?storage=memory');
  const panel = page.getByTestId('break-paxos');
  await expect(panel).toBeVisible();
  for (const bug of ['one_ballot', 'ignore_promises', 'count_across_ballots', 'accept_without_promise', 'amnesia']) {
    await expect(page.getByTestId(`bug-${bug}`)).not.toBeChecked();
  }
  await expect(page.getByTestId('quorum-rule')).toContainText('2 + 2 > 3');
  await expect(page.getByTestId('broken-count')).toHaveCount(0);

  await page.getByTestId('gallery').selectOption('bug-ignore-promises');
  await expect(page.getByTestId('scenario-title')).toHaveText('Broken: ignoring what promises report');
  await expect(page.getByTestId('bug-ignore_promises')).toBeChecked();
  await expect(page.getByTestId('broken-count')).toHaveText('1 rule broken');
  await playToEnd(page);
  await expect(page.getByTestId('violation')).toBeVisible();
  await expect(page.getByTestId('violation')).toContainText('one_value_chosen');
  await panel.screenshot({ path: `${shots}break-paxos.png` });
  await page.screenshot({ path: `${shots}break-paxos-page.png` });

  // Back to the start, switch the bug off: correct Paxos, same seed.
  await page.getByTestId('time-slider').fill('0');
  await page.getByTestId('bug-ignore_promises').uncheck();
  await expect(page.getByTestId('broken-count')).toHaveCount(0);
  await playToEnd(page);
  await expect(page.getByTestId('violation')).toHaveCount(0);
  await expect(page.getByTestId('decided-value')).not.toBeEmpty();
  noErrors(page);
});

test('quorums that do not meet are flagged, and an impossible one is named', async ({ page }) => {
  await open(page, '/?storage=memory');
  await page.getByTestId('q1').fill('1');
  await page.getByTestId('q1').press('Enter');
  await expect(page.getByTestId('quorum-rule')).toContainText('1 + 2 is not above 3');
  await expect(page.getByTestId('broken-count')).toHaveText('1 rule broken');
  await page.getByTestId('q2').fill('9');
  await page.getByTestId('q2').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('Phase-2 quorum: "9" is not a number of acceptors from 1 to 3');
  await expect(page.getByTestId('q2')).toHaveValue('2');
  // Two proposers race with Q1 = 1: both can get their value chosen.
  await page.getByTestId('race').click();
  await playToEnd(page);
  await page.getByTestId('break-paxos').screenshot({ path: `${shots}quorums.png` });
  noErrors(page);
});

test('a reader asks every acceptor and gets the chosen value back', async ({ page }) => {
  await open(page, '/?storage=memory');
  await playToEnd(page);
  const chosen = await page.getByTestId('decided-value').textContent();
  await page.getByTestId('read').click();
  await playToEnd(page);
  await zoomOut(page);
  await expect(page.locator('[data-testid=message][data-kind=Read]')).toHaveCount(2);
  await expect(page.locator('[data-testid=message][data-kind=ReadReply]')).toHaveCount(2);
  const reply = page.locator('[data-testid=message][data-kind=Reply]').last();
  await reply.dispatchEvent('click');
  await expect(page.getByTestId("details")).toContainText(`read "${chosen}"`);
  noErrors(page);
});

test('the diagram draws each quorum, and rings where quorums meet; quorums that miss share no one', async ({ page }) => {
  await open(page, '/?storage=memory&example=flexible-quorums');
  // Step until the first value is chosen: its phase-2 quorum is drawn.
  for (let i = 0; i < 80 && (await page.locator('[data-testid=quorum][data-phase="2"]').count()) === 0; i++) {
    await page.getByTestId('step').click();
  }
  await page.locator('.diagram-panel').screenshot({ path: `${shots}quorums-diagram.png` });
  await playToEnd(page);
  await zoomOut(page);
  const quorums = page.locator('[data-testid=quorum]');
  await expect(quorums.first()).toBeVisible();
  const all = await quorums.evaluateAll((qs) =>
    qs.map((q) => ({ phase: q.dataset.phase, members: q.dataset.members, overlap: q.dataset.overlap, other: q.dataset.other })),
  );
  // Q1 = 4 of 5: phase-1 quorums of four, and a phase-2 quorum (2 of 5).
  expect(all.some((q) => q.phase === '1' && q.members.split(',').length >= 4)).toBe(true);
  expect(all.some((q) => q.phase === '2')).toBe(true);
  // 4 + 2 > 5: every quorum that has one to meet, meets it.
  const paired = all.filter((q) => q.other !== '');
  expect(paired.length).toBeGreaterThan(0);
  expect(paired.every((q) => q.overlap !== '')).toBe(true);
  await open(page, '/?storage=memory&example=flexible-quorums-broken');
  await playToEnd(page);
  await zoomOut(page);
  const broken = await page.locator('[data-testid=quorum]').evaluateAll((qs) =>
    qs.map((q) => ({ phase: q.dataset.phase, overlap: q.dataset.overlap, other: q.dataset.other })),
  );
  // 1 + 2 is not above 3: a phase-1 quorum misses the lower ballot's
  // phase-2 quorum entirely.
  expect(broken.some((q) => q.phase === '1' && q.other !== '' && q.overlap === '')).toBe(true);
  noErrors(page);
});
