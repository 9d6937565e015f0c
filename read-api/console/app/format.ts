/** Display helpers shared by the views. */

const ZERO = '0'.repeat(32);

/**
 * A 32-character position token as two decimal numbers (Postgres: transaction and sequence;
 * KurrentDB: commit and prepare), easier to read and compare by eye than the hex token.
 */
export function shortPosition(token: string | null | undefined): string {
  if (!token) return '–';
  if (token === ZERO) return 'start';
  if (!/^[0-9a-f]{32}$/.test(token)) return token;
  return `${BigInt(`0x${token.slice(0, 16)}`)}:${BigInt(`0x${token.slice(16)}`)}`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-US');
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** An ISO instant as `YYYY-MM-DD HH:MM:SS.mmm` UTC: auditors compare times across rows. */
export function instant(iso: string | null | undefined): string {
  if (!iso) return '–';
  return iso.replace('T', ' ').replace('Z', ' UTC');
}

export function money(total: { amountMinor: number; currency: string } | null | undefined): string {
  if (!total) return '–';
  return `${(total.amountMinor / 100).toFixed(2)} ${total.currency}`;
}

/** The first block of a UUID, enough to tell rows apart; the whole id goes in the title. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-/.test(id) ? id.slice(0, 8) : id;
}
