import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem, openScenario } from '../fixtures';

const ROOT = resolve(__dirname, '../../..');

const load = openScenario;

const simSeconds = async (page: Page) => parseFloat((await page.getByTestId('sim-time').textContent())!);
const count = async (page: Page, id: string) => parseInt((await page.getByTestId(id).textContent())!, 10);

/** Plays at full speed until simulated time reaches `s`, then pauses. */
async function playUntil(page: Page, s: number) {
  const play = page.getByTestId('run-play');
  await expect(play).toHaveText(/Play/);
  await play.click();
  await expect.poll(() => simSeconds(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(s);
  await play.click();
  await expect(play).toHaveText(/Play/);
}

/** Every readout the test compares across a replay. */
async function readouts(page: Page) {
  const ids = ['sim-time', 'trace-hash', 'readout-wait-p50', 'readout-wait-p95', 'readout-wait-p99',
    'readout-succeeded', 'readout-failed', 'readout-timed-out', 'readout-consistency-p95'];
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = (await page.getByTestId(id).textContent())!;
  return out;
}

/** Selects a node by clicking it on the canvas. */
async function select(page: Page, name: string) {
  await page.getByTestId(`node-${name}`).click();
  await expect(page.getByTestId('run-interventions')).toContainText(name);
}

test('killing Analytics fails checkouts when called, not when it subscribes; the backlog drains on revive; replay is exact', async ({ app }) => {
  test.setTimeout(180_000);
  // Full speed: 20× (the slider's right end).
  const fullSpeed = async () => {
    await app.getByTestId('run-speed').fill('1');
    await expect(app.getByTestId('run-speed-value')).toHaveText('20×');
  };

  // All synchronous: Order waits for Analytics.
  await load(app, 'checkout-sync.json');
  await fullSpeed();
  await playUntil(app, 5);
  expect(await count(app, 'readout-failed')).toBe(0);
  await select(app, 'Analytics');
  await app.getByTestId('act-kill').click();
  await expect(app.getByTestId('intervention-log')).toContainText('kill Analytics');
  await expect(app.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
  await playUntil(app, (await simSeconds(app)) + 10);
  const syncFailed = await count(app, 'readout-failed');
  expect(syncFailed).toBeGreaterThan(50);
  await app.screenshot({ path: `${SHOTS}/run-sync-analytics-down.png` });

  // Replay: same seed and interventions to the same point give the same readouts.
  const before = await readouts(app);
  await (await menuItem(app, 'run-check')).click();
  await expect(app.getByTestId('run-notice')).toContainText('same trace hash ✓');
  expect(await readouts(app)).toEqual(before);

  // Hybrid: Order publishes OrderCreated; Analytics subscribes.
  await load(app, 'checkout-events.json');
  await fullSpeed();
  await playUntil(app, 5);
  await select(app, 'Analytics');
  // The K key on the selection, as a presenter would.
  await app.keyboard.press('k');
  await expect(app.getByTestId('intervention-log')).toContainText('kill Analytics');
  await playUntil(app, (await simSeconds(app)) + 10);
  expect(await count(app, 'readout-failed')).toBe(0);
  expect(await count(app, 'readout-succeeded')).toBeGreaterThan(100);
  const piled = await count(app, 'backlog-Analytics');
  expect(piled).toBeGreaterThan(50);
  await app.screenshot({ path: `${SHOTS}/run-events-analytics-down.png` });

  await app.getByTestId('act-revive').click();
  await expect(app.getByTestId('intervention-log')).toContainText('revive Analytics');
  await app.getByTestId('run-play').click();
  await expect.poll(() => count(app, 'backlog-Analytics'), { timeout: 30_000 }).toBeLessThan(piled);
  await expect.poll(() => count(app, 'backlog-Analytics'), { timeout: 30_000 }).toBe(0);
  await app.getByTestId('run-play').click();
  expect(await count(app, 'readout-failed')).toBe(0);
  await app.screenshot({ path: `${SHOTS}/run-events-drained.png` });

  const events = await readouts(app);
  await (await menuItem(app, 'run-check')).click();
  await expect(app.getByTestId('run-notice')).toContainText('same trace hash ✓');
  expect(await readouts(app)).toEqual(events);
});

test('the browser and the native CLI compute the same trace hash for a scripted incident', async ({ app }) => {
  test.setTimeout(600_000);
  await load(app, 'checkout-sync.json');
  await app.getByTestId('incident-script').fill('at 10s kill Analytics\nat 40s revive Analytics');
  await app.getByTestId('incident-save').click();
  await expect(app.getByTestId('run-notice')).toContainText('restarted');
  await (await menuItem(app, 'run-to-input')).fill('60');
  await (await menuItem(app, 'run-to')).click();
  await expect(app.getByTestId('sim-time')).toHaveText('60.000 s');
  const browser = (await app.getByTestId('trace-hash').textContent())!.trim();

  const out = execSync(
    'cargo run -q -p wirelab-cli --bin wirelab -- run public/scenarios/checkout-sync.json --duration 60s ' +
      '--incident "10s kill Analytics" --incident "40s revive Analytics" --json',
    { cwd: ROOT, encoding: 'utf8', timeout: 540_000 },
  );
  const native = JSON.parse(out).trace_hash;
  console.log(`trace hash: browser ${browser}, native ${native}`);
  expect(browser).toBe(native);
});

test('pending answers and compensation run the same in the browser as natively', async ({ app }) => {
  test.setTimeout(600_000);
  const file = '../lessons/scenarios/payment-compensated.json';
  await load(app, file, 'Orders');
  await (await menuItem(app, 'run-to-input')).fill('60');
  await (await menuItem(app, 'run-to')).click();
  await expect(app.getByTestId('sim-time')).toHaveText('60.000 s');
  const browser = (await app.getByTestId('trace-hash').textContent())!.trim();
  const out = execSync(
    `cargo run -q -p wirelab-cli --bin wirelab -- run public/scenarios/${file} --duration 60s --json`,
    { cwd: ROOT, encoding: 'utf8', timeout: 540_000 },
  );
  const native = JSON.parse(out);
  expect(browser).toBe(native.trace_hash);
  // The readouts are the native report's pending figures.
  expect(Number(await app.getByTestId('readout-compensated').textContent())).toBe(native.pending.compensated);
  expect(Number(await app.getByTestId('readout-pending-answers').textContent())).toBe(native.pending.answered);
});

test('presenter mode hides the editing chrome and F toggles it', async ({ app }) => {
  await load(app, 'checkout-sync.json');
  await app.getByTestId('run-speed').fill('1');
  await playUntil(app, 3);
  await select(app, 'Analytics');
  await app.keyboard.press('k');
  await playUntil(app, 8);
  await expect(app.getByTestId('palette')).toBeVisible();
  await app.locator('body').press('f');
  await expect(app.getByTestId('palette')).toBeHidden();
  await expect(app.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  // The zoom buttons are hidden here, so the design is refitted to the new canvas.
  await expect.poll(() => wholeDesignShown(app)).toBe(true);
  await app.screenshot({ path: `${SHOTS}/run-presenter.png` });
  await app.getByTestId('presenter-toggle').click();
  await expect(app.getByTestId('palette')).toBeVisible();
  await expect.poll(() => wholeDesignShown(app)).toBe(true);
});

/** Every node lies inside the canvas. */
async function wholeDesignShown(page: Page) {
  const c = (await page.getByTestId('canvas').boundingBox())!;
  for (const n of await page.locator('g[data-testid^="node-"]').all()) {
    const b = (await n.boundingBox())!;
    if (b.x < c.x || b.y < c.y || b.x + b.width > c.x + c.width || b.y + b.height > c.y + c.height) return false;
  }
  return true;
}

test('dots move along the wires at a watchable speed', async ({ app }) => {
  await load(app, 'checkout-events.json');
  await app.getByTestId('run-speed').fill('-0.5'); // 20^-0.5 ≈ 0.22×
  const started = Date.now();
  await app.getByTestId('run-play').click();
  // "Messages in flight" is an instant: the 1–2 ms hops are on the wires only part of the time,
  // so a poll every few hundred ms can miss all of them. Look at every painted frame instead.
  await app.waitForFunction(
    () => parseInt(document.querySelector('[data-testid="readout-messages"]')!.textContent!, 10) > 0,
    null, { polling: 'raf', timeout: 15_000 });
  await app.getByTestId('run-play').click();
  const wall = (Date.now() - started) / 1000;
  const sim = await simSeconds(app);
  // Slowed down for real: simulated time never runs ahead of 0.22 × the wall clock.
  expect(sim).toBeGreaterThan(0);
  expect(sim).toBeLessThanOrEqual(wall * 0.23);
  await app.screenshot({ path: `${SHOTS}/run-dots.png` });
});
