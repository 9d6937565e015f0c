#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { CONFIG_DOCS } from '../platform/config';
import { registerAuditCommands } from './commands/audit.command';
import { registerDbCommands } from './commands/db.command';
import { registerIntegrationCommands } from './commands/integration.command';
import { registerEventsCommands } from './commands/events.command';
import { registerPaymentGatewayCommand } from './commands/payment-gateway.command';
import { registerProjectionCommands } from './commands/projections.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerServeCommands } from './commands/serve.command';
import { registerTokenCommand } from './commands/token.command';

export function buildProgram(): Command {
  const program = new Command('commerce')
    .description('Event-sourced commerce platform: every role and tool in one command')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\nConfiguration (environment variables):\n${CONFIG_DOCS.map((c) => `  ${c.name.padEnd(22)} ${c.meaning} [default: ${c.default}]`).join('\n')}\n`);
  registerServeCommands(program);
  registerProjectionCommands(program);
  registerIntegrationCommands(program);
  registerDbCommands(program);
  registerAuditCommands(program);
  registerEventsCommands(program);
  registerReplayCommand(program);
  registerPaymentGatewayCommand(program);
  registerTokenCommand(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram().exitOverride().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    const e = error as Error & { code?: string };
    process.stderr.write(`commerce: ${e.message}${e.code ? ` [${e.code}]` : ''}\n`);
    if (process.env.LOG_LEVEL === 'debug' && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
