/**
 * A load process of the auth benchmark (test/bench/auth.ts forks it): keeps `concurrency` keep-alive
 * requests to one URL in flight for `ms` and reports how many were answered 200, how many not,
 * and the latency histogram (10 µs buckets).
 *
 *   parent -> { url, headers, concurrency, ms }   -> { ok, failed, hist: [bucket, count][], cpuMs }
 */
import http from 'node:http';

interface Job {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  ms: number;
}

const BUCKET_US = 10;

process.once('message', (job: Job) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const url = new URL(job.url);
  const hist = new Map<number, number>();
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const end = performance.now() + job.ms;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, headers: job.headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode === 200) ok++;
          else failed++;
          const b = Math.floor(((performance.now() - t0) * 1000) / BUCKET_US);
          hist.set(b, (hist.get(b) ?? 0) + 1);
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const lane = async () => {
    while (performance.now() < end) await one();
  };
  void Promise.all(Array.from({ length: job.concurrency }, lane)).then(() => {
    const used = process.cpuUsage(cpu0);
    process.send?.({ ok, failed, hist: [...hist.entries()], bucketUs: BUCKET_US, cpuMs: (used.user + used.system) / 1000 }, () => process.exit(0));
  });
});
