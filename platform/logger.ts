import pino from 'pino';

/**
 * Structured logs through pino: one JSON object per line on stderr in production (LOG_FORMAT=json,
 * the default when stderr is not a terminal), a short readable line on a terminal. Lines about a
 * command or an event come from a logger made with `with({ correlationId, causationId })`, so
 * every one of them carries both ids.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger for a part of this component (`component:part`). */
  child(component: string): Logger;
  /** The same component with these fields on every line (correlationId, causationId, …). */
  with(fields: Record<string, unknown>): Logger;
}

function serialize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code } : typeof v === 'bigint' ? String(v) : v;
  }
  return out;
}

/** pino writes JSON; on a terminal each line is turned back into `time LEVEL [component] msg {fields}`. */
function textLine(json: string): string {
  const { time, level, component, msg, ...fields } = JSON.parse(json) as Record<string, unknown>;
  const extra = Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
  return `${String(time).slice(11, 23)} ${String(level).toUpperCase().padEnd(5)} [${String(component)}] ${String(msg)}${extra}\n`;
}

function destination(json: boolean): pino.DestinationStream {
  // Through process.stderr (not a file descriptor of pino's own) so lines stay in order with anything else written there.
  return { write: (line: string) => void process.stderr.write(json ? line : textLine(line)) };
}

let roots: { json: pino.Logger; text: pino.Logger } | undefined;

function root(json: boolean): pino.Logger {
  roots ??= {
    json: pino({ level: 'debug', base: null, messageKey: 'msg', timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination(true)),
    text: pino({ level: 'debug', base: null, messageKey: 'msg', timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination(false)),
  };
  return json ? roots.json : roots.text;
}

function wrap(component: string, level: Level, json: boolean, bindings: Record<string, unknown>): Logger {
  // Every logger is a child of the root, never of another child, so `component` appears once per line.
  const logger = root(json).child({ component, ...bindings }, { level });
  const write = (lvl: Level) => (msg: string, fields?: Record<string, unknown>) => (fields ? logger[lvl](serialize(fields), msg) : logger[lvl](msg));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (c) => wrap(`${component}:${c}`, level, json, bindings),
    with: (fields) => wrap(component, level, json, { ...bindings, ...serialize(fields) }),
  };
}

export function createLogger(component = 'commerce', level: Level = (process.env.LOG_LEVEL as Level) || 'info', format: 'json' | 'text' | undefined = undefined): Logger {
  const chosen = format ?? (process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'text' ? process.env.LOG_FORMAT : undefined);
  const json = chosen ? chosen === 'json' : !process.stderr.isTTY;
  return wrap(component, LEVELS.includes(level) ? level : 'info', json, {});
}
