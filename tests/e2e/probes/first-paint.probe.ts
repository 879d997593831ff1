// First paint from localhost in fresh browser contexts: first contentful paint, and when
// the canvas is there to use (the toolbar's Play enabled for an opened design is later:
// this is the empty page a visitor meets). Prints medians of RUNS; asserts nothing.
// Run: `make perf` (or `npx playwright test --config probes/probe.config.ts first-paint`).
import { test, expect } from '@playwright/test';

const RUNS = Number(process.env.PROBE_RUNS || 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test(`first paint, median of ${RUNS} fresh visits`, async ({ browser }) => {
  const fcp: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('wirelab.lessons.dismissed', '1'));
    const page = await context.newPage();
    await page.goto(process.env.WIRELAB_URL!);
    await expect(page.locator('.canvas-area')).toBeVisible();
    ready.push(await page.evaluate(() => performance.now()));
    // The paint entry is reported once the frame is presented, which can be after the
    // canvas is found.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
    await context.close();
  }
  const line = `first paint: FCP p50 ${median(fcp).toFixed(0)} ms, canvas ready p50 ${median(ready).toFixed(0)} ms (${RUNS} fresh visits)`;
  console.log(line);
  test.info().annotations.push({ type: 'paint', description: line });
});
