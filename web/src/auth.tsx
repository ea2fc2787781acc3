import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { navigate } from './router.tsx';
import { setUnauthorizedHandler } from './services/http.ts';
import { signOut as endSession, fetchMe } from './services/session.ts';
import type { Me } from './types.ts';

interface AuthState {
  /** undefined while the first /api/me is in flight. */
  me: Me | null | undefined;
  /** The session ended under us (401 on a call); the login page says so. */
  expired: boolean;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState>({
  me: undefined,
  expired: false,
  signedIn: () => {},
  signOut: async () => {},
});

export function loginPath(): string {
  const here = window.location.pathname + window.location.search;
  return here.startsWith('/login') || here.startsWith('/setup') || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    let alive = true;
    fetchMe()
      .then((m) => alive && setMe(m))
      // Not signed in, or the server is unreachable: either way the login page comes next,
      // and it shows its own error if the server is down.
      .catch(() => alive && setMe(null));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe((prev) => {
        if (prev) setExpired(true);
        return null;
      });
      if (!window.location.pathname.startsWith('/login') && !window.location.pathname.startsWith('/setup')) {
        navigate(loginPath(), { replace: true });
      }
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const signedIn = useCallback((m: Me) => {
    setExpired(false);
    setMe(m);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await endSession();
    } catch {
      // Signed out either way: the cookie is gone or was already invalid.
    }
    setExpired(false);
    setMe(null);
    navigate('/login', { replace: true });
  }, []);

  const value = useMemo(() => ({ me, expired, signedIn, signOut }), [me, expired, signedIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}

/** The signed-in user; only call below a route that requires a session. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe() outside a signed-in route');
  return me;
}
