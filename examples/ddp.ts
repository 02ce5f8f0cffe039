/**
 * Data-parallel training of a Fashion-MNIST MLP on several processes: the Trainer's
 * `strategy: 'ddp'` joins the job's process group, gives each rank its share of every epoch, averages
 * gradients across ranks during backward (c10d's Reducer over Gloo) and lets rank 0 alone print and
 * write the weights.
 *
 *   npm run build:ts
 *   npx torchts launch --nproc-per-node 2 dist/examples/ddp.js --epochs 2
 *   torchrun --nproc-per-node 2 --no-python node dist/examples/ddp.js        # the same, under PyTorch's launcher
 *
 * On several machines, start the same command on each with --nnodes, --node-rank, --master-addr and
 * --master-port (README, "Training on several processes and machines").
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgressBar, Trainer, accuracy, data, distributed, nn, optim, serialize, torch } from '../lib/index.js';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '2' }, batch: { type: 'string', default: '64' }, lr: { type: 'string', default: '2e-3' },
    out: { type: 'string', default: 'build/ddp/model.safetensors' },
  },
});
const epochs = Number(args.epochs);
const batchSize = Number(args.batch); // per rank: the global batch is batch × world size

await distributed.initProcessGroup();
const world = distributed.getWorldSize();
torch.manualSeed(0);
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(256, 10));
const train = new data.FashionMNIST({ train: true }); // images in [0, 1]
const test = new data.FashionMNIST({ train: false });
const optimizer = new optim.AdamW(model.parameters(), { lr: Number(args.lr) });
// One optimizer step per global batch: the schedule counts the steps of one rank's share.
const stepsPerEpoch = Math.ceil(Math.ceil(train.length / world) / batchSize);
const scheduler = new optim.lr.OneCycleLR(optimizer, { maxLr: Number(args.lr), totalSteps: epochs * stepsPerEpoch });
const trainer = new Trainer({
  model, optimizer, scheduler, loss: nn.functional.crossEntropy, metrics: { accuracy }, strategy: 'ddp', seed: 0,
  callbacks: [new ProgressBar()],
});
const started = performance.now();
const history = await trainer.fit(new data.DataLoader(train, { batchSize, shuffle: true, seed: 0 }), {
  epochs, valLoader: new data.DataLoader(test, { batchSize: 500 }),
});
if (trainer.isGlobalZero) {
  const last = history.epochs.at(-1)!;
  console.log(`${world} ranks × batch ${batchSize}: test accuracy ${(100 * (last.valAccuracy as number)).toFixed(2)}% after ${epochs} epochs ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s; weights in ${args.out}`);
  mkdirSync(dirname(args.out!), { recursive: true });
  serialize.saveFile(model.stateDict(), args.out!);
}
distributed.destroyProcessGroup();
