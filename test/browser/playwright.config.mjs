// Playwright Test for the webview app: headless Debian Chromium (/usr/bin/chromium; Playwright downloads no browser:
// set PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 when installing), pages built and served by global-setup.mjs.
//   npx playwright test -c test/browser/playwright.config.mjs [-g substring] [--grep-invert large] [--workers 2]
// Screenshots go to test-artifacts/browser/; the last line is "browser: N passed, M failed" (summary-reporter.mjs).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  globalSetup: './global-setup.mjs',
  outputDir: '../../test-artifacts/browser/results',
  // One worker by default: the machines that run this have 2 cores, and WebGL is drawn in software.
  workers: Number(process.env.DYNLENS_BROWSER_WORKERS ?? 1),
  retries: 0,
  // The large cases wait up to 2 minutes for 100k points drawn by SwiftShader.
  timeout: 240_000,
  reporter: [['list'], ['./summary-reporter.mjs']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.DYNLENS_CHROMIUM ?? '/usr/bin/chromium',
      // --enable-unsafe-swiftshader: headless Chromium with --disable-gpu draws WebGL (scatter3d, scattergl) in
      // software; without the flag current Chromium warns that this fallback is going away.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
});
