/**
 * The small load balancer in front of a cluster (`npm run cluster`, docker-compose's `lb`),
 * built on http-proxy-3:
 *
 * - `/socket.io/…?pool=audience&k=…` (the audience page) and `?pool=written&k=…` (the written
 *   test's takers) → an edge, chosen by hashing `k`
 *   (one key per page load) over the edges that are up, so a long-polling session stays on
 *   one edge; WebSocket connections need no stickiness.
 * - any other `/socket.io/` (host, judges, contestants, stage, overlay), `/api/…` and
 *   `/metrics` → the core. The hall's screens and phones therefore never depend on Redis.
 * - pages and assets → the edges in turn (the core when none is up).
 *
 * Each backend's `/api/ready` is polled every `checkMs`; a failed request also marks it down at
 * once, so an edge's audience reconnects to the others on its next try.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';

export interface BalancerConfig {
  host?: string;
  port?: number;
  core: string;
  edges: string[];
  checkMs?: number;
}

export interface BackendStatus {
  url: string;
  up: boolean;
  role: 'core' | 'edge';
}

export interface BalancerHandle {
  url: string;
  port: number;
  status(): BackendStatus[];
  close(): Promise<void>;
}

/** FNV-1a, for a stable edge per page-load key. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export async function startBalancer(config: BalancerConfig): Promise<BalancerHandle> {
  const backends: BackendStatus[] = [
    { url: config.core, up: true, role: 'core' },
    ...config.edges.map((url) => ({ url, up: true, role: 'edge' as const })),
  ];
  const core = backends[0]!;
  const edges = backends.slice(1);
  const proxy = createProxyServer({ ws: true, xfwd: true, proxyTimeout: 30_000 });
  let turn = 0;

  const upEdges = () => edges.filter((e) => e.up);
  const pick = (url: string): BackendStatus => {
    const path = url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/metrics') return core;
    const alive = upEdges();
    if (path.startsWith('/socket.io/')) {
      const q = new URLSearchParams(url.slice(path.length + 1));
      const pool = q.get('pool');
      if ((pool !== 'audience' && pool !== 'written') || alive.length === 0) return core;
      return alive[hash(q.get('k') ?? '') % alive.length]!;
    }
    if (alive.length === 0) return core;
    turn = (turn + 1) % alive.length;
    return alive[turn]!;
  };
  const markDown = (b: BackendStatus) => {
    if (b.role === 'edge') b.up = false;
  };

  const server = http.createServer((req, res) => {
    if (req.url === '/lb/status') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ backends }));
      return;
    }
    const target = pick(req.url ?? '/');
    proxy.web(req, res, { target: target.url }, () => {
      markDown(target);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'backend unavailable; retry' } }));
      } else res.destroy();
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const target = pick(req.url ?? '/');
    socket.on('error', () => socket.destroy());
    proxy.ws(req, socket, head, { target: target.url }, () => {
      markDown(target);
      socket.destroy();
    });
  });
  proxy.on('error', () => undefined);

  const check = async (b: BackendStatus) => {
    try {
      const res = await fetch(`${b.url}/api/ready`, { signal: AbortSignal.timeout(1000) });
      b.up = res.ok;
      await res.body?.cancel();
    } catch {
      b.up = false;
    }
  };
  const checks = setInterval(() => void Promise.all(backends.map(check)), config.checkMs ?? 1000);
  checks.unref();
  await Promise.all(backends.map(check));

  await new Promise<void>((resolve) => server.listen(config.port ?? 0, config.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${config.host && config.host !== '0.0.0.0' ? config.host : '127.0.0.1'}:${port}`,
    port,
    status: () => backends.map((b) => ({ ...b })),
    async close() {
      clearInterval(checks);
      proxy.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
