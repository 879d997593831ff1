import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem, clickWire } from '../fixtures';

const scenario = (f: string) => JSON.parse(readFileSync(resolve(__dirname, '../../../public/scenarios', f), 'utf8'));

/** checkout-sync with Analytics killed at 10 s in its incident script. */
async function openSyncWithOutage(page: Page) {
  const doc = scenario('checkout-sync.json');
  doc.incidents = [{ at_ms: 10_000, action: { type: 'kill', target: 'Analytics' } }];
  await page.getByTestId('import-file').setInputFiles({
    name: 'sync-outage.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)),
  });
  await expect(page.getByTestId('node-Analytics')).toBeVisible();
}

async function compareWith(page: Page, example: string) {
  await (await menuItem(page, `compare-with-${example}`)).click();
  await expect(page.getByTestId('compare-b')).toBeVisible();
  await expect(page.getByTestId('compare-table')).toBeVisible();
}

async function runTo(page: Page, s: number) {
  await (await menuItem(page, 'run-to-input')).fill(String(s));
  await (await menuItem(page, 'run-to')).click();
  await expect(page.getByTestId('sim-time')).toHaveText(new RegExp(`^${s}\\.000`));
}

const num = async (page: Page, id: string) =>
  parseFloat((await page.getByTestId(id).textContent())!.replace(/,/g, ''));

test('sync vs events with Analytics killed at 10 s: A fails most customers, B none, the same customers in both', async ({ app }) => {
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await expect(app.getByTestId('compare-tag-A')).toContainText('Checkout, all synchronous');
  await expect(app.getByTestId('compare-tag-B')).toContainText('Checkout with events');
  await runTo(app, 30);

  // One clock: the same customers arrived in both.
  const caption = (await app.getByTestId('compare-customers').textContent())!;
  const m = caption.match(/^The same ([\d,]+) customers in both$/);
  expect(m, caption).not.toBeNull();
  const customers = parseInt(m![1].replace(/,/g, ''), 10);
  expect(customers).toBeGreaterThan(400);
  expect(await num(app, 'cmp-customers-A')).toBe(customers);
  expect(await num(app, 'cmp-customers-B')).toBe(customers);

  // A fails more than half after 10 s of 30; B answers everyone, late side effects only.
  expect(await num(app, 'cmp-answered_pct-A')).toBeLessThan(50);
  expect(await num(app, 'cmp-answered_pct-B')).toBeGreaterThan(99);
  expect(await num(app, 'cmp-failed-B')).toBe(0);
  await expect(app.getByTestId('cmp-failed-B')).toHaveClass(/better/);
  const failedA = await num(app, 'outcome-A-failed');
  expect(failedA * 2).toBeGreaterThan(customers);
  expect(await num(app, 'outcome-B-failed')).toBe(0);
  expect(await num(app, 'outcome-B-delayed')).toBeGreaterThan(customers / 2);
  // Each customer in exactly one class on each side (waiting ones aside).
  for (const side of ['A', 'B']) {
    const sum = await num(app, `outcome-${side}-failed`) + await num(app, `outcome-${side}-delayed`)
      + await num(app, `outcome-${side}-unaffected`);
    expect(sum).toBeLessThanOrEqual(customers);
    expect(sum).toBeGreaterThan(customers - 30);
  }
  // Each element's bar: in A the failures passed through Payment; in B the topic holds
  // only late work.
  const aPayment = app.locator('.app > .canvas-area').getByTestId('run-state-Payment').locator('.outcome-bar');
  expect(Number(await aPayment.getAttribute('data-failed'))).toBeGreaterThan(0);
  const bTopic = app.getByTestId('compare-b').getByTestId('run-state-OrderCreated').locator('.outcome-bar');
  expect(Number(await bTopic.getAttribute('data-failed'))).toBe(0);
  expect(Number(await bTopic.getAttribute('data-delayed'))).toBeGreaterThan(0);
  // Each wire's stripes: A's call to Analytics carried failures; B's wires carried none,
  // and its publish carried the late work.
  const ribbon = (where: any, names: string) => where.getByTestId(`wire-ribbon-${names}`);
  const aCanvas = app.locator('.app > .canvas-area');
  expect(Number(await ribbon(aCanvas, 'Order-Analytics').getAttribute('data-failed'))).toBeGreaterThan(0);
  await expect(ribbon(aCanvas, 'Order-Analytics').locator('.wr-failed')).toHaveCount(1);
  const bRibbons = app.getByTestId('compare-b').locator('.wire-ribbon');
  expect(await bRibbons.count()).toBeGreaterThan(3);
  for (const f of await bRibbons.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-failed')))) expect(f).toBe('0');
  expect(Number(await ribbon(app.getByTestId('compare-b'), 'Order-OrderCreated').getAttribute('data-delayed'))).toBeGreaterThan(0);
  // The script reached B by name: its Analytics is down too.
  await expect(app.getByTestId('compare-b').getByTestId('run-state-Analytics')).toBeVisible();
  await app.screenshot({ path: `${SHOTS}/compare-1440.png` });
  await aCanvas.screenshot({ path: `${SHOTS}/compare-1440-a.png` });
});

test('a live kill reaches B by name, and what B lacks is said', async ({ app }) => {
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await runTo(app, 2);
  // A cut of Order -> Analytics: B publishes to a topic instead, so B has no such wire.
  await clickWire(app, 'wire-Order-Analytics');
  await (await menuItem(app, 'act-cut')).click();
  await expect(app.getByTestId('compare-tag-B')).toContainText('applied to A only');
  await expect(app.getByTestId('compare-tag-B')).toContainText('no wire goes from `Order` to `Analytics`');
  // Leaving keeps A; compare mode can be left with B instead, as one undo step.
  await (await menuItem(app, 'compare-keep-a')).click();
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
  await expect(app.getByTestId('doc-summary')).toContainText('Checkout, all synchronous');
  await (await menuItem(app, 'compare-copy')).click();
  await expect(app.getByTestId('compare-tag-B')).toContainText('(copy)');
  await (await menuItem(app, 'compare-keep-b')).click();
  await expect(app.getByTestId('doc-summary')).toContainText('(copy)');
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('doc-summary')).not.toContainText('(copy)');
});

