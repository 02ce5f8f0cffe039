// A script for test/distributed/launch.test.ts, run by `torchts launch` and by torchrun: joins the
// group from the environment, all-reduces its rank, and prints what it saw. argv[2] 'fail' makes
// rank 1 exit with code 3 before joining (the others then wait in the rendezvous until stopped).
const { distributed: dist, torch } = await import(process.env.TORCHTS_DIST_URL);
if (process.argv[2] === 'fail' && process.env.RANK === '1') {
  console.error('rank 1 fails on purpose');
  process.exit(3);
}
await dist.initProcessGroup({ timeoutMs: 30_000 });
const t = torch.tensor([dist.getRank() + 1]);
dist.allReduce(t);
console.log(`rank ${dist.getRank()} of ${dist.getWorldSize()}: sum ${t.item()}, LOCAL_RANK ${process.env.LOCAL_RANK}, args ${process.argv.slice(2).join(' ')}`);
dist.destroyProcessGroup();
