import { EventValidationError } from '../event-schemas/errors';
import { PlaceOrderCommand } from '../contexts/ordering/ordering.commands';
import { DomainError } from '../contexts/shared/domain-error';
import { ConcurrencyConflictError, PreconditionFailedError } from '../contexts/shared/stream-handler';
import { InvalidStreamIdError } from '../platform/event-store/errors';
import { commandOutcome, commandType } from './command-observability';

describe('command metrics labels', () => {
  it.each([
    ['nothing went wrong', undefined, 'accepted'],
    ['a business rule said no', new DomainError('PRODUCT_DISCONTINUED', 'discontinued'), 'rejected'],
    ['a concurrent append won', new ConcurrencyConflictError('order-1', 3), 'conflict'],
    ['If-Match was stale', new PreconditionFailedError('order-1', 2, 3), 'conflict'],
    ['a decided event broke its schema', new EventValidationError('OrderPlaced', 1, [{ path: 'lines', message: 'required' }]), 'invalid'],
    ['a stream id was malformed', new InvalidStreamIdError('', 'must not be empty'), 'invalid'],
    ['a stored event no longer decodes', new EventValidationError('OrderPlaced', 1, [], 'decode'), 'error'],
    ['the database failed', new Error('connection terminated'), 'error'],
  ])('%s: %s', (_why, error, outcome) => {
    expect(commandOutcome(error)).toBe(outcome);
  });

  it('name the command type after its class', () => {
    const command = new PlaceOrderCommand({} as never, { commandId: 'c', actor: { subject: 's', role: 'customer' }, correlationId: 'c', causationId: 'c', now: '2026-01-01T00:00:00Z' });
    expect(commandType(command)).toBe('PlaceOrder');
  });
});
