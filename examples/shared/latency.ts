/**
 * Measuring how responsive a process stays: event-loop delay, request latency, percentiles. Used by
 * the service's self-test (examples/service-self-test.ts) and bench/event-loop.ts.
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Percentiles (nearest rank) and the maximum of a set of durations, in ms. */
export interface Summary {
  p50: number;
  p99: number;
  max: number;
  /** How many values. */
  n: number;
}

/** Nearest-rank percentiles of `ms` (NaN when empty). */
export function summarize(ms: readonly number[]): Summary {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  return { p50: at(50), p99: at(99), max: s.length ? s[s.length - 1] : NaN, n: s.length };
}

/**
 * Event-loop delay as `perf_hooks.monitorEventLoopDelay` measures it: a 1 ms timer, and how long
 * each of its turns actually took. A value therefore includes the 1 ms interval itself: an idle loop
 * reads about 1.1 ms, a loop held 40 ms by a training step reads 41 ms.
 */
export class DelayMonitor {
  readonly #h = monitorEventLoopDelay({ resolution: 1 });

  /** Starts (or restarts, forgetting what came before) the measurement. */
  start(): this {
    this.#h.disable();
    this.#h.reset();
    this.#h.enable();
    return this;
  }

  /** Stops and reports, in ms. */
  stop(): Summary {
    this.#h.disable();
    const ms = (ns: number) => ns / 1e6;
    return { p50: ms(this.#h.percentile(50)), p99: ms(this.#h.percentile(99)), max: ms(this.#h.max), n: this.#h.count };
  }
}

/** The answer to one request, and how long it took from sending to the last byte of the body. */
export interface Timed<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

/**
 * An HTTP client on one kept-alive connection, timing each request. node:http rather than fetch:
 * fetch adds its own milliseconds of work on the same event loop, which is not what is measured.
 */
export class TimedClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly base: string) {}

  /** Sends a request (a JSON body for POST) and parses the JSON answer. */
  call<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Timed<T>> {
    const t0 = performance.now();
    const text = body === undefined ? '' : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(this.base + path, { method, agent: this.#agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { data += chunk; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: (data ? JSON.parse(data) : {}) as T, ms: performance.now() - t0 }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  /** Closes the kept-alive connection, so the process can exit. */
  close(): void {
    this.#agent.destroy();
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
