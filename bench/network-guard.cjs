// Preloaded (`node --require`) into every process the benchmark starts: the benchmark must run
// offline and touch loopback only. Any other outbound connection is refused and reported on
// stderr with a marker the harness looks for, so a baseline that quietly fetched schemas from the
// internet fails the run instead of producing numbers that depend on someone's network.
'use strict';
const net = require('node:net');

const MARKER = 'bench-network-guard: refused';
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;

function target(args) {
  let first = args[0];
  // net.connect() normalises its arguments into an array before calling Socket#connect.
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === 'object') {
    if (typeof first.path === 'string') return null; // a local socket or pipe
    return first.host ?? 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a local socket path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = target(args);
  if (host !== null && !LOOPBACK.test(host)) {
    process.stderr.write(`${MARKER} ${host}\n`);
    throw new Error(`${MARKER} ${host}: the benchmark runs on loopback only`);
  }
  return connect.apply(this, args);
};
