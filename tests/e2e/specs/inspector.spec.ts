// The inspector, on the bundled checkout: every edit applies through the command path (so
// it undoes), an absurd value is refused beside its field, multi-selections edit shared
// fields in one step, steps reorder by keyboard.
//
// Test ids: inspector-field-<key> (key = the scenario format's path below `kind.`, e.g.
// workers, latency.base_ms, timeout_ms, breaker.failure_threshold; `name` for rename),
// inspector-error-<key>, inspector-step (rows) with inspector-step-up / -down,
// inspector-flip (call ⇄ event).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem, clickWire } from '../fixtures';

const CHECKOUT = readFileSync(resolve(__dirname, '../../../public/scenarios/checkout-events.json'), 'utf8');

async function openCheckout(page: Page) {
  await page.getByTestId('import-file').setInputFiles({ name: 'checkout.json', mimeType: 'application/json', buffer: Buffer.from(CHECKOUT) });
  await expect(page.getByTestId('node-Order')).toBeVisible();
  await page.getByTestId('zoom-fit').click(); // every node clear of the side panels
}

async function exported(page: Page): Promise<any> {
  const [download] = await Promise.all([page.waitForEvent('download'), (await menuItem(page, 'doc-export')).click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

const node = (doc: any, name: string) => doc.nodes.find((n: any) => n.name === name);
const wireBetween = (doc: any, from: string, to: string) =>
  doc.wires.find((w: any) => w.from === node(doc, from).id && w.to === node(doc, to).id);

/** Types a value and commits it the way a user does: Enter. */
async function set(page: Page, key: string, value: string) {
  const input = page.getByTestId(`inspector-field-${key}`);
  await input.fill(value);
  await input.press('Enter');
}

test('a service edit applies, is announced, and undoes', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Order').click();
  const inspector = app.getByTestId('inspector');
  await expect(inspector).toContainText('Service');
  await expect(app.getByTestId('inspector-field-name')).toHaveValue('Order');
  await expect(app.getByTestId('inspector-field-workers')).toHaveValue('8');

  await set(app, 'workers', '12');
  await expect(app.getByTestId('live-region')).toHaveText('Edit Order');
  await set(app, 'error_rate', '2.5');
  await expect(app.getByTestId('inspector-field-error_rate')).toHaveValue('2.5');
  const doc = await exported(app);
  expect(node(doc, 'Order').kind.workers).toBe(12);
  expect(node(doc, 'Order').kind.error_rate).toBeCloseTo(0.025, 12);
  await app.screenshot({ path: `${SHOTS}/inspector-service.png` });

  await app.getByTestId('undo').click();
  await expect(app.getByTestId('live-region')).toHaveText('Undo edit Order');
  await expect(app.getByTestId('inspector-field-error_rate')).toHaveValue('0');
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('inspector-field-workers')).toHaveValue('8');
  await app.getByTestId('redo').click();
  await expect(app.getByTestId('inspector-field-workers')).toHaveValue('12');
});

test('an out-of-range value shows its error beside the field and is not applied', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Order').click();

  await set(app, 'workers', '0');
  await expect(app.getByTestId('inspector-error-workers')).toHaveText('0 is out of range: 1 to 10000');
  await expect(app.getByTestId('inspector-field-workers')).toHaveAttribute('aria-invalid', 'true');
  await set(app, 'error_rate', '150');
  await expect(app.getByTestId('inspector-error-error_rate')).toHaveText('150 % is out of range: 0 to 100 %');
  await set(app, 'latency.base_ms', '-5');
  await expect(app.getByTestId('inspector-error-latency.base_ms')).toContainText('out of range');
  await set(app, 'queue', '2.5');
  await expect(app.getByTestId('inspector-error-queue')).toHaveText('2.5 is not a whole number');
  await app.screenshot({ path: `${SHOTS}/inspector-errors.png` });

  const doc = await exported(app);
  expect(node(doc, 'Order').kind).toEqual(node(JSON.parse(CHECKOUT), 'Order').kind);
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /load Checkout/i);

  // Correcting the value applies it and clears the error.
  await set(app, 'workers', '4');
  await expect(app.getByTestId('inspector-error-workers')).toBeHidden();
  expect(node(await exported(app), 'Order').kind.workers).toBe(4);
});

