import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The browser the console test drives: Debian's chromium, installed here by the test set-up when
 * it is missing (apt-get as root, or through passwordless sudo), never downloaded by a test tool.
 * CHROMIUM_PATH points at another Chromium. Where none can be installed the answer says why, and
 * the browser test is skipped with that message.
 */
export type BrowserAvailability = { executablePath: string } | { skipped: string };

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const PACKAGES = ['chromium', 'chromium-driver'];

/** Flags for a headless Chromium on a machine with a closed network (no background fetches). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

export function ensureChromium(log: (line: string) => void = () => undefined): BrowserAvailability {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted) return existsSync(wanted) ? { executablePath: wanted } : { skipped: `CHROMIUM_PATH=${wanted} does not exist` };
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM };
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return { skipped: `no ${DEBIAN_CHROMIUM} and no apt-get to install Debian's chromium; set CHROMIUM_PATH to a Chromium` };
  const root = process.getuid?.() === 0;
  if (!root && !(existsSync('/usr/bin/sudo') && run('sudo', ['-n', 'true']).ok))
    return { skipped: `no ${DEBIAN_CHROMIUM}, and installing it needs root: run \`sudo apt-get install ${PACKAGES.join(' ')}\` or set CHROMIUM_PATH` };
  const apt = (args: string[]) => (root ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]));
  log(`installing Debian's ${PACKAGES.join(' and ')} for the console's browser test (apt-get, once per machine)…`);
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES];
  let result = apt(install);
  if (!result.ok) {
    apt(['update', '-qq']);
    result = apt(install);
  }
  if (!result.ok || !existsSync(DEBIAN_CHROMIUM)) return { skipped: `apt-get could not install ${PACKAGES.join(' ')}: ${result.output.trim().split('\n').slice(-3).join(' | ')}` };
  log(`installed ${DEBIAN_CHROMIUM}`);
  return { executablePath: DEBIAN_CHROMIUM };
}
