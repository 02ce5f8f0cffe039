/** `torchts bench amp`: the fp16-vs-fp32 benchmark. @module */
import { writeFileSync } from 'node:fs';
import type { CAC } from 'cac';

/** Registers `bench` on the command line. */
export function registerBench(cli: CAC): void {
  cli
    .command('bench <name>', 'Run a benchmark; `amp`: the same model trained in fp32, fp16-mixed and bf16-mixed, side by side')
    .option('--device <device>', 'cpu or cuda', { default: 'cpu' })
    .option('--model <model>', 'cnn (Fashion-MNIST-sized), resnet (ResNet-style, 32×32 RGB) or transformer', { default: 'cnn' })
    .option('--batch <n>', 'Batch size', { default: 64 })
    .option('--steps <n>', 'Timed steps per repeat', { default: 30 })
    .option('--warmup <n>', 'Untimed steps first', { default: 5 })
    .option('--repeats <n>', 'Repeats (the median is reported)', { default: 3 })
    .option('--modes <list>', 'Comma-separated precision modes (default: 32-true,16-mixed,bf16-mixed on CUDA; 32-true,bf16-mixed on CPU)')
    .option('--json', 'Print JSON for scripts')
    .option('--svg <file>', 'Also write the results as an SVG chart')
    .example('torchts bench amp --device cuda --model resnet --batch 256 --steps 50 --svg amp.svg')
    .action(async (name: string, o: { device: string; model: string; batch: number; steps: number; warmup: number; repeats: number;
      modes?: string; json?: boolean; svg?: string }) => {
      if (name !== 'amp') {
        console.error(`Unknown benchmark '${name}'. Available: amp`);
        process.exitCode = 1;
        return;
      }
      const { ampChart, benchAmp, formatAmpReport } = await import('../bench/amp.js');
      const report = await benchAmp({ device: o.device as 'cpu' | 'cuda', model: o.model, batch: Number(o.batch), steps: Number(o.steps),
        warmup: Number(o.warmup), repeats: Number(o.repeats), modes: o.modes?.split(',') as never });
      console.log(o.json ? JSON.stringify(report, null, 2) : formatAmpReport(report));
      if (o.svg) {
        writeFileSync(o.svg, ampChart(report));
        if (!o.json) console.log(`chart written to ${o.svg}`);
      }
    });
}
