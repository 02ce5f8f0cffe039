// A Trainer with strategy 'ddp', run by `torchts launch` in test/distributed/trainer.test.ts.
// argv: <mode> <dir>. mode 'straight' trains 3 epochs; 'first' trains 2 with a ModelCheckpoint in
// <dir>/rank<RANK> (only rank 0 may write one); 'resume' continues from rank 0's last.ckpt to epoch 3;
// 'syncbn' trains a model with BatchNorm for 1 epoch with ddp: { syncBatchNorm: true }.
// Rank 0 writes the final weights to <dir>/<mode>.safetensors; each rank prints `RESULT <json>`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const lib = await import(process.env.TORCHTS_DIST_URL);
const { Trainer, ModelCheckpoint, ProgressBar, data, nn, optim, serialize, torch } = lib;
const [mode, dir] = process.argv.slice(2);
const rank = process.env.RANK;

torch.manualSeed(0);
const x = torch.randn([96, 8]);
const y = x.narrow(1, 0, 4).argmax(1);
const xv = torch.randn([40, 8]);
const yv = xv.narrow(1, 0, 4).argmax(1);
torch.manualSeed(10 + Number(rank)); // different initial weights per rank: DDP starts every rank from rank 0's
const model = mode === 'syncbn'
  ? new nn.Sequential(new nn.Linear(8, 16), new nn.BatchNorm1d(16), new nn.ReLU(), new nn.Linear(16, 4))
  : new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(16, 4));
const checkpoints = join(dir, `rank${rank}`);
const callbacks = [new ProgressBar()];
if (mode === 'first') callbacks.push(new ModelCheckpoint({ dirpath: checkpoints, monitor: 'valLoss', saveLast: true }));
const trainer = new Trainer({
  model, optimizer: new optim.AdamW(model.parameters(), { lr: 1e-2 }), loss: nn.functional.crossEntropy, strategy: 'ddp',
  accumulateGradBatches: 2, seed: 3, callbacks, metrics: { accuracy: lib.accuracy },
  ...(mode === 'syncbn' ? { ddp: { syncBatchNorm: true } } : {}),
});
const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 8, shuffle: true, seed: 1 });
const valLoader = new data.DataLoader(new data.TensorDataset(xv, yv), { batchSize: 10 });
const history = await trainer.fit(loader, {
  epochs: mode === 'first' ? 2 : mode === 'syncbn' ? 1 : 3, valLoader, ...(mode === 'resume' ? { resumeFrom: join(dir, 'rank0', 'last.ckpt') } : {}),
});
if (trainer.isGlobalZero) serialize.saveFile(model.stateDict(), join(dir, `${mode}.safetensors`));
console.log(`RESULT ${JSON.stringify({
  rank: trainer.globalRank, worldSize: trainer.worldSize, batchesPerEpoch: trainer.batchesPerEpoch,
  epochs: history.epochs.map((e) => ({ trainLoss: e.trainLoss, valLoss: e.valLoss, valAccuracy: e.valAccuracy })),
  steps: history.steps.length, checkpoints: existsSync(checkpoints) ? readdirSync(checkpoints).sort() : null,
  weights: Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, Array.from(t.data(), Number)])),
  layers: model.modules().map((m) => m.constructor.name),
})}`);
