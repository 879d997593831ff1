// What the frame probes share: frame deltas recorded in the page, and their percentiles.
import type { Page } from '@playwright/test';

/** The time between consecutive animation frames over `seconds`, ms. */
export async function frames(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate((ms) => new Promise<number[]>((done) => {
    const t: number[] = [];
    const end = performance.now() + ms;
    const tick = (now: number) => {
      t.push(now);
      if (now < end) requestAnimationFrame(tick); else done(t.slice(1).map((v, i) => v - t[i]));
    };
    requestAnimationFrame(tick);
  }), seconds * 1000);
}

/** The `p` quantile of sorted values. */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
