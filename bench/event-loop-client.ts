/**
 * The HTTP client of bench/event-loop.ts, in its own process so that a frozen event loop in the
 * measured process cannot hold the client back. It sends `GET /progress` on a fixed schedule, one
 * request every `pollMs` whether or not earlier ones were answered (open loop), and times each from
 * the moment it was due: a request that waits in a queue behind a training step counts that wait,
 * which a client that sends the next request only after the previous answer would hide.
 *
 * Both sides of the benchmark thus serve the same number of requests: in-thread, they pile up during
 * a step and are answered in a burst after it; off-thread, one by one as they come. The main thread
 * does the same work on both sides, so the throughput ratio compares training alone.
 *
 *   node dist/bench/event-loop-client.js <url> <pollMs>   (forked, with an IPC channel)
 *
 * On the message 'stop' it stops sending, waits for the answers still due, sends back its samples as
 * `{ at, ms }[]` (`at`: when due, in ms since the epoch, `performance.timeOrigin` based) and exits.
 */
import { Agent, request } from 'node:http';

const [url, pollArg] = process.argv.slice(2);
const pollMs = Number(pollArg);
if (!url || !(pollMs > 0) || !process.send) throw new Error('usage: fork(event-loop-client.js, [url, pollMs])');

/** One request's due time (epoch ms) and its latency from then to the last byte of the answer. */
export interface Sample { at: number; ms: number }

const samples: Sample[] = [];
const pending = new Set<Promise<void>>();
// As many sockets as needed: a request due while earlier ones wait must not queue in the client.
const agent = new Agent({ keepAlive: true });

function send(due: number): void {
  const done = new Promise<void>((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        samples.push({ at: performance.timeOrigin + due, ms: performance.now() - due });
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  pending.add(done);
  void done.finally(() => pending.delete(done));
}

let next = performance.now();
let timer: NodeJS.Timeout | undefined;
function tick(): void {
  const now = performance.now();
  for (; next <= now; next += pollMs) send(next);
  timer = setTimeout(tick, next - now);
}
tick();

process.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  void Promise.all(pending).then(() => {
    agent.destroy();
    process.send!(samples, () => process.exit(0));
  });
});
