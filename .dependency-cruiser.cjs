/**
 * The allowed dependency direction (see README "Architecture"):
 *   event-schemas <- platform <- contexts <- write-api
 *   event-schemas <- platform <- projections <- read-api
 *   cli may import everything; nothing imports cli, bench, scripts or test helpers' callers.
 * `npm test` runs this check and fails on any violation.
 */
const layer = (name) => `^${name}/`;
module.exports = {
  forbidden: [
    { name: 'event-schemas-is-the-bottom', severity: 'error', comment: 'event-schemas imports nothing from the project',
      from: { path: layer('event-schemas') }, to: { path: '^(platform|contexts|projections|read-api|write-api|integration|cli)/' } },
    { name: 'platform-is-shared-runtime', severity: 'error', comment: 'platform may use event-schemas only',
      from: { path: layer('platform') }, to: { path: '^(contexts|projections|read-api|write-api|integration|cli)/' } },
    { name: 'contexts-are-write-side', severity: 'error', comment: 'contexts never import the read side or the services',
      from: { path: layer('contexts') }, to: { path: '^(projections|read-api|write-api|cli)/' } },
    { name: 'contexts-are-independent', severity: 'error', comment: 'a bounded context never imports another one',
      from: { path: '^contexts/([^/]+)/' }, to: { path: '^contexts/([^/]+)/', pathNot: ['^contexts/$1/', '^contexts/shared/'] } },
    { name: 'projections-never-import-contexts', severity: 'error',
      from: { path: layer('projections') }, to: { path: '^(contexts|write-api|read-api|cli)/' } },
    { name: 'write-api-is-write-side', severity: 'error',
      from: { path: layer('write-api') }, to: { path: '^(projections|read-api|cli)/' } },
    { name: 'integration-is-downstream', severity: 'error', comment: 'the relay and the notifier use events and platform only',
      from: { path: layer('integration') }, to: { path: '^(contexts|projections|read-api|write-api|cli)/' } },
    { name: 'read-api-is-read-side', severity: 'error',
      from: { path: layer('read-api') }, to: { path: '^(contexts|write-api|cli)/' } },
    { name: 'production-code-never-imports-tests', severity: 'error',
      from: { path: '^(event-schemas|platform|contexts|projections|read-api|write-api|integration|cli)/', pathNot: '\\.spec\\.ts$|/contract/|/testing/' },
      to: { path: '(^test/|\\.spec\\.ts$)' } },
    { name: 'console-is-a-browser-app', severity: 'error', comment: 'the web console talks to the server over HTTP only: it imports no server code, and no server code imports it',
      from: { path: '^read-api/console/app/' }, to: { path: '^(?!read-api/console/app/)(event-schemas|platform|contexts|projections|read-api|write-api|integration|cli|test)/' } },
    { name: 'server-never-imports-the-console-app', severity: 'error',
      from: { path: '^(event-schemas|platform|contexts|projections|read-api|write-api|integration|cli)/', pathNot: '^read-api/console/app/|\\.spec\\.ts$' }, to: { path: '^read-api/console/app/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.data|node_modules|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
