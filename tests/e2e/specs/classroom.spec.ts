// A class of thirty (issue 28): a moment handed to the room. A link carries the design,
// the seed, what was done to the run live and the moment; in presenter mode Q (or the
// QR button) shows it as a QR code, which opens in a fresh browser at the same time with
// the same trace hash and the live kill in place.
import { resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem, openScenario } from '../fixtures';

const JSQR = resolve(__dirname, '../node_modules/jsqr/dist/jsQR.js');

async function runTo(page: Page, s: number) {
  await (await menuItem(page, 'run-to-input')).fill(String(s));
  await (await menuItem(page, 'run-to')).click();
  await expect(page.getByTestId('sim-time')).toHaveText(new RegExp(`^${s}\\.000`));
}

const traceOf = async (page: Page) => (await page.getByTestId('trace-hash').textContent())!.trim();

/** A checkout with Analytics killed live at 12 s, stopped at 15 s. */
async function aMomentWithALiveKill(app: Page) {
  await openScenario(app, 'checkout-sync.json');
  await runTo(app, 12);
  await app.getByTestId('node-Analytics').click();
  await app.getByTestId('act-kill').click();
  await runTo(app, 15);
  await expect(app.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
  return { time: (await app.getByTestId('sim-time').textContent())!, trace: await traceOf(app) };
}

/** Decodes the QR code in a PNG with a real decoder (jsQR), in a blank page of its own. */
async function decodeQr(browser: Browser, png: Buffer): Promise<string | null> {
  const page = await browser.newPage();
  await page.addScriptTag({ path: JSQR });
  const text = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height);
    return (window as any).jsQR(d.data, d.width, d.height)?.data ?? null;
  }, png.toString('base64'));
  await page.close();
  return text;
}

/** Opens `url` in a fresh browser context of `size`, as a student's phone or laptop would. */
async function freshOpen(browser: Browser, url: string, size: { width: number; height: number }) {
  const context = await browser.newContext({ viewport: size });
  await context.addInitScript(() => {
    try { localStorage.setItem('wirelab.lessons.dismissed', '1'); } catch { /* storage off */ }
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, context, errors };
}

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the QR code in presenter mode opens the same moment, with the live kill, in a fresh browser', async ({ app, browser }) => {
    const shared = await aMomentWithALiveKill(app);
    await app.getByTestId('presenter-toggle').click();
    await app.getByTestId('moment-qr-open').click();
    const qr = app.getByTestId('moment-qr');
    await expect(qr).toBeVisible();
    // A third of the screen's height at least, so the back of the room can scan it.
    expect((await qr.boundingBox())!.height).toBeGreaterThanOrEqual(720 / 3);
    await expect(app.getByTestId('moment-qr-dialog')).toContainText('at 15.0 s');
    await app.screenshot({ path: `${SHOTS}/classroom-qr-1280x720.png` });
    const url = await decodeQr(app.context().browser()!, await qr.screenshot());
    expect(url, 'the QR code decodes').not.toBeNull();
    console.log(`QR: a ${url!.length}-character link, the code ${(await qr.boundingBox())!.height.toFixed(0)} px tall`);
    expect(url!).toContain('#s=');
    expect(url!).toContain('&m=');
    // Escape closes it; Q opens it again.
    await app.keyboard.press('Escape');
    await expect(qr).toBeHidden();
    await app.keyboard.press('q');
    await expect(qr).toBeVisible();
    await app.keyboard.press('q');
    await expect(qr).toBeHidden();

    const { page, context, errors } = await freshOpen(browser, url!, { width: 1280, height: 720 });
    await expect(page.getByTestId('sim-time')).toHaveText(shared.time, { timeout: 20_000 });
    await expect(page.getByTestId('run-play')).toContainText('Play');
    expect(await traceOf(page)).toBe(shared.trace);
    await expect(page.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
    await expect(page.getByTestId('intervention-log')).toContainText('kill Analytics');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a plain share link carries the live kill: played to the same time, the same run', async ({ app, browser }) => {
    const shared = await aMomentWithALiveKill(app);
    await (await menuItem(app, 'doc-share')).click();
    const url = await app.getByTestId('share-url').inputValue();
    expect(url).toContain('&m=');
    const { page, context } = await freshOpen(browser, url, { width: 1280, height: 720 });
    await expect(page.getByTestId('node-Analytics')).toBeVisible();
    await expect(page.getByTestId('sim-time')).toHaveText(/^0\.000/);
    await runTo(page, 15);
    expect(await traceOf(page)).toBe(shared.trace);
    await expect(page.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
    await context.close();
  });

  test('a damaged moment opens the design and says the moment could not', async ({ app, browser }) => {
    await aMomentWithALiveKill(app);
    await (await menuItem(app, 'doc-share-moment')).click();
    const url = await app.getByTestId('share-url').inputValue();
    const { page, context } = await freshOpen(browser, url.slice(0, -8), { width: 1280, height: 720 });
    await expect(page.getByTestId('node-Analytics')).toBeVisible();
    await expect(page.getByText("The shared design opens, but not the run's moment in the link")).toBeVisible();
    await expect(page.getByTestId('sim-time')).toHaveText(/^0\.000/);
    await context.close();
  });
});

