/**
 * One rank of bench/ddp.ts (torchts side): the Fashion-MNIST MLP or CNN of bench/train-throughput.ts
 * trained with fused AdamW on a fixed random batch, its share of the global batch per rank, in
 * DistributedDataParallel when WORLD_SIZE > 1. Rank 0 prints one JSON line `{ samplesPerSec }`
 * (global samples: the global batch per step). bench/ddp_worker.py is the PyTorch side.
 *
 *   node dist/bench/ddp-worker.js <mlp|cnn> <globalBatch> <steps>   (under torchts launch for 2 ranks)
 */
import { type Tensor, distributed as dist, nn, optim, torch } from '../lib/index.js';

const [name, globalArg, stepsArg] = process.argv.slice(2);
const globalBatch = Number(globalArg);
const steps = Number(stepsArg);
const world = Number(process.env.WORLD_SIZE ?? '1');
torch.setNumThreads(1);
if (world > 1) await dist.initProcessGroup();
const rank = world > 1 ? dist.getRank() : 0;

torch.manualSeed(0);
const model = name === 'mlp'
  ? new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10))
  : new nn.Sequential(new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Conv2d(32, 64, 3, { padding: 1 }),
    new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(64 * 7 * 7, 10));
const net = world > 1 ? new nn.parallel.DistributedDataParallel(model) : model;
const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 }); // always ATen's fused kernel
const local = globalBatch / world;
const x = torch.randn([globalBatch, 1, 28, 28]).narrow(0, rank * local, local).contiguous();
const y = torch.randint(0, 10, [globalBatch]).narrow(0, rank * local, local).contiguous();

const step = () => torch.tidy(() => {
  opt.zeroGrad();
  nn.functional.crossEntropy(net.forward(x) as Tensor, y).backward();
  opt.step();
});
for (let i = 0; i < 5; i++) step();
if (world > 1) dist.barrier();
const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
if (world > 1) dist.barrier();
const seconds = (performance.now() - t0) / 1000;
if (rank === 0) console.log(JSON.stringify({ samplesPerSec: (steps * globalBatch) / seconds }));
if (world > 1) dist.destroyProcessGroup();
