import { createLogger } from './logger';

/** Runs `work` and returns what it wrote to stderr, line by line. */
function stderrOf(work: () => void): string[] {
  const lines: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    work();
  } finally {
    process.stderr.write = original;
  }
  return lines;
}

describe('the logger', () => {
  it('writes one JSON object per line with level, time, component and message, at or above its level', () => {
    const lines = stderrOf(() => {
      const log = createLogger('write-api', 'info', 'json');
      log.debug('not shown');
      log.info('listening', { port: 3000 });
      log.child('http').error('failed', { error: Object.assign(new Error('boom'), { code: 'E_BOOM' }) });
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), component: 'write-api', msg: 'listening', port: 3000 },
      { level: 'error', time: expect.any(String), component: 'write-api:http', msg: 'failed', error: { name: 'Error', message: 'boom', code: 'E_BOOM' } },
    ]);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('puts correlation and causation ids on every line of a logger made for a command or an event', () => {
    const lines = stderrOf(() => {
      const log = createLogger('process-manager', 'debug', 'json').with({ correlationId: 'order-1', causationId: 'event-9' });
      log.info('step sent');
      log.child('commands').warn('refused', { code: 'X' });
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ component: 'process-manager', correlationId: 'order-1', causationId: 'event-9', msg: 'step sent' }),
      expect.objectContaining({ component: 'process-manager:commands', correlationId: 'order-1', causationId: 'event-9', msg: 'refused', code: 'X' }),
    ]);
  });

  it('writes a short readable line in the text format', () => {
    const [line] = stderrOf(() => createLogger('projector', 'info', 'text').with({ correlationId: 'c-1' }).warn('behind', { lag: 3 }));
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[projector\] behind \{"correlationId":"c-1","lag":3\}\n$/);
  });
});
