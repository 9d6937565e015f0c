import { Public } from '../auth/auth.guard';
import { Controller, Get, HttpCode, Inject, Module, ServiceUnavailableException, type DynamicModule } from '@nestjs/common';

/** One thing a role needs to serve traffic: the database, the event store, a projection... */
export interface ReadinessCheck {
  name: string;
  /** Resolves with optional detail when ready; throws (with a helpful message) when not. */
  check(): Promise<Record<string, unknown> | void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
const CHECK_TIMEOUT_MS = 2000;

async function run(check: ReadinessCheck): Promise<{ name: string; ok: boolean; detail?: unknown; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, ok: true, ...(detail ? { detail } : {}) };
  } catch (error) {
    return { name: check.name, ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Controller('health')
@Public()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  /** Liveness: the process answers. Never depends on other systems, so a database outage does not restart pods. */
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: every check passes; 503 lists what is not ready and why. */
  @Get('ready')
  async ready() {
    const results = await Promise.all(this.checks.map(run));
    const body = { status: results.every((r) => r.ok) ? 'ready' : 'not_ready', checks: results };
    if (body.status !== 'ready') throw new ServiceUnavailableException(body);
    return body;
  }
}

@Module({})
export class HealthModule {
  static register(checks: ReadinessCheck[]): DynamicModule {
    return { module: HealthModule, controllers: [HealthController], providers: [{ provide: READINESS_CHECKS, useValue: checks }] };
  }
}
