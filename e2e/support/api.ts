import { inject } from 'vitest';
import type { Credentials } from './browser.js';

export type ApiSession = {
  get: <T = unknown>(path: string) => Promise<T>;
  post: <T = unknown>(path: string, body?: unknown) => Promise<T>;
  patch: <T = unknown>(path: string, body?: unknown) => Promise<T>;
};

/**
 * Arranges data through the public API as a signed-in user (session cookie + CSRF token), the way the
 * web app does; for test setup only, the journeys themselves go through the browser.
 */
export async function apiSession(who: Credentials): Promise<ApiSession> {
  const base = `${inject('server').baseUrl}/api/v1`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (!login.ok) throw new Error(`sign-in of ${who.email} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
  };
}

let counter = 0;

/** A new user with the given role, created by the admin; its own user so a test's changes (language…) stay its own. */
export async function createUser(role: 'admin' | 'manager' | 'agent' | 'reporter' | 'auditor', opts: { name?: string; locale?: 'en' | 'de'; timeZone?: string } = {}): Promise<Credentials & { id: string; name: string }> {
  const admin = await apiSession(inject('server').admin);
  counter += 1;
  const email = `${role}.${process.pid}.${Date.now().toString(36)}.${counter}@e2e.example`;
  const password = `pw-${role}-${counter}-e2e-2026`;
  const name = opts.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} Tester ${counter}`;
  const user = await admin.post<{ id: string }>('/users', { email, name, role, password, locale: opts.locale ?? 'en', timeZone: opts.timeZone ?? 'Europe/Berlin' });
  return { id: user.id, email, password, name };
}
