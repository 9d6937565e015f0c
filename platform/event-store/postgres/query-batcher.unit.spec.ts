import { QueryBatcher } from './query-batcher';

/** A `run` whose calls stay open until the test answers them, so what runs at once is under the test's control. */
function controlledRun() {
  const calls: { inputs: string[]; answer(): void; fail(error: Error): void }[] = [];
  const run = (inputs: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ inputs, answer: () => resolve(inputs.map((i) => `${i}@${calls.length}`)), fail: reject });
    });
  return { calls, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('QueryBatcher', () => {
  it('sends a call at once while fewer than maxInFlight run, and the calls that arrive meanwhile together in one later run', async () => {
    const { calls, run } = controlledRun();
    const batcher = new QueryBatcher(2, 10, run);
    const first = batcher.submit('a');
    const second = batcher.submit('b');
    const waiting = ['c', 'd', 'e'].map((input) => batcher.submit(input));
    await settle();
    expect(calls.map((c) => c.inputs)).toEqual([['a'], ['b']]);
    calls[0]!.answer();
    await expect(first).resolves.toBe('a@2');
    await settle();
    expect(calls.map((c) => c.inputs)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[2]!.answer();
    calls[1]!.answer();
    await expect(Promise.all(waiting)).resolves.toEqual(['c@3', 'd@3', 'e@3']);
    await expect(second).resolves.toBe('b@3');
  });

  it('never answers a call from a run that started before it was made', async () => {
    const { calls, run } = controlledRun();
    const batcher = new QueryBatcher(1, 10, run);
    const early = batcher.submit('head');
    await settle();
    // The same input again while the first run is out: it must wait for a run of its own, since
    // the first one may have read before whatever the caller did just now.
    const late = batcher.submit('head');
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]!.answer();
    await expect(early).resolves.toBe('head@1');
    await settle();
    expect(calls.map((c) => c.inputs)).toEqual([['head'], ['head']]);
    calls[1]!.answer();
    await expect(late).resolves.toBe('head@2');
  });

  it('rejects every call of a failed run with its error, and goes on with the next calls', async () => {
    const { calls, run } = controlledRun();
    const batcher = new QueryBatcher(1, 10, run);
    const alone = batcher.submit('a');
    const together = ['b', 'c', 'd'].map((input) => batcher.submit(input));
    const failure = new Error('connection lost');
    calls[0]!.fail(failure);
    await expect(alone).rejects.toBe(failure);
    await settle();
    expect(calls[1]!.inputs).toEqual(['b', 'c', 'd']);
    calls[1]!.fail(failure);
    await Promise.all(together.map((call) => expect(call).rejects.toBe(failure)));
    const after = batcher.submit('e');
    await settle();
    calls[2]!.answer();
    await expect(after).resolves.toBe('e@3');
  });

  it('splits what waits into runs of at most maxBatch', async () => {
    const { calls, run } = controlledRun();
    const batcher = new QueryBatcher(1, 2, run);
    const all = ['a', 'b', 'c', 'd', 'e'].map((input) => batcher.submit(input));
    for (let i = 0; i < 3; i++) {
      await settle();
      calls[i]!.answer();
    }
    await Promise.all(all);
    expect(calls.map((c) => c.inputs)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });
});
