// Serves the address books next to the app: /deployments/<chainId>.json and /deployments/index.json
// (the chain ids present, and the local chain's RPC URL when AID_RPC_URL is set). In `vite` and
// `vite preview` they are read live from AID_DEPLOYMENTS (default: the repository's deployments/),
// so a chain deployed after the build is found; `vite build` also copies the ones present into
// dist/ for static hosting.
import { defineConfig, type Plugin, type Connect } from 'vite';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = () => resolve(process.env.AID_DEPLOYMENTS ?? resolve(import.meta.dirname, '../deployments'));

function books(): Record<string, string> {
  const d = dir();
  if (!existsSync(d)) return {};
  const out: Record<string, string> = {};
  for (const f of readdirSync(d)) if (/^\d+\.json$/.test(f)) out[f] = readFileSync(resolve(d, f), 'utf8');
  return out;
}

function index(): string {
  const chains = Object.keys(books()).map((f) => Number(f.replace('.json', '')));
  const rpc: Record<string, string> = {};
  if (process.env.AID_RPC_URL) rpc['412346'] = process.env.AID_RPC_URL;
  return JSON.stringify({ chains, rpc });
}

function deployments(): Plugin {
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const m = /^\/deployments\/(index|\d+)\.json(\?.*)?$/.exec(req.url ?? '');
    if (!m) return next();
    const body = m[1] === 'index' ? index() : books()[`${m[1]}.json`];
    if (body === undefined) {
      res.statusCode = 404;
      res.end(`no address book for chain ${m[1]}`);
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  };
  return {
    name: 'aid-deployments',
    configureServer: (s) => void s.middlewares.use(serve),
    configurePreviewServer: (s) => void s.middlewares.use(serve),
    generateBundle() {
      for (const [f, source] of Object.entries(books())) this.emitFile({ type: 'asset', fileName: `deployments/${f}`, source });
      this.emitFile({ type: 'asset', fileName: 'deployments/index.json', source: index() });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [deployments()],
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
