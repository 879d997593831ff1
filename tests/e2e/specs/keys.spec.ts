// Every key the `?` sheet lists, pressed where it works, with its effect seen. The sheet
// is generated from the keymap the page dispatches with, so a key added there without a
// check here fails this test.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';

const CHECKOUT = readFileSync(resolve(__dirname, '../../../public/scenarios/checkout-events.json'), 'utf8');

async function open(page: Page) {
  await page.getByTestId('import-file').setInputFiles({
    name: 'checkout-events.json', mimeType: 'application/json', buffer: Buffer.from(CHECKOUT),
  });
  await expect(page.getByTestId('node-Analytics')).toBeVisible();
}

/** Selects a node by clicking it, then gives the page (not a control) the keyboard. */
async function select(page: Page, name: string) {
  await page.getByTestId(`node-${name}`).click();
}

const x = async (page: Page, name: string) => (await page.getByTestId(`node-${name}`).boundingBox())!.x;
const live = (page: Page) => page.getByTestId('live-region');
const log = (page: Page) => page.getByTestId('intervention-log');

/** Waits until the zoom has stopped changing: a check before may have toggled presenter
 *  mode or a panel, whose refit lands a frame or two later (it once turned a fresh 100%
 *  into 93% under load). */
async function steady(zoom: import('@playwright/test').Locator) {
  let last = '';
  await expect.poll(async () => {
    const now = (await zoom.textContent()) ?? '';
    const same = now === last;
    last = now;
    return same;
  }, { intervals: [250] }).toBe(true);
}

