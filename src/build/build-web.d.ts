export function buildWeb(root: string, options?: { ifStale?: boolean; log?: (line: string) => void }): Promise<boolean>;
