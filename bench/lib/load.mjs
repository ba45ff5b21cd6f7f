// autocannon with exact percentiles: autocannon 9 reports p50/p97.5/p99 but no p95, so the
// latency of every response of the measured phase (not the warm-up) is recorded here.
import os from 'node:os';
import autocannon from 'autocannon';

/**
 * Runs autocannon against one server. `requests` are autocannon request objects (setupRequest
 * may vary the body per request). Bounded by `durationS` (+ `warmupS`).
 */
export async function measure({ url, connections, durationS, warmupS = 0, requests, headers = {}, title }) {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error('benchmarks only send traffic to 127.0.0.1');
  const latencies = [];
  const statuses = {};
  const loadSamples = [];
  const sampler = setInterval(() => loadSamples.push(os.loadavg()[0]), 1000);
  const instance = autocannon({
    url,
    connections,
    duration: durationS,
    headers,
    requests,
    timeout: 10,
    ...(warmupS > 0 ? { warmup: { connections, duration: warmupS } } : {}),
  });
  // The returned tracker only sees the measured phase; the warm-up runs on a tracker of its own.
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? round2(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]) : null);
  const ok = Object.entries(statuses).filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
  return {
    title,
    connections,
    durationS,
    warmupS,
    requests: latencies.length,
    ok,
    non2xx: latencies.length - ok,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    reqPerSec: round1(ok / durationS),
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.length ? round2(latencies.at(-1)) : null, mean: latencies.length ? round2(latencies.reduce((a, b) => a + b, 0) / latencies.length) : null },
    loadAvg1m: loadSamples.length ? round2(loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length) : round2(os.loadavg()[0]),
    warmupRequests: result.warmup ? result.warmup.requests.total : 0,
    warmupOk: result.warmup ? result.warmup['2xx'] : 0,
  };
}

const round1 = (x) => Math.round(x * 10) / 10;
const round2 = (x) => Math.round(x * 100) / 100;
