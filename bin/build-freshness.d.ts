export const SOURCE_ROOTS: string[];
export const SOURCE_FILES: string[];
export const STAMP: string;
export function isStale(stampMtimeMs: number | undefined, sourceMtimesMs: number[]): boolean;
export function distIsStale(root?: string): boolean;
