/** Types of precache.js (plain JS so that the build runs before anything is compiled). */
export function precacheList(files: string[], base: string): string[];
export function shellVersion(entries: { url: string; bytes: Uint8Array }[]): string;
