export default async function globalTeardown(): Promise<void> {
  const child = globalThis.__TEST_POSTGRES__;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
  });
}
