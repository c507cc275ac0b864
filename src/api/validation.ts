import { Ajv, type Options, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * The request validators. Two Ajv instances because the parts of a request differ:
 *  - bodies are JSON and keep their types: `{"name": 123}` is refused, never stored as "123";
 *  - query strings, path parameters and headers are text and are coerced to the declared
 *    numbers and booleans (`?limit=20`).
 * Every string in every schema is also checked for characters that do not belong in stored
 * text (see textRule) without each route having to remember it.
 */
const BASE: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

/**
 * Free text (notes, descriptions, IVR flow source, passwords) may hold newlines and tabs; mark
 * it in the schema with `'x-free-text': true`. Every other string is a name or identifier.
 */
export const FREE_TEXT = 'x-free-text';

/** NUL and the other C0 controls and DEL, except tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FREE_TEXT_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Any C0/C1 control, DEL, and the bidirectional overrides and isolates that disguise a name. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NAME_BAD = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const TEXT_KEYWORD = 'textRule';

/** What the check says, naming the character (as \uXXXX, since it may be invisible). */
export function textProblem(value: string, free: boolean): string | undefined {
  const m = (free ? FREE_TEXT_BAD : NAME_BAD).exec(value);
  if (!m) return undefined;
  const code = `\\u${(m[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  return free ? `must not contain the control character ${code}` : `must not contain control or bidirectional-override characters (found ${code})`;
}

function addTextRule(ajv: Ajv): void {
  ajv.addKeyword({ keyword: FREE_TEXT, schemaType: 'boolean' });
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    schemaType: 'string',
    errors: true,
    validate: function check(rule: string, data: string) {
      const reason = textProblem(data, rule === 'free');
      if (reason === undefined) return true;
      (check as unknown as Pick<ValidateFunction, 'errors'>).errors = [{ keyword: TEXT_KEYWORD, message: reason, params: {} }] as never;
      return false;
    },
  });
}

function isStringSchema(s: SchemaObject): boolean {
  return s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));
}

/** A copy of the schema where every string schema carries the text rule. */
export function withTextRules(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withTextRules);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(schema as SchemaObject)) {
    // `properties`, `patternProperties`, `definitions` map names to schemas; `enum` / `const`
    // hold data, copied as they are.
    out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : withTextRules(v);
  }
  if (isStringSchema(out) && out[TEXT_KEYWORD] === undefined) out[TEXT_KEYWORD] = out[FREE_TEXT] === true ? 'free' : 'name';
  return out;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...BASE, coerceTypes });
  addFormats(ajv);
  addTextRule(ajv);
  return ajv;
}

/** fastify's validator compiler: the body without coercion, everything else with it. */
export function requestValidatorCompiler(): FastifySchemaCompiler<SchemaObject> {
  const body = makeAjv(false);
  const text = makeAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(withTextRules(schema) as SchemaObject);
}

/**
 * The JSON pointer of the first string (value or key) holding NUL anywhere in a parsed body,
 * schema or not: no database column can store it, whatever the field.
 */
export function findNul(value: unknown, where = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? where || '/' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = `${where}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k.includes('\u0000')) return at;
    const found = findNul(v, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

let jsonBodies: Ajv | undefined;

/** A validator with the same rules as request bodies, for JSON that arrives another way (widget socket frames). */
export function compileBodyValidator(schema: object): ValidateFunction {
  jsonBodies ??= makeAjv(false);
  return jsonBodies.compile(withTextRules(schema) as SchemaObject);
}
