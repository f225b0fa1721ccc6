// What the benchmark scripts share: serve dist/ on `port`, and launch
// Debian's Chromium headless (never a downloaded browser).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Returns { base, browser, stop }. */
export async function startBench(port) {
  const server = spawn('node', [here('serve.mjs'), here('../../dist'), String(port)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const stop = async () => {
    await browser.close();
    server.kill();
  };
  return { base: `http://127.0.0.1:${port}/`, browser, stop };
}
