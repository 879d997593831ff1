// Offline (issue 28): after one visit the service worker has every file of the build, so
// with the network gone Wirelab opens, lesson 1 opens and its run plays.
import { test, expect, SHOTS } from '../fixtures';

test.use({ serviceWorkers: 'allow', newcomer: true });

test('after one visit, with the network off: the canvas appears, lesson 1 opens and its run plays', async ({ app, context }) => {
  await expect(app.getByTestId('lesson-browser')).toBeVisible();
  // The worker has installed and cached this build.
  await app.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    const key = (await caches.keys()).find((k) => k.startsWith('wirelab-'));
    return !!reg?.active && !!key && (await (await caches.open(key)).keys()).length > 10;
  }, null, { timeout: 30_000 });
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