test('rename keeps names unique', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Order').click();
  await set(app, 'name', 'Payment');
  await expect(app.getByTestId('inspector-error-name')).toContainText('Payment');
  await expect(app.getByTestId('node-Order')).toBeVisible();
  await set(app, 'name', 'Checkout');
  await expect(app.getByTestId('node-Checkout')).toBeVisible();
  await expect(app.getByTestId('inspector-error-name')).toBeHidden();
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('node-Order')).toBeVisible();
});

test('handler steps reorder with the keyboard, and calls can run in parallel', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Order').click();
  const steps = app.getByTestId('inspector-step');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText('calls Payment');
  await expect(steps.nth(1)).toContainText('calls Inventory');
  await expect(steps.nth(2)).toContainText('publishes to OrderCreated');

  await steps.nth(0).getByTestId('inspector-step-down').focus();
  await app.keyboard.press('Enter');
  await expect(steps.nth(0)).toContainText('calls Inventory');
  await expect(steps.nth(1)).toContainText('calls Payment');
  // Focus followed the moved step (on the next frame), so Enter moves it again.
  await expect(steps.nth(1).getByTestId('inspector-step-down')).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(steps.nth(2)).toContainText('calls Payment');
  await app.screenshot({ path: `${SHOTS}/inspector-steps.png` });

  await app.getByTestId('inspector-field-calls').selectOption('parallel');
  const doc = await exported(app);
  expect(node(doc, 'Order').kind.calls).toBe('parallel');
  const order = (to: string) => wireBetween(doc, 'Order', to).order;
  expect([order('Inventory'), order('OrderCreated'), order('Payment')]).toEqual([0, 1, 2]);
});

test('a call wire: timeouts, retries, breaker, and the switch to an event', async ({ app }) => {
  await openCheckout(app);
  await clickWire(app, 'wire-Order-Payment');
  const inspector = app.getByTestId('inspector');
  await expect(inspector).toContainText('Call (the caller waits): Order → Payment');
  await set(app, 'timeout_ms', '250');
  await set(app, 'max_attempts', '3');
  await app.getByTestId('inspector-field-backoff.kind').selectOption('fixed');
  await expect(app.getByTestId('inspector-field-breaker.failure_threshold')).toHaveCount(0);
  await app.getByTestId('inspector-field-breaker').check();
  await expect(app.getByTestId('inspector-field-breaker.failure_threshold')).toHaveValue('5');
  await set(app, 'breaker.open_ms', '2000');
  await app.getByTestId('inspector-field-idempotency_key').check();
  // Cross-field rule: the backoff's max cannot go below its base.
  await set(app, 'backoff.max_ms', '10');
  await expect(app.getByTestId('inspector-error-backoff.max_ms')).toContainText('must not be below base_ms');
  await app.screenshot({ path: `${SHOTS}/inspector-call.png` });

  const call = wireBetween(await exported(app), 'Order', 'Payment').kind;
  expect(call).toMatchObject({
    type: 'call', timeout_ms: 250, max_attempts: 3, idempotency_key: true,
    backoff: { kind: 'fixed' }, breaker: { failure_threshold: 5, open_ms: 2000 },
  });
  expect(call.backoff.max_ms).not.toBe(10);

  await app.getByTestId('inspector-flip').click();
  await expect(app.getByTestId('wire-Order-Payment')).toHaveCount(0);
  // Order's events go through its topic, OrderCreated, which Payment now subscribes to.
  await expect(app.getByTestId('wire-OrderCreated-Payment')).toHaveAttribute('data-kind', 'subscribe');
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /into an event/);
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('wire-Order-Payment')).toHaveAttribute('data-kind', 'call');
});

