import { test as base, expect, Page } from '@playwright/test';

export const SHOTS = `${__dirname}/screenshots`;

// Every test's page: opened on the app, and failed afterwards if anything went to the
// console as an error, threw, or asked for a resource from another origin.
export const test = base.extend<{ app: Page }>({
  app: async ({ page }, use) => {
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
    await page.goto(url);
    await use(page);
    expect(problems, problems.join('\n')).toEqual([]);
  },
});

export { expect };
