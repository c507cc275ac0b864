import type {} from 'fastify';
import type { Permission } from '../accounts/permissions.js';
import type { Principal } from '../accounts/principal.js';

/**
 * Every route declares who may call it in its `config`; the server refuses to start with a route
 * that declares nothing (fail closed), and test/unit/api/route-auth.test.ts walks every route.
 *
 *   config: { access: 'public' }            deliberately public (health, login, visitor widget)
 *   config: { access: 'authenticated' }     any logged-in user (own profile, logout)
 *   config: { permission: 'config.edit' }   logged in and holding that permission
 */
export type RouteAccess =
  | { access: 'public'; permission?: never }
  | { access: 'authenticated'; permission?: never }
  | { access?: never; permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: 'public' | 'authenticated';
    permission?: Permission;
    /** Also open to a wall display's read-only wallboard token (accounts/wallboard-tokens.ts). */
    wallboard?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}
