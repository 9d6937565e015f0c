import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from './api';
import { ErrorBox, Notice } from './components';
import { duration } from './format';
import { useRoute } from './router';
import { loadSession, may, parseToken, saveSession, type Session } from './session';
import { AuditLogView } from './views/audit-log';
import { EventBrowserView } from './views/event-browser';
import { OrderTimelineView } from './views/order-timeline';
import { ProjectionsView } from './views/projections';
import './styles.css';

function SignIn({ onSignedIn, reason }: { onSignedIn: (s: Session) => void; reason: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    let session: Session;
    try {
      session = parseToken(token);
    } catch (err) {
      setError(err);
      return;
    }
    // The server decides whether the token is good: a route every role may call, where only 401 means no.
    setChecking(true);
    try {
      await call(session.token, 'GET', '/products/search?limit=1');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 0)) {
        setError(err);
        setChecking(false);
        return;
      }
    }
    setChecking(false);
    onSignedIn(session);
  };

  return (
    <main class="sign-in">
      <h1>Commerce console</h1>
      {reason ? <Notice>{reason}</Notice> : null}
      <form onSubmit={(e) => void submit(e)}>
        <label for="token">Bearer token</label>
        <textarea id="token" name="token" rows={5} spellcheck={false} autocomplete="off" value={token} onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={checking || !token.trim()}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <ErrorBox error={error} />
      <p class="hint">
        Paste a JSON Web Token with an operator, auditor, analyst or admin role. On the embedded default, <code>commerce token --sub &lt;your-name&gt; --role admin</code>{' '}
        prints one. The token stays in this tab only and is sent to this server only.
      </p>
    </main>
  );
}

const VIEWS = [
  { path: 'projections', label: 'Projections', roles: ['operator', 'admin'] },
  { path: 'orders', label: 'Order timeline', roles: ['auditor', 'admin'] },
  { path: 'events', label: 'Event browser', roles: ['analyst', 'auditor', 'admin'] },
  { path: 'audit-log', label: 'Audit log', roles: ['operator', 'auditor', 'admin'] },
] as const;

function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);
  const route = useRoute();

  const signOut = (reason: string | null) => {
    saveSession(null);
    setSession(null);
    setSignedOutReason(reason);
  };

  useEffect(() => {
    const onUnauthorized = (e: Event) => signOut(`Signed out: the server no longer accepts the token (${(e as CustomEvent<string | undefined>).detail ?? '401'}).`);
    window.addEventListener('console:unauthorized', onUnauthorized);
    return () => window.removeEventListener('console:unauthorized', onUnauthorized);
  }, []);

  if (!session)
    return (
      <SignIn
        reason={signedOutReason}
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
          setSignedOutReason(null);
        }}
      />
    );

  const allowed = VIEWS.filter((v) => may(session, ...v.roles));
  const view = route.path[0] ?? allowed[0]?.path ?? 'projections';
  const expiresIn = session.expiresAt === null ? null : session.expiresAt - Date.now() / 1000;

  return (
    <>
      <header class="top">
        <h1>Commerce console</h1>
        <nav aria-label="Views">
          {allowed.map((v) => (
            <a key={v.path} href={`#/${v.path}`} aria-current={view === v.path ? 'page' : undefined}>
              {v.label}
            </a>
          ))}
        </nav>
        <div class="who" id="who">
          {session.subject} ({session.role}){expiresIn !== null ? ` · token expires in ${duration(expiresIn)}` : ''}{' '}
          <button type="button" class="link" onClick={() => signOut(null)}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        {allowed.length === 0 ? (
          <ErrorBox error={new Error(`The console is for operators, auditors, analysts and admins; this token’s role is ${session.role}.`)} />
        ) : view === 'projections' ? (
          <ProjectionsView session={session} />
        ) : view === 'orders' ? (
          <OrderTimelineView key={route.path[1] ?? ''} session={session} orderId={route.path[1] ?? null} />
        ) : view === 'events' ? (
          <EventBrowserView key={route.params.toString()} session={session} params={route.params} />
        ) : view === 'audit-log' ? (
          <AuditLogView session={session} />
        ) : (
          <ErrorBox error={new Error(`There is no view called “${view}”.`)} />
        )}
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading…" placeholder
render(<App />, root);
