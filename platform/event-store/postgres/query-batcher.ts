/**
 * Combines calls that arrive while `maxInFlight` are already running into one call of `run`,
 * which answers every input in order. A call arriving with nothing running goes at once, so
 * batching costs nothing at low load and saves a round trip per call under load. If `run` fails,
 * every call of that batch fails with its error.
 */
export class QueryBatcher<I, O> {
  private readonly queue: { input: I; resolve(output: O): void; reject(error: unknown): void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
    private readonly run: (inputs: I[]) => Promise<O[]>,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch.map((call) => call.input))
        .then(
          (outputs) => batch.forEach((call, i) => (i < outputs.length ? call.resolve(outputs[i]!) : call.reject(new Error('a batched query gave no answer for this call')))),
          (error: unknown) => batch.forEach((call) => call.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }
}
