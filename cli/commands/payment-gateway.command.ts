import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startGatewaySimulator } from '../../platform/payment-gateway/grpc-gateway.server';
import { runUntilSignal } from '../lifecycle';

export function registerPaymentGatewayCommand(program: Command): void {
  program
    .command('payment-gateway')
    .description('run the gRPC payment gateway simulator (tok_decline… declines, tok_timeout… never answers but authorizes, tok_timeout_noauth… never answers)')
    .option('--host <host>', 'interface to bind (0.0.0.0 in a container)', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '50051')
    .action(async (options: { host: string; port: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(options.port)}`);
      const log = createLogger('payment-gateway', loadConfig().logLevel);
      const simulator = await startGatewaySimulator({ host: options.host, port, log });
      log.info(`payment gateway simulator listening on ${simulator.url}`);
      return runUntilSignal(log, () => simulator.stop());
    });
}
