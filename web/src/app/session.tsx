import type { Me, Role, User } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { getMe, logout, updateMe } from '../features/auth/auth.api';
import { isLocale, setLocale } from '../i18n/i18n';
import { isApiError, onSessionEnded, setCsrfToken } from '../lib/api';
import { createFormatter, type Formatter } from '../lib/format';
import { PageSpinner } from '../ui';

/** The session is the `['me']` query: a Me when signed in, null when not. */
export const meQueryKey = ['me'] as const;

const expiredKey = 'vigil.session-expired';
/** Set by sign-out, so the redirect to /login does not offer to come back to the page just left. */
let signedOutOnPurpose = false;

const lastMeKey = 'vigil.last-me';

/**
 * Who was signed in on this device last (user and teams, never the CSRF token), so the installed app
 * opens offline; the server decides again as soon as the connection is back (react-query refetches /me).
 */
function rememberMe(me: Me | null): void {
  try {
    if (me) localStorage.setItem(lastMeKey, JSON.stringify({ user: me.user, teams: me.teams }));
    else localStorage.removeItem(lastMeKey);
  } catch {
    // Storage unavailable (private mode): the app then needs the network to open.
  }
}

function rememberedMe(): Me | null {
  try {
    const raw = localStorage.getItem(lastMeKey);
    return raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

/** GET /me, applying what the app needs before it renders: CSRF token and the user's language. Offline, the last user seen here. */
export async function fetchSession(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await getMe(signal);
    signedOutOnPurpose = false;
    setCsrfToken(me.csrfToken);
    rememberMe(me);
    if (isLocale(me.user.locale)) await setLocale(me.user.locale);
    return me;
  } catch (err) {
    if (isApiError(err, 'unauthenticated')) {
      setCsrfToken(undefined);
      rememberMe(null);
      return null;
    }
    const offline = isApiError(err, 'network_error') ? rememberedMe() : null;
    if (offline) return offline;
    throw err;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: meQueryKey, queryFn: ({ signal }) => fetchSession(signal), staleTime: 60_000, refetchOnWindowFocus: true, retry: 1 });
}

/** When any request answers 401 while signed in, the session is over: drop it and show the sign-in page with a notice. */
export function watchSessionEnd(queryClient: QueryClient): () => void {
  return onSessionEnded(() => {
    const current = queryClient.getQueryData<Me | null>(meQueryKey);
    if (!current) return;
    sessionStorage.setItem(expiredKey, '1');
    setCsrfToken(undefined);
    rememberMe(null);
    queryClient.setQueryData(meQueryKey, null);
  });
}

/** True after a session expired, until the sign-in page has shown it (clearSessionExpired). */
export function sessionExpired(): boolean {
  return sessionStorage.getItem(expiredKey) === '1';
}

export function clearSessionExpired(): void {
  sessionStorage.removeItem(expiredKey);
}

export type Session = {
  me: Me;
  user: User;
  role: Role;
  /** Formats dates and numbers in the user's language and time zone. */
  format: Formatter;
  hasRole: (...roles: Role[]) => boolean;
};

const SessionContext = createContext<Session | null>(null);

/** The signed-in user; only inside the shell (RequireSession). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is only available inside RequireSession');
  return session;
}

/** Renders its children for a signed-in user; otherwise sends them to /login?next=<here>. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const location = useLocation();
  const data = me.data;
  const session = useMemo<Session | null>(
    () =>
      data
        ? {
            me: data,
            user: data.user,
            role: data.user.role,
            format: createFormatter({ locale: data.user.locale, timeZone: data.user.timeZone }),
            hasRole: (...roles) => roles.includes(data.user.role),
          }
        : null,
    [data],
  );
  if (me.isPending) return <PageSpinner />;
  if (me.isError) throw me.error;
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' || signedOutOnPurpose ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** A `next` parameter is followed only to a path of this app (never `//host` or `https://`). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Ends the session on the server and in the app, then shows the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await logout();
      } catch (err) {
        // Already signed out on the server: the local sign-out below is all that is left to do.
        if (!isApiError(err, 'unauthenticated')) throw err;
      }
    },
    onSuccess: () => {
      // RequireSession sees the empty session and shows the sign-in page.
      signedOutOnPurpose = true;
      setCsrfToken(undefined);
      rememberMe(null);
      queryClient.setQueryData(meQueryKey, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    },
  });
}

/** Saves language, time zone or name through PATCH /me and applies it at once. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: async (user) => {
      if (isLocale(user.locale)) await setLocale(user.locale);
      queryClient.setQueryData<Me | null>(meQueryKey, (old) => (old ? { ...old, user } : old));
    },
  });
}
