// The timeline: rewind to any moment, play on and the run is the same run; a new
// intervention at an earlier moment forks it.
import { test, expect, SHOTS, flipWire, menuItem, openScenario } from '../fixtures';

async function runTo(page: any, s: number) {
  await (await menuItem(page, 'run-to-input')).fill(String(s));
  await (await menuItem(page, 'run-to')).click();
  await expect(page.getByTestId('sim-time')).toHaveText(new RegExp(`^${s}\\.000`));
}

/** Kill Analytics live at 10 s, then play to `to` seconds. */
async function killAnalyticsAt10(page: any, to: number) {
  await runTo(page, 10);
  await page.getByTestId('node-Analytics').click();
  await (await menuItem(page, 'act-kill')).click();
  await runTo(page, to);
}

const health = (page: any) => page.getByTestId('run-state-Analytics').getAttribute('data-health');
const failed = async (page: any) => parseInt((await page.getByTestId('readout-failed').textContent())!, 10);

test('kill Analytics at 10 s, rewind to 5 s, play on: it dies again at 10 s, the same run', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await killAnalyticsAt10(app, 20);
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
  await killAnalyticsAt10(app, 20);
  await runTo(app, 5);
  await app.getByTestId('node-CRM').click();
  await (await menuItem(app, 'act-kill')).click();
  await expect(app.getByTestId('run-notice')).toHaveText('The run forked at 5.0 s: 1 later intervention was dropped');
  await runTo(app, 12);
  expect(await health(app)).toBe('up');
});

test('one undo history: Ctrl+Z after a live kill revives it, then undoes the design edit made before it', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  // A design edit first, then the kill.
  await flipWire(app, 'Order-CRM');
  await killAnalyticsAt10(app, 20);
  expect(await health(app)).toBe('down');
  await expect(app.getByTestId('undo')).toHaveAttribute('title', 'Undo kill Analytics at 10.0 s');

  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('run-notice')).toHaveText('Undone: kill Analytics at 10.0 s. The run is re-simulated to 20.0 s without it');
  await expect.poll(() => health(app)).toBe('up');
  await expect(app.getByTestId('sim-time')).toHaveText(/^20\.000/);
  expect(await failed(app)).toBe(0);
  await expect(app.locator('.timeline-mark.live')).toHaveCount(0);
  // The next undo is the flip made before the kill; redo walks forward in order.
  await expect(app.getByTestId('undo')).toHaveAttribute('title', 'Undo turn Order → CRM into an event');
  await expect(app.getByTestId('redo')).toHaveAttribute('title', 'Redo kill Analytics at 10.0 s');
  await app.keyboard.press('Control+Shift+z');
  await expect.poll(() => health(app)).toBe('down');
  await expect(app.getByTestId('sim-time')).toHaveText(/^20\.000/);
});

test('a fork is undoable: the dropped interventions come back', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await killAnalyticsAt10(app, 20);
  const trace20 = await app.getByTestId('trace-hash').textContent();
  await runTo(app, 5);
  await app.getByTestId('node-CRM').click();
  await (await menuItem(app, 'act-kill')).click();
  await expect(app.getByTestId('run-notice')).toContainText('forked at 5.0 s');
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('run-notice')).toHaveText('Undone: kill CRM at 5.0 s. The run is re-simulated to 5.0 s without it');
  await runTo(app, 20);
  expect(await health(app)).toBe('down');
  await expect(app.getByTestId('trace-hash')).toHaveText(trace20!);
});

test('Replay re-animates from any point to where the run had reached, and arrives with the same trace', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await killAnalyticsAt10(app, 20);
  const trace20 = await app.getByTestId('trace-hash').textContent();
  await runTo(app, 12);
  // 5x: fifteen simulated seconds take three.
  await app.getByTestId('run-speed').fill('0.54');
  await (await menuItem(app, 'run-replay-from')).fill('5');
  await app.screenshot({ path: `${SHOTS}/run-menu-replay.png` });
  await (await menuItem(app, 'run-replay')).click();
  await expect(app.getByTestId('run-notice')).toHaveText('Replaying from 5.0 s to 20.0 s with the same seed and interventions');
  // It plays: the clock passes through the moments between, the kill comes back at 10 s.
  const seen = new Set<number>();
  await expect.poll(async () => {
    seen.add(Math.floor(parseFloat((await app.getByTestId('sim-time').textContent())!)));
    return seen.size;
  }, { timeout: 20_000, intervals: [100] }).toBeGreaterThan(4);
  await expect(app.getByTestId('run-notice')).toHaveText(/^Replayed seed \d+ with 1 intervention\(s\) from 5\.0 s to 20\.000 s: same trace hash ✓$/, { timeout: 20_000 });
  await expect(app.getByTestId('sim-time')).toHaveText(/^20\.000/);
  await expect(app.getByTestId('trace-hash')).toHaveText(trace20!);
  expect(await health(app)).toBe('down');
  await expect(app.getByTestId('run-play')).toHaveText('▶ Play');
});

test('an edit at 15 s keeps the moment: the changed design re-simulated to 15 s, the kill still in place', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await killAnalyticsAt10(app, 15);
  // Flip Order -> Analytics to an event.
  await flipWire(app, 'Order-Analytics');
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
