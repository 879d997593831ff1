// Bugs a new user found on the stage (issue 11, item 6 and 7): the intervention log, the
// failure labels and glow, the run notice, lessons and speed, the break-things inputs and
// "send one request". Each test failed before its fix.
import type { Page } from '@playwright/test';
import { test, expect, SHOTS, openScenario } from '../fixtures';

const load = openScenario;

const simSeconds = async (page: Page) => parseFloat((await page.getByTestId('sim-time').textContent())!);

/** Plays at 20× until simulated time reaches `s`, then pauses, a few seconds later at most. */
async function playUntil(page: Page, s: number) {
  await page.getByTestId('run-speed').fill('1');
  const play = page.getByTestId('run-play');
  await expect(play).toHaveText(/Play/);
  await play.click();
  await expect.poll(() => simSeconds(page), { timeout: 30_000, intervals: [50] }).toBeGreaterThanOrEqual(s);
  await play.click();
  await expect(play).toHaveText(/Play/);
}

async function select(page: Page, name: string) {
  await page.getByTestId(`node-${name}`).click();
  await expect(page.getByTestId('run-interventions')).toContainText(name);
}

async function saveScript(page: Page, script: string) {
  await page.getByTestId('incident-script').fill(script);
  await page.getByTestId('incident-save').click();
  await expect(page.getByTestId('incident-save')).toBeDisabled();
}

const log = (page: Page) => page.getByTestId('intervention-log');

test('the intervention log lists the script lines that have happened with the live ones, in time order', async ({ app }) => {
  await load(app, 'checkout-sync.json');
  await saveScript(app, 'at 1s kill Analytics\nat 30s revive Analytics');
  await expect(log(app)).toContainText('Nothing applied yet');
  await playUntil(app, 3);
  await expect(log(app).locator('li')).toHaveCount(1);
  await expect(log(app).locator('li').first()).toContainText('1.000 s');
  await expect(log(app).locator('li').first()).toContainText('kill Analytics');
  await expect(log(app).locator('li').first()).toHaveAttribute('data-source', 'script');
  await select(app, 'Payment');
  await app.getByTestId('act-hang').click();
  await playUntil(app, 31);
  const items = log(app).locator('li');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('kill Analytics');
  await expect(items.nth(1)).toContainText('hang Payment');
  await expect(items.nth(1)).toHaveAttribute('data-source', 'live');
  await expect(items.nth(2)).toContainText('30.000 s');
  await expect(items.nth(2)).toContainText('revive Analytics');
  await expect(items.nth(2)).toContainText(/scripted/);
  await app.getByTestId('run-interventions').screenshot({ path: `${SHOTS}/stage-log.png` });
});

test('a service failing because its callee refused says who refused', async ({ app }) => {
  await load(app, 'checkout-sync.json');
  await saveScript(app, 'at 1s kill Analytics');
  await playUntil(app, 4);
  const order = app.getByTestId('run-state-Order').locator('.run-fail');
  await expect(order).toContainText(/Analytics refused \d+/);
  await expect(order).not.toContainText(/(✗|·) refused/);
  // Analytics refused the calls itself.
  await expect(app.getByTestId('run-state-Analytics').locator('.run-fail')).toContainText(/✗ refused \d+/);
});

test('a failing wire glows in the failure colour, never in the event colour', async ({ app }) => {
  // No dots, only the glow (and counts): what is coloured on the dots layer is the glow.
  await app.emulateMedia({ reducedMotion: 'reduce' });
  await load(app, 'checkout-sync.json');
  await saveScript(app, 'at 0s kill Analytics');
  await playUntil(app, 3);
  const px = await app.getByTestId('run-dots').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let fail = 0;
    let purple = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
      if (a < 40) continue;
      if (r > 150 && g < 120 && b < 120 && Math.abs(g - b) < 30) fail++;
      else if (r > 90 && b > 90 && b > g + 25) purple++;
    }
    return { fail, purple };
  });
  expect(px.fail).toBeGreaterThan(200);
  expect(px.purple).toBeLessThan(px.fail * 0.05);
  await app.getByTestId('canvas').screenshot({ path: `${SHOTS}/stage-failing-glow.png` });
  // The legend names the failing glow in the failure colour.
  const swatch = app.getByTestId('legend-failing').locator('.swatch');
  const fail = await app.evaluate(() => {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'var(--fail)';
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  });
  await expect(swatch).toHaveCSS('border-top-color', fail);
});

test('"the design changed" fades after a few seconds', async ({ app }) => {
  await load(app, 'checkout-sync.json');
  await saveScript(app, 'at 5s kill Analytics');
  const notice = app.getByTestId('run-notice');
  await expect(notice).toContainText('The design changed');
  await app.waitForTimeout(1500);
  await expect(notice).toContainText('The design changed');
  await expect(notice).not.toContainText('The design changed', { timeout: 8000 });
});

