/** The lease that makes one daemon the active one (active-lease.ts); PostgreSQL's in src/store/postgres-lease.ts. */
export interface LeasePort {
  /** Takes the lease when nobody holds it: true when this daemon now holds it. */
  tryAcquire(): Promise<boolean>;
  /** True while this daemon still holds it; false or a rejection once it does not. */
  stillHeld(): Promise<boolean>;
  /** Told when the lease's hold ended without asking (its connection dropped). */
  onLost(listener: (reason: string) => void): void;
  /** Gives the lease up (shutdown); a standby that holds nothing resolves at once. */
  release(): Promise<void>;
}
