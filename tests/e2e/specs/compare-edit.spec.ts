// Design B is edited like A (issue 27, items 3 and 4): a press on B's canvas makes B the
// design being edited, so the inspector edits B's nodes and undo takes back B's edit,
// and the toolbar says so.
//   compare-b, inspector-side, inspector-field-<key>, undo, node-<Name>
import { test, expect, SHOTS, menuItem, openScenario } from '../fixtures';

test('a node of design B is selected and edited in the inspector, and undo undoes that edit', async ({ app }) => {
  await openScenario(app, 'checkout-sync.json');
  // An older edit in A, which B's undo must not touch.
  await app.getByTestId('node-Inventory').click();
  const work = app.getByTestId('inspector-field-latency.base_ms');
  await work.fill('25');
  await work.press('Enter');
  await (await menuItem(app, 'compare-copy')).click();
  const b = app.getByTestId('compare-b');
  await expect(b).toBeVisible();

  await b.getByTestId('node-Payment').click();
  await expect(app.getByTestId('inspector-side')).toBeVisible();
  await expect(app.getByTestId('inspector-field-name')).toHaveValue('Payment');
  await work.fill('90');
  await work.press('Enter');
  await expect(b.getByTestId('node-Payment')).toContainText('90 ms');
  // A's Payment (first on the page) is unchanged.
  await expect(app.getByTestId('node-Payment').first()).toContainText('40 ms');
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /^Design B: Undo /);
  await app.screenshot({ path: `${SHOTS}/compare-edit-b.png` });

  // Ctrl+Z with B being edited (focus back on its canvas) takes back B's edit, not A's
  // older one.
  await b.getByTestId('node-Payment').click();
  await app.keyboard.press('Control+z');
  await expect(b.getByTestId('node-Payment')).toContainText('40 ms');
  await b.getByTestId('node-Inventory').click();
  await expect(work).toHaveValue('25');

  // A press on A's canvas makes A the design being edited again.
  await app.getByTestId('node-Inventory').first().click();
  await expect(app.getByTestId('inspector-side')).toBeHidden();
  await expect(app.getByTestId('undo')).toHaveAttribute('title', /^Undo /);
});
