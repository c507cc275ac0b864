/**
 * Parses one frame of the visitor widget (src/chat/protocol.ts): size, JSON, known type, schema,
 * text length, in that order, each failure with its own code and nothing done.
 */
import type { ValidateFunction } from 'ajv';
import { CHAT_LIMITS, isVisitorFrameType, VISITOR_FRAME_SCHEMAS, type ErrorFrame, type VisitorFrame, type VisitorFrameType } from '../../chat/protocol.js';
import { compileBodyValidator } from '../validation.js';

let validators: Record<VisitorFrameType, ValidateFunction> | undefined;

function validatorsOf(): Record<VisitorFrameType, ValidateFunction> {
  validators ??= Object.fromEntries(Object.entries(VISITOR_FRAME_SCHEMAS).map(([type, schema]) => [type, compileBodyValidator(schema)])) as Record<VisitorFrameType, ValidateFunction>;
  return validators;
}

function clientIdOf(data: Record<string, unknown>): { clientId?: string } {
  return typeof data.clientId === 'string' && data.clientId.length <= CHAT_LIMITS.maxClientIdLength ? { clientId: data.clientId } : {};
}

export function parseVisitorFrame(raw: Buffer | string): VisitorFrame | ErrorFrame {
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (bytes > CHAT_LIMITS.maxFrameBytes) return { type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', message: `A frame holds at most ${CHAT_LIMITS.maxFrameBytes} bytes` };
  let data: unknown;
  try {
    data = JSON.parse(raw.toString());
  } catch {
    return { type: 'error', code: 'BAD_JSON', message: 'The frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { type: 'error', code: 'CHAT_UNKNOWN_MESSAGE', message: 'A frame must be a JSON object with a type', where: '/type' };
  const msg = data as Record<string, unknown>;
  if (!isVisitorFrameType(msg.type)) return { type: 'error', code: 'CHAT_UNKNOWN_MESSAGE', message: `Unknown message type ${JSON.stringify(msg.type ?? null)}`, where: '/type' };
  if (msg.type === 'message' && typeof msg.text === 'string' && msg.text.length > CHAT_LIMITS.maxTextLength) {
    return { type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', message: `A message holds at most ${CHAT_LIMITS.maxTextLength} characters`, where: '/text', ...clientIdOf(msg) };
  }
  if (msg.type === 'typing' && typeof msg.draft === 'string' && msg.draft.length > CHAT_LIMITS.maxDraftLength) {
    return { type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', message: `A typing draft holds at most ${CHAT_LIMITS.maxDraftLength} characters`, where: '/draft' };
  }
  const validate = validatorsOf()[msg.type];
  if (!validate(msg)) {
    const first = validate.errors?.[0];
    const where = first?.instancePath || '/';
    return { type: 'error', code: 'VALIDATION_FAILED', message: `${where}: ${first?.message ?? 'is not valid'}`, where, ...clientIdOf(msg) };
  }
  return msg as unknown as VisitorFrame;
}
