# The Python rank of test/distributed/collectives.test.ts's interop case: PyTorch's own
# torch.distributed, in the same group as a torchts rank (env:// from the test).
import json
from datetime import timedelta

import torch
import torch.distributed as dist

dist.init_process_group('gloo', timeout=timedelta(seconds=20))
t = torch.tensor([1.5, -2, 3]) * (dist.get_rank() + 1)
dist.all_reduce(t)
b = torch.tensor([4.0, 5, 6]) if dist.get_rank() == 0 else torch.zeros(3)
dist.broadcast(b, 0)
dist.barrier()
dist.destroy_process_group()
print('RESULT ' + json.dumps({'sum': t.tolist(), 'broadcast': b.tolist()}), flush=True)
