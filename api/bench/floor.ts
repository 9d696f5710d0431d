/**
 * The stack's floor, run as a child process by `yeyak bench`: the bare server plus what every yeyak
 * call pays before doing any work of its own — tRPC's caller with one middleware (as observeCalls)
 * and zod's check of queue.join's real input schema — answering a fixed ticket. No hashing, no
 * storage, no logging: the ceiling that queue.join and booking.submit are measured under.
 */
import http from 'node:http';
import { initTRPC } from '@trpc/server';
import { queueJoinInput } from '../../shared/inputs';

interface FloorContext {
  ip: string;
  headers: Map<string, string>;
}

const t = initTRPC.context<FloorContext>().create({ isDev: false });
let timedSeconds = 0;
const timed = t.middleware(async ({ next }) => {
  const started = performance.now();
  const result = await next();
  timedSeconds += (performance.now() - started) / 1000;
  return result;
});
const router = t.router({
  join: t.procedure.use(timed).input(queueJoinInput).mutation(({ input }) => ({
    state: 'waiting' as const, ticketId: 'floor-ticket-000000', campaignId: input.campaignId, position: 1, ahead: 0, etaSeconds: 0, pollAfterMs: 1000,
  })),
});
const caller = t.createCallerFactory(router);

http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    let input: unknown;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, '{"error":{"message":"not JSON"}}');
    }
    caller({ ip: req.socket.remoteAddress ?? '', headers: new Map() }).join(input as never)
      .then((data) => send(200, JSON.stringify({ result: { data } })), (err: Error) => send(400, JSON.stringify({ error: { message: err.message } })));
  });
}).listen(0, '127.0.0.1', function (this: http.Server) {
  console.log(`floor listening on ${(this.address() as { port: number }).port}`);
});
