// The canvas editor, driven with the real mouse and keyboard.
//
// Test ids (kept stable for these tests and the persistence/inspector tests):
//   palette-item-<preset>       palette entries, lowercase label: user, service, topic, order,
//                               payment, inventory, email, analytics, crm, auth, …
//   node-<Name>                 a node, by display name; data-kind = users | service | topic
//   handle-call-<Name>          a node's call handle (right); handle-event-<Name> its event
//                               handle (bottom of a service, right of a topic)
//   wire-<From>-<To>            a wire, by display names; data-kind = call | request-reply |
//                               publish | subscribe
//   wire-flip-<From>-<To>       the glyph in the wire's middle that flips call ⇄ event
//   undo, redo                  toolbar buttons (title/aria-label "Undo move 3 services")
//   zoom-in, zoom-out, zoom-fit, zoom-reset (shows the zoom level), shortcuts
//   refusal                     why an edit was refused, next to the pointer
//   refusal-preview             why the wire being drawn would be refused (live)
//   live-region                 the aria-live region fed by the editor's announcements
//   shortcuts-dialog            the `?` sheet (a modal <dialog>), shortcuts-close
import { Page } from '@playwright/test';
import { test, expect, SHOTS } from '../fixtures';

type Pt = { x: number; y: number };

async function centre(page: Page, testId: string): Promise<Pt> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/// A point in the canvas, from its top-left corner.
async function inCanvas(page: Page, x: number, y: number): Promise<Pt> {
  const box = (await page.getByTestId('canvas').boundingBox())!;
  return { x: box.x + x, y: box.y + y };
}

async function drag(page: Page, from: Pt, to: Pt, mods: string[] = []) {
  for (const m of mods) await page.keyboard.down(m);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  for (const m of mods) await page.keyboard.up(m);
}

/// Drags a palette item onto the canvas, centred at (x, y) in canvas pixels.
async function place(page: Page, preset: string, x: number, y: number) {
  await drag(page, await centre(page, `palette-item-${preset}`), await inCanvas(page, x, y));
}

/// Drags from a node's call or event handle onto another node.
async function wire(page: Page, from: string, style: 'call' | 'event', to: string) {
  await drag(page, await centre(page, `handle-${style}-${from}`), await centre(page, `node-${to}`));
}

async function buildCheckout(page: Page) {
  // Compact enough for the canvas left between the toolbar and the metrics dock.
  await place(page, 'user', 90, 100);
  await place(page, 'order', 320, 100);
  await place(page, 'inventory', 590, 45);
  await place(page, 'payment', 590, 150);
  await place(page, 'email', 820, 230);
  await place(page, 'analytics', 820, 310);
  await place(page, 'crm', 820, 390);
  await wire(page, 'User', 'call', 'Order');
  await wire(page, 'Order', 'call', 'Inventory');
  await wire(page, 'Order', 'call', 'Payment');
  // Service to service as an event: the topic OrderCreated appears between them.
  await wire(page, 'Order', 'event', 'Email');
  await expect(page.getByTestId('node-OrderCreated')).toHaveAttribute('data-kind', 'topic');
  // From the topic's handle, and again from Order (which reuses the topic).
  await wire(page, 'OrderCreated', 'event', 'Analytics');
  await wire(page, 'Order', 'event', 'CRM');
}

test('builds the hybrid checkout from an empty canvas with the mouse', async ({ app }) => {
  await expect(app.locator('[data-testid^="node-"]')).toHaveCount(0);
  await buildCheckout(app);
  const kinds: Record<string, string> = {
    User: 'users', Order: 'service', Inventory: 'service', Payment: 'service', Email: 'service',
    Analytics: 'service', CRM: 'service', OrderCreated: 'topic',
  };
  for (const [name, kind] of Object.entries(kinds)) {
    await expect(app.getByTestId(`node-${name}`)).toHaveAttribute('data-kind', kind);
  }
  await expect(app.locator('g[data-testid^="node-"]')).toHaveCount(8);
  const wires: [string, string][] = [
    ['User-Order', 'call'], ['Order-Inventory', 'call'], ['Order-Payment', 'call'],
    ['Order-OrderCreated', 'publish'], ['OrderCreated-Email', 'subscribe'],
    ['OrderCreated-Analytics', 'subscribe'], ['OrderCreated-CRM', 'subscribe'],
  ];
  for (const [id, kind] of wires) {
    await expect(app.getByTestId(`wire-${id}`)).toHaveAttribute('data-kind', kind);
  }
  await expect(app.locator('g[data-testid^="wire-"]:not([data-testid^="wire-flip"])')).toHaveCount(7);
  // Calls are solid with an arrow and a clock; events are dashed.
  await expect(app.getByTestId('wire-Order-Payment').locator('.wire-waits')).toHaveCount(1);
  await expect(app.getByTestId('wire-OrderCreated-CRM').locator('.wire-waits')).toHaveCount(0);
  const dash = await app.getByTestId('wire-OrderCreated-CRM').locator('.wire-line')
    .evaluate((p) => getComputedStyle(p).strokeDasharray);
  expect(dash).not.toBe('none');
  await expect(app.getByTestId('live-region')).toContainText('CRM');
  await app.getByTestId('zoom-fit').click();
  await app.mouse.move(5, 5);
  await app.screenshot({ path: `${SHOTS}/editor-checkout.png` });
  await app.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot({ path: `${SHOTS}/editor-checkout-dark.png` });
});

