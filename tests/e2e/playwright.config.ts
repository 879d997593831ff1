import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download cannot work offline.
export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // On CI a failed spec runs once more: keyboard-focus specs (a key pressed before focus
  // has moved) failed in 3 of 7 full runs on this 2-core machine, a different one each
  // time, and passed when repeated. A spec that fails twice is a failure; locally
  // nothing is retried, so a flake still shows.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    // Service workers answer requests from their cache, where page.route cannot see them
    // (later.spec.ts refuses a split part that way): each spec that needs the offline
    // worker allows it (offline.spec.ts).
    serviceWorkers: 'block',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
});
