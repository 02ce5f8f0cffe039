// One rank of a multi-process test (test/distributed/*.test.ts), in plain JavaScript: child
// processes load the compiled library. The test starts one process per rank with torchrun's
// variables (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE) and a scenario name; the rank prints one
// line `RESULT <json>` with what it saw, and the test compares the ranks' results.
import { existsSync, writeFileSync } from 'node:fs';

const lib = await import(process.env.TORCHTS_DIST_URL);
const { distributed: dist, torch } = lib;
const [scenario, arg] = process.argv.slice(2);
const report = (value) => console.log(`RESULT ${JSON.stringify(value)}`);
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 20000);

const scenarios = {
  async collectives() {
    await dist.initProcessGroup({ timeoutMs });
    const rank = dist.getRank();
    const size = dist.getWorldSize();
    const out = { rank, size, backend: dist.getBackend(), byDtype: {} };
    for (const dtype of ['float32', 'float16', 'bfloat16', 'int64']) {
      const base = () => torch.tensor([1, -2, 3, 4], { dtype }).mul(rank + 1);
      const r = {};
      for (const op of ['sum', 'min', 'max', 'product', ...(dtype === 'int64' ? [] : ['avg'])]) {
        const t = base();
        dist.allReduce(t, { op });
        r[op] = t.toArray();
      }
      const b = base();
      dist.broadcast(b, 1);
      r.broadcast = b.toArray();
      const gathered = [torch.zeros([4], { dtype }), torch.zeros([4], { dtype })];
      dist.allGather(gathered, base());
      r.allGather = gathered.map((t) => t.toArray());
      const shard = torch.zeros([2], { dtype });
      dist.reduceScatter(shard, [torch.tensor([1, 2], { dtype }).mul(rank + 1), torch.tensor([3, 4], { dtype }).mul(rank + 1)]);
      r.reduceScatter = shard.toArray();
      out.byDtype[dtype] = r;
    }
    // Point to point, both directions, with tags.
    const mine = torch.tensor([rank * 10 + 1, rank * 10 + 2]);
    const theirs = torch.zeros([2], { dtype: 'int64' });
    const peer = 1 - rank;
    if (rank === 0) {
      dist.send(mine, peer, { tag: 7 });
      dist.recv(theirs, peer, { tag: 8 });
    } else {
      dist.recv(theirs, peer, { tag: 7 });
      dist.send(mine, peer, { tag: 8 });
    }
    out.received = theirs.toArray();
    // The async forms: the event loop turns while the collective waits for the other rank.
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const t = torch.ones([3]).mul(rank + 1);
    if (rank === 1) await new Promise((r) => setTimeout(r, 200));
    const work = dist.allReduce(t, { asyncOp: true, op: 'avg' });
    await work.wait();
    clearInterval(ticker);
    out.async = { value: t.toArray(), completed: work.isCompleted(), loopTurnedWhileWaiting: rank === 0 ? turns > 0 : true };
    const recvWork = dist.irecv(torch.zeros([1]), peer);
    const sendWork = dist.isend(torch.full([1], rank, { dtype: 'float32' }), peer);
    await Promise.all([sendWork.wait(), recvWork.wait()]);
    // A barrier holds: rank 1 writes a file just before it; rank 0 must see it just after.
    if (rank === 1) writeFileSync(arg, 'here');
    else await new Promise((r) => setTimeout(r, 100));
    await dist.barrier({ asyncOp: true }).wait();
    out.barrierSawFile = rank === 0 ? existsSync(arg) : true;
    // Sub-groups: every rank calls newGroup, in the same order; non-members get null.
    const all = await dist.newGroup([0, 1]);
    const onlyOne = await dist.newGroup([1]);
    const s = torch.tensor([rank + 1]);
    dist.allReduce(s, { group: all });
    out.groups = {
      all: s.toArray(), onlyOneIsNull: onlyOne === null, onlyOneSize: onlyOne?.size ?? null, onlyOneRank: onlyOne?.rank ?? null,
    };
    dist.destroyProcessGroup();
    out.initializedAfterDestroy = dist.isInitialized();
    report(out);
  },

  // DDP training, or with WORLD_SIZE=1 the reference: the same model on the whole batch. arg is a
  // JSON config: { optimizer: 'sgd' | 'adamw', accumulate, batchNorm, syncBatchNorm, unusedBranch, findUnused, steps }.
  async ddp() {
    const cfg = { optimizer: 'sgd', accumulate: 1, batchNorm: false, unusedBranch: false, steps: 20, ...JSON.parse(arg) };
    const world = Number(process.env.WORLD_SIZE);
    const b = 8; // samples per rank; the reference takes world * b = 16
    if (world > 1) await dist.initProcessGroup({ timeoutMs });
    const rank = world > 1 ? dist.getRank() : 0;
    // Rank 1 starts from other weights: DDP must copy rank 0's.
    torch.manualSeed(100 + rank);
    const { nn, optim } = lib;
    class Net extends nn.Module {
      body = new nn.Sequential(
        new nn.Linear(8, 16), ...(cfg.batchNorm ? [new nn.BatchNorm1d(16)] : []), new nn.ReLU(), new nn.Linear(16, 4));
      unused = cfg.unusedBranch ? new nn.Linear(8, 4) : null;
      forward(x) {
        return this.body.forward(x);
      }
    }
    let model = new Net();
    // SyncBatchNorm on the ranks; the reference keeps BatchNorm1d, on the whole batch.
    if (cfg.syncBatchNorm && world > 1) model = nn.SyncBatchNorm.convertSyncBatchnorm(model);
    const findUnusedParameters = cfg.findUnused ?? cfg.unusedBranch;
    const net = world > 1 ? new nn.parallel.DistributedDataParallel(model, { findUnusedParameters }) : model;
    const opt = cfg.optimizer === 'sgd'
      ? new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
      : new optim.AdamW(model.parameters(), { lr: 1e-2 });
    torch.manualSeed(7);
    const xs = torch.randn([cfg.steps * cfg.accumulate, 2 * b, 8]);
    const ys = xs.narrow(2, 0, 4).argmax(2);
    const rows = (t, i) => {
      const batch = t.select(0, i);
      return world > 1 ? batch.narrow(0, rank * b, b) : batch;
    };
    // The first weight's gradient summed, after each micro-batch of the first step: local inside
    // noSync (so it differs between ranks), averaged after the last micro-batch (so it agrees).
    const gradSums = [];
    try {
      for (let step = 0; step < cfg.steps; step++) {
        for (let m = 0; m < cfg.accumulate; m++) {
          const i = step * cfg.accumulate + m;
          const microBatch = () => torch.tidy(() => {
            const loss = nn.functional.crossEntropy(net.forward(rows(xs, i)), rows(ys, i)).div(cfg.accumulate);
            loss.backward();
          });
          if (world > 1 && m < cfg.accumulate - 1) net.noSync(microBatch);
          else microBatch();
          if (step === 0) gradSums.push(torch.tidy(() => model.body.at(0).weight.grad.sum().item()));
        }
        opt.step();
        opt.zeroGrad();
      }
    } catch (e) {
      report({ error: { code: e.code, message: e.message } });
      return;
    }
    const weights = Object.fromEntries([...model.namedParameters()].map(([k, p]) => [k, Array.from(p.data())]));
    const buffers = Object.fromEntries([...model.namedBuffers()].map(([k, b]) => [k, Array.from(b.data(), Number)]));
    const layers = [...model.namedModules()].map(([, m]) => m.constructor.name);
    report({ weights, buffers, layers, gradSums, ddpKeys: world > 1 ? Object.keys(net.stateDict()).slice(0, 2) : null,
      buckets: world > 1 ? net.bucketSizes() : null });
    if (world > 1) dist.destroyProcessGroup();
  },

  // A Python process (test/helpers/dist_rank.py) is the other rank of the same group.
  async interop() {
    await dist.initProcessGroup({ timeoutMs });
    const t = torch.tensor([1.5, -2, 3]).mul(dist.getRank() + 1);
    dist.allReduce(t);
    const b = torch.zeros([3]);
    dist.broadcast(b, 0);
    dist.barrier();
    dist.destroyProcessGroup();
    report({ sum: t.toArray(), broadcast: b.toArray() });
  },

  // Joins and reports the error, if any (the ranks of the test disagree on WORLD_SIZE).
  async join() {
    try {
      await dist.initProcessGroup({ timeoutMs });
      report({ error: null });
    } catch (e) {
      report({ error: { code: e.code, message: e.message } });
    }
  },

  // Rank 1 dies before the collective; rank 0's must fail within the timeout, not hang.
  async lostRank() {
    await dist.initProcessGroup({ timeoutMs });
    if (dist.getRank() === 1) process.exit(3);
    try {
      dist.allReduce(torch.ones([1000]));
      report({ error: null });
    } catch (e) {
      report({ error: { name: e.name, code: e.code, message: e.message } });
    }
  },
};

await scenarios[scenario]();
