/** What the CLI touches of the outside world, so commands are testable without a process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** All of stdin as text (for --password-stdin). */
  readStdin(): Promise<string>;
}

export const processIo: CliIo = {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** The password given on stdin: one line, without its line ending. */
export function passwordFromStdin(text: string): string {
  return text.replace(/\r?\n$/, '');
}
