// Wirelab inside another page (issue 28): a host on another origin (another port) embeds
// the share dialog's iframe, drives it with postMessage and reads its state.
import { createServer, Server } from 'node:http';
import { test, expect, SHOTS, menuItem, openScenario } from '../fixtures';

let host: Server;
let hostUrl = '';
let embedCode = '';

test.beforeAll(async () => {
  host = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!DOCTYPE html><html><head><title>Course page</title></head><body>
      <h1>Week 3: sync calls and events</h1>
      ${embedCode}
      <script>
        window.states = [];
        window.addEventListener('message', (e) => { if (e.data && e.data.wirelab === 'state') window.states.push(e.data); });
        window.send = (m) => document.querySelector('iframe').contentWindow.postMessage(m, '*');
      </script></body></html>`);
  });
  await new Promise<void>((ok) => host.listen(0, '127.0.0.1', () => ok()));
  hostUrl = `http://127.0.0.1:${(host.address() as any).port}/`;
});
test.afterAll(async () => { await new Promise((ok) => host.close(ok)); });

test('the share dialog’s embed code plays inside a page of another origin, which drives it by postMessage', async ({ app, browser }) => {
  await openScenario(app, 'checkout-sync.json');
  await (await menuItem(app, 'doc-share')).click();
  await app.getByTestId('share-embed').evaluate((t) => (t.closest('details') as HTMLDetailsElement).open = true);
  embedCode = await app.getByTestId('share-embed').inputValue();
  expect(embedCode).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed&amp;autoplay#s=1\./);
  await app.getByTestId('share-close').click();
  // The host page, on another port: another origin.
  const page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
  await page.goto(hostUrl);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('node-Analytics')).toBeVisible();
  await expect(frame.getByTestId('embed-open')).toBeVisible();
  await expect(frame.getByTestId('palette')).toBeHidden();
  // It plays by itself (autoplay), and says so.
  await expect.poll(() => page.evaluate(() => (window as any).states.length), { timeout: 10_000 }).toBeGreaterThan(2);
  await page.evaluate(() => (window as any).send({ wirelab: 'pause' }));
  await expect.poll(() => page.evaluate(() => (window as any).states.at(-1).playing)).toBe(false);
  await page.evaluate(() => (window as any).send({ wirelab: 'seek', t: 5 }));
  await expect.poll(() => page.evaluate(() => (window as any).states.at(-1).t)).toBe(5);
  await page.evaluate(() => { (window as any).states = []; (window as any).send({ wirelab: 'play' }); });
  await expect.poll(() => page.evaluate(() => (window as any).states.length), { timeout: 5_000 }).toBeGreaterThan(3);
  const ts: number[] = await page.evaluate(() => (window as any).states.map((s: any) => s.t));
  expect(ts.at(-1)!, 'the time advances while playing').toBeGreaterThan(ts[0]);
  // A kill from the parent: failures rise.
  const before = await page.evaluate(() => (window as any).states.at(-1).failed);
  await page.evaluate(() => (window as any).send({ wirelab: 'kill', target: 'Analytics' }));
  await expect(frame.getByTestId('run-state-Analytics')).toHaveAttribute('data-health', 'down');
  await expect.poll(() => page.evaluate(() => (window as any).states.at(-1).failed), { timeout: 10_000 })
    .toBeGreaterThan(before);
  await page.evaluate(() => (window as any).send({ wirelab: 'revive', target: 'Analytics' }));
  await expect(frame.getByTestId('run-state-Analytics')).not.toHaveAttribute('data-health', 'down');
  // Nonsense is ignored.
  await page.evaluate(() => { const s = (window as any).send; s({ wirelab: 'seek', t: -4 }); s({ wirelab: 'kill', target: 'Nobody' }); s('hello'); s(null); });
  await page.screenshot({ path: `${SHOTS}/embed-host-1024x640.png` });
  await page.close();
});
