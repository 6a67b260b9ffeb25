import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servicePortProtocol } from '../../../../server/src/rules/util/port-protocol';

test('port protocol: from the name prefix, appProtocol, transport and well-known ports', () => {
  const rows: [Record<string, unknown>, string][] = [
    [{ name: 'http', port: 80 }, 'HTTP'],
    [{ name: 'http-web', port: 80 }, 'HTTP'],
    [{ name: 'HTTP2', port: 80 }, 'HTTP2'],
    [{ name: 'grpc-web', port: 80 }, 'GRPC-Web'],
    [{ name: 'grpc-web-ui', port: 80 }, 'GRPC-Web'],
    [{ name: 'grpc', port: 80 }, 'GRPC'],
    [{ name: 'tcp-db', port: 5432 }, 'TCP'],
    [{ name: 'tls', port: 443 }, 'TLS'],
    [{ name: 'mongo', port: 27017 }, 'Mongo'],
    [{ name: 'web', port: 80 }, 'unsupported'],
    [{ name: 'httpx', port: 80 }, 'unsupported'],
    [{ port: 8080 }, 'unsupported'],
    [{ port: 3306 }, 'TCP'],
    [{ name: 'metrics', port: 53 }, 'TCP'],
    [{ name: 'web', port: 80, appProtocol: 'http' }, 'HTTP'],
    [{ name: 'http', port: 80, appProtocol: 'custom' }, 'unsupported'],
    [{ name: 'web', port: 80, appProtocol: 'kubernetes.io/h2c' }, 'HTTP2'],
    [{ name: 'web', port: 443, appProtocol: 'kubernetes.io/wss' }, 'HTTPS'],
    [{ name: 'http', port: 80, protocol: 'UDP' }, 'UDP'],
  ];
  for (const [port, expected] of rows) assert.equal(servicePortProtocol(port), expected, JSON.stringify(port));
});
