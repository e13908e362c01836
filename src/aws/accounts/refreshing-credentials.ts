/** Temporary credentials as the SDK's providers return them. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Renew this long before the credentials expire. The SDK clients renew 5 minutes ahead of expiry;
 * ahead of theirs, so a call never leaves with credentials about to lapse in flight.
 */
export const REFRESH_BEFORE_EXPIRY_MS = 10 * 60 * 1000;

/**
 * One account's assumed-role credentials, shared by every client of that account (EC2, SSM, STS in
 * each region): one AssumeRole serves them all, concurrent callers share the call in flight, and
 * the credentials are renewed before they expire. A failed fetch is not kept (the next call asks
 * again); `invalidate()` drops credentials AWS has declared expired before their time.
 */
export class RefreshingCredentials {
  private current?: Promise<TemporaryCredentials>;
  private settled?: TemporaryCredentials;
  /** When the current fetch started: credentials fetched after a call began are not what it was refused with. */
  private fetchedAt = 0;

  constructor(
    private readonly fetch: () => Promise<TemporaryCredentials>,
    private readonly now: () => number = Date.now,
    private readonly refreshBeforeMs: number = REFRESH_BEFORE_EXPIRY_MS,
  ) {}

  get(): Promise<TemporaryCredentials> {
    if (this.current && (!this.settled || !this.dueForRefresh(this.settled))) return this.current;
    const attempt = this.fetch().then(
      (creds) => {
        if (this.current === attempt) this.settled = creds;
        return creds;
      },
      (err: unknown) => {
        if (this.current === attempt) this.current = this.settled = undefined;
        throw err;
      },
    );
    this.current = attempt;
    this.settled = undefined;
    this.fetchedAt = this.now();
    return attempt;
  }

  /**
   * Forget the credentials (AWS answered that they expired): the next call assumes the role again.
   * `usedSince` is when the refused call started: credentials fetched after it are kept, so many
   * calls refused at once renew the session once.
   */
  invalidate(usedSince = Infinity): void {
    if (this.current && this.fetchedAt > usedSince) return;
    this.current = this.settled = undefined;
  }

  private dueForRefresh(creds: TemporaryCredentials): boolean {
    return creds.expiration !== undefined && creds.expiration.getTime() - this.now() <= this.refreshBeforeMs;
  }
}