test('a comparison share link opens in a fresh page into compare mode with the same trace hashes', async ({ app, browser }) => {
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await runTo(app, 15);
  const traceA = await app.getByTestId('compare-trace-A').textContent();
  const traceB = await app.getByTestId('compare-trace-B').textContent();
  expect(traceA).not.toBe(traceB);
  await (await menuItem(app, 'doc-share')).click();
  const url = await app.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=1\.[A-Za-z0-9_-]+&b=1\.[A-Za-z0-9_-]+$/);

  const fresh = await (await browser.newContext()).newPage();
  await fresh.addInitScript(() => localStorage.setItem('wirelab.lessons.dismissed', '1'));
  await fresh.goto(url);
  await expect(fresh.getByTestId('compare-b')).toBeVisible();
  await expect(fresh.getByTestId('compare-tag-B')).toContainText('Checkout with events');
  await runTo(fresh, 15);
  await expect(fresh.getByTestId('compare-trace-A')).toHaveText(traceA!);
  await expect(fresh.getByTestId('compare-trace-B')).toHaveText(traceB!);
  await fresh.context().close();
});

test('a saved comparison is one file that opens into compare mode, and a broken one says which design', async ({ app }) => {
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await expect(await menuItem(app, 'doc-export')).toHaveText('Save comparison');
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('doc-export').click()]);
  expect(download.suggestedFilename()).toBe('checkout-all-synchronous vs checkout-with-events.json');
  const text = readFileSync((await download.path())!, 'utf8');
  const file = JSON.parse(text);
  expect([file.format, file.a.name, file.b.name]).toEqual(['wirelab-comparison', 'Checkout, all synchronous', 'Checkout with events']);

  await (await menuItem(app, 'compare-keep-a')).click();
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
  await app.getByTestId('import-file').setInputFiles({ name: 'both.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(app.getByTestId('compare-tag-B')).toContainText('Checkout with events');

  file.b.nodes[0].kind = { type: 'nonsense' };
  await app.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(app.getByTestId('import-errors')).toContainText('(design B)');
});

test('compare in presenter mode at 1280×720: both canvases and one strip of paired numbers', async ({ app }) => {
  await app.setViewportSize({ width: 1280, height: 720 });
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await runTo(app, 30);
  await app.keyboard.press('f');
  await expect(app.getByTestId('compare-strip')).toBeVisible();
  await expect(app.getByTestId('compare-table')).toBeHidden();
  expect(await num(app, 'strip-answered_pct-A')).toBeLessThan(50);
  expect(await num(app, 'strip-answered_pct-B')).toBeGreaterThan(99);
  // Both canvases fit their halves. Names: STAGE asks 18 px at 1280×720; two checkouts
  // side by side reach about 17 px (A) and 12 px (B, the wider design), so this guards
  // the 12 px they reach and prints them.
  for (const side of ['compare-tag-A', 'compare-tag-B']) await expect(app.getByTestId(side)).toBeVisible();
  await app.waitForTimeout(300);
  const px = await app.evaluate(() => [...document.querySelectorAll('.node-name-big')].map(
    (t) => parseFloat(getComputedStyle(t).fontSize) * (t as SVGGraphicsElement).getScreenCTM()!.a));
  console.log(`presenter compare at 1280×720: node names ${Math.min(...px).toFixed(1)}–${Math.max(...px).toFixed(1)} px`);
  expect(Math.min(...px)).toBeGreaterThanOrEqual(17.9);
  expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await app.screenshot({ path: `${SHOTS}/compare-presenter-1280.png` });
});

