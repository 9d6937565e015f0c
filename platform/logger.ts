/**
 * Structured logs: one JSON object per line on stderr in production (LOG_FORMAT=json, the default
 * when stderr is not a terminal), a short readable line on a terminal.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

function serialize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code } : typeof v === 'bigint' ? String(v) : v;
  }
  return out;
}

export function createLogger(component = 'commerce', level: Level = (process.env.LOG_LEVEL as Level) || 'info'): Logger {
  const min = ORDER[level] ?? ORDER.info;
  const json = process.env.LOG_FORMAT ? process.env.LOG_FORMAT === 'json' : !process.stderr.isTTY;
  const write = (lvl: Level, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < min) return;
    if (json) {
      process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: lvl, component, msg, ...serialize(fields) }) + '\n');
    } else {
      const extra = Object.keys(fields).length ? ' ' + JSON.stringify(serialize(fields)) : '';
      process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${lvl.toUpperCase().padEnd(5)} [${component}] ${msg}${extra}\n`);
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (c) => createLogger(`${component}:${c}`, level),
  };
}
