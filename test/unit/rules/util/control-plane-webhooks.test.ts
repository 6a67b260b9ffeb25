import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webhookUrlHost } from '../../../../server/src/rules/util/control-plane-webhooks';

test('control-plane webhooks: the host of a webhook URL', () => {
  const rows: [string, string, string?][] = [
    ['https://istiod.example.com:15017/inject', 'hostname', 'istiod.example.com'],
    ['https://1.1.1.1:5100/inject', 'ip', '1.1.1.1'],
    ['https://[2001:db8::7]:15017/validate', 'ip', '2001:db8::7'],
    ['istiod.example.com/inject', 'none'],
    ['', 'none'],
    ['https://istiod example.com/x', 'malformed'],
    ['not a url', 'malformed'],
  ];
  for (const [url, kind, host] of rows) {
    const got = webhookUrlHost(url);
    assert.equal(got.kind, kind, url);
    if (host !== undefined) assert.equal('host' in got ? got.host : undefined, host, url);
  }
});
