import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '../../platform/auth/principal';
import { EVENT_STORE } from '../../platform/di-tokens';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { UniqueClaims } from '../../platform/uniqueness/unique-claims';
import { DomainError } from '../shared/domain-error';
import { StreamHandler } from '../shared/stream-handler';
import { decideChangeCustomerDetails } from './change-customer-details.decide';
import { customerDecider } from './customer.decider';
import { normalizeEmail } from './customer.rules';
import { ChangeCustomerDetailsCommand, RegisterCustomerCommand } from './customers.commands';
import { decideRegisterCustomer } from './register-customer.decide';

export const EMAIL_SCOPE = 'email';

function duplicateEmail(): DomainError {
  // The message never echoes the address: it is personal data and may belong to someone else.
  return new DomainError('DUPLICATE_EMAIL', 'Another customer is already registered with this email address; sign in as that customer or use another address.', 'conflict');
}

@CommandHandler(RegisterCustomerCommand)
export class RegisterCustomerHandler implements ICommandHandler<RegisterCustomerCommand> {
  constructor(
    private readonly streams: StreamHandler,
    private readonly claims: UniqueClaims,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ input, context, options }: RegisterCustomerCommand) {
    const email = normalizeEmail(input.email);
    if (await this.claims.claim(EMAIL_SCOPE, email, input.customerId)) throw duplicateEmail();
    try {
      return await this.streams.handle(customerDecider, input.customerId, (state) => decideRegisterCustomer(input, state), context, options);
    } catch (error) {
      if (!(await this.store.streamHead(`customer-${input.customerId}`))) await this.claims.release(EMAIL_SCOPE, email, input.customerId);
      throw error;
    }
  }
}

@CommandHandler(ChangeCustomerDetailsCommand)
export class ChangeCustomerDetailsHandler implements ICommandHandler<ChangeCustomerDetailsCommand> {
  constructor(
    private readonly streams: StreamHandler,
    private readonly claims: UniqueClaims,
  ) {}

  async execute({ input, context, options }: ChangeCustomerDetailsCommand) {
    if (context.actor.role === 'customer' && context.actor.subject !== input.customerId) {
      throw new ForbiddenError('A customer may change only their own details');
    }
    const { state } = await this.streams.load(customerDecider, `customer-${input.customerId}`);
    const current = state.status === 'Registered' ? state.email : undefined;
    const next = input.email === undefined ? undefined : normalizeEmail(input.email);
    const moving = Boolean(current && next && next !== current);
    if (moving && (await this.claims.move(EMAIL_SCOPE, current!, next!, input.customerId))) throw duplicateEmail();
    try {
      return await this.streams.handle(customerDecider, input.customerId, (s) => decideChangeCustomerDetails(input, s), context, options);
    } catch (error) {
      if (moving) await this.claims.move(EMAIL_SCOPE, next!, current!, input.customerId);
      throw error;
    }
  }
}

export const customerHandlers = [RegisterCustomerHandler, ChangeCustomerDetailsHandler];
