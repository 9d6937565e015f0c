import { z } from 'zod';
import { cursorParam, limitParam } from '../http/query-params';

/** Request and response shapes of the operator routes, for validation and the OpenAPI document. */

const position = z.string().describe('A 32-character event position');
const state = z.enum(['running', 'paused', 'stopped']);

export const nameParam = z.strictObject({ name: z.string().min(1).max(100).describe('Projection (read model) name, e.g. order_summary') });
export const deadLetterParams = nameParam.extend({ id: z.string().max(40).describe('Dead letter id, as listed by GET /projections/{name}/dead-letters') });
export const resetBody = z
  .strictObject({ toPosition: z.string().optional().describe('Rewind the live generation’s checkpoint to this position; absent: rebuild from the first event beside the live one') })
  .optional();
export const deadLetterQuery = z.strictObject({ status: z.enum(['pending', 'retried', 'skipped']).optional().describe('Only dead letters with this status') });
export const auditQuery = z.strictObject({ projection: z.string().max(200).optional().describe('Only actions on this projection'), cursor: cursorParam, limit: limitParam });

export const deadLetterView = z.object({
  id: z.int(), projection: z.string(), generation: z.int(), position, eventId: z.string(), eventType: z.string(), streamId: z.string(),
  error: z.string(), attempts: z.int(), status: z.enum(['pending', 'retried', 'skipped']), createdAt: z.string(),
  resolvedAt: z.string().nullable(), resolvedBy: z.string().nullable().describe('Who retried or skipped it (policy:skip when PROJECTION_ON_ERROR=skip did)'),
});

export const operatorResultView = z.object({
  projection: z.string(),
  action: z.enum(['pause', 'resume', 'reset', 'retry', 'skip']),
  message: z.string().describe('What happened, in a sentence'),
  generations: z.array(z.object({ generation: z.int(), phase: z.enum(['building', 'live']), state, position })).describe('The live (and building) generations after the action'),
  deadLetters: z.array(deadLetterView).optional().describe('The dead letters a retry or skip resolved'),
  reset: z.union([z.object({ generation: z.int(), from: position, to: position }), z.object({ rebuild: z.int() })]).optional(),
});

export const auditEntryView = z.object({
  id: z.int(),
  at: z.string(),
  actor: z.object({ subject: z.string(), role: z.string().nullable(), via: z.enum(['cli', 'http']) }),
  action: z.enum(['pause', 'resume', 'reset', 'retry', 'skip']),
  projection: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  outcome: z.enum(['succeeded', 'refused', 'failed']),
  detail: z.record(z.string(), z.unknown()).describe('The result when it succeeded; { code, message } otherwise'),
});
