// The events the cycle's functions accept, one place: the state machine's Payloads and the S3 event.
import { z } from 'zod';
import { WAIT_KINDS } from '../../domain/ports/storage.js';

export const siteId = z.string().regex(/^[0-9]{1,20}$/);
export const workMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const waitKind = z.enum(WAIT_KINDS);

export const monthIds = z.object({ siteId, workMonth, importId: z.string().min(1).max(64) });

export const importEvent = monthIds.extend({
  bucket: z.string().min(1),
  key: z.string().min(1),
  versionId: z.string().min(1),
});

export const planWaitEvent = monthIds.extend({ waitKind });

export const awaitEvent = monthIds.extend({
  waitKind,
  taskToken: z.string().min(1),
  notice: z.enum(['request', 'reminder', 'overdue']),
  timeoutSeconds: z.number().int().positive(),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export const notifyEvent = z.object({
  notice: z.enum(['file-refused', 'rejected', 'charged', 'cycle-failed', 'file-missing', 'no-work']),
  siteId,
  workMonth,
  importId: z.string().optional(),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** EventBridge "Object Created" from the inbox bucket. */
export const objectCreatedEvent = z.object({
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), 'version-id': z.string().default('null') }),
  }),
});

/** EventBridge Scheduler invocation (time is the scheduled time, or omitted). */
export const sweepEvent = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .passthrough();
