#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128, transparent corners) in headless Chromium.
// The png is committed; rerun this after editing the svg: node scripts/render-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'));
const out = path.join(root, 'media', 'icon.png');
const browser = await launchChromium({ viewport: { width: 128, height: 128 } });
try {
  const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  await browser.page.setContent(
    `<body style="margin:0;background:transparent"><img id="i" src="${src}" width="128" height="128"></body>`,
  );
  await browser.page.waitForFunction(() => document.getElementById('i')?.complete);
  await browser.page.locator('#i').screenshot({ path: out, omitBackground: true });
  console.log(`[render-icon] wrote ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
} finally {
  await browser.close();
}
