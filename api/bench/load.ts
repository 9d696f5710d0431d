/** One load phase with autocannon: fixed connections and duration, a body per request when asked, figures out. */
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

export interface LoadPhase {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  /** A fresh JSON body for each request (POST). */
  body?: () => unknown;
  connections: number;
  durationSeconds: number;
  /** Send exactly this many requests instead of running for the duration. */
  amount?: number;
}

export async function runLoad(phase: LoadPhase): Promise<LoadResult> {
  const { pathname, search } = new URL(phase.url);
  const request: autocannon.Request = {
    method: phase.method ?? 'GET',
    path: pathname + search,
    headers: { 'content-type': 'application/json' },
  };
  if (phase.body) {
    const next = phase.body;
    request.setupRequest = (req) => ({ ...req, body: JSON.stringify(next()) });
  }
  const result = await autocannon({
    url: new URL(phase.url).origin,
    connections: phase.connections,
    ...(phase.amount ? { amount: phase.amount } : { duration: phase.durationSeconds }),
    requests: [request],
  });
  return {
    name: phase.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
