// Following one customer in the browser: the journey as a sequence diagram, from the
// Run menu or a stopwatch, with its Mermaid text and the customer's wait bracketed.
import { readFileSync } from 'node:fs';
import { test, expect, SHOTS, menuItem, openScenario } from '../fixtures';

async function runTo(page: any, s: number) {
  await (await menuItem(page, 'run-to-input')).fill(String(s));
  await (await menuItem(page, 'run-to')).click();
  await expect(page.getByTestId('sim-time')).toHaveText(new RegExp(`^${s}\\.000`));
}

test('the slowest customer of the event checkout: publish before the answer, deliveries after it', async ({ app }) => {
  await openScenario(app, 'checkout-events.json');
  await runTo(app, 8);
  await (await menuItem(app, 'follow-slowest')).click();
  const dialog = app.getByTestId('journey-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/^Customer #\d+ from Users/);
  // One lifeline per element the journey touched, as in the Mermaid text.
  const mermaid = (await app.getByTestId('journey-mermaid').textContent())!;
  expect(mermaid.startsWith('sequenceDiagram')).toBe(true);
  const participants = mermaid.split('\n').filter((l) => l.trim().startsWith('participant ')).length;
  expect(participants).toBe(8);
  await expect(app.getByTestId('seq-lifeline')).toHaveCount(participants);
  const lines = mermaid.split('\n');
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  expect(at(/: publish/)).toBeLessThan(at(/Note over p0: answered/));
  expect(at(/Note over p0: answered/)).toBeLessThan(at(/: delivery/));
  await expect(app.getByTestId('seq-wait')).toContainText(/answered after [\d.]+ ms/);
  // Their path is marked on the canvas: the 8 elements and the wires between them.
  const css = (await app.getByTestId('lesson-highlight').textContent())!;
  expect((css.match(/#wl-node-\d+ /g) ?? []).length).toBe(8);
  expect((css.match(/#wl-wire-\d+ /g) ?? []).length).toBe(7);
  await expect(app.getByTestId('seq-tail')).toContainText('time to consistency');
  // The Mermaid file is the same text.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('journey-mmd').click()]);
  expect(readFileSync((await download.path())!, 'utf8')).toBe(mermaid);
  // Copy Mermaid says that it copied, and the clipboard holds the same text.
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.getByTestId('journey-copy').click();
  await expect(app.getByTestId('journey-copied')).toHaveText('Copied');
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(mermaid);
  await app.screenshot({ path: `${SHOTS}/follow-slowest.png` });
  await app.getByTestId('journey-close').click();
  await expect(dialog).toHaveCount(0);
});

test('a stopwatch is a waiting customer: clicking it follows them', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await runTo(app, 3);
  await app.getByTestId('stopwatch-0').first().dispatchEvent('pointerdown');
  await expect(app.getByTestId('journey-dialog')).toBeVisible();
  await expect(app.getByTestId('journey-dialog')).toContainText(/^Customer #\d+ from Users/);
  // Still waiting at 3 s: the wait so far is bracketed, up to now.
  await expect(app.getByTestId('seq-wait')).toContainText(/^still waiting after [\d.]+ ms$/);
  await expect(app.getByTestId('seq-diagram')).toBeVisible();
});

test('no failed customer yet says so', async ({ app }) => {
  await openScenario(app, 'checkout-events.json');
  await runTo(app, 2);
  await (await menuItem(app, 'follow-failed')).click();
  await expect(app.getByTestId('journey-error')).toHaveText('no customer has failed yet');
});

test('"Send one and follow": one person, drawn above the crowd, each hop over many frames, then the speed comes back', async ({ app }) => {
  await openScenario(app, 'checkout-events.json');
  await runTo(app, 2);
  await (await menuItem(app, 'follow-send')).click();
  await expect(app.getByTestId('run-notice')).toContainText(/Following customer #\d+/);
  await expect(app.getByTestId('run-speed-value')).toHaveText('1/20×');
  await expect(app.getByTestId('journey-dialog')).toHaveClass(/docked/);
  // The clock (µs), sampled every frame. At 1/20× a frame is 833 µs of simulated time;
  // while a message of theirs is on a wire, a frame is a thirtieth of its flight, so a
  // 1 ms hop takes many frames to cross.
  const times: number[] = await app.evaluate(() => new Promise((done) => {
    const out: number[] = [];
    const tick = () => {
      out.push(Number(document.querySelector('[data-testid="sim-time"]')!.getAttribute('data-us')));
      if (out.length < 60) requestAnimationFrame(tick); else done(out);
    };
    requestAnimationFrame(tick);
  }));
  const steps = times.slice(1).map((t, i) => t - times[i]).filter((d) => d > 0);
  const small = steps.filter((d) => d < 100).length;
  console.log(`60 frames following: ${steps.length} moved, ${small} by less than 0.1 ms, ${((times[59] - times[0]) / 1000).toFixed(2)} ms simulated`);
  expect(small).toBeGreaterThan(20);
  await app.screenshot({ path: `${SHOTS}/follow-send.png` });
  // Their work done, the clock returns to the speed it had, and the diagram is whole.
  await expect(app.getByTestId('run-notice')).toContainText('work is done', { timeout: 60_000 });
  await expect(app.getByTestId('run-speed-value')).toHaveText('1×');
  await expect(app.getByTestId('seq-tail')).toContainText('time to consistency');
});

test('clicking a dot follows the customer it belongs to', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  // 400 ms on the wire from Users to Order: a few requests are always on it.
  const line = app.getByTestId('wire-Users-Order').locator('.wire-line');
  const quarter = await line.evaluate((path: SVGPathElement) => {
    const p = path.getPointAtLength(path.getTotalLength() * 0.25);
    const m = path.getScreenCTM()!;
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
  await app.mouse.click(quarter.x, quarter.y);
  const latency = app.getByTestId('inspector-field-network.base_ms');
  await latency.fill('400');
  await latency.press('Enter');
  await runTo(app, 3);
  await app.keyboard.press('Escape');
  const box = (await line.boundingBox())!;
  // A request's dot, found by its colour (opaque: the wire's glow under it is not).
  const at = await app.getByTestId('run-dots').evaluate((c: HTMLCanvasElement, box: any) => {
    const { data, width } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const dpr = window.devicePixelRatio;
    const r = c.getBoundingClientRect();
    for (let y = Math.floor((box.y - r.top) * dpr); y < (box.y + box.height - r.top) * dpr; y++) {
      for (let x = Math.floor((box.x - r.left) * dpr); x < (box.x + box.width - r.left) * dpr; x++) {
        const i = (y * width + x) * 4;
        if (Math.abs(data[i] - 47) < 4 && Math.abs(data[i + 1] - 111) < 4 && Math.abs(data[i + 2] - 237) < 4 && data[i + 3] > 250) {
          return { x: r.left + x / dpr + 2, y: r.top + y / dpr + 3 };
        }
      }
    }
    return null;
  }, box);
  expect(at, 'a request is on the wire at 3 s').not.toBeNull();
  await app.mouse.click(at!.x, at!.y);
  await expect(app.getByTestId('journey-dialog')).toBeVisible();
  await expect(app.getByTestId('journey-dialog')).toContainText(/^Customer #\d+ from Users/);
  // Still on the wire: no answer yet, and the request's arrival is below "now".
  await expect(app.getByTestId('seq-wait')).toContainText('still waiting after');
  await expect(app.getByTestId('seq-now')).toContainText('now, 3.000 s: below, not happened yet');
  await app.screenshot({ path: `${SHOTS}/follow-dot.png` });
});

test('a long quiet stretch is cut short and says how long it was', async ({ app }) => {
  // The outbox under a broker outage: the slowest customer's event waits seconds for
  // the broker, while the rest of their journey takes milliseconds.
  await openScenario(app, 'broker-outbox.json', 'Order');
  await runTo(app, 40);
  await (await menuItem(app, 'follow-slowest')).click();
  const cut = app.getByTestId('seq-cut');
  await expect(cut.first()).toContainText(/^… [\d.]+ (s|ms) later \(cut short\) …$/);
  // The diagram stays about one screen tall, however long the stretch.
  const h = Number(await app.getByTestId('seq-diagram').getAttribute('height'));
  expect(h).toBeLessThan(800);
  await app.screenshot({ path: `${SHOTS}/follow-cut.png` });
  // Evenly spaced, nothing is cut.
  await app.getByTestId('journey-even').check();
  await expect(cut).toHaveCount(0);
});
