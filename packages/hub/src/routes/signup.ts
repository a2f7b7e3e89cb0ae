import { Router, type Request } from 'express';
import { z } from 'zod';
import { ConflictError, ForbiddenError, UnauthorizedError } from '@junction/core';
import { StoreConflictError, type Store } from '@junction/store';

const SignupBody = z.object({
  email: z.email().max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  company: z.string().trim().min(1).max(200).optional(),
});

const SESSION_COOKIE = 'JSESSIONID';

/** Signup (`POST /elements/api-v2/signup`) and the Cloud Elements session pair churros uses. */
export function signupRoutes(store: Store, signupEnabled: boolean): Router {
  const router = Router();

  router.post('/elements/api-v2/signup', async (req, res) => {
    if (!signupEnabled) throw new ForbiddenError('Signup is disabled on this server (JUNCTION_SIGNUP=off)');
    const body = SignupBody.parse(req.body ?? {});
    const organization = await store.organizations.create({ name: body.company ?? `${body.firstName} ${body.lastName}` });
    try {
      const { user, userSecret, organizationSecret } = await store.users.create({
        organizationId: organization.id,
        email: body.email,
        password: body.password,
        firstName: body.firstName,
        lastName: body.lastName,
      });
      res.json({
        user: { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, createdDate: user.createdDate },
        organization: { id: organization.id, name: organization.name },
        userSecret,
        organizationSecret,
      });
    } catch (error) {
      if (error instanceof StoreConflictError) throw new ConflictError(`A user with email '${body.email}' already exists`);
      throw error;
    }
  });

  router.post('/elements/j_spring_security_check', async (req, res) => {
    const username = typeof req.body?.j_username === 'string' ? req.body.j_username : '';
    const password = typeof req.body?.j_password === 'string' ? req.body.j_password : '';
    const user = username && password ? await store.users.verifyPassword(username, password) : undefined;
    if (!user) throw new UnauthorizedError('Invalid username or password');
    const session = await store.sessions.create(user.id);
    res.cookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', path: '/elements' });
    res.json({ status: 'authenticated' });
  });

  router.get('/elements/api-v1/ui/getSecrets', async (req, res) => {
    const session = readCookie(req, SESSION_COOKIE);
    const userId = session ? await store.sessions.userOf(session) : undefined;
    if (!userId) throw new UnauthorizedError('No valid session; log in at /elements/j_spring_security_check');
    const secrets = await store.users.secretsOf(userId);
    res.json({ user: secrets.userSecret, company: secrets.organizationSecret });
  });

  return router;
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
