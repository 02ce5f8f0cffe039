/**
 * fp16 against fp32 (see lib/bench/amp.ts): the same as `torchts bench amp`.
 *
 *   node dist/bench/amp.js --device cuda --model cnn --batch 256 --steps 50
 *   node dist/bench/amp.js --device cpu --modes 32-true,bf16-mixed --json
 */
import { parseArgs } from 'node:util';
import type { amp } from '../lib/index.js';
import { benchAmp, formatAmpReport } from '../lib/bench/amp.js';

const { values } = parseArgs({
  options: {
    device: { type: 'string', default: 'cpu' },
    model: { type: 'string', default: 'cnn' },
    batch: { type: 'string', default: '64' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
    modes: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const report = await benchAmp({
  device: values.device as 'cpu' | 'cuda', model: values.model, batch: Number(values.batch), steps: Number(values.steps),
  warmup: Number(values.warmup), repeats: Number(values.repeats), modes: values.modes?.split(',') as amp.PrecisionMode[] | undefined,
});
console.log(values.json ? JSON.stringify(report, null, 2) : formatAmpReport(report));
