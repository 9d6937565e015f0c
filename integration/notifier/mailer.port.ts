import type { Email } from './messages';

/** Where customer emails go: an SMTP server in production, .eml files on the embedded default. */
export interface Mailer {
  /** Resolves once the message is accepted (by the SMTP server, or written to disk). */
  send(email: Email): Promise<void>;
  /** For logs: where messages go, without credentials. */
  readonly destination: string;
  close(): Promise<void>;
}

/** A message the receiving side refused for good (an SMTP 5xx): sending it again cannot help. */
export class PermanentDeliveryError extends Error {
  readonly code = 'PERMANENT_DELIVERY_FAILURE';
  constructor(
    readonly emailId: string,
    reason: string,
  ) {
    super(`Email ${emailId} was refused for good: ${reason}`);
    this.name = 'PermanentDeliveryError';
  }
}
