import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../test/browser';
import { commerce, freePort, ROOT, tempDataDir, type RunningCommand } from '../../test/cli-process';
import { request } from '../../test/http';
import { createTestDatabase, type TestDatabase } from '../../test/postgres';

/**
 * The web console in Debian's chromium (playwright-core), against the real `commerce start`
 * (compiled CLI, console built by `npm run build`): sign in with a token, open an order's
 * timeline, browse events, trigger a rebuild and watch it finish. Screenshots of every step go to
 * test-artifacts/console/ (git-ignored).
 */

const chromiumPath = process.env.TEST_CHROMIUM_PATH;
if (!chromiumPath) console.log(`SKIPPED: the web console browser test: ${process.env.TEST_CHROMIUM_SKIPPED ?? 'no browser (run it through jest, whose set-up installs one)'}`);
const describeWithBrowser = chromiumPath ? describe : describe.skip;

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'console');
jest.setTimeout(120_000);

describeWithBrowser('web console (/console) in a real browser', () => {
  const data = tempDataDir('console');
  let db: TestDatabase;
  let server: RunningCommand;
  let base: string;
  let browser: Browser;
  let page: Page;
  const tokens: Record<string, string> = {};
  let orderId: string;

  async function token(subject: string, role: string): Promise<string> {
    const run = commerce(['token', '--sub', subject, '--role', role], { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir });
    expect(await run.exited()).toBe(0);
    return run.output().trim().split('\n').at(-1)!;
  }

  async function api(method: string, route: string, role: keyof typeof tokens, body?: unknown) {
    return request(`${base}${route}`, { method, body, headers: { authorization: `Bearer ${tokens[role]}` } });
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  async function signIn(jwt: string) {
    await page.goto(`${base}/console`);
    await page.getByLabel('Bearer token').fill(jwt);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#who').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    db = await createTestDatabase('console');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = commerce(['start'], { DATABASE_URL: db.url, COMMERCE_DATA_DIR: data.dir, PORT: String(port), PROJECTION_DROP_GRACE_SECONDS: '0' });
    await server.waitFor(/API listening/, 60_000);

    const customerId = randomUUID();
    tokens.admin = await token('console-admin', 'admin');
    tokens.customer = await token(customerId, 'customer');
    tokens.analyst = await token('console-analyst', 'analyst');

    const sku = `CONSOLE-${Date.now().toString(36).toUpperCase()}`;
    const product = { sku, name: 'Console tea', description: 'For the browser test', category: 'tea', price: { amountMinor: 450, currency: 'EUR' } };
    expect((await api('POST', '/products', 'admin', product)).status).toBe(201);
    expect((await api('POST', `/inventory/${sku}/receipts`, 'admin', { quantity: 5 })).status).toBe(200);
    expect((await api('POST', '/customers', 'customer', { email: `${customerId}@example.com`, name: 'Console Customer' })).status).toBe(201);
    const placed = await api('POST', '/orders', 'customer', { customerId, lines: [{ sku, quantity: 2 }], payment: { token: 'tok_visa' } });
    expect(placed.status).toBe(202);
    orderId = placed.body.id;
    // Confirmed, and the timeline holds the confirmation: the process manager and the projector ran.
    await until('the order to be confirmed on its timeline', async () => {
      const t = await api('GET', `/orders/${orderId}/timeline`, 'admin');
      return t.status === 200 && t.body.entries.some((e: { type: string }) => e.type === 'OrderConfirmed') ? t.body : undefined;
    });

    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGINT');
    if (server) await server.exited().catch(() => undefined);
    await db?.drop();
    data.remove();
  });

  it('serves the built page with a strict content security policy', async () => {
    const res = await request(`${base}/console`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(String(res.body)).toMatch(/<script src="\/console\/assets\/console-[A-Z0-9]+\.js"/);
  });

  it('refuses a token that is not a JWT, and one the server does not accept, saying why', async () => {
    await page.goto(`${base}/console`);
    await page.getByLabel('Bearer token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not a JSON Web Token/);

    // Well formed, but signed with another key: the server's 401 is shown.
    const [header, payload] = tokens.admin!.split('.');
    await page.getByLabel('Bearer token').fill(`${header}.${payload}.${Buffer.from('forged-signature').toString('base64url')}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/401 UNAUTHENTICATED/);
    await shot('01-sign-in-refused');
    expect(await page.locator('#who').count()).toBe(0);
  });

  it('signs in with a token and opens an order’s timeline across its streams', async () => {
    await signIn(tokens.admin!);
    await expect(page.locator('#who').textContent()).resolves.toMatch(/console-admin \(admin\)/);
    await page.getByRole('link', { name: 'Order timeline' }).click();
    await page.getByLabel('Order id').fill(orderId);
    await page.getByRole('button', { name: 'Show timeline' }).click();
    await page.locator('#timeline tbody tr').first().waitFor();
    const types = await page.locator('#timeline tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type')));
    expect(types).toEqual(expect.arrayContaining(['OrderPlaced', 'StockReserved', 'PaymentAuthorized', 'OrderConfirmed']));
    expect(types.indexOf('OrderPlaced')).toBeLessThan(types.indexOf('OrderConfirmed'));
    await expect(page.locator('#order-summary').textContent()).resolves.toMatch(/Confirmed/);
    expect(page.url()).toContain(`#/orders/${orderId}`);
    await shot('02-order-timeline');

    // An id that is not an order id: the API's 400 with the field, shown as such.
    await page.getByLabel('Order id').fill('not-an-id');
    await page.getByRole('button', { name: 'Show timeline' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/400 VALIDATION_FAILED.*path\.id/s);
  });

  it('browses events with filters, and shows a bad filter’s field error', async () => {
    await page.goto(`${base}/console#/events?stream=${encodeURIComponent(`order-${orderId}`)}`);
    await page.locator('#events tbody tr').first().waitFor();
    const streams = await page.locator('#events tbody tr td:nth-child(4)').allTextContents();
    expect(streams.length).toBeGreaterThan(0);
    for (const s of streams) expect(s).toContain(`order-${orderId}`);
    await shot('03-event-browser');

    await page.getByLabel('Stream').fill('not a stream');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/400 VALIDATION_FAILED.*query\.stream/s);
  });

  it('triggers a rebuild and watches it finish', async () => {
    const before = (await api('GET', '/projections', 'admin')).body.projections.find((p: { name: string }) => p.name === 'order_summary');
    await page.getByRole('link', { name: 'Projections' }).click();
    const row = page.locator('tr[data-projection="order_summary"]');
    await row.waitFor();
    await expect(row.locator('[data-field="state"]').textContent()).resolves.toMatch(/running/);

    await row.locator('[data-action="rebuild"]').click();
    await row.locator('[data-action="rebuild-confirm"]').click();
    const finished = page.getByText(/Rebuild of order_summary finished: generation \d+ is live/);
    await finished.waitFor({ timeout: 60_000 });
    await shot('04-rebuild-finished');

    const after = (await api('GET', '/projections', 'admin')).body.projections.find((p: { name: string }) => p.name === 'order_summary');
    expect(after.live.generation).toBeGreaterThan(before.live.generation);
    expect(await finished.textContent()).toContain(`generation ${after.live.generation} is live`);
    // The rebuilt read model serves the same order.
    expect((await api('GET', `/orders/${orderId}`, 'admin')).body.status).toBe('Confirmed');
    // And the operator audit log has the console's action, by the signed-in admin, over HTTP.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.locator('#audit-log tbody tr').first().textContent()).resolves.toMatch(/console-admin.*via http.*reset.*order_summary.*succeeded/s);
  });

  it('pauses and resumes a read model', async () => {
    await page.getByRole('link', { name: 'Projections' }).click();
    const row = page.locator('tr[data-projection="sales_by_day"]');
    await row.locator('[data-action="pause"]').click();
    await row.getByText('paused').waitFor();
    await row.locator('[data-action="resume"]').click();
    await row.getByText('running').waitFor();
  });

  it('shows an analyst only the views their role may use', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(tokens.analyst!);
    const nav = await page.getByRole('navigation', { name: 'Views' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Event browser']);
    await page.goto(`${base}/console#/projections`);
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/403 FORBIDDEN/);
    await shot('05-analyst');
  });
});
