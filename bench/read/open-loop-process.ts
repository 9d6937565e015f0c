/**
 * The open-loop GET generator in a process of its own (forked by `openLoopInChild`), so that
 * nothing else the benchmark does (the background orders, the subscribers, the CPU sampling, its
 * garbage) delays a send or the reading of an answer. It runs one open loop and reports it back.
 */
import { openLoop, type OpenLoopOptions } from './get-latency';

process.once('message', (options: OpenLoopOptions) => {
  openLoop(options)
    .then((result) => process.send!({ result }, () => process.exit(0)))
    .catch((error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)));
});
