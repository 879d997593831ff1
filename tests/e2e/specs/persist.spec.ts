import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem } from '../fixtures';

const CHECKOUT_PATH = resolve(__dirname, '../../../public/scenarios/checkout-events.json');
const CHECKOUT = readFileSync(CHECKOUT_PATH, 'utf8');
const SYNC = readFileSync(resolve(__dirname, '../../../public/scenarios/checkout-sync.json'), 'utf8');
const CHECKOUT_SUMMARY = /Checkout with events · 8 nodes · 7 wires/;

async function importFile(page: Page, name: string, text: string) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function exportJson(page: Page): Promise<any> {
  const [download] = await Promise.all([page.waitForEvent('download'), (await menuItem(page, 'doc-export')).click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

/** Waits until the autosave holds a design containing `text` (it waits for 500 ms of quiet). */
async function autosaved(page: Page, text: string) {
  await expect.poll(() => page.evaluate(() => localStorage.getItem('wirelab.autosave') ?? '')).toContain(text);
}

/** The share link of the current design, as shown in the share dialog. */
async function shareLink(page: Page): Promise<string> {
  await (await menuItem(page, 'doc-share')).click();
  const url = await page.getByTestId('share-url').inputValue();
  await page.getByTestId('share-close').click();
  return url;
}

test('an imported design survives a reload (autosave)', async ({ app }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  await autosaved(app, 'Checkout with events');
  await app.reload();
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  expect(await exportJson(app)).toEqual(JSON.parse(CHECKOUT));
});

test('a broken file shows every problem precisely and keeps the design', async ({ app }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);

  await importFile(app, 'notes.json', '{ "format": "wirelab-scenario", ');
  const panel = app.getByTestId('import-errors');
  await expect(panel).toContainText('`notes.json` was not opened');
  await expect(panel).toContainText('not valid JSON');
  await app.getByTestId('import-errors-dismiss').click();
  await expect(panel).toBeHidden();

  await importFile(app, 'future.json', CHECKOUT.replace('"version": 2', '"version": 3'));
  await expect(panel).toContainText('version 3 is not supported');
  await app.getByTestId('import-errors-dismiss').click();

  // Two bad values in one service: both are listed, each with its node and field.
  const bad = JSON.parse(CHECKOUT);
  const order = bad.nodes.find((n: any) => n.name === 'Order');
  order.kind.workers = 0;
  order.kind.error_rate = 1.5;
  await importFile(app, 'bad-values.json', JSON.stringify(bad));
  await expect(panel).toContainText('2 problems');
  await expect(panel.locator('li')).toHaveCount(2);
  await expect(panel.locator('li').nth(0)).toContainText('`Order` field `kind.workers`');
  await expect(panel.locator('li').nth(1)).toContainText('`Order` field `kind.error_rate`');
  await app.screenshot({ path: `${SHOTS}/persist-import-errors.png` });
  await app.getByTestId('import-errors-dismiss').click();

  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  expect(await exportJson(app)).toEqual(JSON.parse(CHECKOUT));
});

test('a file dropped on the canvas is opened', async ({ app }) => {
  await app.getByTestId('canvas').evaluate((canvas, text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      canvas.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, CHECKOUT);
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  await expect(app.getByTestId('persist-notice')).toContainText('Opened `dropped.json`');
});

test('export then import round-trips, and import is one undo step', async ({ app }) => {
  await importFile(app, 'checkout-sync.json', SYNC);
  await expect(app.getByTestId('doc-summary')).toContainText('Checkout, all synchronous');
  const exported = await exportJson(app);
  expect(exported).toEqual(JSON.parse(SYNC));

  await importFile(app, 'checkout-events.json', CHECKOUT);
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  await importFile(app, 'exported.json', JSON.stringify(exported));
  // Equal but for the id counter, which keeps its high mark so no id is ever reused.
  const again = await exportJson(app);
  expect(again.next_id).toBe(JSON.parse(CHECKOUT).next_id);
  expect({ ...again, next_id: 0 }).toEqual({ ...JSON.parse(SYNC), next_id: 0 });

  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  // On an empty canvas there is nothing to lose: New starts afresh without asking.
  await (await menuItem(app, 'doc-new')).click();
  await app.getByTestId('confirm-new-yes').click();
  await (await menuItem(app, 'doc-new')).click();
  await expect(app.getByTestId('confirm-new')).toBeHidden();
  await expect(app.getByTestId('doc-summary')).toHaveText(/Untitled design · 0 nodes/);
});

test('a share link opened in a fresh page reproduces the design', async ({ app, browser }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  await (await menuItem(app, 'doc-share')).click();
  await expect(app.getByTestId('share-size')).toContainText('KB');
  await expect(app.getByTestId('share-warning')).toHaveCount(0);
  await app.screenshot({ path: `${SHOTS}/persist-share.png` });
  const url = await app.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=1\.[A-Za-z0-9_-]+$/);
  console.log(`checkout-events share link: ${url.length} characters`);

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  expect(await exportJson(fresh)).toEqual(JSON.parse(CHECKOUT));
  expect(new URL(fresh.url()).hash).toBe(''); // cleared, so a reload does not ask again
  await fresh.context().close();
});

test('a share link over an autosaved design asks, and keeps the other as a backup', async ({ app }) => {
  await importFile(app, 'checkout-sync.json', SYNC);
  const syncLink = await shareLink(app);
  await importFile(app, 'checkout-events.json', CHECKOUT);
  await autosaved(app, 'Checkout with events');

  // Open a link to the sync design while the events design is autosaved: keep mine.
  await app.goto(syncLink);
  const ask = app.getByTestId('open-shared');
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('Checkout, all synchronous');
  await app.screenshot({ path: `${SHOTS}/persist-open-shared.png` });
  await app.getByTestId('open-shared-keep').click();
  await expect(ask).toBeHidden();
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  expect(new URL(app.url()).hash).toBe('');

  // The declined design is the backup; opening it swaps, and undo swaps back.
  await (await menuItem(app, 'doc-backup')).click();
  await expect(app.getByTestId('doc-summary')).toContainText('Checkout, all synchronous');
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);

  // This time open the shared one: ours stays one undo away.
  await autosaved(app, 'Checkout with events');
  await app.goto(syncLink);
  await app.getByTestId('open-shared-open').click();
  await expect(app.getByTestId('doc-summary')).toContainText('Checkout, all synchronous');
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
});

test('a share link past 8 KB comes with a warning', async ({ app }) => {
  // 300 services with distinct parameters do not compress below 8 KB.
  const big = JSON.parse(CHECKOUT);
  for (let i = 0; i < 300; i++) {
    const id = big.next_id++;
    big.nodes.push({
      id, name: `Service ${i}`, pos: { x: (i % 20) * 220, y: 600 + Math.floor(i / 20) * 120 },
      kind: { type: 'service', latency: { base_ms: (i * 7919) % 997 + 0.123 * i, jitter_ms: (i * 104729) % 311, shape: 'uniform' },
        workers: 1 + (i % 50), queue: (i * 31) % 500, error_rate: 0, calls: 'sequential' },
    });
  }
  await importFile(app, 'big.json', JSON.stringify(big));
  await expect(app.getByTestId('doc-summary')).toContainText('308 nodes');
  await (await menuItem(app, 'doc-share')).click();
  await expect(app.getByTestId('share-warning')).toContainText('past about 8 KB');
  await expect(app.getByTestId('share-url')).toBeFocused();
  await app.screenshot({ path: `${SHOTS}/persist-share-big.png` });
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('share-link')).toBeHidden();
});