test('several services edit their shared fields in one undo step', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Email').click();
  await app.getByTestId('node-Analytics').click({ modifiers: ['Shift'] });
  await app.getByTestId('node-CRM').click({ modifiers: ['Shift'] });
  await expect(app.getByTestId('inspector')).toContainText('3 service nodes');
  // Their work times differ: the field says so instead of showing one of them.
  await expect(app.getByTestId('inspector-field-latency.base_ms')).toHaveValue('');
  await expect(app.getByTestId('inspector-field-latency.base_ms')).toHaveAttribute('placeholder', 'mixed');
  await set(app, 'workers', '2');
  await app.screenshot({ path: `${SHOTS}/inspector-multi.png` });
  let doc = await exported(app);
  expect(['Email', 'Analytics', 'CRM'].map((n) => node(doc, n).kind.workers)).toEqual([2, 2, 2]);
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /edit 3 nodes/i);
  await app.getByTestId('undo').click();
  doc = await exported(app);
  expect(['Email', 'Analytics', 'CRM'].map((n) => node(doc, n).kind.workers)).toEqual([8, 8, 8]);
});

test('users arrivals, and a subscription’s delivery settings', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Users').click();
  await expect(app.getByTestId('inspector-field-arrival.rate_per_s')).toHaveValue('20');
  await app.getByTestId('inspector-field-arrival.mode').selectOption('bursts');
  await set(app, 'arrival.size', '40');
  await set(app, 'patience_ms', '3000');
  await expect(app.getByTestId('inspector-field-arrival.rate_per_s')).toHaveCount(0);
  await app.screenshot({ path: `${SHOTS}/inspector-users.png` });

  await clickWire(app, 'wire-OrderCreated-Analytics');
  await expect(app.getByTestId('inspector')).toContainText('Subscription');
  await set(app, 'max_deliveries', '3');
  await set(app, 'ack_timeout_ms', '800');
  await app.getByTestId('inspector-field-idempotent').check();
  await app.screenshot({ path: `${SHOTS}/inspector-subscription.png` });

  const doc = await exported(app);
  expect(node(doc, 'Users').kind).toMatchObject({ arrival: { mode: 'bursts', size: 40 }, patience_ms: 3000 });
  expect(wireBetween(doc, 'OrderCreated', 'Analytics').kind).toMatchObject({ max_deliveries: 3, ack_timeout_ms: 800, idempotent: true });
});

test('with nothing selected, the design’s own settings', async ({ app }) => {
  await openCheckout(app);
  await expect(app.getByTestId('inspector-document')).toBeVisible();
  await expect(app.getByTestId('inspector-field-duration_ms')).toHaveValue('120');
  await set(app, 'duration_ms', '-1');
  await expect(app.getByTestId('inspector-error-duration_ms')).toContainText('out of range');
  await set(app, 'duration_ms', '30');
  await expect(app.getByTestId('undo')).toHaveAttribute('title', "Undo change the design's run length");
  // A settings edit is not a new design: the view stays where the teacher left it.
  await app.getByTestId('zoom-in').click();
  const at = (await app.getByTestId('node-Order').boundingBox())!;
  await set(app, 'doc.name', 'Checkout, lesson 2');
  await expect(app.getByTestId('doc-summary')).toContainText('Checkout, lesson 2');
  await expect(app.getByTestId('undo')).toHaveAttribute('title', "Undo change the design's title");
  expect((await app.getByTestId('node-Order').boundingBox())!).toEqual(at);
  await app.screenshot({ path: `${SHOTS}/inspector-document.png` });
  const doc = await exported(app);
  expect([doc.name, doc.duration_ms]).toEqual(['Checkout, lesson 2', 30000]);
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('inspector-field-doc.name')).toHaveValue('Checkout with events');
});

test('Enter on a selected node moves focus into the inspector; typing there edits only the field', async ({ app }) => {
  await openCheckout(app);
  await app.getByTestId('node-Order').click();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('inspector-field-name')).toBeFocused();
  // Backspace and Delete in a field are text editing, not "delete the node".
  await app.keyboard.press('Tab');
  await app.keyboard.press('Backspace');
  await app.keyboard.press('Delete');
  await app.keyboard.type('7');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('node-Order')).toBeVisible();
  expect(node(await exported(app), 'Order').kind.latency.base_ms).toBe(7);
});
