// Starts what the browser tests need: the local Stylus chain with the protocol deployed (the deploy
// tool, dev profile), the demo seeding, the built app served by `vite preview`, and Debian's
// Chromium driven by playwright-core (the system browser: nothing is downloaded).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { seed } from '../scripts/seed.mjs';
import { connect } from '../scripts/chain.mjs';
import { TestWallet } from './wallet.mjs';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(appDir, '..');

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts `aid-deploy --serve` on a free port; resolves with its RPC URL, address book and a stop function.
 * `AID_DEPLOY_BIN` names an already-built binary (the test command passes the one its workspace build made);
 * otherwise cargo builds and runs it.
 */
async function startChain() {
  const out = mkdtempSync(join(tmpdir(), 'aid-app-chain-'));
  const args = ['--serve', '--port', '0', '--out', out];
  const [cmd, argv] = process.env.AID_DEPLOY_BIN
    ? [process.env.AID_DEPLOY_BIN, args]
    : ['cargo', ['run', '--quiet', '--locked', '-p', 'aid-deploy', '--', ...args]];
  const child = spawn(cmd, argv, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the chain did not start in 600 s:\n${log}`)), 600_000);
    const on = (b) => {
      log += b.toString();
      const m = /serving at (\S+)/.exec(log);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => reject(new Error(`aid-deploy exited with ${code}:\n${log}`)));
  });
  const book = JSON.parse(readFileSync(join(out, '412346.json'), 'utf8'));
  return { url, out, book, stop: () => child.kill('SIGINT') };
}

export async function startAll() {
  const t0 = Date.now();
  const chain = await startChain();
  const tChain = Date.now() - t0;
  const demo = await seed(chain.url, chain.book, () => {});
  process.env.AID_DEPLOYMENTS = chain.out;
  process.env.AID_RPC_URL = chain.url;
  const server = await preview({ root: appDir, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1' } });
  const port = server.httpServer.address().port;
  const appUrl = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const c = connect(chain.url, chain.book);
  console.log(`# chain ${chain.url} up in ${tChain} ms; app ${appUrl}`);

  /** A page with a fresh test wallet (own browser context). */
  async function open({ key, chainId = 412346, connected = true, known, hash = '' }) {
    const wallet = new TestWallet({ key, chainId, known: known ?? { 412346: chain.url }, connected });
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await wallet.attach(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
    await page.goto(appUrl + hash);
    return { page, wallet, context };
  }

  async function stop() {
    await browser.close().catch(() => {});
    await new Promise((r) => server.httpServer.close(r));
    chain.stop();
  }
  return { chain, c, demo, appUrl, open, stop };
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function until(fn, ms = 20_000, what = 'condition') {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}