test('moves are one undo step each; undo and redo by button and keyboard', async ({ app }) => {
  await expect(app.getByTestId('undo')).toBeDisabled();
  await expect(app.getByTestId('redo')).toBeDisabled();
  await place(app, 'order', 200, 120);
  await place(app, 'payment', 200, 260);
  // Box select both (shift+drag on empty canvas), then move them together.
  await drag(app, await inCanvas(app, 60, 40), await inCanvas(app, 420, 340), ['Shift']);
  await expect(app.getByTestId('node-Order')).toHaveClass(/selected/);
  await expect(app.getByTestId('node-Payment')).toHaveClass(/selected/);
  const before = await centre(app, 'node-Order');
  await drag(app, await centre(app, 'node-Payment'), await inCanvas(app, 400, 300));
  const after = await centre(app, 'node-Order');
  expect(after.x - before.x).toBeGreaterThan(150);
  await expect(app.getByTestId('undo')).toHaveAttribute('title', 'Undo move 2 services');
  await expect(app.getByTestId('undo')).toHaveAttribute('aria-label', 'Undo move 2 services');

  await app.getByTestId('undo').click();
  expect(await centre(app, 'node-Order')).toEqual(before);
  await expect(app.getByTestId('redo')).toBeEnabled();
  await expect(app.getByTestId('redo')).toHaveAttribute('title', 'Redo move 2 services');
  await expect(app.getByTestId('live-region')).toHaveText('Undo move 2 services');
  await app.getByTestId('redo').click();
  expect(await centre(app, 'node-Order')).toEqual(after);

  // The keyboard: Ctrl+Z twice more removes Payment's placement, Ctrl+Shift+Z and Ctrl+Y redo.
  await app.getByTestId('canvas').locator('svg').first().focus();
  await app.keyboard.press('Control+z');
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('node-Payment')).toHaveCount(0);
  await app.keyboard.press('Control+Shift+z');
  await expect(app.getByTestId('node-Payment')).toHaveCount(1);
  await app.keyboard.press('Control+y');
  expect(await centre(app, 'node-Order')).toEqual(after);
  await expect(app.getByTestId('redo')).toBeDisabled();

  // Delete removes the selection; undo brings it back.
  await app.getByTestId('node-Order').click();
  await app.keyboard.press('Delete');
  await expect(app.getByTestId('node-Order')).toHaveCount(0);
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('node-Order')).toHaveCount(1);
});

test('a refused wire says why, at the pointer', async ({ app }) => {
  await place(app, 'order', 200, 150);
  await place(app, 'payment', 500, 150);
  await wire(app, 'Order', 'call', 'Payment');
  // Back again would deadlock: both wait on each other.
  const from = await centre(app, 'handle-call-Payment');
  const to = await centre(app, 'node-Order');
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(to.x, to.y, { steps: 8 });
  await expect(app.getByTestId('refusal-preview')).toContainText('deadlock');
  await app.screenshot({ path: `${SHOTS}/editor-refusal-preview.png` });
  await app.mouse.up();
  const refusal = app.getByTestId('refusal');
  await expect(refusal).toContainText('would close the cycle Payment → Order → Payment');
  const box = (await refusal.boundingBox())!;
  expect(Math.abs(box.x - to.x)).toBeLessThan(40);
  expect(Math.abs(box.y - to.y)).toBeLessThan(40);
  await expect(app.getByTestId('wire-Payment-Order')).toHaveCount(0);
  await expect(app.getByTestId('live-region')).toContainText('Refused');
  await app.screenshot({ path: `${SHOTS}/editor-refusal.png` });
  // Users cannot publish: the user offers no event handle at all, and C/E explain it.
  await place(app, 'user', 150, 350);
  await expect(app.getByTestId('handle-event-User')).toHaveCount(0);
});

