/**
 * The TypeScript type a JSON schema describes, for the `as const` response schemas the daemon's
 * routes declare (src/api/http/**). The browser types its REST answers from the very schemas
 * fastify serialises them with, so a field renamed on the server fails `npm run typecheck` here
 * instead of showing `undefined` on an agent's screen.
 *
 * Covers what those schemas use: type (one or a list, with 'null'), properties + required,
 * additionalProperties maps, items, enum, const, anyOf, oneOf. Anything else is `unknown`.
 */
type Primitive<T> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? unknown[]
          : T extends 'object'
            ? Record<string, unknown>
            : unknown;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;

type ObjectOf<S> = S extends { properties: infer P }
  ? Flatten<
      { [K in keyof P & string as K extends RequiredKeys<S> ? K : never]: FromSchema<P[K]> } & {
        [K in keyof P & string as K extends RequiredKeys<S> ? never : K]?: FromSchema<P[K]>;
      }
    >
  : S extends { additionalProperties: infer A }
    ? A extends object
      ? Record<string, FromSchema<A>>
      : Record<string, unknown>
    : Record<string, unknown>;

type Typed<S, T> = T extends 'object' ? ObjectOf<S> : T extends 'array' ? (S extends { items: infer I } ? FromSchema<I>[] : unknown[]) : Primitive<T>;

export type FromSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { anyOf: readonly (infer A)[] }
      ? FromSchema<A>
      : S extends { oneOf: readonly (infer A)[] }
        ? FromSchema<A>
        : S extends { type: readonly (infer T)[] }
          ? Typed<S, T>
          : S extends { type: infer T }
            ? Typed<S, T>
            : unknown;
