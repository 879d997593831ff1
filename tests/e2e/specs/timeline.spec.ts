// The timeline: rewind to any moment, play on and the run is the same run; a new
// intervention at an earlier moment forks it.
import { test, expect, SHOTS, menuItem, openScenario } from '../fixtures';

async function runTo(page: any, s: number) {
  await (await menuItem(page, 'run-to-input')).fill(String(s));
  await (await menuItem(page, 'run-to')).click();
  await expect(page.getByTestId('sim-time')).toHaveText(new RegExp(`^${s}\\.000`));
}

const health = (page: any) => page.getByTestId('run-state-Analytics').getAttribute('data-health');
const failed = async (page: any) => parseInt((await page.getByTestId('readout-failed').textContent())!, 10);

test('kill Analytics at 10 s, rewind to 5 s, play on: it dies again at 10 s, the same run', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await runTo(app, 10);
  await app.getByTestId('node-Analytics').click();
  await (await menuItem(app, 'act-kill')).click();
  await runTo(app, 20);
  const trace20 = await app.getByTestId('trace-hash').textContent();
  expect(await failed(app)).toBeGreaterThan(0);
  expect(await health(app)).toBe('down');

  // The slider: an accessible "Timeline"; to 5 s.
  const slider = app.getByRole('slider', { name: 'Timeline' });
  await slider.fill('5000');
  await expect(app.getByTestId('sim-time')).toHaveText(/^5\.000/);
  await expect(slider).toHaveAttribute('aria-valuetext', '5.0 seconds');
  await expect.poll(() => health(app)).toBe('up');
  expect(await failed(app)).toBe(0);
  await expect(app.locator('.timeline-mark.live')).toHaveCount(1);
  await app.screenshot({ path: `${SHOTS}/timeline-rewound.png` });

  // Playing on, the kill comes back at 10 s, and the run is the same run.
  await runTo(app, 12);
  expect(await health(app)).toBe('down');
  await runTo(app, 20);
  await expect(app.getByTestId('trace-hash')).toHaveText(trace20!);

  // "Run to" an earlier time rewinds too; End goes back to the furthest moment.
  await runTo(app, 3);
  await slider.focus();
  await app.keyboard.press('End');
  await expect(app.getByTestId('sim-time')).toHaveText(/^20\.000/);
});

test('an intervention at an earlier moment forks the run and says so', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await runTo(app, 10);
  await app.getByTestId('node-Analytics').click();
  await (await menuItem(app, 'act-kill')).click();
  await runTo(app, 20);
  await runTo(app, 5);
  await app.getByTestId('node-CRM').click();
  await (await menuItem(app, 'act-kill')).click();
  await expect(app.getByTestId('run-notice')).toHaveText('The run forked at 5.0 s: 1 later intervention was dropped');
  await runTo(app, 12);
  expect(await health(app)).toBe('up');
});

test('an edit at 15 s keeps the moment: the changed design re-simulated to 15 s, the kill still in place', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await runTo(app, 10);
  await app.getByTestId('node-Analytics').click();
  await (await menuItem(app, 'act-kill')).click();
  await runTo(app, 15);
  // Flip Order -> Analytics to an event.
  await app.getByTestId('wire-flip-Order-Analytics').click();
  await expect(app.getByTestId('run-notice')).toContainText('The design changed: re-simulated to 15.0 s');
  await expect(app.getByTestId('sim-time')).toHaveText(/^15\.000/);
  await expect.poll(() => health(app)).toBe('down');
  // Undo is an edit too: back to the sync design, still at 15 s.
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('sim-time')).toHaveText(/^15\.000/);
  await expect(app.getByTestId('run-notice')).toContainText('re-simulated to 15.0 s');
});

test('clicking a second on the outcomes chart goes back to it', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await runTo(app, 20);
  const chart = app.getByTestId('chart-outcomes-svg');
  const box = (await chart.boundingBox())!;
  // 20 seconds across the chart: a click a quarter of the way is second 5.
  await chart.click({ position: { x: box.width * 0.26, y: box.height / 2 } });
  await expect(app.getByTestId('sim-time')).toHaveText(/^5\.000/);
});