test('keyboard only: place, wire, flip, nudge, shortcuts', async ({ app }) => {
  // Tab to the palette; its items are buttons, and Enter places at the centre of the view.
  const order = app.getByTestId('palette-item-order');
  for (let i = 0; i < 30 && !(await order.evaluate((e) => e === document.activeElement)); i++) {
    await app.keyboard.press('Tab');
  }
  await expect(order).toBeFocused();
  await app.keyboard.press('Enter');
  // A new node takes the keyboard focus, ready to be wired.
  await expect(app.getByTestId('node-Order')).toBeFocused();
  await app.getByTestId('palette-item-payment').focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('node-Payment')).toBeFocused();
  await expect(app.getByTestId('live-region')).toContainText('Add Payment');
  await app.keyboard.press('Shift+Tab');
  await expect(app.getByTestId('node-Order')).toBeFocused();
  await expect(app.getByTestId('live-region')).toContainText('Order, service');
  // C starts a call, Tab picks the nearest other node, Enter connects.
  await app.keyboard.press('c');
  await app.keyboard.press('Tab');
  await expect(app.getByTestId('live-region')).toContainText('Payment: press Enter to connect');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('wire-Order-Payment')).toHaveAttribute('data-kind', 'call');
  // Tab on to the wire and toggle it with T: the call becomes an event through a topic.
  await app.keyboard.press('Tab');
  await app.keyboard.press('Tab');
  await expect(app.getByTestId('wire-Order-Payment')).toBeFocused();
  await app.keyboard.press('t');
  await expect(app.getByTestId('wire-Order-Payment')).toHaveCount(0);
  await expect(app.locator('g[data-kind="publish"][data-testid^="wire-Order-"]')).toHaveCount(1);
  await expect(app.locator('g[data-kind="subscribe"][data-testid$="-Payment"]')).toHaveCount(1);
  // The flipped wire is gone, but the keyboard stays in the canvas: Tab starts over.
  await app.keyboard.press('Tab');
  await expect(app.getByTestId('node-Order')).toBeFocused();
  // Arrows nudge the selection.
  const before = (await app.getByTestId('node-Order').boundingBox())!;
  await app.keyboard.press('ArrowRight');
  await expect.poll(async () => (await app.getByTestId('node-Order').boundingBox())!.x)
    .toBeGreaterThan(before.x);
  await expect(app.getByTestId('node-Order')).toBeFocused();
  // ? opens the sheet, Escape closes it.
  await app.keyboard.press('?');
  const sheet = app.getByTestId('shortcuts-dialog');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Start a call / event wire');
  await app.screenshot({ path: `${SHOTS}/editor-shortcuts.png` });
  await app.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});

test('a click on a wire selects it without changing it; its glyph then flips it, and undo flips it back', async ({ app }) => {
  await place(app, 'order', 200, 150);
  await place(app, 'email', 560, 150);
  await wire(app, 'Order', 'call', 'Email');
  await expect(app.getByTestId('wire-Order-Email')).toHaveAttribute('data-kind', 'call');
  await expect(app.getByTestId('wire-flip-Order-Email')).toHaveAttribute('data-flip-to', 'event');
  // Nothing selected: a click right on the wire's middle only selects it.
  await app.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await expect(app.getByTestId('wire-flip-Order-Email')).toBeHidden();
  const mid = await app.getByTestId('wire-Order-Email').locator('path.wire-line').evaluate((p: SVGPathElement) => {
    const pt = p.getPointAtLength(p.getTotalLength() / 2).matrixTransform(p.getScreenCTM()!);
    return { x: pt.x, y: pt.y };
  });
  await app.mouse.click(mid.x, mid.y);
  await expect(app.getByTestId('wire-Order-Email')).toHaveClass(/selected/);
  await expect(app.getByTestId('wire-Order-Email')).toHaveAttribute('data-kind', 'call');
  await expect(app.getByTestId('undo')).not.toHaveAttribute('title', /turn Order/);
  await expect(app.getByTestId('wire-flip-Order-Email')).toBeVisible();
  await app.screenshot({ path: `${SHOTS}/editor-wire-selected.png` });
  await app.getByTestId('wire-flip-Order-Email').click();
  await expect(app.getByTestId('wire-Order-OrderCreated')).toHaveAttribute('data-kind', 'publish');
  await expect(app.getByTestId('wire-OrderCreated-Email')).toHaveAttribute('data-kind', 'subscribe');
  await expect(app.getByTestId('wire-Order-Email')).toHaveCount(0);
  await app.mouse.move(5, 5);
  await app.screenshot({ path: `${SHOTS}/editor-flipped.png` });
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /^Undo /);
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('wire-Order-Email')).toHaveAttribute('data-kind', 'call');
  await expect(app.getByTestId('node-OrderCreated')).toHaveCount(0);
});

