import path from 'node:path';
import { loadConfig } from '../platform/config';
import type { Runtime } from '../platform/runtime';
import { createMailer, KafkaNotConfiguredError, startRelay } from './integration-services';
import { EmlFileMailer } from './notifier/eml-file-mailer';
import { SmtpMailer } from './notifier/smtp-mailer';

describe('Wiring the integration roles', () => {
  it('sends through SMTP_URL when it is set, and never shows its credentials', async () => {
    const mailer = createMailer(loadConfig({ SMTP_URL: 'smtp://notifier:s3cret@mail.example.com:587' }));
    expect(mailer).toBeInstanceOf(SmtpMailer);
    expect(mailer.destination).toBe('smtp://mail.example.com:587');
    await mailer.close();
  });

  it('writes .eml files to <data dir>/outbox without SMTP_URL', async () => {
    const mailer = createMailer(loadConfig({ COMMERCE_DATA_DIR: '/srv/commerce' }));
    expect(mailer).toBeInstanceOf(EmlFileMailer);
    expect(mailer.destination).toBe(`${path.resolve('/srv/commerce/outbox')}/<id>.eml`);
    await mailer.close();
  });

  it('refuses to start the relay without KAFKA_BROKERS, saying what to run instead', async () => {
    const runtime = { config: loadConfig({}) } as Runtime;
    await expect(startRelay(runtime)).rejects.toThrow(KafkaNotConfiguredError);
    await expect(startRelay(runtime)).rejects.toThrow(/set KAFKA_BROKERS \(e\.g\. localhost:9092\).*run commerce notifier, or commerce start/);
  });
});