async function openLesson(page: Page, id: string) {
  await page.getByTestId('lessons-open').click();
  await page.getByTestId(`lesson-open-${id}`).click();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', id);
}

test('a lesson says when it changes the speed, and gives the user theirs back when it closes', async ({ app }) => {
  const speed = app.getByTestId('run-speed-value');
  await app.getByTestId('run-speed').fill('1');
  await expect(speed).toHaveText('20×');
  await openLesson(app, 'sync-core');
  const note = app.getByTestId('lesson-speed');
  await expect(speed).toHaveText('1×');
  await expect(note).toContainText('Speed set to 1× for this step');
  await app.getByTestId('lesson-next').click();
  await expect(speed).toHaveText('2×');
  await expect(note).toContainText('Speed set to 2× for this step');
  await app.getByTestId('lesson-next').click();
  await app.getByTestId('lesson-next').click();
  await expect(speed).toHaveText('4×');
  await expect(note).toContainText('Speed set to 4× for this step');
  await expect(note).toContainText('your 20×');
  // Another lesson starts from the user's speed, not the last one's.
  await openLesson(app, 'registration-never-blocks');
  await expect(speed).toHaveText('20×');
  await openLesson(app, 'sync-core');
  await expect(speed).toHaveText('1×');
  await app.getByTestId('lesson-close').click();
  await expect(speed).toHaveText('20×');
});

test('the last step of a lesson opens the next lesson', async ({ app }) => {
  await openLesson(app, 'sync-core');
  const next = app.getByTestId('lesson-next');
  while (await next.isEnabled()) await next.click();
  const nextLesson = app.getByTestId('lesson-next-lesson');
  await expect(nextLesson).toContainText('User registration');
  await nextLesson.click();
  await expect(app.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', 'user-registration');
  await expect(app.getByTestId('lesson-step-counter')).toHaveText(/^Step 1 of/);
  await expect(nextLesson).toHaveCount(0);
});

test('"For teachers" starts closed in every walkthrough', async ({ app }) => {
  await openLesson(app, 'registration-never-blocks');
  const teacher = app.locator('details.lesson-teacher');
  await teacher.locator('summary').click();
  await expect(teacher).toHaveAttribute('open', '');
  await openLesson(app, 'checkout-survives-analytics');
  await expect(teacher).not.toHaveAttribute('open', '');
  await expect(app.getByTestId('walkthrough-reference')).toBeHidden();
});

test('the incident script placeholder reads as an example and the field has a name', async ({ app }) => {
  const script = app.getByTestId('incident-script');
  await expect(script).toHaveValue('');
  await expect(script).toHaveAttribute('placeholder', /^e\.g\. /);
  await expect(script).toHaveAccessibleName(/Incident script/);
});

test('the Slow × and Error % fields take what is typed, decimals included', async ({ app }) => {
  await load(app, 'checkout-events.json');
  await select(app, 'Inventory');
  const pct = app.getByTestId('act-error-pct');
  await pct.click();
  await pct.press('Control+a');
  await pct.pressSequentially('2.5');
  await expect(pct).toHaveValue('2.5');
  await app.getByTestId('act-error-rate').click();
  await expect(log(app)).toContainText('error Inventory 2.5%');
  const slow = app.getByTestId('act-slow-factor');
  await slow.click();
  await slow.press('Control+a');
  await slow.pressSequentially('12');
  await expect(slow).toHaveValue('12');
  await app.getByTestId('act-slow').click();
  await expect(log(app)).toContainText('slow Inventory x12');
  // A whole factor: a fraction is rounded when it is committed, never garbled while typed.
  await slow.click();
  await slow.press('Control+a');
  await slow.pressSequentially('2.5');
  await expect(slow).toHaveValue('2.5');
  await slow.press('Tab');
  await expect(slow).toHaveValue('3');
  await app.getByTestId('act-slow').click();
  await expect(log(app)).toContainText('slow Inventory x3');
});

test('"Send one request" injects exactly one person from the selected Users node', async ({ app }) => {
  await load(app, 'checkout-events.json');
  await select(app, 'Users');
  // Paused at 0 s, before the first scheduled arrival: only the people sent are waiting.
  const waiting = app.getByTestId('readout-waiting');
  await expect(waiting).toHaveText('0');
  await app.getByTestId('act-send-one').click();
  await expect(log(app).locator('li')).toHaveCount(1);
  await expect(log(app)).toContainText('send Users 1');
  await expect(waiting).toHaveText('1');
  await app.keyboard.press('n');
  await expect(log(app).locator('li')).toHaveCount(2);
  await expect(waiting).toHaveText('2');
  await expect(log(app).locator('li').nth(1)).toContainText('send Users 1');
});