test('pan and zoom: buttons, ctrl+wheel around the pointer, drag on empty canvas, fit', async ({ app }) => {
  await place(app, 'order', 300, 200);
  const reset = app.getByTestId('zoom-reset');
  await expect(reset).toHaveText('100%');
  await app.getByTestId('zoom-in').click();
  await expect(reset).toHaveText('125%');
  await app.getByTestId('zoom-out').click();
  await expect(reset).toHaveText('100%');
  // Ctrl+wheel zooms around the pointer: the point under it stays put.
  const c = await centre(app, 'node-Order');
  await app.evaluate(() => {
    const w = window as any;
    w.__wheels = [];
    window.addEventListener('wheel', (e) => w.__wheels.push(e.defaultPrevented));
  });
  await app.mouse.move(c.x, c.y);
  await app.keyboard.down('Control');
  await app.mouse.wheel(0, -200);
  await app.keyboard.up('Control');
  await expect(reset).not.toHaveText('100%');
  // The page itself must not zoom: the canvas takes the wheel (its listener is not passive).
  expect(await app.evaluate(() => (window as any).__wheels)).toEqual([true]);
  const c2 = await centre(app, 'node-Order');
  expect(Math.abs(c2.x - c.x)).toBeLessThan(3);
  expect(Math.abs(c2.y - c.y)).toBeLessThan(3);
  // Dragging empty canvas (its bottom-left corner) pans.
  const h = (await app.getByTestId('canvas').boundingBox())!.height;
  await drag(app, await inCanvas(app, 100, h - 60), await inCanvas(app, 200, h - 110));
  const c3 = await centre(app, 'node-Order');
  expect(c3.x - c2.x).toBeCloseTo(100, -1);
  expect(c3.y - c2.y).toBeCloseTo(-50, -1);
  // Space+drag pans even over a node, without moving it.
  await app.getByTestId('canvas').locator('svg').first().focus();
  await app.keyboard.down(' ');
  await drag(app, c3, { x: c3.x - 100, y: c3.y });
  await app.keyboard.up(' ');
  const c4 = await centre(app, 'node-Order');
  expect(c4.x - c3.x).toBeCloseTo(-100, -1);
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /^Undo add/);
  await app.getByTestId('zoom-fit').click();
  await expect(reset).toHaveText('100%');
  const canvas = (await app.getByTestId('canvas').boundingBox())!;
  const fitted = await centre(app, 'node-Order');
  expect(Math.abs(fitted.x - (canvas.x + canvas.width / 2))).toBeLessThan(4);
  await app.getByTestId('zoom-reset').click();
  await expect(reset).toHaveText('100%');
});

test('two fingers pinch-zoom around their midpoint and pan, without dragging what they touch', async ({ app }) => {
  await place(app, 'order', 300, 200);
  await app.getByTestId('zoom-fit').click();
  const reset = app.getByTestId('zoom-reset');
  await expect(reset).toHaveText('100%');
  const cdp = await app.context().newCDPSession(app);
  const touch = (type: string, points: Pt[]) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })),
  });
  // Two fingers land either side of Order, on the node itself, then spread to twice apart.
  const c = await centre(app, 'node-Order');
  await touch('touchStart', [{ x: c.x - 40, y: c.y }]);
  await touch('touchStart', [{ x: c.x - 40, y: c.y }, { x: c.x + 40, y: c.y }]);
  for (let i = 1; i <= 8; i++) {
    await touch('touchMove', [{ x: c.x - 40 - 5 * i, y: c.y }, { x: c.x + 40 + 5 * i, y: c.y }]);
  }
  await touch('touchEnd', []);
  await expect(reset).toHaveText('200%');
  // The point between the fingers stayed under them: Order's centre did not move.
  const c2 = await centre(app, 'node-Order');
  expect(Math.abs(c2.x - c.x)).toBeLessThan(3);
  expect(Math.abs(c2.y - c.y)).toBeLessThan(3);
  // Two fingers moving together pan the view.
  await touch('touchStart', [{ x: c.x - 40, y: c.y }]);
  await touch('touchStart', [{ x: c.x - 40, y: c.y }, { x: c.x + 40, y: c.y }]);
  for (let i = 1; i <= 5; i++) {
    await touch('touchMove', [{ x: c.x - 40, y: c.y + 10 * i }, { x: c.x + 40, y: c.y + 10 * i }]);
  }
  await touch('touchEnd', []);
  const c3 = await centre(app, 'node-Order');
  expect(c3.y - c2.y).toBeCloseTo(50, -1);
  expect(Math.abs(c3.x - c2.x)).toBeLessThan(3);
  await expect(reset).toHaveText('200%');
  // The fingers started on the node: it was not dragged (the last undo step is still the add).
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /^Undo add/);
});
