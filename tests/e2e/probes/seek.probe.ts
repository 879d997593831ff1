// Seek times on the timeline: checkout-sync at 100 people a second, run to 10 minutes
// (with a live kill at 2 minutes), then 25 seeks to scattered moments
// (PROBE_SEEK_RATE=300 PROBE_SEEK_S=2400 for a lesson-long run at a high load). Prints median and
// p95 seek time; the goal is a median of 100 ms or less. Checkpoints (at most 24 copies
// of the run, taken as it goes) are what makes a seek start near its target.
// Run: `make probe-seek`.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flipWire, menuItem } from '../fixtures';

const RATE = Number(process.env.PROBE_SEEK_RATE || 100);
const END = Number(process.env.PROBE_SEEK_S || 600);

test('seek times on a long run', async ({ page }) => {
  test.setTimeout(900_000);
  await page.addInitScript(() => localStorage.setItem('wirelab.lessons.dismissed', '1'));
  await page.goto(process.env.WIRELAB_URL!);
  const doc = JSON.parse(readFileSync(resolve(__dirname, '../../../public/scenarios/checkout-sync.json'), 'utf8'));
  doc.nodes.find((n: any) => n.name === 'Users').kind.arrival = { mode: 'poisson', rate_per_s: RATE };
  doc.max_in_flight = 200000;
  doc.duration_ms = END * 1000;
  await page.getByTestId('import-file').setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.getByTestId('node-Analytics')).toBeVisible();
  const runTo = async (s: number) => {
    await (await menuItem(page, 'run-to-input')).fill(String(s));
    await (await menuItem(page, 'run-to')).click();
    await expect(page.getByTestId('sim-time')).toHaveText(new RegExp(`^${s}\\.000`), { timeout: 300_000 });
  };
  await runTo(120);
  await page.getByTestId('node-Analytics').click();
  await (await menuItem(page, 'act-kill')).click();
  const t0 = Date.now();
  await runTo(END);
  const runMs = Date.now() - t0;
  // Each seek: how long until the clock shows the target (it steps there in slices
  // between frames), and how long the page was blocked at a stretch meanwhile.
  const [times, blocked]: [number[], number[]] = await page.evaluate(async (end) => {
    const el = document.querySelector('[data-testid="timeline-slider"]') as HTMLInputElement;
    const clock = document.querySelector('[data-testid="sim-time"]') as HTMLElement;
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    const out: number[] = [];
    const worst: number[] = [];
    for (let i = 0; i < 25; i++) {
      const target = ((i * 7919) % end) * 1000 + 500;
      const t = performance.now();
      el.value = String(target);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      let longest = performance.now() - t;
      let last = performance.now();
      while (Number(clock.dataset.us) !== target * 1000) {
        const now = await frame();
        longest = Math.max(longest, now - last);
        last = now;
      }
      out.push(performance.now() - t);
      worst.push(longest);
    }
    return [out, worst];
  }, END);
  // What the checkpoints hold at the end of the run: copies, bytes of records.
  const [copies, bytes] = (await page.getByTestId('timeline').getAttribute('data-checkpoints'))!
    .split(' ').map(Number);
  // An edit at 5 minutes: the changed design re-simulated to that moment.
  await (await menuItem(page, 'run-to-input')).fill('300');
  await (await menuItem(page, 'run-to')).click();
  // Measured from the test's side: includes Playwright's own round trips (an upper bound).
  const t1 = Date.now();
  await flipWire(page, 'Order-CRM');
  await expect(page.getByTestId('run-notice')).toContainText('re-simulated to 300.0 s', { timeout: 60_000 });
  const editMs = Date.now() - t1;
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const line = `seek (${END / 60}-minute run, ${RATE} people/s; run to ${END} s took ${(runMs / 1000).toFixed(1)} s): ` +
    `${s.length} seeks, median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms ` +
    `until the clock shows the moment, the page blocked at most ${Math.max(...blocked).toFixed(0)} ms at a stretch; ` +
    `an edit at 300 s re-simulated in ${editMs.toFixed(0)} ms; ` +
    `checkpoints at ${END} s: ${copies} copies holding ${(bytes / 1e6).toFixed(1)} MB of records`;
  console.log(line);
  test.info().annotations.push({ type: 'seek', description: line });
});
