// A lesson long: the checkout at 20 and at 300 people/s, reached by "Run to" 10 s, 10,
// 20 and 40 minutes (and 3 hours with PROBE_LONG_HOURS=1), then played at 1× for a few
// seconds each: frame p50/p95/max and the renderer's memory (resident, from /proc) at
// each moment, printed as a table. Asserts nothing: on a shared machine a timing is a
// reading. Run: `make probe-long` (PROBE_RATES=20 for one rate).
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, Page } from '@playwright/test';
import { menuItem } from '../fixtures';
import { frames, pct } from './frames';

const RATES = (process.env.PROBE_RATES || '20,300').split(',').map(Number);
const SECONDS = Number(process.env.PROBE_SECONDS || 4);
const MOMENTS = [10, 600, 1200, 2400, ...(process.env.PROBE_LONG_HOURS ? [10800] : [])];

function checkout(rate: number) {
  const doc = JSON.parse(readFileSync(resolve(__dirname, '../../../public/scenarios/checkout-sync.json'), 'utf8'));
  for (const n of doc.nodes) {
    if (n.kind.type === 'users') n.kind.arrival = { mode: 'poisson', rate_per_s: rate };
  }
  doc.duration_ms = 86_400_000;
  return doc;
}

/** The checkout at `rate` people/s, opened as a returning visitor. */
async function openCheckout(page: Page, rate: number) {
  await page.addInitScript(() => {
    try { localStorage.setItem('wirelab.lessons.dismissed', '1'); } catch { /* storage off */ }
  });
  await page.goto(process.env.WIRELAB_URL!);
  await page.getByTestId('import-file').setInputFiles({
    name: 'checkout.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(checkout(rate))),
  });
  await expect(page.getByTestId('node-Payment')).toBeVisible({ timeout: 60_000 });
}

/** Until the clock is at `at` s (a run that stopped at its memory budget stays short). */
async function reached(page: Page, at: number) {
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-us')), { timeout: 1_500_000 })
    .toBeGreaterThanOrEqual(at * 1e6).catch(() => {});
}

/** Resident memory of the largest renderer process, MB. */
function rendererMb(): number {
  const out = execSync('ps -eo rss,args', { encoding: 'utf8' });
  const rss = out.split('\n')
    .filter((l) => l.includes('--type=renderer'))
    .map((l) => Number(l.trim().split(/\s+/)[0]) / 1024);
  return rss.length ? Math.max(...rss) : NaN;
}

for (const rate of RATES) {
  test(`the checkout at ${rate} people/s, a lesson long`, async ({ page }) => {
    test.setTimeout(1_800_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openCheckout(page, rate);
    const rows: string[] = [];
    for (const at of MOMENTS) {
      await (await menuItem(page, 'run-to-input')).fill(String(at));
      // Frames while "Run to" works (it goes in slices between frames).
      const during = frames(page, 1);
      const start = Date.now();
      await (await menuItem(page, 'run-to')).click();
      await reached(page, at);
      const took = (Date.now() - start) / 1000;
      const worst = Math.max(...(await during));
      await page.getByTestId('run-play').click();
      const d = (await frames(page, SECONDS)).sort((a, b) => a - b);
      await page.getByTestId('run-play').click();
      const shown = await page.getByTestId('sim-time').textContent();
      rows.push(`long run ${rate}/s at ${String(at).padStart(5)} s: frames p50 ${pct(d, 0.5).toFixed(1)} ms, p95 ${pct(d, 0.95).toFixed(1)} ms, max ${d[d.length - 1].toFixed(1)} ms; renderer ${rendererMb().toFixed(0)} MB; "Run to" took ${took.toFixed(1)} s (longest frame meanwhile ${worst.toFixed(0)} ms); clock ${shown}`);
    }
    for (const r of rows) console.log(r);
    test.info().annotations.push({ type: 'frames', description: rows.join('\n') });
    expect(errors).toEqual([]);
  });
}

// Compare mode, the checkout on both sides (20 people/s): two runs under one clock.
test('the checkout on both sides of compare mode, a lesson long', async ({ page }) => {
  test.setTimeout(1_800_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openCheckout(page, 20);
  await (await menuItem(page, 'compare-copy')).click();
  await expect(page.getByTestId('compare-b')).toBeVisible();
  const rows: string[] = [];
  for (const at of [10, 2400]) {
    await (await menuItem(page, 'run-to-input')).fill(String(at));
    await (await menuItem(page, 'run-to')).click();
    await reached(page, at);
    await page.getByTestId('run-play').click();
    const d = (await frames(page, SECONDS)).sort((a, b) => a - b);
    await page.getByTestId('run-play').click();
    rows.push(`long run compare 20/s at ${String(at).padStart(5)} s: frames p50 ${pct(d, 0.5).toFixed(1)} ms, p95 ${pct(d, 0.95).toFixed(1)} ms, max ${d[d.length - 1].toFixed(1)} ms; renderer ${rendererMb().toFixed(0)} MB`);
  }
  for (const r of rows) console.log(r);
  test.info().annotations.push({ type: 'frames', description: rows.join('\n') });
  expect(errors).toEqual([]);
});

// An edit 40 minutes in: the changed design is re-simulated to the moment. How long
// until the page shows it, and the longest frame meanwhile.
test('an edit 40 minutes into the checkout', async ({ page }) => {
  test.setTimeout(1_800_000);
  await openCheckout(page, 20);
  await (await menuItem(page, 'run-to-input')).fill('2400');
  await (await menuItem(page, 'run-to')).click();
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-us')), { timeout: 1_500_000 })
    .toBeGreaterThanOrEqual(2400e6);
  // Frames around the edit: start recording, delete Analytics (Delete key on the
  // selected node), and stop once the clock shows the moment again.
  const recording = frames(page, 3);
  const start = Date.now();
  await page.getByTestId('node-Analytics').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-Analytics')).toHaveCount(0);
  await expect.poll(async () => Number(await page.getByTestId('sim-time').getAttribute('data-us')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2400e6);
  const shown = Date.now() - start;
  const d = (await recording).sort((a, b) => a - b);
  const line = `long run edit at 2400 s: the re-simulated design shown after ${shown} ms; longest frame ${d[d.length - 1].toFixed(1)} ms, p95 ${pct(d, 0.95).toFixed(1)} ms`;
  console.log(line);
  test.info().annotations.push({ type: 'frames', description: line });
});
