// Offline (issue 28): after one visit the service worker has every file of the build, so
// with the network gone Wirelab opens, lesson 1 opens and its run plays.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, SHOTS } from '../fixtures';

test.use({ serviceWorkers: 'allow', newcomer: true });

test('after one visit, with the network off: the canvas appears, lesson 1 opens and its run plays', async ({ app, context }) => {
  await expect(app.getByTestId('lesson-browser')).toBeVisible();
  // The worker has installed and cached this build.
  await expect.poll(() => app.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    const key = (await caches.keys()).find((k) => k.startsWith('wirelab-'));
    return !!reg?.active && !!key && (await (await caches.open(key)).keys()).length > 10;
  }), { timeout: 30_000 }).toBe(true);
  const cached = await app.evaluate(async () => {
    const keys = await caches.keys();
    const c = await caches.open(keys.find((k) => k.startsWith('wirelab-'))!);
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached.some((p) => /split_.*\.wasm$|chunk_.*\.wasm$/.test(p)), `the split parts in ${cached.join(' ')}`).toBe(true);
  expect(cached.some((p) => p.endsWith('lessons/01-checkout-all-sync.json')), 'the lessons').toBe(true);
  expect(cached.some((p) => p.endsWith('scenarios/checkout-sync.json')), 'the bundled scenarios').toBe(true);

  await context.setOffline(true);
  await app.reload();
  await expect(app.getByTestId('canvas')).toBeVisible();
  await app.getByTestId('lesson-open-checkout-all-sync').click();
  await expect(app.getByTestId('node-Recommendation')).toBeVisible();
  await app.getByTestId('run-play').click();
  await expect.poll(async () => parseFloat((await app.getByTestId('sim-time').textContent())!), { timeout: 10_000 })
    .toBeGreaterThan(1);
  await app.screenshot({ path: `${SHOTS}/offline-lesson1-1440x900.png` });
  await context.setOffline(false);
});

test('a new version is offered, never forced: it takes over when the user says reload', async ({ app }) => {
  await expect.poll(() => app.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.active), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => app.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const first = await app.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('wirelab-')));
  // The next build: the same worker with another version, as the server now has it (a
  // worker's own script is fetched past page.route, so the file itself changes for a
  // moment; the specs run one at a time).
  const sw = resolve(__dirname, '../../..', process.env.WIRELAB_DIST || 'dist', 'sw.js');
  const built = readFileSync(sw, 'utf8');
  try {
    writeFileSync(sw, built.replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "0000000000000001"'));
    await app.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });
  } finally {
    writeFileSync(sw, built);
  }
  const offer = app.getByTestId('update-ready');
  await expect(offer).toBeVisible({ timeout: 20_000 });
  await expect(offer).toContainText('A new version of Wirelab is ready');
  // Not forced: the page is still the old version's until the user chooses.
  expect(await app.evaluate(async () => (await caches.keys()).includes('wirelab-0000000000000001'))).toBe(true);
  await app.screenshot({ path: `${SHOTS}/offline-update-offered-1440x900.png` });
  await Promise.all([app.waitForEvent('load'), app.getByTestId('update-reload').click()]);
  await expect(app.getByTestId('canvas')).toBeVisible();
  await expect.poll(() => app.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('wirelab-'))))
    .toEqual(['wirelab-0000000000000001']);
  expect(first).not.toContain('wirelab-0000000000000001');
});
