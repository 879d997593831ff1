// The stage: the page at the sizes a room has. No part overlaps another or leaves the
// screen; the canvas gets most of it; presenter mode is legible from the back; a phone
// can follow a lesson without scrolling sideways.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem } from '../fixtures';

const EVENTS = readFileSync(resolve(__dirname, '../../../public/scenarios/checkout-events.json'), 'utf8');

async function open(page: Page) {
  await page.getByTestId('import-file').setInputFiles({
    name: 'checkout-events.json', mimeType: 'application/json', buffer: Buffer.from(EVENTS),
  });
  await expect(page.getByTestId('node-Analytics')).toBeVisible();
  await page.getByTestId('zoom-fit').click();
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 &&
  Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1;

/** The page's parts that are shown, with their boxes. */
async function parts(page: Page) {
  const out: [string, Box][] = [];
  for (const sel of ['.toolbar', '.palette', '.canvas-area', '.inspector', '.metrics-dock']) {
    const el = page.locator(sel);
    if (await el.isVisible()) out.push([sel, (await el.boundingBox())!]);
  }
  return out;
}

/** Every node's box lies inside the canvas. */
async function nodesInside(page: Page) {
  const canvas = (await page.locator('.canvas-area').boundingBox())!;
  for (const n of await page.locator('g.node').all()) {
    const b = (await n.boundingBox())!;
    expect(b.x, await n.getAttribute('data-testid') ?? '').toBeGreaterThanOrEqual(canvas.x - 1);
    expect(b.y).toBeGreaterThanOrEqual(canvas.y - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
    expect(b.y + b.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
  }
}

for (const [w, h] of [[1280, 720], [1366, 768], [1440, 900], [1920, 1080]]) {
  test(`at ${w}×${h} the toolbar is one row, nothing overlaps and the canvas has the most room`, async ({ app }) => {
    await app.setViewportSize({ width: w, height: h });
    await open(app);
    const boxes = await parts(app);
    for (let i = 0; i < boxes.length; i++) {
      const [name, b] = boxes[i];
      expect(b.x + b.width, name).toBeLessThanOrEqual(w + 1);
      expect(b.y + b.height, name).toBeLessThanOrEqual(h + 1);
      for (const [other, c] of boxes.slice(i + 1)) expect(overlap(b, c), `${name} over ${other}`).toBe(false);
    }
    const toolbar = boxes.find(([n]) => n === '.toolbar')![1];
    expect(toolbar.height).toBeLessThanOrEqual(56);
    const canvas = boxes.find(([n]) => n === '.canvas-area')![1];
    for (const [name, b] of boxes) {
      if (name !== '.canvas-area') expect(canvas.width * canvas.height, name).toBeGreaterThan(b.width * b.height);
    }
    expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
    await nodesInside(app);
    // Every menu opens inside the screen.
    for (const m of ['menu-run', 'menu-file', 'menu-view']) {
      await app.getByTestId(m).click();
      const panel = (await app.getByTestId(`${m}-panel`).boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.x + panel.width).toBeLessThanOrEqual(w);
      await app.keyboard.press('Escape');
      await expect(app.getByTestId(`${m}-panel`)).toBeHidden();
    }
    await app.screenshot({ path: `${SHOTS}/stage-${w}x${h}.png` });
  });
}

for (const [w, h] of [[1280, 720], [1920, 1080]]) {
  test(`presenter mode at ${w}×${h}: names of 18 px or more, four big numbers, Break things`, async ({ app }) => {
    await app.setViewportSize({ width: w, height: h });
    await open(app);
    await app.keyboard.press('f');
    await expect(app.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(app.getByTestId('presenter-strip')).toBeVisible();
    for (const id of ['strip-wait-p95', 'strip-answered', 'strip-failed', 'strip-backlog']) {
      await expect(app.getByTestId(id)).toBeVisible();
    }
    await expect(app.getByTestId('run-interventions')).toBeVisible();
    await expect(app.getByTestId('sim-time')).toBeVisible();
    for (const gone of ['.palette', '.inspector', '.readouts', '.run-charts']) {
      await expect(app.locator(gone)).toBeHidden();
    }
    const sizes = await app.locator('.node-name-big').evaluateAll((els) =>
      els.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t as SVGGraphicsElement).getScreenCTM()!.a));
    expect(sizes.length).toBe(8);
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(18);
    await nodesInside(app);
    const boxes = await parts(app);
    for (let i = 0; i < boxes.length; i++) {
      for (const [other, c] of boxes.slice(i + 1)) expect(overlap(boxes[i][1], c), `${boxes[i][0]} over ${other}`).toBe(false);
    }
    // Break something from the stage: select Analytics and kill it.
    await app.getByTestId('node-Analytics').click();
    await app.getByTestId('act-kill').click();
    await expect(app.getByTestId('intervention-log')).toContainText('kill Analytics');
    await app.screenshot({ path: `${SHOTS}/presenter-${w}x${h}.png` });
  });
}

test('the panels fold away, are remembered, and the theme switch is remembered', async ({ app }) => {
  await app.setViewportSize({ width: 1280, height: 720 });
  await open(app);
  const before = (await app.locator('.canvas-area').boundingBox())!;
  await (await menuItem(app, 'view-palette')).click();
  await (await menuItem(app, 'view-inspector')).click();
  await (await menuItem(app, 'view-dock')).click();
  await expect(app.locator('.palette')).toBeHidden();
  await expect(app.locator('.inspector')).toBeHidden();
  await expect(app.locator('.metrics-dock')).toBeHidden();
  const after = (await app.locator('.canvas-area').boundingBox())!;
  expect(after.width * after.height).toBeGreaterThan(1.8 * before.width * before.height);
  await (await menuItem(app, 'view-theme')).click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(17, 21, 29)');
  await app.reload();
  await expect(app.locator('.palette')).toBeHidden();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.screenshot({ path: `${SHOTS}/stage-folded-dark-1280x720.png` });
  await (await menuItem(app, 'view-palette')).click();
  await expect(app.locator('.palette')).toBeVisible();
});

test('Arrange lays a messy design out left to right, and undo puts it back', async ({ app }) => {
  await open(app);
  const order = app.getByTestId('node-Order');
  const users = app.getByTestId('node-Users');
  // Mess it up: Users to the far right.
  await users.dragTo(app.locator('.canvas-area'), { targetPosition: { x: 760, y: 420 } });
  expect((await users.boundingBox())!.x).toBeGreaterThan((await order.boundingBox())!.x);
  await (await menuItem(app, 'view-arrange')).click();
  await expect.poll(async () => (await users.boundingBox())!.x).toBeLessThan((await order.boundingBox())!.x);
  for (const [a, b] of [['Order', 'Payment'], ['Order', 'OrderCreated'], ['OrderCreated', 'Email']]) {
    expect((await app.getByTestId(`node-${a}`).boundingBox())!.x).toBeLessThan((await app.getByTestId(`node-${b}`).boundingBox())!.x);
  }
  await app.keyboard.press('Control+z');
  await expect.poll(async () => (await users.boundingBox())!.x).toBeGreaterThan((await order.boundingBox())!.x);
});

for (const [w, h] of [[390, 844], [360, 640]]) {
  test.describe(`a phone at ${w}×${h}`, () => {
    test.use({ newcomer: true, viewport: { width: w, height: h }, hasTouch: true });
    test('follows lesson 2 to its first prediction without scrolling sideways', async ({ app }) => {
      await app.getByTestId('lesson-open-sync-core').click();
      const counter = app.getByTestId('lesson-step-counter');
      await expect(counter).toHaveText(/^Step 1 of/);
      const noSideways = async () =>
        expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await noSideways();
      // The canvas on top, the lesson below it.
      const canvas = (await app.locator('.canvas-area').boundingBox())!;
      const panel = (await app.getByTestId('lesson-panel').boundingBox())!;
      expect(panel.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
      expect(canvas.width).toBeGreaterThan(w - 20);
      await expect(app.getByTestId('run-play')).toBeVisible();
      for (let i = 0; i < 8 && (await app.getByTestId('predict').count()) === 0; i++) {
        await app.getByTestId('lesson-next').click();
      }
      if ((await app.getByTestId('predict-choice-0').count()) > 0) {
        await app.getByTestId('predict-choice-0').check();
      } else {
        await app.getByTestId('predict-number').fill('100');
      }
      await app.getByTestId('lesson-run').click();
      await expect(app.getByTestId('predict-result')).toBeVisible({ timeout: 30_000 });
      await noSideways();
      await app.getByTestId('predict-result').scrollIntoViewIfNeeded();
      await app.screenshot({ path: `${SHOTS}/phone-lesson-${w}x${h}.png` });
    });
  });
}

test('"Run to" takes a decimal as typed (2.5 s, not 25 or 52)', async ({ app }) => {
  await open(app);
  const input = await menuItem(app, 'run-to-input');
  await input.fill('');
  await input.pressSequentially('2.5');
  await expect(input).toHaveValue('2.5');
  await (await menuItem(app, 'run-to')).click();
  await expect(app.getByTestId('sim-time')).toHaveText('2.500 s');
});

test('a design problem names the element and says what to do', async ({ app }) => {
  await open(app);
  await app.getByTestId('node-Order').click();
  await app.keyboard.press('Delete');
  await expect(app.getByTestId('run-notice')).toContainText(
    'Cannot run this design: Users: users need exactly one call wire to their entry service, found 0: drag from their right handle to the service they call');
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('run-notice')).not.toContainText('Cannot run');
});

test('terms explain themselves on a tap: p95, backlog, busy · queue', async ({ app }) => {
  await open(app);
  for (const word of ['p95', 'backlog', 'busy 3/8 · queue 5/64']) {
    const term = app.locator('.term').filter({ has: app.getByRole('button', { name: word, exact: true }) }).first();
    await term.getByRole('button').click();
    await expect(term.locator('.term-def')).toBeVisible();
    await expect(term.locator('.term-def')).not.toBeEmpty();
    await term.getByRole('button').click();
  }
});
