// A training job module for test/train/job.test.ts, in plain JavaScript (workers load JS only). Its
// default export builds a seeded Trainer on toy data; `args.mode` makes it fail in chosen ways.
// args: { mode?, epochs?, seed?, failAt?, gate?, checkpointDir?, resumeFrom?, out?, batchSize?, trainer? }
// (`trainer`: more Trainer options, e.g. precision and accumulation).
// A user's module imports 'torchts'; this one imports the compiled library the test names.
const { Trainer, data, nn, optim, torch, ModelCheckpoint, serialize } = await import(process.env.TORCHTS_JOB_DIST);

export function build(args) {
  torch.manualSeed(args.seed ?? 0);
  const x = torch.randn([96, 8]);
  const y = x.narrow(1, 0, 4).argmax(1);
  const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 4));
  const callbacks = [];
  if (args.checkpointDir) callbacks.push(new ModelCheckpoint({ dirpath: args.checkpointDir, monitor: 'trainLoss', saveLast: true }));
  if (args.failAt !== undefined) {
    callbacks.push({ onBatchEnd: (_t, log) => {
      if (log.step < args.failAt) return;
      if (args.mode === 'throw') throw new RangeError(`failing on purpose at step ${log.step}`);
      if (args.mode === 'torch') torch.ones([2]).add(torch.ones([3]));
      if (args.mode === 'exit') process.exit(3);
    } });
  }
  if (args.gate) {
    // Holds the worker at the end of step gate.step until the test releases it (Atomics on shared
    // memory), so that what the test sends meanwhile arrives at a known batch, on any machine.
    const flag = new Int32Array(args.gate.buffer);
    callbacks.push({ onBatchEnd: (_t, log) => { if (log.step === args.gate.step && log.optimizerStep) Atomics.wait(flag, 0, 0); } });
  }
  if (args.out) callbacks.push({ onTrainEnd: (t) => serialize.saveFile(t.model.stateDict(), args.out) });
  const trainer = new Trainer({ model, optimizer: new optim.AdamW(model.parameters(), { lr: 1e-2 }), loss: nn.functional.crossEntropy,
    callbacks, seed: args.seed ?? 0, ...args.trainer });
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: args.batchSize ?? 16, shuffle: true, seed: 1 });
  return { trainer, loader, options: { epochs: args.epochs ?? 2, ...(args.resumeFrom ? { resumeFrom: args.resumeFrom } : {}) } };
}

export default async function (args) {
  if (args.mode === 'throwBuild') throw new TypeError('the job module failed while building');
  if (args.mode === 'badShape') return { model: 1 };
  return build(args);
}