const checks: Record<string, (page: Page) => Promise<void>> = {
  'Space': async (page) => {
    await page.locator('body').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-play')).toHaveText(/Pause/);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-play')).toHaveText(/Play/);
  },
  '. / PageDown': async (page) => {
    await page.keyboard.press('.');
    await expect(page.getByTestId('run-play')).toHaveText(/Pause/);
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('run-play')).toHaveText(/Play/);
  },
  ',': async (page) => {
    // One event a press: the clock is paused and the trace hash moves.
    await page.getByTestId('menu-run').click();
    const hash = page.getByTestId('trace-hash');
    const before = await hash.textContent();
    await page.keyboard.press('Escape');
    await page.locator('body').focus();
    await page.keyboard.press(',');
    await page.getByTestId('menu-run').click();
    await expect(hash).not.toHaveText(before!);
    await expect(page.getByTestId('run-play')).toHaveText(/Play/);
    await page.keyboard.press('Escape');
  },
  'K': async (page) => {
    await select(page, 'Analytics');
    await page.keyboard.press('k');
    await expect(log(page)).toContainText('kill Analytics');
  },
  'R': async (page) => {
    await select(page, 'Analytics');
    await page.keyboard.press('r');
    await expect(log(page)).toContainText('revive Analytics');
  },
  'H': async (page) => {
    await select(page, 'Payment');
    await page.keyboard.press('h');
    await expect(log(page)).toContainText('hang Payment');
  },
  'S': async (page) => {
    await select(page, 'Inventory');
    await page.keyboard.press('s');
    await expect(log(page)).toContainText('slow Inventory x4');
  },
  'N': async (page) => {
    await select(page, 'Users');
    await page.keyboard.press('n');
    await expect(log(page)).toContainText('send Users 1');
  },
  'P': async (page) => {
    await page.keyboard.press('p');
    await expect(page.locator('.palette')).toBeHidden();
    await page.keyboard.press('p');
    await expect(page.locator('.palette')).toBeVisible();
  },
  'I': async (page) => {
    await page.keyboard.press('i');
    await expect(page.locator('.inspector')).toBeHidden();
    await page.keyboard.press('i');
    await expect(page.locator('.inspector')).toBeVisible();
  },
  'M': async (page) => {
    await page.keyboard.press('m');
    await expect(page.locator('.metrics-dock')).toBeHidden();
    await page.keyboard.press('m');
    await expect(page.locator('.metrics-dock')).toBeVisible();
  },
  'F': async (page) => {
    const toggle = page.getByTestId('presenter-toggle');
    await page.keyboard.press('f');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('f');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  },
  'Q': async (page) => {
    await page.keyboard.press('q');
    await expect(page.getByTestId('moment-qr')).toBeVisible();
    await page.keyboard.press('q');
    await expect(page.getByTestId('moment-qr')).toBeHidden();
  },
  'Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y': async (page) => {
    await select(page, 'CRM');
    const before = await x(page, 'CRM');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => x(page, 'CRM')).toBeGreaterThan(before);
    await page.keyboard.press('Control+z');
    await expect.poll(() => x(page, 'CRM')).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => x(page, 'CRM')).toBeGreaterThan(before);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    await expect.poll(() => x(page, 'CRM')).toBeGreaterThan(before);
  },
  '?': async (page) => {
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
  },
  'Tab / Shift+Tab': async (page) => {
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await page.getByTestId('node-Order').focus();
    await page.keyboard.press('Tab');
    const first = await focused();
    expect(first).toMatch(/^(node|wire)-/);
    await page.keyboard.press('Tab');
    await expect.poll(focused).not.toBe(first);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe(first);
  },
  'Enter': async (page) => {
    await select(page, 'Email');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('inspector-field-name')).toHaveValue('Email');
    await expect(page.getByTestId('inspector-field-name')).toBeFocused();
  },
  'C / E': async (page) => {
    await select(page, 'Order');
    await page.keyboard.press('c');
    await expect(live(page)).toContainText('Wiring a call from Order');
    await page.keyboard.press('Escape');
    await select(page, 'Order');
    await page.keyboard.press('e');
    await expect(live(page)).toContainText('Wiring an event from Order');
    await page.keyboard.press('Escape');
  },
  'T': async (page) => {
    const wire = page.getByTestId('wire-Order-Payment');
    await page.getByTestId('node-Order').focus();
    for (let i = 0; i < 40 && !(await wire.evaluate((e) => e === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(wire).toBeFocused();
    await page.keyboard.press('t');
    await expect(page.getByTestId('wire-Order-Payment')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('wire-Order-Payment')).toHaveAttribute('data-kind', 'call');
  },
  'Arrows (Shift: a grid step)': async (page) => {
    await select(page, 'Email');
    const before = await x(page, 'Email');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => x(page, 'Email')).toBeGreaterThan(before + 8);
  },
  'Delete / Backspace': async (page) => {
    await select(page, 'CRM');
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('node-CRM')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await select(page, 'CRM');
    await page.keyboard.press('Backspace');
    await expect(page.getByTestId('node-CRM')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('node-CRM')).toBeVisible();
  },
  'Ctrl+D': async (page) => {
    await select(page, 'Email');
    await page.keyboard.press('Control+d');
    await expect(page.getByTestId('node-Email 2')).toBeVisible();
    await page.keyboard.press('Control+z');
  },
  'Ctrl+A': async (page) => {
    await page.locator('body').focus();
    await page.keyboard.press('Control+a');
    await expect(page.locator('g.node.selected')).toHaveCount(8);
  },
  'Esc': async (page) => {
    await select(page, 'Email');
    await expect(page.locator('g.node.selected')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(page.locator('g.node.selected')).toHaveCount(0);
    // With a customer's journey open, Escape closes it first.
    await page.getByTestId('menu-run').click();
    await page.getByTestId('follow-latest').click();
    await expect(page.getByTestId('journey-dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('journey-dialog')).toHaveCount(0);
  },
  '+ / −': async (page) => {
    const zoom = page.getByTestId('zoom-reset');
    await steady(zoom);
    await page.locator('body').focus();
    await page.keyboard.press('0');
    await expect(zoom).toHaveText('100%');
    await page.keyboard.press('+');
    await expect(zoom).toHaveText('125%');
    await page.keyboard.press('-');
    await expect(zoom).toHaveText('100%');
  },
  '0 / 1': async (page) => {
    const zoom = page.getByTestId('zoom-reset');
    await steady(zoom);
    await page.locator('body').focus();
    await page.keyboard.press('1');
    const fit = await zoom.textContent();
    await page.keyboard.press('0');
    await expect(zoom).toHaveText('100%');
    await page.keyboard.press('1');
    await expect(zoom).toHaveText(fit!);
  },
  '← / →': async (page) => {
    await page.getByTestId('lessons-open').click();
    await page.getByTestId('lesson-open-sync-core').click();
    const counter = page.getByTestId('lesson-step-counter');
    await expect(counter).toHaveText(/^Step 1 of/);
    await page.keyboard.press('Escape');
    await page.locator('body').focus();
    await page.keyboard.press('ArrowRight');
    await expect(counter).toHaveText(/^Step 2 of/);
    await page.keyboard.press('ArrowLeft');
    await expect(counter).toHaveText(/^Step 1 of/);
  },
};

test('every key the ? sheet lists does what it says, where it says', async ({ app }) => {
  test.setTimeout(120_000);
  await open(app);
  await app.keyboard.press('?');
  const rows = app.getByTestId('shortcut-key');
  await expect(rows.first()).toBeVisible();
  const listed = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-keys')!));
  await app.keyboard.press('Escape');
  expect(listed.sort()).toEqual(Object.keys(checks).sort());
  for (const keys of listed) {
    await test.step(keys, async () => {
      // Nothing selected or focused in the editor, the page has the keyboard.
      await app.locator('body').focus();
      for (let i = 0; i < 3; i++) await app.keyboard.press('Escape');
      await checks[keys](app);
    });
  }
});

test('keys typed into a form field stay there', async ({ app }) => {
  await open(app);
  await select(app, 'Analytics');
  await app.getByTestId('inspector-field-name').focus();
  await app.keyboard.press('k');
  await app.keyboard.press('f');
  await expect(log(app)).toContainText('Nothing applied yet');
  await expect(app.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'false');
});
