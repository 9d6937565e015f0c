#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { CONFIG_DOCS } from '../platform/config';

type Register = (program: Command) => void;

/*
 * Each top-level command and the module that registers it. Modules are loaded only when needed:
 * the services pull in NestJS, the database clients and more, which a tool such as
 * `commerce events export` should not carry in memory. `--help` (or an unknown command) loads all.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const modules: Record<string, () => Register[]> = {
  serve: () => [require('./commands/serve.command').registerServeCommands],
  projections: () => [require('./commands/projections.command').registerProjectionCommands],
  integration: () => [require('./commands/integration.command').registerIntegrationCommands],
  db: () => [require('./commands/db.command').registerDbCommands],
  audit: () => [require('./commands/audit.command').registerAuditCommands],
  events: () => [require('./commands/events.command').registerEventsCommands],
  replay: () => [require('./commands/replay.command').registerReplayCommand],
  gateway: () => [require('./commands/payment-gateway.command').registerPaymentGatewayCommand],
  token: () => [require('./commands/token.command').registerTokenCommand],
};
/* eslint-enable @typescript-eslint/no-require-imports */

const moduleOf: Record<string, keyof typeof modules> = {
  start: 'serve', 'write-api': 'serve', 'read-api': 'serve', 'process-manager': 'serve',
  projector: 'projections', projections: 'projections',
  relay: 'integration', notifier: 'integration',
  db: 'db', audit: 'audit', events: 'events', replay: 'replay', 'payment-gateway': 'gateway', token: 'token',
};

/** The program with every command, or (given the command line) just the module its command needs. */
export function buildProgram(argv: string[] = []): Command {
  const program = new Command('commerce')
    .description('Event-sourced commerce platform: every role and tool in one command')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\nConfiguration (environment variables):\n${CONFIG_DOCS.map((c) => `  ${c.name.padEnd(22)} ${c.meaning} [default: ${c.default}]`).join('\n')}\n`);
  const wanted = moduleOf[argv[2] ?? ''];
  const needed = wanted ? [wanted] : (Object.keys(modules) as (keyof typeof modules)[]);
  for (const name of needed) for (const register of modules[name]!()) register(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram(argv).exitOverride().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    const e = error as Error & { code?: string };
    process.stderr.write(`commerce: ${e.message}${e.code ? ` [${e.code}]` : ''}\n`);
    if (process.env.LOG_LEVEL === 'debug' && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