test('lesson 2 ends side by side with lesson 1: the lesson opens compare mode, and leaves it', async ({ app }) => {
  await app.getByTestId('lessons-open').click();
  await app.getByTestId('lesson-open-sync-core').click();
  const counter = app.getByTestId('lesson-step-counter');
  await expect(counter).toHaveText(/^Step 1 of 5$/);
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
  for (let i = 1; i < 5; i++) await app.getByTestId('lesson-next').click();
  await expect(counter).toHaveText('Step 5 of 5');
  await expect(app.getByTestId('compare-tag-A')).toContainText('Checkout with events');
  await expect(app.getByTestId('compare-tag-B')).toContainText('Checkout calls everything');
  await runTo(app, 40);
  // Email is down from 10 s to 30 s: B (calls Email) fails customers, A only delays emails.
  expect(await num(app, 'cmp-failed-A')).toBe(0);
  expect(await num(app, 'cmp-failed-B')).toBeGreaterThan(50);
  expect(await num(app, 'outcome-A-delayed')).toBeGreaterThan(0);
  await expect(app.getByTestId('compare-customers')).toHaveText(/^The same [\d,]+ customers in both$/);
  await expect(app.getByTestId('lesson-panel')).toBeVisible();
  await app.screenshot({ path: `${SHOTS}/compare-lesson-1440.png` });
  await app.getByTestId('lesson-prev').click();
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
  await app.getByTestId('lesson-next').click();
  await expect(app.getByTestId('compare-b')).toBeVisible();
  await app.getByTestId('lesson-close').click();
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
});

test('in compare mode the same customer is followed in A and in B', async ({ app }) => {
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await runTo(app, 15);
  await (await menuItem(app, 'follow-failed')).click();
  const a = app.getByTestId('journey-side-A');
  const b = app.getByTestId('journey-side-B');
  await expect(a.getByTestId('seq-wait')).toContainText('failed at Analytics (refused)');
  await expect(b.getByTestId('seq-wait')).toContainText('answered after');
  // B's customer reaches Analytics only by an event, after their answer.
  await expect(b.getByTestId('seq-tail')).toBeVisible();
  await app.screenshot({ path: `${SHOTS}/compare-follow.png` });
});

test('a comparison link over an autosaved design asks first, then opens both designs', async ({ app }) => {
  await openSyncWithOutage(app);
  await compareWith(app, 'checkout-events');
  await (await menuItem(app, 'doc-share')).click();
  const url = await app.getByTestId('share-url').inputValue();
  // Someone else's page, with a design of their own autosaved.
  const page = await (await app.context().browser()!.newContext()).newPage();
  await page.addInitScript(() => localStorage.setItem('wirelab.lessons.dismissed', '1'));
  await page.goto(url.split('#')[0]);
  const own = JSON.parse(readFileSync(resolve(__dirname, '../../../public/scenarios/retry-storm.json'), 'utf8'));
  await page.getByTestId('import-file').setInputFiles({ name: 'own.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(own)) });
  await expect.poll(() => page.evaluate(() => localStorage.getItem('wirelab.autosave') ?? '')).toContain('Retry storm');
  await page.goto(url);
  await page.reload();
  await expect(page.getByTestId('open-shared')).toBeVisible();
  await page.getByTestId('open-shared-open').click();
  await expect(page.getByTestId('compare-tag-B')).toContainText('Checkout with events');
  await expect(page.getByTestId('compare-tag-A')).toContainText('Checkout, all synchronous');
  await page.context().close();
});

test('a file that cannot be design B says why and leaves compare mode off', async ({ app }) => {
  await openSyncWithOutage(app);
  await app.getByTestId('compare-file-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "wirelab-scenario"') });
  await expect(app.getByTestId('compare-error')).toContainText('broken.json cannot be design B');
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
});