test('a moment link on a 390×844 phone shows the stage first, play and the timeline, the numbers, and the editor one tap away', async ({ app, browser }) => {
  await app.setViewportSize({ width: 1280, height: 720 });
  const shared = await aMomentWithALiveKill(app);
  await (await menuItem(app, 'doc-share-moment')).click();
  const url = await app.getByTestId('share-url').inputValue();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await context.addInitScript(() => {
    try { localStorage.setItem('wirelab.lessons.dismissed', '1'); } catch { /* storage off */ }
  });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sim-time')).toHaveText(shared.time, { timeout: 20_000 });
  expect(await traceOf(page)).toBe(shared.trace);
  // Within the first screen, no scrolling: the design, play, the timeline and the big numbers.
  const inView = async (id: string) => {
    const b = (await page.getByTestId(id).first().boundingBox())!;
    expect(b, id).not.toBeNull();
    expect(b.y + b.height, `${id} below the first screen`).toBeLessThanOrEqual(844);
    expect(b.x + b.width, `${id} past the right edge`).toBeLessThanOrEqual(390);
  };
  for (const id of ['node-Analytics', 'run-play', 'timeline', 'presenter-strip', 'presenter-toggle']) await inView(id);
  await expect(page.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
  // The stage takes most of the screen, the whole design fitted in it, names readable.
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  expect(canvas.height, 'the stage is most of the screen').toBeGreaterThanOrEqual(844 * 0.4);
  for (const n of await page.locator('[data-testid^="node-"]').all()) {
    const b = (await n.boundingBox())!;
    expect(b.x >= canvas.x - 1 && b.y >= canvas.y - 1 && b.x + b.width <= canvas.x + canvas.width + 1
      && b.y + b.height <= canvas.y + canvas.height + 1, `${await n.getAttribute('data-testid')} is on the stage`).toBe(true);
  }
  // The numbers do not run into each other.
  const cells = await page.getByTestId('presenter-strip').locator(':scope > *').evaluateAll((es) =>
    es.filter((e) => e.getBoundingClientRect().width > 0).map((e) => e.getBoundingClientRect().toJSON()));
  for (let i = 0; i < cells.length; i++) for (let j = i + 1; j < cells.length; j++) {
    const [a, c] = [cells[i], cells[j]];
    expect(a.x < c.x + c.width && c.x < a.x + a.width && a.y < c.y + c.height && c.y < a.y + a.height, 'two numbers overlap').toBe(false);
  }
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/classroom-moment-390x844.png` });
  // One tap to the editor.
  await page.getByTestId('presenter-toggle').tap();
  await expect(page.getByTestId('menu-file')).toBeVisible();
  await context.close();
});

test.describe('the audience window, at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('a kill in the console shows on the audience within 250 ms; its clock keeps to the console’s; either closes alone', async ({ app }) => {
    await openScenario(app, 'checkout-sync.json');
    await runTo(app, 5);
    await app.getByTestId('presenter-toggle').click();
    const [audience] = await Promise.all([app.waitForEvent('popup'), app.getByTestId('audience-open').click()]);
    await audience.setViewportSize({ width: 1280, height: 720 });
    // The audience shows the stage only; the console is the whole page again.
    await expect(audience.getByTestId('node-Analytics')).toBeVisible();
    await expect(audience.getByTestId('presenter-strip')).toBeVisible();
    await expect(audience.getByTestId('run-play')).toBeHidden();
    await expect(audience.getByTestId('sim-time')).toHaveAttribute('data-us', await app.getByTestId('sim-time').getAttribute('data-us') as string);
    await expect(app.getByTestId('menu-file')).toBeVisible();
    // A kill in the console, timed from the click to the audience's DOWN.
    await audience.evaluate(() => {
      const at = document.querySelector('[data-testid="run-state-Analytics"]')!;
      new MutationObserver(() => {
        if (at.getAttribute('data-health') === 'down' && !(window as any).downAt) (window as any).downAt = Date.now();
      }).observe(at, { attributes: true });
    });
    await app.getByTestId('node-Analytics').click();
    const clickedAt = await app.evaluate(() => Date.now());
    await app.getByTestId('act-kill').click();
    await expect(audience.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
    const latency = (await audience.evaluate(() => (window as any).downAt)) - clickedAt;
    console.log(`audience: the kill showed ${latency} ms after the click`);
    expect(latency).toBeLessThanOrEqual(250);
    // Playing: the audience's clock is the console's, a frame behind at most (sampled
    // together; each window paints its own frames, so up to two frames apart).
    await app.getByTestId('run-play').click();
    await app.waitForTimeout(800);
    const gaps: number[] = [];
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [a, b] = await Promise.all([
        app.getByTestId('sim-time').getAttribute('data-us'),
        audience.getByTestId('sim-time').getAttribute('data-us'),
      ]);
      gaps.push(Math.abs(Number(a) - Number(b)) / 1000);
      seen.push(Number(a));
      await app.waitForTimeout(97);
    }
    expect(seen[9] - seen[0], 'the console played on while sampled').toBeGreaterThan(500_000);
    gaps.sort((x, y) => x - y);
    console.log(`audience: clock gap (ms of run time), median ${gaps[5]}, max ${gaps[9]}`);
    expect(gaps[5]).toBeLessThanOrEqual(16.7 * 2);
    await app.getByTestId('run-play').click();
    await expect.poll(async () => audience.getByTestId('sim-time').getAttribute('data-us'))
      .toBe(await app.getByTestId('sim-time').getAttribute('data-us'));
    expect(await traceOf(audience)).toBe(await traceOf(app));
    await audience.screenshot({ path: `${SHOTS}/classroom-audience-1280x720.png` });
    await app.screenshot({ path: `${SHOTS}/classroom-console-1280x720.png` });
    // The audience closed: the console works on.
    await audience.close();
    await app.getByTestId('run-play').click();
    await expect.poll(async () => Number(await app.getByTestId('sim-time').getAttribute('data-us'))).toBeGreaterThan(0);
    await app.getByTestId('run-play').click();
  });

  test('the console closed: the audience goes on by itself', async ({ app }) => {
    await openScenario(app, 'checkout-sync.json');
    await app.getByTestId('presenter-toggle').click();
    const [audience] = await Promise.all([app.waitForEvent('popup'), app.getByTestId('audience-open').click()]);
    await expect(audience.getByTestId('node-Analytics')).toBeVisible();
    await app.close();
    await expect(audience.getByTestId('run-play')).toBeVisible();
    await audience.getByTestId('run-play').click();
    await expect.poll(async () => Number(await audience.getByTestId('sim-time').getAttribute('data-us'))).toBeGreaterThan(0);
    await audience.close();
  });

  test('a blocked pop-up says how to allow it', async ({ app }) => {
    await openScenario(app, 'checkout-sync.json');
    await app.evaluate(() => { window.open = () => null; });
    await app.getByTestId('presenter-toggle').click();
    await app.getByTestId('audience-open').click();
    await expect(app.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
    await app.getByTestId('presenter-toggle').click();
    await expect(app.getByText('The browser blocked the audience window')).toBeVisible();
  });
});
