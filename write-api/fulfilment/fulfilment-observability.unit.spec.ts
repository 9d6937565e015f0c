import { stepName, timeoutName } from './fulfilment-observability';

describe('process-manager metric labels', () => {
  it('name steps in kebab case after their intent', () => {
    expect(['ReserveStock', 'AuthorizePayment', 'ConfirmOrder', 'VoidAuthorization'].map(stepName)).toEqual(['reserve-stock', 'authorize-payment', 'confirm-order', 'void-authorization']);
  });

  it('name the deadlines as the alert rules do', () => {
    expect([timeoutName('payment'), timeoutName('reservations')]).toEqual(['payment-deadline', 'reservation-expiry']);
  });
});