test('a damaged or newer share link says why', async ({ app }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  const url = await shareLink(app);
  await app.goto(url.replace('#s=1.', '#s=3.'));
  const panel = app.getByTestId('import-errors');
  await expect(panel).toContainText('made by a newer Wirelab (format v3); this version reads up to v1');
  await app.getByTestId('import-errors-dismiss').click();
  await app.goto(url.slice(0, url.length - 40));
  await expect(panel).toContainText('damaged');
});

test('storage that refuses to save shows a notice instead of crashing', async ({ app }) => {
  await app.addInitScript(() => {
    Storage.prototype.setItem = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await app.reload();
  await importFile(app, 'checkout-events.json', CHECKOUT);
  const notice = app.getByTestId('persist-notice').filter({ hasText: 'Autosave failed' });
  await expect(notice).toContainText('quota');
  await expect(notice).toContainText('export the design as a file');
  await app.screenshot({ path: `${SHOTS}/persist-storage-failure.png` });
  // Still fully working.
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  expect(await exportJson(app)).toEqual(JSON.parse(CHECKOUT));
});

test('an unreadable autosave is kept aside and the app starts empty', async ({ app }) => {
  await autosaved(app, 'Untitled design'); // past the first autosave, which would overwrite it
  await app.evaluate(() => localStorage.setItem('wirelab.autosave', '{"format": "wirelab-scenario", "version": 1, "nodes": [oops'));
  await app.reload();
  await expect(app.getByTestId('persist-notice')).toContainText('could not be read');
  await expect(app.getByTestId('doc-summary')).toContainText('0 nodes');
  const kept = await app.evaluate(() => localStorage.getItem('wirelab.autosave.unreadable'));
  expect(kept).toContain('oops');
});

test('new asks first, clears, and is undoable', async ({ app }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  await (await menuItem(app, 'doc-new')).click();
  await expect(app.getByTestId('confirm-new')).toBeVisible();
  await expect(app.getByTestId('confirm-new-no')).toBeFocused(); // the safe choice
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('confirm-new')).toBeHidden();
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  await (await menuItem(app, 'doc-new')).click();
  await app.getByTestId('confirm-new-yes').click();
  await expect(app.getByTestId('doc-summary')).toHaveText(/Untitled design · 0 nodes/);
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
});

test('the canvas exports as SVG and PNG', async ({ app }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  const [svg] = await Promise.all([app.waitForEvent('download'), (await menuItem(app, 'doc-export-svg')).click()]);
  expect(svg.suggestedFilename()).toBe('checkout-with-events.svg');
  const text = readFileSync((await svg.path())!, 'utf8');
  expect(text).toContain('<svg');
  expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
  const [png] = await Promise.all([app.waitForEvent('download'), (await menuItem(app, 'doc-export-png')).click()]);
  expect(png.suggestedFilename()).toBe('checkout-with-events.png');
  const bytes = readFileSync((await png.path())!);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  await app.screenshot({ path: `${SHOTS}/persist-after-export.png` });
});

test('a share link made after "New seed" reproduces the run on screen in a fresh page', async ({ app, browser }) => {
  await importFile(app, 'checkout-events.json', CHECKOUT);
  await expect(app.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  const seed = (await menuItem(app, 'run-seed'));
  const before = await seed.inputValue();
  await (await menuItem(app, 'run-new-seed')).click();
  await expect(seed).not.toHaveValue(before);
  const newSeed = await seed.inputValue();
  await expect(app.getByTestId('run-notice')).toContainText(`Seed ${newSeed}: the run restarted`);
  const runTo = async (page: Page) => {
    await (await menuItem(page, 'run-to-input')).fill('20');
    await (await menuItem(page, 'run-to')).click();
    await expect(page.getByTestId('sim-time')).toHaveText('20.000 s');
    return (await page.getByTestId('trace-hash').textContent())!.trim();
  };
  const hash = await runTo(app);
  const url = await shareLink(app);

  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('wirelab.lessons.dismissed', '1'));
  const fresh = await context.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('doc-summary')).toHaveText(CHECKOUT_SUMMARY);
  await expect((await menuItem(fresh, 'run-seed'))).toHaveValue(newSeed);
  expect(await runTo(fresh)).toBe(hash);
  expect((await exportJson(fresh)).seed).toBe(Number(newSeed));
  await fresh.context().close();

  // The seed is part of the design: undo brings the old one back.
  await app.keyboard.press('Control+z');
  await expect(seed).toHaveValue(before);
});
