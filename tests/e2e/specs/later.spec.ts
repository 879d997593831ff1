import { test, expect, menuItem } from '../fixtures';

// The parts a first visit does not need are split off the main wasm (src/later.rs,
// scripts/split-wasm.py): fetched once the page has painted, and again if that failed.

const SPLIT = /\/(split_|chunk_)[^/]*\.wasm$/;

test('the parts split off are fetched after the first paint; offline afterwards, they still open', async ({ app, context }) => {
  await expect(app.getByTestId('canvas')).toBeVisible();
  const timings = () => app.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    parts: performance.getEntriesByType('resource')
      .filter((e) => /\/split_[a-z]+-/.test(e.name))
      .map((e) => ({ part: /\/split_([a-z]+)-/.exec(e.name)![1], start: e.startTime })),
  }));
  await expect.poll(async () => (await timings()).parts.map((p) => p.part).sort())
    .toEqual(['compare', 'journey', 'lessons', 'moment', 'review']);
  const { paint, parts } = await timings();
  expect(paint).not.toBeNull();
  for (const p of parts) expect(p.start, `${p.part} fetched before the first paint`).toBeGreaterThanOrEqual(paint!);
  await context.setOffline(true);
  await app.getByTestId('review-toggle').click();
  await expect(app.getByTestId('review-panel')).toBeVisible();
  await (await menuItem(app, 'compare-copy')).click();
  await expect(app.getByTestId('compare-b')).toBeVisible();
  await context.setOffline(false);
});

test('with the split-off parts unreachable the editor works, and a part that cannot load says so', async ({ page }) => {
  const refused: string[] = [];
  await page.route(SPLIT, (r) => { refused.push(r.request().url()); return r.abort(); });
  await page.addInitScript(() => { localStorage.setItem('wirelab.lessons.dismissed', '1'); });
  await page.goto(process.env.WIRELAB_URL!);
  await page.getByTestId('palette-item-service').click();
  await expect(page.locator('[data-testid^="node-"]')).toHaveCount(1);
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.getByTestId('review-toggle').click();
  const error = page.getByTestId('later-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveText(/^The design review could not be loaded.*Reload the page.*your design is kept/);
  await expect(error).toBeInViewport();
  expect(refused.length).toBeGreaterThan(0);
  // The design was autosaved all the same.
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.includes('autosave')))).toBe(true);
});

test('a part opened and closed again before it arrives leaves no error, and opens later', async ({ app }) => {
  await app.route(SPLIT, async (r) => { await new Promise((ok) => setTimeout(ok, 800)); await r.continue(); });
  await app.reload();
  await app.getByTestId('palette-item-service').click();
  await app.getByTestId('review-toggle').click();
  await app.getByTestId('review-toggle').click();
  await (await menuItem(app, 'compare-copy')).click();
  await (await menuItem(app, 'compare-keep-a')).click();
  await expect(app.getByTestId('compare-b')).toHaveCount(0);
  await app.getByTestId('review-toggle').click();
  await expect(app.getByTestId('review-panel')).toBeVisible();
  await (await menuItem(app, 'compare-copy')).click();
  await expect(app.getByTestId('compare-b')).toBeVisible();
  // The fixture fails the test on any console error or page error (a panic among them).
});
