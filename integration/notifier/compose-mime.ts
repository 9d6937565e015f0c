import type Mail from 'nodemailer/lib/mailer';
import type { Email } from './messages';

/**
 * The nodemailer message for an email. Everything that varies is pinned (Message-ID from the
 * event id, Date from the event), so rendering the same event twice gives the same bytes and a
 * resent message is recognisably the one sent before.
 */
export function mailOptions(email: Email, from: string): Mail.Options {
  return {
    from,
    to: { name: email.to.name, address: email.to.email },
    subject: email.subject,
    text: email.text,
    date: email.date,
    messageId: `<${email.id}@notifier.commerce>`,
    headers: { 'X-Commerce-Event-Id': email.id, 'X-Commerce-Order-Id': email.orderId },
  };
}
