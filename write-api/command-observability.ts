import type { CommandBus } from '@nestjs/cqrs';
import { EventValidationError } from '../event-schemas/errors';
import type { CommandContext } from '../contexts/shared/command-context';
import { DomainError } from '../contexts/shared/domain-error';
import { ConcurrencyConflictError, PreconditionFailedError } from '../contexts/shared/stream-handler';
import { InvalidEventError, InvalidRevisionError, InvalidStreamIdError } from '../platform/event-store/errors';
import type { Logger } from '../platform/logger';
import { commandDuration, commands, type CommandOutcome } from '../platform/observability/metrics';
import { inSpan } from '../platform/observability/tracing';

/** How a command ended, as the commands_total outcome label: the alerts treat only `error` as a fault. */
export function commandOutcome(error: unknown): CommandOutcome {
  if (error === undefined) return 'accepted';
  if (error instanceof DomainError) return 'rejected';
  if (error instanceof ConcurrencyConflictError || error instanceof PreconditionFailedError) return 'conflict';
  if ((error instanceof EventValidationError && error.stage === 'encode') || error instanceof InvalidStreamIdError || error instanceof InvalidRevisionError || error instanceof InvalidEventError) return 'invalid';
  return 'error';
}

/** PlaceOrderCommand → PlaceOrder: one label value per command class. */
export function commandType(command: object): string {
  return command.constructor.name.replace(/Command$/, '') || 'unknown';
}

/**
 * Times, counts and traces every command sent through the bus, whoever sends it (the HTTP
 * controllers or the process manager), and logs its failures with the correlation and causation
 * ids. Wrapping the bus's execute covers every handler without touching any of them.
 */
export function observeCommandBus(bus: CommandBus, log: Logger): void {
  const execute = bus.execute.bind(bus) as (command: object, ...rest: unknown[]) => Promise<unknown>;
  const observed = async (command: object, ...rest: unknown[]): Promise<unknown> => {
    const type = commandType(command);
    const context = (command as { context?: Partial<CommandContext> }).context;
    const ids = { commandId: context?.commandId, correlationId: context?.correlationId, causationId: context?.causationId };
    const started = process.hrtime.bigint();
    let failure: unknown;
    try {
      return await inSpan(`command ${type}`, { attributes: { 'commerce.command': type, 'commerce.command_id': ids.commandId ?? '', 'commerce.correlation_id': ids.correlationId ?? '' } }, () => execute(command, ...rest));
    } catch (error) {
      failure = error ?? new Error('command failed without an error');
      throw error;
    } finally {
      const outcome = commandOutcome(failure);
      commands.inc({ type, outcome });
      commandDuration.observe({ type, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
      const lines = log.with(ids);
      if (outcome === 'error') lines.error('command failed', { command: type, error: failure });
      else lines.debug('command handled', { command: type, outcome });
    }
  };
  (bus as { execute: unknown }).execute = observed;
}
