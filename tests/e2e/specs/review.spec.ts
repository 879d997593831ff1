// The design review in the page: the findings of the design on screen with what was
// measured, a one-click fix that is one undoable edit, the blast radius on the canvas
// and in a table, and the notes to take away.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, SHOTS, openScenario } from '../fixtures';

const MERMAID = resolve(__dirname, '../node_modules/mermaid/dist/mermaid.min.js');

async function reviewed(page: any) {
  await page.getByTestId('review-toggle').click();
  await expect(page.getByTestId('review-progress')).toHaveText(/^Measured with seed \d+\.$/, { timeout: 30_000 });
}

const success = async (page: any, name: string) =>
  Number(await page.getByTestId(`impact-${name}`).getAttribute('data-success'));

test('the sync checkout: three side effects it waits for; the fix on Analytics is one undoable edit', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await reviewed(app);
  const side = app.getByTestId('review-finding-sync-side-effect');
  await expect(side).toHaveCount(3);
  expect(await side.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-elements')))).toEqual(
    ['Order,Email', 'Order,Analytics', 'Order,CRM']);
  await expect(side.nth(1)).toContainText('Ask yourself: Do I need an answer now, or am I announcing that something happened?');
  await expect(side.nth(1)).toContainText(/Measured: With Analytics down for 20 s, (9\d|100) % of the \d+ requests that arrived meanwhile failed\./);
  expect(await success(app, 'Analytics')).toBeLessThan(0.05);
  // On the canvas: Analytics tinted, its share written, a badge.
  await expect(app.getByTestId('review-heat-Analytics')).toContainText(/down: ✗ (9\d|100)\.\d% fail/);
  await expect(app.getByTestId('review-badge-Analytics')).toBeVisible();
  // A finding under the pointer marks its elements and the wire between them.
  await side.nth(1).hover();
  const css = (await app.getByTestId('review-highlight').textContent())!;
  expect((css.match(/#wl-node-\d+ /g) ?? []).length).toBe(2);
  expect((css.match(/#wl-wire-\d+ /g) ?? []).length).toBe(1);
  await app.screenshot({ path: `${SHOTS}/review-1440.png` });
  // A badge on the canvas brings its finding into view, focused.
  await app.getByTestId('review-badge-CRM').dispatchEvent('pointerdown');
  await expect(side.nth(2)).toBeFocused();

  await app.getByTestId('review-fix-Order-Analytics').click();
  await expect(app.getByTestId('wire-Order-Analytics')).toHaveCount(0);
  await expect(app.getByTestId('review-progress')).toHaveText(/^Measured/, { timeout: 30_000 });
  await expect(side).toHaveCount(2);
  await expect.poll(() => success(app, 'Analytics')).toBeGreaterThan(0.99);
  await expect(app.getByTestId('review-heat-Analytics')).toContainText('down: ◔ late only');
  // The event brings the next question: the new subscription is not idempotent.
  await expect(app.getByTestId('review-finding-non-idempotent-consumer')).toHaveAttribute('data-elements', /Analytics/);
  await app.screenshot({ path: `${SHOTS}/review-fixed-1440.png` });

  // One undo step brings the call back, and the finding.
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('wire-Order-Analytics')).toHaveCount(1);
  await expect(side).toHaveCount(3, { timeout: 30_000 });
});

test('"I need this answer now" closes the question; the hybrid checkout has no side effect to ask about', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await reviewed(app);
  await app.getByTestId('review-needed-Order-Email').click();
  await expect(app.getByTestId('review-finding-sync-side-effect')).toHaveCount(2, { timeout: 30_000 });
  await openScenario(app, 'checkout-events.json');
  await expect(app.getByTestId('review-progress')).toHaveText(/^Measured/, { timeout: 30_000 });
  await expect(app.getByTestId('review-finding-sync-side-effect')).toHaveCount(0);
  await expect(app.getByTestId('review-finding-non-idempotent-consumer')).not.toHaveCount(0);
  expect(await success(app, 'OrderCreated')).toBe(1);
});

test('the notes: the design in words, the findings, the table, and a journey Mermaid accepts', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await reviewed(app);
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('review-notes').click()]);
  const md = readFileSync((await download.path())!, 'utf8');
  expect(md).toContain('# Checkout, all synchronous');
  expect(md).toContain('- Order calls Analytics and waits for the answer');
  expect(md).toContain('### Order waits for Analytics, and fails its customer when Analytics fails');
  expect(md).toContain('| Analytics (service) |');
  const diagram = md.split('```mermaid\n')[1].split('```')[0];
  const blank = await app.context().newPage();
  await blank.setContent('<!doctype html><div id="out"></div>');
  await blank.addScriptTag({ path: MERMAID });
  const ok = await blank.evaluate(async (src: string) => {
    const m = (window as any).mermaid;
    m.initialize({ startOnLoad: false });
    return Boolean(await m.parse(src));
  }, diagram);
  expect(ok).toBe(true);
});

for (const [w, h, name] of [[1920, 1080, 'monitor'], [1280, 720, 'projector'], [390, 844, 'phone']] as const) {
  test(`the review at ${w}×${h} (${name})`, async ({ app }) => {
    await app.setViewportSize({ width: w, height: h });
    await openScenario(app, 'checkout-sync.json');
    await reviewed(app);
    await expect(app.getByTestId('review-panel')).toBeVisible();
    expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
    await app.screenshot({ path: `${SHOTS}/review-${w}.png`, fullPage: name === 'phone' });
  });
}
