// Probes measure, they do not assert: run with `npx playwright test --config probes/probe.config.ts`
// (or `make probe`). The default config's testDir (./specs) never picks these up.
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /.*\.probe\.ts/,
  outputDir: '../test-results/probes',
  globalSetup: '../global-setup.ts',
  timeout: 180_000,
});
