import { test as base, expect, Page } from '@playwright/test';

export const SHOTS = `${__dirname}/screenshots`;

// Every test's page: opened on the app, and failed afterwards if anything went to the
// console as an error, threw, or asked for a resource from another origin.
// The lesson browser greets a first visit; every spec but the lessons one starts as someone
// who has closed it before (`test.use({ newcomer: true })` keeps it).
export const test = base.extend<{ app: Page; newcomer: boolean }>({
  newcomer: [false, { option: true }],
  app: async ({ page, newcomer }, use) => {
    const url = process.env.WIRELAB_URL!;
    const origin = new URL(url).origin;
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:') && u.origin !== origin) {
        problems.push(`request to another origin: ${r.url()}`);
      }
    });
    if (!newcomer) {
      await page.addInitScript(() => {
        try { localStorage.setItem('wirelab.lessons.dismissed', '1'); } catch { /* storage off */ }
      });
    }
    await page.goto(url);
    await use(page);
    expect(problems, problems.join('\n')).toEqual([]);
  },
});

export { expect };

/** The toolbar holds less-used actions in menus (Run, File, View): opens the one with
 *  `testid` in it if it is closed, and returns the item. */
export async function menuItem(page: Page, testid: string) {
  const item = page.getByTestId(testid);
  if (!(await item.isVisible())) {
    await page.locator('.menu').filter({ has: item }).locator('.menu-button').click();
  }
  return item;
}

/** Opens a bundled scenario through the file input, as a user's "Open…" would, and waits
 *  until its run is ready. */
export async function openScenario(page: Page, file: string, node = 'Analytics') {
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const text = readFileSync(resolve(__dirname, '../../public/scenarios', file), 'utf8');
  await page.getByTestId('import-file').setInputFiles({ name: file, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId(`node-${node}`)).toBeVisible();
  await expect(page.getByTestId('run-play')).toBeEnabled();
}

/** Clicks a wire's line a quarter of the way along (its middle holds the flip glyph; the
 *  editor hit-tests the point); in compare mode, on A's canvas. */
/** Selects the wire `From-To` with a click on it, then flips it with its middle glyph. */
export async function flipWire(page: Page, names: string) {
  await clickWire(page, `wire-${names}`);
  await page.getByTestId(`wire-flip-${names}`).click();
}

export async function clickWire(page: Page, testId: string) {
  const at = await page.getByTestId(testId).first().locator('path.wire-line').evaluate((p: SVGPathElement) => {
    const pt = p.getPointAtLength(p.getTotalLength() * 0.25).matrixTransform(p.getScreenCTM()!);
    return { x: pt.x, y: pt.y };
  });
  await page.mouse.click(at.x, at.y);
}
