import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from '../testing/smtp-sink';
import { EmlFileMailer } from './eml-file-mailer';
import type { Email } from './messages';

describe('EmlFileMailer (the embedded default without SMTP_URL)', () => {
  const outbox = path.join(mkdtempSync(path.join(os.tmpdir(), 'outbox-')), 'outbox');
  const mailer = new EmlFileMailer(outbox, 'Commerce <orders@commerce.localhost>');
  const email: Email = {
    id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    orderId: '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6',
    to: { email: 'ada@example.com', name: 'Ada Lovelace' },
    subject: 'Your order 6d1e3f0a is confirmed',
    text: 'Hello Ada Lovelace,\n\n  2 x TSHIRT-RED-M at 24.99 EUR = 49.98 EUR\n',
    date: new Date('2026-03-14T10:01:00.000Z'),
  };
  afterAll(async () => {
    await mailer.close();
    rmSync(path.dirname(outbox), { recursive: true, force: true });
  });

  it('writes a complete message to <outbox>/<event id>.eml, creating the folder', async () => {
    await mailer.send(email);
    expect(readdirSync(outbox)).toEqual([`${email.id}.eml`]);
    const { headers, body } = parse(readFileSync(EmlFileMailer.pathOf(outbox, email.id), 'utf8'));
    expect(headers).toMatchObject({
      from: 'Commerce <orders@commerce.localhost>',
      to: 'Ada Lovelace <ada@example.com>',
      subject: email.subject,
      'message-id': `<${email.id}@notifier.commerce>`,
      date: 'Sat, 14 Mar 2026 10:01:00 +0000',
    });
    expect(body).toContain('2 x TSHIRT-RED-M at 24.99 EUR');
  });

  it('writes the same bytes again for the same email, so a redelivery leaves one identical file', async () => {
    const first = readFileSync(EmlFileMailer.pathOf(outbox, email.id));
    await mailer.send(email);
    expect(readFileSync(EmlFileMailer.pathOf(outbox, email.id))).toEqual(first);
    expect(readdirSync(outbox)).toEqual([`${email.id}.eml`]);
  });
});
