import type { Queryable } from '../database/database';
import { randomSecret } from '../crypto/random-secret';
import type { SecretBox } from '../crypto/secret-box';

const twelveHours = 12 * 60 * 60;

/**
 * Console/browser sessions (the `j_spring_security_check` login). Only a lookup hash of the session
 * id is stored, so a copy of the database does not yield usable sessions.
 */
export class SessionRepository {
  constructor(
    private readonly db: Queryable,
    private readonly box: SecretBox,
  ) {}

  /**
   * Starts a session and returns its id (32 random bytes, base64url).
   * @param ttlSeconds lifetime, > 0. @default 43200 (12 hours)
   */
  async create(userId: number, ttlSeconds: number = twelveHours): Promise<string> {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new RangeError('ttlSeconds must be a positive number');
    const sessionId = randomSecret();
    // Expired rows are swept here so the table stays small without a background job.
    await this.db.query('DELETE FROM sessions WHERE expires_at <= now()');
    await this.db.query(
      `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + $3::double precision * interval '1 second')`,
      [this.box.lookupHash(sessionId), userId, ttlSeconds],
    );
    return sessionId;
  }

  /** The user of a live session, else `undefined` (unknown or expired). */
  async userOf(sessionId: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ user_id: number }>(
      'SELECT user_id FROM sessions WHERE id_hash = $1 AND expires_at > now()',
      [this.box.lookupHash(sessionId)],
    );
    return row?.user_id;
  }
}
