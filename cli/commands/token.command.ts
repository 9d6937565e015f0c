import type { Command } from 'commander';
import { isRole, ROLES } from '../../platform/auth/principal';
import { TokenService } from '../../platform/auth/token-service';
import { loadConfig } from '../../platform/config';

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a development bearer token signed with this data directory’s secret (or JWT_SECRET)')
    .requiredOption('--sub <id>', 'subject: a customer id for the customer role, any name for staff')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--ttl <seconds>', 'lifetime in seconds', '43200')
    .action(async (options: { sub: string; role: string; ttl: string }) => {
      if (!isRole(options.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(options.role)}`);
      const ttl = Number(options.ttl);
      if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`--ttl must be a positive number of seconds, got ${JSON.stringify(options.ttl)}`);
      const config = loadConfig();
      if (config.jwtJwksUrl) throw new Error('JWT_JWKS_URL is set: tokens come from your identity provider, not from this command');
      const tokens = await TokenService.create({ dataDir: config.dataDir, jwtSecret: config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience });
      process.stdout.write(`${await tokens.issue({ subject: options.sub, role: options.role }, ttl)}\n`);
    });
}
