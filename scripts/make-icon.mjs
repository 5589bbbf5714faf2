#!/usr/bin/env node
// Renders the Marketplace icon (media/icon.png, 128 x 128) from media/dynlens.svg with headless Chromium: the
// line-art glyph in white on the gallery banner's dark blue, rounded square. Usage: node scripts/make-icon.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('media/dynlens.svg', 'utf8').replace('width="24" height="24"', 'width="96" height="96"');
const html = `<!DOCTYPE html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:128px;height:128px;border-radius:24px;background:#1e2a38;display:flex;
align-items:center;justify-content:center;color:#ffffff">${svg}</div></body></html>`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
await page.setContent(html);
await page.locator('#icon').screenshot({ path: 'media/icon.png', omitBackground: true });
await browser.close();
console.log('media/icon.png written');
