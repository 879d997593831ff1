// Numbers as learners type them (issue 27, item 12): a decimal comma is read as one, and
// what no run can measure is refused with the reason, never silently changed.
//   inspector-field-<key>, inspector-error-<key>, predict-number, predict-number-error,
//   lesson-run
import { test, expect, SHOTS, openScenario } from '../fixtures';

test('a decimal comma in Work time is kept as a decimal; an unclear one is refused', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  await app.getByTestId('node-Inventory').click();
  const field = app.getByTestId('inspector-field-latency.base_ms');
  await field.fill('0,5');
  await field.press('Enter');
  await expect(app.getByTestId('inspector-error-latency.base_ms')).toBeHidden();
  // Shown back as the document holds it: half a millisecond, not 5.
  await app.getByTestId('node-Payment').click();
  await app.getByTestId('node-Inventory').click();
  await expect(field).toHaveValue('0.5');
  await field.fill('1,000');
  await field.press('Enter');
  await expect(app.getByTestId('inspector-error-latency.base_ms')).toContainText('unclear');
  await expect(field).toHaveValue('1,000');
  await app.screenshot({ path: `${SHOTS}/typing-unclear-comma.png` });
});

test.describe('a newcomer', () => {
  test.use({ newcomer: true });

  test('a predicted number takes a comma, and a negative one says why Run waits', async ({ app }) => {
    await app.getByTestId('lesson-open-checkout-all-sync').click();
    const input = app.getByTestId('predict-number');
    const run = app.getByTestId('lesson-run');
    const why = app.getByTestId('predict-number-error');
    await expect(run).toBeDisabled();
    await expect(why).toBeHidden();
    await input.fill('-5');
    await expect(run).toBeDisabled();
    await expect(why).toHaveText('a time cannot be negative');
    await app.screenshot({ path: `${SHOTS}/typing-negative-guess.png` });
    await input.fill('210,5');
    await expect(why).toBeHidden();
    await expect(run).toBeEnabled();
    await run.click();
    await expect(app.getByTestId('predict-said')).toHaveText(/^210\.5 ms$/, { timeout: 30_000 });
    // The result says what counted as close.
    await expect(app.getByTestId('predict-close')).toHaveText('Close means within a quarter of what the run measured, or within 1 ms.');
  });

  test('a fragment that is no share link still greets a newcomer', async ({ app }) => {
    await app.goto('about:blank');
    await app.goto(`${process.env.WIRELAB_URL}#view=3`);
    await expect(app.getByTestId('lesson-browser')).toBeVisible();
  });
});
