// How fast a busy Node process takes in new connections (docs/SCALING.md, ACCEPTS in api/http/connections.ts): run with `node bench/accepts.mjs`.
import http from 'node:http';
import { Pool } from 'undici';

const BUSY = 200; // kept-alive connections, each asking again as soon as it is answered
const FRESH = 500; // new connections opened at once while the process is busy
const WORK_MS = 2; // CPU per request

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const t = performance.now();
    while (performance.now() - t < WORK_MS);
    res.end('ok');
  });
});
let accepted = 0;
server.on('connection', () => accepted++);
await new Promise((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, r));
const url = `http://127.0.0.1:${server.address().port}`;
const busy = new Pool(url, { connections: BUSY });
let stop = false;
const loops = Array.from({ length: BUSY }, async () => {
  while (!stop) await (await busy.request({ path: '/', method: 'GET' })).body.dump();
});
await new Promise((r) => setTimeout(r, 1000));
const before = accepted;
const started = Date.now();
const fresh = new Pool(url, { connections: FRESH });
const waits = await Promise.all(Array.from({ length: FRESH }, async () => {
  const at = Date.now();
  await (await fresh.request({ path: '/', method: 'GET' })).body.dump();
  return Date.now() - at;
}));
waits.sort((a, b) => a - b);
const seconds = (Date.now() - started) / 1000;
console.log(`${FRESH} new connections to a process kept busy by ${BUSY} others: answered after ${(waits[FRESH / 2] / 1000).toFixed(1)} s at the median, ${(waits[FRESH - 1] / 1000).toFixed(1)} s at most; ${((accepted - before) / seconds).toFixed(1)} accepted a second`);
stop = true;
await Promise.allSettled(loops);
await Promise.all([busy.close(), fresh.close()]);
server.close();
