/**
 * /metrics with `serve --workers N`: only the primary listens on the metrics port, and each scrape
 * asks every worker for its registry over the cluster's IPC channel and sums them (prom-client's
 * aggregation; the per-campaign gauges, the same in every worker, take the largest). The
 * primary's own figures are added with the label process="primary": with --writer primary its
 * group commit (yeyak_commit_batch_size), and its process's CPU and memory. A worker that does
 * not answer within 5 s is left out of that scrape rather than failing it.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Scrape } from '../http/metricsServer';

type Json = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];
type Request = { yeyak: 'metrics'; id: number };
type Reply = { yeyak: 'metrics'; id: number; metrics: Json[] };

const WORKER_TIMEOUT_MS = 5_000;
/** What the primary itself measures; its per-campaign gauges would repeat the workers' (and go stale: it does not tick). */
const PRIMARY_OWN = /^yeyak_(commit_batch_size|process_|nodejs_)/;

/** In a worker: answers the primary's requests with this registry. */
export function answerMetricsRequests(registry: Registry): void {
  process.on('message', (message: unknown) => {
    const request = message as Request;
    if (typeof request !== 'object' || request === null || request.yeyak !== 'metrics') return;
    registry.getMetricsAsJSON().then((metrics) => {
      if (process.connected) process.send?.({ yeyak: 'metrics', id: request.id, metrics } satisfies Reply);
    }, () => undefined);
  });
}

let nextId = 0;

/** In the primary: every worker's registry summed, plus the primary's own figures. */
export async function clusterScrape(primary: Registry): Promise<Scrape> {
  const id = nextId++;
  const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
  const replies = await Promise.all(workers.map((worker) => new Promise<Json[] | null>((resolve) => {
    const timer = setTimeout(() => finish(null), WORKER_TIMEOUT_MS);
    function finish(metrics: Json[] | null) {
      clearTimeout(timer);
      worker!.off('message', onMessage);
      resolve(metrics);
    }
    function onMessage(message: unknown) {
      const reply = message as Reply;
      if (typeof reply === 'object' && reply !== null && reply.yeyak === 'metrics' && reply.id === id) finish(reply.metrics);
    }
    worker!.on('message', onMessage);
    worker!.send({ yeyak: 'metrics', id } satisfies Request, (err: Error | null) => { if (err) finish(null); });
  })));
  const own = (await primary.getMetricsAsJSON())
    .filter((m) => PRIMARY_OWN.test(m.name))
    .map((m) => ({ ...m, values: m.values.map((v) => ({ ...v, labels: { ...v.labels, process: 'primary' } })) })) as Json[];
  const aggregated = AggregatorRegistry.aggregate([...replies.filter((r): r is Json[] => r !== null), own]);
  return { contentType: aggregated.contentType, body: await aggregated.metrics() };
}
