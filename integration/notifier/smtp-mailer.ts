import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { mailOptions } from './compose-mime';
import { PermanentDeliveryError, type Mailer } from './mailer.port';
import type { Email } from './messages';

/**
 * Sends through SMTP_URL (smtp:// with STARTTLS when offered, or smtps://). Timeouts are short
 * and bounded, so one send always ends well before another notifier instance may take over a
 * claim it left behind (see DeliveryLog).
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  readonly destination: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    const url = new URL(smtpUrl);
    this.destination = `${url.protocol}//${url.host}`;
  }

  async send(email: Email): Promise<void> {
    try {
      await this.transport.sendMail(mailOptions(email, this.from));
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentDeliveryError(email.id, `${code} ${(error as Error).message}`);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
