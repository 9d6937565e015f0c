import type { Command } from 'commander';
import { verifyAllStreams, verifyStream, type VerifyReport } from '../../platform/event-store/chain-verifier';
import { openRuntime } from '../../platform/runtime';
import { ProgressBar } from '../progress';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('tools for auditors: tamper evidence');

  audit
    .command('verify')
    .description('recompute the SHA-256 hash chain of every stream (or one) and report the first broken link per stream; exit code 2 when one is broken')
    .option('--stream <id>', 'verify only this stream')
    .option('--json', 'print the report as JSON')
    .action(async (options: { stream?: string; json?: boolean }) => {
      // Raw codec: hashes cover the payloads as stored, before any upcasting.
      const runtime = await openRuntime({ role: 'audit', codec: 'raw' });
      let report: VerifyReport;
      try {
        if (options.stream) {
          report = await verifyStream(runtime.eventStore, options.stream);
        } else {
          const total = await runtime.eventStore.estimateEventCount?.();
          const bar = new ProgressBar('verifying', total);
          report = await verifyAllStreams(runtime.eventStore, { onProgress: (p) => bar.update(p.events) });
          bar.finish(report.events);
        }
      } finally {
        await runtime.close();
      }
      if (options.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else {
        process.stdout.write(`checked ${report.events.toLocaleString('en-US')} events in ${report.streams.toLocaleString('en-US')} streams up to position ${report.position}\n`);
        if (report.breaks.length === 0) process.stdout.write('every hash chain is intact\n');
        for (const b of report.breaks) {
          process.stdout.write(`BROKEN ${b.streamId} at revision ${b.revision} (event ${b.eventId}, position ${b.position}): ${b.reason}: ${b.detail}\n`);
        }
      }
      if (report.breaks.length > 0) process.exitCode = 2;
    });
}
