/**
 * The API test server in a child process, for measurements that must not count the server's own
 * memory (test/support/cluster-memory.ts). The parent forks this file and talks over IPC:
 *
 *   { op: 'start' }                      -> { kubeconfigPath }
 *   { op: 'seed', count }                -> { seeded }       count VirtualServices in 20 namespaces
 *   { op: 'touch', count, value }        -> { touched }      merge-patch a label on the first `count`
 *   { op: 'relist' }                     -> { }              cut watches and compact: clients get 410
 *   { op: 'stop' }                       -> { stopped }, then exits
 */
import { request } from 'node:http';
import { startApiServer, type ApiServer, type KubeObject } from '../apiserver/index';

export const NAMESPACES = 20;

/** A realistic VirtualService: two weighted routes, a match, labels; about 1 KB of JSON. */
export function virtualService(i: number): KubeObject {
  const ns = `team-${i % NAMESPACES}`;
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: `vs-${String(i).padStart(5, '0')}`, namespace: ns, labels: { app: `app-${i % 100}`, shard: String(i % 7), rev: '0' }, annotations: { owner: `team-${i % NAMESPACES}@example.com` } },
    spec: {
      hosts: [`svc-${i}.${ns}.svc.cluster.local`],
      gateways: ['mesh'],
      http: [{
        match: [{ uri: { prefix: `/api/v${i % 3}` }, headers: { 'x-tenant': { exact: `t${i % 50}` } } }],
        retries: { attempts: 3, perTryTimeout: '2s' },
        route: [
          { destination: { host: `svc-${i}`, subset: 'stable', port: { number: 8080 } }, weight: 90 },
          { destination: { host: `svc-${i}`, subset: 'canary', port: { number: 8080 } }, weight: 10 },
        ],
      }],
    },
  };
}

let server: ApiServer | null = null;

function patch(path: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(`${server!.url}${path}`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json', 'Content-Length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`PATCH ${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function handle(msg: { op: string; count?: number; value?: string }): Promise<unknown> {
  switch (msg.op) {
    case 'start':
      server = await startApiServer({ historyLimit: 1000 });
      server.controls.seed(Array.from({ length: NAMESPACES }, (_, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${i}` } })));
      return { kubeconfigPath: server.kubeconfigPath };
    case 'seed': {
      const count = msg.count ?? 0;
      for (let i = 0; i < count; i += 1000) server!.controls.seed(Array.from({ length: Math.min(1000, count - i) }, (_, j) => virtualService(i + j)));
      return { seeded: count };
    }
    case 'touch': {
      const count = msg.count ?? 0;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < count) {
          const i = next++;
          const vs = virtualService(i);
          await patch(`/apis/networking.istio.io/v1/namespaces/${vs.metadata!.namespace}/virtualservices/${vs.metadata!.name}`, { metadata: { labels: { rev: msg.value } } });
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      return { touched: count };
    }
    case 'relist':
      // In one synchronous step: cut the watches, move the revision on, forget the history. A
      // watch that resumes from before the write then gets 410 Expired and must list again.
      server!.controls.dropWatches();
      server!.controls.seed([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `tick-${Date.now()}`, namespace: 'team-0' } }]);
      server!.controls.compact();
      return {};
    case 'stop':
      await server?.stop();
      server = null;
      return { stopped: true };
  }
  throw new Error(`unknown op ${msg.op}`);
}

if (require.main === module) {
  process.on('message', (msg: { id: number; op: string }) => {
    handle(msg).then(
      (result) => process.send!({ id: msg.id, result }, () => {
        if (msg.op === 'stop') process.exit(0);
      }),
      (error: unknown) => process.send!({ id: msg.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
