import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RequestMethod, SetMetadata, type INestApplication, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { isPublic, rolesOf } from '../auth/auth.guard';

/** What a route documents beyond what Nest already knows (path, method, status, roles). */
export interface OperationDoc {
  summary: string;
  description?: string;
  tags?: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: { schema: z.ZodType; description: string };
  /** Request headers the route reads, e.g. Idempotency-Key, If-Match, X-Min-Position. */
  headers?: { name: string; description: string }[];
  /** Error statuses the route can answer, with when. */
  errors?: Record<number, string>;
}

const DOC_KEY = 'commerce:openapi';
export const ApiDoc = (doc: OperationDoc) => SetMetadata(DOC_KEY, doc);

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const problem = {
  type: 'object',
  required: ['status', 'code', 'message'],
  properties: {
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable, machine-readable error code' },
    message: { type: 'string', description: 'What was wrong and what to do' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
    requestId: { type: 'string' },
  },
};

function schemaOf(schema: z.ZodType): object {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function joinPath(...parts: string[]): string {
  const joined = '/' + parts.map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/');
  return joined.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parameters(doc: OperationDoc): object[] {
  const out: object[] = [];
  for (const [where, schema] of [['path', doc.params], ['query', doc.query]] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const f = field as z.ZodType;
      out.push({ name, in: where, required: where === 'path' || !f.safeParse(undefined).success, description: f.description, schema: schemaOf(f) });
    }
  }
  for (const h of doc.headers ?? []) out.push({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } });
  return out;
}

/** Builds the OpenAPI 3.1 document from the controllers' routes and their ApiDoc metadata. */
export function buildOpenApi(info: { title: string; version: string; description: string }, controllers: Type[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const controller of controllers) {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string) ?? '';
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const doc = Reflect.getMetadata(DOC_KEY, handler) as OperationDoc | undefined;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (!doc || !method) continue;
      const route = joinPath(base, (Reflect.getMetadata(PATH_METADATA, handler) as string) ?? '');
      const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
      const roles = rolesOf(handler) ?? rolesOf(controller);
      const open = isPublic(handler) || isPublic(controller);
      const responses: Record<string, object> = {
        [status]: { description: doc.response?.description ?? 'OK', ...(doc.response ? { content: { 'application/json': { schema: schemaOf(doc.response.schema) } } } : {}) },
      };
      const auth: Record<number, string> = open ? {} : { 401: 'No valid bearer token', 403: 'The token’s role may not do this' };
      const errors: Record<number, string> = { ...auth, ...doc.errors };
      for (const [code, why] of Object.entries(errors)) responses[code] = { description: why, content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } };
      paths[route] ??= {};
      paths[route]![method] = {
        operationId: `${controller.name.replace(/Controller$/, '')}_${name}`,
        summary: doc.summary,
        description: [doc.description, roles && !open ? `Roles: ${roles.join(', ')}.` : undefined].filter(Boolean).join('\n\n'),
        tags: doc.tags ?? [controller.name.replace(/Controller$/, '')],
        parameters: parameters(doc),
        ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(doc.body) } } } } : {}),
        responses,
        ...(open ? { security: [] } : {}),
      };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: { Problem: problem }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
  };
}

/** Serves the document at /openapi.json and a Swagger UI at /docs, from files shipped in npm (no CDN). */
export function serveOpenApi(app: INestApplication, document: object, title: string): void {
  const fastify = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: unknown, reply: { type(t: string): { send(b: unknown): void } }) => void): void;
  };
  const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const files: Record<string, [string, string]> = {
    'swagger-ui.css': ['text/css', 'swagger-ui.css'],
    'swagger-ui-bundle.js': ['application/javascript', 'swagger-ui-bundle.js'],
    'swagger-ui-standalone-preset.js': ['application/javascript', 'swagger-ui-standalone-preset.js'],
  };
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script></body></html>`;
  fastify.get('/openapi.json', (_req, reply) => reply.type('application/json').send(document));
  fastify.get('/docs', (_req, reply) => reply.type('text/html').send(html));
  for (const [name, [type, file]] of Object.entries(files)) {
    const body = readFileSync(path.join(assets, file));
    fastify.get(`/docs/${name}`, (_req, reply) => reply.type(type).send(body));
  }
}
