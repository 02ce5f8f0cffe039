/**
 * The service's self-test (`node dist/examples/service.js --self-test`): an HTTP client in the same
 * process trains a short run, polls /progress and /predict all along it, and reports the latency of
 * each and the event-loop delay; then it checks that the main thread's copy of the model holds the
 * job's final weights, and that /stop stops a run.
 */
import { DelayMonitor, type Summary, TimedClient, sleep, summarize } from './shared/latency.js';
import type { Prediction, Predictor } from './service-predictor.js';
import type { Progress } from './service-training.js';

const row = (name: string, s: Summary) => `${name.padEnd(22)} p50 ${s.p50.toFixed(1).padStart(5)} ms   p99 ${s.p99.toFixed(1).padStart(5)} ms   ` +
  `max ${s.max.toFixed(1).padStart(5)} ms   (${s.n} ${name.startsWith('event') ? 'turns' : 'requests'})`;

/** Runs the self-test against the service at `base`; whether every check passed. */
export async function selfTest(base: string, { steps, predictor }: { steps: number; predictor: Predictor }): Promise<boolean> {
  let client = new TimedClient(base);
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); };
  try {
    const delay = new DelayMonitor().start();
    const started = await client.call('POST', '/train', { steps });
    check(started.status === 202, `POST /train answered ${started.status}`);
    const progressMs: number[] = [];
    const predictMs: number[] = [];
    let progress: Progress;
    let lastLog = 0;
    let fresh: number | null = null;
    for (let i = 0; ; i++) {
      const p = await client.call<Progress>('GET', '/progress');
      progressMs.push(p.ms);
      check(p.status === 200, `GET /progress answered ${p.status}`);
      progress = p.body;
      if (!progress.running) break;
      const q = await client.call<Prediction>('POST', '/predict', { index: i % 10_000 });
      if (q.status === 200) predictMs.push(q.ms); // 409 until the first snapshot
      if (progress.step >= lastLog + 25 && q.status === 200) {
        lastLog = progress.step;
        console.log(`step ${progress.step}: loss ${progress.loss.toFixed(4)}; test image ${i % 10_000}: predicted ${q.body.predicted}, ` +
          `label ${q.body.label} (weights of step ${q.body.weightsStep})`);
      }
      if (fresh === null && progress.step >= steps / 2) {
        // On demand: a snapshot first (it waits for the worker's current batch to end), then the prediction.
        const f = await client.call<Prediction>('POST', '/predict', { index: 0, fresh: true });
        fresh = f.ms;
        check(f.status === 200 && f.body.weightsStep >= progress.step, `a fresh prediction answered ${f.status} with the weights of step ${f.body.weightsStep}`);
      }
      await sleep(10);
    }
    const loop = delay.stop();
    console.log(`training ended by ${progress.result?.stoppedBy} after ${progress.result?.steps} steps, ` +
      `test accuracy ${((progress.result?.valAccuracy ?? NaN) * 100).toFixed(2)}% (validated in the worker)`);
    console.log(`while it trained (${steps} steps, then validation), ${progress.snapshots} snapshots loaded:`);
    console.log(row('event-loop delay', loop));
    console.log(row('GET /progress', summarize(progressMs)));
    console.log(row('POST /predict', summarize(predictMs)));
    if (fresh !== null) console.log(`POST /predict with a fresh snapshot: ${fresh.toFixed(1)} ms (waits for the worker's batch to end)`);
    check(progress.result?.stoppedBy === 'end of training', `training ended by ${progress.result?.stoppedBy}`);
    check(predictMs.length > 0, 'no prediction was answered while training');

    // The main thread's copy now holds the final weights (the job's file): its accuracy must be the
    // worker's validation accuracy, up to the odd borderline image of a different batch size.
    const mainThread = predictor.accuracy();
    console.log(`test accuracy of the main thread's copy of the final weights: ${(mainThread * 100).toFixed(2)}%`);
    check(Math.abs(mainThread - (progress.result?.valAccuracy ?? -1)) <= 0.002, 'the main thread\'s copy does not hold the final weights');
    check(mainThread > 0.7, 'test accuracy below 70%');

    // /stop: a second run, stopped after a few steps. On a new connection: the accuracy above held
    // the event loop for seconds, past the server's keep-alive timeout (5 s), and a request on the
    // old connection would race the server closing it.
    client.close();
    client = new TimedClient(base);
    await client.call('POST', '/train', { epochs: 1 });
    let stopped: Progress;
    for (let sent = false; ; await sleep(20)) {
      stopped = (await client.call<Progress>('GET', '/progress')).body;
      if (!stopped.running) break;
      if (!sent && stopped.step >= 3) sent = (await client.call<{ stopping: boolean }>('POST', '/stop')).body.stopping;
    }
    console.log(`POST /stop: the second run ended by ${stopped.result?.stoppedBy} after ${stopped.result?.steps} steps`);
    check(stopped.result?.stoppedBy === 'stop request', `the stopped run ended by ${stopped.result?.stoppedBy}`);
  } finally {
    client.close();
  }
  for (const f of failures) console.error(`self-test failed: ${f}`);
  console.log(failures.length ? 'self-test FAILED' : 'self-test passed');
  return failures.length === 0;
}
