import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, menuItem } from '../fixtures';

// Inputs that once crashed or stalled Wirelab (tests/repros/), now in the real page.
const ROOT = resolve(__dirname, '../../..');
const read = (p: string) => readFileSync(resolve(ROOT, p), 'utf8');

async function importFile(page: Page, name: string, text: string) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('a no-break space in the incident editor is a separator, not a crash', async ({ app }) => {
  await importFile(app, 'checkout-sync.json', read('public/scenarios/checkout-sync.json'));
  await expect(app.getByTestId('node-Payment')).toBeVisible();
  await app.getByTestId('incident-script').fill('at 10s slow Payment\u00a0x4\nat 12s error Payment\u00a030%');
  await app.getByTestId('incident-save').click();
  await expect(app.getByTestId('run-notice')).toContainText('restarted');
  await expect(app.getByTestId('incident-errors')).toBeEmpty();
  await (await menuItem(app, 'run-to-input')).fill('15');
  await (await menuItem(app, 'run-to')).click();
  await expect(app.getByTestId('sim-time')).toHaveText('15.000 s');
});

test('a file with a byte-order mark opens', async ({ app }) => {
  await importFile(app, 'bom-checkout.json', read('tests/repros/bom-checkout.json'));
  await expect(app.getByTestId('doc-summary')).toContainText('Checkout, all synchronous');
});

test('a link whose design would make gigabytes of problems is refused in a few lines', async ({ app }) => {
  const link = read('tests/repros/long-name-1m.link.txt').trim();
  await app.goto(`${process.env.WIRELAB_URL}#${link}`);
  const panel = app.getByTestId('import-errors');
  await expect(panel).toContainText('could not be opened');
  await expect(panel).toContainText('more problems');
  expect((await panel.textContent())!.length).toBeLessThan(20_000);
  await app.getByTestId('import-errors-dismiss').click();
  await expect(app.getByTestId('run-play')).toBeEnabled();
});

test('an event loop without delay stops with a reason instead of freezing the tab', async ({ app }) => {
  await importFile(app, 'event-loop-fanout.json', read('tests/repros/event-loop-fanout.json'));
  await expect(app.getByTestId('node-T')).toBeVisible();
  const play = app.getByTestId('run-play');
  await play.click();
  const notice = app.getByTestId('run-notice');
  await expect(notice).toContainText('The run stopped at', { timeout: 30_000 });
  await expect(notice).toContainText('event loop');
  await expect(play).toHaveText(/Play/);
  // The tab still answers: the editor takes a keystroke.
  await app.getByTestId('node-T').click();
  await expect(app.getByTestId('run-interventions')).toContainText('T');
  await app.screenshot({ path: `${SHOTS}/run-stopped-1440x900.png` });
});

// The crash notice needs a panic: the test build (FEATURES=test-hooks) panics on a window
// event; release builds do not contain that. This test uses the bare page, since the
// panic is meant to reach the console.
test('a panic shows a plain notice, keeps the design and reloads', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('wirelab.lessons.dismissed', '1'));
  await page.goto(process.env.WIRELAB_URL!);
  await importFile(page, 'checkout-events.json', read('public/scenarios/checkout-events.json'));
  await expect(page.getByTestId('doc-summary')).toContainText('Checkout with events');
  // Rename a node and panic at once, inside the autosave's half-second delay.
  await page.getByTestId('node-CRM').click();
  await page.getByTestId('inspector-field-name').fill('CRM2');
  await page.getByTestId('inspector-field-name').press('Enter');
  await expect(page.getByTestId('node-CRM2')).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event('wirelab-test-panic')));
  const crash = page.getByTestId('crash');
  await expect(crash).toBeVisible();
  await expect(page.getByTestId('crash-headline')).toHaveText(
    'Wirelab hit a bug and stopped. Your design is saved; reload to continue.');
  await expect(page.getByTestId('crash-message')).toHaveValue(/test panic from the test-hooks build/);
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await expect(page.getByTestId('crash-reload')).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/crash-${w}x${h}.png` });
  }
  await page.getByTestId('crash-reload').click();
  await expect(page.getByTestId('node-CRM2')).toBeVisible();
  await expect(page.getByTestId('crash')).toHaveCount(0);
});

test('every reproducer opens or is refused in a few lines, and the page stays alive', async ({ app }) => {
  const { readdirSync } = await import('node:fs');
  const dir = resolve(ROOT, 'tests/repros');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('lesson-'));
  expect(files.length).toBeGreaterThan(8);
  const panel = app.getByTestId('import-errors');
  for (const f of files) {
    await importFile(app, f, read(`tests/repros/${f}`));
    // Refused with its problems, or opened (its title in the summary).
    await expect(panel.or(app.getByText(`Opened \`${f}\``)).first()).toBeVisible();
    if (await panel.isVisible()) {
      expect((await panel.textContent())!.length, f).toBeLessThan(20_000);
      await app.getByTestId('import-errors-dismiss').click();
    }
  }
  for (const link of ['zeros-100m.link.txt', 'long-name-1m.link.txt']) {
    await app.goto(`${process.env.WIRELAB_URL}#${read(`tests/repros/${link}`).trim()}`);
    await expect(panel).toBeVisible();
    await app.getByTestId('import-errors-dismiss').click();
  }
  await expect(app.getByTestId('run-play')).toBeVisible();
});
