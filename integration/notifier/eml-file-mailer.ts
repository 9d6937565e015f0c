import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { mailOptions } from './compose-mime';
import type { Mailer } from './mailer.port';
import type { Email } from './messages';

/**
 * The embedded default without SMTP_URL: each message is written as `<outbox>/<event id>.eml`, a
 * complete RFC 5322 message any mail client opens. Written to a temporary name and renamed, so a
 * crash never leaves half a message, and rewriting after a redelivery replaces it with the same bytes.
 */
export class EmlFileMailer implements Mailer {
  private readonly transport: Transporter<StreamTransport.SentMessageInfo>;

  constructor(
    private readonly outbox: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get destination(): string {
    return `${this.outbox}/<id>.eml`;
  }

  static pathOf(outbox: string, emailId: string): string {
    return path.join(outbox, `${emailId}.eml`);
  }

  async send(email: Email): Promise<void> {
    const info = await this.transport.sendMail(mailOptions(email, this.from));
    await mkdir(this.outbox, { recursive: true });
    const target = EmlFileMailer.pathOf(this.outbox, email.id);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, info.message as Buffer);
    await rename(temporary, target);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
