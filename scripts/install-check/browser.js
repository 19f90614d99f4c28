#!/usr/bin/env node
/*
 * The install check's browser step: with the fresh app's backend serving the
 * built app, the fleet page, the card and the DORA tab of a catalog entity
 * render in Debian's Chromium. Usage: browser.js <baseUrl> <screenshot dir>
 */
'use strict';

const path = require('node:path');
const { chromium } = require('playwright-core');

const [base, outDir] = process.argv.slice(2);
const TIMEOUT = 60_000;

const PAGES = [
  { path: '/dora', testId: 'dora-fleet', what: 'fleet page' },
  {
    path: '/catalog/default/component/example-website',
    testId: 'dora-scorecard-card',
    what: 'scorecard card',
    // The score of the event the check posted (not "No delivery events yet").
    text: /\d+(\.\d+)? \/ 10/,
  },
  {
    path: '/catalog/default/component/example-website/dora',
    testId: 'dora-content',
    what: 'DORA tab',
  },
];

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  let failed = 0;
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    let signedIn = false;
    for (const p of PAGES) {
      const started = Date.now();
      try {
        await page.goto(`${base}${p.path}`);
        if (!signedIn) {
          const enter = page.getByRole('button', { name: 'Enter' });
          await enter.waitFor({ timeout: TIMEOUT });
          await enter.click();
          signedIn = true;
        }
        const el = page.getByTestId(p.testId).first();
        await el.waitFor({ state: 'visible', timeout: TIMEOUT });
        // The card shows its title first and its figures once loaded.
        const deadline = Date.now() + TIMEOUT;
        let text = '';
        for (;;) {
          text = (await el.innerText()).replace(/\s+/g, ' ').trim();
          if (!p.text || p.text.test(text)) break;
          if (Date.now() > deadline)
            throw new Error(`no figure in: ${text.slice(0, 200)}`);
          await page.waitForTimeout(250);
        }
        console.log(
          `  ${p.what} (${p.path}): ok in ${
            Date.now() - started
          } ms: "${text.slice(0, 120)}"`,
        );
      } catch (e) {
        failed++;
        console.error(
          `  ${p.what} (${p.path}): FAILED: ${e.message.split('\n')[0]}`,
        );
      }
      await page.screenshot({
        path: path.join(outDir, `${p.testId}.png`),
        fullPage: true,
      });
    }
    for (const e of errors) console.error(`  page error: ${e}`);
    if (errors.length) failed++;
  } finally {
    await browser.close();
  }
  if (failed) process.exit(1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
