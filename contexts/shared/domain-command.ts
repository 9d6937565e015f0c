import { Command } from '@nestjs/cqrs';
import type { CommandContext } from './command-context';
import type { CommandResult, HandleOptions } from './stream-handler';

/**
 * A command on the CommandBus: the decider's input, who/when/why, and the client's optimistic
 * concurrency expectation (If-Match). The bus dispatches on the class, so each command is a
 * class; the data stays plain so deciders never see framework types.
 */
export abstract class DomainCommand<Input> extends Command<CommandResult> {
  constructor(
    readonly input: Input,
    readonly context: CommandContext,
    readonly options: HandleOptions = {},
  ) {
    super();
  }
}
