import { DomainCommand } from '../shared/domain-command';
import type { AuthorizePayment } from './authorize-payment.decide';
import type { CapturePayment } from './capture-payment.decide';
import type { RefundPayment } from './refund-payment.decide';
import type { VoidAuthorization } from './void-authorization.decide';

export class AuthorizePaymentCommand extends DomainCommand<AuthorizePayment> {}
export class CapturePaymentCommand extends DomainCommand<CapturePayment> {}
export class VoidAuthorizationCommand extends DomainCommand<VoidAuthorization> {}
export class RefundPaymentCommand extends DomainCommand<RefundPayment> {}
