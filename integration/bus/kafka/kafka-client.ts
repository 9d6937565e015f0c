import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../../../platform/logger';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' };

/** A kafkajs client whose own logs go through the platform logger (one JSON line each). */
export function createKafka(settings: KafkaSettings, log: Logger): Kafka {
  const kafkaLog = log.child('kafkajs');
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
        kafkaLog[LEVELS[level] ?? 'info'](message, { namespace, ...fields });
      },
  });
}
