/** `torchts launch`: the ranks of a distributed job on this machine, as torchrun starts them. @module */
import type { CAC } from 'cac';

interface LaunchFlags {
  nprocPerNode?: number;
  nnodes?: number;
  nodeRank?: number;
  masterAddr?: string;
  masterPort?: number;
}

/** Registers `launch` on the command line. */
export function registerLaunch(cli: CAC): void {
  cli
    .command('launch <script> [...args]', 'Run a script as the ranks of a distributed job (torchrun\'s environment: RANK, WORLD_SIZE, MASTER_ADDR, ...)')
    .option('--nproc-per-node <n>', 'Ranks on this machine (required)')
    .option('--nnodes <n>', 'Machines in the job', { default: 1 })
    .option('--node-rank <r>', 'This machine\'s index', { default: 0 })
    .option('--master-addr <host>', 'Address of the machine with rank 0', { default: '127.0.0.1' })
    .option('--master-port <port>', 'Its rendezvous port (default: a free one with one machine, 29500 with several)')
    .example('torchts launch --nproc-per-node 2 dist/train.js --epochs 3')
    .example('torchts launch --nnodes 2 --node-rank 0 --nproc-per-node 4 --master-addr 10.0.0.1 --master-port 29500 dist/train.js')
    .allowUnknownOptions()
    .action(async (script: string, _args: string[], flags: LaunchFlags) => {
      if (flags.nprocPerNode === undefined) throw new Error('--nproc-per-node is required: how many ranks to start on this machine');
      // Everything after the script is the script's, options included, as with torchrun.
      const argv = process.argv;
      const args = argv.slice(argv.indexOf(script, argv.indexOf('launch') + 1) + 1);
      const { launch } = await import('../distributed/launch.js');
      process.exitCode = await launch({
        script, args, nprocPerNode: Number(flags.nprocPerNode), nnodes: Number(flags.nnodes), nodeRank: Number(flags.nodeRank),
        masterAddr: flags.masterAddr, masterPort: flags.masterPort === undefined ? undefined : Number(flags.masterPort),
      });
    });
}
