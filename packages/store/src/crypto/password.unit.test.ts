import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('salts scrypt hashes, records the parameters, and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('s3cret'), hashPassword('s3cret')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(await verifyPassword('s3cret', a)).toBe(true);
    expect(await verifyPassword('s3cret ', a)).toBe(false);
    expect(await verifyPassword('s3cret', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('s3cret', 'scrypt$x$y$z$salt$hash')).toBe(false);
  });
});
