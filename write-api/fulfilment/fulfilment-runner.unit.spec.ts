import { deadlineTriggerId } from './fulfilment-runner';

describe('deadlineTriggerId', () => {
  it('differs between orders whose deadlines fall on the same instant, so their fulfilment events never share ids', () => {
    const at = '2026-11-21T11:18:58.801Z';
    expect(deadlineTriggerId('order-a', 'payment', at)).not.toBe(deadlineTriggerId('order-b', 'payment', at));
    expect(deadlineTriggerId('order-a', 'payment', at)).toBe(deadlineTriggerId('order-a', 'payment', at));
    expect(deadlineTriggerId('order-a', 'payment', at)).not.toBe(deadlineTriggerId('order-a', 'reservations', at));
  });
});
