import type { FastifySchema, RouteOptions } from 'fastify';
import type { Permission } from '../accounts/permissions.js';
import { PERMISSIONS } from '../accounts/permissions.js';

/** One registered route as the auth test and the OpenAPI document see it. */
export interface CatalogueEntry {
  method: string;
  url: string;
  access: 'public' | 'authenticated' | 'permission';
  permission?: Permission;
  schema?: FastifySchema;
  websocket: boolean;
}

/**
 * Collected by the server's onRoute hook. Throws (and so stops the server from starting) when a
 * route declares no access or an unknown permission: a forgotten declaration must never mean
 * "open to everybody".
 */
export class RouteCatalogue {
  readonly entries: CatalogueEntry[] = [];
  private readonly websocketUrls = new Set<string>();

  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as { access?: unknown; permission?: unknown };
    const where = `${methods.join(',')} ${route.url}`;
    let entry: Omit<CatalogueEntry, 'method'>;
    const websocket = (route as { websocket?: boolean }).websocket === true;
    if (config.permission !== undefined) {
      if (config.access !== undefined) throw new Error(`Route ${where} declares both access and permission`);
      if (!(PERMISSIONS as readonly unknown[]).includes(config.permission)) {
        throw new Error(`Route ${where} names an unknown permission ${String(config.permission)}`);
      }
      entry = { url: route.url, access: 'permission', permission: config.permission as Permission, websocket };
    } else if (config.access === 'public' || config.access === 'authenticated') {
      entry = { url: route.url, access: config.access, websocket };
    } else {
      throw new Error(`Route ${where} declares no access in its config (fail closed): add { access } or { permission }`);
    }
    if (route.schema) entry.schema = route.schema;
    for (const method of methods) this.entries.push({ ...entry, method: String(method).toUpperCase() });
    if (websocket) this.websocketUrls.add(route.url);
  }

  isWebsocket(url: string | undefined): boolean {
    return url !== undefined && this.websocketUrls.has(url);
  }
}
