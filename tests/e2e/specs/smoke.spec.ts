import { test, expect, SHOTS } from '../fixtures';

test('the app loads under its CSP and shows every region of the shell', async ({ app }) => {
  for (const id of ['app', 'toolbar', 'palette', 'canvas', 'inspector', 'metrics-dock']) {
    await expect(app.getByTestId(id)).toBeVisible();
  }
  // The wasm really ran: the shell is rendered by Leptos, not by index.html.
  await expect(app.getByTestId('toolbar')).toContainText('Wirelab');
  const csp = await app.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('WIRELAB_LOADER_HASH');
  await app.screenshot({ path: `${SHOTS}/shell.png` });
});

test('a forbidden inline script is refused by the CSP', async ({ page }) => {
  // Proves the policy is enforced, not just present: an injected inline script must not run.
  const violations: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
  await page.goto(process.env.WIRELAB_URL!);
  await expect(page.getByTestId('toolbar')).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
    return (window as any).__injected === true;
  });
  expect(ran).toBe(false);
  expect(violations.join('\n')).toContain('Content Security Policy');
});
